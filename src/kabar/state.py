"""What the last build knew of its inputs and outputs, kept (in kabar.cache's store) so the next one redoes only
what changed: what the inputs looked like, each page's fingerprint, what was written.

A state may come from elsewhere (see kabar.cache): one that names a path outside the output folder is not used.
"""

from __future__ import annotations

import array
import contextlib
import dataclasses
import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR
from typing import Annotated

import msgspec

from .cache.store import CACHE_DIR, OpenFile, encode, identity, read_stamped, rename_over, save
from .errors import Problem
from .fingerprint import Stat, StatTable, digest
from .publish.paths import all_inside, joined_inside
from .publish.swap import Spare, Swapped

Aware = Annotated[dt.datetime, msgspec.Meta(tz=True)]  # a naive time in the cache would fail comparisons: refused


@dataclass(slots=True)
class BuildState:
    inputs: dict[str, Stat] = field(default_factory=dict)  # every file the build read
    options: str = ""  # the options that shape the output
    next_due: Aware | None = None  # when the first scheduled article goes live
    pages: Mapping[str, bytes] = field(default_factory=dict)  # output path -> fingerprint of what made it
    unlisted: tuple[str, ...] = ()  # paths of PAGES that are no file of the manifest (the images' folder's mark)
    manifest: Mapping[str, Stat] = field(default_factory=dict)  # output file -> its stat as written
    folders: Mapping[str, Stat] = field(default_factory=dict)  # output folder (publish.paths.folder_key) -> its stat
    summary: dict[str, int | list[Problem]] = field(default_factory=dict)  # counts and warnings to repeat
    checks: dict[str, tuple[bytes, list[Problem]]] = field(default_factory=dict)  # article URL -> its link warnings
    now: Aware | None = None  # the reference time it was built for
    spare: Spare | None = None  # what the spare folder beside the output holds
    foreign: tuple[str, ...] = ()  # files in the output folder that kabar did not write
    folder_id: int | None = None  # the output folder's inode once this build's site was swapped in
    # The manifest as the state file keeps it (see to_table), until asked for (see manifest_of): a build that finds
    # nothing changed needs only its parts, in the children that stat them (at 100,000 articles, 290,000 paths).
    manifest_table: tuple[str, bytes] | None = None
    inputs_table: tuple[str, bytes] | None = None  # the same for the inputs, instead of them or as well
    copied: bytes = b""  # the scan's hash of the files copied to the site (see scan.Found), as this build found them
    copied_inputs: int = 0  # how many of the inputs, the first, are files copied to the site (see scan.Inputs)
    input_folders: tuple[str, bytes] = ("", b"")  # the folders the scan listed, as they were (see scan.Inputs)
    theme: bytes = b""  # what every page depended on (see LastBuild.depend_on_theme); b"": not known
    hashed: tuple[str, ...] = ()  # the files it made that are named by their content (LastBuild.named_by_content)


def with_output(state: BuildState, swapped: Swapped) -> BuildState:
    """STATE, with what the output folder holds after the swap."""
    return dataclasses.replace(
        state,
        manifest=swapped.manifest,
        folders=swapped.folders,
        spare=swapped.spare,
        foreign=swapped.foreign,
        folder_id=swapped.folder_id,
    )


def manifest_of(state: BuildState) -> Mapping[str, Stat]:
    """STATE's manifest, made from its table the first time it is asked for (a StatTable: see fingerprint.py)."""
    if state.manifest_table is not None:  # whole: looked at as the head was read (see load_state_head)
        state.manifest, state.manifest_table = StatTable(*state.manifest_table), None
    return state.manifest


def manifest_size(state: BuildState) -> int:
    """How many files STATE's manifest names, without making it."""
    table = state.manifest_table
    return len(state.manifest) if table is None else table_size(table)


def damaged_in_table(folder: Path, table: tuple[str, bytes], part: int, parts: int) -> set[str]:
    """damaged_outputs() for the PART-th of PARTS of the manifest TABLE (see to_table), in a child: the paths and
    stats it makes are its own, and the parent's pages stay shared. Read from the columns as they are (a dictionary
    of half of 187,000 stats, at 100,000 articles, took 0.06 s to make)."""
    count = table_size(table)
    start, end = count * part // parts, count * (part + 1) // parts
    numbers = array.array("q")
    numbers.frombytes(table[1][start * _STAT_BYTES : end * _STAT_BYTES])
    pairs = iter(numbers)
    return _damaged(folder, zip(split_names(table[0])[start:end], pairs, pairs, strict=True))


def damaged_outputs(folder: Path, *manifests: Mapping[str, Stat]) -> set[str]:
    """The files (and folders) of MANIFESTS, under FOLDER, that are gone or changed since. An entry that is a
    folder made whole (an image's variants) is stat'ed as a folder: a file added to it or removed changes its
    mtime. Not its size, which is not the same in the copy the spare holds (a folder of 1,000 files: 57,344 bytes
    where it was written, 69,632 where it was linked, on ext4)."""
    return set().union(*(_damaged(folder, ((p, *stat) for p, stat in m.items())) for m in manifests))


def _damaged(folder: Path, entries: Iterable[tuple[str, int, int]]) -> set[str]:
    """Of ENTRIES (path, mtime, size), those under FOLDER that are gone or changed (see damaged_outputs)."""
    damaged = set()
    base = os.path.join(os.fspath(folder), "")  # strings: a Path per file costs more than its stat()
    for path, mtime, size in entries:
        try:
            info = os.stat(base + path)
        except OSError:
            damaged.add(path)
            continue
        if info.st_mtime_ns != mtime or (info.st_size != size and not S_ISDIR(info.st_mode)):
            damaged.add(path)
    return damaged


def output_key(output: Path, root: Path) -> str:
    """Names what the cache of the site at ROOT keeps for one output folder: `kabar build` and `kabar serve` each
    have their own. By its path within the site when it is in it (public/): a site checked out or moved elsewhere
    keeps what it knew (a CI runner's folder may change from one run to the next: by its whole path, a site of
    10,000 articles copied to another folder rendered every page and indexed every story again, 14.5 s).

    What the output folder holds is one fact, whatever the options of the build that wrote it.
    """
    return digest(within_site(output, root)).hex()[:12]


def _whole_path_key(output: Path) -> str:
    """What output_key was before it named a folder within the site by that: a digest of its whole path. A state
    so named is the same folder's, left behind by an older kabar (58 MB at 100,000 articles): removed once the
    state under the new name is settled."""
    return digest(str(output.resolve())).hex()[:12]


def within_site(path: Path, root: Path) -> str:
    """PATH by where it is within the site at ROOT ("public"), or by its whole path if it is not in it."""
    where = path.resolve()
    with contextlib.suppress(ValueError):
        where = where.relative_to(root.resolve())
    return where.as_posix()


@dataclass(slots=True)
class _Head:
    """What tells whether anything changed: every build reads it, even one that finds nothing did. Its tables of
    stats are kept in columns (see to_table): as dictionaries, they took 1 s to read at 100,000 articles."""

    inputs: tuple[str, bytes]
    options: str
    next_due: Aware | None
    manifest: tuple[str, bytes]
    summary: dict[str, int | list[Problem]]
    now: Aware | None
    foreign: tuple[str, ...]
    folder_id: int | None
    copied_inputs: int = 0
    input_folders: tuple[str, bytes] = ("", b"")


@dataclass(slots=True)
class _Tail:
    """The rest, read by a build that makes something (after the head, in the same file). What repeats the
    manifest's 290,000 paths (at 100,000 articles) is kept by how it differs from it: half the state's bytes."""

    pages: tuple[list[bytes], dict[str, bytes]]  # each manifest path's fingerprint, in order (b"": none); others'
    folders: tuple[str, bytes]
    checks: tuple[str, list[bytes], dict[int, list[Problem]]]  # each article's key, and the warnings there are
    spare: Spare | None  # without the paths it holds besides the manifest's and lacks of it, and its folders
    spare_paths: tuple[list[str], list[str]]  # those paths: Spare.more, Spare.fewer
    copied: bytes
    # As a table (see StatTable): a map of 190,000 took 0.13 s to read. Its paths "" when they are the folders' (as
    # they are but after a build that made or removed a folder): at 100,000 articles, 9 MB not written and read.
    spare_folders: tuple[str, bytes] = ("", b"")
    theme: bytes = b""
    hashed: tuple[str, ...] = ()


def _head(state: BuildState) -> _Head:
    return _Head(
        state.inputs_table if state.inputs_table is not None else to_table(state.inputs),
        state.options,
        state.next_due,
        StatTable.of(state.manifest).table,
        state.summary,
        state.now,
        state.foreign,
        state.folder_id,
        state.copied_inputs,
        state.input_folders,
    )


def _tail(state: BuildState) -> _Tail:
    checks, manifest, spare = state.checks, state.manifest, state.spare
    warned = {n: problems for n, (_, problems) in enumerate(checks.values()) if problems}
    marks = state.pages
    in_order = list(map(marks.get, manifest, itertools.repeat(b"")))  # a call in C for each of 290,000 paths
    # Those of paths not in the manifest (the images' folder's): as many as the count says, those the build noted,
    # which are named as folders, as no file is (at 10,000 photos, 0.004 s less than a set of every path less the
    # manifest's); else looked for.
    count = len(marks) - (len(manifest) - in_order.count(b""))
    others = {path: marks[path] for path in state.unlisted if path.endswith("/") and path in marks} if count else {}
    if len(others) != count:
        others = {path: marks[path] for path in marks.keys() - iter(manifest)}  # its paths, not a dictionary of them
    folders = StatTable.of(state.folders).table  # as read, when its folders were the last build's
    spare_paths: tuple[list[str], list[str]] = ([], [])
    spare_folders = ("", b"")
    if spare is not None:
        spare_paths = (sorted(spare.more), sorted(spare.fewer))
        spare_folders = StatTable.of(spare.folders).table
        if spare_folders[0] == folders[0] and spare_folders[1]:  # the same paths: not kept twice
            spare_folders = ("", spare_folders[1])
        spare = dataclasses.replace(spare, more=frozenset(), fewer=frozenset(), folders={})
    checked = (_names(checks), [key for key, _ in checks.values()], warned)
    return _Tail(
        (in_order, others), folders, checked, spare, spare_paths, state.copied, spare_folders, state.theme, state.hashed
    )


def _from_head(head: _Head) -> BuildState:
    return BuildState(
        inputs_table=head.inputs,
        options=head.options,
        next_due=head.next_due,
        manifest_table=head.manifest,
        summary=head.summary,
        now=head.now,
        foreign=head.foreign,
        folder_id=head.folder_id,
        copied_inputs=head.copied_inputs,
        input_folders=head.input_folders,
    )


def _with_tail(state: BuildState, tail: _Tail) -> None:
    manifest_of(state)  # not the inputs: their table is compared as it is (see LastBuild._same_inputs)
    names, keys, warned = tail.checks
    urls = split_names(names)
    # Most articles have no warnings: they share one empty tuple, made in C (a list each took 0.15 s at 100,000).
    state.checks = dict(zip(urls, zip(keys, itertools.repeat(()), strict=False), strict=True))
    state.checks.update((urls[n], (keys[n], problems)) for n, problems in warned.items())
    marks, others = tail.pages
    state.pages = PageMarks(state.manifest, marks, others)
    state.folders = _whole_table(tail.folders)
    state.copied, state.theme, state.hashed = tail.copied, tail.theme, tail.hashed
    state.spare = tail.spare
    if tail.spare is not None:
        more, fewer = tail.spare_paths
        names, packed = tail.spare_folders
        spare_folders = _whole_table((names or (tail.folders[0] if packed else ""), packed))
        state.spare = dataclasses.replace(
            tail.spare, more=frozenset(more), fewer=frozenset(fewer), folders=spare_folders
        )


class PageMarks(Mapping[str, bytes]):
    """The fingerprints a state keeps, as it keeps them: one per file of its manifest, in its order (b"": none), and
    those of paths not in it (the images' folder's). Looked up through the manifest's index, which a build makes
    anyway: a dictionary of them took an edit 0.065 s to make at 100,000 articles."""

    def __init__(self, manifest: Mapping[str, Stat], marks: list[bytes], others: dict[str, bytes]) -> None:
        if len(marks) != len(manifest):
            raise ValueError("a fingerprint for each file of the manifest")
        self._manifest, self._marks, self._others = StatTable.of(manifest), marks, others
        self._or_none = [*marks, None]  # what marks_of gives for a file not in the manifest

    def marks_of(self, paths: list[str]) -> list[bytes | None]:
        """The fingerprint of each of PATHS in the manifest, in C (186,000 pages): b"" where it has none, None where
        PATHS has a file the manifest does not."""
        found = map(self._manifest.index.get, paths, itertools.repeat(len(self._marks)))
        return list(map(self._or_none.__getitem__, found))

    def __getitem__(self, path: str) -> bytes:
        place = self._manifest.index.get(path)
        mark = self._marks[place] if place is not None else self._others.get(path)
        if not mark:
            raise KeyError(path)
        return mark

    def __iter__(self) -> Iterator[str]:
        return itertools.chain(itertools.compress(self._manifest, self._marks), self._others)

    def __len__(self) -> int:
        return len(self._marks) - self._marks.count(b"") + len(self._others)


def _whole_table(table: tuple[str, bytes]) -> StatTable:
    """TABLE as read, if whole (else the state cannot be used: see load_state_head)."""
    stats = StatTable(*table)
    if not stats.whole():
        raise ValueError("a table of stats cut short")
    return stats


def _names(table: dict[str, object]) -> str:
    return "\0".join(table)  # no path holds a NUL


def split_names(names: str) -> list[str]:
    return names.split("\0") if names else []


def to_table(stats: Mapping[str, Stat]) -> tuple[str, bytes]:
    """STATS as the paths, NUL-separated, and their mtimes and sizes as 64-bit integers (see StatTable)."""
    return StatTable.of(stats).table


_STAT_BYTES = 16  # in a table: an mtime and a size, two 64-bit integers


def table_size(table: tuple[str, bytes]) -> int:
    """How many stats TABLE holds."""
    return len(table[1]) // _STAT_BYTES


def from_table(table: tuple[str, bytes]) -> dict[str, Stat]:
    return dict(StatTable(*table).items())


def save_state(root: Path, key: str, state: BuildState, pending: bool = False) -> None:
    """Keep STATE for the next build; a PENDING one waits for settle_state."""
    _saved.clear()
    if pending:
        _saved["pending"] = (str(root), key, state)
    # A pending state's name holds the inode of the folder it describes: settling it reads no file.
    try:
        save(
            root, f"pending-{key}-{state.folder_id}" if pending else f"state-{key}", _head(state), encode(_tail(state))
        )
    except UnicodeEncodeError:  # a file name that is not UTF-8, which MessagePack cannot hold: the next build is cold
        (root / CACHE_DIR / f"state-{key}").unlink(missing_ok=True)


def settle_state(root: Path, key: str, output: Path) -> None:
    """Make the pending state the state if its site was swapped into OUTPUT, else drop it.

    A build saves its state as pending just before it swaps its site in: killed in between, the output
    folder is still the old one (another inode) and the state of the build before holds.
    """
    try:
        swapped_in = f"pending-{key}-{os.stat(output).st_ino}"
    except OSError:
        swapped_in = None
    for pending in (root / CACHE_DIR).glob(f"pending-{key}-*"):
        if pending.name == swapped_in:
            target = root / CACHE_DIR / f"state-{key}"
            rename_over(pending, target)
            if (by_path := _whole_path_key(output)) != key:  # the same folder's state, as kabar named it before
                (root / CACHE_DIR / f"state-{by_path}").unlink(missing_ok=True)
            saved = _saved.pop("pending", None)
            if saved is not None and saved[:2] == (str(root), key):
                _saved["settled"] = (str(root), key, identity(os.stat(target)), saved[2])
        else:
            pending.unlink()


# The state this process saved last, while it is what the state file holds: kabar serve's next build takes it
# from here, not from the file (reading and decoding it took 0.1-0.17 s at 10,000 articles). The builds of a
# state only read it.
_saved: dict[str, tuple] = {}


def load_state(root: Path, key: str) -> BuildState | None:
    """The state the last build saved, whole; None if there is none that can be used."""
    head = load_state_head(root, key)
    return head[1]() if head is not None else None


def load_state_head(root: Path, key: str) -> tuple[BuildState, Callable[[], BuildState | None]] | None:
    """The head of the state the last build saved (see _Head), and what reads the rest into it, or gives None
    if that cannot be used; None if there is no state that can be used."""
    try:
        file = OpenFile(root / CACHE_DIR / f"state-{key}")
        settled = _saved.get("settled")
        if settled is not None and settled[:2] == (str(root), key) and settled[2] == file.identity():
            return settled[3], lambda: settled[3]  # this process saved it (kabar serve, a build ago)
        head, end = read_stamped(file, _Head)
        state = _from_head(head)
    except Exception:  # missing, another version's, not a state kabar wrote: a cache that cannot be read is not used
        return None
    if not all_inside(state.foreign):  # see whole()
        return None
    if not (StatTable(*head.manifest).whole() and StatTable(*head.inputs).whole()):  # cut short: a stat each
        return None

    def whole() -> BuildState | None:
        # A build removes and moves the files the state names: one naming a file elsewhere is not this machine's.
        # Looked at only now: a build that finds nothing changed moves nothing, and only stats the files the
        # manifest names (looking at its 187,000 paths, at 100,000 articles, took 0.05 s).
        if not joined_inside(head.manifest[0], manifest_size(state)):
            return None
        try:  # read only now, from the file as it was opened: a build that finds nothing changed needs none of it
            _with_tail(state, _TAIL.decode(file.read(file.size - end, end)))
        except Exception:  # as above
            return None
        if state.spare is not None and not all_inside(state.spare.more):  # see above
            return None
        return state

    return state, whole


_TAIL = msgspec.msgpack.Decoder(_Tail)
