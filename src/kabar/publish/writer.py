"""The one way bytes reach the new site: a file is written into the spare folder only if its bytes changed.

Render workers receive the build's Writer when they are forked and write their pages through it, so that
page bytes never travel back through a pipe; each returns the paths it wrote, which the build records.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from .files import remove, unlink


@dataclass(frozen=True, slots=True)
class Writer:
    """Where one build writes; picklable, and forked into each render worker."""

    folder: Path  # the output folder, compared with
    new_site: Path  # the spare folder, where the new site is made: written to
    fresh: bool  # no previous output: nothing to compare with
    dry_run: bool = False  # kabar check: nothing is written
    written: set[str] = field(default_factory=set)  # the files written there (by this process, or recorded)
    _folders_made: set[Path] = field(default_factory=set, init=False, repr=False)  # in NEW_SITE, by this process

    def write(self, path: str, data: bytes) -> bool:
        """Write DATA for PATH into the new site unless the output already holds these bytes; True if written."""
        if self.dry_run:
            return False
        if not self.fresh:
            current = self.folder / path
            try:
                if _holds(current, data):
                    return False
            except (FileNotFoundError, NotADirectoryError):
                pass
        file = self.new_site / path
        if file.parent not in self._folders_made:
            file.parent.mkdir(parents=True, exist_ok=True)
            self._folders_made.add(file.parent)
        if not self.fresh:
            unlink(file)  # it may be a hard link to the live file: never write through it
        file.write_bytes(data)
        self.written.add(path)
        return True

    def write_folder(self, path: str, files: dict[str, bytes], named_by_content: bool = False) -> bool:
        """Make PATH, in the new site, a folder of FILES (name -> bytes), made whole, unless the output holds it
        already; True if written. A file the old site's folder there holds with the same bytes (a search shard's
        fragments of the articles not edited) is kept: its inode and mtime stay, and a deploy that compares them
        does not upload it again. NAMED_BY_CONTENT: each file's name is a hash of its bytes (Pagefind's), so a file
        of that name and size holds them: not read (a month's shard at 100,000 articles is 1,100 files, which an
        edit read twice, 0.25 s)."""
        holds = _entry_named if named_by_content else _entry_holds
        if self.dry_run or (not self.fresh and _holds_all(self.folder / path, files, holds)):
            return False  # the output holds it as it is: the spare is completed from there (see swap.py)
        folder, kept = self.new_site / path, set()
        if not self.fresh and folder.is_dir() and not folder.is_symlink():
            with os.scandir(folder) as entries:
                for entry in entries:
                    if holds(entry, files.get(entry.name)):
                        kept.add(entry.name)
                    else:
                        remove(Path(entry.path))  # a file may be a hard link to the live one: never written through
        elif not self.fresh:
            remove(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            if name not in kept:
                (folder / name).write_bytes(data)
        self.written.add(path)
        return True

    def record(self, paths: list[str]) -> None:
        """PATHS were written by a copy of this writer in another process (a render worker)."""
        self.written.update(paths)


def _holds(path: str | Path, data: bytes) -> bool:
    """Whether PATH is a regular file holding DATA: a link someone put there holds nothing of the site, whatever it
    leads to. Raises OSError if PATH cannot be looked at."""
    info = os.lstat(path)
    return S_ISREG(info.st_mode) and info.st_size == len(data) and Path(path).read_bytes() == data


def _entry_holds(entry: os.DirEntry, data: bytes | None) -> bool:
    """Whether the file ENTRY holds DATA (see _holds): a regular file of its size, whose bytes are DATA's; not if it
    cannot be looked at."""
    try:
        return _entry_named(entry, data) and Path(entry.path).read_bytes() == data
    except OSError:
        return False


def _entry_named(entry: os.DirEntry, data: bytes | None) -> bool:
    """Whether the file ENTRY, named by a hash of its bytes, holds DATA: a regular file of its size."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return data is not None and S_ISREG(info.st_mode) and info.st_size == len(data)


def _holds_all(folder: Path, files: dict[str, bytes], holds=_entry_holds) -> bool:
    """Whether FOLDER (not a link to one) holds FILES and nothing else, each as HOLDS looks."""
    try:
        if folder.is_symlink():
            return False
        with os.scandir(folder) as found:
            entries = list(found)
    except OSError:
        return False
    # As many entries as FILES, each holding the bytes of its name there: the same names, the same bytes.
    return len(entries) == len(files) and all(holds(entry, files.get(entry.name)) for entry in entries)
