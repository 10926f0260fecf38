"""Search on the site: the Pagefind index of the articles, the /cari/ page, the masthead box, `search: false`,
and a build that goes on without search when the pagefind binary is missing.

(That the search finds a story in a real browser, with and without JavaScript, is in test_browser.py.)
"""

from __future__ import annotations

import gzip
import json
import logging
import shutil
from pathlib import Path

import lxml.html
import pytest

from kabar.errors import BuildError

from .conftest import SITES, article, read, run_build

PUBLISHED = {
    "/2024/03/05/banjir-rendam-tiga-kecamatan-di-bekasi/",
    "/2024/03/05/harga-beras-naik-menjelang-ramadan/",
    "/2024/03/07/banjir-susulan-mengancam-bekasi-utara/",
    "/2024/04/02/timnas-menang-2-0-atas-vietnam/",
}


@pytest.fixture(scope="module")
def basic(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search") / "basic"
    shutil.copytree(SITES / "basic", root)
    run_build(root)
    return root


def indexed(public: Path) -> dict[str, str]:
    """URL -> indexed text, from the fragments of Pagefind's bundle (gzip: a 12-byte signature, then JSON)."""
    found = {}
    for path in (public / "pagefind" / "fragment").iterdir():
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[fragment["url"]] = fragment["content"]
    return found


def test_every_published_article_and_nothing_else_is_indexed(basic):
    public = basic / "public"
    entry = json.loads((public / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["id"]["page_count"] == len(PUBLISHED)  # indexed as Indonesian
    pages = indexed(public)
    assert set(pages) == PUBLISHED  # no draft, no scheduled story, no listing
    banjir = pages["/2024/03/05/banjir-rendam-tiga-kecamatan-di-bekasi/"]
    assert banjir.startswith("Banjir Rendam Tiga Kecamatan di Bekasi. Nasional · banjir · bekasi.")  # tags found too
    assert "Sebanyak 400 warga mengungsi" in banjir  # the whole body
    assert (public / "pagefind" / "pagefind-ui.js").is_file() and (public / "pagefind" / "pagefind-ui.css").is_file()


def test_search_page_loads_pagefind_and_is_kept_out_of_search_engines(basic):
    doc = lxml.html.fromstring(read(basic, "/cari/"))
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert doc.xpath("//script/@src") == ["/js/kabar.js", "/pagefind/pagefind-ui.js", "/js/cari.js"]
    assert (basic / "public" / "js" / "cari.js").is_file()
    assert doc.xpath("//h1/text()") == ["Cari"]
    assert "Pencarian memerlukan JavaScript" in " ".join(doc.xpath("//noscript//text()"))
    assert "/cari/" not in (basic / "public" / "sitemap.xml").read_text(encoding="utf-8")


def test_masthead_search_box_is_a_form_that_needs_no_javascript(basic):
    doc = lxml.html.fromstring(read(basic, "/2024/03/05/banjir-rendam-tiga-kecamatan-di-bekasi/"))
    (form,) = doc.xpath("//header//form")
    assert (form.get("action"), form.get("method"), form.get("role")) == ("/cari/", "get", "search")
    (box,) = form.xpath(".//input[@name='q']")
    assert box.get("type") == "search"
    assert form.xpath(f".//label[@for='{box.get('id')}']//text()") == ["Cari berita"]
    assert form.xpath(".//button[@type='submit']//text()") == ["Cari"]


def test_search_false_leaves_out_the_index_the_page_and_the_box(copy_site):
    root = copy_site("basic")
    with open(root / "kabar.yml", "a", encoding="utf-8") as settings:
        settings.write("search: false\n")
    run_build(root)
    public = root / "public"
    assert not (public / "cari").exists() and not (public / "pagefind").exists()
    home = read(root, "/")
    assert "/cari/" not in home and "SearchAction" not in home


def test_a_missing_pagefind_binary_is_one_warning_and_a_site_without_search(copy_site, monkeypatch, caplog):
    root = copy_site("basic")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(root / "no-such-pagefind"))
    with caplog.at_level(logging.WARNING, logger="kabar"):
        run_build(root)
    warnings = [r.getMessage() for r in caplog.records if r.name == "kabar"]
    assert warnings == [
        'kabar: search is on but the pagefind binary is missing (pip install "pagefind[bin]"); building without search'
    ]
    public = root / "public"
    assert (public / "index.html").is_file()
    assert not (public / "cari").exists() and not (public / "pagefind").exists()
    assert "/cari/" not in read(root, "/")


def test_search_setting_must_be_true_or_false(make_site):
    root = make_site({"kabar.yml": "search: ya\n", "content/a.md": article()})
    with pytest.raises(BuildError) as caught:
        run_build(root)
    assert [p.message for p in caught.value.problems] == ["search: 'ya' must be true or false"]
