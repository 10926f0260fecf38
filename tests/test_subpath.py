"""A site published under a path (a GitHub Pages project site, https://owner.github.io/repo/): every address it
gives, in pages, feeds, sitemaps, search and redirect files, is under /repo/; its files stay where they are in public/.

The browser's crawl of such a site, served at /repo/ by nginx, is in test_subpath_browser.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from kabar.cli import main
from kabar.errors import BuildError
from kabar.subpath import base_path, prefixed_html

from . import pictures
from .conftest import article, run_build

BASE = "https://owner.github.io/repo/"
BANJIR = "/2024/03/05/banjir-rendam-bekasi/"
GEMPA = "/2024/03/06/gempa-guncang-garut/"
# A body with the links authors write: root-relative ones (as Jekyll's need {{ site.baseurl }}), a relative one,
# another site's.
GEMPA_BODY = (
    f"Lihat [banjir]({BANJIR}) dan [Nasional](/kategori/nasional/).\n\n![Peta gempa](/images/peta.png)\n\n"
    "Juga [di kategori](../../../../kategori/daerah/), [BMKG](https://bmkg.go.id/) dan [atas](#top).\n\n"
    '<p><a href="/tag/gempa/">Tag gempa</a></p>\n\n'
    '    <a href="/kode/">kode</a>\n'
)


def project_site(base_url: str = BASE) -> dict[str, str | bytes]:
    return {
        "kabar.yml": f"title: Kabar Proyek\nbase_url: {base_url}\n",
        "content/images/banjir.jpg": pictures.photo(1600, 900),
        "content/images/peta.png": pictures.photo(400, 300, kind="PNG"),
        "content/2024/banjir.md": article(
            title="Banjir Rendam Bekasi",
            image="/images/banjir.jpg",
            image_alt="Banjir di Bekasi",
            tags="[banjir]",
            author="Ayu Santoso",
            aliases="[/lama/banjir/, '/?p=12']",
        ),
        "content/2024/gempa.md": article(
            title="Gempa Guncang Garut", date="2024-03-06 10:00", category="Daerah", tags="[gempa]", body=GEMPA_BODY
        ),
        "pages/redaksi.md": "---\ntitle: Redaksi\nsummary: Susunan redaksi.\n---\nKembali ke [beranda](/).\n",
    }


@pytest.fixture
def site(make_site) -> Path:
    root = make_site(project_site())
    summary = run_build(root, strict=True)  # kabar check --strict refused a base_url with a path
    assert summary.warnings == []
    return root


def read(root: Path, url: str) -> str:
    path = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
    return (root / "public" / path).read_text(encoding="utf-8")


class _Addresses(HTMLParser):
    """Every address an HTML page gives in a tag: (tag, attribute, address), a srcset's each."""

    ATTRIBUTES = ("href", "src", "action", "poster", "srcset", "content")

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        for name, value in attrs:
            if value is None or name not in self.ATTRIBUTES:
                continue
            if name == "srcset":
                self.found += [(tag, name, candidate.split()[0]) for candidate in value.split(", ")]
            elif name == "content":
                if given.get("http-equiv") == "refresh":
                    self.found.append((tag, name, value.partition("url=")[2]))
                elif given.get("property", "").endswith((":url", ":image")) or given.get("name", "").endswith("image"):
                    self.found.append((tag, name, value))
            else:
                self.found.append((tag, name, value))


def addresses(page: str) -> list[tuple[str, str, str]]:
    parser = _Addresses()
    parser.feed(page)
    return parser.found


def test_every_address_of_every_page_is_under_the_sites_path_and_leads_to_a_file_of_it(site):
    """The theme's links, stylesheets, scripts, icons and forms, the pictures' srcsets, canonical and Open Graph
    addresses, pagination, category bar, 404 page, redirect pages, search page: on the host, under /repo/."""
    public = site / "public"
    pages = sorted(public.rglob("*.html"))
    assert len(pages) > 15
    outside, missing = [], []
    for path in pages:
        at = "/repo/" + path.relative_to(public).as_posix()
        for tag, name, address in addresses(path.read_text(encoding="utf-8")):
            absolute = urljoin("https://owner.github.io" + at, address)
            parts = urlsplit(absolute)
            if parts.netloc != "owner.github.io":
                continue
            if not parts.path.startswith("/repo/"):
                outside.append((at, tag, name, address))
                continue
            inside = parts.path.removeprefix("/repo/")
            target = public / inside / "index.html" if inside.endswith("/") or not inside else public / inside
            if not target.is_file() and inside != "kode/":  # /kode/ is written in a code block, as text
                missing.append((at, address))
    assert outside == []
    assert missing == []


def test_a_markdown_root_relative_link_and_image_lead_under_the_path(site):
    page = read(site, GEMPA)
    assert f'<a href="/repo{BANJIR}">banjir</a>' in page
    assert '<a href="/repo/kategori/nasional/">Nasional</a>' in page
    assert re.search(r'<img [^>]*src="/repo/images/peta[^"]*"', page)
    assert '<a href="../../../../kategori/daerah/">' in page  # relative: right as it is
    assert '<a href="https://bmkg.go.id/">BMKG</a>' in page and '<a href="#top">atas</a>' in page
    assert '<a href="/repo/tag/gempa/">Tag gempa</a>' in page  # the author's own HTML
    assert "&lt;a href=&quot;/kode/&quot;&gt;" in page or '&lt;a href="/kode/"&gt;' in page  # code: shown as written
    banjir = read(site, BANJIR)
    srcsets = re.findall(r'srcset="([^"]*)"', banjir)
    assert srcsets and all(c.split()[0].startswith("/repo/gambar/") for s in srcsets for c in s.split(", "))
    assert f'<link rel="canonical" href="https://owner.github.io/repo{BANJIR}">' in banjir
    assert f'<meta property="og:url" content="https://owner.github.io/repo{BANJIR}">' in banjir
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', banjir, re.S)[1])
    story = next(node for node in jsonld["@graph"] if node["@type"] == "NewsArticle")
    assert story["mainEntityOfPage"]["@id"] == f"https://owner.github.io/repo{BANJIR}"
    assert all(image["url"].startswith(f"{BASE}gambar/") for image in story["image"])


def test_the_files_stay_where_they_are_in_public(site):
    public = site / "public"
    assert (public / BANJIR.strip("/") / "index.html").is_file()
    assert (public / "css" / "kabar.css").is_file() and (public / "index.html").is_file()
    assert not (public / "repo").exists()


def test_feeds_give_the_sites_addresses_under_its_path(site):
    import feedparser

    rss = feedparser.parse(read(site, "/feed.xml"))
    assert rss.bozo == 0
    assert rss.feed.link == BASE
    assert [link.href for link in rss.feed.links if link.rel == "self"] == [f"{BASE}feed.xml"]
    entries = {entry.title: entry for entry in rss.entries}
    assert entries["Banjir Rendam Bekasi"].link == f"https://owner.github.io/repo{BANJIR}"
    assert all(m["url"].startswith(f"{BASE}gambar/") for m in entries["Banjir Rendam Bekasi"].media_content)
    content = entries["Gempa Guncang Garut"].content[0].value
    assert f'href="https://owner.github.io/repo{BANJIR}"' in content
    assert f'src="{BASE}images/peta.png"' in content or re.search(rf'src="{BASE}images/peta[^"]*"', content)
    assert f'href="{BASE}kategori/daerah/"' in content  # ../../../../kategori/daerah/, from the story's page
    category = feedparser.parse(read(site, "/kategori/daerah/feed.xml"))
    assert category.feed.link == f"{BASE}kategori/daerah/"
    feed = json.loads(read(site, "/feed.json"))
    assert feed["home_page_url"] == BASE and feed["feed_url"] == f"{BASE}feed.json"
    assert {item["url"] for item in feed["items"]} == {f"https://owner.github.io/repo{u}" for u in (BANJIR, GEMPA)}
    assert all(item["image"].startswith(f"{BASE}gambar/") for item in feed["items"] if "image" in item)


def test_sitemaps_and_robots_txt_give_the_sites_path(site):
    sitemap = read(site, "/sitemap.xml")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert f"https://owner.github.io/repo{BANJIR}" in locations and BASE in locations
    assert all(location.startswith(BASE) for location in locations)
    assert read(site, "/robots.txt").splitlines() == [
        "User-agent: *",
        "Allow: /repo/",
        "",
        f"Sitemap: {BASE}sitemap.xml",
    ]


def test_the_search_page_loads_its_bundles_from_under_the_path(site):
    page = read(site, "/cari/")
    assert re.search(r'data-bundles="/repo/pagefind/2024/ /repo/pagefind/halaman/"', page)
    assert '<form class="search-box search-page-box" action="/repo/cari/"' in page
    assert '<script src="/repo/js/cari.js" defer></script>' in page
    assert (site / "public" / "pagefind" / "2024" / "pagefind.js").is_file()


def test_old_addresses_lead_under_the_path_in_pages_and_redirect_files(site):
    page = read(site, "/lama/banjir/")
    assert f'<meta http-equiv="refresh" content="0; url=/repo{BANJIR}">' in page
    assert f'<a href="/repo{BANJIR}">' in page
    assert f'<link rel="canonical" href="https://owner.github.io/repo{BANJIR}">' in page
    rules = read(site, "/_redirects").splitlines()[1:]
    assert rules == [f"/repo/ p=12 /repo{BANJIR} 301", f"/repo/index.php p=12 /repo{BANJIR} 301",
                     f"/repo/lama/banjir/ /repo{BANJIR} 301"]  # fmt: skip
    nginx = read(site, "/kabar-redirects.nginx.map")
    assert f'"/repo/lama/banjir/" "/repo{BANJIR}";' in nginx and f'"/repo/?p=12" "/repo{BANJIR}";' in nginx
    assert "kabar_redirect_owner_github_io" in nginx
    assert json.loads(read(site, "/kabar-redirects.json")) == [  # for alamat-lama.js, at /repo/?p=12 on GitHub Pages
        ["/repo/", [["p", "12"]], f"/repo{BANJIR}"],
        ["/repo/index.php", [["p", "12"]], f"/repo{BANJIR}"],
    ]


def test_a_sites_own_template_with_root_relative_links_is_under_the_path_too(make_site):
    files = project_site()
    files["templates/404.html"] = (
        '{% extends "default/404.html" %}{% block content %}<a href="/">Beranda</a> '
        "<a href='/kategori/daerah/'>Daerah</a> <img src=/images/peta.png alt=\"\" style=\"background: url('/images/"
        "peta.png')\"><style>.x { background: url(/images/peta.png) }</style>{% endblock %}"
    )
    root = make_site(files)
    run_build(root)
    page = read(root, "/404.html")
    assert '<a href="/repo/">Beranda</a>' in page and "<a href='/repo/kategori/daerah/'>Daerah</a>" in page
    assert '<img src=/repo/images/peta.png alt="" style="background: url(\'/repo/images/peta.png\')">' in page
    assert ".x { background: url(/repo/images/peta.png) }" in page
    assert '<link rel="stylesheet" href="/repo/css/kabar.css">' in page


def test_a_broken_root_relative_link_is_still_reported_and_one_written_with_the_path_is_named(make_site):
    files = project_site()
    files["content/2024/putus.md"] = article(
        title="Tautan Putus", date="2024-03-07 08:00", body=f"[Ini](/2024/03/05/tidak-ada/) dan [itu](/repo{BANJIR})."
    )
    root = make_site(files)
    with pytest.raises(BuildError) as raised:
        run_build(root, strict=True)
    messages = sorted(problem.message for problem in raised.value.problems)
    assert messages == [
        "links to /2024/03/05/tidak-ada/, which is not a page of the site",
        f"links to /repo{BANJIR}, which is /repo/repo{BANJIR} on the site: write {BANJIR} (kabar adds /repo)",
    ]


def test_kabar_check_strict_takes_a_base_url_with_a_path(make_site, monkeypatch, capsys):
    root = make_site(project_site("https://example.org/berita"))
    monkeypatch.chdir(root)
    assert main(["check", "--strict"]) == 0
    assert main(["build", "-q", "--strict", "--base-url", "https://pemilik.github.io/kabar/"]) == 0
    assert '<a href="/kabar/kategori/daerah/"' in read(root, "/")
    capsys.readouterr()


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("https://x.example/a//b", "has an empty, '.' or '..' part in its path: write it as https://host/a/b"),
        ("https://x.example/a/../b", "has an empty, '.' or '..' part in its path: write it as https://host/a/b"),
        ('https://x.example/a"b', "has a character its path cannot have on the site's pages (a quote, <, >, &, a "),
    ],
)
def test_a_base_url_path_that_pages_cannot_give_is_a_problem(make_site, base_url, message):
    root = make_site({"kabar.yml": f"base_url: '{base_url}'\n", "content/a.md": article()})
    with pytest.raises(BuildError) as raised:
        run_build(root)
    [problem] = raised.value.problems
    assert problem.message.startswith(f"base_url: {base_url!r} {message}")


@pytest.mark.parametrize(
    ("base_url", "path"),
    [
        ("https://owner.github.io/repo", "/repo"),
        ("https://owner.github.io/repo/", "/repo"),
        ("https://example.org/berita/lokal/", "/berita/lokal"),
        ("https://berita.example", ""),
        ("https://berita.example/", ""),
    ],
)
def test_base_path_is_the_path_without_its_last_slash(base_url, path):
    assert base_path(base_url) == path


def test_the_rewrite_prefixes_addresses_in_tags_only():
    page = (
        '<a href="/x/">x</a><img src="/a.jpg" srcset="/a-480.jpg 480w, /a,b.jpg 800w, /c.jpg, //cdn/d.jpg 2x">'
        '<pre><code>&lt;a href="/x"&gt;</code></pre><p>href="/teks/"</p><a title=\'href="/y"\' href=/z>z</a>'
        '<a href="//other.example/">o</a><a href="/\\other.example">o</a><a href="https://a.example/">a</a>'
        '<a href="#top">t</a><a href="relatif/">r</a><meta http-equiv="refresh" content="0; url=/baru/">'
        '<meta name="description" content="/ bukan alamat">'
    )
    assert prefixed_html(page, "/repo") == (
        '<a href="/repo/x/">x</a><img src="/repo/a.jpg" srcset="/repo/a-480.jpg 480w, /repo/a,b.jpg 800w, '
        '/repo/c.jpg, //cdn/d.jpg 2x"><pre><code>&lt;a href="/x"&gt;</code></pre><p>href="/teks/"</p>'
        "<a title='href=\"/y\"' href=/repo/z>z</a>"
        '<a href="//other.example/">o</a><a href="/\\other.example">o</a><a href="https://a.example/">a</a>'
        '<a href="#top">t</a><a href="relatif/">r</a><meta http-equiv="refresh" content="0; url=/repo/baru/">'
        '<meta name="description" content="/ bukan alamat">'
    )


def test_the_rewrite_takes_time_in_proportion_to_a_page_of_unclosed_tags():
    """A body's raw HTML is an imported site's: 50,000 unclosed <style> and style="url( tags (a pattern that searched
    from each for its end took minutes) are rewritten in a subprocess given a minute."""
    code = (
        "from kabar.subpath import prefixed_html\n"
        "page = '<p style=\"url(/a' * 50000 + '<style>' * 50000 + '<a href=\"/x\">' + '<style x' * 50000\n"
        "assert '/repo/x' in prefixed_html(page, '/repo')\n"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, check=True)


@pytest.mark.parametrize("style", ["<style>a { background: url(/a.png) }</style>", "<STYLE>@import '/b.css';</STYLE>"])
def test_a_style_block_is_under_the_path_and_text_beside_it_is_not(style):
    page = f"<p>url(/teks)</p>{style}<p>İ url(/teks)</p>"
    expected = style.replace("(/a.png)", "(/repo/a.png)").replace("'/b.css'", "'/repo/b.css'")
    assert prefixed_html(page, "/repo") == f"<p>url(/teks)</p>{expected}<p>İ url(/teks)</p>"


def test_a_site_without_a_path_renders_no_differently(make_site):
    """Built once at https://owner.github.io and once at https://owner.github.io/repo/, the pages differ only by
    /repo: every page of the first is the second's with the path taken out (the golden tests hold the rest)."""
    at_root = make_site(project_site("https://owner.github.io"), name="root")
    under = make_site(project_site(), name="under")
    run_build(at_root)
    run_build(under)
    for path in sorted((at_root / "public").rglob("*.html")):
        relative = path.relative_to(at_root / "public")
        other = (under / "public" / relative).read_text(encoding="utf-8")
        assert path.read_text(encoding="utf-8") == other.replace("/repo/", "/").replace("/repo", ""), relative


# kabar serve previews the site at its path


@pytest.fixture
def preview(make_site, tmp_path) -> Iterator[str]:
    from kabar.pipeline import Options
    from kabar.serve import Preview, _Handler, _Server

    root = make_site(project_site())
    server = _Server(("127.0.0.1", 0), _Handler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    options = Options(root=root, output=tmp_path / "preview", drafts=True, future=True, base_url=url + "/repo")
    server.preview = Preview(options, out=lambda *args, **kwargs: None)
    server.preview.rebuild([])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.preview.close()
        server.shutdown()
        server.server_close()


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str) -> tuple[int, str, str]:
    """(status, Location, body) of URL, redirects not followed."""
    opener = urllib.request.build_opener(_Stay)
    try:
        with opener.open(url) as answer:
            return answer.status, answer.headers.get("Location", ""), answer.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location", ""), answer.read().decode()


def test_kabar_serve_previews_the_site_at_its_path(preview):
    status, _, page = fetch(f"{preview}/repo/")
    assert status == 200 and f'href="/repo{BANJIR}"' in page and "/__kabar/reload" in page
    assert fetch(f"{preview}/repo{BANJIR}")[0] == 200
    assert fetch(f"{preview}/repo/css/kabar.css")[0] == 200
    assert fetch(f"{preview}/")[:2] == (302, "/repo/")
    assert fetch(f"{preview}/repo")[:2] == (302, "/repo/")
    assert fetch(f"{preview}/repo/2024")[:2] == (301, "/repo/2024/")
    status, _, page = fetch(f"{preview}{BANJIR}")  # outside the path: as the host would, the site's 404 page
    assert status == 404 and 'href="/repo/css/kabar.css"' in page
    assert fetch(f"{preview}/__kabar/reload.js")[0] == 200  # the reload script's worker, at the server's root
