"""Finding a site's files: in a stable order, hidden ones skipped, and no way out of the site by a symlink.

A symbolic link inside content/ or static/ that points outside the site would
publish whatever it points at (a home folder, /etc), so it is refused with a
message naming it. Links that stay inside the site are followed for files;
linked folders are not entered, as os.walk does not.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .errors import NOT_REGULAR, BuildError, Problem


def content_files(content_dir: Path, site: Path | None = None) -> tuple[list[str], list[str]]:
    """The *.md files under CONTENT_DIR, and every other file (images...), copied to the site as it is.

    Plain strings, from one walk: for 10,000 files, Path objects cost more than the walk.
    A symbolic link that leads outside SITE (default: CONTENT_DIR) is a problem, whatever its name.
    """
    found = files_under(content_dir, lambda name: True, site or content_dir)
    return [p for p in found if p.endswith(".md")], [p for p in found if not p.endswith(".md")]


def files_under(folder: Path, wanted: Callable[[str], bool], site: Path) -> list[str]:
    """Paths of the files under FOLDER whose name is WANTED, sorted by their parts.

    Raises BuildError naming every symbolic link (wanted or not) that leads outside SITE, and every fifo,
    socket or device.
    """
    found: list[str] = []
    problems: list[Problem] = []
    inside = os.path.join(os.path.realpath(site), "")
    pending = [os.fspath(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not target.startswith(inside):
                        message = f"is a symbolic link to {target}, outside the site: refused (copy the file in)"
                        problems.append(Problem(entry.path, None, message))
                        continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif not entry.is_file():  # a fifo would block the build, a device never end (a broken link: skipped)
                    if os.path.exists(entry.path):
                        problems.append(Problem(entry.path, None, NOT_REGULAR))
                elif wanted(entry.name):
                    found.append(entry.path)
    if problems:
        raise BuildError(sorted(problems, key=lambda p: p.path))
    return sorted(found, key=lambda p: p.split(os.sep))
