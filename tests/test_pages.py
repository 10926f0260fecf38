"""Every page type of a built site: what a reader (and a validator) finds on it."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import lxml.html
import pytest
import rcssmin
import yaml
from lxml import etree

from kabar.models import Config
from kabar.theme import theme_dir

from .conftest import SITES, article, read, run_build
from .test_hostile import THEME_SCRIPTS

# What tests/sites/basic says, as written in its kabar.yml and content/ (the input, not kabar's output).
BASE = "https://uji.example"
VARIANT = r"/gambar/[0-9a-f]{16}"  # an image variant, named by a hash (see kabar/pictures.py)
TITLE = "Kabar Uji"
TAGLINE = "Situs kecil untuk pengujian"
PER_PAGE = 2
WIB = dt.timezone(dt.timedelta(hours=7))
WITA = dt.timezone(dt.timedelta(hours=8))

BANJIR = "/2024/03/05/banjir-rendam-tiga-kecamatan-di-bekasi/"
HARGA = "/2024/03/05/harga-beras-naik-menjelang-ramadan/"
SUSULAN = "/2024/03/07/banjir-susulan-mengancam-bekasi-utara/"
TIMNAS = "/2024/04/02/timnas-menang-2-0-atas-vietnam/"
DRAFT = "/2024/04/03/rancangan-yang-belum-selesai/"
SCHEDULED = "/2099/01/01/berita-yang-dijadwalkan/"

STORIES = {
    BANJIR: {
        "title": "Banjir Rendam Tiga Kecamatan di Bekasi",
        "date": dt.datetime(2024, 3, 5, 9, 30, tzinfo=WIB),
        "category": "Nasional",
        "authors": ["Ayu Santoso"],
        "featured": True,
    },
    HARGA: {
        "title": "Harga Beras Naik Menjelang Ramadan",
        "date": dt.datetime(2024, 3, 5, 14, 0, tzinfo=WIB),
        "category": "Ekonomi",
        "authors": ["Raka Pratama"],
    },
    SUSULAN: {
        "title": "Banjir Susulan Mengancam Bekasi Utara",
        "date": dt.datetime(2024, 3, 7, 0, 0, tzinfo=WIB),
        "category": "Nasional",  # written "nasional" in its file
        "authors": ["Ayu Santoso", "Raka Pratama"],
    },
    TIMNAS: {
        "title": "Timnas Menang 2-0 atas Vietnam",
        "date": dt.datetime(2024, 4, 2, 19, 30, tzinfo=WITA),
        "category": "Olahraga",
        "authors": ["Raka Pratama"],
    },
}
NEWEST_FIRST = sorted(STORIES, key=lambda url: STORIES[url]["date"], reverse=True)
DRAFT_TITLE = "Rancangan yang Belum Selesai"
SCHEDULED_TITLE = "Berita yang Dijadwalkan"

# ---------------------------------------------------------------- helpers


def html(root: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(read(root, url))


def text(element) -> str:
    return " ".join(element.text_content().split())


def main(doc) -> lxml.html.HtmlElement:
    (found,) = doc.xpath("//main")
    return found


def stories_linked(element) -> set[str]:
    """The basic site's article URLs linked from inside ELEMENT."""
    return {href for href in element.xpath(".//a/@href") if href in STORIES}


def listing(root: Path, url: str) -> tuple[list[str], set[str]]:
    """Follow a listing's rel=next links: (page URLs, every story linked from their <main>)."""
    pages, linked = [], set()
    while url:
        pages.append(url)
        doc = html(root, url)
        linked |= stories_linked(main(doc))
        nexts = doc.xpath("//a[@rel='next']/@href")
        assert len(nexts) <= 1
        url = nexts[0] if nexts else None
        assert url not in pages, "pagination loops"
    return pages, linked


def public_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "public").rglob("*") if p.is_file())


def html_pages(root: Path) -> list[Path]:
    return [p for p in public_files(root) if p.suffix == ".html"]


def jsonld(doc, kind: str = "NewsArticle") -> dict:
    """The schema.org node of type KIND in the page's one JSON-LD block."""
    (block,) = doc.xpath("//script[@type='application/ld+json']")
    data = json.loads(block.text)
    assert data["@context"] == "https://schema.org"
    (node,) = [node for node in data["@graph"] if node["@type"] == kind]
    return node


@pytest.fixture(scope="module")
def basic(tmp_path_factory) -> Path:
    """tests/sites/basic, built once for the tests that only read it."""
    root = tmp_path_factory.mktemp("pages") / "basic"
    shutil.copytree(SITES / "basic", root)
    run_build(root)
    return root


# ---------------------------------------------------------------- front page


def test_front_page_is_in_indonesian_with_one_h1(basic):
    doc = html(basic, "/")
    assert doc.get("lang") == "id"
    assert len(doc.xpath("//h1")) == 1


def test_front_page_leads_with_the_featured_story(basic):
    first_story = main(html(basic, "/")).xpath(".//article")[0]
    headline = first_story.xpath(".//*[self::h1 or self::h2 or self::h3]//a")[0]
    assert headline.get("href") == BANJIR
    assert text(headline) == STORIES[BANJIR]["title"]


def latest_list(doc) -> list[str]:
    """The front page's "Terkini" list: the URLs it links, in order."""
    (section,) = main(doc).xpath(".//section[h2[.='Terkini']]")
    return section.xpath(".//a/@href")


def test_front_page_lists_the_latest_stories_and_page_two_the_older_ones(basic):
    assert {BANJIR, *latest_list(html(basic, "/"))} == {BANJIR, *NEWEST_FIRST[:PER_PAGE]}
    assert html(basic, "/").xpath("//a[@href='/page/2/']")
    assert stories_linked(main(html(basic, "/page/2/"))) == set(NEWEST_FIRST[PER_PAGE : 2 * PER_PAGE])


def test_front_page_lists_latest_stories_newest_first(basic):
    assert latest_list(html(basic, "/")) == [url for url in NEWEST_FIRST[:PER_PAGE] if url != BANJIR]


def test_front_page_shows_each_categorys_newest_stories_in_a_band_with_a_link_to_the_rest(basic):
    """Each band: the category's newest stories but the headline, shown above them (a category whose one story is
    the headline has no band); "Selengkapnya" where the category page has more than the band shows."""
    bands = main(html(basic, "/")).xpath(".//section[contains(@class, 'band')]")
    by_category = {band.xpath("h2/a/@href")[0]: band for band in bands}
    category_of = {url: f"/kategori/{STORIES[url]['category'].lower()}/" for url in STORIES}
    lead = main(html(basic, "/")).xpath(".//article[@class='lead']//h2/a/@href")[0]
    stories = {c: [url for url in NEWEST_FIRST if category_of[url] == c] for c in set(category_of.values())}
    assert sorted(by_category) == sorted(c for c, urls in stories.items() if set(urls) - {lead})
    assert lead not in [url for band in bands for url in band.xpath(".//article//h3/a/@href")]
    for category_url, band in by_category.items():
        newest = [url for url in stories[category_url] if url != lead][:4]
        assert band.xpath(".//article//h3/a/@href") == newest
        assert band.xpath(".//div[contains(@class, 'cards')]/@class") == [f"cards count-{len(newest)}"]
        more = band.xpath(".//p[@class='more']/a")
        assert len(more) == (len(stories[category_url]) > len(newest))
        assert all(a.get("href") == category_url and text(a).startswith("Selengkapnya") for a in more)


def test_category_bar_links_every_category_and_shows_site_title_and_tagline(basic):
    doc = html(basic, "/")
    (bar,) = doc.xpath("//nav[.//a[@href='/kategori/nasional/']]")
    links = {a.get("href"): text(a) for a in bar.xpath(".//a")}
    assert links["/kategori/nasional/"] == "Nasional"
    assert links["/kategori/ekonomi/"] == "Ekonomi"
    assert links["/kategori/olahraga/"] == "Olahraga"
    page_text = text(doc.xpath("//body")[0])
    assert TITLE in page_text
    assert TAGLINE in page_text


# ---------------------------------------------------------------- article page


def test_article_page_has_one_h1_the_title(basic):
    doc = html(basic, BANJIR)
    assert [text(h) for h in doc.xpath("//h1")] == [STORIES[BANJIR]["title"]]


def test_article_page_links_its_category(basic):
    story = html(basic, BANJIR).xpath("//main//article")[0]
    assert [text(a) for a in story.xpath(".//a[@href='/kategori/nasional/']")] == ["Nasional"]


def test_article_page_links_its_author(basic):
    story = html(basic, BANJIR).xpath("//main//article")[0]
    assert [text(a) for a in story.xpath(".//a[@href='/penulis/ayu-santoso/']")] == ["Ayu Santoso"]


def test_article_page_date_reads_naturally_in_indonesian(basic):
    story = html(basic, BANJIR).xpath("//main//article")[0]
    time = story.xpath(".//time")[0]
    assert dt.datetime.fromisoformat(time.get("datetime")) == STORIES[BANJIR]["date"]
    # Indonesian news sites write the day without a leading zero: "Selasa, 5 Maret 2024".
    assert text(time).startswith("Selasa, 5 Maret 2024"), text(time)


def test_article_page_shows_reading_time(basic):
    story = html(basic, BANJIR).xpath("//main//article")[0]
    assert "1 menit baca" in text(story)


def test_article_page_renders_the_markdown_body(basic):
    story = html(basic, BANJIR).xpath("//main//article")[0]
    assert [text(s) for s in story.xpath(".//strong")] == ["ribuan"]
    assert [text(h) for h in story.xpath(".//h2")] == ["Pengungsi"]
    assert story.xpath(".//a[@href='/peta/']")


def test_article_page_links_its_tags(basic):
    story = html(basic, BANJIR).xpath("//main//article")[0]
    assert [text(a) for a in story.xpath(".//a[@href='/tag/banjir/']")] == ["banjir"]
    assert [text(a) for a in story.xpath(".//a[@href='/tag/bekasi/']")] == ["bekasi"]


def test_article_image_has_its_alt_text(basic):
    images = html(basic, BANJIR).xpath("//main//img[starts-with(@src, '/gambar/')]")
    assert images
    assert {img.get("alt") for img in images} == {"Jalan yang tergenang air setinggi lutut"}


def test_article_page_links_the_previous_and_next_stories(basic):
    # Newest first: TIMNAS, SUSULAN, HARGA, BANJIR. HARGA has one on each side.
    doc = html(basic, HARGA)
    assert doc.xpath("//a[contains(., 'Sebelumnya')]/@href") == [BANJIR]
    assert doc.xpath("//a[contains(., 'Berikutnya')]/@href") == [SUSULAN]
    oldest = html(basic, BANJIR)
    assert oldest.xpath("//a[contains(., 'Sebelumnya')]") == []
    assert oldest.xpath("//a[contains(., 'Berikutnya')]/@href") == [HARGA]


def test_article_page_lists_related_stories_from_its_category_then_its_first_tag_then_the_site(basic):
    """Its category's first; a category of two has one other, and the site's nearest make up the rest: no story is
    left without related ones while the site has others."""
    doc = html(basic, BANJIR)
    (related,) = doc.xpath("//*[self::aside or self::section][.//*[contains(., 'Berita terkait')]]")
    linked = [href for href in related.xpath(".//h3/a/@href") if href in STORIES]
    assert linked[0] == SUSULAN and set(linked) == set(STORIES) - {BANJIR}
    doc = html(basic, "/2024/04/02/timnas-menang-2-0-atas-vietnam/")  # the only story of Olahraga
    (related,) = doc.xpath("//*[self::aside or self::section][.//*[contains(., 'Berita terkait')]]")
    assert stories_linked(related)


def test_article_page_has_absolute_canonical_and_open_graph(basic):
    doc = html(basic, BANJIR)
    assert doc.xpath("//link[@rel='canonical']/@href") == [BASE + BANJIR]
    assert doc.xpath("//meta[@property='og:title']/@content") == [STORIES[BANJIR]["title"]]
    assert doc.xpath("//meta[@property='og:type']/@content") == ["article"]
    [shared] = doc.xpath("//meta[@property='og:image']/@content")
    assert re.fullmatch(re.escape(BASE) + VARIANT + "/16x8.png", shared)  # the 1200x630 crop, of a 16x9 source
    assert doc.xpath("//meta[@property='og:url']/@content") == [BASE + BANJIR]


def test_article_page_links_the_site_feed(basic):
    doc = html(basic, BANJIR)
    assert doc.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href") == [BASE + "/feed.xml"]


def test_article_page_has_news_article_json_ld(basic):
    data = jsonld(html(basic, SUSULAN))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == STORIES[SUSULAN]["title"]
    published = dt.datetime.fromisoformat(data["datePublished"])
    assert published == STORIES[SUSULAN]["date"]
    assert published.utcoffset() == dt.timedelta(hours=7)
    assert data["datePublished"].endswith("+07:00")
    assert [a["name"] for a in data["author"]] == STORIES[SUSULAN]["authors"]


def test_json_ld_keeps_the_articles_own_offset(basic):
    assert jsonld(html(basic, TIMNAS))["datePublished"].endswith("+08:00")


# ---------------------------------------------------------------- reading time and language


def words(n: int) -> str:
    return " ".join(["kata"] * n)


def test_reading_time_is_200_words_a_minute_rounded_up(make_site):
    root = make_site(
        {
            "content/a.md": article(title="Dua Ratus", date="2024-03-01", body=words(200)),
            "content/b.md": article(title="Dua Ratus Satu", date="2024-03-02", body=words(201)),
            "content/c.md": article(title="Empat Ratus Satu", date="2024-03-03", body=words(401)),
        }
    )
    run_build(root)

    def minutes(url):
        return text(html(root, url).xpath("//main//article")[0])

    assert "1 menit baca" in minutes("/2024/03/01/dua-ratus/")
    assert "2 menit baca" in minutes("/2024/03/02/dua-ratus-satu/")
    assert "3 menit baca" in minutes("/2024/03/03/empat-ratus-satu/")


def indonesian_theme_words() -> list[str]:
    """The default theme's Indonesian strings that differ from its English ones."""
    table = yaml.safe_load((theme_dir() / "templates" / "strings.yml").read_text(encoding="utf-8"))
    found = []
    for key, value in table["id"].items():
        if key == "locale" or value == table["en"].get(key):
            continue
        found += [part.strip() for part in re.split(r"%[ds]", value) if part.strip()]
    return found


def test_english_site_says_min_read_and_english_dates_and_no_indonesian_words(make_site):
    root = make_site(
        {
            "kabar.yml": "lang: en\n",
            "content/a.md": article(title="Flood in Bekasi", category="National", body=" ".join(["word"] * 401)),
            "content/b.md": article(title="More Rain", date="2024-03-06 10:00", category="National", body="Rain."),
        }
    )
    run_build(root)
    doc = html(root, "/2024/03/05/flood-in-bekasi/")
    assert doc.get("lang") == "en"
    story = doc.xpath("//main//article")[0]
    assert "3 min read" in text(story)
    assert text(story.xpath(".//time")[0]).startswith("Tuesday, March 5, 2024")
    assert doc.xpath("//*[contains(., 'Related stories')]")  # the related box is there, in English
    shown = text(doc.xpath("//body")[0]) + " " + " ".join(doc.xpath("//@aria-label | //@title | //@alt"))
    leftovers = [w for w in indonesian_theme_words() if re.search(rf"\b{re.escape(w)}\b", shown)]
    assert leftovers == []


# ---------------------------------------------------------------- listings


def test_category_page_lists_both_spellings_as_one_category(basic):
    doc = html(basic, "/kategori/nasional/")
    assert [text(h) for h in doc.xpath("//h1")] == ["Nasional"]
    assert stories_linked(main(doc)) == {BANJIR, SUSULAN}
    category_links = {text(a) for a in doc.xpath("//a[starts-with(@href, '/kategori/')]")}
    assert "nasional" not in category_links
    assert not (basic / "public" / "kategori" / "nasional" / "page" / "2").exists()


def test_category_page_links_its_own_feed(basic):
    doc = html(basic, "/kategori/nasional/")
    feeds = doc.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href")
    assert BASE + "/kategori/nasional/feed.xml" in [urljoin(BASE + "/kategori/nasional/", f) for f in feeds]
    assert (basic / "public" / "kategori" / "nasional" / "feed.xml").is_file()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", set(STORIES)),
        ("/kategori/nasional/", {BANJIR, SUSULAN}),
        ("/kategori/ekonomi/", {HARGA}),
        ("/kategori/olahraga/", {TIMNAS}),
        ("/tag/banjir/", {BANJIR, SUSULAN}),
        ("/tag/bekasi/", {BANJIR}),
        ("/penulis/raka-pratama/", {HARGA, SUSULAN, TIMNAS}),
        ("/penulis/ayu-santoso/", {BANJIR, SUSULAN}),
        ("/2024/", set(STORIES)),
        ("/2024/03/", {BANJIR, HARGA, SUSULAN}),
        ("/2024/04/", {TIMNAS}),
        ("/2024/03/05/", {BANJIR, HARGA}),
        ("/2024/03/07/", {SUSULAN}),
        ("/2024/04/02/", {TIMNAS}),
    ],
)
def test_listing_pages_list_their_stories_across_their_pages(basic, url, expected):
    pages, linked = listing(basic, url)
    assert linked == expected
    assert len(pages) == math.ceil(len(expected) / PER_PAGE)
    for page_url in pages:
        assert len(html(basic, page_url).xpath("//h1")) == 1


def test_author_page_has_a_second_page(basic):
    doc = html(basic, "/penulis/raka-pratama/page/2/")
    assert [text(h) for h in doc.xpath("//h1")] == ["Raka Pratama"]
    by_raka = [url for url in NEWEST_FIRST if "Raka Pratama" in STORIES[url]["authors"]]
    assert stories_linked(main(doc)) == set(by_raka[PER_PAGE:])


def test_tag_page_names_its_tag(basic):
    doc = html(basic, "/tag/banjir/")
    assert "banjir" in text(doc.xpath("//h1")[0])


def archive_nav(root: Path, url: str) -> list[tuple[str, str, bool]]:
    """The date archives a date archive's page links beside it: (label, URL, whether it is this one)."""
    return [
        (text(a), a.get("href"), a.get("aria-current") == "page")
        for a in html(root, url).xpath("//nav[@class='archive-nav']//a")
    ]


def test_a_date_archive_links_the_others_beside_it_as_a_portals_index_does(basic):
    assert archive_nav(basic, "/2024/03/") == [("Mar", "/2024/03/", True), ("Apr", "/2024/04/", False)]
    assert archive_nav(basic, "/2024/03/07/") == [("5", "/2024/03/05/", False), ("7", "/2024/03/07/", True)]
    assert archive_nav(basic, "/2024/03/page/2/")[0] == ("Mar", "/2024/03/", True)  # each page of it
    assert archive_nav(basic, "/2024/") == archive_nav(basic, "/2024/04/02/") == []  # none beside them: no list


def test_the_years_archives_are_listed_newest_first_and_the_months_in_the_calendars_order(make_site):
    stories = {"2023-11-20": "a", "2024-01-05": "b", "2024-12-31": "c", "2025-02-01": "d"}
    root = make_site({f"content/{slug}.md": article(title=slug, date=f"{day} 09:00") for day, slug in stories.items()})
    run_build(root)
    assert [label for label, _, _ in archive_nav(root, "/2024/")] == ["2025", "2024", "2023"]
    assert archive_nav(root, "/2024/12/") == [("Jan", "/2024/01/", False), ("Des", "/2024/12/", True)]


# ---------------------------------------------------------------- the pages of all categories, tags and authors


@pytest.mark.parametrize(
    ("url", "heading"), [("/kategori/", "Semua kategori"), ("/tag/", "Semua tag"), ("/penulis/", "Semua penulis")]
)
def test_the_folder_above_each_kinds_pages_lists_them_all_by_name_each_with_its_number_of_stories(basic, url, heading):
    doc = html(basic, url)
    assert [text(h) for h in doc.xpath("//h1")] == [heading]
    entries = main(doc).xpath(".//ul[contains(@class, 'directory')]/li")
    names = [text(entry.xpath("./a")[0]) for entry in entries]
    assert names and names == sorted(names, key=str.casefold)
    for entry in entries:
        (link,) = entry.xpath("./a/@href")
        assert link.startswith(url) and link != url
        _, stories = listing(basic, link)  # what its own pages list, page after page
        said = text(entry.xpath("./span[@class='directory-count']")[0])
        assert said == (f"{len(stories)} berita"), (link, said)
    # Each of the site's categories and authors is there (a tag's page is found from its stories' pages).
    if url != "/tag/":
        key = "category" if url == "/kategori/" else "authors"
        everyone = {name for story in STORIES.values() for name in ([story[key]] if key == "category" else story[key])}
        assert set(names) == everyone


def test_every_page_links_the_pages_of_all_categories_tags_and_authors_and_a_listings_label_leads_to_its_own(basic):
    for url in ("/", BANJIR, "/404.html"):
        (footer,) = html(basic, url).xpath("//footer[@class='site-footer']")
        assert {"/kategori/", "/tag/", "/penulis/"} <= set(footer.xpath(".//a/@href"))
    for url, above in (
        ("/kategori/nasional/", "/kategori/"),
        ("/tag/banjir/", "/tag/"),
        ("/penulis/ayu-santoso/", "/penulis/"),
    ):
        assert html(basic, url).xpath("//p[@class='eyebrow']/a/@href") == [above]


def test_the_page_of_all_categories_shows_what_kabar_yml_says_of_each(make_site):
    root = make_site(
        {
            "kabar.yml": "title: Uji\ncategories:\n  Nasional:\n"
            "    description: Politik dan peristiwa dari seluruh negeri.\n",
            "content/a.md": article(),
            "content/b.md": article(title="Harga Beras", category="Ekonomi"),
        }
    )
    run_build(root)
    entries = [text(li) for li in html(root, "/kategori/").xpath("//ul[contains(@class, 'directory')]/li")]
    assert entries == ["Ekonomi 1 berita", "Nasional 1 berita Politik dan peristiwa dari seluruh negeri."]
    assert not (root / "public" / "tag").exists()  # no story has a tag: no page lists none


def test_the_pages_of_all_follow_permalinks_and_give_way_to_a_page_of_the_sites_own(make_site):
    root = make_site(
        {
            "kabar.yml": "title: Uji\npermalinks:\n"
            "  category: /rubrik/:slug/\n  tag: /topik/:slug/\n  author: /:slug/\n",
            "content/a.md": article(tags="[banjir]", author="Ayu Santoso"),
            "pages/topik.md": "---\ntitle: Topik Pilihan\n---\nTulisan redaksi.\n",
        }
    )
    run_build(root)
    assert [text(h) for h in html(root, "/rubrik/").xpath("//h1")] == ["Semua kategori"]
    assert [text(h) for h in html(root, "/topik/").xpath("//h1")] == ["Topik Pilihan"]  # the page of pages/ wins
    assert (root / "public/topik/banjir/index.html").is_file() and (root / "public/ayu-santoso/index.html").is_file()
    links = html(root, "/").xpath("//p[@class='footer-links']/a")
    assert [(a.get("href"), text(a)) for a in links if a.get("href") not in ("/feed.xml", "/feed.json", "/cari/")] == [
        ("/rubrik/", "Semua kategori")  # no tags' page (pages/topik.md has its address), no authors' (at the root)
    ]


def test_the_pages_of_all_speak_english_with_lang_en(make_site):
    root = make_site({"kabar.yml": "title: Test\nlang: en\n", "content/a.md": article(tags="[flood, city]")})
    run_build(root)
    doc = html(root, "/tag/")
    assert [text(h) for h in doc.xpath("//h1")] == ["All tags"]
    assert [text(li) for li in doc.xpath("//ul[contains(@class, 'directory')]/li")] == ["city 1 story", "flood 1 story"]


def test_not_found_page_exists_with_one_h1(basic):
    doc = lxml.html.fromstring((basic / "public" / "404.html").read_text(encoding="utf-8"))
    assert len(doc.xpath("//h1")) == 1


def test_not_found_page_has_no_canonical_link_or_og_url_as_it_has_no_address_of_its_own(basic):
    doc = lxml.html.fromstring((basic / "public" / "404.html").read_text(encoding="utf-8"))
    assert doc.xpath("//link[@rel='canonical'] | //meta[@property='og:url']") == []
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    home = html(basic, "/")  # every other page keeps both
    assert (
        home.xpath("//link[@rel='canonical']/@href")
        == home.xpath("//meta[@property='og:url']/@content")
        == [BASE + "/"]
    )


# ---------------------------------------------------------------- drafts and scheduled stories


def everything_in(root: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in public_files(root))


def test_drafts_and_scheduled_stories_appear_nowhere(basic):
    assert not (basic / "public" / DRAFT.strip("/")).exists()
    assert not (basic / "public" / SCHEDULED.strip("/")).exists()
    assert not (basic / "public" / "2099").exists()
    published = everything_in(basic)
    for title, url in ((DRAFT_TITLE, DRAFT), (SCHEDULED_TITLE, SCHEDULED)):
        assert title not in published
        assert url.rstrip("/").rsplit("/", 1)[-1] not in published


def test_drafts_option_publishes_the_draft(copy_site):
    root = copy_site("basic")
    run_build(root, drafts=True)
    assert [text(h) for h in html(root, DRAFT).xpath("//h1")] == [DRAFT_TITLE]
    assert not (root / "public" / SCHEDULED.strip("/")).exists()


def test_future_option_publishes_the_scheduled_story(copy_site):
    root = copy_site("basic")
    run_build(root, future=True)
    assert [text(h) for h in html(root, SCHEDULED).xpath("//h1")] == [SCHEDULED_TITLE]
    assert not (root / "public" / DRAFT.strip("/")).exists()


# ---------------------------------------------------------------- templates and defaults

LOKASI_TEMPLATE = """\
{% extends "default/article.html" %}
{% block content %}
{{ super() }}
<p class="lokasi">{{ article.extra.get("lokasi", "") }}</p>
{% endblock %}
"""


def test_extra_front_matter_reaches_a_sites_own_template(copy_site):
    root = copy_site("basic")
    (root / "templates").mkdir()
    (root / "templates" / "article.html").write_text(LOKASI_TEMPLATE, encoding="utf-8")
    run_build(root)
    doc = html(root, TIMNAS)
    assert [text(p) for p in doc.xpath("//p[@class='lokasi']")] == ["Makassar"]
    assert [text(h) for h in doc.xpath("//h1")] == [STORIES[TIMNAS]["title"]]  # the theme's article, extended
    # Every other template still comes from the theme.
    category = html(root, "/kategori/olahraga/")
    assert [text(h) for h in category.xpath("//h1")] == ["Olahraga"]
    assert category.xpath("//p[@class='lokasi']") == []
    assert stories_linked(main(category)) == {TIMNAS}


def test_site_with_only_content_builds_with_defaults_and_the_default_theme(make_site):
    root = make_site({"content/berita.md": article()})
    run_build(root)
    public = root / "public"
    css = theme_dir() / "static" / "css" / "kabar.css"
    published = (public / "css" / "kabar.css").read_bytes()
    assert published == rcssmin.cssmin(css.read_bytes())  # the theme's, minified: its comments stay in the source
    assert len(published) < 0.85 * css.stat().st_size and b"/*" not in published
    doc = html(root, "/2024/03/05/banjir-rendam-bekasi/")
    assert doc.get("lang") == Config().lang
    assert doc.xpath("//link[@rel='canonical']/@href") == [Config().base_url + "/2024/03/05/banjir-rendam-bekasi/"]
    assert Config().title in text(html(root, "/").xpath("//body")[0])


# ---------------------------------------------------------------- escaping

NASTY_TITLE = "</script><script>alert(1)</script>"
NASTY_SUMMARY = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def nasty_site(make_site) -> Path:
    root = make_site(
        {
            "content/a.md": article(
                title=json.dumps(NASTY_TITLE),
                category=json.dumps("A&B <Kota>"),
                author=json.dumps("<b>Budi</b> & Co"),
                tags=json.dumps(["<i>x</i>"]),
                summary="'" + NASTY_SUMMARY + "'",
            ),
            "content/b.md": article(title="Berita Kedua", date="2024-03-06 10:00", category=json.dumps("A&B <Kota>")),
        }
    )
    run_build(root)
    return root


def test_front_matter_cannot_inject_markup_into_any_page(nasty_site):
    pages = html_pages(nasty_site)
    assert len(pages) > 5
    for path in pages:
        doc = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        inline = [s.get("type") for s in doc.xpath("//script[not(@src)]")]
        assert inline in ([], ["application/ld+json"]), path
        assert set(doc.xpath("//script/@src")) <= THEME_SCRIPTS, path
        assert doc.xpath("//img[@onerror]") == [], path
        assert doc.xpath("//b | //i") == [], path


def test_front_matter_markup_is_shown_as_text(nasty_site):
    doc = html(nasty_site, "/2024/03/05/script-script-alert-1-script/")
    assert [text(h) for h in doc.xpath("//h1")] == [NASTY_TITLE]
    assert "<b>Budi</b> & Co" in text(main(doc))
    assert doc.xpath("//meta[@name='description']/@content") == [NASTY_SUMMARY]


def test_json_ld_survives_hostile_titles(nasty_site):
    data = jsonld(html(nasty_site, "/2024/03/05/script-script-alert-1-script/"))
    assert data["headline"] == NASTY_TITLE
    assert data["description"] == NASTY_SUMMARY
    assert [a["name"] for a in data["author"]] == ["<b>Budi</b> & Co"]


def test_feeds_and_sitemap_survive_hostile_front_matter(nasty_site):
    public = nasty_site / "public"
    feeds = sorted(public.rglob("feed.xml"))
    assert len(feeds) == 2  # the site's and the category's
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert NASTY_TITLE in [e.title for e in parsed.entries]
        assert {t.term for e in parsed.entries for t in e.tags} == {"A&B <Kota>", "<i>x</i>"}  # category, tag
    etree.fromstring((public / "sitemap.xml").read_bytes())


# ---------------------------------------------------------------- structured data


def test_news_article_json_ld_has_what_google_news_reads(basic):
    data = jsonld(html(basic, BANJIR))
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": BASE + BANJIR}
    assert data["dateModified"] == data["datePublished"] == "2024-03-05T09:30:00+07:00"
    assert data["author"] == [{"@type": "Person", "name": "Ayu Santoso", "url": BASE + "/penulis/ayu-santoso/"}]
    largest, shared = data["image"]
    assert re.fullmatch(re.escape(BASE) + VARIANT + "/16.png", largest.pop("url"))
    assert re.fullmatch(re.escape(BASE) + VARIANT + "/16x8.png", shared.pop("url"))
    caption = "Jalan yang tergenang air setinggi lutut"
    assert largest == {"@type": "ImageObject", "width": 16, "height": 9, "caption": caption}
    assert shared == {"@type": "ImageObject", "width": 16, "height": 8}  # a crop of it: its caption is said once
    assert data["publisher"] == {
        "@type": "Organization",
        "name": TITLE,
        "url": BASE + "/",
        "logo": {"@type": "ImageObject", "url": BASE + "/logo.png"},
    }
    assert (basic / "public" / "logo.png").read_bytes().startswith(b"\x89PNG")
    assert data["articleSection"] == "Nasional" and data["inLanguage"] == "id"
    assert data["keywords"] == ["banjir", "bekasi"]
    assert jsonld(html(basic, SUSULAN))["dateModified"] == "2024-03-07T16:45:00+07:00"


def test_article_breadcrumbs_lead_from_the_front_page_through_the_category(basic):
    crumbs = jsonld(html(basic, BANJIR), "BreadcrumbList")["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Beranda", BASE + "/"),
        (2, "Nasional", BASE + "/kategori/nasional/"),
        (3, STORIES[BANJIR]["title"], BASE + BANJIR),
    ]


def test_front_page_describes_the_website_and_its_publisher(basic):
    doc = html(basic, "/")
    website, organization = jsonld(doc, "WebSite"), jsonld(doc, "Organization")
    assert website["url"] == BASE + "/" and website["name"] == TITLE and website["description"] == TAGLINE
    assert website["publisher"] == {"@id": organization["@id"]}
    assert website["potentialAction"]["target"]["urlTemplate"] == BASE + "/cari/?q={search_term_string}"
    assert organization["logo"]["url"] == BASE + "/logo.png"


def test_listings_are_collection_pages_with_breadcrumbs_and_their_stories(basic):
    category = jsonld(html(basic, "/kategori/nasional/"), "CollectionPage")
    assert category["url"] == BASE + "/kategori/nasional/"
    assert [i["url"] for i in category["mainEntity"]["itemListElement"]] == [BASE + SUSULAN, BASE + BANJIR]
    crumbs = jsonld(html(basic, "/penulis/raka-pratama/page/2/"), "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Beranda", "Raka Pratama", "Halaman 2 dari 2"]
    day = jsonld(html(basic, "/2024/03/05/"), "BreadcrumbList")["itemListElement"]
    assert [(c["name"], c["item"]) for c in day] == [
        ("Beranda", BASE + "/"),
        ("2024", BASE + "/2024/"),
        ("Maret 2024", BASE + "/2024/03/"),
        ("Arsip Selasa, 5 Maret 2024", BASE + "/2024/03/05/"),
    ]
    # The trail a reader sees on a day's archive goes up to its month and year.
    assert html(basic, "/2024/03/05/").xpath("//nav[@class='crumbs']//a/@href") == ["/2024/", "/2024/03/"]


def test_a_story_without_a_byline_is_the_newsrooms_in_json_ld(make_site):
    """Google asks a NewsArticle for its author: a story no one signed is the publisher's, not nobody's."""
    root = make_site({"content/a.md": article()})
    run_build(root)
    data = jsonld(html(root, "/2024/03/05/banjir-rendam-bekasi/"))
    assert data["author"] == [
        {"@type": "Organization", "name": data["publisher"]["name"], "url": data["publisher"]["url"]}
    ]


def test_every_page_has_one_json_ld_block_and_the_article_page_open_graph(basic):
    for path in html_pages(basic):
        if path.name == "404.html" or path.parent.name == "cari":
            continue
        assert len(lxml.html.parse(path).xpath("//script[@type='application/ld+json']")) == 1, path
    doc = html(basic, BANJIR)
    assert doc.xpath("//meta[@property='article:section']/@content") == ["Nasional"]
    assert doc.xpath("//meta[@property='article:tag']/@content") == ["banjir", "bekasi"]
    assert doc.xpath("//meta[@property='article:published_time']/@content") == ["2024-03-05T09:30:00+07:00"]
    assert doc.xpath("//meta[@name='twitter:card']/@content") == ["summary_large_image"]
    assert html(basic, SUSULAN).xpath("//meta[@name='twitter:card']/@content") == ["summary"]


# ---------------------------------------------------------------- images, weight, icons


def test_images_have_their_size_and_only_those_below_the_fold_load_lazily(basic):
    home = html(basic, "/")
    (lead,) = home.xpath("//article[contains(@class, 'lead')]//img")
    assert (lead.get("width"), lead.get("height")) == ("16", "9")
    assert lead.get("loading") is None and lead.get("fetchpriority") == "high"
    story = html(basic, BANJIR).xpath("//figure[@class='story-image']//img")[0]
    assert (story.get("width"), story.get("height"), story.get("loading")) == ("16", "9", None)
    cards = html(basic, "/kategori/nasional/").xpath("//main//img")
    assert cards and all(img.get("width") == "16" for img in cards)


def test_a_listings_first_pictures_load_at_once_and_the_rest_when_scrolled_to(make_site):
    png = (SITES / "basic" / "content" / "images" / "banjir.png").read_bytes()
    files = {"content/images/banjir.png": png}
    for day in range(1, 5):
        files[f"content/{day}.md"] = article(
            title=f"Banjir Hari {day}", date=f"2024-03-0{day} 09:30", image="/images/banjir.png", image_alt="Banjir"
        )
    root = make_site(files)
    run_build(root)
    cards = html(root, "/kategori/nasional/").xpath("//main//img")
    assert [img.get("loading") for img in cards] == [None, None, "lazy", "lazy"]  # the first row is above the fold


def test_images_in_the_body_get_their_size_and_load_lazily(make_site):
    png = (SITES / "basic" / "content" / "images" / "banjir.png").read_bytes()
    root = make_site(
        {
            "content/a.md": article(
                body="Teks.\n\n![Peta banjir](/images/peta.png)\n\n![Luar](https://x.example/y.png)"
            ),
            "content/images/peta.png": png,
        }
    )
    run_build(root)
    images = {img.get("alt"): img for img in html(root, "/2024/03/05/banjir-rendam-bekasi/").xpath("//main//img")}
    assert (images["Peta banjir"].get("width"), images["Peta banjir"].get("height")) == ("16", "9")
    assert images["Luar"].get("width") is None  # not a local file: nothing to measure
    assert {img.get("loading") for img in images.values()} == {"lazy"}


def test_every_article_page_with_its_stylesheet_weighs_under_30_kb(basic):
    css = {
        name: (basic / "public" / "css" / name).stat().st_size
        for name in ("kabar.css", "komentar.css", "media.css", "koreksi.css")
    }
    for url in STORIES:
        links = html(basic, url).xpath("//link[@rel='stylesheet'][not(@media)]/@href")
        shown = [href.rpartition("/")[2] for href in links]
        page = (basic / "public" / url.strip("/") / "index.html").stat().st_size
        assert page + sum(css[name] for name in shown) < 30_000, (url, page, shown)
    # Nothing else to load: BANJIR has comments, whose styles only such a page loads; print styles wait for paper
    assert html(basic, BANJIR).xpath("//link[@rel='stylesheet'][not(@media)]/@href") == [
        "/css/kabar.css",
        "/css/komentar.css",
    ]
    assert html(basic, BANJIR).xpath("//link[@rel='stylesheet'][@media='print']/@href") == ["/css/cetak.css"]
    # (a data: URL, the search box's clear cross, is in the stylesheet itself)
    assert not re.search(r"@import|@font-face|url\((?!\"data:)", (basic / "public" / "css" / "kabar.css").read_text())


def test_the_theme_has_a_favicon_ico(basic):
    ico = (basic / "public" / "favicon.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and int.from_bytes(ico[4:6], "little") >= 1
    assert html(basic, "/").xpath("//link[@rel='icon']/@href") == ["/favicon.ico", "/favicon.svg"]


def test_a_bands_stories_without_pictures_are_not_one_colour(make_site):
    """A row of tiles of one colour, each with the site's name, read as broken images: each story has its own."""
    stories = {
        f"content/2024/{n}.md": article(title=f"Berita Tanpa Foto {n}", date=f"2024-03-0{n} 09:00") for n in range(1, 6)
    }
    root = make_site({**stories, "kabar.yml": "title: Kabar Uji\nsearch: false\n"})
    run_build(root)
    bands = main(html(root, "/")).xpath(".//section[contains(@class, 'band')]")
    tiles = [tile for band in bands for tile in band.xpath(".//p[contains(@class, 'card-image')]/@class")]
    assert len(tiles) == 4 and len(set(tiles)) > 1, tiles


def test_listing_pages_are_numbered_as_portals_number_them(make_site):
    """Newer, the first page, those around this one, the last, older: '…' where numbers are left out."""
    stories = {
        f"content/2024/{n}.md": article(title=f"Berita {n}", date=f"2024-03-{n:02d} 09:00") for n in range(1, 25)
    }
    root = make_site({**stories, "kabar.yml": "title: Kabar Uji\nsearch: false\nper_page: 2\n"})
    run_build(root)
    nav = main(html(root, "/kategori/nasional/page/6/")).xpath(".//nav[@class='pagination']")[0]
    shown = [" ".join(item.text_content().split()) for item in nav.xpath(".//ol/li")]
    assert shown == ["Halaman 1", "…", "Halaman 5", "Halaman 6", "Halaman 7", "…", "Halaman 12"]
    assert nav.xpath(".//a[@aria-current='page']/@href") == ["/kategori/nasional/page/6/"]
    assert nav.xpath(".//ol//a/@href")[0] == "/kategori/nasional/"
    assert nav.xpath(".//a[@rel='prev']/@href") == ["/kategori/nasional/page/5/"]
    assert nav.xpath(".//a[@rel='next']/@href") == ["/kategori/nasional/page/7/"]
    first = main(html(root, "/kategori/nasional/")).xpath(".//nav[@class='pagination']//ol/li")
    assert [" ".join(item.text_content().split()) for item in first] == ["Halaman 1", "Halaman 2", "…", "Halaman 12"]


# ---------------------------------------------------------------- the sitemap's dates of listing pages


def sitemap_dates(root: Path) -> dict[str, str]:
    """Each URL of ROOT's built sitemap.xml, as a path, and its lastmod."""
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = etree.fromstring((root / "public" / "sitemap.xml").read_bytes()).findall(f"{ns}url")
    return {e.findtext(f"{ns}loc").removeprefix(BASE): e.findtext(f"{ns}lastmod") for e in entries}


@pytest.mark.parametrize("band", [False, True])
def test_the_front_pages_date_counts_its_headline_and_its_bands(make_site, band):
    files = {
        "kabar.yml": f"base_url: {BASE}\nper_page: 1\n",
        # an old headline, updated today: not on the first page's list, yet shown above it
        "content/a.md": article("Lama", date="2024-03-01 09:00", featured="true", updated="2024-03-10 08:00"),
        "content/b.md": article("Baru", date="2024-03-05 09:00"),
    }
    if band:  # an older story of another category updated later still: in that category's band
        files["content/c.md"] = article(
            "Daerah", date="2024-03-02 09:00", category="Daerah", updated="2024-03-12 08:00"
        )
    root = make_site(files)
    run_build(root)
    dates = sitemap_dates(root)
    assert dates["/"] == ("2024-03-12T08:00:00+07:00" if band else "2024-03-10T08:00:00+07:00")


@pytest.mark.parametrize("updated", [False, True])
def test_a_listing_page_is_dated_by_the_newest_story_on_it_or_the_pages_before_it(make_site, updated):
    more = {"updated": "2024-03-20 08:00"} if updated else {}
    root = make_site(
        {
            "kabar.yml": f"base_url: {BASE}\nper_page: 1\n",
            "content/x.md": article("X", date="2024-03-05 09:00"),
            "content/y.md": article("Y", date="2024-03-04 09:00", **more),
            "content/z.md": article("Z", date="2024-03-03 09:00"),
        }
    )
    run_build(root)
    dates = sitemap_dates(root)
    pushed = "2024-03-20T08:00:00+07:00" if updated else "2024-03-05T09:00:00+07:00"  # a new story moves them all
    pages = [dates["/kategori/nasional/"], dates["/kategori/nasional/page/2/"], dates["/kategori/nasional/page/3/"]]
    assert pages == ["2024-03-05T09:00:00+07:00", pushed, pushed]
    assert [dates["/page/2/"], dates["/page/3/"]] == [pushed, pushed]  # the front page's too
