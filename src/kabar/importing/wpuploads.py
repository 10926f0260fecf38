"""Which files of the old site's uploads folder the import copies: every one a post shows or links to, every
attachment, and the resized copies WordPress made of each image (banjir-300x200.jpg, banjir-1024x683.jpg), which
other sites, feeds and old shares link to: those an attachment's metadata lists, and those beside an image.

`_wp_attachment_metadata` is PHP-serialized (`a:3:{s:5:"width";i:1600;...}`): it is read here, never run, and one
that cannot be read lists nothing. Paths are relative to the uploads folder, with '/'.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from .model import Report

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff")
SCALED = "-scaled"  # WordPress 5.3+ scales a large original down and serves this one


class _Unreadable(ValueError):
    pass


def listed_copies(metadata: str, attached_file: str = "") -> list[str]:
    """The files an attachment's METADATA names beside its own (its sizes, each one's other formats, the original
    before scaling), relative to the uploads folder; [] when it cannot be read. ATTACHED_FILE: `_wp_attached_file`,
    for the folder when the metadata names no file."""
    try:
        data, _ = _value(metadata.encode("utf-8"), 0)
    except (_Unreadable, ValueError, IndexError, RecursionError):  # RecursionError: arrays nested without end
        return []
    if not isinstance(data, dict):
        return []
    own = data.get("file") if isinstance(data.get("file"), str) else attached_file
    folder = posixpath.dirname(own.strip().lstrip("/"))
    names = [data["original_image"]] if isinstance(data.get("original_image"), str) else []
    names += _files(data.get("sizes"))
    found = []
    for name in names:
        if name and "/" not in name and "\\" not in name and name not in (".", ".."):
            found.append(posixpath.join(folder, name) if folder else name)
    return list(dict.fromkeys(found))


def _files(value: Any) -> list[str]:
    """Every 'file' in the sizes (and their 'sources': WordPress 6.1's other formats of one size)."""
    if not isinstance(value, dict):
        return []
    found = [value["file"]] if isinstance(value.get("file"), str) else []
    for inner in value.values():
        found += _files(inner)
    return found


def _value(data: bytes, at: int) -> tuple[Any, int]:
    """One PHP-serialized value of DATA at AT, and where the next begins."""
    kind = data[at : at + 2]
    if data[at : at + 2] == b"N;":
        return None, at + 2
    if kind in (b"i:", b"d:", b"b:"):
        end = data.index(b";", at)
        text = data[at + 2 : end].decode("ascii")
        return (float(text) if kind == b"d:" else int(text)), end + 1
    if kind == b"s:":
        colon = data.index(b":", at + 2)
        length = int(data[at + 2 : colon])
        start = colon + 2  # after ':"'
        if data[colon + 1 : start] != b'"' or data[start + length : start + length + 2] != b'";':
            raise _Unreadable("string length")
        return data[start : start + length].decode("utf-8", "replace"), start + length + 2
    if kind == b"a:":
        colon = data.index(b":", at + 2)
        count = int(data[at + 2 : colon])
        at = colon + 2  # after ':{'
        found: dict[Any, Any] = {}
        for _ in range(count):
            key, at = _value(data, at)
            found[key], at = _value(data, at)
        if data[at : at + 1] != b"}":
            raise _Unreadable("array end")
        return found, at + 1
    raise _Unreadable(f"kind {kind!r}")  # an object (O:) or anything else: not in attachment metadata


def copies_beside(uploads: Path, relative: str, listings: dict[str, list[str]]) -> list[str]:
    """The resized copies of the image RELATIVE that sit beside it in UPLOADS (name-300x200.jpg, name-scaled.jpg,
    and the original name.jpg of name-scaled.jpg). LISTINGS: each folder's file names, filled as folders are read."""
    folder, name = posixpath.split(relative)
    stem, suffix = posixpath.splitext(name)
    if suffix.lower() not in IMAGE_SUFFIXES:
        return []
    if folder not in listings:
        directory = uploads / folder
        listings[folder] = sorted(p.name for p in directory.iterdir() if p.is_file()) if directory.is_dir() else []
    base = re.escape(stem.removesuffix(SCALED))
    copy = re.compile(rf"{base}(?:{SCALED}|-\d+x\d+)?{re.escape(suffix)}", re.IGNORECASE)
    return [posixpath.join(folder, other) for other in listings[folder] if other != name and copy.fullmatch(other)]


def uploads_to_copy(
    referenced: set[str], listed: dict[str, tuple[str, ...]], uploads: Path | None, shown: str, report: Report
) -> dict[str, Path]:
    """The files to copy from UPLOADS, by their path in it: the REFERENCED ones and the resized copies of each (those
    LISTED by an attachment's file, and those beside it). What is missing is reported (SHOWN: where they go)."""
    wanted = sorted(path for path in referenced if _inside(path))
    if uploads is None:
        copies = {copy for found in listed.values() for copy in found if _inside(copy)} - set(wanted)
        if wanted or copies:
            report.skip(
                shown,
                f"{len(wanted) + len(copies)} uploaded file(s) not copied: no --uploads DIR given (kabar import never"
                " downloads)",
            )
        return {}
    root = uploads.resolve()

    def found(relative: str) -> Path | None:
        source = (uploads / relative).resolve()
        return source if source.is_relative_to(root) and source.is_file() else None

    files: dict[str, Path] = {}
    for relative in wanted:
        source = found(relative)
        if source is not None:
            files[relative] = source
            report.count("files")
        else:
            report.skip(f"{shown}/{relative}", f"not in {uploads}: not copied")
    copies: dict[str, Path] = {}
    folders: dict[str, list[str]] = {}
    for relative in wanted:
        missing = []
        for copy in [copy for copy in listed.get(relative, ()) if _inside(copy)]:
            source = found(copy)
            if source is None:
                missing.append(copy.rpartition("/")[2])
            elif copy not in referenced:
                copies[copy] = source
        for copy in copies_beside(uploads, relative, folders):
            source = found(copy)
            if source is not None and copy not in referenced:
                copies[copy] = source
        if missing:
            report.skip(
                f"{shown}/{relative}",
                f"{len(missing)} resized copy(ies) its metadata lists not in {uploads}: not copied, so old links to"
                f" them are lost ({', '.join(missing)})",
            )
    if copies:
        report.count("resized copies of images", len(copies))
    return files | dict(sorted(copies.items()))


def _inside(path: str) -> bool:
    """Whether PATH, relative to the uploads folder, stays inside it."""
    return bool(path) and ".." not in path.split("/") and not path.startswith("/")
