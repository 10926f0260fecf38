"""The output folder: reproducible, written only when something changed, all or nothing, and fenced in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kabar.errors import BuildError
from kabar.publish.claims import Claims
from kabar.theme import theme_dir

from .conftest import SITES, article, run_build

TIMNAS = "content/2024/04/timnas-menang.md"
TIMNAS_PAGE = "2024/04/02/timnas-menang-2-0-atas-vietnam/index.html"
OLD = 1_000_000_000_000_000_000  # 2001-09-09, in nanoseconds: far from any real write


def files(folder: Path) -> dict[str, bytes]:
    """Every file under FOLDER (dot-folders included) by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file and folder under FOLDER: a file's bytes and mtime, None for a folder."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


def outside_public(root: Path) -> dict[str, bytes]:
    """The site's files, less the output, its spare copy and kabar's own cache (.kabar-cache/, safe to delete)."""
    kabars = ("public/", ".public.kabar-spare/", ".kabar-cache/")
    return {path: data for path, data in files(root).items() if not path.startswith(kabars)}


def site(tmp_path: Path, name: str = "basic") -> Path:
    root = tmp_path / name
    shutil.copytree(SITES / "basic", root)
    return root


# ---------------------------------------------------------------- reproducible


def test_building_twice_gives_byte_identical_output(tmp_path):
    root = site(tmp_path)
    run_build(root)
    first = files(root / "public")
    shutil.rmtree(root / "public")
    run_build(root)
    assert files(root / "public") == first


def test_two_copies_of_a_site_build_identical_trees(tmp_path):
    one, two = site(tmp_path, "one"), site(tmp_path / "elsewhere", "two")
    run_build(one)
    run_build(two)
    built = files(one / "public")
    assert len(built) > 20
    assert files(two / "public") == built


def test_second_build_with_nothing_changed_writes_nothing_and_keeps_mtimes(tmp_path):
    root = site(tmp_path)
    first = run_build(root)
    assert first.written > 0
    for path in (root / "public").rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD, OLD))
    before = snapshot(root / "public")
    second = run_build(root)
    assert second.written == 0
    assert second.removed == 0
    assert second.unchanged == first.written
    assert snapshot(root / "public") == before


@pytest.mark.parametrize("touched", ["files", "files and folders"])
def test_output_touched_by_another_tool_is_looked_at_once_then_known_again(tmp_path, touched):
    """A tool that gives the output's files new times and the same bytes (a copy without -p, a restore, a touch of
    the site's tree, which reaches the output through the spare's hard links): the next build renders its pages to
    compare them and writes nothing; the one after knows them again and only looks (each build rendered every page
    again, for ever: 101 s a build at 100,000 articles)."""
    root = site(tmp_path)
    first = run_build(root)
    for path in [root / "public", *(root / "public").rglob("*")]:
        if path.is_file() or touched == "files and folders":
            os.utime(path, ns=(OLD, OLD))
    before = snapshot(root / "public")
    second = run_build(root)
    assert (second.written, second.removed, second.rendered) == (0, 0, first.rendered)
    assert snapshot(root / "public") == before  # nothing written, no time changed
    third = run_build(root)
    assert third.stages[-1][0] == "scan" and third.rendered == 0  # nothing changed: it only looked


def test_changing_one_article_rewrites_only_the_pages_that_show_it(tmp_path):
    root = site(tmp_path)
    run_build(root)
    before = snapshot(root / "public")
    source = root / "content/2024/04/timnas-menang.md"
    source.write_text(source.read_text(encoding="utf-8").replace("dua gol", "dua gol indah"), encoding="utf-8")
    summary = run_build(root)
    after = snapshot(root / "public")
    changed = {path for path in after if after[path] != before.get(path)}
    assert TIMNAS_PAGE in changed
    assert summary.written == len(changed)
    assert "css/kabar.css" not in changed
    assert "2024/03/05/banjir-rendam-tiga-kecamatan-di-bekasi/index.html" not in changed


# ---------------------------------------------------------------- stale files


def test_deleted_article_disappears_with_its_empty_tag_page(tmp_path):
    root = site(tmp_path)
    run_build(root)
    public = root / "public"
    (public / ".git").mkdir()
    (public / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (root / TIMNAS).unlink()
    others = outside_public(root)

    summary = run_build(root)

    assert not (public / TIMNAS_PAGE).exists()
    assert not (public / "2024/04/02/timnas-menang-2-0-atas-vietnam").exists()
    assert not (public / "tag/sepak-bola").exists()
    assert not (public / "kategori/olahraga").exists()
    assert summary.removed > 0
    for path in (
        "index.html",
        "2024/03/05/banjir-rendam-tiga-kecamatan-di-bekasi/index.html",
        "2024/03/05/harga-beras-naik-menjelang-ramadan/index.html",
        "2024/03/07/banjir-susulan-mengancam-bekasi-utara/index.html",
        "tag/banjir/index.html",
        "kategori/nasional/feed.xml",
    ):
        assert (public / path).is_file(), path
    assert (public / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert outside_public(root) == others


# ---------------------------------------------------------------- all or nothing


def break_front_matter(root: Path) -> None:
    (root / "content" / "rusak.md").write_text(
        '---\ntitle: "tidak ditutup\ndate: 2024-03-05\n---\nIsi.\n', encoding="utf-8"
    )


def break_template(root: Path) -> None:
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "article.html").write_text("<p>{{ nonexistent_variable }}</p>\n", encoding="utf-8")


def break_with_same_url(root: Path) -> None:
    source = root / "content/2024/03/banjir-bekasi.md"
    shutil.copyfile(source, root / "content/2024/03/salinan-banjir.md")


BREAKAGES: dict[str, Callable[[Path], None]] = {
    "front-matter": break_front_matter,
    "template": break_template,
    "same-url": break_with_same_url,
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_failed_build_leaves_public_exactly_as_it_was(tmp_path, breakage):
    root = site(tmp_path)
    run_build(root)
    before = snapshot(root / "public")
    # Content changes too, so that a half-done build would have something to write.
    (root / "content/2024/04/timnas-menang.md").unlink()
    BREAKAGES[breakage](root)
    with pytest.raises(BuildError):
        run_build(root)
    assert snapshot(root / "public") == before
    assert not any(".kabar-staging" in p.name for p in root.rglob("*"))


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_failed_first_build_leaves_no_public_folder(tmp_path, breakage):
    root = site(tmp_path)
    BREAKAGES[breakage](root)
    with pytest.raises(BuildError):
        run_build(root)
    assert not (root / "public").exists()


def test_two_articles_with_one_url_error_names_both_files(tmp_path):
    root = site(tmp_path)
    break_with_same_url(root)
    with pytest.raises(BuildError) as caught:
        run_build(root)
    message = str(caught.value)
    assert "content/2024/03/banjir-bekasi.md" in message
    assert "content/2024/03/salinan-banjir.md" in message
    assert "/2024/03/05/banjir-rendam-tiga-kecamatan-di-bekasi/" in message


def test_a_file_in_content_where_a_page_goes_is_named_with_the_page(make_site):
    root = make_site({"content/a.md": article(), "content/2024/03/05/banjir-rendam-bekasi/index.html": "lama"})
    with pytest.raises(BuildError) as caught:
        run_build(root)
    [problem] = caught.value.problems
    assert problem.path.endswith("content/2024/03/05/banjir-rendam-bekasi/index.html")
    assert problem.message == (
        "writes 2024/03/05/banjir-rendam-bekasi/index.html, which page /2024/03/05/banjir-rendam-bekasi/ writes too"
    )
    # Found as the build commits, after its pages: neither the new site nor the spare begun beside it is left.
    assert not (root / "public").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == []


# ---------------------------------------------------------------- fenced in


def test_slug_that_climbs_out_is_an_error(make_site, tmp_path):
    root = make_site({"content/a.md": article(slug="../../etc/passwd")})
    before = files(tmp_path)
    with pytest.raises(BuildError) as caught:
        run_build(root)
    assert "slug" in str(caught.value)
    assert {k: v for k, v in files(tmp_path).items() if "/.kabar-cache/" not in k} == before
    assert not (root / "public").exists()


def test_title_that_looks_like_a_path_builds_inside_public_only(make_site, tmp_path):
    root = make_site({"content/a.md": article(title="../../../x")})
    before = files(tmp_path)
    run_build(root)
    after = files(tmp_path)
    new = sorted(set(after) - set(before))
    assert new
    kabars = ("site/public/", "site/.kabar-cache/", "site/.public.kabar-spare/")
    assert all(path.startswith(kabars) for path in new), new
    assert {path: data for path, data in after.items() if path in before} == before
    for path in (root / "public").rglob("*"):
        assert path.resolve().is_relative_to((root / "public").resolve())


@pytest.mark.parametrize("where", [".", "content"])
def test_output_folder_cannot_be_the_site_or_its_content(tmp_path, where):
    root = site(tmp_path)
    run_build(root)
    (root / "public" / "stale.html").write_text("<p>lama</p>", encoding="utf-8")
    before = snapshot(root)
    with pytest.raises(BuildError):
        run_build(root, output=root / where)
    assert snapshot(root) == before


# ---------------------------------------------------------------- static files


def test_theme_static_files_are_copied_byte_for_byte_its_stylesheets_and_scripts_minified(make_site):
    import rcssmin
    import rjsmin

    root = make_site({"content/a.md": article()})
    run_build(root)
    theme = files(theme_dir() / "static")
    assert theme
    built = files(root / "public")
    minify = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}
    for path, data in theme.items():
        expected = minify[Path(path).suffix](data) if Path(path).suffix in minify else data
        assert built[path] == expected, path


def test_sites_own_static_file_replaces_the_themes(make_site):
    own_css = b"/* the site's own */\nbody { color: #123456; }\r\n"
    blob = bytes(range(256)) * 4
    root = make_site(
        {
            "content/a.md": article(),
            "static/css/kabar.css": own_css,
            "static/js/peta.bin": blob,
        }
    )
    run_build(root)
    public = root / "public"
    assert (public / "css" / "kabar.css").read_bytes() == own_css
    assert (public / "js" / "peta.bin").read_bytes() == blob
    # The theme's other files still come along.
    assert (public / "favicon.svg").read_bytes() == (theme_dir() / "static" / "favicon.svg").read_bytes()


def test_content_images_are_copied_to_the_site(tmp_path):
    root = site(tmp_path)
    run_build(root)
    image = root / "content" / "images" / "banjir.png"
    assert (root / "public" / "images" / "banjir.png").read_bytes() == image.read_bytes()


@pytest.mark.parametrize(
    "folders",
    [
        ["gambar/a1", "gambar/b2", "gambar/c3"],  # one top folder, as 10,000 photos' variants have
        ["gambar/a1", "galeri/b2", "x"],  # several, and one at the top
    ],
)
def test_a_file_claimed_inside_any_folder_claimed_whole_is_a_problem(folders):
    claims = Claims()
    claims.claim("gambar/lain.jpg", "static/gambar/lain.jpg")  # beside them: no problem
    claims.claim_all(folders, [f"image {folder}" for folder in folders], folders=True)
    for folder in folders:
        claims.claim(f"{folder}/480.webp", f"static/{folder}/480.webp")
    assert [problem.message for problem in claims.problems] == [
        f"writes {folder}/480.webp, which image {folder} writes too" for folder in folders
    ]
