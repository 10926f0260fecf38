"""The static stage: the site's static/ over the theme's, then the files under content/ that are not articles.

The default theme's stylesheets and scripts are published minified (rcssmin, rjsmin): its sources keep their
comments for whoever reads or overrides them, and a reader downloads a quarter less. A site's own are copied as
they are, as every other file.
"""

from __future__ import annotations

import os
from pathlib import Path

import rcssmin
import rjsmin

from .incremental import LastBuild
from .scan import Found
from .theme import theme_dir

THEME_STATIC = (theme_dir() / "static").resolve()
MINIFY = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def copy_static(found: Found, content_dir: Path, output, last: LastBuild) -> int:
    """The files FOUND by the scan, added to OUTPUT at their place in the site; those LAST copied and unchanged since
    are kept without being read.

    A file of either static folder at the path of a page, a feed or a sitemap is a problem, as one in content/ is.
    """
    targets, sources, hows = [], [], []
    overridden: set[str] = set()  # the site's static files, each replacing the theme's of that name
    for folder, names in found.static:
        theirs = Path(folder).resolve() == THEME_STATIC  # the theme's, or a site's that is the theme's (this repo)
        prefix = os.path.join(os.fspath(folder), "")
        for name, target in zip(names, _relatives(names, folder, prefix), strict=True):
            if target not in overridden:
                overridden.add(target)
                targets.append(target)
                sources.append(name)
                hows.append("minified" if theirs and os.path.splitext(name)[1] in MINIFY else "")
    prefix = os.path.join(os.fspath(content_dir), "")
    targets += _relatives(found.assets, content_dir, prefix)  # in lists: a site's 10,000 photos
    sources += found.assets
    hows += [""] * len(found.assets)
    kept = last.keep_copies(output, targets, sources, hows)
    for target, name, how, same in zip(targets, sources, hows, kept, strict=True):
        if not same:
            data = Path(name).read_bytes()
            output.add(target, MINIFY[os.path.splitext(name)[1]](data) if how else data, name)
    return len(targets)


def _relatives(names: list[str], folder: Path, prefix: str) -> list[str]:
    """The output path of each file of NAMES found under FOLDER, PREFIX as a string ending in a separator
    ('foto/a.jpg'): strings, as the scan gave them, in one comprehension (a call each for 10,000 photos took 3 ms)."""
    start = len(prefix)
    relative = [name[start:] if name.startswith(prefix) else os.path.relpath(name, folder) for name in names]
    return relative if os.sep == "/" else [path.replace(os.sep, "/") for path in relative]
