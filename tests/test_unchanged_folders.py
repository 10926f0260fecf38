"""A build whose site's folders are as the last build's scan found them takes the files that scan found, and
looks for them again only when it makes something: what it makes is what a first build makes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import kabar.incremental
import kabar.pipeline
import kabar.state
from kabar.errors import BuildError

from .conftest import SITES, article, run_build, write_files
from .test_incremental import clean_build, tree

HOUR_AGO = time.time() - 3600


def _aged(root: Path, when: float = HOUR_AGO) -> None:
    """Every folder of ROOT's site (but the output and the cache) last changed WHEN, an hour ago, as a site's folders
    usually did: none changed within a moment of the build, when a folder may change again unseen (see walk.py)."""
    for folder, names, _ in os.walk(root):
        names[:] = [name for name in names if name not in ("public", ".kabar-cache") and not name.startswith(".p")]
        os.utime(folder, (when, when))


@pytest.fixture
def site(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """The basic sample site, its folders aged and built; and the file each scan that looks for files notes
    itself in (a line each: scans run in a child process)."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    _aged(root)
    scans = tmp_path / "scans"
    find = kabar.pipeline.find_inputs

    def noted(options):
        with open(scans, "a") as file:
            file.write("scan\n")
        return find(options)

    monkeypatch.setattr(kabar.pipeline, "find_inputs", noted)
    run_build(root)
    return root, scans


def _scans_in(scans: Path, build) -> int:
    scans.unlink(missing_ok=True)
    kabar.state._saved.clear()  # the state read from its file, as a new process reads it
    build()
    return len(scans.read_text().splitlines()) if scans.exists() else 0


@pytest.fixture(params=["here", "in a child"])
def copied_stats(request, monkeypatch) -> None:
    """Where the stats of the first half of the files copied to the site are taken: a site with many (photos) has
    a child take them."""
    if request.param == "in a child":
        monkeypatch.setattr("kabar.incremental.COPIED_IN_CHILD", 1)


def test_a_build_with_nothing_changed_does_not_look_for_the_files(site, copied_stats):
    root, scans = site
    assert _scans_in(scans, lambda: run_build(root)) == 0
    assert _scans_in(scans, lambda: run_build(root)) == 0


def test_an_article_edited_where_it_is_is_made_again_as_a_first_build_makes_it(site, tmp_path):
    root, scans = site
    edited = root / "content/2024/03/banjir-bekasi.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAir mulai surut pada Senin pagi.\n", encoding="utf-8")
    os.utime(edited.parent, (HOUR_AGO, HOUR_AGO))  # as an editor that writes in place leaves it

    assert _scans_in(scans, lambda: run_build(root)) == 1  # what to publish, looked for once it is needed
    (page,) = (root / "public/2024/03/05").glob("banjir-rendam-*/index.html")
    assert "Air mulai surut" in page.read_text(encoding="utf-8")
    assert tree(root / "public") == clean_build(root, tmp_path)
    assert _scans_in(scans, lambda: run_build(root)) == 0  # and then nothing changed


@pytest.mark.parametrize(
    "change", ["added", "removed", "added in a new folder", "static file added", "templates made", "kabar.yml made"]
)
def test_a_file_added_or_removed_is_found(change, site, tmp_path):
    root, scans = site
    if change == "kabar.yml made":  # the site had none: a build of kabar's defaults
        (root / "kabar.yml").unlink()
        _aged(root)
        run_build(root)
        write_files(root, {"kabar.yml": "title: Kabar Bekasi\nbase_url: https://bekasi.example\n"})
    elif change == "templates made":
        write_files(root, {"templates/_extra_body.html": "<p>Redaksi Kabar Bekasi</p>\n"})
    elif change == "added":
        write_files(root, {"content/2024/03/gempa.md": article(title="Gempa Guncang Garut", date="2024-03-06 07:00")})
    elif change == "removed":
        (root / "content/2024/03/banjir-bekasi.md").unlink()
    elif change == "added in a new folder":
        write_files(root, {"content/2025/01/gempa.md": article(title="Gempa Guncang Garut", date="2025-01-06 07:00")})
    else:
        write_files(root, {"static/berkas/jadwal.txt": "Senin: rapat redaksi\n"})

    assert _scans_in(scans, lambda: run_build(root)) == 1
    assert tree(root / "public") == clean_build(root, tmp_path)


@pytest.mark.parametrize("clock", ["this machine's", "an hour ahead of the files'"])
def test_a_folder_changed_just_before_a_build_is_looked_in_again_even_if_its_time_says_otherwise(
    clock, site, monkeypatch
):
    """A folder's mtime may tick coarsely: a file added within the same tick as the listing the last build made
    leaves the folder's mtime as that build noted it. A folder that changed that close to a build is not vouched
    for: the next build looks in it whatever its mtime says. A network share stamps files by its own clock: by
    this machine's, an hour ahead, a folder the share changed a moment ago would look an hour old."""
    root, scans = site
    if clock != "this machine's":
        ahead = time.time_ns
        monkeypatch.setattr(time, "time_ns", lambda: ahead() + 3600 * 10**9)
    folder = root / "content/2024/03"
    (folder / "banjir-bekasi.md").unlink()  # a change now: the folder's mtime is the build's moment
    run_build(root)
    noted = os.stat(folder)
    write_files(root, {"content/2024/03/gempa.md": article(title="Gempa Guncang Garut", date="2024-03-06 07:00")})
    os.utime(folder, ns=(noted.st_atime_ns, noted.st_mtime_ns))  # as if within the tick the build listed it in

    assert _scans_in(scans, lambda: run_build(root)) == 1
    assert (root / "public/2024/03/06/gempa-guncang-garut/index.html").is_file()


def test_a_site_with_a_symbolic_link_is_looked_at_by_every_build(site, tmp_path):
    """Where a link leads may change with no folder it is in changing: a link to a file of the site, made a link
    out of the site afterwards, is refused as a link out of the site always is."""
    root, scans = site
    write_files(root, {"arsip/lama.md": article(title="Berita Lama", date="2024-01-02 08:00")})
    (root / "content/2024/lama.md").symlink_to(root / "arsip/lama.md")
    _aged(root, HOUR_AGO + 60)  # a change since the last build, but not a moment ago
    run_build(root)
    assert _scans_in(scans, lambda: run_build(root)) == 1  # nothing changed: looked for all the same
    outside = write_files(tmp_path, {"rahasia.md": article(title="Rahasia", date="2024-01-03 08:00")}) / "rahasia.md"
    (root / "arsip/lama.md").unlink()
    (root / "arsip/lama.md").symlink_to(outside)

    with pytest.raises(BuildError, match="outside the site"):
        run_build(root)


@pytest.mark.parametrize("change", ["added", "removed", "picture removed"])
def test_a_file_added_or_removed_where_the_folders_time_was_put_back_is_found_by_a_build_that_makes_something(
    change, site, tmp_path, copied_stats
):
    """A folder whose mtime was put back (by a tool that keeps times) hides that a file was added or removed in it:
    a build that finds an input changed, or gone, looks for the files all the same, and goes by what it finds."""
    root, _ = site
    folder = root / ("content/images" if change == "picture removed" else "content/2024/03")
    noted = os.stat(folder)
    if change == "added":
        write_files(root, {"content/2024/03/gempa.md": article(title="Gempa Guncang Garut", date="2024-03-06 07:00")})
    elif change == "removed":
        (folder / "harga-beras.md").unlink()
    else:  # a file copied to the site (an article shows it: the build warns that it is missing)
        (folder / "banjir.png").unlink()
    os.utime(folder, ns=(noted.st_atime_ns, noted.st_mtime_ns))
    edited = root / "content/2024/03/banjir-bekasi.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAir mulai surut.\n", encoding="utf-8")

    run_build(root)

    assert tree(root / "public") == clean_build(root, tmp_path)
    if change == "added":  # the new file is one of the inputs whose stats are compared: its edit is seen
        added = root / "content/2024/03/gempa.md"
        added.write_text(added.read_text(encoding="utf-8") + "\nWarga mengungsi.\n", encoding="utf-8")
        os.utime(folder, ns=(noted.st_atime_ns, noted.st_mtime_ns))
        run_build(root)
        page = root / "public/2024/03/06/gempa-guncang-garut/index.html"
        assert "Warga mengungsi" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("article", ["", "and an article"])
@pytest.mark.parametrize("edited", ["the first", "the last"])
def test_a_file_copied_to_the_site_edited_where_it_is_is_copied_again(edited, article, tmp_path, copied_stats):
    """The files copied to the site are stat'ed by a child (all of them, when no folder changed; half, when the
    files are looked for) and the others here: an edit of any of them is seen, whichever took its stat, and with an
    article edited too."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    write_files(root, {f"static/berkas/{n}.txt": f"berkas {n}\n" for n in range(40)})
    _aged(root)
    run_build(root)
    changed = root / "static/berkas" / ("0.txt" if edited == "the first" else "39.txt")
    changed.write_text("jadwal baru\n")
    if article:
        _edit_in_place(root / "content/2024/03/banjir-bekasi.md")
    kabar.state._saved.clear()

    run_build(root)

    assert (root / "public/berkas" / changed.name).read_text() == "jadwal baru\n"
    assert tree(root / "public") == clean_build(root, tmp_path)


@pytest.mark.parametrize("article", ["", "and an article edited"])
def test_a_static_file_removed_where_the_folders_time_was_put_back_is_gone_from_the_site(
    article, tmp_path, monkeypatch
):
    """The first half of the files copied to the site (the site's static/ first) are stat'ed by a child: one found
    gone there is looked for as one found gone here is, with an article edited too."""
    monkeypatch.setattr("kabar.incremental.COPIED_IN_CHILD", 1)
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    write_files(root, {f"static/berkas/{n}.txt": f"berkas {n}\n" for n in range(40)})
    _aged(root)
    run_build(root)
    folder = root / "static/berkas"
    noted = os.stat(folder)
    (folder / "0.txt").unlink()
    os.utime(folder, ns=(noted.st_atime_ns, noted.st_mtime_ns))
    if article:
        _edit_in_place(root / "content/2024/03/banjir-bekasi.md")
    kabar.state._saved.clear()

    run_build(root)

    assert not (root / "public/berkas/0.txt").exists()
    assert tree(root / "public") == clean_build(root, tmp_path)


@pytest.mark.parametrize("change", ["edited", "removed"])
def test_an_article_among_the_files_the_scans_child_stats_is_seen_edited_or_gone(change, tmp_path, monkeypatch):
    """With more articles than files to copy (100,000 of them and no photo), the scan's child stats the first half
    of every file the last build read, articles among them: one edited there is parsed again, and that one only;
    one gone there (its folder's time put back) is looked for, and the site is what a first build makes."""
    import kabar.load

    monkeypatch.setattr("kabar.incremental.COPIED_IN_CHILD", 1)
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    write_files(
        root,
        {
            f"content/2023/lama-{n:02d}.md": article(
                title=f"Berita lama {n}", date=f"2023-{1 + n // 28:02d}-{1 + n % 28:02d} 08:00"
            )
            for n in range(60)
        },
    )
    _aged(root)
    run_build(root)
    state = kabar.state.load_state(root, kabar.state.output_key(root / "public", root))
    names = state.inputs_table[0].split("\0")
    first = root / "content/2023/lama-00.md"
    assert names.index(str(first)) < len(names) // 2 and state.copied_inputs < len(names) // 2  # the child's
    parsed, parse = [], kabar.load.parse_article

    def counted(text, shown, *args):
        parsed.append(shown)
        return parse(text, shown, *args)

    monkeypatch.setattr(kabar.load, "parse_article", counted)
    stat_here, stat_inputs = [], kabar.incremental.stat_inputs  # this process's, not the child's

    def noted(names):
        stat_here.extend(names)
        return stat_inputs(names)

    monkeypatch.setattr(kabar.incremental, "stat_inputs", noted)
    if change == "edited":
        _edit_in_place(first)
    else:
        folder = os.stat(first.parent)
        first.unlink()
        os.utime(first.parent, ns=(folder.st_atime_ns, folder.st_mtime_ns))
        _edit_in_place(root / "content/2024/03/banjir-bekasi.md")
    kabar.state._saved.clear()

    run_build(root)

    assert [Path(shown).name for shown in parsed] == ["lama-00.md" if change == "edited" else "banjir-bekasi.md"]
    assert change == "removed" or (
        str(first) not in stat_here and str(root / "content/2024/03/banjir-bekasi.md") in stat_here
    )
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_kabar_installed_elsewhere_has_its_theme_looked_for_there(site, monkeypatch):
    """The last build's folders may all be as they were while kabar, and so its theme, is now at another path."""
    import kabar.theme

    root, scans = site
    moved = root.parent / "venv" / "kabar"
    shutil.copytree(kabar.theme.theme_dir(), moved, ignore=shutil.ignore_patterns("__pycache__"))
    _aged(moved)
    monkeypatch.setattr(kabar.theme, "PACKAGED", moved)
    monkeypatch.setattr("kabar.static.THEME_STATIC", (moved / "static").resolve())  # as kabar there finds it

    assert _scans_in(scans, lambda: run_build(root)) == 1
    template = moved / "templates" / "_extra_body.html"
    template.write_text(template.read_text(encoding="utf-8") + "<p>Redaksi</p>\n", encoding="utf-8")
    assert run_build(root).rendered > 0  # the theme's files where it is now are the inputs


def _edit_in_place(article: Path) -> None:
    """Add a line to ARTICLE, its folder's time left as it was (as an editor that writes in place leaves it)."""
    folder = os.stat(article.parent)
    article.write_text(article.read_text(encoding="utf-8") + "\nAir mulai surut.\n", encoding="utf-8")
    os.utime(article.parent, ns=(folder.st_atime_ns, folder.st_mtime_ns))
