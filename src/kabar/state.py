"""What the last build knew, kept in .kabar-cache/ under the site root, so the next one redoes only what changed.

Two kinds of file: `state` (what the inputs looked like, each page's
fingerprint, what was written) and `articles-N` (each source file's parsed
Article, keyed by a hash of its bytes and of the settings that shape it, in 16
shards, each followed by its articles' bodies). All carry kabar's version.

The folder may come from elsewhere (a CI cache that others can write to), so
it is read as data only: MessagePack decoded by msgspec into the types named
here, which cannot make any other object or run code whatever the bytes. A
file that is missing, stale, corrupt, crafted or names a path outside the
output folder is ignored, never trusted, and deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import os
import typing
import zlib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import msgspec

from . import __version__, platform
from .errors import Problem
from .fingerprint import Stat, stat_of
from .models import Article, Author, Category, Tag
from .publish.paths import all_inside
from .publish.swap import Spare, Swapped

CACHE_DIR = ".kabar-cache"
FORMAT = f"kabar {__version__} cache 17"

Aware = Annotated[dt.datetime, msgspec.Meta(tz=True)]  # a naive time in the cache would fail comparisons: refused


@dataclass(slots=True)
class BuildState:
    inputs: dict[str, Stat] = field(default_factory=dict)  # every file the build read
    options: str = ""  # the options that shape the output
    next_due: Aware | None = None  # when the first scheduled article goes live
    pages: dict[str, bytes] = field(default_factory=dict)  # output path -> fingerprint of what made it
    manifest: dict[str, Stat] = field(default_factory=dict)  # output file -> its stat as written
    folders: dict[str, Stat] = field(default_factory=dict)  # output folder (publish.paths.folder_key) -> its stat
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


Lookups = tuple[tuple[str, tuple[int, int] | None], ...]  # each image URL an article shows, and its size then


class CachedArticle(NamedTuple):  # a tuple: one is made for every article of every build
    stat: Stat
    digest: bytes  # of the file's bytes and the settings that shape an Article
    article: Any  # kabar.models.Article, its images measured
    images: Lookups = ()  # the images measured, and their sizes then


def digest(*parts: bytes | str) -> bytes:
    """A hash of PARTS, each followed by a NUL byte; one update() call, since a build makes 30,000 of them."""
    data = [part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part for part in parts]
    return hashlib.blake2b(b"\0".join([*data, b""]), digest_size=16).digest()


def scan(folders: list[Path], files: list[Path] = ()) -> dict[str, Stat]:
    """Every file under FOLDERS (and FILES that exist), with its mtime and size."""
    found: dict[str, Stat] = {}
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                found[path] = stat_of(os.stat(path))
    for path in files:
        if path.exists():
            found[str(path)] = stat_of(path.stat())
    return found


def load(root: Path, name: str, kind: type) -> Any:
    """The cached KIND NAME, or None if it is missing, from another version, unreadable or not a KIND."""
    try:
        value, _ = _read_stamped(_OpenFile(root / CACHE_DIR / name), kind)
    except Exception:  # a cache that cannot be read is simply not used
        return None
    return value


class _Stamped(NamedTuple):
    stamp: str
    value: msgspec.Raw  # decoded as its type once the stamp is known to be this version's


_STAMPED = msgspec.msgpack.Decoder(_Stamped)
_ENCODER = msgspec.msgpack.Encoder()


def _read_stamped(file: _OpenFile, kind: type) -> tuple[Any, int]:
    """The value of KIND that save() wrote at the start of FILE (its size in 8 bytes, then FORMAT and the value
    in MessagePack), and where it ends; ValueError if FILE is another version's."""
    size = int.from_bytes(file.read(8, 0), "little")
    stamp, value = _STAMPED.decode(file.read(size, 8))
    if stamp != FORMAT:
        raise ValueError(f"{file.name}: written by another version")
    return _decoder(kind).decode(value), 8 + size


@functools.cache
def _decoder(kind: type) -> msgspec.msgpack.Decoder:
    return msgspec.msgpack.Decoder(kind)


def save(root: Path, name: str, value: Any, after: bytes = b"") -> None:
    """Write the cache atomically, so that a killed build leaves the old one or none; AFTER follows the value."""
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    temporary = folder / f".{name}.{os.getpid()}"
    data = _ENCODER.encode(_Stamped(FORMAT, value))
    with open(temporary, "wb") as file:
        file.write(len(data).to_bytes(8, "little"))
        file.write(data)
        file.write(after)
    _rename_over(temporary, folder / name)


def _rename_over(source: Path, target: Path) -> None:
    """Rename SOURCE to TARGET, removing TARGET first; killed in between, TARGET is missing, never half-written.

    Not os.replace(): renaming over a file makes ext4 (auto_da_alloc) write the new file's data out
    at once, 0.01 s for the state of a 10,000-article site. A missing cache file is only work lost.
    """
    target.unlink(missing_ok=True)
    os.rename(source, target)


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


# Pickling (to and from workers) or encoding frozen, slotted dataclasses goes through dataclasses.fields() for
# every object: for 10,000 articles that is over a second each way. Articles travel as plain tuples instead.

ARTICLE_FIELDS = tuple(f.name for f in dataclasses.fields(Article))


SHARDS = 16  # the article cache is split so that one edited article rewrites a sixteenth of it


def _shard(shown: str) -> int:
    return zlib.crc32(shown.encode("utf-8", "surrogatepass")) % SHARDS


def save_articles(
    root: Path, settings: bytes, entries: dict[str, CachedArticle], last: dict[str, CachedArticle] | None = None
) -> None:
    """Write the shards whose articles changed since LAST (all of them without LAST)."""
    shards: list[list[tuple[str, CachedArticle]]] = [[] for _ in range(SHARDS)]
    changed = set(range(SHARDS)) if last is None else {_shard(gone) for gone in last.keys() - entries.keys()}
    for shown, entry in entries.items():
        number = _shard(shown)
        shards[number].append((shown, entry))
        if last is not None and last.get(shown) is not entry:
            changed.add(number)
    for number in sorted(changed):
        table: dict[tuple, int] = {}  # each category, tag and author once, by its place in the shard's table
        bodies: list[bytes] = []  # after the header, each article's body: read only when a page shows it
        packed, end = {}, 0
        for shown, entry in shards[number]:
            values = list(pack_article(entry.article, table))
            body = values[_HTML] = str(values[_HTML]).encode("utf-8", "surrogatepass")
            bodies.append(body)
            values[_HTML], end = (end, len(body)), end + len(body)
            values[_DATE], values[_UPDATED] = _stored_time(values[_DATE]), _stored_time(values[_UPDATED])
            packed[shown] = (entry.stat, entry.digest, tuple(values), entry.images)
        save(root, f"articles-{number}", (settings, list(table), _encodable(packed), end), after=b"".join(bodies))


def _encodable(packed: dict[str, tuple]) -> dict[str, tuple] | msgspec.Raw:
    """PACKED, encoded once; without the articles MessagePack cannot hold (an integer past 64 bits in their
    front matter, a file name that is not UTF-8), which are parsed again next time."""
    try:
        return msgspec.Raw(_ENCODER.encode(packed))
    except (OverflowError, TypeError, UnicodeEncodeError):
        kept = {}
        for shown, entry in packed.items():
            with contextlib.suppress(OverflowError, TypeError, UnicodeEncodeError):
                kept[shown] = msgspec.Raw(_ENCODER.encode(entry))
        return kept


def load_articles(root: Path) -> tuple[bytes, dict[str, CachedArticle]] | None:
    """The cached articles of every readable shard made with the same settings as the first.

    Their bodies stay in the shard files (see StoredText).
    """
    names: dict[tuple, Any] = {}  # one Category, Tag or Author object per name
    entries: dict[str, CachedArticle] = {}
    settings = None
    for number in range(SHARDS):
        try:
            shard = _OpenFile(root / CACHE_DIR / f"articles-{number}")
            (shard_settings, table, packed, bodies), start = _read_stamped(shard, _Shard)
            if shard.size != start + bodies:  # truncated: not used
                continue
            settings = settings or shard_settings
            if shard_settings != settings:
                continue
            named = unpack_table(table, names)
            found = {}
            for shown, (stat, key, values, images) in packed.items():
                offset, size = values[_HTML]
                if offset < 0 or size < 0 or offset + size > bodies:
                    raise ValueError(f"{shard.name}: a body past its end")
                body = StoredText(shard, start + offset, size)
                values = list(values)
                values[_DATE], values[_UPDATED] = _time(values[_DATE]), _time(values[_UPDATED])
                found[shown] = CachedArticle(stat, key, unpack_article(values, named, body), images)
            entries.update(found)
        except Exception:  # a shard missing or not what this version writes: its articles are parsed again
            continue
    return (settings, entries) if settings is not None else None


StoredTime = tuple[str, str]  # an ISO time, and the name of its zone (else its offset is in the ISO time)


def _stored_time(moment: dt.datetime | None) -> StoredTime | None:
    """MOMENT as text, its zone kept: MessagePack's own times are UTC, and pages show the time as written."""
    if moment is None:
        return None
    zone = moment.tzinfo
    if isinstance(zone, zoneinfo.ZoneInfo):
        return (moment.replace(tzinfo=None).isoformat(), zone.key)
    return (moment.isoformat(), "")


def _time(stored: StoredTime | None) -> dt.datetime | None:
    if stored is None:
        return None
    text, zone = stored
    moment = dt.datetime.fromisoformat(text)
    if zone:
        return moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    if moment.tzinfo is None:
        raise ValueError(f"{text}: a time without its zone")
    return moment


def _packed_article_type() -> Any:
    """The type of pack_article()'s tuple as the article cache keeps it (see save_articles)."""
    hints = typing.get_type_hints(Article)
    hints.update(
        category=int,
        tags=tuple[int, ...],
        authors=tuple[int, ...],
        html=tuple[int, int],  # where the body is among the bodies that follow the shard's header
        date=StoredTime,
        updated=StoredTime | None,
    )
    return tuple[tuple(hints[name] for name in ARTICLE_FIELDS)]


PackedArticle = _packed_article_type()

class _Shard(NamedTuple):
    settings: bytes
    table: list[tuple[int, str, str, str]]  # see _place
    packed: dict[str, tuple[Stat, bytes, PackedArticle, Lookups]]
    bodies: int  # their size in all


class _OpenFile:
    """A file kept open while anything may read from it; closed with the last reference to it.

    Read with pread: forked workers share the file's position but not these reads. Without pread (Windows),
    it is read whole and closed at once instead: Windows cannot replace a file that is open.
    """

    __slots__ = ("data", "fd", "name", "size")

    def __init__(self, path: Path) -> None:
        self.name, self.fd, self.data = str(path), -1, b""  # for __del__, if the file cannot be opened
        if platform.PREAD:
            self.fd = os.open(path, os.O_RDONLY)
            self.size = os.fstat(self.fd).st_size
        else:
            self.data = path.read_bytes()
            self.size = len(self.data)

    def read(self, size: int, start: int) -> bytes:
        data = os.pread(self.fd, size, start) if self.fd >= 0 else self.data[start : start + size]
        if len(data) != size:
            raise OSError(f"{self.name}: shorter than when it was opened")
        return data

    def __del__(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)


class StoredText:
    """An article's HTML body, left in its article-cache file until a page, feed or check asks for it.

    A rebuild after one edit shows a few bodies of 10,000, and reading and decoding them all took
    longer than the rest of loading the cache. The open file keeps the shard as loaded, even after
    a later build replaces it. It pickles as the text it stands for.
    """

    __slots__ = ("_file", "_size", "_start", "_text")

    def __init__(self, file: _OpenFile, start: int, size: int) -> None:
        self._file, self._start, self._size, self._text = file, start, size, None

    def __str__(self) -> str:
        if self._text is None:
            self._text = self._file.read(self._size, self._start).decode("utf-8", "surrogatepass")
        return self._text

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, str | StoredText) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # unhashable, as the Article holding it

    def __repr__(self) -> str:
        return repr(str(self))

    def __reduce__(self) -> tuple:
        return (str, (str(self),))


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
            _rename_over(pending, root / CACHE_DIR / f"state-{key}")
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


def pack_article(article: Article, table: dict[tuple, int]) -> tuple:
    """ARTICLE as plain values, which pickle ten times faster (to the cache, or from a worker).

    Its category, tags and authors are numbers: their places in TABLE, which gets what it lacks.
    """
    values = []
    for name in ARTICLE_FIELDS:
        value = getattr(article, name)
        if name == "category":
            value = _place(value, table)
        elif name in ("tags", "authors"):
            value = tuple([_place(item, table) for item in value])
        values.append(value)
    return tuple(values)


_KINDS = (Category, Tag, Author)


def _place(item: Category | Tag | Author, table: dict[tuple, int]) -> int:
    return table.setdefault((_KINDS.index(type(item)), item.name, item.slug, item.url), len(table))


# Setting each slot directly: half the time of Article(**fields), which goes through the frozen
# dataclass's object.__setattr__ for every field (0.05 s a build at 10,000 articles).
_SETTERS = tuple(getattr(Article, name).__set__ for name in ARTICLE_FIELDS)
_CATEGORY, _TAGS, _AUTHORS, _HTML, _DATE, _UPDATED = (
    ARTICLE_FIELDS.index(n) for n in ("category", "tags", "authors", "html", "date", "updated")
)


def unpack_article(values: tuple, named: list, html: Any = None) -> Article:
    """The Article pack_article() made VALUES of; NAMED: the objects its table's entries stand for.

    HTML: its body, if not in VALUES (the article cache keeps bodies apart).
    """
    values = list(values)
    if html is not None:
        values[_HTML] = html
    values[_CATEGORY] = named[values[_CATEGORY]]
    values[_TAGS] = tuple([named[i] for i in values[_TAGS]])
    values[_AUTHORS] = tuple([named[i] for i in values[_AUTHORS]])
    article = object.__new__(Article)
    for set_field, value in zip(_SETTERS, values, strict=True):
        set_field(article, value)
    return article


def unpack_table(table: list[tuple], names: dict[tuple, Any]) -> list:
    """The Category, Tag and Author objects a packed table stands for, one object per name in NAMES."""
    return [_named(item, names) for item in table]


def _named(item: tuple, names: dict[tuple, Any]) -> Any:
    found = names.get(item)
    if found is None:
        kind, name, slug, url = item
        found = names[item] = _KINDS[kind](name=name, slug=slug, url=url)
    return found
