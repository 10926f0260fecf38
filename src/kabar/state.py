"""What the last build knew of its inputs and outputs, kept (in kabar.cache's store) so the next one redoes only
what changed: what the inputs looked like, each page's fingerprint, what was written.

A state may come from elsewhere (see kabar.cache): one that names a path outside the output folder is not used.
"""

from __future__ import annotations

import array
import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import msgspec

from .cache.store import CACHE_DIR, load, rename_over, save
from .errors import Problem
from .fingerprint import Stat, digest, stat_of
from .publish.paths import all_inside
from .publish.swap import Spare, Swapped

Aware = Annotated[dt.datetime, msgspec.Meta(tz=True)]  # a naive time in the cache would fail comparisons: refused


@dataclass(slots=True)
class BuildState:
    inputs: dict[str, Stat] = field(default_factory=dict)  # every file the build read
    options: str = ""  # the options that shape the output
    next_due: Aware | None = None  # when the first scheduled article goes live
    pages: dict[str, bytes] = field(default_factory=dict)  # output path -> fingerprint of what made it
    manifest: dict[str, Stat] = field(default_factory=dict)  # output file -> its stat as written
    folders: dict[str, Stat] = field(default_factory=dict)  # output folder (kabar.publish.paths.folder_key) -> its stat
    summary: dict[str, int | list[Problem]] = field(default_factory=dict)  # counts and warnings to repeat
    checks: dict[str, tuple[bytes, list[Problem]]] = field(default_factory=dict)  # article URL -> its link warnings
    now: Aware | None = None  # the reference time it was built for
    spare: Spare | None = None  # what the spare folder beside the output holds
    foreign: tuple[str, ...] = ()  # files in the output folder that kabar did not write
    folder_id: int | None = None  # the output folder's inode once this build's site was swapped in


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


def damaged_outputs(folder: Path, *manifests: dict[str, Stat]) -> set[str]:
    """The files (and folders) of MANIFESTS, under FOLDER, that are gone or changed since."""
    damaged = set()
    base = os.path.join(os.fspath(folder), "")  # strings: a Path per file costs more than its stat()
    for manifest in manifests:
        for path, stat in manifest.items():
            try:
                info = os.stat(base + path)
            except OSError:
                damaged.add(path)
                continue
            if stat_of(info) != stat:
                damaged.add(path)
    return damaged


def output_key(output: Path) -> str:
    """Names what the cache keeps for one output folder: `kabar build` and `kabar serve` each have their own.

    What the output folder holds is one fact, whatever the options of the build that wrote it.
    """
    return digest(str(output.resolve())).hex()[:12]


@dataclass(slots=True)
class _Stored:
    """A BuildState as kept: its tables of stats in columns (see _table), which every build reads, even one that
    finds nothing changed. As dictionaries they took 1 s to read at 100,000 articles; as columns, 0.4 s."""

    inputs: tuple[str, bytes]
    options: str
    next_due: Aware | None
    pages: tuple[str, list[bytes]]
    manifest: tuple[str, bytes]
    folders: tuple[str, bytes]
    summary: dict[str, int | list[Problem]]
    checks: tuple[str, list[bytes], dict[int, list[Problem]]]  # each article's key, and the warnings there are
    now: Aware | None
    spare: Spare | None
    foreign: tuple[str, ...]
    folder_id: int | None


def _stored(state: BuildState) -> _Stored:
    checks = state.checks
    warned = {n: problems for n, (_, problems) in enumerate(checks.values()) if problems}
    return _Stored(
        _table(state.inputs),
        state.options,
        state.next_due,
        (_names(state.pages), list(state.pages.values())),
        _table(state.manifest),
        _table(state.folders),
        state.summary,
        (_names(checks), [key for key, _ in checks.values()], warned),
        state.now,
        state.spare,
        state.foreign,
        state.folder_id,
    )


def _unstored(stored: _Stored) -> BuildState:
    names, keys, warned = stored.checks
    checks = {url: (key, warned.get(n, [])) for n, (url, key) in enumerate(zip(_split(names), keys, strict=True))}
    return BuildState(
        _untable(stored.inputs),
        stored.options,
        stored.next_due,
        dict(zip(_split(stored.pages[0]), stored.pages[1], strict=True)),
        _untable(stored.manifest),
        _untable(stored.folders),
        stored.summary,
        checks,
        stored.now,
        stored.spare,
        stored.foreign,
        stored.folder_id,
    )


def _names(table: dict[str, object]) -> str:
    return "\0".join(table)  # no path holds a NUL


def _split(names: str) -> list[str]:
    return names.split("\0") if names else []


def _table(stats: dict[str, Stat]) -> tuple[str, bytes]:
    """STATS as the paths, NUL-separated, and their mtimes and sizes as 64-bit integers."""
    return _names(stats), array.array("q", [n for stat in stats.values() for n in stat]).tobytes()


def _untable(table: tuple[str, bytes]) -> dict[str, Stat]:
    names, packed = table
    numbers = array.array("q")
    numbers.frombytes(packed)
    pairs = iter(numbers)
    return dict(zip(_split(names), zip(pairs, pairs, strict=True), strict=True))


def save_state(root: Path, key: str, state: BuildState, pending: bool = False) -> None:
    """Keep STATE for the next build; a PENDING one waits for settle_state."""
    spare = state.spare
    if spare is not None and spare.paths == state.manifest.keys():  # as usual: the same 20,000 paths, kept once
        state = dataclasses.replace(state, spare=dataclasses.replace(spare, paths=None))
    # A pending state's name holds the inode of the folder it describes: settling it reads no file.
    try:
        save(root, f"pending-{key}-{state.folder_id}" if pending else f"state-{key}", _stored(state))
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
            rename_over(pending, root / CACHE_DIR / f"state-{key}")
        else:
            pending.unlink()


def load_state(root: Path, key: str) -> BuildState | None:
    stored = load(root, f"state-{key}", _Stored)
    if stored is None:
        return None
    try:
        state = _unstored(stored)
    except ValueError:  # columns of different lengths, an odd number of integers: not a state kabar wrote
        return None
    if state.spare is not None and state.spare.paths is None:  # see save_state
        state.spare = dataclasses.replace(state.spare, paths=frozenset(state.manifest))
    # A build removes and moves the files the state names: one naming a file elsewhere is not this machine's.
    if not all_inside(state.manifest) or not all_inside(state.foreign):
        return None
    if state.spare is not None and not all_inside(state.spare.paths):
        return None
    return state
