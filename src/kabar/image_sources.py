"""What the images stage knew of each article image (see variants.py), kept in .kabar-cache/ for the next build: by
URL, which of the site's folders holds its file, the file's stat, what its header said (a pictures.Source) and
its Picture's key; and the URLs shown that have no picture.

Kept in columns, a string or a run of numbers each, not an entry each: a build that finds every file copied to the
site as the last one found them takes the entries as they are, and 10,000 photos are read as eleven values. An
entry is made when a page asks for its picture. Each column is checked whole as it is read (msgspec: a crafted
cache cannot run code): a key that is not hex (it names folders: ../..), a folder the site does not have, a
picture zero pixels wide or columns of different lengths make the cache unreadable, as if absent. It names no
file, so none can lead out of the site.
"""

from __future__ import annotations

import array
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Set
from pathlib import Path

import msgspec

from .cache import store
from .fingerprint import Stat
from .pictures import KEY_LENGTH, Source
from .state import split_names

NAME = "image-sources"  # in the cache

Entry = tuple[int, Stat, Source, str]  # (folder, stat, header, key)
_KEYS = re.compile(f"(?:[0-9a-f]{{{KEY_LENGTH}}}(?:\0(?!$)|$))*")
_NOT_ON_SITE = re.compile("(?:^|\0)(?!/(?!/))")  # a URL of a NUL-separated column that is no urls.is_site_path


class _Columns(msgspec.Struct, array_like=True):
    settings: str  # the images settings the entries were made with (repr)
    copied: bytes  # the scan's hash of the files copied to the site then (scan.Found.copied)
    urls: str  # NUL-separated, as every string column
    folders: bytes  # a byte each: which of the finder's folders holds the file
    stats: bytes  # mtime and size, as 64-bit integers
    keys: str
    digests: str  # the Source's fields
    formats: str
    sizes: bytes  # width and height, as 64-bit integers
    alphas: bytes  # a byte each
    unplanned: str  # the URLs the articles showed that have no entry: not a file of the site, or one not decoded


class Known(Mapping):
    """The entries the last build kept, by URL (see the module's docstring)."""

    def __init__(self, columns: _Columns) -> None:
        self.settings, self.copied = columns.settings, columns.copied
        self._columns = columns
        self._urls = split_names(columns.urls)
        self._unique = set(self._urls)
        self._shown = self._unique.union(split_names(columns.unplanned))
        self._keys = split_names(columns.keys)
        self._stats, self._sizes = _numbers(columns.stats), _numbers(columns.sizes)
        self._sources: tuple[list[str], list[str]] | None = None  # split when an entry is first made

    @functools.cached_property
    def _index(self) -> dict[str, int]:  # made when a page first asks for an entry
        return dict(zip(self._urls, range(len(self._urls)), strict=True))

    def __getitem__(self, url: str) -> Entry:
        n = self._index[url]
        if self._sources is None:  # one at least: this entry's ("" may be a format)
            self._sources = self._columns.digests.split("\0"), self._columns.formats.split("\0")
        digests, formats = self._sources
        width, height = self._sizes[2 * n], self._sizes[2 * n + 1]
        source = Source(digests[n], formats[n], width, height, bool(self._columns.alphas[n]))
        return self._columns.folders[n], (self._stats[2 * n], self._stats[2 * n + 1]), source, self._keys[n]

    def __iter__(self) -> Iterator[str]:
        return iter(self._urls)

    def __len__(self) -> int:
        return len(self._urls)

    def same_urls(self, urls: Set[str], besides: Callable[[str], bool]) -> bool:
        """Whether URLS are those the articles showed when the entries were made, but for some BESIDES says are
        none of them (not on the site): in set operations in C, only those besides the ones shown then looked at
        (10,000 photos: a pass over every URL to leave out those not on the site took 4 ms)."""
        return self._shown <= urls and not any(map(besides, urls - self._shown))

    def keys_by_url(self) -> dict[str, str]:
        return dict(zip(self._urls, self._keys, strict=True))

    def checked(self, folders: int) -> bool:
        """Whether every column is whole, every key hex, every folder one of FOLDERS and every URL one of the
        site's (see same_urls)."""
        count, columns = len(self._urls), self._columns
        lengths = (len(self._keys), len(columns.folders), len(self._stats) // 2, len(self._sizes) // 2)
        return (
            len(self._unique) == count  # no URL twice
            and lengths == (count,) * 4
            and len(columns.alphas) == count
            and columns.digests.count("\0") == columns.formats.count("\0") == max(count - 1, 0)
            and _KEYS.fullmatch(columns.keys) is not None
            and max(columns.folders, default=0) < folders
            and min(self._sizes, default=1) >= 1
            and not any(_NOT_ON_SITE.search(urls) for urls in (columns.urls, columns.unplanned) if urls)
        )


def load(root: Path, settings: str, folders: int) -> Known | None:
    """The entries the last build kept, if made with SETTINGS (the images settings' repr) for a finder of FOLDERS
    folders, and whole; else None."""
    columns = store.load(root, NAME, _Columns)
    if columns is None or columns.settings != settings:
        return None
    known = Known(columns)
    return known if known.checked(folders) else None


def save(root: Path, settings: str, copied: bytes, entries: Mapping[str, Entry], unplanned: list[str]) -> None:
    """Keep ENTRIES, made with SETTINGS when the files copied to the site hashed to COPIED, for the next build;
    UNPLANNED: the other image URLs the articles showed."""
    values = list(entries.values())
    sources = [source for _, _, source, _ in values]
    columns = _Columns(
        settings,
        copied,
        "\0".join(entries),
        bytes(folder for folder, _, _, _ in values),
        array.array("q", [n for _, stat, _, _ in values for n in stat]).tobytes(),
        "\0".join(key for *_, key in values),
        "\0".join(source.digest for source in sources),
        "\0".join(source.format for source in sources),
        array.array("q", [n for source in sources for n in (source.width, source.height)]).tobytes(),
        bytes(source.alpha for source in sources),
        "\0".join(unplanned),
    )
    store.save(root, NAME, columns)


def _numbers(packed: bytes) -> array.array:
    numbers = array.array("q")
    numbers.frombytes(packed[: len(packed) - len(packed) % numbers.itemsize])
    return numbers
