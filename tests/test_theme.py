"""What the default theme shows besides the stories: times with their zone, share links, the masthead's date."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from kabar.sharing import share_links
from kabar.zones import zone_label

from .conftest import article, read, run_build
from .pictures import photo


def offset(hours: int, minutes: int = 0) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours, minutes=minutes))


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        (offset(7), "WIB"),
        (offset(8), "WITA"),
        (offset(9), "WIT"),
        (offset(5, 30), "UTC+05:30"),
        (offset(-3), "UTC-03:00"),
        (dt.UTC, "UTC"),
    ],
)
def test_a_time_is_labelled_with_its_indonesian_zone_or_else_its_offset(zone, label):
    assert zone_label(dt.datetime(2026, 10, 5, 9, 30, tzinfo=zone)) == label


def test_article_and_listing_times_carry_their_zone_in_both_languages(make_site):
    root = make_site(
        {
            "content/a.md": article(title="Gempa di Ambon", date="2026-10-05T09:30:00+09:00"),
            "content/b.md": article(title="Banjir di Bekasi", date="2026-10-04 08:00"),
        }
    )
    run_build(root)
    story = lxml.html.fromstring(read(root, "/2026/10/05/gempa-di-ambon/"))
    assert story.xpath("string(//header//time)") == "Senin, 5 Oktober 2026, 09.30 WIT"
    listing = lxml.html.fromstring(read(root, "/kategori/nasional/"))
    assert listing.xpath("//main//article//time/text()") == ["5 Okt 2026, 09.30 WIT", "4 Okt 2026, 08.00 WIB"]
    (root / "kabar.yml").write_text("lang: en\ntimezone: Asia/Makassar\n", encoding="utf-8")
    (root / "content" / "b.md").write_text(article(title="Banjir di Bekasi", date="2026-10-04 08:00"))
    run_build(root)
    listing = lxml.html.fromstring(read(root, "/kategori/nasional/"))
    times = listing.xpath("//main//article//time/text()")
    assert times == ["Oct 5, 2026, 9:30\u202fAM WIT", "Oct 4, 2026, 8:00\u202fAM WITA"]


def test_share_links_carry_the_title_and_address_encoded():
    links = {link.service: link.href for link in share_links("Gempa 6,1 & Tsunami? #Garut", "https://k.example/a/?p=1")}
    title, url = "Gempa 6,1 & Tsunami? #Garut", "https://k.example/a/?p=1"
    assert list(links) == ["whatsapp", "telegram", "facebook", "x", "email"]
    assert links["whatsapp"].startswith("https://wa.me/?text=")
    assert parse_qs(urlsplit(links["whatsapp"]).query) == {"text": [f"{title} {url}"]}
    assert parse_qs(urlsplit(links["telegram"]).query) == {"url": [url], "text": [title]}
    assert parse_qs(urlsplit(links["facebook"]).query) == {"u": [url]}
    assert parse_qs(urlsplit(links["x"]).query) == {"url": [url], "text": [title]}
    assert links["email"].startswith("mailto:?")
    assert parse_qs(links["email"].removeprefix("mailto:?")) == {"subject": [title], "body": [url]}
    assert all(" " not in href and "#" not in href for href in links.values())


def test_every_article_has_share_links_with_names_and_no_third_party_script(make_site):
    root = make_site({"content/a.md": article(), "kabar.yml": "base_url: https://kabar.example\n"})
    run_build(root)
    page = lxml.html.fromstring(read(root, "/2024/03/05/banjir-rendam-bekasi/"))
    (share,) = page.xpath("//article//div[@class='share']")
    links = share.xpath(".//a")
    names = [a.get("aria-label") for a in links]
    assert names == [
        "Bagikan ke WhatsApp",
        "Bagikan ke Telegram",
        "Bagikan ke Facebook",
        "Bagikan ke X",
        "Kirim lewat email",
    ]
    address = "https://kabar.example/2024/03/05/banjir-rendam-bekasi/"
    assert parse_qs(urlsplit(links[2].get("href")).query) == {"u": [address]}
    # The share sheet and copy buttons need the script: hidden until it shows them.
    buttons = share.xpath(".//button")
    assert [b.text for b in buttons] == ["Bagikan…", "Salin tautan"]
    assert all(b.getparent().get("hidden") is not None for b in buttons)
    assert page.xpath("//script/@src") == ["/js/kabar.js"]


def test_the_masthead_date_is_left_empty_for_the_readers_browser(make_site):
    """The build never writes a date of its own: the page would say "today" of the day it was built."""
    root = make_site({"content/a.md": article()})
    run_build(root)
    for url in ("/", "/2024/03/05/banjir-rendam-bekasi/"):
        (today,) = lxml.html.fromstring(read(root, url)).xpath("//header//*[@id='hari-ini']")
        assert today.text_content() == ""


def test_a_language_the_theme_has_no_words_for_is_a_warning_unless_the_site_gives_them(make_site):
    """lang: fr gave French dates around English words ("Related stories") without a word of why."""
    root = make_site({"kabar.yml": "lang: fr\nsearch: false\n", "content/a.md": article()})
    warned = [w.message for w in run_build(root).warnings if w.path == "kabar.yml"]
    assert warned == [
        'lang: the theme has no words in \'fr\', so its pages show English ones ("Related stories", "min read"): '
        "give them in templates/strings.yml under 'fr:' (see the README), or use id or en"
    ]
    (root / "templates").mkdir()
    (root / "templates" / "strings.yml").write_text("fr:\n  related: Articles liés\n", encoding="utf-8")
    assert [w for w in run_build(root).warnings if w.path == "kabar.yml"] == []
    (root / "kabar.yml").write_text("lang: en-GB\nsearch: false\n", encoding="utf-8")
    assert [w for w in run_build(root).warnings if w.path == "kabar.yml"] == []


@pytest.mark.parametrize(
    ("lang", "long", "short", "og_locale"),
    [
        ("en", "Monday, October 5, 2026, 9:30\u202fAM WIB", "Oct 5, 2026, 9:30\u202fAM WIB", "en_US"),
        ("en-GB", "Monday, 5 October 2026, 09:30 WIB", "5 Oct 2026, 09:30 WIB", "en_GB"),
        ("en-au", "Monday, 5 October 2026, 9:30\u202fam WIB", "5 Oct 2026, 9:30\u202fam WIB", "en_AU"),
        ("id", "Senin, 5 Oktober 2026, 09.30 WIB", "5 Okt 2026, 09.30 WIB", "id_ID"),
    ],
)
def test_dates_are_written_as_the_sites_own_english_writes_them(make_site, lang, long, short, og_locale):
    """lang: en-GB gave "Monday, October 5, 2026" (the American order, under a masthead date in the British one) and
    og:locale en_US."""
    root = make_site({"kabar.yml": f"lang: {lang}\nsearch: false\n", "content/a.md": article(date="2026-10-05 09:30")})
    run_build(root)
    story = lxml.html.fromstring(read(root, "/2026/10/05/banjir-rendam-bekasi/"))
    assert story.xpath("string(//header//time)") == long
    assert story.xpath("//meta[@property='og:locale']/@content") == [og_locale]
    listing = lxml.html.fromstring(read(root, "/kategori/nasional/"))
    assert listing.xpath("//main//article//time/text()") == [short]


@pytest.mark.parametrize(
    ("lang", "year", "month", "day"),
    [
        ("en", "Archive: 2026", "Archive: October 2026", "Archive: Monday, October 5, 2026"),
        ("id", "Arsip 2026", "Arsip Oktober 2026", "Arsip Senin, 5 Oktober 2026"),
    ],
)
def test_date_archives_are_headed_as_the_sites_language_says_it(make_site, lang, year, month, day):
    """lang: en read "Archive October 2026" and "Archive Monday, October 5, 2026": the Indonesian word order."""
    root = make_site({"kabar.yml": f"lang: {lang}\nsearch: false\n", "content/a.md": article(date="2026-10-05 09:30")})
    run_build(root)
    headings = [lxml.html.fromstring(read(root, url)).xpath("string(//h1)") for url in ("/2026/", "/2026/10/")]
    page = lxml.html.fromstring(read(root, "/2026/10/05/"))
    assert [*headings, page.xpath("string(//h1)")] == [year, month, day]
    assert page.xpath("//nav[@class='crumbs']/a/text()")[0] == year  # the way up to the year's archive


def test_a_sites_extra_head_and_body_templates_end_every_page_and_change_nothing_else(make_site):
    """An analytics or verification tag on every page, without copying base.html."""
    files = {
        "kabar.yml": "title: Kabar Uji\nsearch: false\n",
        "content/2024/a.md": article(),
        "pages/kontak.md": "---\ntitle: Kontak\n---\nTulis kepada kami.\n",
    }
    plain = make_site(files, "tanpa")
    tagged = make_site(
        {
            **files,
            "templates/_extra_head.html": '<meta name="google-site-verification" content="{{ site.title }}">\n',
            "templates/_extra_body.html": '<script src="/js/hitung.js" defer></script>\n',
        },
        "dengan",
    )
    run_build(plain)
    run_build(tagged)

    pages = sorted(p.relative_to(plain / "public") for p in (plain / "public").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        before, after = (plain / "public" / page).read_text(), (tagged / "public" / page).read_text()
        head = '<meta name="google-site-verification" content="Kabar Uji">\n'
        assert after == before.replace("</head>", head + "</head>").replace(
            "</body>", '<script src="/js/hitung.js" defer></script>\n</body>'
        ), page


def test_a_page_without_a_picture_of_its_own_is_previewed_with_the_sites_share_image_or_else_its_logo(make_site):
    """WhatsApp, Facebook and X show a picture for the front page, a listing and a story without a photo: the
    share image large, or else the site's logo as a thumbnail."""
    files = {"content/2024/a.md": article(), "content/2024/b.md": article(title="Foto", image="/f.jpg", image_alt="F")}
    files |= {"static/f.jpg": photo(64, 48), "static/bagikan.jpg": photo(120, 63), "static/lambang.png": b"png"}
    settings = "title: Kabar Uji\nbase_url: https://kabar.example\nsearch: false\n"
    plain = make_site({**files, "kabar.yml": settings})
    logo = make_site({**files, "kabar.yml": settings + "logo: /lambang.png\n"}, "berlogo")
    shared = make_site({**files, "kabar.yml": settings + "share_image: /bagikan.jpg\n"}, "dibagikan")
    for root in (plain, logo, shared):
        run_build(root)

    previews = {
        shared: ("https://kabar.example/bagikan.jpg", "summary_large_image"),
        logo: ("https://kabar.example/lambang.png", "summary"),
        plain: ("https://kabar.example/logo.png", "summary"),  # the theme's, which a site's static/logo.png replaces
    }
    for root, (image, card) in previews.items():
        for url in ("/", "/kategori/nasional/", "/2024/03/05/banjir-rendam-bekasi/"):
            head = lxml.html.fromstring(read(root, url)).head
            assert head.xpath("meta[@property='og:image']/@content") == [image], url
            assert head.xpath("meta[@property='og:image:alt']/@content") == ["Kabar Uji"], url
            assert head.xpath("meta[@name='twitter:card']/@content") == [card], url
    story = lxml.html.fromstring(read(shared, "/2024/03/05/foto/")).head  # its own picture, not the site's
    (own,) = story.xpath("meta[@property='og:image']/@content")
    assert own.startswith("https://kabar.example/gambar/")


def test_a_logo_or_share_image_the_site_lacks_is_a_warning(make_site):
    root = make_site(
        {
            "kabar.yml": "title: Kabar Uji\nsearch: false\nlogo: /logo-baru.png\nshare_image: /bagikan.png\n",
            "content/2024/a.md": article(),
        }
    )

    assert [str(w) for w in run_build(root).warnings] == [
        "kabar.yml: logo: /logo-baru.png is not a file of the site (put it under static/)",
        "kabar.yml: share_image: /bagikan.png is not a file of the site (put it under static/)",
    ]


@pytest.mark.parametrize("option", ["drafts", "future"])
def test_a_build_showing_drafts_or_stories_to_come_asks_search_engines_to_index_none_of_it(make_site, option):
    """A preview put on a staging host must not bring an embargoed story into search results."""
    files = {
        "kabar.yml": "title: Kabar Uji\nbase_url: https://kabar.example\nsearch: false\n",
        "content/2024/a.md": article(),
        "content/2024/b.md": article(title="Rancangan", draft="true"),
        "content/2030/c.md": article(title="Embargo", date="2030-01-01 08:00"),
        "pages/kontak.md": "---\ntitle: Kontak\n---\nTulis kepada kami.\n",
    }
    published, preview = make_site(files, "terbit"), make_site(files, "pratinjau")
    run_build(published)
    run_build(preview, **{option: True})

    noindex = '<meta name="robots" content="noindex, nofollow">'
    pages = list((preview / "public").rglob("*.html"))
    assert len(pages) > 5 and all(noindex in page.read_text() for page in pages)
    assert (preview / "public/robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert not any(noindex in page.read_text() for page in (published / "public").rglob("*.html"))
    assert "Sitemap: https://kabar.example/sitemap.xml" in (published / "public/robots.txt").read_text()


@pytest.mark.parametrize(("lang", "second"), [("id", "Halaman 2 dari 3"), ("en", "Page 2 of 3")])
def test_a_later_page_of_the_front_page_or_a_listing_says_which_page_it_is(make_site, lang, second):
    """/page/2/ is headed as a listing's later page is: its heading, then which page, and no band's heading."""
    stories = {f"content/{day}.md": article(title=f"Berita {day}", date=f"2024-03-0{day} 09:30") for day in (1, 2, 3)}
    root = make_site({"kabar.yml": f"lang: {lang}\nper_page: 1\n", **stories})
    run_build(root)
    front, category = (lxml.html.fromstring(read(root, url)) for url in ("/page/2/", "/kategori/nasional/page/2/"))
    latest = "Latest" if lang == "en" else "Terkini"
    assert front.xpath("//main/header/h1[not(@class='visually-hidden')]/text()") == [latest]
    assert front.xpath("//main//*[contains(@class, 'section-title')]") == []
    for page in (front, category):
        assert page.xpath("string(//main/header/p[last()])") == second
    first = lxml.html.fromstring(read(root, "/kategori/nasional/"))
    assert first.xpath("//main/header/p[last()]/@class") == ["feed-link"]  # a first page says nothing
