"""The old WordPress site's addresses: which kabar permalink pattern its post links follow, and what the new URL of
each post is under a pattern.

WordPress builds a post's link from its permalink structure (/%postname%/, /%year%/%monthnum%/%postname%/,
/berita/%post_id%/...), which the export does not name; it is read back from the links. Each segment of an old
path is matched against the post's own values (its year, month, day, hour, minute, second, slug, id, category);
when every published post's path gives the same pattern, the site keeps it (`permalinks: article:`), and old links
simply keep working. Otherwise kabar's default applies and every old link becomes an alias.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote, urlsplit

DEFAULT_ARTICLE = "/:year/:month/:day/:slug/"
TOKENS = ("year", "month", "day", "slug", "id", "category", "hour", "minute", "second")  # preferred first


def values(when: dt.datetime, slug: str, post_id: str, category: str) -> dict[str, str]:
    """A post's value for each permalink token (its local date, kabar slug, WordPress id, category slug)."""
    return {
        "year": f"{when:%Y}",
        "month": f"{when:%m}",
        "day": f"{when:%d}",
        "hour": f"{when:%H}",
        "minute": f"{when:%M}",
        "second": f"{when:%S}",
        "slug": slug,
        "id": post_id,
        "category": category,
    }


def old_path(link: str, blog_path: str) -> str:
    """The site path of an old link (its folder on the host taken off), query string kept: "/?p=12"."""
    parts = urlsplit(link)
    path = parts.path or "/"
    if blog_path and (path == blog_path or path.startswith(blog_path + "/")):
        path = path[len(blog_path) :] or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def infer_pattern(samples: list[tuple[str, dict[str, str]]]) -> str | None:
    """The one pattern every (old path, values) of SAMPLES follows, or None when they follow none together."""
    if not samples:
        return None
    shapes = {path.count("/") for path, _ in samples}
    if len(shapes) != 1 or any("?" in path or not path.endswith("/") for path, _ in samples):
        return None
    segments_per_post = [unquote(path).strip("/").split("/") for path, _ in samples]
    pattern = []
    for position in range(len(segments_per_post[0])):
        column = [(segments[position], given) for segments, (_, given) in zip(segments_per_post, samples, strict=True)]
        literals = {segment for segment, _ in column}
        possible = [
            token for token in TOKENS if all(given[token] and segment == given[token] for segment, given in column)
        ]
        if possible:
            pattern.append(f":{possible[0]}")
        elif len(literals) == 1 and len(samples) > 1:
            pattern.append(literals.pop())
        else:
            return None
    if not any(part in (":slug", ":id") for part in pattern):
        return None  # /:year/:month/ alone would give two posts of a month one URL
    return "/" + "/".join(pattern) + "/"


def article_url(pattern: str, given: dict[str, str]) -> str:
    """The URL of a post with GIVEN values under PATTERN."""
    parts = [given[part[1:]] if part.startswith(":") else part for part in pattern.strip("/").split("/")]
    return "/" + "/".join(parts) + "/"
