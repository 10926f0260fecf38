"""The static stage: the site's static/ over the theme's, then the files under content/ that are not articles."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .scan import Found


def copy_static(found: Found, content_dir: Path, output) -> int:
    """The files FOUND by the scan, added to OUTPUT at their place in the site.

    A file of either static folder at the path of a page, a feed or a sitemap is a problem, as one in content/ is.
    """
    copied = 0
    overridden: set[PurePosixPath] = set()  # the site's static files, each replacing the theme's of that name
    for folder, names in found.static:
        for name in names:
            path = Path(name)
            target = PurePosixPath(path.relative_to(folder).as_posix())
            if target not in overridden:
                overridden.add(target)
                output.add(target, path.read_bytes(), str(path))
                copied += 1
    for path in map(Path, found.assets):
        target = PurePosixPath(path.relative_to(content_dir).as_posix())
        output.add(target, path.read_bytes(), str(path))
        copied += 1
    return copied
