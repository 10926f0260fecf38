"""The article cache: each source file's parsed Article, reused while the file and the settings that shape it
are unchanged.

Kept in a file per month of the articles' dates (`articles-2024-03`), so that an edit rewrites its month's: at
100,000 articles over eight years, 4 MB of the 380 MB the cache holds (a sixteenth of it took an edit 0.4 s to
write). Each is a stamped header holding the settings, the table of names and each article's packed values (see
codec.py), newest first, then the articles' bodies, which are read only when a page, feed or check asks for one.
Read newest month first, the articles are made in the order the site lists them, and lie in memory so: every
later pass over them walks it in order (at 100,000 articles, built in the order of their files' names, the site's
index took 0.85 s to make and the pages' fingerprints 0.57 s; in the order of their dates, 0.67 and 0.39 s).
"""

from __future__ import annotations

import contextlib
import os
import re
from functools import partial
from pathlib import Path
from typing import NamedTuple

import msgspec

from ..fingerprint import Stat
from ..models import Article, LazyText, Lookups
from . import store
from .codec import StoredArticle, body_place, pack_stored, unpack_stored, unpack_table


class CachedArticle(NamedTuple):  # a tuple: one is made for every article of every build
    stat: Stat
    digest: bytes  # of the file's bytes and the settings that shape an Article
    article: Article  # its images measured
    # The images measured, and their sizes then; as read from the cache, MessagePack, decoded when asked for (see
    # measured): a build asks only where a file copied to the site changed (10,000 photos: 0.008 s a build). Bytes of
    # their own, not msgspec.Raw, which would keep each shard's whole header in memory (61 MB at 100,000 articles).
    images: Lookups | bytes = ()

    @property
    def measured(self) -> Lookups | None:
        """The images measured (see images); None if the cache's bytes are not such (the article is parsed again)."""
        if not isinstance(self.images, bytes):
            return self.images
        try:
            return _LOOKUPS.decode(self.images)
        except msgspec.DecodeError:
            return None


_LOOKUPS = msgspec.msgpack.Decoder(Lookups)


def _packed_images(images: Lookups | bytes) -> bytes:
    """IMAGES as the cache keeps them (see CachedArticle.images)."""
    return images if isinstance(images, bytes) else store.encode(images)


class CachedArticles(NamedTuple):
    settings: bytes  # a digest of the settings that shaped them
    entries: dict[str, CachedArticle]  # by the file's name as messages show it
    # The names read from each shard, by its month (see save_cached); None: these were not read from the cache.
    shards: dict[str, list[str]] | None = None
    # The scan's hash of the files copied to the site (scan.Found.copied) that every entry's images were measured
    # against: while it is the same, so are they all (b"": not known).
    copied: bytes = b""


COPIED = "measured-copies"  # in the cache: CachedArticles.copied, written after the shards


SHARD = re.compile(r"articles-(\d{4}-\d{2})")  # a shard's file in the cache, named by its month


def _shard(article: Article) -> str:
    """The month of ARTICLE's date, as written: its shard's name."""
    return f"{article.date.year:04d}-{article.date.month:02d}"


class _Shard(NamedTuple):
    settings: bytes
    table: list[tuple[int, str, str, str]]  # see codec._place
    packed: dict[str, tuple[Stat, bytes, StoredArticle, bytes]]  # the images measured: see CachedArticle
    bodies: int  # their size in all


class _RawShard(NamedTuple):
    """A shard as _Shard, its articles' values left as written (see _restamp)."""

    settings: bytes
    table: list[tuple[int, str, str, str]]
    packed: dict[str, tuple[Stat, bytes, msgspec.Raw, bytes]]
    bodies: int


def save_cached(
    root: Path,
    settings: bytes,
    entries: dict[str, CachedArticle],
    last: CachedArticles | None = None,
    copied: bytes = b"",
) -> None:
    """Write the shards whose articles changed since LAST, the cache as read (all of them without LAST). A shard is
    made of the names LAST read from it that ENTRIES still has unchanged, and those made now (new or edited) of its
    month: at 100,000 articles, sorting every entry into its shard took an edit 0.17 s. A shard whose articles only
    have new times is copied with them (see _restamp). COPIED: what the images of
    ENTRIES were measured against (see CachedArticles), recorded once every shard is written (and forgotten before:
    a build stopped midway leaves it unknown)."""
    (root / store.CACHE_DIR / COPIED).unlink(missing_ok=True)
    if last is None or last.shards is None:
        shards: dict[str, list[str]] = {}
        for shown, entry in entries.items():
            shards.setdefault(_shard(entry.article), []).append(shown)
        for name in _cache_files(root):  # an earlier cache's, of a month no article has now (or by an older kabar)
            if name.startswith("articles-") and name[len("articles-") :] not in shards:
                (root / store.CACHE_DIR / name).unlink(missing_ok=True)
    else:
        known = last.entries
        made = {shown: _shard(entry.article) for shown, entry in entries.items() if known.get(shown) is not entry}
        # Shards whose articles are all as read, some with new times (a checkout touched their files): their
        # values and bodies are copied as written, with the new times (packing every article's fields again took
        # 3 s of a fresh checkout's build at 100,000 articles). The others are made whole: those of the articles
        # edited or new, where an edited one was, and where one is gone.
        touched = {shown for shown in made if _only_touched(entries[shown], known.get(shown))}
        others = [shown for shown in made if shown not in touched]
        whole = {made[shown] for shown in others}
        whole.update(_shard(known[shown].article) for shown in others if shown in known)
        if len(entries) - sum(shown not in known for shown in others) != len(known):  # some are gone
            whole.update(_shard(known[shown].article) for shown in known.keys() - entries.keys())
        restamped = {name for name in set(made.values()) - whole if _restamp(root, name, settings, entries, touched)}
        changed = whole | (set(made.values()) - restamped)  # those that could not be: made whole too
        shards = {name: [s for s in last.shards.get(name, ()) if s in entries and s not in made] for name in changed}
        for shown, month in made.items():
            if month in shards:
                shards[month].append(shown)
    for name, names in sorted(shards.items()):
        if not names:  # its articles deleted, or moved to another month
            (root / store.CACHE_DIR / f"articles-{name}").unlink(missing_ok=True)
            continue
        names.sort(key=lambda shown: (-entries[shown].article.instant, shown))  # newest first, as the site lists them
        table: dict[tuple, int] = {}  # each category, tag and author once, by its place in the shard's table
        bodies: list[bytes] = []  # after the header, each article's body: read only when a page shows it
        packed, end = {}, 0
        for shown in names:
            entry = entries[shown]
            values, body = pack_stored(entry.article, table, end)
            bodies.append(body)
            end += len(body)
            packed[shown] = (entry.stat, entry.digest, values, _packed_images(entry.images))
        store.save(root, f"articles-{name}", (settings, list(table), _encodable(packed), end), b"".join(bodies))
    if copied:
        store.save(root, COPIED, copied)


def _only_touched(entry: CachedArticle, known: CachedArticle | None) -> bool:
    """Whether ENTRY is the article KNOWN, read from the cache, but for its file's new time (see load.TOUCHED)."""
    return known is not None and entry.article is known.article and entry.digest == known.digest


def _restamp(root: Path, month: str, settings: bytes, entries: dict[str, CachedArticle], touched: set[str]) -> bool:
    """Write the shard of MONTH, whose articles are all as read, again as it is, but for the times (and images
    measured) of its TOUCHED articles, as ENTRIES has them: its articles' values and bodies copied as they are.
    False if it cannot be, and nothing is written: it has an article gone, or none touched, or one touched with
    other bytes than it holds (the caller writes it whole)."""
    try:
        shard = store.OpenFile(root / store.CACHE_DIR / f"articles-{month}")
        (found, table, packed, bodies), start = store.read_stamped(shard, _RawShard)
        if found != settings or shard.size != start + bodies or not packed.keys() <= entries.keys():
            return False
        restamped = 0
        for shown, (_, digest, values, _) in packed.items():
            if shown in touched:
                entry = entries[shown]
                if entry.digest != digest:
                    return False
                packed[shown] = (entry.stat, digest, values, _packed_images(entry.images))
                restamped += 1
        if not restamped:
            return False
        store.save(root, f"articles-{month}", (settings, table, packed, bodies), shard.read(bodies, start))
    except Exception:  # a shard missing or not what this version writes
        return False
    return True


def _shard_files(root: Path) -> dict[str, str]:
    """The shards in ROOT's cache: file name by month."""
    return {found[1]: name for name in _cache_files(root) if (found := SHARD.fullmatch(name))}


def _cache_files(root: Path) -> list[str]:
    try:
        return os.listdir(root / store.CACHE_DIR)
    except OSError:
        return []


def _encodable(packed: dict[str, tuple]) -> dict[str, tuple] | msgspec.Raw:
    """PACKED, encoded once; without the articles MessagePack cannot hold (an integer past 64 bits in their
    front matter, a file name that is not UTF-8), which are parsed again next time."""
    try:
        return msgspec.Raw(store.encode(packed))
    except (OverflowError, TypeError, UnicodeEncodeError):
        kept = {}
        for shown, entry in packed.items():
            with contextlib.suppress(OverflowError, TypeError, UnicodeEncodeError):
                kept[shown] = msgspec.Raw(store.encode(entry))
        return kept


def load_cached(root: Path) -> CachedArticles | None:
    """The cached articles of every readable shard made with the same settings as the first.

    Their bodies stay in the shard files until read (see _read_body).
    """
    names: dict[tuple, object] = {}  # one Category, Tag or Author object per name
    entries: dict[str, CachedArticle] = {}
    read_from: dict[str, list[str]] = {}
    settings = None
    if _unpacked.get("root") != str(root):  # one site's: a process that builds others (tests) keeps no more
        _unpacked.clear()
        _unpacked["root"] = str(root)
    for month, name in sorted(_shard_files(root).items(), reverse=True):  # newest first (see the module's docstring)
        try:
            shard = store.OpenFile(root / store.CACHE_DIR / name)
            identity, known = shard.identity(), _unpacked.get(month)
            if identity is None or known is None or known[0] != identity:  # else kabar serve unpacked it a build ago
                known = _unpacked[month] = (identity, *_unpack(shard, names))
            shard_settings, found = known[1], known[2]
            settings = settings or shard_settings
            if shard_settings == settings:
                entries.update(found)
                read_from[month] = list(found)
        except Exception:  # a shard missing or not what this version writes: its articles are parsed again
            continue
    if settings is None:
        return None
    return CachedArticles(settings, entries, read_from, store.load(root, COPIED, bytes) or b"")


# What load_cached unpacked from each shard file, by its number, with the file's identity: a process that builds
# again (kabar serve) unpacks only the shards written since (at 10,000 articles, all of them took 0.17-0.24 s).
_unpacked: dict = {}


def _unpack(shard: store.OpenFile, names: dict[tuple, object]) -> tuple[bytes, dict[str, CachedArticle]]:
    """The settings SHARD's articles were made with, and its articles (NAMES: the Category, Tag and Author objects
    met so far). Raises ValueError for a shard cut short."""
    (settings, table, packed, bodies), start = store.read_stamped(shard, _Shard)
    if shard.size != start + bodies:
        raise ValueError(f"{shard.name}: truncated")
    named = unpack_table(table, names)
    found = {}
    for shown, (stat, key, values, images) in packed.items():
        offset, size = body_place(values)
        if offset < 0 or size < 0 or offset + size > bodies:
            raise ValueError(f"{shard.name}: a body past its end")
        body = LazyText(partial(_read_body, shard, start + offset, size))
        found[shown] = CachedArticle(stat, key, unpack_stored(values, named, body), images)
    return settings, found


def _read_body(shard: store.OpenFile, start: int, size: int) -> str:
    """An article's body, from its shard as loaded: the open file keeps it even after a later build replaces it."""
    return shard.read(size, start).decode("utf-8", "surrogatepass")
