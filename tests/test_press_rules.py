"""What Indonesia's press council asks of online media, and portals do: corrections and replies with their time,
a withdrawn story's reason at its address, sponsored stories labelled as such, and the editor credited beside the
writer."""

from __future__ import annotations

import datetime as dt
import json
import time
import zoneinfo

import lxml.etree
import lxml.html
import pytest

from kabar.cache.articles import load_cached
from kabar.cli import main
from kabar.errors import BuildError
from kabar.load import parse_articles
from kabar.models import Config
from kabar.sponsored import sponsored_links

from .conftest import article, read, run_build, write_files

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


def test_a_correction_whose_text_is_a_list_says_so_as_front_matter_does(tmp_path):
    text = article(corrections="\n  - date: 2024-03-06 14:00\n    text: [Satu, Dua]")
    assert problems(tmp_path, text) == ["content/a.md:7: text: ['Satu', 'Dua'] must be text, not a list"]


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


# ---------------------------------------------------------------- retracted stories

RETRACTED = "\n  date: 2024-03-07 10:00\n  reason: Atas putusan Dewan Pers, memuat identitas <b>korban</b> anak."
WITHDRAWN = "/2024/03/05/banjir-rendam-bekasi/"


def retracted_site(make_site, retraction: str | None = RETRACTED, search: bool = False):
    more = {"retracted": retraction} if retraction else {}
    return make_site(
        {
            "kabar.yml": f"title: Kabar Uji\nbase_url: https://kabar.example\nsearch: {str(search).lower()}\n",
            "content/a.md": article(tags="[banjir]", aliases="[/lama/banjir/]", **more, body="Teks yang dicabut."),
            "content/b.md": article(title="Harga Beras", date="2024-03-04 08:00", tags="[banjir]"),
            "content/c.md": article(title="Harga Cabai", date="2024-03-06 12:00"),
        }
    )


def listed_urls(root, url: str) -> list[str]:
    """The story URLs a listing page links to from its cards."""
    return lxml.html.fromstring(read(root, url)).xpath("//h2[@class='card-title']/a/@href|//h3/a/@href")


def test_a_retracted_story_keeps_its_address_and_says_when_and_why(make_site):
    root = retracted_site(make_site)
    run_build(root)

    page = read(root, WITHDRAWN)
    tree = lxml.html.fromstring(page)
    (note,) = tree.xpath("//article[@class='story']/div[@class='corrections']")
    assert note.text_content().strip() == (
        "Berita ini dicabut (Kamis, 7 Maret 2024, 10.00 WIB): "
        "Atas putusan Dewan Pers, memuat identitas <b>korban</b> anak."
    )
    assert note.xpath(".//time/@datetime") == ["2024-03-07T10:00:00+07:00"]
    assert tree.xpath("//h1/text()") == ["Banjir Rendam Bekasi"] and "<b>korban</b>" not in page
    assert "Teks yang dicabut" not in page  # nor its summary, made of it
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert not tree.xpath("//script[@type='application/ld+json']")
    # The old address still leads to it.
    assert WITHDRAWN in read(root, "/lama/banjir/")


def test_a_retracted_story_is_in_no_list_feed_sitemap_or_neighbours_link(make_site):
    root = retracted_site(make_site)
    run_build(root)

    for listing in ("/", "/kategori/nasional/", "/tag/banjir/", "/2024/03/"):
        assert WITHDRAWN not in read(root, listing), listing
    assert not (root / "public" / "2024" / "03" / "05" / "index.html").exists()  # its day's only story: no archive
    assert listed_urls(root, "/tag/banjir/") == ["/2024/03/04/harga-beras/"]
    for feed in ("/feed.xml", "/feed.json", "/kategori/nasional/feed.xml", "/sitemap.xml"):
        assert "banjir-rendam-bekasi" not in read(root, feed), feed
    for other in ("/2024/03/04/harga-beras/", "/2024/03/06/harga-cabai/"):  # newer, older and related
        assert WITHDRAWN not in read(root, other), other


def test_a_retracted_story_alone_in_its_category_does_not_link_to_a_category_page_there_is_not(make_site):
    root = retracted_site(make_site)
    write_files(root, {"content/d.md": article(title="Laporan Khusus", category="Investigasi", retracted=RETRACTED)})
    run_build(root)

    label = lxml.html.fromstring(read(root, "/2024/03/05/laporan-khusus/")).xpath("//p[@class='label']")[0]
    assert label.text_content() == "Investigasi" and not label.xpath("a")
    assert not (root / "public" / "kategori" / "investigasi").exists()
    label = lxml.html.fromstring(read(root, WITHDRAWN)).xpath("//p[@class='label']")[0]  # Nasional has a page
    assert label.xpath("a/@href") == ["/kategori/nasional/"]


def test_the_build_and_the_check_count_a_retracted_story_apart_from_the_articles_listed(make_site, monkeypatch, capsys):
    root = retracted_site(make_site)
    monkeypatch.chdir(root)
    assert main(["check", "--now", "2026-11-23T12:00:00Z"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("2 articles and 1 retracted story, ")
    assert main(["build", "--now", "2026-11-23T12:00:00Z"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("Built 2 articles and 1 retracted story in ")
    assert main(["build", "--now", "2026-11-23T12:00:00Z"]) == 0  # nothing changed: the same counts
    assert capsys.readouterr().out.splitlines()[-1].startswith("Built 2 articles and 1 retracted story in ")


def test_a_retracted_story_is_not_found_by_search(make_site):
    from .test_search import indexed

    root = retracted_site(make_site, search=True)
    run_build(root)
    assert sorted(indexed(root / "public")) == ["/2024/03/04/harga-beras/", "/2024/03/06/harga-cabai/"]


def test_retracting_a_story_in_an_edit_and_restoring_it_give_what_a_clean_build_gives(make_site, tmp_path):
    from .test_incremental import clean_build, tree

    root = retracted_site(make_site, retraction=None)
    run_build(root)
    assert WITHDRAWN in listed_urls(root, "/")
    for retraction in (RETRACTED, None):  # retracted in an edit, then restored
        text = article(tags="[banjir]", aliases="[/lama/banjir/]", body="Teks yang dicabut.")
        if retraction:
            text = text.replace("\n---\nTeks", f"\nretracted:{retraction}\n---\nTeks")
        (root / "content" / "a.md").write_text(text, encoding="utf-8")
        run_build(root)
        assert (WITHDRAWN in listed_urls(root, "/")) is (retraction is None)
        assert tree(root / "public") == clean_build(root, tmp_path / f"clean-{bool(retraction)}")


def test_every_mistake_in_a_retraction_is_reported_at_its_line(tmp_path):
    text = article(retracted="\n  date: 2024-03-04 10:00\n  alasan: Salah kunci.")
    assert problems(tmp_path, text) == [
        "content/a.md:5: retracted has no 'reason': say when the story was withdrawn, and why",
        "content/a.md:6: retracted: 2024-03-04 10:00+07:00 is before the story's date (2024-03-05 09:30+07:00): "
        "correct it",
        "content/a.md:7: retracted: unknown key 'alasan' (retracted has date, reason)",
    ]
    assert problems(tmp_path, article(retracted="ya")) == [
        "content/a.md:5: retracted: 'ya' must be a date and a reason, like '{date: 2026-10-07 09:00, reason: ...}'"
    ]
    assert problems(tmp_path, article(retracted="{date: 2024-03-32, reason: Salah.}")) == [
        "content/a.md:5: date: '2024-03-32' is not a valid date: March 2024 has no day 32 (it has 31 days)"
    ]


def test_a_retraction_comes_back_from_the_article_cache_in_its_time_zone(make_site):
    root = retracted_site(make_site)
    run_build(root)

    (entry,) = [e for name, e in load_cached(root).entries.items() if name.endswith("content/a.md")]
    assert entry.article.retracted.date == dt.datetime(2024, 3, 7, 10, 0, tzinfo=JAKARTA)
    assert entry.article.retracted.date.tzinfo == zoneinfo.ZoneInfo("Asia/Jakarta")
    assert entry.article.retracted.reason.startswith("Atas putusan Dewan Pers")
