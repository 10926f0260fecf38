"""Nothing kabar reads back from .kabar-cache/ can run code, whatever its bytes (a CI cache may be written by others).

Each test writes a crafted pickle, which would make a marker folder when unpickled, over every file kabar
reads back, in each layout a reader of today's or yesterday's kabar would take; then builds. The marker must
never appear, and the build must give what a clean build gives.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from pathlib import Path

import jinja2.bccache
import msgspec
import pytest
from PIL import Image

import kabar.state
from kabar import image_sources
from kabar.cache import store
from kabar.cache.articles import load_cached, save_cached
from kabar.cache.store import CACHE_DIR
from kabar.fingerprint import StatTable
from kabar.models import ARTICLE_FIELDS, Article, article_from_fields
from kabar.publish.paths import all_inside
from kabar.state import load_state, output_key, save_state

from .conftest import SITES, article, run_build, write_files
from .test_incremental import tree


class _MakesMarker:
    """Unpickled, it makes the folder MARKER: the stand-in for any code an attacker would run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def _payloads(marker: Path) -> dict[str, bytes]:
    crafted = pickle.dumps(_MakesMarker(marker), protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "bare": crafted,  # a whole file read with pickle (the journal of files being moved)
        "stamped": len(crafted).to_bytes(8, "little") + crafted,  # the state and article shards: size, then pickle
        "compiled template": jinja2.bccache.bc_magic + crafted,  # Jinja's bytecode cache: magic, pickled checksum
    }


def _cache_files(root: Path) -> list[Path]:
    """Every file kabar reads back from its cache folder (not the preview's output: that is served, not read)."""
    cache = root / CACHE_DIR
    files = [p for p in cache.iterdir() if p.is_file() and not p.name.startswith(("lock-", "."))]
    return files + sorted((cache / "templates").glob("*"))


def _craft(root: Path, output: Path, payload: bytes) -> None:
    for path in _cache_files(root):
        path.write_bytes(payload)
    (root / CACHE_DIR / f"moving-{output_key(output, root)}").write_bytes(payload)  # as a build killed mid-move leaves


@pytest.mark.parametrize("layout", ["bare", "stamped", "compiled template"])
@pytest.mark.parametrize("preview", [False, True], ids=["build", "serve"])
def test_a_crafted_cache_runs_no_code_and_is_treated_as_absent(layout, preview, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    # kabar serve builds drafts and scheduled articles into .kabar-cache/serve/, with a state of its own
    output = root / CACHE_DIR / "serve" if preview else root / "public"
    options = {"output": output, "drafts": True, "future": True} if preview else {}
    run_build(root, **options)
    assert len(_cache_files(root)) > 17  # the state, 16 article shards, compiled templates
    marker = tmp_path / "marker"
    _craft(root, output, _payloads(marker)[layout])

    run_build(root, **options)

    assert not marker.exists()
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("public", ".public.*", CACHE_DIR))
    run_build(fresh, **({**options, "output": fresh / CACHE_DIR / "serve"} if preview else {}))
    fresh_output = fresh / CACHE_DIR / "serve" if preview else fresh / "public"
    assert tree(output) == tree(fresh_output)


@pytest.mark.parametrize("named_in", ["foreign", "manifest", "spare"])
def test_a_state_naming_files_outside_the_output_folder_is_not_used(named_in, tmp_path):
    """A well-formed state from elsewhere cannot make a build move or remove a file outside its output folder."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    run_build(root)
    victim = write_files(root, {"victim.txt": "milik orang lain\n"}) / "victim.txt"
    key = output_key(root / "public", root)
    state = load_state(root, key)
    if named_in == "foreign":  # --clean removes the files the state says others left in the output folder
        save_state(root, key, dataclasses.replace(state, foreign=("../victim.txt",), summary={}))
    else:  # a build removes from the spare folder the files the last one wrote that it does not make
        if named_in == "manifest":
            stat = os.stat(victim)  # the spare holds the manifest's files, but for those it says it lacks
            manifest = {**state.manifest, "../victim.txt": (stat.st_mtime_ns, stat.st_size)}
            state = dataclasses.replace(state, manifest=manifest)
        else:  # one of the files the spare holds besides the manifest's
            state = dataclasses.replace(state, spare=dataclasses.replace(state.spare, more={"../victim.txt"}))
        save_state(root, key, state)
        kabar.state._saved.clear()  # read from the file, as a new process does
        run_build(root)  # nothing changed: the files the manifest names are only looked at
        (root / "content/2024/03/banjir-bekasi.md").touch()

    run_build(root, clean=named_in == "foreign")

    assert victim.read_text() == "milik orang lain\n"


@pytest.mark.parametrize("cut", ["folders", "the spare's folders", "manifest"])
def test_a_state_whose_table_of_stats_is_cut_short_is_not_used_and_the_site_is_made_whole(cut, tmp_path):
    """The stats a state keeps are tables, a path and a stat each (see fingerprint.StatTable): one with a stat too
    few, as a file cut short or crafted may hold, makes the state unusable, as if absent (the last build's files are
    then kept as someone else's), not a build that fails."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    run_build(root)
    key = output_key(root / "public", root)
    state = load_state(root, key)
    table = StatTable.of({"manifest": state.manifest, "folders": state.folders}.get(cut, state.spare.folders))
    short = StatTable(table.names, table.packed[:-16])
    if cut == "the spare's folders":
        state = dataclasses.replace(state, spare=dataclasses.replace(state.spare, folders=short))
    else:
        state = dataclasses.replace(state, **{cut: short})
    save_state(root, key, state)
    kabar.state._saved.clear()  # read from the file, as a new process does
    assert load_state(root, key) is None
    run_build(root)
    edited = root / "content/2024/03/banjir-bekasi.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAir mulai surut.\n", encoding="utf-8")
    kabar.state._saved.clear()
    run_build(root)
    page = root / "public/2024/03/05/banjir-rendam-tiga-kecamatan-di-bekasi/index.html"
    assert "Air mulai surut." in page.read_text(encoding="utf-8")
    kabar.state._saved.clear()
    assert [stage for stage, _, _ in run_build(root).stages] == ["scan"]


@pytest.mark.parametrize("crafted", ["a folder the site does not have", "a key that climbs out", "no pixels wide"])
def test_an_image_cache_naming_a_folder_the_site_lacks_or_a_folder_outside_it_is_not_used(crafted, tmp_path):
    """A well-formed cache of image headers, as a shared archive of a site may hold: it could make a build write
    variants wherever their key led, take a picture for one of a folder the site does not have, or fail a build
    that plans a picture of no pixels. (It names no file: which of the site's folders holds one, by number, so it
    cannot make a build read a file elsewhere.)"""
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    run_build(root)
    columns = store.load(root, image_sources.NAME, image_sources._Columns)
    assert columns.urls == "/images/banjir.png"  # one picture
    if crafted == "a folder the site does not have":  # a key of its own, which pages would show if it were used
        crafted_columns = msgspec.structs.replace(columns, folders=bytes([99]), keys="0123456789abcdef")
    elif crafted == "no pixels wide":  # its variants' heights are a ratio of its width
        crafted_columns = msgspec.structs.replace(columns, sizes=bytes(16))
    else:
        crafted_columns = msgspec.structs.replace(columns, keys="../" * 30 + str(tmp_path / "keluar").lstrip("/"))
    store.save(root, image_sources.NAME, crafted_columns)
    edited = root / "content/2024/03/banjir-bekasi.md"  # its page is made again, and so its picture planned
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAir mulai surut.\n", encoding="utf-8")

    run_build(root)

    assert not (tmp_path / "keluar").exists()
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("public", ".public.*", CACHE_DIR))
    run_build(fresh)
    assert tree(root / "public") == tree(fresh / "public")


def test_front_matter_and_file_names_messagepack_cannot_hold_are_parsed_again_not_a_crash(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    write_files(root, {"content/2024/besar.md": article(title="Angka Besar", nomor=str(2**70))})
    (root / os.fsdecode(b"content/2024/gambar-\xff.txt")).write_text("bukan UTF-8\n")
    run_build(root)
    first = tree(root / "public")
    (root / "content/2024/besar.md").touch()
    run_build(root)
    assert tree(root / "public") == first


@pytest.mark.parametrize(
    ("paths", "inside"),
    [
        (["a", "b/c.html"], True),
        (["a..b", "b/c..", "..a"], True),
        (["/a"], False),
        (["a", "/b"], False),
        ([""], False),
        (["a", ""], False),
        (["a/../b"], False),
        ([".."], False),
        (["a", "b/.."], False),
        (["a\0b"], False),
        ([], True),
    ],
)
def test_a_state_names_only_paths_below_the_output_folder(paths, inside):
    """What a state read from .kabar-cache/ may name: nothing absolute, empty, going up or holding a NUL byte."""
    assert all_inside(paths) is inside


def test_an_article_cache_whose_images_measured_are_not_such_measures_them_again(tmp_path):
    """What an article's images measured is read from the cache only when a file copied to the site changed (see
    CachedArticle.measured): bytes of another shape there are not a crash, nor taken as "nothing to measure"
    (which would keep the picture's old size): the article is parsed and measured again, as in a clean build."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    run_build(root)
    cached = load_cached(root)
    assert any(entry.measured for entry in cached.entries.values())  # banjir-bekasi.md's picture
    crafted = msgspec.msgpack.encode({"bukan": "ukuran"})  # MessagePack, but not of what was measured
    entries = {shown: entry._replace(images=crafted) for shown, entry in cached.entries.items()}
    save_cached(root, cached.settings, entries, copied=cached.copied)
    Image.new("RGB", (64, 48), "navy").save(root / "content/images/banjir.png")  # another size

    run_build(root)

    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("public", ".public.*", CACHE_DIR))
    run_build(fresh)
    assert tree(root / "public") == tree(fresh / "public")


def test_an_image_cache_giving_a_picture_to_an_image_not_on_the_site_is_not_used(tmp_path):
    """The cache of image headers is used as it is while the articles show the URLs it was made for (see
    Known.same_urls): one crafted to give a remote image, which a story shows, a local picture's variants would
    put them on that story. It is not used: the story shows its image as it is, as in a clean build."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    remote = "https://contoh.example/foto.jpg"
    write_files(root, {"content/2024/jauh.md": article(title="Foto Dari Jauh", image=remote, image_alt="Sawah")})
    run_build(root)
    columns = store.load(root, image_sources.NAME, image_sources._Columns)
    assert columns.urls == "/images/banjir.png"
    doubled = msgspec.structs.replace(
        columns,
        urls=f"{columns.urls}\0{remote}",
        folders=columns.folders * 2,
        stats=columns.stats * 2,
        keys=f"{columns.keys}\0{columns.keys}",
        digests=f"{columns.digests}\0{columns.digests}",
        formats=f"{columns.formats}\0{columns.formats}",
        sizes=columns.sizes * 2,
        alphas=columns.alphas * 2,
    )
    store.save(root, image_sources.NAME, doubled)
    edited = root / "content/2024/jauh.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nPanen raya.\n", encoding="utf-8")

    run_build(root)

    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("public", ".public.*", CACHE_DIR))
    run_build(fresh)
    assert tree(root / "public") == tree(fresh / "public")


def test_an_article_made_of_its_fields_values_is_the_same_article(tmp_path):
    """The article cache keeps each Article's values and makes it again of them (models.article_from_fields): every
    field, those made from the others included, as it was; values for another version's fields are no Article."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    run_build(root)
    articles = [entry.article for entry in load_cached(root).entries.values()]
    for made in articles:
        values = [getattr(made, name) for name in ARTICLE_FIELDS]
        again = article_from_fields(values)
        assert type(again) is Article and again == made and again.key == made.key
        assert [getattr(again, name) for name in ARTICLE_FIELDS] == values
        with pytest.raises(ValueError):
            article_from_fields(values[:-1])
        with pytest.raises(ValueError):
            article_from_fields([*values, None])
