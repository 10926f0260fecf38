"""Who writes which output file: two things writing one file is a problem, found before anything is published."""

from __future__ import annotations

from pathlib import PurePosixPath

from ..errors import Problem


def path_key(path: str | PurePosixPath) -> str:
    """An output path as claims and manifests name it: 'kategori/x/index.html'."""
    return path if isinstance(path, str) else path.as_posix()


class Claims:
    """The output files of one build, each with what makes it ('page /2024/03/05/x/', a static file's path)."""

    def __init__(self) -> None:
        self.origin: dict[str, str] = {}  # output file -> what makes it
        self.problems: list[Problem] = []  # collisions, reported all at once when the build commits

    def claim(self, path: str | PurePosixPath, origin: str) -> bool:
        """Reserve PATH for ORIGIN; two things writing one file is a problem."""
        path = path_key(path)
        if path in self.origin:
            self.problems.append(Problem(origin, None, f"writes {path}, which {self.origin[path]} writes too"))
            return False
        self.origin[path] = origin
        return True

    def claim_all(self, paths: list[str], origins: list[str]) -> bool:
        """claim() for each of PATHS in turn (a build claims 20,000 pages): False if any was taken."""
        if self.origin.keys().isdisjoint(paths) and len(set(paths)) == len(paths):
            self.origin.update(zip(paths, origins, strict=True))
            return True
        return all([self.claim(path, origin) for path, origin in zip(paths, origins, strict=True)])

    def has(self, path: str | PurePosixPath) -> bool:
        return path_key(path) in self.origin
