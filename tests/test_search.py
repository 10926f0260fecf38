"""Search on the site: the Pagefind index of the articles, the /cari/ page, the masthead box, `search: false`,
and a build that goes on without search when the pagefind binary is missing.

(That the search finds a story in a real browser, with and without JavaScript, is in test_browser.py.)
"""

from __future__ import annotations

import gzip
import json
import logging
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

import kabar.pagefind_runs
import kabar.platform
import kabar.search
import kabar.site
from kabar.errors import BuildError
from kabar.state import load_state, output_key

from . import pictures
from .conftest import SITES, article, checking, read, run_build, write_files

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


def fragments(public: Path, shard: str = "*") -> dict[str, dict]:
    """URL -> what Pagefind's bundles hold of it (gzip: a 12-byte signature, then JSON): content, meta, anchors."""
    found = {}
    for path in sorted(public.glob(f"pagefind/{shard}/fragment/*")):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[fragment["url"]] = fragment
    return found


def indexed(public: Path, shard: str = "*") -> dict[str, str]:
    """URL -> indexed text."""
    return {url: fragment["content"] for url, fragment in fragments(public, shard).items()}


def bundles(root: Path) -> list[str]:
    """The shards the search page merges, as it names them."""
    (ui,) = lxml.html.fromstring(read(root, "/cari/")).xpath("//*[@id='cari']")
    return ui.get("data-bundles").split()


def test_every_published_article_and_nothing_else_is_indexed(basic):
    public = basic / "public"
    entry = json.loads((public / "pagefind" / "2024" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["id"]["page_count"] == len(PUBLISHED)  # indexed as Indonesian
    pages = indexed(public)
    assert set(pages) == PUBLISHED  # no draft, no scheduled story, no listing
    banjir = pages["/2024/03/05/banjir-rendam-tiga-kecamatan-di-bekasi/"]
    assert banjir.startswith("Banjir Rendam Tiga Kecamatan di Bekasi. Nasional · banjir · bekasi.")  # tags found too
    assert "Sebanyak 400 warga mengungsi" in banjir  # the whole body
    assert (public / "pagefind" / "pagefind-ui.js").is_file() and (public / "pagefind" / "pagefind-ui.css").is_file()


def test_a_result_shows_its_category_and_day_and_its_excerpt_starts_where_the_story_does(basic):
    banjir = fragments(basic / "public")["/2024/03/05/banjir-rendam-tiga-kecamatan-di-bekasi/"]
    assert {key: banjir["meta"][key] for key in ("title", "category", "date")} == {
        "title": "Banjir Rendam Tiga Kecamatan di Bekasi",
        "category": "Nasional",
        "date": "2024-03-05",
    }
    (anchor,) = [a for a in banjir["anchors"] if a["id"] == kabar.search.BODY_ANCHOR]
    words = banjir["content"].split()
    # cari.js takes the excerpt from here on: the body, after the title, labels and summary that are searched too
    assert " ".join(words[: anchor["location"]]).startswith("Banjir Rendam Tiga Kecamatan di Bekasi. Nasional ·")
    assert " ".join(words[anchor["location"] :]).startswith("Hujan deras sejak Sabtu malam")


def test_search_page_has_its_own_box_and_script_and_is_kept_out_of_search_engines(basic):
    doc = lxml.html.fromstring(read(basic, "/cari/"))
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert doc.xpath("//script/@src") == ["/js/kabar.js", "/js/cari.js"]  # no third party's: Pagefind's API, imported
    assert (basic / "public" / "js" / "cari.js").is_file()
    (form,) = doc.xpath("//main//form")
    assert (form.get("action"), form.get("method")) == ("/cari/", "get")  # without JavaScript, still a link
    assert form.xpath(".//input/@name") == ["q"]
    assert doc.xpath("//h1/text()") == ["Cari"]
    assert "Pencarian memerlukan JavaScript" in " ".join(doc.xpath("//noscript//text()"))
    # without it, the stories by category, and by tag on the page of all tags
    assert doc.xpath("//noscript//a/@href") == [
        "/kategori/ekonomi/",
        "/kategori/nasional/",
        "/kategori/olahraga/",
        "/tag/",
    ]
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


@pytest.mark.parametrize("given", [None, "elsewhere", ""])
def test_the_pagefind_binary_is_the_one_pagefinds_own_package_finds(given, monkeypatch, tmp_path):
    """kabar looks where `pagefind.service.get_executable` looks (without importing it: see find_pagefind)."""
    from pagefind.service import get_executable

    import kabar.pagefind_runs

    if given is not None:
        binary = tmp_path / "pagefind"
        if given:
            shutil.copy(get_executable(), binary)
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    theirs = get_executable()
    assert kabar.pagefind_runs.find_pagefind() == (theirs if theirs is not None and theirs.is_file() else None)
    assert given == "" or kabar.pagefind_runs.find_pagefind() is not None


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


# ------------------------------------------------------------------ the index in shards, one per year


def years_site(make_site) -> Path:
    """Three years of stories, two in 2023, and a word of each story's own in its body."""
    return make_site(
        {
            "content/2022/pemilu.md": article("Pemilu Daerah Digelar", "2022-06-01 08:00", body="Kata unik: zamrud."),
            "content/2023/gempa.md": article("Gempa Guncang Cianjur", "2023-01-02 08:00", body="Kata unik: safir."),
            "content/2023/panen.md": article(
                "Panen Raya Padi", "2023-04-05 08:00", body="Kata unik: rubi.", tags="padi"
            ),
            "content/2024/timnas.md": article("Timnas Menang", "2024-03-05 08:00", body="Kata unik: intan."),
        }
    )


def snapshot(public: Path) -> dict[str, bytes]:
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in sorted(public.rglob("*")) if p.is_file()}


def indexing(monkeypatch) -> list[str]:
    """The shards pagefind is run on from now on, in the order they are started."""
    import kabar.pagefind_runs

    ran, run = [], kabar.pagefind_runs.start_pagefind
    monkeypatch.setattr(kabar.pagefind_runs, "start_pagefind", lambda *a: (ran.append(a[-1].name), run(*a))[1])
    return ran


def test_each_year_is_a_shard_merged_by_the_search_page_newest_first(make_site):
    root = years_site(make_site)
    run_build(root)
    public = root / "public"
    assert bundles(root) == ["/pagefind/2024/", "/pagefind/2023/", "/pagefind/2022/"]
    assert set(indexed(public, "2023")) == {"/2023/01/02/gempa-guncang-cianjur/", "/2023/04/05/panen-raya-padi/"}
    assert set(indexed(public, "2022")) == {"/2022/06/01/pemilu-daerah-digelar/"}
    shards = {p.name for p in (public / "pagefind").iterdir() if p.is_dir()}
    assert shards == {"2022", "2023", "2024"}
    # Pagefind's UI is published once, beside the shards; each shard has what merging it needs.
    assert not list(public.glob("pagefind/*/pagefind-ui.js"))
    assert all((public / "pagefind" / year / "pagefind-entry.json").is_file() for year in shards)


def test_a_busy_year_is_split_into_quarters_and_a_busier_one_into_months(make_site, monkeypatch):
    monkeypatch.setattr("kabar.search.SHARD_ARTICLES", 2)
    dates = ["2023-01-02", "2023-02-03", "2023-05-04", "2024-01-05", "2024-01-06", "2024-02-01"]
    dates += [f"2024-{month:02d}-01" for month in range(3, 9)]
    files = {f"content/{n}.md": article(f"Berita {n}", f"{day} 08:00") for n, day in enumerate(dates)}
    root = make_site({**files, "content/2022/pemilu.md": article("Pemilu", "2022-06-01 08:00")})
    run_build(root)
    monthly = [f"/pagefind/2024-{month:02d}/" for month in range(8, 0, -1)]  # 9 stories: over 4 times 2
    assert bundles(root) == [*monthly, "/pagefind/2023-q2/", "/pagefind/2023-q1/", "/pagefind/2022/"]
    assert set(indexed(root / "public", "2024-01")) == {"/2024/01/05/berita-3/", "/2024/01/06/berita-4/"}


def test_an_edit_indexes_again_its_own_shard_only(make_site, monkeypatch):
    root = years_site(make_site)
    run_build(root)
    public = root / "public"
    before = snapshot(public)
    mtimes = {path: (public / path).stat().st_mtime_ns for path in before}
    ran = indexing(monkeypatch)
    write_files(root, {"content/2023/panen.md": article("Panen Raya Padi", "2023-04-05 08:00", body="Kini: mutiara.")})
    run_build(root)
    assert ran == ["2023"]
    after = snapshot(public)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert {path for path in changed if path.startswith("pagefind/")} <= {p for p in changed if "pagefind/2023/" in p}
    # and of 2023's files, only those the edit changed: the other story's fragment is the same file, kept
    (gempa,) = [path for path in before if path.startswith("pagefind/2023/fragment/") and path not in changed]
    assert "/2023/01/02/gempa" in gzip.decompress(after[gempa]).decode()
    assert mtimes[gempa] == (public / gempa).stat().st_mtime_ns  # not written again: a deploy need not upload it
    pages = indexed(public)
    assert "mutiara" in pages["/2023/04/05/panen-raya-padi/"] and "rubi" not in pages["/2023/04/05/panen-raya-padi/"]


def test_new_image_settings_give_a_result_its_new_thumbnail_and_index_only_its_shard(make_site, monkeypatch):
    # The story is the same: the address of its thumbnail changed with the variants' settings (their names).
    root = years_site(make_site)
    story = article("Panen Raya Padi", "2023-04-05 08:00", body="Kata unik: rubi.", image="/images/padi.jpg")
    write_files(root, {"content/2023/panen.md": story.replace("image:", "image_alt: Sawah\nimage:")})
    (root / "content/images").mkdir()
    (root / "content/images/padi.jpg").write_bytes(pictures.photo(640, 360))
    run_build(root)
    before = fragments(root / "public")["/2023/04/05/panen-raya-padi/"]["meta"]["image"]
    (root / "kabar.yml").write_text("images:\n  quality: 70\n")
    ran = indexing(monkeypatch)
    run_build(root)
    after = fragments(root / "public")["/2023/04/05/panen-raya-padi/"]["meta"]["image"]
    assert ran == ["2023"] and after != before and (root / "public" / after.lstrip("/")).is_file()


def test_a_shards_folders_are_one_entry_each_and_a_file_removed_from_one_is_made_again(make_site, monkeypatch):
    # A build that finds nothing changed stats each folder of a shard, not a file per article, to know the site
    # is as written: a file removed from one (or added) changes the folder, and the next build makes it again.
    root = years_site(make_site)
    run_build(root)
    public = root / "public"
    manifest = load_state(root, output_key(public, root)).manifest
    assert {"pagefind/2023/fragment", "pagefind/2023/index", "pagefind/2023/pagefind-entry.json"} <= manifest.keys()
    assert not [path for path in manifest if path.startswith(("pagefind/2023/fragment/", "pagefind/2023/index/"))]
    whole = snapshot(public)
    (fragment,) = [path for path in (public / "pagefind/2023/fragment").iterdir() if "gempa" in read_fragment(path)]
    fragment.unlink()
    ran = indexing(monkeypatch)
    run_build(root)
    assert ran == ["2023"] and snapshot(public) == whole


def test_an_edits_shard_is_indexed_while_the_site_is_and_a_damaged_shard_once_the_output_is_looked_at(
    make_site, monkeypatch
):
    # Pagefind starts on the edited story's shard before the site's listings are made, and indexes it meanwhile; a
    # shard made from the same stories, whose file was removed since, is indexed too, once the build knows it (its
    # children look at the output folder meanwhile): the index is the one a first build makes.
    root = years_site(make_site)
    run_build(root)
    public = root / "public"
    (fragment,) = [path for path in (public / "pagefind/2022/fragment").iterdir() if "pemilu" in read_fragment(path)]
    fragment.unlink()
    write_files(root, {"content/2023/panen.md": article("Panen Raya Padi", "2023-04-05 08:00", body="Kini: mutiara.")})
    events = indexing(monkeypatch)
    index_site = kabar.site.index_site
    monkeypatch.setattr(kabar.site, "index_site", lambda *a, **k: (events.append("index"), index_site(*a, **k))[1])
    run_build(root)
    assert events == ["2023", "index", "2022"]
    fresh = make_site({}, name="fresh")
    shutil.copytree(root / "content", fresh / "content", dirs_exist_ok=True)
    run_build(fresh)
    assert snapshot(public / "pagefind") == snapshot(fresh / "public" / "pagefind")
    assert "mutiara" in indexed(public, "2023")["/2023/04/05/panen-raya-padi/"]


def read_fragment(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode()


def test_an_index_an_older_kabar_published_file_by_file_becomes_a_folder_each(make_site, monkeypatch, tmp_path):
    # Before the folders were entries, each fragment was one: a site built so has every shard made again once.
    root = years_site(make_site)
    for module in (kabar.search, kabar.pagefind_runs):  # what is published whole, and what a run gives whole
        monkeypatch.setattr(module, "BUNDLE_FOLDERS", ())
    run_build(root)
    public = root / "public"
    assert "pagefind/2023/fragment" not in load_state(root, output_key(public, root)).manifest
    monkeypatch.undo()
    for n, body in enumerate(["Kini: mutiara.", "Lalu: akik."]):  # the old site is the spare at the second edit
        ran = indexing(monkeypatch)
        write_files(root, {"content/2023/panen.md": article("Panen Raya Padi", "2023-04-05 08:00", body=body)})
        run_build(root)
        assert ran == (["2024", "2023", "2022"] if n == 0 else ["2023"])
        noted = load_state(root, output_key(public, root))
        assert {"pagefind/2022/fragment", "pagefind/2024/index"} <= noted.manifest.keys() and not noted.foreign
        again = tmp_path / f"clean-{n}"
        shutil.copytree(root, again, ignore=shutil.ignore_patterns("public", ".public.*", ".kabar-cache"))
        run_build(again)
        assert snapshot(public) == snapshot(again / "public")
    assert "akik" in indexed(public)["/2023/04/05/panen-raya-padi/"]
    assert run_build(root).written == 0


def test_an_edit_checks_again_the_links_of_its_own_article_only(make_site, monkeypatch):
    # The shard's files are renamed by the edit (their names are hashes): no article's links depend on them.
    import kabar.checks

    root = years_site(make_site)
    run_build(root)
    checked, check = [], kabar.checks._article_warnings
    monkeypatch.setattr(kabar.checks, "_article_warnings", lambda a, links: (checked.append(a.url), check(a, links))[1])
    edited = article("Panen Raya Padi", "2023-04-05 08:00", body="Kini: mutiara.", tags="padi")  # the same pages
    write_files(root, {"content/2023/panen.md": edited})
    run_build(root)
    assert checked == ["/2023/04/05/panen-raya-padi/"]


def test_a_change_that_search_does_not_show_indexes_nothing(make_site, monkeypatch):
    root = years_site(make_site)
    run_build(root)
    ran = indexing(monkeypatch)
    # A new template, and a story whose related stories and neighbours change: no shard's words change.
    write_files(root, {"templates/404.html": '{% extends "default/404.html" %}{% block title %}Hilang{% endblock %}'})
    write_files(
        root,
        {"content/2024/timnas.md": article("Timnas Menang", "2024-03-05 08:00", body="Kata unik: intan.", tags="padi")},
    )
    run_build(root)
    assert ran == ["2024"]  # only the story whose tags (indexed) changed; 2023's, now its related, is kept


def test_a_deleted_story_is_gone_and_so_is_a_year_left_empty(make_site, monkeypatch):
    root = years_site(make_site)
    run_build(root)
    (root / "content" / "2022" / "pemilu.md").unlink()
    (root / "content" / "2023" / "gempa.md").unlink()
    run_build(root)
    assert bundles(root) == ["/pagefind/2024/", "/pagefind/2023/"]
    assert not (root / "public" / "pagefind" / "2022").exists()
    assert set(indexed(root / "public")) == {"/2023/04/05/panen-raya-padi/", "/2024/03/05/timnas-menang/"}


def test_the_same_site_gives_the_same_bundle_bytes(make_site):
    first, second = years_site(make_site), make_site({}, name="again")
    shutil.copytree(first, second, dirs_exist_ok=True)
    run_build(first)
    run_build(second, jobs=1)
    one, two = snapshot(first / "public" / "pagefind"), snapshot(second / "public" / "pagefind")
    assert one and one == two


def test_pagefind_gives_way_under_nice_where_there_is_one_and_indexes_the_same_without(make_site, monkeypatch):
    first, second = years_site(make_site), make_site({}, name="again")
    shutil.copytree(first, second, dirs_exist_ok=True)
    commands, popen = [], subprocess.Popen  # the runs that index (not pagefind --version)
    monkeypatch.setattr(
        subprocess, "Popen", lambda c, **kw: (commands.extend([c] if "--site" in c else []), popen(c, **kw))[1]
    )
    run_build(first)
    nice = kabar.platform.nice_command()  # on Linux and macOS
    assert commands and all(c[:3] == [nice, "-n", "10"] for c in commands) if nice else commands
    monkeypatch.setattr(kabar.platform, "nice_command", lambda: None)  # a machine without it (Windows)
    commands.clear()
    run_build(second)
    assert commands and all(Path(c[0]).name.startswith("pagefind") for c in commands)
    one, two = snapshot(first / "public" / "pagefind"), snapshot(second / "public" / "pagefind")
    assert one and one == two


def test_kabar_serve_builds_leave_the_index_behind_for_the_next_build(make_site, monkeypatch):
    root = years_site(make_site)
    run_build(root, search_later=True)  # nothing to leave behind yet: every shard is made
    assert set(indexed(root / "public")) == set(indexed(root / "public", "20*"))
    ran = indexing(monkeypatch)
    write_files(root, {"content/2023/panen.md": article("Panen Raya Padi", "2023-04-05 08:00", body="Kini: mutiara.")})
    summary = run_build(root, search_later=True)
    assert ran == [] and summary.search_behind
    assert "Kini: mutiara" in read(root, "/2023/04/05/panen-raya-padi/")  # the page shows the edit at once
    assert "rubi" in indexed(root / "public")["/2023/04/05/panen-raya-padi/"]  # the index, a moment later
    checked = checking(monkeypatch)
    summary = run_build(root)  # serve's next build: no input changed, and yet it is due, to catch up
    assert ran == ["2023"] and not summary.search_behind
    assert "mutiara" in indexed(root / "public")["/2023/04/05/panen-raya-padi/"]
    # The index's files were renamed, which changes no article's links: their checks are remembered.
    assert checked == []
    assert run_build(root).rendered == 0  # and then there is nothing left to do


def test_kabar_check_and_the_warnings_of_a_failed_build_index_nothing(make_site, monkeypatch):
    """An index that would be thrown away is not made: at 10,000 articles it was 7.6 s of kabar check's 14.1."""
    root = years_site(make_site)
    ran = indexing(monkeypatch)
    run_build(root, dry_run=True)  # kabar check
    assert ran == [] and not (root / "public").exists()
    write_files(root, {"content/2023/rusak.md": "---\ntitle: [Rusak\ndate: 2023-05-01\n---\nIsi.\n"})
    with pytest.raises(BuildError) as caught:
        run_build(root)  # the other articles are checked too, for their warnings
    assert [p.path for p in caught.value.problems] == [str(root / "content/2023/rusak.md")]
    assert ran == []


def test_pagefind_installed_elsewhere_indexes_nothing_again(make_site, monkeypatch, tmp_path):
    """CI installs pagefind anew for each run, with the cache kept between runs: the same version is the same."""
    import kabar.pagefind_runs

    root = years_site(make_site)
    run_build(root)
    moved = tmp_path / "bin" / "pagefind"
    moved.parent.mkdir()
    shutil.copy(kabar.pagefind_runs.find_pagefind(), moved)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(moved))
    ran = indexing(monkeypatch)
    write_files(root, {"content/2022/pemilu.md": article("Pemilu Daerah Digelar", "2022-06-01 08:00", body="Baru.")})
    run_build(root)
    assert ran == ["2022"]  # the edited story's shard only


# ------------------------------------------------------------------ pagefind as another process


def fake_pagefind(folder: Path, script: str) -> Path:
    """A pagefind command that runs SCRIPT (sh), for what the real one does rarely: fail, or take its time."""
    binary = folder / "pagefind"
    binary.write_text(f'#!/bin/sh\n[ "$1" = --version ] && echo "pagefind 0" && exit 0\n{script}\n', encoding="utf-8")
    binary.chmod(0o755)
    return binary


def scratch_left(tmp: Path) -> list[Path]:
    return list(tmp.glob("kabar-search-*"))


def test_a_pagefind_that_fails_is_a_problem_and_the_site_stays_as_it_was(copy_site, tmp_path, monkeypatch):
    root = copy_site("basic")
    run_build(root)
    before = snapshot(root / "public")
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # where the documents to index are written
    binary = fake_pagefind(tmp_path, "echo 'Error: the disk is full' >&2\nexit 1")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    write_files(root, {"content/2024/timnas.md": article("Timnas Menang Lagi", "2024-04-02 08:00")})
    with pytest.raises(BuildError) as caught:
        run_build(root)
    [problem] = caught.value.problems
    assert (problem.path, problem.message) == (str(binary), "could not index the articles: Error: the disk is full")
    assert snapshot(root / "public") == before
    assert scratch_left(tmp_path) == []


def test_a_build_that_fails_while_pagefind_indexes_stops_it(copy_site, tmp_path, monkeypatch):
    import kabar.pagefind_runs

    root = copy_site("basic")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake_pagefind(tmp_path, "exec sleep 300")))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    started, start = [], kabar.pagefind_runs.start_pagefind
    monkeypatch.setattr(kabar.pagefind_runs, "start_pagefind", lambda *a: started.append(start(*a)) or started[-1])
    failing = "{% extends 'default/article.html' %}\n{% block title %}{{ article.words / 0 }}{% endblock %}\n"
    write_files(root, {"templates/article.html": failing})  # the pages stage fails, after the index was started
    with pytest.raises(BuildError, match="division by zero"):
        run_build(root)
    assert started  # before the pages were made
    assert [process.returncode for process in started] == [-9] * len(started)  # killed and waited for
    assert scratch_left(tmp_path) == []
    assert not (root / "public").exists()


def test_a_result_carries_its_storys_time_and_zone_as_the_cards_show_them_and_none_for_a_day_only(make_site):
    """The search page shows "5 Okt 2026, 09.30 WIB" as the cards do: the time is the build's, in the site's
    language, with the story's own zone; a story dated with a day only shows its day only."""
    root = make_site(
        {
            "content/a.md": article(title="Pagi di Makassar", date="2024-03-05 09:30 +08:00"),
            "content/b.md": article(title="Hari Saja", date="2024-03-06"),
        }
    )
    run_build(root)
    meta = {url: fragment["meta"] for url, fragment in fragments(root / "public").items()}
    assert meta["/2024/03/05/pagi-di-makassar/"]["time"] == "09.30 WITA"
    assert "time" not in meta["/2024/03/06/hari-saja/"] and meta["/2024/03/06/hari-saja/"]["date"] == "2024-03-06"
