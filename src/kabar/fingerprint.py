"""What a build notes about its inputs and outputs to tell later whether they changed: hashes and stats.

Every stage and the caches import these from here; nothing here imports the rest of kabar.
"""

from __future__ import annotations

import array
import hashlib
import os
import struct
from collections.abc import Collection, ItemsView, Iterable, Iterator, KeysView, Mapping

Stat = tuple[int, int]  # a file's mtime_ns and size


def hash_bytes(data: bytes) -> bytes:
    """A 16-byte hash of DATA: the one hash of every fingerprint and key (pages make 20,000 a build from bytes)."""
    return hashlib.blake2b(data, digest_size=16).digest()


def hashes_after(prefix: bytes, parts: Iterable[bytes]) -> list[bytes]:
    """hash_bytes(PREFIX + part) of each of PARTS: PREFIX hashed once, and a copy of that state taken for each (at
    100,000 articles, 186,000 pages' fingerprints: 0.16 s as hash_bytes calls, 0.09 s so)."""
    start = hashlib.blake2b(prefix, digest_size=16)
    hashes = []
    for part in parts:
        state = start.copy()
        state.update(part)
        hashes.append(state.digest())
    return hashes


def digest(*parts: bytes | str) -> bytes:
    """A hash of PARTS, each followed by a NUL byte; one update() call, since a build makes 30,000 of them."""
    data = [part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part for part in parts]
    return hash_bytes(b"\0".join([*data, b""]))


def digest_strings(parts: list[str]) -> bytes:
    """digest(*PARTS) of strings, encoded once, as one: for many (a build's 187,000 output paths, at 100,000 articles:
    one by one, 0.1 s)."""
    return hash_bytes(("\0".join(parts) + "\0" if parts else "").encode("utf-8", "surrogatepass"))


def stat_of(info: os.stat_result) -> Stat:
    return (info.st_mtime_ns, info.st_size)


class StatTable(Mapping[str, Stat]):
    """Stats by path, kept as the state file keeps them: the paths, NUL-separated (no path holds a NUL), and their
    mtimes and sizes as 64-bit integers. A dictionary by path is made only when one is looked up, of places, not stats
    (the output's 190,000 folders, at 100,000 articles, took 0.1 s to make into a dictionary of stats and 0.13 s to
    read as a map; its 187,000 files 0.11 s): a build whose files and folders are the last build's passes the tables
    on, with the stats it took again (see with_stats and with_changes)."""

    __slots__ = ("_index", "_paths", "names", "packed")

    def __init__(self, names: str, packed: bytes) -> None:
        self.names, self.packed = names, packed
        self._paths: list[str] | None = None
        self._index: dict[str, int] | None = None

    @classmethod
    def of(cls, stats: Mapping[str, Stat]) -> StatTable:
        """STATS as a table (itself, if it is one)."""
        if isinstance(stats, StatTable):
            return stats
        numbers = array.array("q", [n for stat in stats.values() for n in stat])
        return cls("\0".join(stats), numbers.tobytes())

    @property
    def table(self) -> tuple[str, bytes]:
        return self.names, self.packed

    def whole(self) -> bool:
        """Whether there is a stat for each path (a table read from a file may be cut short)."""
        count, rest = divmod(len(self.packed), 16)
        return not rest and count == (self.names.count("\0") + 1 if self.names else 0)

    @property
    def paths(self) -> list[str]:
        if self._paths is None:
            self._paths = self.names.split("\0") if self.names else []
        return self._paths

    @property
    def index(self) -> dict[str, int]:
        """Each path's place in the table."""
        if self._index is None:
            self._index = dict(zip(self.paths, range(len(self.paths)), strict=True))
        return self._index

    def numbers(self) -> array.array:
        """The mtimes and sizes, in turn, as a new array."""
        numbers = array.array("q")
        numbers.frombytes(self.packed)
        return numbers

    def __getitem__(self, path: str) -> Stat:
        return struct.unpack_from("qq", self.packed, 16 * self.index[path])  # as array.array("q") packs them

    def __contains__(self, path: object) -> bool:
        return path in self.index

    def keys(self) -> KeysView[str]:  # a dictionary's: set operations and lookups in C
        return self.index.keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.packed) // 16

    def items(self) -> ItemsView[str, Stat]:
        return _TableItems(self)

    def with_stats(self, stats: Mapping[str, Stat]) -> StatTable:
        """This table, with STATS (of paths it has) in place of theirs."""
        if not stats:
            return self
        numbers, index = self.numbers(), self.index
        for path, (mtime, size) in stats.items():
            numbers[2 * index[path]], numbers[2 * index[path] + 1] = mtime, size
        return StatTable._with_paths(self.names, numbers, self._paths, self._index)

    @classmethod
    def _with_paths(
        cls, names: str, numbers: array.array, paths: list[str] | None, index: dict[str, int] | None = None
    ) -> StatTable:
        """A table of NAMES and NUMBERS whose PATHS (and INDEX) are known: a build iterates and looks up the manifest
        it passes on (the paths of 187,000 files, at 100,000 articles, split again and indexed again)."""
        table = cls(names, numbers.tobytes())
        table._paths, table._index = paths, index
        return table

    def paths_of(self, stat: Stat) -> list[str]:
        """The paths whose stat is STAT, looked for in the packed stats (one search in C, not 190,000 comparisons)."""
        wanted, packed, found = struct.pack("qq", *stat), self.packed, []
        at = packed.find(wanted)
        while at != -1:
            if at % 16 == 0:  # a stat's place, not the end of one and the start of the next
                found.append(self.paths[at // 16])
            at = packed.find(wanted, at + 1)
        return found

    def with_changes(self, stats: Mapping[str, Stat], gone: Collection[str]) -> StatTable:
        """This table less the paths in GONE (which it has), with STATS: in place of theirs for paths it keeps, after
        them for the others; the order a dictionary of it would have, once GONE are deleted and STATS put in (an
        edit that renames a search fragment: at 100,000 articles, a dictionary of 187,000 files made, changed and
        made into a table again)."""
        if not gone and all(path in self.index for path in stats):
            return self.with_stats(stats)  # the same paths: the names as they are
        numbers, index, paths = self.numbers(), self.index, self.paths
        added = []
        for path, (mtime, size) in stats.items():
            place = index.get(path)
            if place is None or path in gone:
                added.append(path)
            else:
                numbers[2 * place], numbers[2 * place + 1] = mtime, size
        kept_paths, kept_numbers, start = [], array.array("q"), 0
        for place in [*sorted([index[path] for path in gone]), len(paths)]:  # the spans between those gone
            kept_paths += paths[start:place]
            kept_numbers += numbers[2 * start : 2 * place]
            start = place + 1
        kept_numbers.extend([n for path in added for n in stats[path]])
        kept_paths += added
        return StatTable._with_paths("\0".join(kept_paths), kept_numbers, kept_paths)


class _TableItems(ItemsView):
    """A StatTable's (path, stat) pairs, read in order without a dictionary (a child stats each folder)."""

    def __iter__(self) -> Iterator[tuple[str, Stat]]:
        table: StatTable = self._mapping  # type: ignore[assignment]
        numbers = iter(table.numbers())
        return zip(table.paths, zip(numbers, numbers, strict=True), strict=True)
