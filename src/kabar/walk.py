"""Finding a site's files: in a stable order, hidden ones skipped, and no way out of the site by a symlink.

What a build reads must really be in the site: a symbolic link committed to the repository could
otherwise publish whatever it points at (a home folder, /etc, git's config with CI's token in it).
So the folders a build reads (content/, static/, templates/) and kabar.yml are checked where they
really are, and so is every symbolic link inside the folders: one that leads outside the site, under
one of its hidden names (.git, .env, .kabar-cache) or into the output folder is refused with a
message naming it. Links that stay inside the site are followed for files; linked folders are not
entered, as os.walk does not, so a link to a folder above cannot loop. Names starting with a dot,
files or folders, are skipped; anything that is not a regular file (a fifo, a socket) is too.
"""

from __future__ import annotations

import array
import operator
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import NOT_REGULAR, BuildError, Problem


@dataclass(frozen=True, slots=True)
class Bounds:
    """Where a site's files may really be: inside PLACES, under no hidden name of theirs, not in OUTPUT."""

    places: tuple[str, ...]  # real paths, each ending in a separator
    output: str | None = None

    @classmethod
    def around(cls, places: Iterable[Path], output: Path | None = None) -> Bounds:
        real = tuple(_real_folder(place) for place in places)
        return cls(real, _real_folder(output) if output is not None else None)

    def refusal(self, path: str | Path) -> str | None:
        """Why what PATH really is may not be read, or None; PATH is a symbolic link, or lies under one."""
        real = os.path.realpath(path)
        inside = os.path.join(real, "")
        through = f"is a symbolic link to {real}" if os.path.islink(path) else f"leads to {real}"
        if self.output is not None and inside.startswith(self.output):
            return f"{through}, in the output folder: refused"
        for place in self.places:
            if inside.startswith(place):
                hidden = next((name for name in real[len(place) :].split(os.sep) if name.startswith(".")), None)
                if hidden is None:
                    return None
                return f"{through}, under the site's hidden '{hidden}': refused (nothing hidden is published)"
        kind = "folder" if os.path.isdir(real) else "file"
        return f"{through}, outside the site: refused (copy the {kind} in)"


def _real_folder(path: Path) -> str:
    return os.path.join(os.path.realpath(path), "")


# A folder's mtime is set from a clock that may tick coarsely (every 4 ms on Linux, every 2 s on FAT): one changed
# this close to a walk may change again, unseen, within the same tick. Such a folder is not vouched for.
RACY_NS = 2_000_000_000
MISSING = (-2, -2)  # the stat noted for a folder that is not there


@dataclass(slots=True)
class Looked:
    """What walks found out about the folders they listed, for the next build's scan (see scan.py): while each
    has the mtime and inode it had just before it was listed, no file was added, removed or renamed in it, and
    so none in the site. Not vouched for (VOUCHED false): a walk that met a symbolic link, whose target may change
    without any folder changing."""

    folders: list[str] = field(default_factory=list)
    stats: array.array = field(default_factory=lambda: array.array("q"))
    vouched: bool = True
    started: int = field(default_factory=time.time_ns)

    def folder(self, path: str) -> None:
        """Note PATH's folder, before it is listed (noted after, a file added in between would go unseen)."""
        self.folders.append(path)
        mtime, inode = _folder_stat(path)
        racy = mtime >= self.started - RACY_NS
        self.stats.extend((-1 if racy else mtime, inode))  # -1: no folder's, so never the same


def folders_as_looked(folders: list[str], stats: bytes) -> bool:
    """Whether each of FOLDERS (Looked's, from the last build) has the stat noted in STATS."""
    now = array.array("q")
    for path in folders:
        now.extend(_folder_stat(path))
    return bool(folders) and now.tobytes() == stats


def _folder_stat(path: str) -> tuple[int, int]:
    """PATH's mtime and inode, as Looked notes them; MISSING if there is nothing there."""
    try:
        info = os.stat(path)
    except OSError:
        return MISSING
    return info.st_mtime_ns, info.st_ino


# The endings Jekyll (md, markdown, mkdown, mkdn, mkd) and Hugo (md, mdown, markdown) read as Markdown, in any
# case (README.MD): such a file is an article, never copied to the site, which would publish its source.
ARTICLE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdown", ".mkdn", ".mkd")


def is_article_name(name: str) -> bool:
    """Whether a file NAME (or path, or URL path) is that of a Markdown article."""
    return name.lower().endswith(ARTICLE_SUFFIXES)


# content/2024/banjir.md keeps its comments (imported, read-only) in content/2024/banjir.comments.yml: the
# article's data, read with it (see comments.py), never published as a file.
COMMENTS_SUFFIX = ".comments.yml"


def comments_file(article_path: str) -> str:
    """Where the comments of the article file at ARTICLE_PATH are kept: content/a.md -> content/a.comments.yml."""
    return article_path.rpartition(".")[0] + COMMENTS_SUFFIX


def is_comments_file(path: str) -> bool:
    return path.endswith(COMMENTS_SUFFIX)


def content_files(
    content_dir: Path, bounds: Bounds | None = None, looked: Looked | None = None
) -> tuple[list[str], list[str]]:
    """The Markdown files under CONTENT_DIR, and every other file (images...), copied to the site as it is.

    Plain strings, from one walk: for 10,000 files, Path objects cost more than the walk.
    What leads out of BOUNDS (default: CONTENT_DIR) is a problem, whatever its name. LOOKED: see files_under.
    """
    articles: list[str] = []
    others: list[str] = []
    for path in files_under(content_dir, bounds or Bounds.around([content_dir]), looked):
        (articles if path.endswith(".md") or is_article_name(path) else others).append(path)
    return articles, others


def in_files_order(shown: str) -> list[str]:
    """The key that sorts paths as messages show them ('content/2024/a.md') in the order files_under finds them."""
    return shown.split("/")


def files_under(folder: Path, bounds: Bounds, looked: Looked | None = None) -> list[str]:
    """Paths of the files under FOLDER, sorted by their parts; each folder listed is noted in LOOKED.

    Raises BuildError naming FOLDER, or every symbolic link in it that leads out of BOUNDS, and every fifo, socket
    or device.
    """
    looked = looked or Looked()
    if os.path.islink(folder):
        looked.vouched = False
    refused = bounds.refusal(folder)
    if refused:
        raise BuildError([Problem(str(folder), None, refused)])
    looked.folder(os.fspath(folder))
    if not os.path.isdir(folder):  # a link inside the site to nothing: no files
        return []
    found: list[str] = []
    problems: list[Problem] = []
    # Each folder's entries by name, a folder's files where its name falls: the order of the paths' parts
    # (sorting 100,000 paths by their parts afterwards took 0.4 s). A regular file is told by the entry's type,
    # first: most are (a next() and four tests an entry made the walk of 100,000 articles 0.17-0.18 s, 0.15-0.17 now).
    pending = [_by_name(os.fspath(folder))]
    while pending:
        for entry in pending[-1]:
            if entry.is_file(follow_symlinks=False):
                found.append(entry.path)
                continue
            if entry.is_dir(follow_symlinks=False):
                looked.folder(entry.path)
                pending.append(_by_name(entry.path))
                break  # into it; this folder's next entries after it
            looked.vouched = False  # a link (or a fifo): where it leads may change with no folder here changing
            if entry.is_symlink() and (refused := bounds.refusal(entry.path)):
                problems.append(Problem(entry.path, None, refused))
            elif entry.is_file():  # a symbolic link to a file of the site
                found.append(entry.path)
            elif os.path.exists(entry.path) and not os.path.isdir(entry.path):
                # A fifo would block the build, a device never end. A link to a folder is not entered (its
                # folder is walked where it is, so a link cannot loop); a link to nothing is skipped.
                problems.append(Problem(entry.path, None, NOT_REGULAR))
        else:
            pending.pop()
    if problems:
        raise BuildError(sorted(problems, key=lambda p: p.path))
    return found


def _by_name(folder: str) -> Iterator[os.DirEntry]:
    """The entries of FOLDER sorted by name, without hidden ones."""
    with os.scandir(folder) as entries:
        shown = [entry for entry in entries if not entry.name.startswith(".")]
    shown.sort(key=_NAME)
    return iter(shown)


_NAME = operator.attrgetter("name")


def refused_paths(paths: Iterable[Path], bounds: Bounds) -> list[Problem]:
    """A problem for each of PATHS (those that exist, or are links) whose real location is out of BOUNDS."""
    found = [(path, bounds.refusal(path)) for path in paths if os.path.lexists(path)]
    return [Problem(str(path), None, refused) for path, refused in found if refused]
