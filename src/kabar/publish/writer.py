"""The one way bytes reach the new site: a file is written into the spare folder only if its bytes changed.

Render workers receive the build's Writer when they are forked and write their pages through it, so that
page bytes never travel back through a pipe; each returns the paths it wrote, which the build records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .files import unlink


@dataclass(frozen=True, slots=True)
class Writer:
    """Where one build writes; picklable, and forked into each render worker."""

    folder: Path  # the output folder, compared with
    stage: Path  # the spare folder, written to
    fresh: bool  # no previous output: nothing to compare with
    dry_run: bool = False  # kabar check: nothing is written
    written: set[str] = field(default_factory=set)  # the files written into the stage (by this process, or recorded)
    _made: set[Path] = field(default_factory=set, init=False, repr=False)  # folders made in the stage

    def write(self, path: str, data: bytes) -> bool:
        """Write DATA for PATH into the stage unless the output already holds these bytes; True if written."""
        if self.dry_run:
            return False
        if not self.fresh:
            current = self.folder / path
            try:
                if current.stat().st_size == len(data) and current.read_bytes() == data:
                    return False
            except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
                pass
        staged = self.stage / path
        if staged.parent not in self._made:
            staged.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(staged.parent)
        if not self.fresh:
            unlink(staged)  # it may be a hard link to the live file: never write through it
        staged.write_bytes(data)
        self.written.add(path)
        return True

    def record(self, paths: list[str]) -> None:
        """PATHS were written by a copy of this writer in another process (a render worker)."""
        self.written.update(paths)
