"""The static stage: the site's static/ over the theme's, then the files under content/ that are not articles.

The default theme's stylesheets and scripts are published minified (rcssmin, rjsmin): its sources keep their
comments for whoever reads or overrides them, and a reader downloads a quarter less. A site's own are copied as
they are, as every other file.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import rcssmin
import rjsmin

from .scan import Found
from .theme import theme_dir

THEME_STATIC = (theme_dir() / "static").resolve()
MINIFY = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def copy_static(found: Found, content_dir: Path, output) -> int:
    """The files FOUND by the scan, added to OUTPUT at their place in the site.

    A file of either static folder at the path of a page, a feed or a sitemap is a problem, as one in content/ is.
    """
    copied = 0
    overridden: set[PurePosixPath] = set()  # the site's static files, each replacing the theme's of that name
    for folder, names in found.static:
        theirs = Path(folder).resolve() == THEME_STATIC  # the theme's, or a site's that is the theme's (this repo)
        for name in names:
            path = Path(name)
            target = PurePosixPath(path.relative_to(folder).as_posix())
            if target not in overridden:
                overridden.add(target)
                data = path.read_bytes()
                if theirs and path.suffix in MINIFY:
                    data = MINIFY[path.suffix](data)
                output.add(target, data, str(path))
                copied += 1
    for path in map(Path, found.assets):
        target = PurePosixPath(path.relative_to(content_dir).as_posix())
        output.add(target, path.read_bytes(), str(path))
        copied += 1
    return copied
