"""Stage 6, publishing: put the built files into the output folder, all at once, touching only what changed.

One module per job, used through Output:
    claims.py   who writes which output file; two writing one is a problem
    writer.py   the one way bytes reach the new site (render workers write through it too)
    swap.py     the new site made in a spare folder and swapped in atomically; others' files kept
    lock.py     one build at a time per output folder
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

from ..errors import BuildError
from .claims import Claims, path_key
from .lock import locked
from .swap import Previous, Swap, Swapped, WriteCounts, is_fresh, spare_folder
from .writer import Writer

__all__ = ["Output", "Previous", "Swapped", "WriteCounts", "Writer", "locked"]


class Output:
    """The output folder during one build: every file is claimed, written through one Writer, then published."""

    def __init__(
        self,
        folder: Path,
        dry_run: bool = False,
        previous: Previous | None = None,
        journal: Path | None = None,
        keep_others: bool = True,
    ) -> None:
        self.claims = Claims()
        self.swap = None if dry_run else Swap(folder, previous or Previous(), journal, keep_others)
        fresh = is_fresh(folder) if self.swap is None else self.swap.fresh
        self.writer = Writer(folder, spare_folder(folder), fresh, dry_run)

    @property
    def fresh(self) -> bool:
        """No previous output: nothing to compare with, so nothing the last build made is kept."""
        return self.writer.fresh

    @property
    def origin(self) -> dict[str, str]:
        """Every output file claimed so far -> what makes it."""
        return self.claims.origin

    def claim(self, path: str | PurePosixPath, origin: str, folder: bool = False) -> bool:
        """Claim PATH for ORIGIN, kept from the last build (FOLDER: an entry that is a folder, see add_folder)."""
        return self.claims.claim(path, origin, folder)

    def claim_all(self, paths: list[str], origins: list[str], folders: bool = False) -> bool:
        """Claim each of PATHS, kept from the last build (FOLDERS: entries that are folders, see add_folder)."""
        return self.claims.claim_all(paths, origins, folders)

    def has(self, path: str | PurePosixPath) -> bool:
        return self.claims.has(path)

    def add(self, path: str | PurePosixPath, data: bytes, origin: str) -> None:
        """Make PATH (relative to the output folder) hold DATA, made by ORIGIN."""
        if self.claims.claim(path, origin):
            self.writer.write(path_key(path), data)

    def add_folder(self, path: str, files: dict[str, bytes], origin: str, named_by_content: bool = False) -> None:
        """Make PATH a folder holding FILES (name -> bytes), made by ORIGIN: one entry of the site (see swap.py).
        NAMED_BY_CONTENT: see Writer.write_folder."""
        if self.claims.claim(path, origin, folder=True):
            self.writer.write_folder(path, files, named_by_content)

    def start_spare(self) -> None:
        """In a first build, start making the next build's spare from what is written so far (see Swap.start_spare)."""
        if self.swap is not None:
            self.swap.start_spare(self.writer.written)

    def commit(self, remember: Callable[[Swapped], None] = lambda swapped: None) -> WriteCounts:
        """Publish the new site, unless two things claimed one file; see Swap.commit for REMEMBER."""
        problems = self.claims.problems
        if problems:
            raise BuildError(problems)
        if self.swap is None:
            return WriteCounts()
        counts = self.swap.commit(self.claims.origin.keys(), self.writer.written, remember, self.claims.folders)
        self.swap.finish()
        return counts

    def abort(self) -> None:
        """Forget this build: the output folder is left as it was."""
        if self.swap is not None:
            self.swap.abort()
            self.swap.finish()
