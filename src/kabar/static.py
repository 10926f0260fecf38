"""The static stage: the site's static/ over the theme's, then the files under content/ that are not articles.

The default theme's stylesheets and scripts are published minified (rcssmin, rjsmin): its sources keep their
comments for whoever reads or overrides them, and a reader downloads a quarter less. A site's own are copied as
they are, as every other file.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

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
    copied = 0
    overridden: set[PurePosixPath] = set()  # the site's static files, each replacing the theme's of that name
    for folder, names in found.static:
        theirs = Path(folder).resolve() == THEME_STATIC  # the theme's, or a site's that is the theme's (this repo)
        for name in names:
            path = Path(name)
            target = PurePosixPath(path.relative_to(folder).as_posix())
            if target not in overridden:
                overridden.add(target)
                minify = MINIFY.get(path.suffix) if theirs else None
                if not last.keep_copy(output, str(target), name, "minified" if minify else ""):
                    data = path.read_bytes()
                    output.add(target, minify(data) if minify else data, name)
                copied += 1
    for name in found.assets:
        target = PurePosixPath(Path(name).relative_to(content_dir).as_posix())
        if not last.keep_copy(output, str(target), name):
            output.add(target, Path(name).read_bytes(), name)
        copied += 1
    return copied
