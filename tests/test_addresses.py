"""Addresses that never break: permalinks move every URL, old addresses lead to the article, feeds keep old guids."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kabar.cli import main
from kabar.errors import BuildError
from kabar.models import Redirect
from kabar.redirect_files import netlify_redirects

from . import nginx
from .conftest import article, read, run_build, write_files
from .test_incremental import big_site, clean_build, tree

SETTINGS = "title: Kabar Uji\nbase_url: https://uji.example\nsearch: false\n"
PERMALINKS = "permalinks:\n  article: /:category/:slug/\n  category: /rubrik/:slug/\n  tag: /topik/:slug/\n"
BANJIR = article(
    title="Banjir Rendam Bekasi",
    author="Ayu Santoso",
    tags="[banjir]",
    aliases="[/lama/banjir-bekasi/, /berita.html, /berita.php, '/?p=123', '/index.php?amp']",
    redirect_from="/2019/banjir",
    guid="http://lama.example/?p=123",
)
GEMPA = article(
    title="Gempa Guncang Cianjur", date="2024-03-06 10:00", body="Lihat [banjir](/nasional/banjir-rendam-bekasi/)."
)
NEW_URL = "/nasional/banjir-rendam-bekasi/"
REDAKSI = "---\ntitle: Redaksi\naliases: ['/?page_id=7']\n---\nSusunan redaksi.\n"


@pytest.fixture
def moved_site(make_site) -> Path:
    root = make_site(
        {
            "kabar.yml": SETTINGS + PERMALINKS,
            "content/2024/banjir.md": BANJIR,
            "content/2024/gempa.md": GEMPA,
            "pages/redaksi.md": REDAKSI,
        }
    )
    run_build(root)
    return root


def test_permalinks_move_every_url_link_feed_sitemap_and_structured_data(moved_site):
    public = moved_site / "public"
    page = read(moved_site, NEW_URL)
    assert '<link rel="canonical" href="https://uji.example/nasional/banjir-rendam-bekasi/">' in page
    assert (
        'href="/rubrik/nasional/"' in page
        and 'href="/topik/banjir/"' in page
        and 'href="/penulis/ayu-santoso/"' in page
    )
    assert 'href="/2024/03/05/"' in page  # the day link still leads to a day archive, which stays where it was
    assert (public / "2024/03/05/index.html").is_file() and not (public / "2024/03/05/banjir-rendam-bekasi").exists()
    assert (public / "rubrik/nasional/index.html").is_file() and (public / "rubrik/nasional/feed.xml").is_file()
    assert (public / "topik/banjir/index.html").is_file() and not (public / "kategori").exists()
    assert "https://uji.example/nasional/banjir-rendam-bekasi/" in read(moved_site, "/rubrik/nasional/feed.xml")
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])
    assert jsonld["@graph"][0]["url"] == "https://uji.example/nasional/banjir-rendam-bekasi/"
    assert jsonld["@graph"][1]["itemListElement"][1]["item"] == "https://uji.example/rubrik/nasional/"
    sitemap = read(moved_site, "/sitemap.xml")
    assert "<loc>https://uji.example/nasional/gempa-guncang-cianjur/</loc>" in sitemap
    assert 'href="/nasional/banjir-rendam-bekasi/"' in read(moved_site, "/nasional/gempa-guncang-cianjur/")  # related


def test_each_old_address_gets_a_page_that_leads_to_the_article_and_is_in_no_listing(moved_site):
    public = moved_site / "public"
    for path in ("lama/banjir-bekasi/index.html", "berita.html", "2019/banjir/index.html"):
        page = (public / path).read_text(encoding="utf-8")
        target = "https://uji.example/nasional/banjir-rendam-bekasi/"
        assert '<html lang="id">' in page and "<title>Banjir Rendam Bekasi</title>" in page
        # The reader is led by the path, on any host (a preview too); search engines get the address on base_url.
        assert '<meta http-equiv="refresh" content="0; url=/nasional/banjir-rendam-bekasi/">' in page
        assert f'<link rel="canonical" href="{target}">' in page
        assert '<a href="/nasional/banjir-rendam-bekasi/">' in page
        assert '<meta name="robots" content="noindex">' in page
    # A query string cannot be a file, and hosts would serve /berita.php as a download: only the redirect files
    assert not (public / "index.html?p=123").exists() and not (public / "berita.php").exists()
    for listing in ("/sitemap.xml", "/feed.xml", "/feed.json"):
        assert "/lama/" not in read(moved_site, listing) and "berita.php" not in read(moved_site, listing)


def test_the_redirect_files_list_every_old_address_as_each_host_reads_them(moved_site):
    rules = [line.split() for line in read(moved_site, "/_redirects").splitlines() if not line.startswith("#")]
    assert rules == [
        ["/", "p=123", NEW_URL, "301"],  # Netlify's query matching, first: the first rule that matches wins
        ["/", "page_id=7", "/redaksi/", "301"],
        ["/index.php", "amp=", NEW_URL, "301"],
        ["/index.php", "p=123", NEW_URL, "301"],  # WordPress answered /?p= at /index.php?p= too
        ["/index.php", "page_id=7", "/redaksi/", "301"],
        ["/berita.php", NEW_URL, "301"],  # no page to fall back on: before those that have one
        ["/2019/banjir", NEW_URL, "301"],
        ["/berita.html", NEW_URL, "301"],
        ["/lama/banjir-bekasi/", NEW_URL, "301"],
    ]
    maps = re.findall(
        r"map (\S+) (\$\w+) \{\n    default (\S+);\n(.*?)\n?\}", read(moved_site, "/kabar-redirects.nginx.map"), re.S
    )
    chain = [(source, variable, default) for source, variable, default, _ in maps]
    assert chain == [  # by the path, then by the arguments an old address names, then by the address as sent
        ("$uri", "$kabar_redirect_uji_example", "$kabar_redirect_uji_example_1"),
        ('"$uri?p=$arg_p"', "$kabar_redirect_uji_example_1", "$kabar_redirect_uji_example_2"),
        ('"$uri?page_id=$arg_page_id"', "$kabar_redirect_uji_example_2", "$kabar_redirect_uji_example_3"),
        ("$request_uri", "$kabar_redirect_uji_example_3", '""'),
    ]
    snippet = read(moved_site, "/kabar-redirects.nginx.conf")  # for the server block: the variable is the site's
    assert "if ($kabar_redirect_uji_example) { return 301 $kabar_redirect_uji_example; }" in snippet
    assert [re.findall(r'"([^"]+)" "([^"]+)";', body) for *_, body in maps] == [
        [
            ("/2019/banjir", NEW_URL),
            ("/berita.html", NEW_URL),
            ("/berita.php", NEW_URL),
            ("/lama/banjir-bekasi", NEW_URL),  # without its slash too: one 301, not nginx's to the folder first
            ("/lama/banjir-bekasi/", NEW_URL),
        ],
        [("/?p=123", NEW_URL), ("/index.php?p=123", NEW_URL)],
        [("/?page_id=7", "/redaksi/"), ("/index.php?page_id=7", "/redaksi/")],
        [("/index.php?amp", NEW_URL)],  # an argument without a value: $arg_amp would be "" without it too
    ]


def test_old_addresses_a_plain_host_has_no_page_for_are_kept_for_the_script_of_the_front_and_404_pages(
    moved_site, make_site
):
    """Those with a query string (/?p=123) and those that name a file a plain host does not serve as a page
    (/berita.php): it answers them with the front page or its 404 page, whose script looks for them."""
    rules = json.loads(read(moved_site, "/kabar-redirects.json"))
    assert rules == [  # the path and the arguments a request must have, as a browser decodes them; where it leads
        ["/", [["p", "123"]], NEW_URL],
        ["/", [["page_id", "7"]], "/redaksi/"],
        ["/berita.php", [], NEW_URL],  # no page can stand there (not /berita.html, which has one)
        ["/index.php", [["amp", ""]], NEW_URL],
        ["/index.php", [["p", "123"]], NEW_URL],  # a plain host's 404 page there
        ["/index.php", [["page_id", "7"]], "/redaksi/"],
    ]
    script = '<script src="/js/alamat-lama.js" data-redirects defer></script>'  # which looks for the address there
    for url in ("/", "/404.html"):  # what a plain host serves at /?p=123 and /index.php?p=123
        assert script in read(moved_site, url)
    for url in (NEW_URL, "/redaksi/", "/rubrik/nasional/", "/2024/"):  # no fetch for a shared link's ?fbclid=
        assert "alamat-lama" not in read(moved_site, url)

    redaksi = REDAKSI.replace("['/?page_id=7']", "[/lama/redaksi/]")  # an old address, but none with a query
    plain = make_site({"kabar.yml": SETTINGS, "content/2024/gempa.md": GEMPA, "pages/redaksi.md": redaksi}, "plain")
    run_build(plain)
    assert not (plain / "public" / "kabar-redirects.json").exists()
    assert "alamat-lama" not in read(plain, "/")
    # The 404 page loads it all the same (for an old AMP page's address), but looks for no query there.
    assert '<script src="/js/alamat-lama.js" defer></script>' in read(plain, "/404.html")
    redirects = "redirects:\n  /berita.php: /\n  /berita.php?id=3: /redaksi/\n  /rss.xml: /feed.xml\n"
    write_files(plain, {"kabar.yml": SETTINGS + redirects})
    run_build(plain)
    assert json.loads(read(plain, "/kabar-redirects.json")) == [  # not /rss.xml: the feed's copy stands there
        ["/berita.php", [["id", "3"]], "/redaksi/"],  # the first that matches wins: the one that names more first
        ["/berita.php", [], "/"],
    ]
    assert script in read(plain, "/404.html")
    assert "alamat-lama" not in read(plain, "/")  # which a plain host answers none of them with


def test_the_redirects_file_encodes_paths_and_puts_first_the_rules_cloudflare_must_read():
    """Netlify reads a path with other characters than ASCII only %-encoded, as browsers send it. Cloudflare Pages
    reads the first 2,000 rules, and after a rule it takes for a pattern (a splat, a :placeholder) only 100 more."""
    olds = ["/wiki/Kategori:Berita/", "/lama/*", "/b/", "/berita/kédai-kopi/", "/berita/k%C3%A9dai/", "/a.php"]
    redirects = [Redirect(old, "/kategori/ékonomi/", "kabar.yml", None) for old in olds]
    rules = [line.split() for line in netlify_redirects(redirects).splitlines() if not line.startswith("#")]
    new = "/kategori/%C3%A9konomi/"
    assert rules == [
        ["/a.php", new, "301"],  # no page to fall back on where the host stops reading
        ["/b/", new, "301"],
        ["/berita/k%C3%A9dai/", new, "301"],  # as written
        ["/berita/k%C3%A9dai-kopi/", new, "301"],
        ["/lama/*", new, "301"],  # read as patterns: last
        ["/wiki/Kategori:Berita/", new, "301"],
    ]


def test_the_redirects_file_gives_query_parameters_as_the_old_address_wrote_them():
    """Netlify compares a parameter with the value a request sends: /?s=kopi+gula is sent as written, so decoded
    (`s=kopi gula`) the rule would split into two parameters and never match. A character that would break the line
    is %-encoded, as a browser sends it."""
    olds = ["/?s=kopi+gula", "/cari?q=caf%C3%A9&lang=id", "/?s=kopi gula&tag=é", "/index.php?amp", "/?x=a=b"]
    redirects = [Redirect(old, "/kopi/", "kabar.yml", None) for old in olds]
    rules = [line.split(" ") for line in netlify_redirects(redirects).splitlines() if not line.startswith("#")]
    assert rules == [
        ["/", "s=kopi%20gula", "tag=%C3%A9", "/kopi/", "301"],
        ["/", "s=kopi+gula", "/kopi/", "301"],
        ["/", "x=a=b", "/kopi/", "301"],
        ["/cari", "q=caf%C3%A9", "lang=id", "/kopi/", "301"],
        ["/index.php", "amp=", "/kopi/", "301"],
    ]


def test_a_redirect_to_a_page_named_without_its_slash_leads_there_in_one_hop(make_site):
    """/kategori/nasional is the folder of a page: led there, every host answered with a second 301, to the slash."""
    settings = (
        SETTINGS + "redirects:\n  /rubrik/nasional/: /kategori/nasional\n  /rubrik/cari/: /kategori/nasional?q=x\n"
    )
    root = make_site({"kabar.yml": settings, "content/banjir.md": article()})
    run_build(root)
    assert "/rubrik/nasional/ /kategori/nasional/ 301" in read(root, "/_redirects")
    assert '"/rubrik/cari/" "/kategori/nasional/?q=x";' in read(root, "/kabar-redirects.nginx.map")
    page = read(root, "/rubrik/nasional/")
    assert 'url=/kategori/nasional/">' in page and 'href="https://uji.example/kategori/nasional/">' in page


def test_a_feed_reader_polling_an_old_feed_address_on_a_plain_host_gets_the_feed(make_site):
    """It follows no meta refresh: the old address holds the feed itself, made again with it; hosts that redirect
    still answer with a 301."""
    import feedparser

    from .checkers import serve

    olds = {"/feed/": "/feed.xml", "/feed/atom/": "/feed.xml", "/category/nasional/feed/": "/rubrik/nasional/feed.xml"}
    olds |= {"/index.xml": "/feed.xml", "/categories/nasional/index.xml": "/rubrik/nasional/feed.xml"}  # Hugo's
    redirects = "redirects:\n" + "".join(f"  {old}: {new}\n" for old, new in olds.items())
    root = make_site({"kabar.yml": SETTINGS + PERMALINKS + redirects, "content/2024/banjir.md": BANJIR})
    run_build(root)
    write_files(root, {"content/2024/gempa.md": GEMPA})
    run_build(root)  # the copies are made again with their feeds
    public = root / "public"
    with serve(public) as base:
        for old, new in olds.items():
            parsed = feedparser.parse(base + old)
            assert [entry.title for entry in parsed.entries] == ["Gempa Guncang Cianjur", "Banjir Rendam Bekasi"], old
            copy = public / old.lstrip("/") / ("" if old.endswith(".xml") else "index.html")  # a file as it was named
            assert copy.read_bytes() == (public / new.lstrip("/")).read_bytes()
    assert "/feed/atom/ /feed.xml 301" in read(root, "/_redirects")
    assert '"/category/nasional/feed/" "/rubrik/nasional/feed.xml";' in read(root, "/kabar-redirects.nginx.map")


def test_an_old_guid_is_the_feed_entry_id_and_others_keep_their_url(moved_site):
    import feedparser

    for feed in ("/feed.xml", "/rubrik/nasional/feed.xml"):
        entries = {e.title: e for e in feedparser.parse(read(moved_site, feed)).entries}
        assert entries["Banjir Rendam Bekasi"].id == "http://lama.example/?p=123"
        assert entries["Banjir Rendam Bekasi"].guidislink is False
        assert entries["Gempa Guncang Cianjur"].id == "https://uji.example/nasional/gempa-guncang-cianjur/"
    items = {item["title"]: item for item in json.loads(read(moved_site, "/feed.json"))["items"]}
    assert items["Banjir Rendam Bekasi"]["id"] == "http://lama.example/?p=123"
    assert items["Banjir Rendam Bekasi"]["url"] == "https://uji.example/nasional/banjir-rendam-bekasi/"


def test_check_warns_of_links_to_old_permalinks_and_of_an_alias_of_the_article_itself(make_site, capsys, monkeypatch):
    old_link = "Lihat [banjir](/2024/03/05/banjir-rendam-bekasi/)."
    root = make_site(
        {
            "kabar.yml": SETTINGS + PERMALINKS,
            "content/2024/banjir.md": article(aliases=f"[{NEW_URL}]"),
            "content/2024/gempa.md": article(title="Gempa", date="2024-03-06 10:00", body=old_link),
        }
    )
    monkeypatch.chdir(root)
    assert main(["check", "--now", "2026-11-23T12:00Z"]) == 0
    assert capsys.readouterr().err.splitlines()[:2] == [
        f"content/2024/banjir.md:5: warning: {NEW_URL} is the article's own URL: remove it from aliases",
        "content/2024/gempa.md:6: warning: links to /2024/03/05/banjir-rendam-bekasi/, which is not a page of the site "
        f"since permalinks changed: link to {NEW_URL}",
    ]


def test_an_incremental_build_after_a_permalink_change_equals_a_clean_build(tmp_path):
    root = big_site(tmp_path / "site", count=40)
    run_build(root, jobs=1)
    with (root / "kabar.yml").open("a") as settings:
        settings.write("permalinks:\n  article: /:year/:slug-:id/\n  author: /oleh/:slug/\n")
    for n, path in enumerate(sorted((root / "content").rglob("*.md"))):
        path.write_text(path.read_text(encoding="utf-8").replace("---\n", f"---\nid: {n}\n", 1), encoding="utf-8")
    run_build(root, jobs=1)
    assert tree(root / "public") == clean_build(root, tmp_path)
    assert (root / "public/2025/berita-nomor-0-0/index.html").is_file()
    (root / "kabar.yml").write_text((root / "kabar.yml").read_text().replace("/:year/:slug-:id/", "/b/:id/"))
    run_build(root, jobs=1)
    assert tree(root / "public") == clean_build(root, tmp_path)
    assert (root / "public/b/0/index.html").is_file() and not (root / "public/2025/berita-nomor-0-0").exists()


def test_adding_and_removing_an_alias_incrementally_equals_a_clean_build(tmp_path):
    root = big_site(tmp_path / "site", count=12)
    run_build(root, jobs=1)
    one = root / "content" / "2025" / "berita-4.md"
    text = one.read_text(encoding="utf-8")
    one.write_text(text.replace("---\n", "---\naliases: [/lama/berita-4/, /?p=4]\n", 1), encoding="utf-8")
    run_build(root, jobs=1)
    assert tree(root / "public") == clean_build(root, tmp_path)
    assert {"lama/berita-4/index.html", "_redirects", "kabar-redirects.nginx.map"} <= set(tree(root / "public"))
    one.write_text(text, encoding="utf-8")
    run_build(root, jobs=1)
    assert tree(root / "public") == clean_build(root, tmp_path)
    assert not {"lama/berita-4/index.html", "_redirects"} & set(tree(root / "public"))


def _nginx(tmp_path: Path, public: Path, other: Path | None = None):
    """nginx serving PUBLIC (and OTHER, a second site, on a port of its own) as the README says, with the map hash
    sizes the map files' first lines give; (nginx's process, its base URL, OTHER's base URL)."""
    port, other_port = nginx.free_port(), nginx.free_port()
    servers = f"server {{ listen 127.0.0.1:{port}; root {public}; include {public}/kabar-redirects.nginx.conf; }}"
    if other:
        servers += (
            f"\nserver {{ listen 127.0.0.1:{other_port}; root {other}; include {other}/kabar-redirects.nginx.conf; }}"
        )
    base = f"http://127.0.0.1:{port}"
    server = nginx.start(tmp_path / "nginx", [public, *([other] if other else [])], servers, base + "/")
    return server, base, f"http://127.0.0.1:{other_port}"


def test_nginx_answers_each_old_address_with_a_301_to_the_article(moved_site, tmp_path):
    server, base, _ = _nginx(tmp_path, moved_site / "public")
    try:
        for old in (
            *("/lama/banjir-bekasi/", "/berita.php", "/2019/banjir", "/?p=123", "/lama/banjir-bekasi/?a=b"),
            *("/?p=123&utm_source=wa", "/?p=123&replytocom=5", "/?utm_source=x&p=123", "/index.php?amp"),
            "/index.php?p=123",
        ):
            with urllib.request.urlopen(base + old) as response:
                assert response.url == base + NEW_URL, old  # followed a redirect to the article
                assert '<h1 class="story-title">Banjir Rendam Bekasi</h1>' in response.read().decode()
        with urllib.request.urlopen(base + "/?fbclid=abc&page_id=7") as response:
            assert response.url == base + "/redaksi/"
        opener = urllib.request.build_opener(_NoRedirects)
        with pytest.raises(urllib.error.HTTPError) as moved:
            opener.open(base + "/?p=123")
        assert moved.value.code == 301 and moved.value.headers["Location"] == base + NEW_URL
        with pytest.raises(urllib.error.HTTPError) as moved:  # an old address without its slash: one hop too
            opener.open(base + "/lama/banjir-bekasi")
        assert moved.value.code == 301 and moved.value.headers["Location"] == base + NEW_URL
        for other in ("/?p=9", "/?p=1234&utm_source=wa", "/", "/?utm_source=wa"):  # the front page, as it is
            with urllib.request.urlopen(base + other) as response:
                assert response.url == base + other
    finally:
        server.terminate()
        server.wait(timeout=10)


LONG_OLD = "/2019/03/05/banjir-rendam-tiga-kecamatan-di-bekasi-ribuan-warga-mengungsi-ke-masjid-dan-sekolah-terdekat/"


def test_two_sites_on_one_nginx_each_lead_their_own_old_addresses_however_long(make_site, tmp_path):
    """nginx's default map hash fits an address of 46 bytes; one that holds a headline is longer. Two sites in one
    nginx, as the README says to serve them, each with its own variable: the second's maps do not replace the
    first's."""
    first = make_site(
        {"kabar.yml": SETTINGS, "content/2024/banjir.md": BANJIR.replace("/berita.html", LONG_OLD)}, name="one"
    )
    other_article = article(title="Gempa Guncang Cianjur", aliases="[/lama/banjir-bekasi/]")
    other = make_site(
        {"kabar.yml": SETTINGS.replace("uji.example", "lain.example"), "content/2024/gempa.md": other_article},
        name="other",
    )
    run_build(first)
    run_build(other)
    assert "map_hash_bucket_size 1024;" in read(first, "/kabar-redirects.nginx.map")  # 8 of its longest address
    server, base, other_base = _nginx(tmp_path, first / "public", other / "public")
    try:
        for old in (LONG_OLD, "/lama/banjir-bekasi/"):
            with urllib.request.urlopen(base + old) as response:
                assert response.url == base + "/2024/03/05/banjir-rendam-bekasi/", old
        with urllib.request.urlopen(other_base + "/lama/banjir-bekasi/") as response:
            assert response.url == other_base + "/2024/03/05/gempa-guncang-cianjur/"
        with pytest.raises(urllib.error.HTTPError) as missing:  # not the first site's old address
            urllib.request.urlopen(other_base + LONG_OLD)
        assert missing.value.code == 404
    finally:
        server.terminate()
        server.wait(timeout=10)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _one_hop(base: str, old: str) -> tuple[int, str]:
    """The status and Location nginx answers OLD with, the redirect not followed."""
    try:
        with urllib.request.build_opener(_NoRedirects).open(base + old) as response:
            return response.status, ""
    except urllib.error.HTTPError as answer:
        return answer.code, (answer.headers["Location"] or "").removeprefix(base)


def test_nginx_starts_with_old_addresses_that_differ_only_in_case(make_site, tmp_path):
    """nginx matches a map's strings ignoring case and refused to start ("conflicting parameter") on two old
    addresses alike but for it, even when both led to one article."""
    banjir = article(aliases="[/Berita/Banjir/, /berita/banjir/]")
    gempa = article(title="Gempa Guncang Cianjur", aliases="[/LAMA/X/]")
    pasar = article(title="Harga Cabai Naik", aliases="[/lama/x/]")
    root = make_site(
        {"kabar.yml": SETTINGS, "content/banjir.md": banjir, "content/gempa.md": gempa, "content/pasar.md": pasar}
    )
    run_build(root)
    server, base, _ = _nginx(tmp_path, root / "public")
    try:
        day = "/2024/03/05/"
        assert _one_hop(base, "/berita/banjir/") == (301, day + "banjir-rendam-bekasi/")
        assert _one_hop(base, "/Berita/Banjir") == (301, day + "banjir-rendam-bekasi/")
        assert _one_hop(base, "/LAMA/X/") == (301, day + "gempa-guncang-cianjur/")  # each its own, case and all
        assert _one_hop(base, "/lama/x") == (301, day + "harga-cabai-naik/")
        assert _one_hop(base, "/Lama/X/")[0] == 404
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_chromium_at_an_old_address_lands_on_the_article(moved_site):
    from .checkers import chromium, serve

    playwright_api = pytest.importorskip("playwright.sync_api")
    with serve(moved_site / "public", not_found_page=True) as base:  # a plain host: a query is not matched
        write_files(moved_site, {"kabar.yml": SETTINGS.replace("https://uji.example", base) + PERMALINKS})
        run_build(moved_site)
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
            try:
                page = browser.new_page()
                for old in ("/lama/banjir-bekasi/", "/berita.html", "/2019/banjir", "/?p=123", "/index.php?p=123"):
                    page.goto(base + old)
                    page.wait_for_url(base + NEW_URL)
                    assert page.title() == "Banjir Rendam Bekasi — Kabar Uji"
                page.goto(base + "/?fbclid=x&p=123#komentar")  # as shared, with the reader's place on the page
                page.wait_for_url(base + NEW_URL + "#komentar")
                page.goto(base + "/index.php?page_id=7")
                page.wait_for_url(base + "/redaksi/")
                page.goto(base + "/berita.php")  # the host's 404 page: no page can stand there
                page.wait_for_url(base + NEW_URL)
                page.goto(base + "/berita.php?utm_source=wa#komentar")
                page.wait_for_url(base + NEW_URL + "#komentar")
                for stays in ("/?p=12", "/?fbclid=x", "/?page_id=7x"):  # no old address: the front page stays
                    page.goto(base + stays)
                    page.wait_for_load_state("networkidle")
                    assert page.url == base + stays and page.title().startswith("Kabar Uji")
                # An AMP page's address (WordPress's AMP plugins), as search results and shared links name it: the 404
                # page leads to the page without /amp/, the story's or the redirect page of its old address.
                for amp in (NEW_URL + "amp/", "/lama/banjir-bekasi/amp/", "/2019/banjir/amp", "/berita.html/amp/"):
                    page.goto(base + amp)
                    page.wait_for_url(base + NEW_URL)
                page.goto(base + "/lama/banjir-bekasi/amp/?utm_source=wa#komentar")
                page.wait_for_url(base + NEW_URL + "#komentar")
                page.goto(base + "/tidak-ada/amp/")  # nothing there without it either: the 404 page stays
                page.wait_for_load_state("networkidle")
                assert page.url == base + "/tidak-ada/amp/"
                assert page.locator("h1").inner_text() == "Halaman tidak ditemukan"
                # The old site's searches (WordPress's /?s=, /search/WORDS/ with pretty links), as search engines and
                # bookmarks keep them: the search page with those words, which finds the story.
                settings = SETTINGS.replace("https://uji.example", base).replace("search: false\n", "")
                write_files(moved_site, {"kabar.yml": settings + PERMALINKS})
                run_build(moved_site)
                for old in ("/?s=banjir+bekasi", "/?s=banjir%20bekasi#hasil", "/search/banjir+bekasi/"):
                    page.goto(base + old)
                    page.wait_for_url(base + "/cari/?q=banjir%20bekasi")
                    page.wait_for_selector(f'.search-result a[href="{NEW_URL}"]')
                for stays in ("/?s=", "/search/%E0%A4%A/"):  # no words: the page stays
                    page.goto(base + stays)
                    page.wait_for_load_state("networkidle")
                    assert page.url == base + stays
            finally:
                browser.close()


def test_a_page_pattern_moves_the_pages_and_menus_follow_moved_categories_and_pages(make_site):
    """Pelican's PAGE_URL = 'pages/{slug}.html' is `page: /pages/:slug/`; a menu names categories and pages as
    before, wherever their patterns put them."""
    menus = "menus:\n  main:\n    - category: Nasional\n    - page: tentang/kontak\n"
    root = make_site(
        {
            "kabar.yml": SETTINGS + PERMALINKS + "  page: /halaman/:slug/\n" + menus,
            "content/2024/banjir.md": BANJIR,
            "pages/tentang/kontak.md": "---\ntitle: Kontak\n---\nSurel kami.\n",
            "pages/redaksi.md": "---\ntitle: Redaksi\n---\nSusunan redaksi.\n",
        }
    )
    run_build(root)
    public = root / "public"
    assert (public / "halaman/kontak/index.html").is_file() and (public / "halaman/redaksi/index.html").is_file()
    assert not (public / "tentang").exists() and not (public / "redaksi").exists()
    assert "<loc>https://uji.example/halaman/kontak/</loc>" in read(root, "/sitemap.xml")
    bar = re.findall(r'<nav class="catbar".*?</nav>', read(root, NEW_URL), re.S)[0]
    assert 'href="/rubrik/nasional/"' in bar and 'href="/halaman/kontak/"' in bar


def test_a_page_pattern_with_an_article_token_is_refused_at_its_line(make_site):
    root = make_site({"kabar.yml": SETTINGS + "permalinks:\n  page: /:year/:slug/\n  tag: /t/:path/\n"})
    (root / "content").mkdir()
    with pytest.raises(BuildError) as caught:
        run_build(root)
    assert [f"kabar.yml:{p.line}: {p.message}" for p in caught.value.problems] == [
        "kabar.yml:5: permalinks.page: '/:year/:slug/' may use :path (the page's file under pages/) or :slug "
        "(its name), and one of them",
        "kabar.yml:6: permalinks.tag: '/t/:path/': :path is a page's (pages/), not the tag's",
    ]
