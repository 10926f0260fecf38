"""Stage 6: put the built files into the output folder, all or nothing, touching only what changed.

A first build writes the whole site into a new folder beside the output
folder and renames it into place. Later builds compare each file with what
is there and stage only the files whose bytes differ, inside the output
folder; only when every page, feed and static file is made without a
problem are they moved into place (a rename each). A failed build removes
what it staged and leaves the previous output exactly as it was. Unchanged
files keep their bytes and mtimes; files the build no longer makes are
removed, except dot-files such as a deploy checkout's .git.

`place_file` is the one function that writes; render workers in other
processes call it too.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import BuildError, Problem

STAGING = ".kabar-staging"

Manifest = dict[str, tuple[int, int]]  # output path -> (size, mtime_ns) of the file kabar wrote


@dataclass(slots=True)
class WriteCounts:
    written: int = 0  # new or changed files
    unchanged: int = 0
    removed: int = 0


@dataclass(frozen=True, slots=True)
class Target:
    """Where one build writes: everything a render worker needs, and picklable."""

    folder: Path  # the output folder
    stage: Path  # where new and changed files go until the build succeeds
    fresh: bool  # no previous output: nothing to compare with


def place_file(target: Target, path: str, data: bytes, made: set[Path]) -> bool:
    """Stage DATA for PATH unless the output already holds exactly these bytes; True if staged."""
    if not target.fresh:
        current = target.folder / path
        try:
            if current.stat().st_size == len(data) and current.read_bytes() == data:
                return False
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            pass
    staged = target.stage / path
    if staged.parent not in made:
        staged.parent.mkdir(parents=True, exist_ok=True)
        made.add(staged.parent)
    staged.write_bytes(data)
    return True


def _key(path: str | PurePosixPath) -> str:
    return path if isinstance(path, str) else path.as_posix()


class Output:
    """The output folder during one build."""

    def __init__(self, folder: Path, dry_run: bool = False, manifest: Manifest | None = None) -> None:
        fresh = not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))
        stage = folder.parent / f".{folder.name}.kabar-new" if fresh else folder / STAGING
        self.target = Target(folder=folder, stage=stage, fresh=fresh)
        self.dry_run = dry_run
        self.previous = manifest  # what the last build wrote, if known
        self.origin: dict[str, str] = {}  # output file ('kategori/x/index.html') -> what made it
        self.staged: set[str] = set()
        self.problems: list[Problem] = []
        self.counts = WriteCounts()
        self._made: set[Path] = set()
        if not dry_run:
            shutil.rmtree(stage, ignore_errors=True)  # left by a build that was killed

    def claim(self, path: str | PurePosixPath, origin: str) -> bool:
        """Reserve PATH for ORIGIN; two things writing one file is a problem."""
        path = _key(path)
        if path in self.origin:
            self.problems.append(Problem(origin, None, f"writes {path}, which {self.origin[path]} writes too"))
            return False
        self.origin[path] = origin
        return True

    def has(self, path: str | PurePosixPath) -> bool:
        return _key(path) in self.origin

    def add(self, path: str | PurePosixPath, data: bytes, origin: str) -> None:
        """Make PATH (relative to the output folder) hold DATA."""
        if self.claim(path, origin):
            self.place(_key(path), data)

    def place(self, path: str, data: bytes) -> None:
        """Write an already claimed PATH (or leave it, if its bytes are the same)."""
        if self.dry_run:
            return
        if place_file(self.target, path, data, self._made):
            self.staged.add(path)

    def staged_elsewhere(self, paths: list[str]) -> None:
        """Files another process staged with place_file."""
        self.staged.update(paths)

    def commit(self) -> WriteCounts:
        """Move every staged file into place and remove what this build no longer makes."""
        if self.problems:
            raise BuildError(self.problems)
        if self.dry_run:
            return self.counts
        folder, stage = self.target.folder, self.target.stage
        self.counts.written = len(self.staged)
        self.counts.unchanged = len(self.origin) - len(self.staged)
        if self.target.fresh:
            stage.mkdir(parents=True, exist_ok=True)
            if folder.exists():
                folder.rmdir()  # empty, or it would not be fresh
            os.replace(stage, folder)
            return self.counts
        made: set[Path] = set()
        for path in sorted(self.staged):
            destination = folder / path
            if destination.parent not in made:
                destination.parent.mkdir(parents=True, exist_ok=True)
                made.add(destination.parent)
            os.replace(stage / path, destination)
        shutil.rmtree(stage, ignore_errors=True)
        self._remove_stale()
        return self.counts

    def abort(self) -> None:
        """Forget this build: the output folder is left as it was."""
        if not self.dry_run:
            shutil.rmtree(self.target.stage, ignore_errors=True)

    def manifest(self) -> Manifest:
        """What the output folder holds now that kabar wrote, with sizes and mtimes, to check next time."""
        result: Manifest = {}
        previous = self.previous or {}
        folder = str(self.target.folder)
        for path in self.origin:
            if path in self.staged or path not in previous:
                info = os.stat(os.path.join(folder, path))
                result[path] = (info.st_size, info.st_mtime_ns)
            else:
                result[path] = previous[path]
        return result

    def _remove_stale(self) -> None:
        if self.previous is not None:
            for path in self.previous:
                if path not in self.origin:
                    self._unlink(self.target.folder / path)
            return
        folder = self.target.folder
        for dirpath, _dirs, filenames in os.walk(folder, topdown=False):
            here = Path(dirpath)
            relative = PurePosixPath(here.relative_to(folder).as_posix())
            if any(part.startswith(".") for part in relative.parts):
                continue
            for name in filenames:
                if not name.startswith(".") and (relative / name).as_posix() not in self.origin:
                    self._unlink(here / name)

    def _unlink(self, file: Path) -> None:
        try:
            file.unlink()
        except FileNotFoundError:
            return
        self.counts.removed += 1
        parent = file.parent
        while parent != self.target.folder and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
