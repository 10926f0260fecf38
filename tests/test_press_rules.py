"""What Indonesia's press council asks of online media, and portals do: corrections and replies with their time,
sponsored stories labelled as such, and the editor credited beside the writer."""

from __future__ import annotations

import datetime as dt
import json
import time
import zoneinfo

import lxml.etree
import lxml.html
import pytest

from kabar.cache.articles import load_cached
from kabar.errors import BuildError
from kabar.load import parse_articles
from kabar.models import Config
from kabar.sponsored import sponsored_links

from .conftest import article, read, run_build

JAKARTA = dt.timezone(dt.timedelta(hours=7))
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
CORRECTIONS = """
  - date: 2024-03-06 14:00
    text: Jumlah korban <b>3</b> orang, bukan 30.
  - date: 2024-03-05 18:15
    kind: hak_jawab
    text: Tanggapan Pemkot Bekasi.
    link: /2024/03/05/tanggapan/"""


def load(tmp_path, text: str, config: Config | None = None):
    path = tmp_path / "content" / "a.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return parse_articles([path], config or Config(), shown_relative_to=tmp_path)[0]


def problems(tmp_path, text: str) -> list[str]:
    with pytest.raises(BuildError) as caught:
        load(tmp_path, text)
    return [str(p) for p in caught.value.problems]


def json_ld(page: str) -> dict:
    (script,) = lxml.html.fromstring(page).xpath('//script[@type="application/ld+json"]')
    return json.loads(script.text)["@graph"][0]


# ---------------------------------------------------------------- corrections


def test_corrections_are_read_oldest_first_with_their_kind_time_and_link(tmp_path):
    corrections = load(tmp_path, article(corrections=CORRECTIONS)).corrections

    assert [(c.date, c.kind, c.link) for c in corrections] == [
        (dt.datetime(2024, 3, 5, 18, 15, tzinfo=JAKARTA), "hak_jawab", "/2024/03/05/tanggapan/"),
        (dt.datetime(2024, 3, 6, 14, 0, tzinfo=JAKARTA), "ralat", ""),  # ralat unless said otherwise
    ]
    assert corrections[1].text == "Jumlah korban <b>3</b> orang, bukan 30."
    assert load(tmp_path, article(corrections=CORRECTIONS)).modified == corrections[1].date  # the newest
    updated = load(tmp_path, article(corrections=CORRECTIONS, updated="2024-03-07 08:00"))
    assert updated.modified == updated.updated  # later than the newest correction


def test_every_mistake_in_corrections_is_reported_at_its_line_with_the_others(tmp_path):
    text = article(
        corrections="""
  - date: 2024-13-06 14:00
    text: Salah bulan.
  - text: Tanpa tanggal.
  - date: 2024-03-06
    kind: ralta
    text: Salah jenis.
    link: "javascript:alert(1)"
  - date: 2024-03-06
    txet: Salah kunci.
  - Bukan entri""",
        sponsored="ya",
    )
    assert problems(tmp_path, text) == [
        "content/a.md:6: date: '2024-13-06 14:00' is not a valid date: there is no month 13 (months go from 01 to 12)",
        "content/a.md:8: corrections entry 2 has no 'date': each entry has a date and a text",
        "content/a.md:10: kind: 'ralta' is not a kind of correction; did you mean 'ralat'? "
        "(known: ralat, koreksi, hak_jawab)",
        "content/a.md:12: link: 'javascript:alert(1)' must be a path on the site, like /2026/10/06/hak-jawab/, "
        "or an http(s) URL",
        "content/a.md:13: corrections entry 4 has no 'text': each entry has a date and a text",
        "content/a.md:14: corrections entry 4: unknown key 'txet'; did you mean 'text'?",
        "content/a.md:15: corrections entry 5: 'Bukan entri' must be a date and a text, like "
        "'- {date: 2026-10-06 14:00, text: ...}'",
        "content/a.md:16: sponsored: 'ya' must be true or false",
    ]


def test_corrections_that_are_not_a_list_are_a_mistake(tmp_path):
    assert problems(tmp_path, article(corrections="Salah ketik")) == [
        "content/a.md:5: corrections: 'Salah ketik' must be a list of entries like "
        "'- {date: 2026-10-06 14:00, text: ...}'"
    ]


@pytest.fixture
def corrected(make_site):
    return make_site(
        {
            "kabar.yml": "title: Kabar Uji\nbase_url: https://kabar.example\nsearch: false\n",
            "content/a.md": article(corrections=CORRECTIONS),
            "content/b.md": article(title="Harga Beras", date="2024-03-04 08:00"),
            "content/c.md": article(title="Harga Cabai", date="2024-03-05 12:00"),  # newer, but not changed since
        }
    )


def test_corrections_are_shown_escaped_in_a_labelled_note_above_the_body(corrected):
    run_build(corrected)

    page = read(corrected, "/2024/03/05/banjir-rendam-bekasi/")
    story = lxml.html.fromstring(page).xpath("//article[@class='story']")[0]
    (note,) = story.xpath("div[@class='corrections']")
    assert note.get("role") == "note" and note.get("aria-label") == "Ralat dan hak jawab"
    assert [p.text_content() for p in note.xpath("p")] == [
        "Hak jawab (Selasa, 5 Maret 2024, 18.15 WIB): Tanggapan Pemkot Bekasi. Baca selengkapnya",
        "Ralat (Rabu, 6 Maret 2024, 14.00 WIB): Jumlah korban <b>3</b> orang, bukan 30.",
    ]
    assert note.xpath("p[1]/a/@href") == ["/2024/03/05/tanggapan/"]
    assert note.xpath("p//time/@datetime") == ["2024-03-05T18:15:00+07:00", "2024-03-06T14:00:00+07:00"]
    assert story.index(note) < story.index(story.xpath("div[@class='prose']")[0])
    assert "<b>3</b>" not in page


def test_the_newest_correction_dates_the_change_in_json_ld_and_the_sitemap(corrected):
    run_build(corrected)

    page = read(corrected, "/2024/03/05/banjir-rendam-bekasi/")
    data = json_ld(page)
    assert data["dateModified"] == "2024-03-06T14:00:00+07:00"
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Tanggapan Pemkot Bekasi.",
            "datePublished": "2024-03-05T18:15:00+07:00",
        },
        {
            "@type": "CorrectionComment",
            "text": "Jumlah korban <b>3</b> orang, bukan 30.",
            "datePublished": "2024-03-06T14:00:00+07:00",
        },
    ]
    sitemap = lxml.etree.parse(str(corrected / "public" / "sitemap.xml"))
    story = "//s:url[s:loc='https://kabar.example/2024/03/05/banjir-rendam-bekasi/']"
    lastmod = sitemap.xpath(f"{story}/s:lastmod/text()", namespaces=SITEMAP)
    assert lastmod == ["2024-03-06T14:00:00+07:00"]
    listing = "//s:url[s:loc='https://kabar.example/kategori/nasional/']"  # the newest change of a story on it
    assert sitemap.xpath(f"{listing}/s:lastmod/text()", namespaces=SITEMAP) == ["2024-03-06T14:00:00+07:00"]
    assert json_ld(read(corrected, "/2024/03/04/harga-beras/"))["dateModified"] == "2024-03-04T08:00:00+07:00"
    feed = {item["title"]: item for item in json.loads(read(corrected, "/feed.json"))["items"]}
    assert feed["Banjir Rendam Bekasi"]["date_modified"] == "2024-03-06T14:00:00+07:00"
    assert "date_modified" not in feed["Harga Beras"]
    # and the page's header says when it changed, as a story with updated: does
    header = lxml.html.fromstring(page).xpath("//article[@class='story']//span[@class='updated']//time/@datetime")
    assert header == ["2024-03-06T14:00:00+07:00"]
    assert "Diperbarui" not in read(corrected, "/2024/03/04/harga-beras/")


def test_corrections_come_back_from_the_article_cache_in_their_time_zone(corrected):
    run_build(corrected)

    (entry,) = [e for name, e in load_cached(corrected).entries.items() if name.endswith("content/a.md")]
    cached = entry.article
    assert cached.corrections == load(corrected, article(corrections=CORRECTIONS)).corrections
    assert {c.date.tzinfo for c in cached.corrections} == {zoneinfo.ZoneInfo("Asia/Jakarta")}


# ---------------------------------------------------------------- sponsored stories


@pytest.fixture
def paid(make_site):
    body = (
        "Promo [toko](https://toko.example/promo), [kami](https://kabar.example/x/), [arsip](/2024/03/04/x/) dan "
        '<a href="https://mitra.example/" rel="nofollow">mitra</a>.'
    )
    return make_site(
        {
            "kabar.yml": "title: Kabar Uji\nbase_url: https://kabar.example\nsearch: false\n",
            "content/a.md": article(title="Promo Akhir Tahun", date="2026-11-23 08:00", sponsored="true", body=body),
            "content/b.md": article(title="Harga Beras", date="2026-11-23 09:00"),
        }
    )


def test_a_sponsored_story_is_labelled_on_its_page_and_wherever_it_is_listed(paid):
    run_build(paid)

    badge = "//span[@class='badge sponsored']"
    page = lxml.html.fromstring(read(paid, "/2026/11/23/promo-akhir-tahun/"))
    assert page.xpath(f"//header[@class='story-header']/p[@class='label']{badge}/text()") == ["Advertorial"]
    for url in ("/", "/kategori/nasional/", "/2026/11/23/harga-beras/"):  # the front page, a listing, related
        tree = lxml.html.fromstring(read(paid, url))
        shown = tree.xpath("//a[normalize-space()='Promo Akhir Tahun']")
        labelled = [a for a in shown if a.xpath(f"(ancestor::li|ancestor::article)[last()]{badge}")]
        assert shown and labelled == shown and len(tree.xpath(badge)) == len(shown), url
    assert not lxml.html.fromstring(read(paid, "/2026/11/23/harga-beras/")).xpath(f"//header{badge}")


def test_a_sponsored_storys_links_to_other_sites_are_marked_sponsored(paid):
    run_build(paid)

    prose = lxml.html.fromstring(read(paid, "/2026/11/23/promo-akhir-tahun/")).xpath("//div[@class='prose']")[0]
    assert [(a.get("href"), a.get("rel")) for a in prose.xpath(".//a")] == [
        ("https://toko.example/promo", "sponsored"),
        ("https://kabar.example/x/", None),  # the site's own
        ("/2024/03/04/x/", None),
        ("https://mitra.example/", "nofollow sponsored"),
    ]
    other = lxml.html.fromstring(read(paid, "/2026/11/23/harga-beras/"))
    assert other.xpath("//div[@class='prose']//a[@rel]") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<a href="//x.example/">a</a>', '<a href="//x.example/" rel="sponsored">a</a>'),
        ("<A HREF='HTTP://X.EXAMPLE/' REL='ugc'>a</A>", "<A HREF='HTTP://X.EXAMPLE/' rel=\"ugc sponsored\">a</A>"),
        ('<a href="https://x.example/" rel="Sponsored">a</a>', '<a href="https://x.example/" rel="Sponsored">a</a>'),
        (
            '<a title="rel=me" href="https://x.example/"/>',
            '<a title="rel=me" href="https://x.example/" rel="sponsored"/>',
        ),
        ('<a href="mailto:a@x.example">a</a>', '<a href="mailto:a@x.example">a</a>'),
        ('<a href="https://KABAR.example/">a</a>', '<a href="https://KABAR.example/">a</a>'),
        ('<a href="http://[x/">a</a>', '<a href="http://[x/">a</a>'),
        ("<abbr title='x'>a</abbr> <a name=x>b</a>", "<abbr title='x'>a</abbr> <a name=x>b</a>"),
    ],
)
def test_which_links_are_marked_sponsored_and_how(body, expected):
    assert sponsored_links(body, "kabar.example") == expected


def test_marking_links_takes_linear_time_on_a_body_of_unclosed_tags():
    start = time.perf_counter()
    sponsored_links('<a href="https://x.example/" ' * 150_000, "kabar.example")
    assert time.perf_counter() - start < 2


def test_a_sponsored_story_is_advertiser_content_left_out_of_the_news_sitemap_only(paid):
    run_build(paid)

    assert json_ld(read(paid, "/2026/11/23/promo-akhir-tahun/"))["@type"] == "AdvertiserContentArticle"
    assert json_ld(read(paid, "/2026/11/23/harga-beras/"))["@type"] == "NewsArticle"
    public = paid / "public"
    news = lxml.etree.parse(str(public / "news-sitemap.xml")).xpath("//s:loc/text()", namespaces=SITEMAP)
    assert news == ["https://kabar.example/2026/11/23/harga-beras/"]
    sitemap = lxml.etree.parse(str(public / "sitemap.xml")).xpath("//s:loc/text()", namespaces=SITEMAP)
    assert "https://kabar.example/2026/11/23/promo-akhir-tahun/" in sitemap
    assert "https://kabar.example/2026/11/23/promo-akhir-tahun/" in (public / "feed.xml").read_text()


# ---------------------------------------------------------------- editors


@pytest.mark.parametrize(
    ("lang", "author", "editor", "expected", "links"),
    [
        ("id", "Ayu Santoso", "Raka Pratama", "Oleh Ayu Santoso · Editor: Raka Pratama", ["ayu-santoso"]),
        (
            "en",
            "[Ayu Santoso, Budi]",
            "[Raka Pratama, Sari, Tono]",
            "By Ayu Santoso and Budi · Editor: Raka Pratama, Sari and Tono",
            ["ayu-santoso", "budi"],
        ),
        ("id", None, "Raka Pratama", "Editor: Raka Pratama", []),
    ],
)
def test_editors_are_credited_after_the_authors_by_name(make_site, lang, author, editor, expected, links):
    more = {"author": author} if author else {}
    site = make_site(
        {
            "kabar.yml": f"title: Kabar Uji\nbase_url: https://kabar.example\nsearch: false\nlang: {lang}\n",
            "content/a.md": article(editor=editor, **more),
        }
    )
    run_build(site)

    page = read(site, "/2024/03/05/banjir-rendam-bekasi/")
    (byline,) = lxml.html.fromstring(page).xpath("//p[@class='byline']")
    assert " ".join(byline.text_content().split()) == expected
    assert byline.xpath(".//a/@href") == [f"/penulis/{slug}/" for slug in links]  # editors' names are not links
    names = [name.strip() for name in editor.strip("[]").split(",")]
    assert json_ld(page)["editor"] == [{"@type": "Person", "name": name} for name in names]


def test_a_story_without_an_editor_has_no_editor_anywhere(make_site):
    site = make_site({"kabar.yml": "search: false\n", "content/a.md": article(author="Ayu Santoso")})
    run_build(site)

    page = read(site, "/2024/03/05/banjir-rendam-bekasi/")
    assert "Editor" not in page and "editor" not in json_ld(page)
