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
        self._problems: list[Problem] = []  # collisions, reported all at once when the build commits
        self._folders: set[str] = set()  # the entries that are folders
        self._tops: set[str] = set()  # their top folders ('gambar/'), where a file claimed inside one would be

    def claim(self, path: str | PurePosixPath, origin: str, folder: bool = False) -> bool:
        """Reserve PATH for ORIGIN (FOLDER: PATH is a folder it makes whole); two things writing one file is a
        problem, and so is writing in another's folder (found by `problems`)."""
        path = path_key(path)
        if path in self.origin:
            self._problems.append(Problem(origin, None, f"writes {path}, which {self.origin[path]} writes too"))
            return False
        self.origin[path] = origin
        if folder:
            self._folders.add(path)
            self._tops.add(path.partition("/")[0] + "/")
        return True

    def claim_all(self, paths: list[str], origins: list[str], folders: bool = False) -> bool:
        """claim() for each of PATHS in turn (a build claims 20,000 pages): False if any was taken."""
        if self.origin.keys().isdisjoint(paths) and len(set(paths)) == len(paths):
            self.origin.update(zip(paths, origins, strict=True))
            if folders:
                self._folders.update(paths)
                self._note_tops(paths)
            return True
        return all([self.claim(path, origin, folders) for path, origin in zip(paths, origins, strict=True)])

    def _note_tops(self, folders: list[str]) -> None:
        """Note the top folders of FOLDERS: 10,000 photos' share one ('gambar/'), which the first and last in order
        (min and max, in C) say without a look at each: every name between two with a prefix has it too."""
        if not folders:
            return
        low, high = min(folders), max(folders)
        top = low.partition("/")[0] + "/"
        if "/" in low and high.startswith(top):
            self._tops.add(top)
        else:
            self._tops.update(folder.partition("/")[0] + "/" for folder in folders)

    @property
    def folders(self) -> set[str]:
        """The entries that are folders made whole."""
        return self._folders

    def has(self, path: str | PurePosixPath) -> bool:
        return path_key(path) in self.origin

    @property
    def problems(self) -> list[Problem]:
        """Every collision: those of claim(), then each file claimed in a folder claimed whole. The latter are looked
        for once, among the paths under the folders' top folders (in one pass: a build claims 290,000 paths), but for
        those folders themselves: each is a stage's own (10,000 photos' variants, a search shard's fragments), which no
        file of the site's can be."""
        if not self._folders:
            return self._problems
        tops, folders = tuple(self._tops), self._folders
        inside = []
        for path in [path for path in self.origin if path.startswith(tops)]:
            if path in folders:
                continue
            taken = next((parent for parent in parents(path) if parent in folders), None)
            if taken is not None:
                origin = self.origin[path]
                inside.append(Problem(origin, None, f"writes {path}, which {self.origin[taken]} writes too"))
        return self._problems + inside
