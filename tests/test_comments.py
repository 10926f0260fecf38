"""Comments under an article: the ones kept beside it (imported, read-only) and the live ones (Isso, giscus)."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from kabar.comments import MAX_DEPTH, thread
from kabar.models import Comment

from .conftest import article, read, run_build
from .test_incremental import big_site, clean_build, tree

PAGE = "/2024/03/05/banjir-rendam-bekasi/"
COMMENTS = """\
- id: 11
  author: Budi Santoso
  date: 2024-03-05 10:12:00+07:00
  text: |
    Terima kasih atas beritanya.

    Semoga cepat surut.
    Salam dari Bekasi.
- id: 12
  author: Sari <b>Dewi</b>
  date: 2024-03-05T05:00:00Z
  text: "Amin. <script>alert(1)</script>"
  parent: 11
- id: 13
  author: Raka
  date: 2024-03-06 08:00
  text: Jalan di Jatiasih masih tergenang.
"""


def site(make_site, settings: str = "", comments: str = COMMENTS) -> Path:
    files = {"kabar.yml": "title: Kabar Uji\nsearch: false\n" + settings, "content/2024/banjir.md": article()}
    if comments:
        files["content/2024/banjir.comments.yml"] = comments
    return make_site(files)


def comments_of(page: str) -> LexborHTMLParser:
    section = LexborHTMLParser(page).css_first("section.comments")
    assert section is not None, "no comments section"
    return section


def test_imported_comments_are_shown_threaded_escaped_and_counted(make_site):
    root = site(make_site)
    run_build(root)
    page = read(root, PAGE)
    section = comments_of(page)
    assert section.css_first("h2").text() == "3 Komentar"
    top = section.css("ol.comment-list > li.comment")
    assert [li.attributes["id"] for li in top] == ["komentar-11", "komentar-13"]  # the reply is not at the top
    reply = top[0].css_first("ol.comment-replies > li.comment")
    assert reply.attributes["id"] == "komentar-12"
    assert reply.css_first(".comment-author").text() == "Sari <b>Dewi</b>"  # escaped: shown as written
    assert "Amin. <script>alert(1)</script>" in reply.css_first("p").text()
    assert "<script>alert(1)" not in page and "<b>Dewi" not in page
    first = [p.html for p in top[0].css_first("article").css("p")]
    assert first == ["<p>Terima kasih atas beritanya.</p>", "<p>Semoga cepat surut.<br>Salam dari Bekasi.</p>"]
    # The dates in the site's zone (Asia/Jakarta), whatever zone the file gave: 05:00Z is 12.00 WIB.
    assert reply.css_first("time").attributes["datetime"] == "2024-03-05T12:00:00+07:00"
    assert reply.css_first("time").text() == "5 Mar 2024, 12.00 WIB"
    assert section.css_first(".comments-note").text() == "Komentar untuk berita ini sudah ditutup."
    graph = json.loads(LexborHTMLParser(page).css_first('script[type="application/ld+json"]').text())["@graph"]
    assert graph[0]["commentCount"] == 3
    assert not (root / "public/2024/banjir.comments.yml").exists()  # data, never published
    assert not list((root / "public").rglob("*.yml"))


def test_an_english_site_says_comments_in_english(make_site):
    root = site(make_site, "lang: en\n", comments=COMMENTS.split("- id: 12")[0])
    run_build(root)
    section = comments_of(read(root, PAGE))
    assert section.css_first("h2").text() == "1 Comment"
    assert section.css_first(".comments-note").text() == "Comments on this story are closed."


def test_imported_false_hides_them(make_site):
    root = site(make_site, "comments:\n  imported: false\n")
    run_build(root)
    page = read(root, PAGE)
    assert 'class="comments"' not in page and "commentCount" not in page and "Budi" not in page


def test_an_article_without_comments_and_live_none_shows_nothing_and_loads_nothing(make_site):
    root = site(make_site, comments="")
    run_build(root)
    page = read(root, PAGE)
    assert 'class="comments"' not in page and "commentCount" not in page
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", page)
    assert "<iframe" not in page and scripts == ["/js/kabar.js"]  # the theme's own, from the site itself


def test_isso_writes_its_embed_for_the_configured_server_only(make_site):
    root = site(make_site, "comments:\n  live: isso\n  isso: {url: 'https://komentar.kabar.example'}\n", comments="")
    run_build(root)
    page = read(root, PAGE)
    section = comments_of(page)
    script = section.css_first("script")
    assert script.attributes["src"] == "https://komentar.kabar.example/js/embed.min.js"
    assert script.attributes["data-isso"] == "https://komentar.kabar.example/"
    assert script.attributes["data-isso-lang"] == "id"
    thread_section = section.css_first("section#isso-thread")
    assert thread_section.attributes["data-title"] == "Banjir Rendam Bekasi"
    assert thread_section.attributes["data-isso-id"] == PAGE
    assert section.css_first("h2").text() == "Komentar"
    assert "sudah ditutup" not in page
    scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', page)
    assert scripts == ["/js/kabar.js", "https://komentar.kabar.example/js/embed.min.js"]  # the theme's, then Isso's


def test_giscus_writes_its_embed_in_the_site_language(make_site):
    settings = (
        "lang: en\ncomments:\n  live: giscus\n  giscus:\n    repo: kabar/situs\n    repo_id: R_kgDOabc\n"
        "    category: Komentar\n    category_id: DIC_kwDOabc\n"
    )
    root = site(make_site, settings)
    run_build(root)
    page = read(root, PAGE)
    script = comments_of(page).css_first('script[src="https://giscus.app/client.js"]')
    expected = {
        "data-repo": "kabar/situs",
        "data-repo-id": "R_kgDOabc",
        "data-category": "Komentar",
        "data-category-id": "DIC_kwDOabc",
        "data-mapping": "pathname",
        "data-lang": "en",
        "data-loading": "lazy",
    }
    assert {key: script.attributes.get(key) for key in expected} == expected
    assert comments_of(page).css_first("h2").text() == "3 Comments"  # the imported ones stay, above
    # and giscus's own count ("0 comments") is of the new ones, under a heading that says so
    assert comments_of(page).css_first("h3.comments-live-title").text() == "New comments"
    assert re.findall(r'<script[^>]*\ssrc="([^"]+)"', page) == ["/js/kabar.js", "https://giscus.app/client.js"]


@pytest.mark.parametrize("change", ["add", "edit", "delete", "settings"])
def test_a_changed_comments_file_rebuilds_its_article_as_a_clean_build_would(change, tmp_path):
    root = big_site(tmp_path / "site", count=240)  # enough to parse in worker processes
    beside = root / "content/2025/berita-40.comments.yml"
    if change != "add":
        beside.write_text(COMMENTS)
    run_build(root, jobs=2)
    if change == "add":
        beside.write_text(COMMENTS)
    elif change == "edit":
        beside.write_text(COMMENTS.replace("Amin.", "Amin, semoga segera surut."))
    elif change == "delete":
        beside.unlink()
    else:
        settings = root / "kabar.yml"
        settings.write_text(settings.read_text() + "comments: {imported: false}\n")
    summary = run_build(root, jobs=2)
    assert tree(root / "public") == clean_build(root, tmp_path)
    if change != "settings":
        assert 0 < summary.rendered < summary.pages  # its page, not the whole site
    page = read(root, "/2025/01/14/berita-nomor-40/")
    assert ("Amin, semoga" in page, "Budi Santoso" in page) == (change == "edit", change in ("add", "edit"))


def test_a_long_exchange_is_nested_only_so_deep():
    tz = dt.timezone(dt.timedelta(hours=7))
    day = dt.datetime(2024, 3, 5, tzinfo=tz)
    chain = [Comment(id=str(n), author="A", date=day, text="t", parent=str(n - 1) if n else None) for n in range(9)]
    nodes, depths = thread(tuple(chain), tz), []
    while nodes:
        depths.append([node.depth for node in nodes])
        nodes = tuple(reply for node in nodes for reply in node.replies)
    assert depths == [[1], [2], [3], [4], [5, 5, 5, 5, 5]]
    assert MAX_DEPTH == 5


# ---------------------------------------------------------------- a real Isso server, a real browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _isso_server(folder: Path, site_base: str) -> Iterator[str]:
    """Isso (the `isso` package, a test extra) on 127.0.0.1 at a free port, for the site at SITE_BASE: its
    SQLite file and isso.cfg in FOLDER, moderation and rate limits off. Yields its URL, ending in "/"."""
    port = _free_port()
    config = folder / "isso.cfg"
    config.write_text(
        f"[general]\ndbpath = {folder / 'comments.db'}\nhost = {site_base}\n"
        f"[server]\nlisten = http://127.0.0.1:{port}/\n"
        "[moderation]\nenabled = false\n[guard]\nenabled = false\nrequire-author = false\nrequire-email = false\n",
        encoding="utf-8",
    )
    log = (folder / "isso.log").open("wb")
    command = [sys.executable, "-c", "import sys, isso; sys.exit(isso.main())", "-c", str(config), "run"]
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):  # until it answers (it starts in about a second), 30 s at most
            if server.poll() is not None:
                pytest.fail(f"Isso stopped: {(folder / 'isso.log').read_text()}")
            try:
                with urllib.request.urlopen(url + "js/embed.min.js", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"Isso did not answer: {(folder / 'isso.log').read_text()}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.mark.slow
def test_a_reader_posts_a_comment_through_isso_and_sees_it(make_site, tmp_path):
    pytest.importorskip("isso")
    playwright_api = pytest.importorskip("playwright.sync_api")
    from .checkers import chromium, serve

    root = site(make_site, comments="")
    public = root / "public"
    public.mkdir()
    with serve(public) as base, _isso_server(tmp_path, base) as isso:
        settings = f"base_url: {base}\ncomments:\n  live: isso\n  isso: {{url: '{isso}'}}\n"
        (root / "kabar.yml").write_text("title: Kabar Uji\nsearch: false\n" + settings)
        run_build(root)
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
            try:
                page = browser.new_page()
                errors = []
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.goto(base + PAGE)
                page.locator("#isso-thread .isso-textarea").fill("Semoga banjir cepat surut.")
                page.locator("#isso-thread input[name='author']").fill("Warga Bekasi")
                page.locator("#isso-thread .isso-postbox input[type='submit']").click()
                posted = page.locator("#isso-root .isso-comment .isso-text")
                posted.first.wait_for(timeout=15_000)
                assert posted.first.inner_text().strip() == "Semoga banjir cepat surut."
                page.wait_for_load_state("networkidle")  # a reload would cut short what the embed still asks Isso
                page.reload()  # kept by the server, not only shown by the page
                posted.first.wait_for(timeout=15_000)
                assert page.locator("#isso-root .isso-comment .isso-author").first.inner_text() == "Warga Bekasi"
                assert errors == []
            finally:
                browser.close()


@pytest.mark.slow
def test_with_the_comment_server_down_the_reader_is_told_and_the_kept_comments_stay(make_site):
    """Isso not answering left an empty block under the story, its failure only in the browser's console."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from .checkers import chromium, serve

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    root = site(make_site, f"comments:\n  live: isso\n  isso: {{url: '{down}'}}\n")
    run_build(root)
    with serve(root / "public") as base, playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(base + PAGE)
            page.wait_for_selector("#komentar-gagal:not([hidden])", timeout=10_000)
            assert page.inner_text("#komentar-gagal") == "Komentar tidak dapat dimuat saat ini."
            assert page.locator(".comment-list .comment").count() == 3
        finally:
            browser.close()
