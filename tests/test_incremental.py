"""Incremental and parallel builds give exactly what a clean, one-process build gives."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kabar.state
from kabar import platform
from kabar.cache.store import CACHE_DIR
from kabar.errors import BuildError
from kabar.fingerprint import digest
from kabar.publish import swap
from kabar.publish.paths import folder_key, with_parents
from kabar.state import damaged_in_table, damaged_outputs, load_state, output_key, to_table

from .conftest import NOW, SITES, article, checking, run_build, write_files
from .pictures import photo

CATEGORIES = ["Nasional", "Ekonomi", "Olahraga", "Teknologi"]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def big_site(root: Path, count: int = 260) -> Path:
    """Enough articles that parsing and rendering fan out over worker processes."""
    files = {"kabar.yml": "title: Kabar Besar\nbase_url: https://besar.example\nper_page: 5\nsearch: false\n"}
    for n in range(count):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=n // 3)
        files[f"content/{day:%Y}/berita-{n}.md"] = article(
            title=f"Berita nomor {n}",
            date=f"{day} {8 + n % 3 * 4:02d}:15",
            category=CATEGORIES[n % 4],
            author=["Ayu Santoso", "Raka Pratama"][n % 2],
            tags=f"[topik-{n % 7}, topik-{n % 5}]",
            body=f"Paragraf pertama berita {n}.\n\n## Rincian\n\n" + "kata " * (50 + n % 300),
        )
    return write_files(root, files)


def clean_build(root: Path, target: Path) -> dict[str, bytes]:
    """What a first build in one process writes for ROOT as it is now."""
    fresh = target / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("public", ".public.*", CACHE_DIR))
    run_build(fresh, jobs=1)
    return tree(fresh / "public")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = big_site(tmp_path_factory.mktemp("big") / "site")
    run_build(root, jobs=2)
    return root


def test_parallel_build_writes_the_same_bytes_as_one_process(built, tmp_path):
    assert tree(built / "public") == clean_build(built, tmp_path)


def test_rebuild_with_nothing_changed_renders_and_writes_nothing(built):
    before = {p: p.stat().st_mtime_ns for p in (built / "public").rglob("*") if p.is_file()}
    summary = run_build(built, jobs=2)
    assert (summary.rendered, summary.written, summary.removed) == (0, 0, 0)
    assert summary.pages > 600 and summary.articles == 260
    assert {p: p.stat().st_mtime_ns for p in (built / "public").rglob("*") if p.is_file()} == before


def test_a_build_that_finds_nothing_changed_loads_no_model_template_or_yaml(tmp_path):
    # What it needs is the stats it compares: the models' 35 classes, Jinja and PyYAML took it 0.05 s to import; and
    # to repeat the last build's warnings, not the checks' patterns for template code left in articles (7 ms).
    root = big_site(tmp_path / "site", count=12)
    (root / "content" / "2025" / "berita-3.md").write_text(article(body="Lihat [ini](/tidak-ada/)."))
    code = (
        "import sys; from kabar.cli import main; main(['build', '-q', '--now', sys.argv[1]]); "
        "print(*[name in sys.modules for name in ('kabar.models', 'jinja2', 'yaml', 'kabar.leftovers')])"
    )

    def build() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code, NOW.isoformat()], cwd=root, capture_output=True, text=True)

    build()  # builds the site
    again = build()
    assert again.stdout.split() == ["False", "False", "False", "False"]
    warning = "content/2025/berita-3.md:6: warning: links to /tidak-ada/, which is not a page of the site\n"
    assert again.stderr == warning  # repeated


def test_a_cold_build_leaves_the_spare_so_the_first_edit_links_nothing(tmp_path):
    """The next build makes its site in the spare beside public/: a cold build leaves it made (a hard link to each
    file), so the first edit after it writes what changed and no more, as every edit after it does."""
    root = big_site(tmp_path / "site", count=12)
    run_build(root)
    assert_an_edit_links_only_what_it_writes(root, tmp_path)


def assert_an_edit_links_only_what_it_writes(root: Path, tmp_path: Path) -> None:
    """The spare holds a hard link to each file of the site, and an edit then changes there what it writes."""
    public, spare = root / "public", root / ".public.kabar-spare"
    files = sorted(p.relative_to(public) for p in public.rglob("*") if p.is_file())
    assert all((public / p).stat().st_ino == (spare / p).stat().st_ino for p in files)
    edited = root / "content/2025/berita-3.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    summary = run_build(root)
    assert tree(public) == clean_build(root, tmp_path)
    linked_again = [p for p in files if (public / p).stat().st_ino != (spare / p).stat().st_ino]
    assert 0 < len(linked_again) == summary.written


def test_a_build_that_changes_most_pages_leaves_the_spare_made_so_the_next_edit_links_nothing(tmp_path):
    """A new tagline changes every page: the build that publishes it brings the spare up to date too (the old site,
    a hard link to each file of the new), rather than leave it to the next build, an edit, which took as long again
    (at 100,000 articles, 47 s against 4.5 s). Files of a story taken down and a photo's variants are gone from it."""
    root = big_site(tmp_path / "site", count=12)
    write_files(root, {"content/foto.png": photo(320, 180, "PNG")})
    shown = root / "content/2025/berita-5.md"
    shown.write_text(article(title="Berita foto", date="2025-01-02 08:00", image="/foto.png", image_alt="Foto"))
    run_build(root)
    settings = root / "kabar.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "tagline: Kabar hari ini\n", encoding="utf-8")
    shown.unlink()
    run_build(root)
    public, spare = root / "public", root / ".public.kabar-spare"
    assert (
        tree(public)
        == clean_build(root, tmp_path)
        == {path: data for path, data in tree(spare).items() if path != swap.TOKEN}
    )
    assert_an_edit_links_only_what_it_writes(root, tmp_path)


def test_a_build_stopped_while_it_brings_the_spare_up_to_date_has_published_and_the_next_build_goes_on(
    tmp_path, monkeypatch
):
    """Stopped after its swap, while it links the new site's files into the spare (see the test above), a build has
    published its site; the spare, half made, is not taken for made: the next build makes it again, and its site is
    whole."""
    root = big_site(tmp_path / "site", count=12)
    run_build(root)
    settings = root / "kabar.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "tagline: Kabar hari ini\n", encoding="utf-8")
    linked = []
    real_relink = swap.relink

    def relink(source, target):
        if len(linked) == 5:
            raise KeyboardInterrupt  # Ctrl-C, midway
        linked.append(target)
        real_relink(source, target)

    with monkeypatch.context() as patched:
        patched.setattr(swap, "relink", relink)
        with pytest.raises(KeyboardInterrupt):
            run_build(root)
    assert tree(root / "public") == clean_build(root, tmp_path)
    assert not (root / ".public.kabar-spare" / swap.TOKEN).exists()
    for edit in ("Satu kalimat lagi.", "Dan satu lagi."):
        edited = root / "content/2025/berita-3.md"
        edited.write_text(edited.read_text(encoding="utf-8") + f"\n{edit}\n", encoding="utf-8")
        run_build(root)
        assert tree(root / "public") == clean_build(root, tmp_path)


@pytest.mark.parametrize("spare", ["removed", "changed by hand"])
def test_a_spare_not_as_the_last_build_left_it_is_made_again_with_every_file_of_the_site(tmp_path, spare):
    """The site is made in the spare, which holds the last build's but one: a spare removed, or changed by someone
    (its token gone), is made again from nothing, each file of the site linked into it or written, and the builds
    after it go on from it."""
    root = big_site(tmp_path / "site", count=12)
    run_build(root)
    add = root / "content/2025/berita-baru.md"
    add.write_text(article(title="Berita baru", date="2025-01-05 09:00"), encoding="utf-8")
    run_build(root)  # the spare lacks the new story's files, and holds the older index's
    if spare == "removed":
        shutil.rmtree(root / ".public.kabar-spare")
    else:
        (root / ".public.kabar-spare" / swap.TOKEN).unlink()
        (root / ".public.kabar-spare" / "index.html").write_text("diubah")
    for edit in ("Satu kalimat lagi.", "Dan satu lagi."):
        edited = root / "content/2025/berita-3.md"
        edited.write_text(edited.read_text(encoding="utf-8") + f"\n{edit}\n", encoding="utf-8")
        run_build(root)
        assert tree(root / "public") == clean_build(root, tmp_path)
    add.unlink()
    run_build(root)
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_a_cold_builds_spare_is_linked_by_another_process_while_the_build_goes_on(tmp_path, monkeypatch):
    """A cold build makes the next build's spare, a folder and a hard link per page, from the pages made so far in a
    child while it makes the feeds, the sitemaps and the search index (at the end, the mkdirs of 10,000 articles
    held a cold build up 5 s); the files made after the pages are linked by the build as it commits."""
    root = big_site(tmp_path / "site", count=12)
    linked_by = tmp_path / "linked-by"
    real_link = swap.link

    def link(source, target):  # forked with the build: it writes down which process links what
        with open(linked_by, "a") as note:
            note.write(f"{os.getpid()} {Path(target).relative_to(tmp_path / 'site').as_posix().partition('/')[2]}\n")
        real_link(source, target)

    monkeypatch.setattr(swap, "link", link)
    run_build(root)
    public = root / "public"
    spare = root / ".public.kabar-spare"
    files = sorted(p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_file())
    assert all((public / p).stat().st_ino == (spare / p).stat().st_ino for p in files)
    by = dict(reversed(line.split()) for line in linked_by.read_text().splitlines())
    assert sorted(by) == files
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".public")) == [".public.kabar-spare"]
    pages = [p for p in files if p.endswith(".html")]
    if platform.FORK:  # else (Windows, KABAR_PORTABLE=1) this process links them all, as it commits
        assert all(int(by[p]) != os.getpid() for p in pages)
        assert int(by["feed.xml"]) == os.getpid()


@pytest.mark.parametrize("before", ["nothing", "a site whose cache is lost"])
def test_a_cold_build_knows_its_spares_folders_so_the_first_edit_stats_only_those_it_changes(tmp_path, before):
    """What a build knows of the spare's folders spares the next build a stat of each (at 100,000 articles, 100,000
    folders: 0.5 s, which made the first edit after a cold build slower than the others). A cold build makes the
    spare: it knows them all, as they are; so does one that finds an output folder and no cache it can read (the
    first build of a kabar whose cache format changed), whose spare is that folder."""
    root = big_site(tmp_path / "site", count=12)
    others = {"CNAME": b"kabar.example\n", "2025/catatan.txt": b"bukan dari kabar"} if before != "nothing" else {}
    if others:  # moved into the new site, out of the folders of the old, which is the spare
        run_build(root)
        write_files(root / "public", others)
        shutil.rmtree(root / CACHE_DIR)
    run_build(root)
    spare = root / ".public.kabar-spare"
    folders = {p.relative_to(spare).as_posix(): p.stat() for p in spare.rglob("*") if p.is_dir()}
    known = load_state(root, output_key(root / "public", root)).spare.folders
    assert len(folders) > 12
    left = {"2025/"} if others else set()  # which another's file left: looked at by the next build
    stats = {folder_key(name): (info.st_mtime_ns, info.st_size) for name, info in folders.items()}
    # The top's own stat changes with the token written there after: the next build looks at it.
    assert known == {key: swap.UNKNOWN if key in left else stat for key, stat in stats.items()} | {"/": swap.UNKNOWN}
    edited = root / "content/2025/berita-3.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    run_build(root)
    assert tree(root / "public") == clean_build(root, tmp_path) | others


def test_after_public_is_deleted_the_old_spare_is_removed_by_another_process_while_the_build_goes_on(
    tmp_path, monkeypatch
):
    """`rm -rf public` leaves the spare, which the next build cannot use: it is moved aside at once and removed by a
    child process meanwhile (removing a spare of 10,000 articles held a build up 6 s), as is one a stopped build
    left; the site is whole and nothing is left beside it."""
    root = big_site(tmp_path / "site", count=12)
    run_build(root)
    shutil.rmtree(root / "public")
    stopped = root / ".public.kabar-spare-old-0badc0de"
    write_files(stopped, {"2025/index.html": "<p>lama</p>"})
    removed_by = tmp_path / "removed-by"
    real_remove = swap.remove

    def remove(path):  # forked with the build: it writes down which process removes what
        with open(removed_by, "a") as note:
            note.write(f"{os.getpid()} {Path(path).name}\n")
        real_remove(path)

    monkeypatch.setattr(swap, "remove", remove)
    run_build(root)
    assert tree(root / "public") == clean_build(root, tmp_path)
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".public")) == [".public.kabar-spare"]
    removals = [line.split() for line in removed_by.read_text().splitlines()]
    names = {name for _, name in removals}
    assert stopped.name in names and len(names) == 2 and all(n.startswith(".public.kabar-spare-old-") for n in names)
    if platform.FORK:  # else (Windows, KABAR_PORTABLE=1) this process removes them, before it builds
        assert all(int(pid) != os.getpid() for pid, _ in removals)


def test_a_build_after_the_cache_is_lost_leaves_the_first_edit_as_cheap_as_the_others(tmp_path, monkeypatch):
    """A build that does not know what the output folder holds (its cache deleted, or made by another version)
    still leaves a spare it knows, and link warnings the next build can keep: the first edit after it writes,
    links and checks what changed, as every edit does."""
    root = big_site(tmp_path / "site", count=12)
    write_files(root, {"kabar.yml": "title: Kabar\nbase_url: https://kabar.example\nper_page: 5\n"})  # search on
    run_build(root)
    shutil.rmtree(root / CACHE_DIR)
    # In another process, whose sets of paths come out in another order (the output's order must not matter).
    kabar = [sys.executable, "-m", "kabar", "build", "--now", NOW.isoformat()]
    subprocess.run(kabar, cwd=root, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "1"})
    public = root / "public"
    spare, linked = root / ".public.kabar-spare", []
    monkeypatch.setattr(os, "link", lambda source, target, link=os.link: linked.append(target) or link(source, target))
    checked = checking(monkeypatch)
    edited = root / "content/2025/berita-3.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    summary = run_build(root)
    assert checked == ["/2025/01/02/berita-nomor-3/"]
    into_spare = [path for path in linked if spare in Path(path).parents]
    assert summary.written > 0 and into_spare == []  # it held the rest of the site already
    assert tree(public) == clean_build(root, tmp_path)


def test_an_articles_links_to_headings_elsewhere_are_checked_again_when_an_article_changes_only(tmp_path, monkeypatch):
    """Whether a link to another article's #heading is right depends on every article: its warnings are kept while
    no article changed (a new template changes none), and checked again when one did."""
    root = write_files(
        tmp_path / "site",
        {
            "kabar.yml": "title: Kabar\nsearch: false\n",
            "content/a.md": article(title="Banjir", body="Teks.\n\n## Pengungsi\n\nRibuan."),
            "content/b.md": article(
                title="Lain", date="2024-03-06 10:00", body="Lihat [ini](/2024/03/05/banjir/#pengungsi)."
            ),
            "content/c.md": article(title="Biasa", date="2024-03-07 10:00", body="Tanpa tautan."),
        },
    )
    run_build(root)
    checked = checking(monkeypatch)
    write_files(root, {"templates/404.html": '{% extends "default/404.html" %}{% block title %}Hilang{% endblock %}'})
    assert not run_build(root).warnings and checked == []
    write_files(root, {"content/a.md": article(title="Banjir", body="Teks.\n\n## Penampungan\n\nRibuan.")})
    (warning,) = run_build(root).warnings
    assert sorted(checked) == ["/2024/03/05/banjir/", "/2024/03/06/lain/"] and "#pengungsi" in warning.message


def test_kabar_check_after_a_build_renders_what_changed_and_finds_what_a_full_check_finds(tmp_path):
    root = big_site(tmp_path / "site", count=30)
    run_build(root)
    state = {p.name: p.read_bytes() for p in (root / CACHE_DIR).iterdir() if p.is_file()}
    edited = root / "content/2025/berita-7.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nLihat [ini](/tidak/ada/).\n", encoding="utf-8")
    checked = run_build(root, dry_run=True)
    assert 0 < checked.rendered < checked.pages / 4  # the edited story's pages, not the site's
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("public", ".public.*", CACHE_DIR))
    full = run_build(fresh, dry_run=True)
    assert full.rendered == full.pages == checked.pages

    def said(summary, site: Path) -> list:
        return [(Path(w.path).relative_to(site), w.line, w.message) for w in summary.warnings]

    assert said(checked, root) == said(full, fresh) != []
    assert {p.name: p.read_bytes() for p in (root / CACHE_DIR).iterdir() if p.is_file()} == state  # kept nothing


def test_kabar_installed_at_another_path_renders_nothing_again(tmp_path, monkeypatch):
    """CI may install kabar in a new place for each run, with the cache kept between runs: its theme is the same."""
    import kabar.theme

    root = big_site(tmp_path / "site", count=12)
    run_build(root)
    moved = tmp_path / "venv" / "kabar"
    shutil.copytree(kabar.theme.theme_dir(), moved, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(kabar.theme, "PACKAGED", moved)
    monkeypatch.setattr("kabar.static.THEME_STATIC", (moved / "static").resolve())  # as kabar there finds it
    assert kabar.theme.theme_dir() == moved
    summary = run_build(root)
    assert (summary.rendered, summary.written) == (0, 0)


@pytest.mark.parametrize(
    "change",
    ["edit-one", "edit-in-band", "add-one", "delete-one", "new-tag", "template", "words", "settings", "spelling"],
)
def test_every_kind_of_change_gives_what_a_clean_build_gives(change, tmp_path):
    root = big_site(tmp_path / "site", count=60)
    run_build(root, jobs=2)
    one = root / "content" / "2025" / "berita-40.md"
    if change == "edit-one":
        one.write_text(one.read_text(encoding="utf-8").replace("Berita nomor 40", "Berita nomor 40 diperbarui"))
    elif change == "edit-in-band":  # not on the front page's list, but in its category's band there
        band = root / "content" / "2025" / "berita-50.md"
        band.write_text(band.read_text(encoding="utf-8").replace("Berita nomor 50", "Berita nomor 50 diperbarui"))
    elif change == "add-one":
        write_files(root, {"content/2026/baru.md": article(title="Berita paling baru", date="2026-01-05 10:00")})
    elif change == "delete-one":
        one.unlink()
    elif change == "new-tag":  # a tag no other story has: on the page of all tags, and a page of its own
        one.write_text(one.read_text(encoding="utf-8").replace("tags: [topik-5, topik-0]", "tags: [topik-5, banjir]"))
    elif change == "template":
        override = '{% extends "default/404.html" %}{% block title %}Hilang{% endblock %}'
        write_files(root, {"templates/404.html": override})
    elif change == "words":  # compiled templates are kept: the theme's words must be part of their key
        write_files(root, {"templates/strings.yml": "id:\n  home: Beranda Utama\n  date_format: d MMMM y\n"})
    elif change == "settings":
        settings = "title: Kabar Lain\nbase_url: https://lain.example\nper_page: 7\nsearch: false\n"
        (root / "kabar.yml").write_text(settings)
    elif change == "spelling":  # a second spelling that wins the vote renames the category on every page
        for n in range(1, 37, 4):  # 9 of the 15 Ekonomi stories
            path = root / "content" / "2025" / f"berita-{n}.md"
            path.write_text(path.read_text(encoding="utf-8").replace("category: Ekonomi", "category: EKONOMI"))
    summary = run_build(root, jobs=2)
    assert tree(root / "public") == clean_build(root, tmp_path)
    if change == "edit-one":  # its page, its neighbours', and the listings that show it: not the whole site
        assert 0 < summary.rendered < 40 < summary.pages
    if change == "new-tag":
        assert "/tag/banjir/" in (root / "public" / "tag" / "index.html").read_text(encoding="utf-8")


SAME_PLACE = {  # edits that leave every story where it was: only the pages that show an edited one are looked at
    "body": ("Paragraf pertama berita 40.", "Paragraf pertama berita 40, diperbarui."),
    "title": ("title: Berita nomor 40", "title: Berita keempat puluh\nslug: berita-nomor-40"),  # the same URL
    "image": ("title: Berita nomor 40", "title: Berita nomor 40\nimage: /foto.png\nimage_alt: Foto"),
}
MOVED = {  # edits that move a story or change what its listings are: every page is looked at
    "url": ("Berita nomor 40", "Berita nomor 40 diperbarui"),  # its slug is made of its title
    "time": ("12:15", "12:45"),
    "day": ("2025-01-14", "2025-01-13"),
    "category": ("category: Nasional", "category: Olahraga"),
    "tag": ("tags: [topik-5, topik-0]", "tags: [topik-5, topik-1]"),
    "author": ("author: Ayu Santoso", "author: Raka Pratama"),
    "featured": ("title: Berita nomor 40", "title: Berita nomor 40\nfeatured: true"),
    "updated": ("title: Berita nomor 40", "title: Berita nomor 40\nupdated: 2025-02-01 10:00"),
    "draft": ("title: Berita nomor 40", "title: Berita nomor 40\ndraft: true"),
    "later": ("2025-01-14", "2027-01-14"),  # scheduled: off the site
}


@pytest.mark.parametrize(
    "change",
    [
        *SAME_PLACE,
        "two",
        "band",
        "headline",
        *MOVED,
        "and-a-template",
        "and-a-photo",
        "read-by-another-build",
        "cache-lost",
    ],
)
def test_an_edit_that_moves_no_story_looks_at_the_pages_that_show_it_and_any_other_at_every_page(
    change, tmp_path, monkeypatch
):
    """Either way, the site is what a clean build makes of it."""
    import kabar.pages

    root = big_site(tmp_path / "site", count=60)
    write_files(root, {"content/foto.png": photo(64, 36, "PNG")})
    run_build(root, jobs=1)
    run_build(root, jobs=1)  # a state that knows the theme
    one = root / "content" / "2025" / "berita-40.md"

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    # On the second page of the front page but in its category's band on the first; the headline, the newest
    number = {"band": 52, "headline": 59}.get(change)
    if number is not None:  # its title changed, its URL kept
        one = root / "content" / "2025" / f"berita-{number}.md"
        edit(one, "title: Berita nomor", f"slug: berita-nomor-{number}\ntitle: Berita baru")
    else:
        edit(one, *{**SAME_PLACE, **MOVED}.get(change, SAME_PLACE["body"]))
    if change == "two":
        edit(root / "content" / "2025" / "berita-7.md", "Paragraf pertama berita 7.", "Paragraf yang diperbarui.")
    elif change == "and-a-template":
        write_files(root, {"templates/404.html": '{% extends "default/404.html" %}{% block title %}X{% endblock %}'})
    elif change == "and-a-photo":
        write_files(root, {"content/foto.png": photo(64, 36, "PNG", shade=80)})
    elif change == "read-by-another-build":  # the article cache has what another output's build read since
        run_build(root, jobs=1, output=tmp_path / "lain")
        edit(one, "diperbarui", "diperbarui lagi")
    elif change == "cache-lost":
        for shard in (root / CACHE_DIR).glob("articles-*"):
            shard.unlink()
    looked_at = []
    gather = kabar.pages.page_dependencies

    def counted(jobs, site):
        looked_at.append(len(jobs))
        return gather(jobs, site)

    monkeypatch.setattr(kabar.pages, "page_dependencies", counted)
    summary = run_build(root, jobs=1)
    if change in (*SAME_PLACE, "two", "band", "headline"):
        assert looked_at and max(looked_at) < 40 < summary.pages
        assert 0 < summary.rendered <= max(looked_at)
    else:
        assert looked_at == [summary.pages]
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_a_checkout_that_touched_every_file_renders_and_writes_nothing_and_looks_at_each_page_once(
    tmp_path, monkeypatch
):
    """CI restores .kabar-cache over a fresh checkout, whose files have new times and the same bytes: each article
    is the cached one (its file read, not parsed, in the workers), nothing is rendered or written, and every page is
    looked at once, not each story's pages looked for one story at a time (which grew as the square of their
    number: 3.9 s at 10,000 articles)."""
    import kabar.load
    import kabar.pages

    root = big_site(tmp_path / "site")  # more articles than pages.SHOWING_AT_MOST, parsed over workers
    run_build(root, jobs=2)
    later = (root / "kabar.yml").stat().st_mtime_ns + 10**9
    for path in (root / "content").rglob("*.md"):
        os.utime(path, ns=(later, later))
    looked_at, gather = [], kabar.pages.page_dependencies
    monkeypatch.setattr(
        kabar.pages, "page_dependencies", lambda jobs, site: (looked_at.append(len(jobs)), gather(jobs, site))[1]
    )
    monkeypatch.setattr(kabar.load, "parse_article", lambda *args: pytest.fail("an article parsed again"))
    summary = run_build(root, jobs=2)
    assert (summary.rendered, summary.written, summary.removed) == (0, 0, 0)
    assert summary.articles == 260 and looked_at == [summary.pages]
    assert run_build(root, jobs=2).stages[-1][0] == "scan"  # the new times kept: the next build only looks
    monkeypatch.undo()
    assert tree(root / "public") == clean_build(root, tmp_path)


@pytest.mark.parametrize("edited", [False, True])
def test_a_checkout_that_touched_every_file_keeps_the_article_cache_as_written_with_the_new_times(
    tmp_path, monkeypatch, edited
):
    """After a fresh checkout, the article cache's shards are written again with the files' new times, their
    articles' values and bodies copied as they are, not packed again (3 s of such a build at 100,000 articles); the
    month of an article edited in that checkout is written whole. The next build knows every file, and an edit after
    it gives what a clean build gives."""
    import kabar.cache.articles

    root = big_site(tmp_path / "site")
    run_build(root, jobs=2)
    later = (root / "kabar.yml").stat().st_mtime_ns + 10**9
    for path in (root / "content").rglob("*.md"):
        os.utime(path, ns=(later, later))
    one = root / "content/2025/berita-100.md"  # of February: January and March are only touched
    if edited:
        one.write_text(one.read_text(encoding="utf-8").replace("Berita nomor 100", "Berita nomor 100 diperbarui"))
    packed, pack = [], kabar.cache.articles.pack_stored

    def packing(article, *rest):
        packed.append(article.source)
        return pack(article, *rest)

    monkeypatch.setattr(kabar.cache.articles, "pack_stored", packing)
    run_build(root, jobs=2)
    february = sorted(str(path) for path in (root / "content/2025").glob("*.md") if _month_of(path) == 2)
    assert sorted(packed) == (february if edited else [])
    assert [stage for stage, _, _ in run_build(root, jobs=2).stages] == ["scan"]  # every file known by its new time
    one.write_text(one.read_text(encoding="utf-8").replace("Paragraf pertama", "Paragraf pembuka"))
    run_build(root, jobs=2)
    monkeypatch.undo()
    assert tree(root / "public") == clean_build(root, tmp_path)


def _month_of(path: Path) -> int:
    return int(re.search(r"^date: \d{4}-(\d{2})", path.read_text(encoding="utf-8"), re.M)[1])


@pytest.mark.parametrize("change", ["edit-one", "add-one", "delete-one", "date-moved", "url-taken", "two-broken"])
def test_built_in_its_folder_an_article_change_parses_that_article_and_gives_what_a_clean_build_gives(
    change, tmp_path, monkeypatch, capsys
):
    """`kabar build` in the site's folder names the articles as messages show them: the cached ones are then taken
    in the cache's order, not the files' (see load.shown_as_found), which must change nothing but the time."""
    import kabar.load
    from kabar.cli import main

    root = big_site(tmp_path / "site", count=60)
    monkeypatch.chdir(root)
    run_build(Path("."), jobs=1)
    one = Path("content/2025/berita-40.md")
    if change == "edit-one":
        one.write_text(one.read_text(encoding="utf-8").replace("Berita nomor 40", "Berita nomor 40 diperbarui"))
    elif change == "add-one":
        write_files(Path("."), {"content/2024/awal.md": article(title="Berita paling awal", date="2024-12-30 10:00")})
    elif change == "delete-one":
        one.unlink()
    elif change == "date-moved":
        one.write_text(one.read_text(encoding="utf-8").replace("date: 2025-01-14", "date: 2025-02-14"))
    elif change == "url-taken":  # a new file, berita-7's twin: the message names first the first in the files' order
        write_files(Path("."), {"content/2024/kembar.md": article(title="Berita nomor 7", date="2025-01-03 12:15")})
    elif change == "two-broken":  # the older first in the files' order, the newer first in the cache's
        for broken in (one, Path("content/2025/berita-50.md")):
            broken.write_text(broken.read_text(encoding="utf-8").replace("category:", "kategori:"), encoding="utf-8")
    parsed, parse = [], kabar.load.parse_article

    def counted(text, shown, *args):
        parsed.append(shown)
        return parse(text, shown, *args)

    monkeypatch.setattr(kabar.load, "parse_article", counted)
    if change in ("url-taken", "two-broken"):  # the same messages, in the same order
        assert main(["build", "--now", NOW.isoformat(), "-j", "1"]) == 1
        here = capsys.readouterr().err
        shutil.copytree(root, tmp_path / "fresh", ignore=shutil.ignore_patterns("public", CACHE_DIR))
        monkeypatch.chdir(tmp_path / "fresh")
        assert main(["build", "--now", NOW.isoformat(), "-j", "1"]) == 1
        assert here == capsys.readouterr().err
        first = "content/2024/kembar.md:2: has the same URL" if change == "url-taken" else "content/2025/berita-40.md"
        assert here.startswith(first) and (change == "url-taken" or "berita-50.md" in here)
        return
    run_build(Path("."), jobs=1)
    assert parsed == ([] if change == "delete-one" else [str(one) if change != "add-one" else "content/2024/awal.md"])
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_cached_bodies_are_read_back_where_there_is_no_pread(tmp_path, monkeypatch):
    """Bodies stay in the article cache until a page shows them; without os.pread (Windows) the cache is read
    whole and holds no file open, since Windows could not replace an open file in the next build."""
    import psutil

    import kabar.platform
    from kabar.cache.articles import load_cached

    root = big_site(tmp_path / "site", count=30)
    run_build(root)
    write_files(root, {"templates/404.html": '{% extends "default/404.html" %}{% block title %}Hilang{% endblock %}'})
    monkeypatch.setattr(kabar.platform, "PREAD", False)
    monkeypatch.delattr(os, "pread")
    loaded = load_cached(root)
    cache = str(root / CACHE_DIR)
    assert loaded and not [f.path for f in psutil.Process().open_files() if f.path.startswith(cache)]
    summary = run_build(root, jobs=1)
    assert summary.rendered == summary.pages  # every article page again, each body from the cache
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_the_sitemap_is_made_again_when_a_date_changes_and_only_then(tmp_path):
    files = {"kabar.yml": "search: false\n", "content/a.md": article(), "content/b.md": article(title="Lain")}
    root = write_files(tmp_path / "site", files)
    run_build(root)
    sitemap = root / "public" / "sitemap.xml"
    written = sitemap.stat().st_mtime_ns
    write_files(root, {"content/b.md": article(title="Lain", body="Kalimat baru.")})
    run_build(root)
    assert sitemap.stat().st_mtime_ns == written  # the body is not in it
    write_files(root, {"content/b.md": article(title="Lain", body="Kalimat baru.", updated="2024-03-06 10:00")})
    run_build(root)
    assert "<lastmod>2024-03-06T10:00:00+07:00</lastmod>" in sitemap.read_text(encoding="utf-8")
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_an_edit_rewrites_the_one_article_cache_shard_of_its_month(tmp_path):
    # A month's articles (at 100,000 over eight years, 4 MB of 380): the edited article's.
    from kabar.cache.articles import _shard, load_cached

    root = big_site(tmp_path / "site", count=100)  # from January to February 2025
    run_build(root)
    shards = {p.name: p.stat().st_mtime_ns for p in (root / CACHE_DIR).glob("articles-*")}
    assert sorted(shards) == ["articles-2025-01", "articles-2025-02"]
    edited = root / "content/2025/berita-3.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    run_build(root)
    rewritten = [p.name for p in (root / CACHE_DIR).glob("articles-*") if p.stat().st_mtime_ns != shards[p.name]]
    (shown,) = [name for name in load_cached(root).entries if name.endswith("berita-3.md")]
    assert rewritten == [f"articles-{_shard(load_cached(root).entries[shown].article)}"] == ["articles-2025-01"]
    assert "Satu kalimat lagi" in load_cached(root).entries[shown].article.body_html
    assert len(load_cached(root).entries) == 100


def test_the_article_cache_is_read_in_the_order_the_site_lists_its_articles(tmp_path):
    """Newest first, month by month: the articles are made, and lie in memory, in the order every later pass
    walks them (see cache/articles.py)."""
    from kabar.cache.articles import load_cached

    root = big_site(tmp_path / "site", count=100)
    run_build(root)
    order = list(load_cached(root).entries.items())
    assert order == sorted(order, key=lambda item: (-item[1].article.instant, item[0]))
    assert order[0][1].article.date.month == 2 and order[-1][1].article.date.month == 1


def test_an_article_added_and_one_removed_rewrite_their_shards_only_and_the_cache_holds_the_site(tmp_path):
    from kabar.cache.articles import _shard, load_cached

    root = big_site(tmp_path / "site", count=100)
    run_build(root)
    shards = {p.name: p.stat().st_mtime_ns for p in (root / CACHE_DIR).glob("articles-*")}
    before = load_cached(root).entries
    (root / "content/2025/berita-7.md").unlink()
    write_files(root, {"content/2025/baru.md": article(title="Berita baru", date="2025-03-09 10:00")})
    run_build(root)
    after = load_cached(root).entries
    (gone,) = before.keys() - after.keys()
    (added,) = after.keys() - before.keys()
    rewritten = {p.name for p in (root / CACHE_DIR).glob("articles-*") if p.stat().st_mtime_ns != shards.get(p.name)}
    assert rewritten == {f"articles-{_shard(before[gone].article)}", f"articles-{_shard(after[added].article)}"}
    assert rewritten == {"articles-2025-01", "articles-2025-03"}
    assert gone.endswith("berita-7.md") and added.endswith("baru.md") and len(after) == 100
    assert all(entry.article.body_html for entry in after.values())  # each body where its shard says


def test_an_article_whose_date_moves_to_another_month_leaves_its_shard_and_an_emptied_one_goes(tmp_path):
    from kabar.cache.articles import load_cached

    files = {"kabar.yml": "search: false\n", "content/a.md": article(date="2025-01-05 10:00")}
    files["content/b.md"] = article(title="Lain", date="2025-02-05 10:00")
    root = write_files(tmp_path / "site", files)
    run_build(root)
    assert sorted(p.name for p in (root / CACHE_DIR).glob("articles-*")) == ["articles-2025-01", "articles-2025-02"]
    write_files(root, {"content/b.md": article(title="Lain", date="2025-01-06 10:00")})
    run_build(root)
    assert [p.name for p in (root / CACHE_DIR).glob("articles-*")] == ["articles-2025-01"]
    entries = load_cached(root).entries
    assert sorted(e.article.date.day for e in entries.values()) == [5, 6] and len(entries) == 2
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_an_article_cache_of_an_older_kabar_is_parsed_again_and_its_files_removed(tmp_path):
    """Shards named otherwise (articles-0 to articles-63, by the file's name, before they were by month) are not
    read, whatever they hold: the articles are parsed again, and the old files go with the cache's next whole save."""
    from kabar.cache.articles import load_cached

    root = big_site(tmp_path / "site", count=12)
    run_build(root)
    for path in (root / CACHE_DIR).glob("articles-*"):
        path.rename(path.with_name("articles-7"))  # one shard: the twelve articles, as one of the old names
    assert load_cached(root) is None
    edited = root / "content/2025/berita-3.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    run_build(root)
    assert [p.name for p in (root / CACHE_DIR).glob("articles-*")] == ["articles-2025-01"]
    assert len(load_cached(root).entries) == 12
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_after_every_kind_of_build_the_next_with_nothing_changed_only_looks(tmp_path):
    """What a build notes about the output folder, its files' and folders' stats, is what the folder holds.

    Folders the build did not change keep the stat noted two builds ago (the spare's): a wrong one would
    make the next build take the folder for changed, and build the whole site again instead of stopping.
    """
    root = big_site(tmp_path / "site", count=40)
    public, content = root / "public", root / "content" / "2025"

    def edit(n: int) -> None:
        path = content / f"berita-{n}.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\nSunting {n}.\n", encoding="utf-8")

    steps = {
        "first": lambda: None,
        "edit": lambda: edit(3),
        "edit again": lambda: edit(4),  # the spare now holds the site of two builds ago
        "add": lambda: write_files(root, {"content/2026/baru.md": article(title="Baru", date="2026-01-05 10:00")}),
        "delete": lambda: (root / "content/2026/baru.md").unlink(),  # its folders go
        "theirs": lambda: write_files(public, {"CNAME": "x\n", "2025/01/01/catatan/a.txt": "milik kami\n"}),
        "edit with theirs": lambda: edit(5),
        "theirs removed": lambda: (public / "CNAME").unlink(),
        "edit after": lambda: edit(6),
    }
    for name, step in steps.items():
        step()
        built = run_build(root)
        again = run_build(root)
        assert [stage for stage, _, _ in again.stages] == ["scan"], name
        if len(built.stages) == 1:  # others' files only: noted by the next build that makes something
            continue
        # A build that finds nothing changed looks at the files only: the folders noted are checked here.
        noted = load_state(root, output_key(public, root))
        assert not damaged_outputs(public, noted.folders), name
        holding = {path.rpartition("/")[0] for path in (*noted.manifest, *noted.foreign)}
        assert noted.folders.keys() == {folder_key(folder) for folder in with_parents(holding)}, name
    run_build(root, clean=True)
    assert [stage for stage, _, _ in run_build(root).stages] == ["scan"]


@pytest.mark.parametrize("others", [(), (".git/HEAD", "2025/01/01/berita-nomor-0/catatan.txt")])
def test_edits_that_make_no_folder_take_the_last_builds_folders_as_a_table_with_those_they_changed(
    tmp_path, monkeypatch, others
):
    """An edit's site has the last build's folders: their stats are passed on as the state keeps them, with those
    the build changed stat'ed again (at 100,000 articles, 190,000 folders in dictionaries took an edit 0.3 s). A
    build that adds a folder takes them one by one, in the same order, so that the edits after it do again; the
    first edit after a cold build takes the table too (the cold build notes its spare's folders in the site's
    order). So too with OTHERS' files in the output folder (a deploy checkout's .git), which each build moves into
    its new site."""
    root = big_site(tmp_path / "site", count=40)
    public, content = root / "public", root / "content" / "2025"
    write_files(public, dict.fromkeys(others, "milik orang lain\n"))
    taken, real = [], swap._folders_as_last

    def recorded(*args):
        folders = real(*args)
        taken.append(folders is not None)
        return folders

    monkeypatch.setattr(swap, "_folders_as_last", recorded)
    run_build(root)
    for n in [3, 4, 5, None, 6, 7]:
        if n is None:  # a story in a new folder
            write_files(root, {"content/2026/baru.md": article(title="Baru", date="2026-01-05 10:00")})
        else:
            path = content / f"berita-{n}.md"
            path.write_text(path.read_text(encoding="utf-8") + f"\nSunting {n}.\n", encoding="utf-8")
        kabar.state._saved.clear()  # the state read from its file, as by `kabar build`
        run_build(root)
        noted = load_state(root, output_key(public, root))
        assert not damaged_outputs(public, noted.folders), n  # each as it is now
        holding = {path.rpartition("/")[0] for path in (*noted.manifest, *noted.foreign)}
        assert noted.folders.keys() == {folder_key(folder) for folder in with_parents(holding)}, n
        assert [stage for stage, _, _ in run_build(root).stages] == ["scan"], n
    assert taken[:4] == [True, True, True, False] and taken[5] is True  # the first edit after the cold build too
    site = tree(public)
    assert {path: site.pop(path) for path in others} == dict.fromkeys(others, b"milik orang lain\n")
    assert site == clean_build(root, tmp_path)


def test_an_image_added_or_replaced_later_gives_its_page_the_new_size(tmp_path):
    """Articles are cached with their images measured: a change to an image, not to the article, must show."""
    png = (SITES / "basic" / "content" / "images" / "banjir.png").read_bytes()  # 16 x 9
    body = "Teks.\n\n![Peta](/images/peta.png)\n"
    root = write_files(
        tmp_path / "site", {"kabar.yml": "title: Kabar\nsearch: false\n", "content/a.md": article(body=body)}
    )
    page = root / "public/2024/03/05/banjir-rendam-bekasi/index.html"
    run_build(root)
    assert '<img src="/images/peta.png" alt="Peta" loading="lazy"' in page.read_text()  # missing: no size
    write_files(root, {"static/images/peta.png": png})
    run_build(root)
    assert 'width="16" height="9"' in page.read_text()
    wide = png[:16] + (32).to_bytes(4, "big") + png[20:]  # the PNG header says 32 x 9 now
    write_files(root, {"static/images/peta.png": wide})
    run_build(root)
    assert 'width="32" height="9"' in page.read_text()
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_a_site_moved_to_another_folder_keeps_what_it_knew(tmp_path, monkeypatch):
    """A CI runner's folder may change from one run to the next, restoring the cache and public/ (not the spare)
    elsewhere, and `kabar build` runs in it: what the last build knew is the site's, not its folder's (by the
    folder, every page was rendered and every story indexed again)."""
    site = big_site(tmp_path / "here" / "site", count=60)
    monkeypatch.chdir(site)
    run_build(Path("."), jobs=2)
    moved = tmp_path / "elsewhere" / "site"
    shutil.copytree(site, moved, ignore=shutil.ignore_patterns(".public.*"))  # times kept, as a cache restores them
    monkeypatch.chdir(moved)
    assert [stage for stage, _, _ in run_build(Path("."), jobs=2).stages] == ["scan"]
    later = (moved / "kabar.yml").stat().st_mtime_ns + 10**9
    for path in [moved / "kabar.yml", *(moved / "content").rglob("*.md")]:
        os.utime(path, ns=(later, later))  # and checked out anew
    summary = run_build(Path("."), jobs=2)
    assert (summary.rendered, summary.written, summary.removed) == (0, 0, 0)
    assert tree(moved / "public") == tree(site / "public")


def test_the_state_an_older_kabar_named_by_the_folders_whole_path_is_removed_once_a_build_settles(tmp_path):
    """Before the state was named by the output folder's path within the site, it was named by its whole path: a
    site built by that kabar keeps the old file in .kabar-cache/ (58 MB at 100,000 articles) unless it is removed."""
    root = big_site(tmp_path / "site", count=3)
    run_build(root)
    cache = root / CACHE_DIR
    (state_file,) = cache.glob("state-*")
    older = cache / f"state-{digest(str((root / 'public').resolve())).hex()[:12]}"
    state_file.rename(older)
    run_build(root)
    assert [path.name for path in cache.glob("state-*")] == [state_file.name]


def test_a_checkout_that_touched_every_photo_makes_nothing_again_and_a_changed_one_is_seen(tmp_path, monkeypatch):
    """A fresh checkout gives the photos new times too: one with the bytes the last build read is not read by Pillow
    again, nor are its articles parsed, their pages rendered or their search shards indexed (a site of 10,000 took
    33 s, as if every photo were new); one whose bytes changed since (as wide and as high) gets new variants."""
    import kabar.imaging
    import kabar.load
    import kabar.pagefind_runs

    files = {"kabar.yml": "title: Kabar Foto\nbase_url: https://foto.example\n"}
    for n in range(6):
        files[f"content/foto/{n}.jpg"] = photo(320, 180, shade=n * 10)
        files[f"content/2025/berita-{n}.md"] = article(
            title=f"Berita foto {n}", date=f"2025-0{n + 1}-05 08:00", image=f"/foto/{n}.jpg", image_alt=f"Foto {n}"
        )
    root = write_files(tmp_path / "site", files)
    run_build(root)
    later = (root / "kabar.yml").stat().st_mtime_ns + 10**9
    for path in (root / "content").rglob("*.*"):
        os.utime(path, ns=(later, later))
    with monkeypatch.context() as patched:
        patched.setattr(kabar.load, "parse_article", lambda *args: pytest.fail("an article parsed again"))
        patched.setattr(kabar.imaging, "read_source", lambda data: pytest.fail("a photo read by Pillow again"))
        patched.setattr(kabar.pagefind_runs, "start_pagefind", lambda *args: pytest.fail("a shard indexed again"))
        summary = run_build(root)
    assert (summary.rendered, summary.written, summary.removed) == (0, 0, 0)
    assert run_build(root).stages[-1][0] == "scan"  # their new times kept: the next build only looks
    page = root / "public/2025/03/05/berita-foto-2/index.html"
    before = page.read_text(encoding="utf-8")
    write_files(root, {"content/foto/2.jpg": photo(320, 180, shade=99)})
    run_build(root)
    assert page.read_text(encoding="utf-8") != before  # its variants' new folder
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_an_article_cache_written_in_part_does_not_vouch_for_its_images_sizes(tmp_path, monkeypatch):
    """The article cache notes which copied files its images were measured against, once all of it is written, so
    that a rebuild need not look at each image again. A build stopped before that note leaves none: were the one
    before kept, files put back as they were then would be taken as measured, with what the stopped build measured."""
    from kabar.cache import articles

    png = (SITES / "basic" / "content" / "images" / "banjir.png").read_bytes()  # 16 x 9
    wide = png[:16] + (32).to_bytes(4, "big") + png[20:]  # 32 x 9, in as many bytes
    body = "Teks.\n\n![Peta](/images/peta.png)\n"
    files = {"kabar.yml": "title: Kabar\nsearch: false\n", "content/a.md": article(body=body)}
    root = write_files(tmp_path / "site", {**files, "content/images/peta.png": png})
    image, page = root / "content/images/peta.png", root / "public/2024/03/05/banjir-rendam-bekasi/index.html"
    run_build(root)
    assert 'width="16" height="9"' in page.read_text() and articles.load_cached(root).copied
    first = image.stat().st_mtime_ns
    image.write_bytes(wide)
    saving = articles.store.save

    def stopped_before_the_note(root, name, *args):
        if name == articles.COPIED:
            raise OSError(28, "No space left on device")
        saving(root, name, *args)

    monkeypatch.setattr(articles.store, "save", stopped_before_the_note)
    with pytest.raises(BuildError):
        run_build(root)
    monkeypatch.setattr(articles.store, "save", saving)
    assert 'width="32" height="9"' in page.read_text() and not articles.load_cached(root).copied
    image.write_bytes(png)
    os.utime(image, ns=(first, first))  # every copied file as the first build found it
    run_build(root)
    assert 'width="16" height="9"' in page.read_text()
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_a_scheduled_story_appears_when_its_time_comes(tmp_path):
    root = write_files(
        tmp_path / "site",
        {"content/a.md": article(), "content/later.md": article(title="Nanti Siang", date="2026-11-23 20:00")},
    )
    run_build(root)
    assert not (root / "public" / "2026").exists()
    later = NOW + dt.timedelta(hours=1)  # 20:00 in Jakarta is 13:00 UTC
    run_build(root, now=later)
    assert (root / "public" / "2026" / "11" / "23" / "nanti-siang" / "index.html").is_file()
    assert tree(root / "public") == tree_of_clean(root, tmp_path, later)


def tree_of_clean(root: Path, tmp_path: Path, now: dt.datetime) -> dict[str, bytes]:
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("public", CACHE_DIR))
    run_build(fresh, now=now)
    return tree(fresh / "public")


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "cut-short"])
def test_a_corrupt_cache_is_ignored_not_trusted(damage, tmp_path):
    root = tmp_path / "basic"
    shutil.copytree(SITES / "basic", root)
    run_build(root)
    expected = tree(root / "public")
    from kabar.cache.articles import _shard, load_cached

    months = {_shard(entry.article) for entry in load_cached(root).entries.values()}
    cached = [p for p in (root / CACHE_DIR).iterdir() if p.name.startswith(("articles-", "state-"))]
    assert len(cached) == len(months) + 1  # the articles, a shard a month, and the state of this output folder
    for path in cached:
        data = path.read_bytes()
        damaged = {"garbage": b"\x80\x05not a pickle", "empty": b"", "truncated": data[:40], "cut-short": data[:-3]}
        path.write_bytes(damaged[damage])
    (root / "content/2024/03/harga-beras.md").write_text(article(title="Harga Beras Turun", date="2024-03-05 14:00"))
    run_build(root)
    clean = clean_build(root, tmp_path)
    built = tree(root / "public")
    assert {path: built.get(path) for path in clean} == clean  # every page as a clean build makes it
    # With no record of what kabar wrote, the old story's pages are kept, as anything kabar did not write is;
    # --clean removes them.
    kept = built.keys() - clean.keys()
    assert "2024/03/05/harga-beras-naik-menjelang-ramadan/index.html" in kept
    assert {path: built[path] for path in kept} == {path: expected[path] for path in kept}
    run_build(root, clean=True)
    assert tree(root / "public") == clean
    assert tree(root / "public") != expected


def test_a_damaged_output_file_is_written_again(built, tmp_path):
    page = built / "public" / "index.html"
    original = page.read_bytes()
    page.write_text("dirusak")
    summary = run_build(built, jobs=2)
    assert page.read_bytes() == original and summary.written == 1
    (built / "public" / "404.html").unlink()
    run_build(built, jobs=2)
    assert (built / "public" / "404.html").is_file()
    icon = built / "public" / "favicon.svg"  # a copy, whose source is as the last build found it (as all are)
    copied = icon.read_bytes()
    icon.write_text("dirusak")
    run_build(built, jobs=2)
    assert icon.read_bytes() == copied


def test_a_folder_made_whole_is_as_written_while_its_mtime_is_whatever_its_size(tmp_path):
    # The spare's copy of a folder made whole is linked file by file and given the folder's mtime; its size may
    # differ (ext4 grows a folder by blocks as names are added): still the same entry, not one to make again.
    (tmp_path / "fragment").mkdir()
    (tmp_path / "fragment" / "a.pf_fragment").write_bytes(b"a")
    (tmp_path / "page.html").write_bytes(b"halaman")
    folder, file = (os.stat(tmp_path / name) for name in ("fragment", "page.html"))
    grown = {"fragment": (folder.st_mtime_ns, folder.st_size + 4096), "page.html": (file.st_mtime_ns, file.st_size)}
    assert damaged_outputs(tmp_path, grown) == set()
    assert damaged_outputs(tmp_path, {"page.html": (file.st_mtime_ns, file.st_size + 1)}) == {"page.html"}
    (tmp_path / "fragment" / "b.pf_fragment").write_bytes(b"b")
    os.utime(tmp_path / "fragment", ns=(folder.st_atime_ns, folder.st_mtime_ns + 10**9))  # coarse clocks
    assert damaged_outputs(tmp_path, grown) == {"fragment"}


@pytest.mark.parametrize("parts", [1, 2])
def test_a_large_sites_written_files_are_looked_at_from_the_states_table(built, monkeypatch, parts):
    """A site of 10,000 files or more has two children stat the files the last build wrote, each making the paths
    of its half of the state's table; what they find is what a look at the whole manifest finds."""
    monkeypatch.setattr("kabar.incremental.FILES_IN_CHILDREN", 1)
    run_build(built, jobs=2)
    state = load_state(built, output_key(built / "public", built))
    page, gone = built / "public" / "index.html", built / "public" / "404.html"
    original = page.read_bytes()
    page.write_text("dirusak")
    gone.unlink()
    table = to_table(state.manifest)
    found = set().union(*(damaged_in_table(built / "public", table, part, parts) for part in range(parts)))
    assert found == damaged_outputs(built / "public", state.manifest) == {"index.html", "404.html"}
    kabar.state._saved.clear()  # so that the build reads the state's file, as a new process does
    summary = run_build(built, jobs=2)
    assert page.read_bytes() == original and gone.is_file() and summary.written == 2
    kabar.state._saved.clear()
    assert run_build(built, jobs=2).stages[-1][0] == "scan"  # and then nothing changed: the build stops there
    edited = sorted((built / "content").rglob("*.md"))[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text + "\nSunting.\n", encoding="utf-8")
    kabar.state._saved.clear()
    assert run_build(built, jobs=2).rendered > 0  # an input's stat in the table differs: not taken for no change
    edited.write_text(text, encoding="utf-8")  # as the other tests of this site expect it
    run_build(built, jobs=2)


@pytest.mark.parametrize("build", ["nothing else changed", "an article edited"])
def test_a_file_written_by_the_last_build_and_damaged_since_is_made_again_whichever_half_of_them_it_is_in(
    built, monkeypatch, build
):
    """The files the last build wrote are looked at in halves, by two children (a site of 10,000 files or more),
    by a build that finds its inputs as they were and by one that edits: a file damaged in either is written
    again."""
    monkeypatch.setattr("kabar.incremental.FILES_IN_CHILDREN", 1)
    run_build(built, jobs=2)
    written = list(load_state(built, output_key(built / "public", built)).manifest)
    damaged = [written[0], written[len(written) // 2], written[-1]]  # the first of each half, and the last
    edited = sorted((built / "content").rglob("*.md"))[1]
    text = edited.read_text(encoding="utf-8")
    if build == "an article edited":
        # What the edit writes, whichever pages it renders, is what a build of it with nothing damaged writes.
        edited.write_text(text + "\nSunting.\n", encoding="utf-8")
        run_build(built, jobs=2)
        originals = {path: (built / "public" / path).read_bytes() for path in damaged}
        edited.write_text(text, encoding="utf-8")
        run_build(built, jobs=2)
        edited.write_text(text + "\nSunting.\n", encoding="utf-8")
    else:
        originals = {path: (built / "public" / path).read_bytes() for path in damaged}
    for path in damaged:
        (built / "public" / path).write_bytes(b"dirusak")
    kabar.state._saved.clear()  # the state read from its file, as a new process reads it

    run_build(built, jobs=2)

    assert {path: (built / "public" / path).read_bytes() for path in damaged} == originals
    edited.write_text(text, encoding="utf-8")  # as the other tests of this site expect it
    run_build(built, jobs=2)


def test_warnings_of_unchanged_articles_are_still_reported(tmp_path):
    broken = article(title="Tautan Rusak", body="Lihat [peta](/tidak-ada/).")
    root = write_files(tmp_path / "site", {"content/a.md": broken, "content/b.md": article(title="Lain")})
    first = run_build(root)
    assert [w.message for w in first.warnings] == ["links to /tidak-ada/, which is not a page of the site"]
    (root / "content" / "b.md").write_text(article(title="Lain", body="Isi baru."), encoding="utf-8")
    assert [str(w) for w in run_build(root).warnings] == [str(w) for w in first.warnings]
    (root / "content" / "a.md").write_text(article(title="Tautan Rusak", body="Tanpa tautan."), encoding="utf-8")
    assert run_build(root).warnings == []


def test_building_for_an_earlier_time_is_not_skipped(tmp_path):
    root = write_files(
        tmp_path / "site",
        {"content/a.md": article(), "content/later.md": article(title="Nanti Siang", date="2026-11-23 20:00")},
    )
    later = NOW + dt.timedelta(hours=1)
    run_build(root, now=later)
    assert (root / "public" / "2026" / "11" / "23" / "nanti-siang" / "index.html").is_file()
    summary = run_build(root, now=NOW)  # nothing changed but the reference time, which went back
    assert summary.rendered > 0
    assert not (root / "public" / "2026").exists()


def test_the_search_index_is_made_again_only_when_an_article_changes(tmp_path):
    root = write_files(tmp_path / "site", {"content/a.md": article(), "content/b.md": article(title="Lain")})
    run_build(root)  # search is on by default
    index = {p: p.stat().st_mtime_ns for p in (root / "public" / "pagefind").rglob("*") if p.is_file()}
    assert index
    write_files(root, {"templates/404.html": '{% extends "default/404.html" %}{% block title %}Hilang{% endblock %}'})
    run_build(root)
    assert {p: p.stat().st_mtime_ns for p in (root / "public" / "pagefind").rglob("*") if p.is_file()} == index
    (root / "content" / "b.md").write_text(article(title="Lain Sekali"), encoding="utf-8")
    run_build(root)
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_a_site_without_articles_builds_with_search_on(tmp_path):
    root = write_files(tmp_path / "site", {"content/draft.md": article(draft="true")})
    run_build(root)
    assert (root / "public" / "cari" / "index.html").is_file()


@pytest.mark.parametrize("from_inside", [False, True], ids=["site-named", "built-from-inside"])
def test_a_rebuild_reads_only_the_static_files_and_photos_that_changed(tmp_path, monkeypatch, from_inside):
    """A site's photos are most of its bytes: one unchanged since the last build is kept, not read again; also
    when the site is `.`, as `kabar build` run in its folder names it."""
    root = big_site(tmp_path / "site", count=6)
    write_files(root, {"static/foto/a.jpg": b"\xff\xd8a", "static/foto/b.jpg": b"\xff\xd8b", "content/peta.pdf": b"%"})
    if from_inside:
        monkeypatch.chdir(root)
        root = Path(".")
    run_build(root)
    write_files(root, {"static/foto/b.jpg": b"\xff\xd8b, dipotong"})
    read, reading = [], Path.read_bytes

    def counted(self):
        read.append(self.name)
        return reading(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    run_build(root, jobs=1)
    monkeypatch.setattr(Path, "read_bytes", reading)
    assert "b.jpg" in read and not {"a.jpg", "peta.pdf", "kabar.css", "favicon.ico"} & set(read)
    assert tree(root / "public") == clean_build(root.resolve(), tmp_path)


def test_a_change_to_any_file_copied_to_the_site_is_published(tmp_path):
    """The scan's child stats the first half of the files copied to the site, the build the rest: a change to any
    of them, in either half, is found; and after a file is added or removed, the halves are of other files."""
    photos = {f"static/foto/{n}.jpg": b"\xff\xd8" + bytes([n]) for n in range(8)}
    root = write_files(tmp_path / "site", {"content/a.md": article(), "content/peta.pdf": b"%", **photos})
    run_build(root)
    changes = [("edit", name) for name in [*photos, "content/peta.pdf"]]
    changes += [("add", "content/b.md"), ("remove", "static/foto/3.jpg"), ("add", "content/c.pdf")]
    for number, (change, name) in enumerate(changes):
        if change == "remove":
            (root / name).unlink()
        elif name.endswith(".md"):  # one more file read, the copied ones all the same
            write_files(root, {name: article(title="Berita Kedua")})
        else:
            write_files(root, {name: f"isi baru {number}".encode()})  # a size of its own: no mtime is needed
        kabar.state._saved.clear()  # as a new process reads the state
        run_build(root)
        for copied in [*photos, "content/peta.pdf", "content/c.pdf"]:
            source, published = root / copied, root / "public" / copied.partition("/")[2]
            assert published.is_file() == source.is_file()
            assert not source.is_file() or published.read_bytes() == source.read_bytes(), (name, copied)


def test_an_edited_articles_picture_is_measured_again_only_if_its_file_changed(tmp_path, monkeypatch):
    """An edit to an article's words keeps what its picture measured; a picture replaced is measured again."""
    import imagesize

    from . import pictures

    shown = {"image": "/foto/banjir.jpg", "image_alt": "Banjir"}
    photo = pictures.photo(1000, 750)
    root = write_files(tmp_path / "site", {"content/a.md": article(**shown), "content/foto/banjir.jpg": photo})
    run_build(root)
    measured, measuring = [], imagesize.get
    monkeypatch.setattr(imagesize, "get", lambda path: measured.append(os.path.basename(path)) or measuring(path))
    (root / "content" / "a.md").write_text(article(body="Diperbarui.", **shown), encoding="utf-8")
    run_build(root, jobs=1)
    assert measured == []
    (root / "content" / "foto" / "banjir.jpg").write_bytes(pictures.photo(900, 400))
    (root / "content" / "a.md").write_text(article(body="Diperbarui lagi.", **shown), encoding="utf-8")
    run_build(root, jobs=1)
    assert measured == ["banjir.jpg"]
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_a_folder_of_articles_replaced_by_a_file_of_its_name_is_built_as_a_clean_build(tmp_path):
    """The last build's inputs are stat'ed again by their names, one of which now runs through a file."""
    root = write_files(tmp_path / "site", {"content/a.md": article(), "content/arsip/b.md": article(title="Lama")})
    run_build(root)
    shutil.rmtree(root / "content" / "arsip")
    (root / "content" / "arsip").write_bytes(b"bukan folder")
    run_build(root)
    assert (root / "public" / "arsip").read_bytes() == b"bukan folder"
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_a_process_that_builds_again_takes_up_what_another_process_built_meanwhile(tmp_path):
    """kabar serve keeps the last build's state and articles in memory; a `kabar build` of the same site in between
    writes new ones, which the next build of the first process must read, not its memory."""
    root = big_site(tmp_path / "site", count=40)
    run_build(root)
    (root / "content" / "2025" / "berita-3.md").write_text(article(title="Diubah di proses lain"), encoding="utf-8")
    kabar = [sys.executable, "-m", "kabar", "build", "--now", NOW.isoformat()]
    subprocess.run(kabar, cwd=root, check=True, capture_output=True)
    (root / "content" / "2025" / "berita-7.md").write_text(article(title="Diubah di sini"), encoding="utf-8")
    run_build(root)
    (root / "content" / "2025" / "berita-9.md").unlink()
    run_build(root)
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_clean_removes_what_kabar_did_not_write_but_hidden_folders_as_hugo_does(tmp_path):
    """public/ may be a deploy checkout (a gh-pages worktree): --clean must not delete its .git."""
    root = write_files(tmp_path / "site", {"kabar.yml": "title: Kabar\nsearch: false\n", "content/a.md": article()})
    public = root / "public"
    run_build(root)
    theirs = {".git/HEAD": "ref: refs/heads/gh-pages\n", "2024/.cache/x": "x\n", "CNAME": "x\n", ".htaccess": "x\n"}
    write_files(public, {**theirs, "lama/index.html": "<p>lama</p>\n"})
    clean = clean_build(root, tmp_path)

    run_build(root, clean=True)

    assert tree(public) == {**clean, ".git/HEAD": b"ref: refs/heads/gh-pages\n", "2024/.cache/x": b"x\n"}
    assert [stage for stage, _, _ in run_build(root, clean=True).stages] == ["scan"]  # nothing left to remove
    write_files(root, {"content/a.md": article(body="Diperbarui.")})
    run_build(root, clean=True)
    assert (public / ".git/HEAD").read_text() == theirs[".git/HEAD"]
    assert "Diperbarui." in (public / "2024/03/05/banjir-rendam-bekasi/index.html").read_text()
