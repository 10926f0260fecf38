"""Removing and moving files and folders, quietly where they are gone already."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


def unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def remove(path: Path) -> None:
    """Remove PATH, a file, a symbolic link or a whole folder."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        unlink(path)


def link(source: str, target: str) -> None:
    """Hard-link the file SOURCE at TARGET; a folder made whole (see claims.py) is made again there, a hard link
    to each of its files, and looks as SOURCE does to a stat."""
    try:
        os.link(source, target)
    except OSError:  # a folder cannot be linked: EPERM on Linux and macOS
        if os.path.islink(source) or not os.path.isdir(source):
            raise
        os.mkdir(target)
        for name in os.listdir(source):
            os.link(os.path.join(source, name), os.path.join(target, name))
        # with SOURCE's mtime: what the last build recorded of the folder holds for it (see state.damaged_outputs)
        times = os.stat(source)
        os.utime(target, ns=(times.st_atime_ns, times.st_mtime_ns))


def relink(source: str, target: str) -> None:
    """Make TARGET a hard link to SOURCE (see link), in place of whatever is there (a file, a folder made whole, or
    nothing), making its folder if need be. Two system calls for a file, where Path objects, a stat and a mkdir for each
    took twice as long (32 us against 14 us a file linked again, 31,000 files)."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    except OSError:  # a folder: EISDIR on Linux, EPERM on macOS
        remove(Path(target))
    try:
        link(source, target)
    except FileNotFoundError:  # its folder is not there yet (or SOURCE is not, which the second try says)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        link(source, target)


def prune(file: Path, top: Path) -> None:
    """Remove FILE's folders that are now empty, up to TOP."""
    parent = file.parent
    while parent != top:
        try:
            parent.rmdir()
        except OSError:  # not empty, or already gone
            return
        parent = parent.parent


def move(source: Path, destination: Path) -> None:
    """Rename SOURCE to DESTINATION, making its folder and replacing what is there."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(destination):
        remove(destination)
    os.rename(source, destination)
