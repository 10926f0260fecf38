"""The one way bytes reach the new site: a file is written into the spare folder only if its bytes changed.

Render workers receive the build's Writer when they are forked and write their pages through it, so that
page bytes never travel back through a pipe; each returns the paths it wrote, which the build records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
                if current.stat().st_size == len(data) and current.read_bytes() == data:
                    return False
            except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
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

    def write_folder(self, path: str, files: dict[str, bytes]) -> bool:
        """Make PATH, in the new site, a folder of FILES (name -> bytes): one the last build did not leave as it
        wrote it (see incremental.lost_by_content), so written whole; True if written."""
        if self.dry_run:
            return False
        folder = self.new_site / path
        if not self.fresh:
            remove(folder)  # what the old site had there: its files may be hard links to the live ones
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        self.written.add(path)
        return True

    def record(self, paths: list[str]) -> None:
        """PATHS were written by a copy of this writer in another process (a render worker)."""
        self.written.update(paths)
