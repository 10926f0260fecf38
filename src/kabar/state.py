"""What the last build knew of its inputs and outputs, kept (in kabar.cache's store) so the next one redoes only
what changed: what the inputs looked like, each page's fingerprint, what was written.

A state may come from elsewhere (see kabar.cache): one that names a path outside the output folder is not used.
"""

from __future__ import annotations

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


def save_state(root: Path, key: str, state: BuildState, pending: bool = False) -> None:
    """Keep STATE for the next build; a PENDING one waits for settle_state."""
    spare = state.spare
    if spare is not None and spare.paths == state.manifest.keys():  # as usual: the same 20,000 paths, kept once
        state = dataclasses.replace(state, spare=dataclasses.replace(spare, paths=None))
    # A pending state's name holds the inode of the folder it describes: settling it reads no file.
    try:
        save(root, f"pending-{key}-{state.folder_id}" if pending else f"state-{key}", state)
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
    state = load(root, f"state-{key}", BuildState)
    if state is None:
        return None
    if state.spare is not None and state.spare.paths is None:  # see save_state
        state.spare = dataclasses.replace(state.spare, paths=frozenset(state.manifest))
    # A build removes and moves the files the state names: one naming a file elsewhere is not this machine's.
    if not all_inside(state.manifest) or not all_inside(state.foreign):
        return None
    if state.spare is not None and not all_inside(state.spare.paths):
        return None
    return state
