"""Pages that are not stories (pages/*.md) and the menus (kabar.yml `menus:`), as a reader meets them.

Each page is at the address its file gives, with no date, byline or reading time; it is in sitemap.xml and the
search index, never in a listing, feed or the news sitemap. The category bar and the footer menu follow
kabar.yml, or their defaults. Incremental builds after each kind of change give what a clean build gives.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import lxml.html
import pytest

from kabar.cache.store import CACHE_DIR
from kabar.errors import BuildError

from .conftest import article, read, run_build, write_files
from .test_incremental import clean_build, tree
from .test_search import indexed


def page(title: str, body: str = "Isi halaman.", **more: str) -> str:
    lines = [f"title: {title}", *(f"{key}: {value}" for key, value in more.items())]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


SITE = {
    "kabar.yml": "title: Kabar Uji\nbase_url: https://uji.example\nsearch: false\n",
    "content/2024/a.md": article(body="Banjir. Baca [pedoman](/pedoman-media-siber/) dan [alamat](/tentang/kontak/)."),
    "content/2024/b.md": article(title="Harga Beras Naik", category="Ekonomi", date="2024-03-04 08:00"),
    "pages/redaksi.md": page("Redaksi", "Pemimpin Redaksi: Ratna Wulandari.", menu="2"),
    "pages/pedoman.md": page("Pedoman Media Siber", "Verifikasi dan keberimbangan.", slug="pedoman-media-siber"),
    "pages/tentang.md": page("Tentang Kami", "Kami media daring.", menu="1"),
    "pages/tentang/kontak.md": page("Kontak", "## Alamat\n\nJalan Contoh 1.", updated="2024-05-01", menu="2"),
    "pages/rahasia.md": page("Rancangan", "Belum terbit.", draft="true"),
}
PAGES = ["/redaksi/", "/pedoman-media-siber/", "/tentang/", "/tentang/kontak/"]


def html(root: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(read(root, url))


def jsonld(doc: lxml.html.HtmlElement) -> list[dict]:
    [script] = doc.xpath("//script[@type='application/ld+json']/text()")
    return json.loads(script)["@graph"]


def footer(doc: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    return [(a.get("href"), a.text_content()) for a in doc.xpath("//footer//nav[@class='footer-menu']//a")]


def bar(doc: lxml.html.HtmlElement) -> list[tuple[str, str, str | None]]:
    return [(a.get("href"), a.text_content(), a.get("aria-current")) for a in doc.xpath("//nav[@class='catbar']//a")]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_files(tmp_path_factory.mktemp("pages") / "site", SITE)
    run_build(root)
    return root


def test_each_page_is_at_the_address_its_file_gives_without_date_byline_or_reading_time(site):
    for url in PAGES:
        doc = html(site, url)
        assert doc.xpath("//link[@rel='canonical']/@href") == [f"https://uji.example{url}"]
        assert len(doc.xpath("//h1")) == 1
        assert not doc.xpath("//main//time") and not doc.xpath("//*[@class='byline' or @class='meta']")
        assert "menit baca" not in read(site, url) and not doc.xpath("//main//p[@class='label']")
    doc = html(site, "/redaksi/")
    assert doc.xpath("//title/text()") == ["Redaksi — Kabar Uji"]
    assert doc.xpath("//main//h1/text()") == ["Redaksi"]
    assert doc.xpath("//meta[@name='description']/@content") == ["Pemimpin Redaksi: Ratna Wulandari."]
    assert "Verifikasi dan keberimbangan." in read(site, "/pedoman-media-siber/")  # slug: replaces the file's name
    assert not (site / "public" / "pedoman").exists() and not (site / "public" / "rahasia").exists()  # a draft


def test_a_page_has_webpage_structured_data_and_breadcrumbs_through_the_pages_above_it(site):
    doc = html(site, "/tentang/kontak/")
    data, crumbs = jsonld(doc)
    assert (data["@type"], data["name"], data["dateModified"]) == ("ContactPage", "Kontak", "2024-05-01T00:00:00+07:00")
    assert [item["name"] for item in crumbs["itemListElement"]] == ["Beranda", "Tentang Kami", "Kontak"]
    assert doc.xpath("//nav[@class='crumbs']//a/@href") == ["/", "/tentang/"]
    assert jsonld(html(site, "/tentang/"))[0]["@type"] == "AboutPage"
    assert jsonld(html(site, "/redaksi/"))[0]["@type"] == "WebPage"


def test_the_footer_lists_the_pages_by_menu_then_title_and_marks_the_current_one(site):
    expected = [("/tentang/", "Tentang Kami"), ("/tentang/kontak/", "Kontak"), ("/redaksi/", "Redaksi")]
    assert footer(html(site, "/")) == expected  # two with menu: 2 by title; the one with no menu: left out
    assert html(site, "/redaksi/").xpath("//footer//a[@aria-current='page']/@href") == ["/redaksi/"]
    assert html(site, "/").xpath("//nav[@class='footer-menu']/@aria-label") == ["Tentang situs ini"]


def test_without_any_menu_position_the_footer_lists_every_page_by_title(make_site):
    root = make_site({"content/a.md": article(), "pages/z.md": page("Zebra"), "pages/a.md": page("Apel")})
    run_build(root)
    assert footer(html(root, "/")) == [("/a/", "Apel"), ("/z/", "Zebra")]
    root = make_site({"content/a.md": article()}, name="bare")
    run_build(root)
    assert not html(root, "/").xpath("//nav[@class='footer-menu']")  # no pages: no footer menu


def test_pages_are_in_the_sitemap_and_in_no_listing_or_feed(site):
    sitemap = (site / "public" / "sitemap.xml").read_text(encoding="utf-8")
    for url in PAGES:
        assert f"<loc>https://uji.example{url}</loc>" in sitemap
    assert "<loc>https://uji.example/tentang/kontak/</loc>\n    <lastmod>2024-05-01T00:00:00+07:00</lastmod>" in sitemap
    assert "rahasia" not in sitemap
    others = [p for p in (site / "public").rglob("*") if p.is_file() and p.suffix in (".xml", ".json", ".html")]
    for path in others:
        if path.name == "sitemap.xml" or path.parent.name in ("redaksi", "pedoman-media-siber", "tentang", "kontak"):
            continue
        text = path.read_text(encoding="utf-8").split('<footer class="site-footer">')[0]  # not the footer menu
        assert "Ratna Wulandari" not in text and '"/redaksi/"' not in text, path


def test_a_page_s_words_are_in_the_search_index(make_site):
    root = make_site({**SITE, "kabar.yml": "title: Kabar Uji\n"})
    run_build(root)
    found = indexed(root / "public")
    assert "Pemimpin Redaksi: Ratna Wulandari" in found["/redaksi/"]
    assert set(found) == {"/2024/03/05/banjir-rendam-bekasi/", "/2024/03/04/harga-beras-naik/", *PAGES}


def test_drafts_builds_draft_pages_marked_as_such(make_site):
    root = make_site(SITE)
    run_build(root, drafts=True)
    assert html(root, "/rahasia/").xpath("//main//span[@class='badge']/text()") == ["Draf"]


MENUS = """title: Kabar Uji
search: false
menus:
  main:
    - category: Ekonomi
    - {category: nasional, label: Dalam Negeri}
    - {page: redaksi, label: Tim Kami}
    - {url: /2024/, label: Arsip}
  footer:
    - page: tentang/kontak
    - {url: "https://instagram.com/kabar", label: Instagram}
"""


def test_menus_in_kabar_yml_set_the_bar_and_the_footer_and_light_up_where_the_reader_is(make_site):
    root = make_site({**SITE, "kabar.yml": MENUS})
    run_build(root)
    assert bar(html(root, "/kategori/nasional/")) == [
        ("/", "Beranda", None),
        ("/kategori/ekonomi/", "Ekonomi", None),
        ("/kategori/nasional/", "Dalam Negeri", "page"),
        ("/redaksi/", "Tim Kami", None),
        ("/2024/", "Arsip", None),
    ]
    assert [current for _, _, current in bar(html(root, "/redaksi/"))] == [None, None, None, "page", None]
    article_bar = html(root, "/2024/03/05/banjir-rendam-bekasi/").xpath("//nav[@class='catbar']//a[@class]/@href")
    assert article_bar == ["/kategori/nasional/"]  # the story's section
    assert footer(html(root, "/")) == [("/tentang/kontak/", "Kontak"), ("https://instagram.com/kabar", "Instagram")]


def test_a_main_menu_link_to_the_front_page_is_left_out_with_a_warning_at_its_line(make_site, monkeypatch):
    """The bar links to the front page first (a WordPress menu's "Home" would be a second "Beranda"); in the
    footer a link to / is the site's own choice and stays."""
    home = "    - {url: /, label: Beranda}\n    - {url: /index.html, label: Depan}\n"
    settings = MENUS.replace("  main:\n", "  main:\n" + home) + "    - {url: /, label: Depan}\n"
    root = make_site({**SITE, "kabar.yml": settings})
    monkeypatch.chdir(root)
    summary = run_build(root)
    assert [href for href, _, _ in bar(html(root, "/2024/"))] == [
        "/",
        "/kategori/ekonomi/",
        "/kategori/nasional/",
        "/redaksi/",
        "/2024/",
    ]
    assert footer(html(root, "/"))[-1] == ("/", "Depan")
    assert [str(w) for w in summary.warnings] == [
        f"kabar.yml:{line}: menus.main: the url: {url} is the front page, which the category bar links to first "
        "already: the entry is left out; remove it"
        for line, url in ((5, "/"), (6, "/index.html"))
    ]
    with pytest.raises(BuildError):
        run_build(root, strict=True)


def test_without_menus_the_bar_lists_every_category_by_name_as_before(site):
    assert bar(html(site, "/")) == [
        ("/", "Beranda", "page"),
        ("/kategori/ekonomi/", "Ekonomi", None),
        ("/kategori/nasional/", "Nasional", None),
    ]


def test_kabar_check_checks_the_links_of_pages(make_site, monkeypatch):
    broken = page("Kontak", "Lihat [arsip](/arsipp/) dan [alamat](/redaksi/#alamat).")
    root = make_site({**SITE, "pages/tentang/kontak.md": broken})
    monkeypatch.chdir(root)
    assert [str(w) for w in run_build(root, dry_run=True).warnings] == [
        "pages/tentang/kontak.md:4: links to /arsipp/, which is not a page of the site",
        "pages/tentang/kontak.md:4: links to /redaksi/#alamat, but the page /redaksi/ has no heading or anchor "
        "'#alamat'",
    ]


# ---------------------------------------------------------------- incremental builds give the clean result


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


CHANGES = {
    "body": lambda root: _edit(root, "pages/redaksi.md", "Ratna", "Ratih"),
    "title": lambda root: _edit(root, "pages/redaksi.md", "title: Redaksi", "title: Susunan Redaksi"),
    "menu position": lambda root: _edit(root, "pages/redaksi.md", "menu: 2", "menu: 0"),
    "slug": lambda root: _edit(root, "pages/redaksi.md", "menu: 2", "slug: tim"),
    "parent title": lambda root: _edit(root, "pages/tentang.md", "Tentang Kami", "Profil"),
    "added": lambda root: write_files(root, {"pages/iklan.md": page("Iklan", menu="3")}),
    "deleted": lambda root: (root / "pages/tentang/kontak.md").unlink(),
    "published": lambda root: _edit(root, "pages/rahasia.md", "draft: true", "draft: false"),
    "menus": lambda root: (root / "kabar.yml").write_text(MENUS, encoding="utf-8"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_an_incremental_build_after_each_kind_of_page_change_gives_what_a_clean_build_gives(change, tmp_path):
    root = write_files(tmp_path / "site", SITE)
    run_build(root)
    before = tree(root / "public")
    CHANGES[change](root)
    summary = run_build(root)
    after = tree(root / "public")
    assert after != before
    assert after == clean_build(root, tmp_path)
    if change == "body":  # that page alone
        assert summary.rendered == 1
    if change == "title":  # its page, and the footer of every page
        assert summary.rendered == summary.pages


def test_a_site_without_pages_builds_as_before_and_a_pages_folder_added_later_is_seen(tmp_path):
    root = write_files(tmp_path / "site", {"content/a.md": article(), "kabar.yml": "search: false\n"})
    run_build(root)
    write_files(root, {"pages/redaksi.md": page("Redaksi")})
    run_build(root)
    assert "Isi halaman." in read(root, "/redaksi/")
    shutil.rmtree(root / "pages")
    run_build(root)
    assert not (root / "public" / "redaksi").exists()
    assert not any(p.name.startswith("pages") for p in (root / CACHE_DIR).iterdir())


def test_a_pages_old_addresses_lead_to_it_and_one_taken_by_an_article_is_refused(make_site):
    """A page moved from WordPress keeps its old addresses (`aliases:`, `redirect_from:`), as an article does."""
    from kabar.errors import BuildError

    root = make_site(
        {
            **SITE,
            "pages/redaksi.md": page("Redaksi", "Susunan redaksi.", aliases="[/about/, '/?page_id=2']"),
            "pages/tentang.md": page("Tentang Kami", "Kami.", redirect_from="/tentang-kami.html"),
        }
    )
    run_build(root)
    for old, new in (("/about/", "/redaksi/"), ("/tentang-kami.html", "/tentang/")):
        moved = read(root, old)
        assert f'<meta http-equiv="refresh" content="0; url={new}">' in moved
    assert "/ page_id=2 /redaksi/ 301" in read(root, "/_redirects")
    taken = page("Tentang Kami", "Kami.", aliases="[/2024/03/05/banjir-rendam-bekasi/]")
    write_files(root, {"pages/tentang.md": taken})
    with pytest.raises(BuildError) as caught:
        run_build(root)
    [problem] = caught.value.problems
    assert problem.path.endswith("pages/tentang.md") and "a page of the site" in problem.message
    assert "content/2024/a.md" in problem.message


def test_the_front_pages_bands_follow_the_main_menu_as_the_category_bar_does(make_site):
    """A portal's bands are its sections, in the order of its menu: Nasional first where the menu says so, and no
    band for a category the menu leaves out; without a menu, every category's, by name, as the bar lists them."""
    stories = {
        f"content/2024/{category}-{n}.md": article(
            title=f"{category} {n}", category=category, date=f"2024-03-0{n} 08:00"
        )
        for n, category in enumerate(["Umum", "Nasional", "Ekonomi", "Umum", "Nasional", "Ekonomi"], start=1)
    }
    settings = "title: Kabar Uji\nsearch: false\n"
    root = make_site({**stories, "kabar.yml": settings})
    run_build(root)
    bands = lambda: html(root, "/").xpath("//section[contains(@class, 'band')]/h2/a/@href")  # noqa: E731
    assert bands() == ["/kategori/ekonomi/", "/kategori/nasional/", "/kategori/umum/"]
    menu = "menus:\n  main:\n    - category: Nasional\n    - category: Ekonomi\n    - {url: /2024/, label: Arsip}\n"
    (root / "kabar.yml").write_text(settings + menu, encoding="utf-8")
    run_build(root)
    assert bands() == ["/kategori/nasional/", "/kategori/ekonomi/"]
