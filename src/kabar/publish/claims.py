"""Who writes which output file: two things writing one file is a problem, found before anything is published.

An entry may be a whole folder that one thing makes (an image's variants, see Output.add_folder): then nothing
else may write in it.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..errors import Problem
from .paths import parents


def path_key(path: str | PurePosixPath) -> str:
    """An output path as claims and manifests name it: 'kategori/x/index.html'."""
    return path if isinstance(path, str) else path.as_posix()


class Claims:
    """The output files of one build, each with what makes it ('page /2024/03/05/x/', a static file's path)."""

    def __init__(self) -> None:
        self.origin: dict[str, str] = {}  # output file -> what makes it
        self.problems: list[Problem] = []  # collisions, reported all at once when the build commits
        self._folder_tops: set[str] = set()  # the top folders of the entries that are folders, where few paths are

    def claim(self, path: str | PurePosixPath, origin: str, folder: bool = False) -> bool:
        """Reserve PATH for ORIGIN (FOLDER: PATH is a folder it makes whole); two things writing one file is a
        problem, and so is writing in another's folder."""
        path = path_key(path)
        if path in self.origin or (self._folder_tops and self._in_folder(path)):
            taken = path if path in self.origin else next(p for p in parents(path) if p in self.origin)
            self.problems.append(Problem(origin, None, f"writes {path}, which {self.origin[taken]} writes too"))
            return False
        self.origin[path] = origin
        if folder:
            self._folder_tops.add(path.partition("/")[0] + "/")
        return True

    def claim_all(self, paths: list[str], origins: list[str], folders: bool = False) -> bool:
        """claim() for each of PATHS in turn (a build claims 20,000 pages): False if any was taken."""
        if folders:
            self._folder_tops.update(path.partition("/")[0] + "/" for path in paths)
        tops = tuple(self._folder_tops)
        if (
            self.origin.keys().isdisjoint(paths)
            and len(set(paths)) == len(paths)
            and not (tops and any(path.startswith(tops) and self._in_folder(path) for path in paths))
        ):
            self.origin.update(zip(paths, origins, strict=True))
            return True
        return all([self.claim(path, origin) for path, origin in zip(paths, origins, strict=True)])

    def has(self, path: str | PurePosixPath) -> bool:
        return path_key(path) in self.origin

    def _in_folder(self, path: str) -> bool:
        """Whether PATH is inside an entry claimed whole (few are: only paths under their top folders are looked at)."""
        return path.startswith(tuple(self._folder_tops)) and any(p in self.origin for p in parents(path))
