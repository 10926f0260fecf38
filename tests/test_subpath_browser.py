"""The sample site built for a GitHub Pages project site (base_url https://owner.github.io/repo/), served by nginx
with public/ at /repo/ (and the site's 404 page for what is missing there, as GitHub Pages does), in Chromium: a
reader following every link from the front page, an article, a listing, the search page and the 404 page never
meets a failed request nor an address outside /repo/; search finds stories and leads under /repo/; `kabar serve`
previews such a site at its path, and reloads it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from . import nginx
from .checkers import REPO, chromium
from .conftest import SAMPLE_NOW, article, run_build
from .test_browser import DESKTOP, RESULT_LINK, Watch, searched

pytestmark = pytest.mark.slow

PUBLISHED = "https://owner.github.io/repo"
ARTICLE = "/2026/10/05/banjir-rendam-tiga-kecamatan-di-bekasi/"
LINKS = "/2026/11/21/tautan-dari-penulis/"  # the story below: links written root-relative in Markdown
LINKS_STORY = article(
    title="Tautan dari Penulis",
    date="2026-11-21 08:00",
    category="Nasional",
    summary="Tautan yang ditulis penulis.",
    aliases="[/lama/tautan/]",
    body=f"Baca [banjir]({ARTICLE}) dan [kategori](/kategori/nasional/).\n\n![Logo](/logo.png)\n",
)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@dataclass(frozen=True)
class Hosted:
    public: Path
    base: str  # http://127.0.0.1:PORT, without the site's path

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module")
def project_site(tmp_path_factory) -> Iterator[Hosted]:
    """The sample site (and one story more, with root-relative links, an image and an old address) built for
    https://owner.github.io/repo/, and served by nginx with its public/ at /repo/."""
    root = tmp_path_factory.mktemp("project") / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "pages", root / "pages")
    settings = (REPO / "kabar.yml").read_text(encoding="utf-8")
    (root / "kabar.yml").write_text(re.sub(r"(?m)^base_url:.*$", f"base_url: {PUBLISHED}/", settings))
    (root / "content" / "2026" / "tautan.md").write_text(LINKS_STORY, encoding="utf-8")
    summary = run_build(root, now=SAMPLE_NOW, strict=True)
    assert summary.warnings == []
    public, empty = root / "public", root.parent / "empty"
    empty.mkdir()
    port = nginx.free_port()
    base = f"http://127.0.0.1:{port}"
    servers = f"""server {{
        listen 127.0.0.1:{port};
        root {empty};
        include {public}/kabar-redirects.nginx.conf;
        location /repo/ {{ alias {public}/; error_page 404 /repo/404.html; }}
    }}"""
    server = nginx.start(root.parent / "nginx", [public], servers, base + "/repo/")
    try:
        yield Hosted(public, base)
    finally:
        server.terminate()
        server.wait(10)


# Every address a page gives, resolved as the browser resolves it: links, images and their srcsets, stylesheets,
# scripts, icons, feeds' links, forms, canonical and Open Graph addresses, a meta refresh.
ADDRESSES = """() => {
    const found = [];
    const add = (value) => { if (value) found.push(new URL(value, document.baseURI).href); };
    document.querySelectorAll("[href]").forEach((e) => add(e.getAttribute("href")));
    document.querySelectorAll("[src]").forEach((e) => add(e.getAttribute("src")));
    document.querySelectorAll("form[action]").forEach((e) => add(e.getAttribute("action")));
    document.querySelectorAll("[srcset]").forEach((e) =>
        e.getAttribute("srcset").split(/,\\s+/).forEach((c) => add(c.trim().split(/\\s+/)[0])));
    document.querySelectorAll("meta[content]").forEach((e) => {
        const value = e.getAttribute("content");
        if (/^https?:\\/\\//.test(value)) add(value);
        const refresh = /url=(.*)$/i.exec(value);
        if (e.httpEquiv && refresh) add(refresh[1]);
    });
    return found;
}"""


def test_following_every_link_from_five_pages_meets_no_failure_and_nothing_outside_the_path(project_site, page):
    site = project_site
    local = urlsplit(site.base).netloc
    starts = ["/repo/", f"/repo{ARTICLE}", "/repo/kategori/nasional/", "/repo/cari/?q=banjir", "/repo/tidak-ada/"]
    requested, failed, outside = [], [], []
    page.on("request", lambda r: requested.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and failed.append(f"failed {r.url}"))
    watch = Watch(page)
    queue, seen, checked, pages = list(starts), set(), {}, 0
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(site.url(path), wait_until="load")
        pages += 1
        assert response is not None
        assert response.status == (404 if path == "/repo/tidak-ada/" else 200), path
        if "?q=" in path:  # the results, which link to stories too
            page.wait_for_selector(RESULT_LINK)
        for address in page.evaluate(ADDRESSES):
            parts = urlsplit(address)
            if parts.netloc not in (local, "owner.github.io"):
                continue
            if not parts.path.startswith("/repo/"):
                outside.append((path, address))
                continue
            if parts.path.endswith("/") or parts.path.endswith(".html"):  # a page: followed
                queue.append(parts.path)
            elif parts.path not in checked:  # a file: fetched
                checked[parts.path] = page.request.get(site.url(parts.path)).status
    failed = [f for f in failed if f != f"404 {site.url('/repo/tidak-ada/')}"]
    watch.problems = [p for p in watch.problems if "/repo/tidak-ada/" not in p and "404" not in p]
    assert outside == []
    assert failed == [] and watch.problems == []
    assert {path: status for path, status in checked.items() if status != 200} == {}
    on_host = [urlsplit(url) for url in requested if urlsplit(url).netloc == local]
    assert [parts.geturl() for parts in on_host if not parts.path.startswith("/repo/")] == []
    assert pages > 80 and f"/repo{LINKS}" in seen and "/repo/kategori/nasional/feed.xml" in checked
    assert "/repo/feed.xml" in checked and "/repo/logo.png" in checked and "/repo/css/kabar.css" in checked


def test_the_404_page_under_the_path_has_its_style_and_links(project_site, page):
    watch = Watch(page)
    response = page.goto(project_site.url("/repo/2026/tidak/ada/"))
    assert response is not None and response.status == 404
    assert page.evaluate("getComputedStyle(document.querySelector('.masthead')).display") != "inline"  # styled
    assert page.evaluate("document.styleSheets.length") >= 2
    page.click("header.masthead .site-title a")
    assert page.url == project_site.url("/repo/")
    # The page's own 404 (its console line names no address); any other failed request names its own.
    assert [p for p in watch.problems if "/tidak/ada/" not in p and "status of 404" not in p] == []


def test_a_markdown_root_relative_link_and_image_work_under_the_path(project_site, page):
    watch = Watch(page)
    page.goto(project_site.url(f"/repo{LINKS}"))
    ((_, width),) = loaded_images(page, ".prose img[alt=Logo]")
    assert width > 0
    page.click(".prose a >> text=banjir")
    assert page.url == project_site.url(f"/repo{ARTICLE}")
    assert watch.problems == []


def test_search_at_the_path_finds_a_story_and_leads_under_the_path(project_site, page):
    watch = Watch(page)
    found = searched(page, project_site.url("/repo"), "Bekasi")
    assert f"/repo{ARTICLE}" in found and all(link.startswith("/repo/") for link in found)
    images = loaded_images(page, ".search-result img")
    assert images and all(urlsplit(src).path.startswith("/repo/") and width > 0 for src, width in images)
    page.click(f"{RESULT_LINK}[href='/repo{ARTICLE}']")
    assert page.url == project_site.url(f"/repo{ARTICLE}")
    page.fill("header.masthead input[name=q]", "tautan")  # the masthead's box leads to the search page at the path
    page.press("header.masthead input[name=q]", "Enter")
    page.wait_for_selector(f"{RESULT_LINK}[href='/repo{LINKS}']")
    assert page.url.startswith(project_site.url("/repo/cari/?q=tautan"))
    assert watch.problems == []


def test_an_old_address_under_the_path_is_answered_with_a_301_by_nginx(project_site, page):
    response = page.request.get(project_site.url("/repo/lama/tautan/"), max_redirects=0)
    assert (response.status, response.headers["location"]) == (301, project_site.url(f"/repo{LINKS}"))


def test_an_old_address_s_page_and_an_old_amp_page_lead_on_under_the_path(project_site, page):
    """Where no 301 answers (a plain host), an old address's redirect page leads to the story under the path, with
    the #part of the address; an old AMP page's address, the host's 404 page, to the page without /amp/."""
    page.goto(project_site.url("/repo/lama/tautan/index.html#komentar"))  # the redirect page itself
    page.wait_for_url(project_site.url(f"/repo{LINKS}#komentar"))
    page.goto(project_site.url(f"/repo{LINKS}amp/?utm_source=wa"))
    page.wait_for_url(project_site.url(f"/repo{LINKS}?utm_source=wa"))


def test_kabar_serve_previews_a_site_under_a_path_at_it_and_reloads_it(make_site, browser, tmp_path):
    from .test_serve import BANJIR, SITE, Server

    files = {**SITE, "kabar.yml": "title: Kabar Pratinjau\nbase_url: https://owner.github.io/repo\n"}
    server = Server(make_site(files), tmp_path / "serve.log")
    assert re.search(rf"serving http://127\.0\.0\.1:{server.port}/repo/ from", server.output())
    context = browser.new_context(viewport=DESKTOP)
    try:
        tab = context.new_page()
        requested = []
        tab.on("request", lambda r: requested.append(urlsplit(r.url).path))
        watch = Watch(tab)
        tab.goto(f"http://127.0.0.1:{server.port}/")  # the root leads to the site's path
        assert tab.url == f"http://127.0.0.1:{server.port}/repo/"
        tab.click(f"main a[href='/repo{BANJIR}'] >> nth=0")
        assert tab.url == f"http://127.0.0.1:{server.port}/repo{BANJIR}"
        tab.go_back()
        (server.root / "content/2024/banjir.md").write_text(article(title="Banjir Surut di Bekasi"))
        tab.wait_for_selector("text=Banjir Surut di Bekasi", timeout=10_000)
        assert [path for path in requested if not path.startswith(("/repo/", "/__kabar/")) and path != "/"] == []
        assert watch.problems == []
    finally:
        context.close()
        server.stop()


def loaded_images(page, selector: str) -> list[tuple[str, int]]:
    """Each image SELECTOR finds, its address and its width as loaded (0: broken), once the browser is done with
    every one of them: a picture still on its way is neither (the search's are added as results come, lazily)."""
    page.wait_for_function("s => [...document.querySelectorAll(s)].every(i => i.complete)", arg=selector)
    return page.eval_on_selector_all(selector, "images => images.map(i => [i.src, i.naturalWidth])")
