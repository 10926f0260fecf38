"""The stamped store: one typed value a file in .kabar-cache/, stamped (kabar's version by default), written atomically.

A file starts with the size of its header in 8 bytes, then the header in MessagePack: its stamp (FORMAT, unless the
caller names one that outlives kabar's versions) and the value.
Its stamp is checked before the value is decoded, as the type the caller names (msgspec: no other object can
come out of it); what follows the header is the caller's (the article cache keeps bodies there).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from .. import __version__, platform

CACHE_DIR = ".kabar-cache"
FORMAT = f"kabar {__version__} cache 30"


def load(root: Path, name: str, kind: type, stamp: str | None = None) -> Any:
    """The cached KIND NAME, or None if it is missing, stamped other than STAMP, unreadable or not a KIND."""
    try:
        value, _ = read_stamped(OpenFile(root / CACHE_DIR / name), kind, stamp)
    except Exception:  # a cache that cannot be read is simply not used
        return None
    return value


class _Stamped(NamedTuple):
    stamp: str
    value: msgspec.Raw  # decoded as its type once the stamp is known to be this version's


_STAMPED = msgspec.msgpack.Decoder(_Stamped)
encode = msgspec.msgpack.Encoder().encode


def read_stamped(file: OpenFile, kind: type, stamp: str | None = None) -> tuple[Any, int]:
    """The value of KIND that save() wrote at the start of FILE, and where it ends; ValueError if FILE is
    stamped other than STAMP (None: FORMAT, this version of kabar's)."""
    size = int.from_bytes(file.read(8, 0), "little")
    found, value = _STAMPED.decode(file.read(size, 8))
    if found != (stamp or FORMAT):
        raise ValueError(f"{file.name}: written by another version")
    return _decoder(kind).decode(value), 8 + size


@functools.cache
def _decoder(kind: type) -> msgspec.msgpack.Decoder:
    return msgspec.msgpack.Decoder(kind)


def save(root: Path, name: str, value: Any, after: bytes = b"", stamp: str | None = None) -> None:
    """Write the cache atomically, so that a killed build leaves the old one or none; AFTER follows the value.
    STAMP: what a later build must find to use it (None: FORMAT, this version of kabar's)."""
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    target = folder / name  # NAME may be in a folder of the cache: images/<key>
    target.parent.mkdir(exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    data = encode(_Stamped(stamp or FORMAT, value))
    with open(temporary, "wb") as file:
        file.write(len(data).to_bytes(8, "little"))
        file.write(data)
        file.write(after)
    rename_over(temporary, target)


def rename_over(source: Path, target: Path) -> None:
    """Rename SOURCE to TARGET, removing TARGET first; killed in between, TARGET is missing, never half-written.

    Not os.replace(): renaming over a file makes ext4 (auto_da_alloc) write the new file's data out
    at once, 0.01 s for the state of a 10,000-article site. A missing cache file is only work lost.
    """
    target.unlink(missing_ok=True)
    os.rename(source, target)


def identity(info: os.stat_result) -> tuple[int, int, int, int]:
    """A cache file's device, inode, mtime and size: save() writes a new file and renames it over the old, so the
    same identity means the same bytes (what a process that wrote a file may keep of it in memory, see kabar serve)."""
    return (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size)


class OpenFile:
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

    def identity(self) -> tuple[int, int, int, int] | None:
        """The open file's identity (see identity()); None where it was read whole and closed (Windows)."""
        return identity(os.fstat(self.fd)) if self.fd >= 0 else None

    def read(self, size: int, start: int) -> bytes:
        data = os.pread(self.fd, size, start) if self.fd >= 0 else self.data[start : start + size]
        if len(data) != size:
            raise OSError(f"{self.name}: shorter than when it was opened")
        return data

    def __del__(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
