"""The machine-read files: RSS feeds, sitemap.xml and robots.txt."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import shutil
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree

from kabar.cli import main
from kabar.errors import BuildError

from .conftest import SITES, article, run_build

# What tests/sites/basic says, as written in its kabar.yml and content/ (the input, not kabar's output).
BASE = "https://uji.example"
VARIANT = r"/gambar/[0-9a-f]{16}"  # an image variant, named by a hash (see kabar/pictures.py)
TITLE = "Kabar Uji"
FEED_ITEMS = 3
WIB = dt.timezone(dt.timedelta(hours=7))
WITA = dt.timezone(dt.timedelta(hours=8))

BANJIR = "/2024/03/05/banjir-rendam-tiga-kecamatan-di-bekasi/"
HARGA = "/2024/03/05/harga-beras-naik-menjelang-ramadan/"
SUSULAN = "/2024/03/07/banjir-susulan-mengancam-bekasi-utara/"
TIMNAS = "/2024/04/02/timnas-menang-2-0-atas-vietnam/"

STORIES = {
    BANJIR: {
        "title": "Banjir Rendam Tiga Kecamatan di Bekasi",
        "date": dt.datetime(2024, 3, 5, 9, 30, tzinfo=WIB),
        "updated": None,
        "category": "Nasional",
        "authors": ["Ayu Santoso"],
        "summary": "Ribuan rumah terendam setelah hujan semalam.",
    },
    HARGA: {
        "title": "Harga Beras Naik Menjelang Ramadan",
        "date": dt.datetime(2024, 3, 5, 14, 0, tzinfo=WIB),
        "updated": None,
        "category": "Ekonomi",
        "authors": ["Raka Pratama"],
    },
    SUSULAN: {
        "title": "Banjir Susulan Mengancam Bekasi Utara",
        "date": dt.datetime(2024, 3, 7, 0, 0, tzinfo=WIB),
        "updated": dt.datetime(2024, 3, 7, 16, 45, tzinfo=WIB),
        "category": "Nasional",  # written "nasional" in its file
        "authors": ["Ayu Santoso", "Raka Pratama"],
    },
    TIMNAS: {
        "title": "Timnas Menang 2-0 atas Vietnam",
        "date": dt.datetime(2024, 4, 2, 19, 30, tzinfo=WITA),
        "updated": None,
        "category": "Olahraga",
        "authors": ["Raka Pratama"],
    },
}
NEWEST_FIRST = sorted(STORIES, key=lambda url: STORIES[url]["date"], reverse=True)
NASIONAL = [url for url in NEWEST_FIRST if STORIES[url]["category"] == "Nasional"]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XMLNS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


MEDIA = {"media": "http://search.yahoo.com/mrss/"}


def modified(url: str) -> dt.datetime:
    return STORIES[url]["updated"] or STORIES[url]["date"]


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    """tests/sites/basic built once; its public/ folder."""
    root = tmp_path_factory.mktemp("feeds") / "basic"
    shutil.copytree(SITES / "basic", root)
    run_build(root)
    return root / "public"


def parse(public: Path, name: str):
    parsed = feedparser.parse((public / name).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def xml(public: Path, name: str):
    return etree.fromstring((public / name).read_bytes())


def item(channel_xml, url: str):
    (found,) = channel_xml.xpath("//item[link = $link]", link=BASE + url)
    return found


# ---------------------------------------------------------------- the site's feed


def test_feed_parses_and_names_the_site(public):
    feed = parse(public, "feed.xml").feed
    assert feed.title == TITLE
    assert feed.link == BASE + "/"


def test_feed_has_feed_items_entries_newest_first(public):
    entries = parse(public, "feed.xml").entries
    assert [e.link for e in entries] == [BASE + url for url in NEWEST_FIRST[:FEED_ITEMS]]
    stamps = [calendar.timegm(e.published_parsed) for e in entries]
    assert stamps == sorted(stamps, reverse=True)


def test_feed_entry_link_and_id_are_the_permalink(public):
    for entry in parse(public, "feed.xml").entries:
        assert entry.link == entry.id
        assert entry.link.startswith(BASE + "/")
    for guid in xml(public, "feed.xml").iter("guid"):
        assert guid.get("isPermaLink", "true") == "true"  # the id is the permalink itself
        assert guid.text == guid.getparent().findtext("link")


def test_feed_entry_published_is_the_article_date(public):
    for entry in parse(public, "feed.xml").entries:
        url = entry.link.removeprefix(BASE)
        assert calendar.timegm(entry.published_parsed) == STORIES[url]["date"].timestamp()
        assert entry.title == STORIES[url]["title"]


def test_feed_pub_date_keeps_the_articles_own_offset(public):
    channel = xml(public, "feed.xml")
    for url in NEWEST_FIRST[:FEED_ITEMS]:
        raw = item(channel, url).findtext("pubDate")
        expected = STORIES[url]["date"]
        assert parsedate_to_datetime(raw) == expected
        offset = "+0800" if expected.utcoffset() == dt.timedelta(hours=8) else "+0700"
        assert raw.endswith(offset), raw
    assert item(channel, TIMNAS).findtext("pubDate").endswith("+0800")


def test_feed_content_is_the_full_body_with_absolute_links(public):
    channel = xml(public, "kategori/nasional/feed.xml")
    encoded = item(channel, BANJIR).findtext("content:encoded", namespaces=XMLNS)
    body = lxml.html.fragment_fromstring(encoded, create_parent="div")
    assert [s.text_content() for s in body.xpath(".//strong")] == ["ribuan"]
    assert [h.text_content() for h in body.xpath(".//h2")] == ["Pengungsi"]
    assert body.xpath(".//a/@href") == [BASE + "/peta/"]


def test_feed_content_has_no_root_relative_links(public):
    for name in ("feed.xml", "kategori/nasional/feed.xml", "kategori/ekonomi/feed.xml", "kategori/olahraga/feed.xml"):
        for encoded in xml(public, name).xpath("//content:encoded/text()", namespaces=XMLNS):
            body = lxml.html.fragment_fromstring(encoded, create_parent="div")
            for link in body.xpath(".//@href | .//@src"):
                assert not link.startswith("/"), (name, link)


def test_feed_description_is_the_summary(public):
    entries = {e.link: e for e in parse(public, "kategori/nasional/feed.xml").entries}
    assert entries[BASE + BANJIR].summary == STORIES[BANJIR]["summary"]
    # Without a summary: the first paragraph of the body.
    for entry in parse(public, "feed.xml").entries:
        if "summary" not in STORIES[entry.link.removeprefix(BASE)]:
            first = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div").xpath(".//p")[0]
            assert entry.summary == " ".join(first.text_content().split())


def test_feed_entry_categories_are_its_category_in_the_one_spelling_then_its_tags(public):
    """As WordPress lists them, and as the JSON Feed's tags: a feed reader files the story under each."""
    tagged = {item["url"]: item["tags"] for item in json_feed(public, "feed.json")["items"]}
    for entry in parse(public, "feed.xml").entries:
        terms = [t.term for t in entry.tags]
        assert terms[0] == STORIES[entry.link.removeprefix(BASE)]["category"]
        assert terms == tagged[entry.link]
    banjir = next(e for e in parse(public, "kategori/nasional/feed.xml").entries if e.link == BASE + BANJIR)
    assert [t.term for t in banjir.tags] == ["Nasional", "banjir", "bekasi"]


def test_feed_names_every_author_with_dc_creator(public):
    channel = xml(public, "feed.xml")
    for url in NEWEST_FIRST[:FEED_ITEMS]:
        creators = item(channel, url).xpath("dc:creator/text()", namespaces=XMLNS)
        assert creators == STORIES[url]["authors"]
    assert item(channel, SUSULAN).xpath("dc:creator/text()", namespaces=XMLNS) == ["Ayu Santoso", "Raka Pratama"]


def test_feed_links_itself_with_atom_self(public):
    for name in ("feed.xml", "kategori/nasional/feed.xml"):
        selves = xml(public, name).xpath("/rss/channel/atom:link[@rel='self']", namespaces=XMLNS)
        assert [(a.get("href"), a.get("type")) for a in selves] == [(f"{BASE}/{name}", "application/rss+xml")]


def test_feed_last_build_date_is_the_newest_article_not_the_clock(public):
    for name, urls in (("feed.xml", NEWEST_FIRST[:FEED_ITEMS]), ("kategori/nasional/feed.xml", NASIONAL)):
        raw = xml(public, name).findtext("channel/lastBuildDate")
        assert parsedate_to_datetime(raw) == max(modified(url) for url in urls), name
    # The Nasional feed's newest story has an `updated:` time: that is its date.
    assert (
        parsedate_to_datetime(xml(public, "kategori/nasional/feed.xml").findtext("channel/lastBuildDate"))
        == (STORIES[SUSULAN]["updated"])
    )


def test_category_feed_has_only_its_category(public):
    parsed = parse(public, "kategori/nasional/feed.xml")
    assert [e.link for e in parsed.entries] == [BASE + url for url in NASIONAL]
    assert {e.tags[0].term for e in parsed.entries} == {"Nasional"}
    assert parsed.feed.link == BASE + "/kategori/nasional/"


def test_feed_items_default_to_twenty(make_site):
    files = {
        f"content/{n:02}.md": article(title=f"Berita Nomor {n}", date=f"2024-03-{n:02} 08:00") for n in range(1, 26)
    }
    root = make_site(files)
    run_build(root)
    entries = parse(root / "public", "feed.xml").entries
    assert len(entries) == 20
    assert [e.title for e in entries] == [f"Berita Nomor {n}" for n in range(25, 5, -1)]


# ---------------------------------------------------------------- sitemap and robots.txt


def page_url(public: Path, path: Path) -> str:
    relative = path.relative_to(public).as_posix()
    return "/" + relative.removesuffix("index.html")


def test_sitemap_lists_every_page_but_404_and_search_once_with_absolute_urls(public):
    locs = [loc.text for loc in xml(public, "sitemap.xml").iter(f"{SITEMAP}loc")]
    pages = sorted(page_url(public, p) for p in public.rglob("*.html") if p.name != "404.html")
    pages.remove("/cari/")  # the search page is for readers only (noindex)
    assert all(p.endswith("/") for p in pages)
    assert sorted(locs) == sorted(BASE + url for url in pages)
    assert len(locs) == len(set(locs))


def test_sitemap_lastmod_is_an_iso_date(public):
    root = xml(public, "sitemap.xml")
    assert root.tag == f"{SITEMAP}urlset"
    entries = root.findall(f"{SITEMAP}url")
    assert entries
    lastmods = {}
    for entry in entries:
        (lastmod,) = entry.findall(f"{SITEMAP}lastmod")
        lastmods[entry.findtext(f"{SITEMAP}loc")] = dt.datetime.fromisoformat(lastmod.text)
    for url in STORIES:
        assert lastmods[BASE + url] == modified(url)


def test_robots_txt_names_the_sitemap(public):
    lines = (public / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


def test_a_base_url_host_outside_ascii_is_written_in_idna_in_the_sitemap_robots_txt_and_feeds(make_site):
    root = make_site({"kabar.yml": "base_url: https://berita.désa.id\nsearch: false\n", "content/a.md": article()})
    run_build(root)
    public, base = root / "public", "https://berita.xn--dsa-bma.id"
    for name in ("sitemap.xml", "robots.txt", "feed.xml", "feed.json", "index.html"):
        assert "désa" not in (public / name).read_text(encoding="utf-8"), name
    assert {loc.text for loc in xml(public, "sitemap.xml").iter(f"{SITEMAP}loc")} >= {base + "/"}
    assert f"Sitemap: {base}/sitemap.xml" in (public / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert parse(public, "feed.xml").feed.link == base + "/"
    assert json_feed(public, "feed.json")["feed_url"] == base + "/feed.json"


# ---------------------------------------------------------------- JSON Feed


def json_feed(public: Path, name: str) -> dict:
    return json.loads((public / name).read_text(encoding="utf-8"))


def test_json_feed_sits_beside_every_rss_feed_with_the_same_items(public):
    for rss in ("feed.xml", "kategori/nasional/feed.xml", "kategori/ekonomi/feed.xml", "kategori/olahraga/feed.xml"):
        feed = json_feed(public, rss.replace(".xml", ".json"))
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["feed_url"] == f"{BASE}/{rss.replace('.xml', '.json')}"
        assert [item["url"] for item in feed["items"]] == [e.link for e in parse(public, rss).entries]


def test_json_feed_items_carry_the_story(public):
    feed = json_feed(public, "feed.json")
    assert feed["title"] == TITLE and feed["home_page_url"] == BASE + "/" and feed["language"] == "id"
    items = {item["id"]: item for item in json_feed(public, "kategori/nasional/feed.json")["items"]}
    banjir, susulan = items[BASE + BANJIR], items[BASE + SUSULAN]
    assert banjir["title"] == STORIES[BANJIR]["title"]
    assert banjir["summary"] == STORIES[BANJIR]["summary"]
    assert re.fullmatch(re.escape(BASE) + VARIANT + "/16.png", banjir["image"])  # the largest variant: 16 wide
    assert dt.datetime.fromisoformat(banjir["date_published"]) == STORIES[BANJIR]["date"]
    assert banjir["date_published"].endswith("+07:00")
    assert "date_modified" not in banjir
    assert dt.datetime.fromisoformat(susulan["date_modified"]) == STORIES[SUSULAN]["updated"]
    assert [a["name"] for a in susulan["authors"]] == STORIES[SUSULAN]["authors"]
    assert banjir["authors"] == [{"name": "Ayu Santoso", "url": BASE + "/penulis/ayu-santoso/"}]
    assert banjir["tags"] == ["Nasional", "banjir", "bekasi"]
    body = lxml.html.fragment_fromstring(banjir["content_html"], create_parent="div")
    assert body.xpath(".//a/@href") == [BASE + "/peta/"]  # absolute, as in RSS
    assert "hubs" not in feed


def test_json_feed_favicon_is_the_themes_touch_icon_of_180_pixels_unless_the_site_has_its_own_logo(public, make_site):
    feed = json_feed(public, "feed.json")
    assert feed["favicon"] == BASE + "/apple-touch-icon.png"  # JSON Feed 1.1: square, at least 64x64
    assert (public / "apple-touch-icon.png").read_bytes()[16:24] == (180).to_bytes(4, "big") * 2  # PNG width, height
    assert feed["icon"] == BASE + "/logo.png"
    for logo, shown in (("/gambar/logo-kami.png", BASE + "/gambar/logo-kami.png"), ("https://cdn.example/l.png",) * 2):
        root = make_site({"kabar.yml": f"base_url: {BASE}\nlogo: {logo}\nsearch: false\n", "content/a.md": article()})
        run_build(root)
        feed = json_feed(root / "public", "feed.json")
        assert (feed["icon"], feed["favicon"]) == (shown, shown)


def test_pages_link_their_json_feeds(public):
    home = lxml.html.parse(public / "index.html")
    assert home.xpath("//link[@rel='alternate'][@type='application/feed+json']/@href") == [BASE + "/feed.json"]
    category = lxml.html.parse(public / "kategori" / "nasional" / "index.html")
    assert category.xpath("//link[@rel='alternate'][@type='application/feed+json']/@href") == [
        BASE + "/feed.json",
        BASE + "/kategori/nasional/feed.json",
    ]


def test_a_category_page_names_its_feeds_as_the_feeds_name_themselves(public):
    """A browser or feed reader offers the page's alternate links by their title; subscribed, the feed shows its own."""
    for category in ("nasional", "ekonomi", "olahraga"):
        page = lxml.html.parse(public / "kategori" / category / "index.html")
        rss, json_ = f"kategori/{category}/feed.xml", f"kategori/{category}/feed.json"
        (rss_title,) = page.xpath("//link[@rel='alternate'][@href=$href]/@title", href=f"{BASE}/{rss}")
        (json_title,) = page.xpath("//link[@rel='alternate'][@href=$href]/@title", href=f"{BASE}/{json_}")
        assert rss_title == json_title == parse(public, rss).feed.title == json_feed(public, json_)["title"]
        assert rss_title.endswith(f" — {TITLE}")


# ---------------------------------------------------------------- what a story's page says of it, in feeds too


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_sponsored_story_is_labelled_in_every_feed_as_its_page_labels_it(make_site, lang):
    """Aggregators show a feed's titles as news: paid content says so there, in the page's word, and among its tags."""
    paid = article(title="Promo Akhir Tahun", date="2024-03-06 08:00", sponsored="true", tags="[promo]")
    settings = f"base_url: {BASE}\nlang: {lang}\nsearch: false\n"
    root = make_site({"kabar.yml": settings, "content/a.md": article(), "content/b.md": paid})
    run_build(root)
    public = root / "public"
    page = lxml.html.parse(public / "2024/03/06/promo-akhir-tahun/index.html")
    (label,) = page.xpath("//article//span[@class='badge sponsored']/text()")
    category = lxml.html.parse(public / "index.html").xpath("//nav//a[.='Nasional']/@href")[0].strip("/")
    for rss in ("feed.xml", f"{category}/feed.xml"):
        paid_entry, news = parse(public, rss).entries
        assert paid_entry.title == f"{label}: Promo Akhir Tahun"
        assert [tag.term for tag in paid_entry.tags] == ["Nasional", "promo", label]
        assert news.title == "Banjir Rendam Bekasi" and label not in [tag.term for tag in news.tags]
        paid_item, news_item = json_feed(public, rss.replace(".xml", ".json"))["items"]
        assert (paid_item["title"], paid_item["tags"]) == (paid_entry.title, ["Nasional", "promo", label])
        assert news_item["title"] == news.title and label not in news_item["tags"]


def test_a_corrected_storys_feed_content_starts_with_its_corrections_as_its_page_shows_them(make_site):
    """A reader keeps the text it fetched: the correction and its time go with it, and the item says it changed."""
    corrections = (
        "\n  - date: 2024-03-06 14:00\n    text: Jumlah korban <b>3</b> orang, bukan 30."
        "\n  - date: 2024-03-05 18:15\n    kind: hak_jawab\n    text: Tanggapan Pemkot Bekasi."
        "\n    link: /2024/03/05/tanggapan/"
    )
    files = {
        "kabar.yml": f"base_url: {BASE}\nsearch: false\n",
        "content/a.md": article(corrections=corrections),
        "content/b.md": article(title="Harga Beras", date="2024-03-04 08:00"),
    }
    root = make_site(files)
    run_build(root)
    public = root / "public"
    page = lxml.html.parse(public / "2024/03/05/banjir-rendam-bekasi/index.html")
    (note,) = page.xpath("//div[@class='corrections']")
    shown = [p.text_content() for p in note.xpath("p")]
    assert shown[1].endswith("Jumlah korban <b>3</b> orang, bukan 30.")  # the text as written, not HTML
    corrected, unchanged = parse(public, "feed.xml").entries
    items = json_feed(public, "feed.json")["items"]
    for content in (corrected.content[0].value, items[0]["content_html"]):
        body = lxml.html.fragment_fromstring(content, create_parent="div")
        first, *_ = body
        assert [p.text_content() for p in first.xpath("p")] == shown
        assert first.xpath(".//time/@datetime") == ["2024-03-05T18:15:00+07:00", "2024-03-06T14:00:00+07:00"]
        assert first.xpath(".//a/@href") == [BASE + "/2024/03/05/tanggapan/"]
        assert not body.xpath(".//b") and "Hujan deras sejak Sabtu malam" in body.text_content()
    changed = dt.datetime(2024, 3, 6, 14, 0, tzinfo=WIB)
    assert dt.datetime.fromisoformat(corrected.updated) == changed  # RSS: atom:updated, beside pubDate
    assert parsedate_to_datetime(corrected.published) == dt.datetime(2024, 3, 5, 9, 30, tzinfo=WIB)
    assert "corrections" not in unchanged.content[0].value
    assert xml(public, "feed.xml").xpath("//item[title='Harga Beras']/atom:updated", namespaces=XMLNS) == []


def test_an_updated_storys_rss_item_says_when_it_changed(public):
    channel = xml(public, "feed.xml")
    for url in NEWEST_FIRST[:FEED_ITEMS]:
        updated = item(channel, url).xpath("atom:updated/text()", namespaces=XMLNS)
        assert updated == ([STORIES[url]["updated"].isoformat()] if STORIES[url]["updated"] else [])
    assert any(STORIES[url]["updated"] for url in NEWEST_FIRST[:FEED_ITEMS])


# ---------------------------------------------------------------- images and WebSub in feeds


def test_rss_items_carry_the_article_image_as_media_content(public):
    channel = xml(public, "kategori/nasional/feed.xml")
    (media,) = item(channel, BANJIR).xpath("media:content", namespaces=MEDIA)
    assert re.fullmatch(re.escape(BASE) + VARIANT + "/16.png", media.attrib.pop("url"))  # the largest variant
    assert media.attrib == {"type": "image/png", "medium": "image", "width": "16", "height": "9"}
    assert item(channel, SUSULAN).xpath("media:content", namespaces=MEDIA) == []  # no image, no media
    entry = next(e for e in parse(public, "kategori/nasional/feed.xml").entries if e.link == BASE + BANJIR)
    assert re.fullmatch(re.escape(BASE) + VARIANT + "/16.png", entry.media_content[0]["url"])


def test_websub_hub_is_announced_in_rss_and_json_feed(copy_site):
    root = copy_site("basic")
    with open(root / "kabar.yml", "a", encoding="utf-8") as settings:
        settings.write("websub_hub: https://hub.example/\n")
    run_build(root)
    for name in ("feed.xml", "kategori/nasional/feed.xml"):
        channel = xml(root / "public", name)
        assert channel.xpath("/rss/channel/atom:link[@rel='hub']/@href", namespaces=XMLNS) == ["https://hub.example/"]
        assert channel.xpath("/rss/channel/atom:link[@rel='self']/@href", namespaces=XMLNS) == [f"{BASE}/{name}"]
        assert parse(root / "public", name).feed.title  # still a clean feed
        hubs = json_feed(root / "public", name.replace(".xml", ".json"))["hubs"]
        assert hubs == [{"type": "WebSub", "url": "https://hub.example/"}]


def test_websub_hub_must_be_an_absolute_url(make_site):
    root = make_site({"kabar.yml": "websub_hub: hub.example\n", "content/a.md": article()})
    with pytest.raises(BuildError) as caught:
        run_build(root)
    assert [p.message for p in caught.value.problems] == [
        "websub_hub: 'hub.example' must be an absolute http(s) URL, like https://pubsubhubbub.appspot.com/"
    ]


# ---------------------------------------------------------------- Google News sitemap and the reference time

NEWS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def news_urls(public: Path) -> list[str]:
    return [loc.removeprefix(BASE) for loc in xml(public, "news-sitemap.xml").xpath("//s:loc/text()", namespaces=NEWS)]


def test_news_sitemap_lists_the_stories_of_the_two_days_before_now_newest_first(copy_site):
    root = copy_site("basic")
    run_build(root, now=dt.datetime(2024, 3, 7, 12, 0, tzinfo=WIB))
    public = root / "public"
    assert news_urls(public) == [SUSULAN, HARGA]  # BANJIR, 09:30 on the 5th, is just over two days old
    sitemap = xml(public, "news-sitemap.xml")
    (susulan,) = sitemap.xpath("//s:url[s:loc = $loc]/news:news", loc=BASE + SUSULAN, namespaces=NEWS)
    assert susulan.findtext("news:publication/news:name", namespaces=NEWS) == TITLE
    assert susulan.findtext("news:publication/news:language", namespaces=NEWS) == "id"
    assert susulan.findtext("news:title", namespaces=NEWS) == STORIES[SUSULAN]["title"]
    published = susulan.findtext("news:publication_date", namespaces=NEWS)
    assert dt.datetime.fromisoformat(published) == STORIES[SUSULAN]["date"] and published.endswith("+07:00")
    robots = (public / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots and f"Sitemap: {BASE}/news-sitemap.xml" in robots


def test_without_recent_stories_there_is_no_news_sitemap_and_robots_txt_does_not_name_one(public):
    # tests/conftest.py's NOW is in 2026; the basic site's stories are of 2024.
    assert not (public / "news-sitemap.xml").exists()
    assert "news-sitemap" not in (public / "robots.txt").read_text(encoding="utf-8")


def test_the_readme_says_what_robots_txt_names():
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").split())
    assert "`robots.txt` names `sitemap.xml`, and `news-sitemap.xml` when it is written." in readme


def test_news_sitemap_holds_at_most_1000_stories(make_site):
    files = {
        f"content/{n:04}.md": article(title=f"Berita {n}", date=f"2024-03-05 {n // 60 % 24:02}:{n % 60:02}")
        for n in range(1, 1101)
    }
    root = make_site(files)
    run_build(root, now=dt.datetime(2024, 3, 6, tzinfo=WIB))
    assert len(news_urls(root / "public")) == 1000


def test_build_now_option_and_source_date_epoch_set_the_reference_time(copy_site, monkeypatch, capsys):
    root = copy_site("basic")
    monkeypatch.chdir(root)
    assert main(["build", "-q", "--now", "2024-03-07T12:00+07:00"]) == 0
    assert news_urls(root / "public") == [SUSULAN, HARGA]
    # SOURCE_DATE_EPOCH (seconds, UTC) stands for the clock when --now is not given: 2024-04-03 00:00 WITA.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2024, 4, 3, tzinfo=WITA).timestamp())))
    assert main(["build", "-q"]) == 0
    assert news_urls(root / "public") == [TIMNAS]
    # The sitemap follows the reference time even when no file changed between the builds.
    assert main(["build", "-q", "--now", "2024-04-05T12:00:00+08:00"]) == 0
    assert not (root / "public" / "news-sitemap.xml").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert main(["build", "-q"]) == 1
    assert "SOURCE_DATE_EPOCH: 'yesterday' is not a whole number of seconds" in capsys.readouterr().err


def test_now_option_refuses_what_is_not_a_time(copy_site, monkeypatch, capsys):
    monkeypatch.chdir(copy_site("basic"))
    with pytest.raises(SystemExit):
        main(["build", "--now", "kemarin"])
    assert "'kemarin' is not a date and time like 2026-10-05T09:30+07:00" in capsys.readouterr().err


def test_feed_content_links_relative_to_the_page_and_to_its_headings_are_absolute(make_site):
    """A feed reader shows the story out of the site: #bagian and ../x/ lead where they lead on the story's page."""
    body = "Lihat [bagian](#pengungsi), [kategori](../../../../kategori/nasional/) dan [BMKG](https://bmkg.go.id/)."
    settings = "base_url: https://uji.example\nsearch: false\n"
    root = make_site({"kabar.yml": settings, "content/a.md": article(body=body)})
    run_build(root)
    story = "https://uji.example/2024/03/05/banjir-rendam-bekasi/"
    for entry in feedparser.parse(str(root / "public" / "feed.xml")).entries:
        links = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div").xpath(".//a/@href")
        assert links == [story + "#pengungsi", "https://uji.example/kategori/nasional/", "https://bmkg.go.id/"]
    (item,) = json.loads((root / "public" / "feed.json").read_text())["items"]
    assert f'href="{story}#pengungsi"' in item["content_html"]


def test_feed_content_gives_image_candidates_and_video_posters_absolute_in_either_quotes(make_site):
    """A reader takes srcset over src, and a video's poster: a path left there leads to the reader's own host."""
    body = (
        "<picture><source srcset='/foto/a.webp 480w, ../b.webp 800w, data:image/webp;base64,UklG 1w'"
        " type='image/webp'>"
        '<img src="/foto/a.jpg" alt="Banjir"></picture>\n\n'
        "<video controls poster='/foto/poster.jpg'><source src='/video/a.mp4' type='video/mp4'></video>"
    )
    root = make_site(
        {"kabar.yml": "base_url: https://uji.example\nsearch: false\n", "content/a.md": article(body=body)}
    )
    run_build(root)
    rss = etree.parse(str(root / "public" / "feed.xml")).xpath("//content:encoded/text()", namespaces=XMLNS)
    (item,) = json.loads((root / "public" / "feed.json").read_text())["items"]
    for content in (*rss, item["content_html"]):
        doc = lxml.html.fragment_fromstring(content, create_parent="div")
        candidates = "https://uji.example/foto/a.webp 480w, https://uji.example/2024/03/05/b.webp 800w"
        # ../b.webp as the story's page resolves it; a data: URL's comma is its own, not a candidate's end
        assert doc.xpath(".//source/@srcset") == [f"{candidates}, data:image/webp;base64,UklG 1w"]
        assert doc.xpath(".//video/@poster") == ["https://uji.example/foto/poster.jpg"]
        assert doc.xpath(".//source/@src") == ["https://uji.example/video/a.mp4"]


def test_a_language_written_as_babel_writes_it_is_given_to_pages_and_feeds_as_the_web_writes_it(make_site):
    """kabar.yml takes Babel's pt_BR; RSS, JSON Feed (RFC 5646) and schema.org (BCP 47) read pt-BR."""
    root = make_site({"kabar.yml": "lang: pt_BR\nsearch: false\n", "content/a.md": article()})
    run_build(root)
    public = root / "public"
    assert xml(public, "feed.xml").findtext("channel/language") == "pt-BR"
    assert json.loads((public / "feed.json").read_text())["language"] == "pt-BR"
    page = lxml.html.parse(str(public / "2024/03/05/banjir-rendam-bekasi/index.html"))
    (data,) = page.xpath("//script[@type='application/ld+json']/text()")
    assert re.findall(r'"inLanguage": ?"([^"]+)"', data) == ["pt-BR"]
    assert page.getroot().get("lang") == "pt-BR"  # <html lang> too: pt_BR is no language tag
    assert page.xpath("//meta[@property='og:locale']/@content") == ["pt_BR"]
