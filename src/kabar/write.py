"""Stage 6: put the built files into the output folder, all or nothing, touching only what changed.

Files go first to a staging folder inside the output folder. Only when every
page, feed and static file is made without a problem are they moved into
place (a rename each); a failed build removes the staging folder and leaves
the previous output exactly as it was. Unchanged files keep their bytes and
mtimes; files the build no longer makes are removed, except dot-files such
as a deploy checkout's .git.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import BuildError, Problem

STAGING = ".kabar-staging"


@dataclass(slots=True)
class WriteCounts:
    written: int = 0  # new or changed files
    unchanged: int = 0
    removed: int = 0


class Output:
    """The output folder during one build."""

    def __init__(self, folder: Path, dry_run: bool = False) -> None:
        self.folder = folder
        self.stage = folder / STAGING
        self.dry_run = dry_run
        self.made_folder = not folder.exists()
        self.origin: dict[PurePosixPath, str] = {}  # output file -> what made it
        self.staged: list[PurePosixPath] = []
        self.problems: list[Problem] = []
        self.counts = WriteCounts()
        if not dry_run:
            shutil.rmtree(self.stage, ignore_errors=True)  # left by a build that was killed

    def has(self, path: PurePosixPath) -> bool:
        return path in self.origin

    def add(self, path: PurePosixPath, data: bytes, origin: str) -> None:
        """Make PATH (relative to the output folder) hold DATA."""
        if path in self.origin:
            self.problems.append(Problem(origin, None, f"writes {path}, which {self.origin[path]} writes too"))
            return
        self.origin[path] = origin
        if self.dry_run:
            return
        target = self.folder / path
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                self.counts.unchanged += 1
                return
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            pass
        staged = self.stage / path
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
        self.staged.append(path)

    def commit(self) -> WriteCounts:
        """Move every staged file into place and remove what this build no longer makes."""
        if self.problems:
            raise BuildError(self.problems)
        if self.dry_run:
            return self.counts
        for path in self.staged:
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.stage / path, target)
        self.counts.written = len(self.staged)
        shutil.rmtree(self.stage, ignore_errors=True)
        self._remove_stale()
        return self.counts

    def abort(self) -> None:
        """Forget this build: the output folder is left as it was."""
        if self.dry_run:
            return
        shutil.rmtree(self.stage, ignore_errors=True)
        if self.made_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _remove_stale(self) -> None:
        for dirpath, _dirs, filenames in os.walk(self.folder, topdown=False):
            here = Path(dirpath)
            relative = PurePosixPath(here.relative_to(self.folder).as_posix())
            if any(part.startswith(".") for part in relative.parts):
                continue
            for name in filenames:
                if not name.startswith(".") and relative / name not in self.origin:
                    (here / name).unlink()
                    self.counts.removed += 1
            if here != self.folder and not any(here.iterdir()):
                here.rmdir()
