"""The old WordPress site's addresses: which kabar permalink pattern its post links follow, and what the new URL of
each post is under a pattern.

WordPress builds a post's link from its permalink structure (/%postname%/, /%year%/%monthnum%/%postname%/,
/berita/%post_id%/...), which the export does not name; it is read back from the links. Each segment of an old
path is matched against the post's own values (its year, month, day, hour, minute, second, slug, id, category);
when every published post's path gives the same pattern, the site keeps it (`permalinks: article:`), and old links
simply keep working. Otherwise kabar's default applies and every old link becomes an alias. Links between posts
are rewritten to the new URLs, so that they lead there without a redirect.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_ARTICLE = "/:year/:month/:day/:slug/"
TOKENS = ("year", "month", "day", "slug", "id", "category", "hour", "minute", "second")  # preferred first
LINK = re.compile(r"""(<a\s[^>]*?\bhref\s*=\s*)(["'])([^"']*)\2""", re.IGNORECASE)
FRONT_SCRIPTS = ("/", "/index.php")  # where WordPress answers ?p=ID and ?page_id=ID


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


def rewrite_links(body: str, blog_path: str, old_paths: dict[str, str], new_urls: dict[str, str]) -> tuple[str, int]:
    """BODY with each link to a post or page of the site at an old address (/?p=ID, /?page_id=ID, or a path in
    OLD_PATHS, which gives the post id) pointing at its URL in NEW_URLS (by post id); how many were rewritten.
    Links to the old site's host are site paths already (wpbody); a link to another site is left as it is."""
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        target = html.unescape(match[3])
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not (parts.path.startswith("/") or (not parts.path and parts.query)):
            return match[0]  # another site's, or relative to the page it was on
        path = old_path(target.split("#", 1)[0], blog_path)
        path, _, query = path.partition("?")
        asked = parse_qs(query)
        if query and path in FRONT_SCRIPTS and ("p" in asked or "page_id" in asked):
            post_id = (asked.get("p") or asked["page_id"])[0]
        elif not query:
            post_id = old_paths.get(path) or old_paths.get(path.rstrip("/") + "/", "")
        else:
            return match[0]
        new = new_urls.get(post_id)
        if new is None or new == path:
            return match[0]
        count += 1
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return f"{match[1]}{match[2]}{html.escape(new + fragment)}{match[2]}"

    return LINK.sub(one, body), count
