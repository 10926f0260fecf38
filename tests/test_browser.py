"""The sample site in a real browser: Debian's Chromium driven by Playwright, with axe-core for accessibility.

Every page loads cleanly, a reader can click from the masthead down to an
archive, nothing is wider than a phone, search works (and without JavaScript
the box still leads to the search page), and screenshots of the home page and
an article, desktop and phone, light and dark, are left in test-output/screenshots/
for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from . import pictures
from .checkers import OUTPUT, chromium, html_urls, node_tools, record, serve
from .conftest import article, run_build, write_files

pytestmark = pytest.mark.slow

ARTICLE = "/2026/10/05/banjir-rendam-tiga-kecamatan-di-bekasi/"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
RESULT_LINK = ".search-result .card-title a"  # a search result's, as cari.js shows it


@pytest.fixture(scope="module")
def browser() -> Iterator:
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = chromium()
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    yield opened
    context.close()


def settled(opened: list, urls: list[str]) -> list:
    """The pages of OPENED, each sent to its URL of URLS and waited for until its network is idle (half a second
    without a request). They load side by side, so that those half seconds overlap."""
    for page, url in zip(opened, urls, strict=True):
        page.goto(url, wait_until="commit")
    for page in opened:
        page.wait_for_load_state("networkidle")
    return opened


class Watch:
    """Console errors, uncaught exceptions and responses of status 400 or more seen by PAGE."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"exception: {e}"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{r.status} {r.url}"))
        # Leaving a page aborts what it was still loading (ERR_ABORTED): not a failure of the site.
        page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and self.problems.append(r.url))


def test_every_page_loads_with_no_console_error_and_no_failed_request(sample_site, page):
    watch = Watch(page)
    urls = html_urls(sample_site.public)
    seen = {}
    for url in urls:
        watch.problems.clear()
        response = page.goto(sample_site.url(url), wait_until="load")
        assert response is not None and response.status == 200, url
        if url == "/cari/":
            page.wait_for_selector(".search-page-box input")
            page.wait_for_load_state("networkidle")
        if watch.problems:
            seen[url] = list(watch.problems)
    record("browser-pages", {"pages": len(urls), "problems": seen})
    assert len(urls) > 80
    assert seen == {}


def test_a_reader_clicks_from_the_masthead_to_an_archive(sample_site, page):
    page.goto(sample_site.url(ARTICLE))
    page.click("header.masthead .site-title a")
    assert page.url == sample_site.url("/")
    page.click("nav.catbar a[href='/kategori/nasional/']")
    assert page.url == sample_site.url("/kategori/nasional/")
    assert page.locator("h1").inner_text() == "Nasional"
    page.click(f"main a[href='{ARTICLE}'] >> nth=0")
    assert page.url == sample_site.url(ARTICLE)
    page.click("main a[rel='tag'] >> text=banjir")
    assert page.url == sample_site.url("/tag/banjir/")
    page.click(f"main a[href='{ARTICLE}'] >> nth=0")
    page.click("main .story a[rel='author'] >> nth=0")
    assert re.fullmatch(re.escape(sample_site.url("/penulis/")) + r"[a-z-]+/", page.url)
    page.click(f"main a[href='{ARTICLE}'] >> nth=0")
    page.click("main .story-header a[href='/2026/10/05/']")  # the story's date opens that day's archive
    assert page.url == sample_site.url("/2026/10/05/")
    assert page.locator(f"main a[href='{ARTICLE}']").count() >= 1
    page.click("main nav.crumbs a[href='/2026/10/']")  # and from there up to the month and the year
    page.click("main nav.crumbs a[href='/2026/']")
    assert page.url == sample_site.url("/2026/")


@pytest.mark.parametrize(
    "url",
    [
        *("/", ARTICLE, "/kategori/nasional/", "/tag/banjir/", "/penulis/ayu-santoso/", "/2026/10/", "/cari/"),
        *("/redaksi/", "/tag/", "/kategori/"),
    ],
)
def test_nothing_is_wider_than_a_375_pixel_phone(sample_site, browser, url):
    context = browser.new_context(viewport=PHONE)
    phone = context.new_page()
    phone.goto(sample_site.url(url), wait_until="networkidle")
    widths = phone.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    wide = phone.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('.catbar ul'))
            .map(e => e.tagName.toLowerCase() + '.' + e.className)"""
    )
    context.close()
    assert widths[0] <= PHONE["width"] and widths[1] <= PHONE["width"], widths
    assert wide == []


LONG_WORD = "Situs kementerianpendayagunaanaparaturnegara.go.id Diretas"


def test_a_headline_with_a_word_wider_than_a_phone_breaks_and_widens_no_page(make_site, browser):
    """A web address in a headline is one word wider than a card: it breaks, and the grid keeps the phone's width."""
    root = make_site(
        {
            "kabar.yml": "title: Kabar Uji\nsearch: false\n",
            **{f"content/2024/{n}.md": article(title=f"Berita {n}", date=f"2024-03-0{n} 09:00") for n in range(1, 6)},
            "content/2024/situs.md": article(title=LONG_WORD, category="Teknologi", tags="[keamanan]"),
        }
    )
    with serve(root / "public") as base:
        run_build(root)
        context = browser.new_context(viewport=PHONE)
        phone = context.new_page()
        for url in (
            "/",
            "/kategori/teknologi/",
            "/tag/keamanan/",
            "/2024/03/05/situs-kementerianpendayagunaanaparaturnegara-go-id-diretas/",
        ):
            phone.goto(base + url)
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (url, width)
            assert LONG_WORD in phone.inner_text("main")
        context.close()


def test_an_articles_photo_fills_the_column_unless_small_and_a_portrait_one_leaves_the_story_on_screen(
    make_site, browser
):
    """A landscape photo is as wide as the story; a 300-pixel one is shown at 300, not blown up; a portrait one is no
    taller than three quarters of the screen (a 600x1400 photo filled two screens above the story's first line)."""
    shapes = {"lebar": (1600, 900), "kecil": (300, 200), "tegak": (600, 1400)}
    files = {"kabar.yml": "title: Kabar Uji\nsearch: false\n"}
    for n, (name, (width, height)) in enumerate(shapes.items(), start=1):
        files[f"content/images/{name}.jpg"] = pictures.photo(width, height)
        files[f"content/{name}.md"] = article(
            title=f"Foto {name}", date=f"2024-03-0{n} 09:00", image=f"/images/{name}.jpg", image_alt=f"Foto {name}"
        )
    root = make_site(files)
    with serve(root / "public") as base:
        run_build(root)
        for viewport in (PHONE, DESKTOP):
            context = browser.new_context(viewport=viewport)
            reader = context.new_page()
            shown = {}
            for n, name in enumerate(shapes, start=1):
                reader.goto(f"{base}/2024/03/0{n}/foto-{name}/", wait_until="load")
                shown[name] = reader.evaluate(
                    """() => { const img = document.querySelector('.story-image img').getBoundingClientRect();
                               const text = document.querySelector('.story .prose').getBoundingClientRect();
                               return [img.width, img.height, text.width]; }"""
                )
            context.close()
            width, _, column = shown["lebar"]
            assert abs(width - column) < 1, (viewport, shown)
            assert shown["kecil"][0] <= 300, (viewport, shown)
            assert shown["tegak"][1] <= 0.75 * viewport["height"] + 1, (viewport, shown)


def test_a_phone_cards_short_story_beside_its_picture_keeps_its_lines_together(make_site, browser):
    """The square picture beside a card is taller than a short story's label, headline and summary: the rows it
    stretches leave the room below the text, not between its lines."""
    files = {"kabar.yml": "title: Kabar Uji\nsearch: false\n", "content/images/cabai.jpg": pictures.photo(800, 450)}
    for n in range(1, 4):
        files[f"content/{n}.md"] = article(
            title=f"Cabai {n}",
            category="Ekonomi",
            date=f"2024-03-0{n} 09:00",
            summary="Naik.",
            image="/images/cabai.jpg",
            image_alt="Cabai",
        )
    root = make_site(files)
    with serve(root / "public") as base:
        run_build(root)
        context = browser.new_context(viewport=PHONE)
        reader = context.new_page()
        reader.goto(f"{base}/kategori/ekonomi/", wait_until="load")
        gaps = reader.evaluate(
            """() => [...document.querySelectorAll('main .card')].map(card => {
                   const box = s => {  // the words, not their stretched box
                       const text = document.createRange();
                       text.selectNodeContents(card.querySelector(s));
                       return text.getBoundingClientRect();
                   };
                   const [label, title, summary] = ['.label', '.card-title', '.summary'].map(box);
                   return [title.top - label.bottom, summary.top - title.bottom];
               })"""
        )
        context.close()
    assert len(gaps) == 3 and all(gap <= 12 for pair in gaps for gap in pair), gaps


def test_a_category_reached_with_tab_on_a_phone_is_scrolled_into_sight_clear_of_the_bars_fade(sample_site, browser):
    """The phone's category bar scrolls, its right edge fading: a link reached with Tab shows whole, ring and all."""
    context = browser.new_context(viewport=PHONE)
    reader = context.new_page()
    reader.goto(sample_site.url(ARTICLE), wait_until="load")
    seen = []
    for _ in range(30):
        reader.keyboard.press("Tab")
        focused = reader.evaluate(
            """() => { const link = document.activeElement, box = link.getBoundingClientRect();
                       return [link.closest('.catbar') !== null, link.textContent.trim(), box.left, box.right]; }"""
        )
        if focused[0]:
            seen.append(focused[1:])
        elif seen:
            break
    context.close()
    assert len(seen) > 4  # more than the phone shows at once
    assert all(left >= 0 and right <= PHONE["width"] - 30 for _, left, right in seen), seen


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(node_tools() / "axe-core" / "axe.min.js"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})" for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_accessibility_violation(sample_site, browser, scheme):
    found = {}
    checked = ["/", ARTICLE, "/kategori/nasional/", "/cari/?q=banjir", "/pedoman-media-siber/", "/tag/", "/penulis/"]
    checked.append("/2026/10/")  # a date archive, with the months beside it
    contexts = [browser.new_context(viewport=DESKTOP, color_scheme=scheme) for _ in checked]  # one page each
    tabs = settled([context.new_page() for context in contexts], [sample_site.url(url) for url in checked])
    for url, opened, context in zip(checked, tabs, contexts, strict=True):
        if url.startswith("/cari/"):
            opened.wait_for_selector(".search-result")
        violations = axe_violations(opened)
        context.close()
        if violations:
            found[url] = violations
    record(f"axe-{scheme}", {"pages": checked, "violations": found})
    assert found == {}


def test_search_finds_a_story_from_the_masthead_box(sample_site, page):
    page.goto(sample_site.url("/"))
    page.fill("header .search-box input[name='q']", "banjir")
    page.press("header .search-box input[name='q']", "Enter")
    page.wait_for_url(re.compile(r"/cari/\?q=banjir$"))
    page.wait_for_selector(RESULT_LINK)
    results = page.eval_on_selector_all(RESULT_LINK, "links => links.map(a => a.getAttribute('href'))")
    assert ARTICLE in results
    shown = page.locator(".search-result", has=page.locator(f"a[href='{ARTICLE}']"))
    # Its category, day and time as the cards show them, from the index's metadata; its excerpt the story's own
    # words, not its title or labels
    assert shown.locator(".search-meta").inner_text() == "NASIONAL · 5 Okt 2026, 09.30 WIB"
    excerpt = shown.locator(".search-excerpt").inner_text()
    assert excerpt.startswith("Banjir merendam permukiman"), excerpt
    assert not excerpt.startswith(("Banjir Rendam Tiga", "Nasional")) and " · " not in excerpt, excerpt


def test_search_results_are_the_themes_cards_and_a_story_without_a_picture_has_no_picture_column(sample_site, page):
    assert searched(page, sample_site.url(""), "jawa")
    fonts = page.evaluate(
        """() => [".list-title", ".search-result .card-title", ".site-title"].map(
            selector => getComputedStyle(document.querySelector(selector)).fontFamily)"""
    )
    assert fonts[0] == fonts[1] == fonts[2]  # the heading and the results in the theme's serif, as everywhere
    columns = page.eval_on_selector_all(
        ".search-result",
        """cards => cards.map(card => [
            !!card.querySelector("img"),
            card.querySelector(".card-title").getBoundingClientRect().left - card.getBoundingClientRect().left,
        ])""",
    )
    assert {with_picture for with_picture, _ in columns} == {True, False}
    assert all(left > 100 for with_picture, left in columns if with_picture)  # the thumbnail beside the text
    assert all(left == 0 for with_picture, left in columns if not with_picture)  # no empty column for one


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_label_their_category_as_cards_do_and_the_box_clears_in_the_themes_red(
    sample_site, browser, scheme
):
    import io

    from PIL import Image

    context = browser.new_context(viewport=WIDTHS["phone"], color_scheme=scheme)
    opened = context.new_page()
    searched(opened, sample_site.url(""), "banjir")
    assert set(opened.locator(".search-category").all_inner_texts()) == {"NASIONAL"}  # as on the cards
    opened.focus("#cari-kata")  # its clear button shows while it holds words and the focus
    box = opened.locator("#cari-kata").bounding_box()
    clear = {"x": box["x"] + box["width"] - 30, "y": box["y"] + 8, "width": 24, "height": box["height"] - 16}
    shot = Image.open(io.BytesIO(opened.screenshot(clip=clear))).convert("RGB")
    context.close()
    # the coloured pixels: the clear button's, and its edges' paler ones (Chromium's is grey in dark pages)
    ink = [(r, g, b) for r, g, b in shot.get_flattened_data() if max(r, g, b) - min(r, g, b) > 60]
    assert (ink or scheme == "dark") and all(r > max(g, b) for r, g, b in ink)  # red, not the browser's blue


def test_a_sponsored_story_is_labelled_in_the_search_results_as_on_its_cards(sample_site, page):
    links = searched(page, sample_site.url(""), "losari")
    assert "/2026/09/12/festival-kuliner-losari-hadirkan-ratusan-sajian-khas-sulawesi-selatan/" in links
    labels = page.eval_on_selector_all(
        ".search-result",
        """cards => cards.map(card => [card.querySelector(".card-title a").getAttribute("href"),
            (card.querySelector(".badge.sponsored") || {}).textContent || ""])""",
    )
    assert {label for href, label in labels if "festival-kuliner" in href} == {"Advertorial"}
    assert {label for href, label in labels if "festival-kuliner" not in href} <= {""}


def test_more_results_asked_with_the_keyboard_leave_the_focus_on_the_first_new_one(sample_site, page):
    """Enter on "more results" hid the button and dropped the focus to the page's top: a keyboard reader went on
    from there, through the whole page again."""
    first = searched(page, sample_site.url(""), "di")
    assert len(first) >= 10 and page.is_visible(".search-more")
    page.focus(".search-more")
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('{RESULT_LINK}').length > {len(first)}")
    focused = page.evaluate("[document.activeElement.matches('" + RESULT_LINK + "'), document.activeElement.href]")
    links = page.eval_on_selector_all(RESULT_LINK, "links => links.map(a => a.href)")
    assert focused == [True, links[len(first)]]


def test_the_excerpt_marks_the_word_found_not_the_punctuation_around_it(sample_site, page):
    assert searched(page, sample_site.url(""), "qris")
    marks = page.eval_on_selector_all(".search-excerpt mark", "marks => marks.map(m => m.textContent)")
    assert marks and all(mark == "QRIS" for mark in marks), marks  # the story writes "(QRIS)"
    assert "(QRIS)" in page.inner_text(".search-excerpt")


def searched(page, base: str, words: str) -> list[str]:
    """The links /cari/?q=WORDS lists, once Pagefind's UI has answered (with results or with none)."""
    page.goto(f"{base}/cari/?q={words}")
    # The message names the words while it searches too ("Mencari “…”…"): wait for the answer, with every result's
    # link in place.
    page.wait_for_function(
        """words => {
            const message = document.querySelector(".search-message");
            const results = document.querySelectorAll(".search-result").length;
            const links = document.querySelectorAll(".search-result .card-title a").length;
            return message && message.textContent.includes(words) && !/\\.\\.\\.|…/.test(message.textContent)
                && results === links;
        }""",
        arg=words,
    )
    return page.eval_on_selector_all(RESULT_LINK, "links => links.map(a => a.getAttribute('href'))")


def test_search_finds_a_story_of_every_year_shard_and_follows_edits_and_deletions(make_site, page):
    from .test_search import years_site

    root = years_site(make_site)
    run_build(root)
    watch = Watch(page)
    with serve(root / "public") as base:
        stories = {
            "intan": "/2024/03/05/timnas-menang/",
            "safir": "/2023/01/02/gempa-guncang-cianjur/",
            "rubi": "/2023/04/05/panen-raya-padi/",
            "zamrud": "/2022/06/01/pemilu-daerah-digelar/",
        }
        for word, url in stories.items():
            assert searched(page, base, word) == [url], word
        assert sorted(searched(page, base, "unik")) == sorted(stories.values())  # one list, from every shard
        panen = "Panen Raya Padi", "2023-04-05 08:00"
        write_files(root, {"content/2023/panen.md": article(*panen, body="Kini: mutiara.")})
        (root / "content" / "2022" / "pemilu.md").unlink()
        run_build(root)
        assert searched(page, base, "mutiara") == ["/2023/04/05/panen-raya-padi/"]  # its new words
        # shown with its category and day, its excerpt its own words (not "Panen Raya Padi. Nasional · padi.")
        assert page.inner_text(".search-result .search-meta") == "NASIONAL · 5 Apr 2023, 08.00 WIB"
        assert page.inner_text(".search-result .search-excerpt") == "Kini: mutiara."
        assert searched(page, base, "rubi") == []  # not the removed ones
        assert searched(page, base, "zamrud") == []  # the deleted story is gone, with its year
        assert searched(page, base, "safir") == ["/2023/01/02/gempa-guncang-cianjur/"]
    assert watch.problems == []


def test_without_javascript_the_search_box_still_leads_to_the_search_page(sample_site, browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    opened = context.new_page()
    opened.goto(sample_site.url(ARTICLE))
    assert opened.locator("article .prose").inner_text().strip()  # the story is there to read
    opened.fill("header .search-box input[name='q']", "gempa")
    opened.press("header .search-box input[name='q']", "Enter")
    opened.wait_for_url(re.compile(r"/cari/\?q=gempa$"))
    text = opened.locator("main").inner_text()
    context.close()
    assert "Pencarian memerlukan JavaScript" in text
    assert "Nasional" in text  # and the categories to browse instead


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_home_article_and_listing_on_desktop_and_phone(sample_site, browser, scheme):
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    taken = []
    for device, viewport, scale in (("desktop", DESKTOP, 1), ("phone", PHONE, 2)):
        context = browser.new_context(viewport=viewport, device_scale_factor=scale, color_scheme=scheme)
        opened = context.new_page()
        for name, url in (("home", "/"), ("article", ARTICLE), ("listing", "/kategori/nasional/")):
            opened.goto(sample_site.url(url), wait_until="networkidle")
            unshown = scrolled_through(opened)
            assert unshown == [], f"{url} on a {device}: pictures that did not load"
            path = folder / f"{name}-{device}-{scheme}.png"
            opened.screenshot(path=str(path), full_page=True)
            taken.append(path)
        context.close()
    assert all(path.stat().st_size > 10_000 for path in taken)


def scrolled_through(page) -> list[str]:
    """Scroll PAGE to its end a screen at a time, as a reader does, so that its lazy pictures load, then back to the
    top: a full-page screenshot taken before shows blank boxes where they go. The pictures that did not load."""
    step = page.viewport_size["height"]
    for top in range(0, page.evaluate("document.documentElement.scrollHeight") + step, step):
        # two frames at each place: Chromium starts a lazy picture's request in the frame after it comes near
        page.evaluate(
            "y => new Promise(done => { scrollTo(0, y); requestAnimationFrame(() => requestAnimationFrame(done)); })",
            top,
        )
    page.wait_for_function("[...document.images].every(i => i.complete)")
    page.evaluate("scrollTo(0, 0)")
    return page.eval_on_selector_all(
        "img", "images => images.filter(i => !i.naturalWidth).map(i => i.currentSrc || i.src)"
    )


def test_print_shows_the_story_without_the_sites_navigation(sample_site, page):
    page.goto(sample_site.url(ARTICLE))
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """['.catbar', '.search-box', '.site-footer', '.related', '.story-nav']
            .map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)"""
    )
    assert hidden and set(hidden) == {"none"}
    assert page.locator("article .prose").is_visible()
    (OUTPUT / "screenshots").mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(OUTPUT / "screenshots" / "article-print.pdf"))


# ---------------------------------------------------------------- the front page and listings, measured

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": DESKTOP}
LISTED = ["/", "/kategori/nasional/", "/kategori/ekonomi/", "/page/2/", ARTICLE]
ROW_HEIGHTS_WITHIN = 2  # px: the cards of a row are as tall as each other, so no white gap opens under one


def card_rows(page) -> list[list[dict]]:
    """Each .cards grid's rows on PAGE: the cards that share a top edge, with their boxes."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.cards')].flatMap(grid => {
            const rows = new Map();
            for (const card of grid.children) {
                const box = card.getBoundingClientRect();
                const top = Math.round(box.top);
                if (!rows.has(top)) rows.set(top, []);
                rows.get(top).push({top, height: box.height, width: box.width, grid: grid.className});
            }
            return [[...rows.values()]];
        })"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", WIDTHS)
def test_card_rows_are_even_and_no_card_is_left_alone_on_a_row(sample_site, browser, device, scheme):
    context = browser.new_context(viewport=WIDTHS[device], color_scheme=scheme)
    tabs = settled([context.new_page() for _ in LISTED], [sample_site.url(url) for url in LISTED])
    uneven, orphans, grids = {}, {}, 0
    for url, opened in zip(LISTED, tabs, strict=True):
        for rows in card_rows(opened):
            grids += 1
            heights = [[card["height"] for card in row] for row in rows]
            if any(max(row) - min(row) > ROW_HEIGHTS_WITHIN for row in heights):
                uneven.setdefault(url, []).append(heights)
            if len(rows) > 1 and len(rows[-1]) < len(rows[0]):
                orphans.setdefault(url, []).append([len(row) for row in rows])
    context.close()
    assert grids >= len(LISTED)
    assert uneven == {} and orphans == {}


@pytest.mark.parametrize("device", WIDTHS)
def test_reading_time_never_breaks_over_two_lines(sample_site, browser, device):
    context = browser.new_context(viewport=WIDTHS[device])
    tabs = settled([context.new_page() for _ in LISTED], [sample_site.url(url) for url in LISTED])
    broken = {}
    for url, opened in zip(LISTED, tabs, strict=True):
        lines = opened.eval_on_selector_all(".read-time", "spans => spans.map(s => s.getClientRects().length)")
        assert lines, url
        if set(lines) != {1}:
            broken[url] = lines
    context.close()
    assert broken == {}


def test_the_phone_category_bar_shows_that_it_scrolls(sample_site, browser):
    context = browser.new_context(viewport=WIDTHS["phone"])
    opened = context.new_page()
    opened.goto(sample_site.url("/"))
    bar = opened.evaluate(
        """() => { const ul = document.querySelector('.catbar ul'), style = getComputedStyle(ul);
                   return [ul.scrollWidth > ul.clientWidth, style.maskImage || style.webkitMaskImage]; }"""
    )
    context.close()
    overflows, mask = bar
    assert overflows  # the sample's categories do not fit a phone: there is more to scroll to
    assert mask.startswith("linear-gradient(to left, rgba(0, 0, 0, 0)")  # the right edge fades out


NO_PHOTO = "/2026/10/14/startup-yogyakarta-kembangkan-model-ai-berbahasa-jawa/"  # a Teknologi story


@pytest.mark.parametrize("url", ["/kategori/teknologi/", NO_PHOTO])
def test_the_phone_category_bar_shows_the_section_the_reader_is_in(sample_site, browser, url):
    """A category far along the bar (its page, or one of its stories) is scrolled into sight, the page not."""
    context = browser.new_context(viewport=WIDTHS["phone"])
    opened = context.new_page()
    opened.goto(sample_site.url(url), wait_until="load")
    left, right, page_scrolled = opened.evaluate(
        """() => { const box = document.querySelector('.catbar [aria-current=page], .catbar .is-section')
                       .getBoundingClientRect();
                   return [box.left, box.right, window.scrollY]; }"""
    )
    context.close()
    assert left >= 0 and right <= WIDTHS["phone"]["width"], (left, right)
    assert page_scrolled == 0


def test_the_masthead_shows_the_readers_date_and_without_javascript_not_even_an_empty_row(sample_site, browser):
    import datetime as dt

    context = browser.new_context(viewport=DESKTOP, timezone_id="Asia/Jakarta")
    opened = context.new_page()
    # 23:30 UTC on Friday 9 April is already Saturday 10 April in Jakarta: the reader's day, not the server's.
    opened.clock.set_fixed_time(dt.datetime(2027, 4, 9, 23, 30, tzinfo=dt.UTC))
    opened.goto(sample_site.url("/"))
    assert opened.locator("#hari-ini").inner_text() == "Sabtu, 10 April 2027"
    context.close()
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    opened = context.new_page()
    opened.goto(sample_site.url(ARTICLE))
    assert opened.locator("#hari-ini").inner_text() == ""
    assert opened.locator("#hari-ini").bounding_box() is None  # no blank row above the site's name
    assert opened.locator(".share button").evaluate_all("buttons => buttons.map(b => b.checkVisibility())") == [
        False,
        False,
    ]
    assert opened.locator(".share a").count() == 5  # the plain links work without it
    context.close()


def test_copy_link_puts_the_articles_address_on_the_clipboard(sample_site, browser):
    context = browser.new_context(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    opened = context.new_page()
    opened.goto(sample_site.url(ARTICLE))
    opened.click(".share-copy")
    opened.wait_for_selector(".share [role=status]:has-text('Tautan disalin')")
    assert opened.evaluate("navigator.clipboard.readText()") == sample_site.url(ARTICLE)
    context.close()


def test_kabar_serve_loads_and_reloads_more_tabs_than_a_browser_opens_connections_to_one_server(
    make_site, browser, tmp_path
):
    """A browser opens at most six connections to one server: with an event stream held open by each tab of the
    preview, a seventh tab waited, never loaded, until the next save."""
    from .test_serve import SITE, Server

    server = Server(make_site(SITE), tmp_path / "serve.log")
    context = browser.new_context(viewport=DESKTOP)
    try:
        tabs = [context.new_page() for _ in range(8)]
        for tab in tabs:
            tab.goto(f"http://127.0.0.1:{server.port}/", timeout=10_000)
        (server.root / "content/2024/banjir.md").write_text(article(title="Banjir Surut di Bekasi"))
        for tab in tabs:
            tab.wait_for_selector("text=Banjir Surut di Bekasi", timeout=10_000)
    finally:
        context.close()
        server.stop()


@pytest.mark.parametrize("shared_worker", [True, False], ids=["shared-worker", "a-stream-each"])
def test_kabar_serves_open_search_page_reloads_once_the_index_has_caught_up(
    make_site, browser, tmp_path, shared_worker
):
    """The search page reloaded with the other tabs after a save, before the preview's index had the new story, and
    never again: the author searched for the story just written and found nothing. Other pages do not reload."""
    import threading

    from kabar.pipeline import Options
    from kabar.serve import Preview, _Handler, _Server

    from .test_serve import BANJIR, SITE

    root = make_site(SITE)
    options = Options(root=root, output=tmp_path / "preview", drafts=True, future=True, search_later=True)
    preview = Preview(options, out=lambda *args, **kwargs: None)
    preview.rebuild([])
    server = _Server(("127.0.0.1", 0), _Handler)
    server.preview = preview
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport=DESKTOP)
    if not shared_worker:  # as in Chrome on Android
        context.add_init_script("delete window.SharedWorker")
    try:
        story = context.new_page()
        story.goto(f"http://127.0.0.1:{server.server_address[1]}{BANJIR}")
        tab = context.new_page()
        tab.goto(f"http://127.0.0.1:{server.server_address[1]}/cari/?q=zebrakuda")
        tab.wait_for_selector(".search-message:has-text('Tidak ada hasil')")
        (root / "content/2024/zebra.md").write_text(article(title="Zebrakuda Lepas di Ragunan"))
        with story.expect_event("load"), tab.expect_event("load"):  # every tab, the index not yet up to date
            summary = preview.rebuild(["content/2024/zebra.md"])
        assert summary is not None and summary.search_behind
        tab.wait_for_selector(".search-message:has-text('Tidak ada hasil')")
        loads = []
        story.on("load", lambda: loads.append(story.url))
        with tab.expect_event("load", timeout=10_000):
            preview.catch_up()
        tab.wait_for_selector(f"{RESULT_LINK}:has-text('Zebrakuda Lepas di Ragunan')")
        story.wait_for_timeout(300)
        assert loads == []
    finally:
        context.close()
        preview.close()
        server.shutdown()
        server.server_close()
