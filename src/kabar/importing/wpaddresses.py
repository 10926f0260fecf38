"""The old WordPress site's addresses: which kabar permalink pattern its post links follow, and what the new URL of
each post is under a pattern.

WordPress builds a post's link from its permalink structure (/%postname%/, /%year%/%monthnum%/%postname%/,
/berita/%post_id%/...), which the export does not name; it is read back from the links. Each segment of an old
path is matched against the post's own values (its year, month, day, hour, minute, second, slug, id, category);
when every published post's path gives the same pattern, the site keeps it (`permalinks: article:`), and old links
simply keep working. WordPress made every link with the one structure, so when only some posts' paths do not fit
(a slug kabar spells otherwise, with capitals or %-encoded characters; a child category's path), the pattern more
than half of them follow is kept and those few old links become aliases. Otherwise kabar's default applies and
every old link becomes an alias. Links between posts are rewritten to the new URLs, so that they lead there without
a redirect.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
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


def most_followed_pattern(samples: list[tuple[str, dict[str, str]]]) -> str | None:
    """The pattern more than half of SAMPLES follow, when they do not all follow one (see infer_pattern), or None.

    Each segment is the token most posts' values give there (a token before an equally common literal), else the
    literal most of them have; the pattern is kept only if more than half of the posts follow it whole."""
    pretty = [(path, given) for path, given in samples if "?" not in path and path.endswith("/")]
    usable = [(unquote(path).strip("/").split("/"), given) for path, given in pretty]
    shapes = Counter(len(segments) for segments, _ in usable)
    if not shapes:
        return None
    length = min(shapes, key=lambda size: (-shapes[size], size))
    rows = [(segments, given) for segments, given in usable if len(segments) == length]
    pattern = []
    for position in range(length):
        tokens = Counter(
            token for segments, given in rows for token in TOKENS if given[token] and segments[position] == given[token]
        )
        literals = Counter(segments[position] for segments, _ in rows)
        token = min(tokens, key=lambda t: (-tokens[t], TOKENS.index(t))) if tokens else None
        literal, seen = literals.most_common(1)[0]
        if token and tokens[token] >= seen:
            pattern.append(f":{token}")
        elif seen > 1:
            pattern.append(literal)
        else:
            return None
    if not any(part in (":slug", ":id") for part in pattern):
        return None
    found = "/" + "/".join(pattern) + "/"
    followers = sum(follows(found, path, given) for path, given in samples)
    return found if followers * 2 > len(samples) else None


def follows(pattern: str, path: str, given: dict[str, str]) -> bool:
    """Whether the old PATH of a post with GIVEN values is its URL under PATTERN."""
    return "?" not in path and unquote(path) == article_url(pattern, given)


def describe(samples: list[tuple[str, dict[str, str]]]) -> str:
    """The shape most of SAMPLES' old paths have, each part that is a post's value as its token: "/?p=:id",
    "/archives/:id", "/:year/:slug.html" (and " and others" when they have several)."""

    def shape(path: str, given: dict[str, str]) -> str:
        route, mark, query = path.partition("?")
        parts = []
        for part in route.split("/"):
            token = next((t for t in TOKENS if given[t] and part.split(".", 1)[0] == given[t]), None)
            parts.append(f":{token}" + part[len(given[token]) :] if token else part)
        pairs = [pair.partition("=") for pair in query.split("&")] if query else []
        asked = [f"{key}=:id" if value == given["id"] else f"{key}={value}" for key, _, value in pairs]
        return "/".join(parts) + mark + "&".join(asked)

    shapes = Counter(shape(path, given) for path, given in samples)
    most = min(shapes, key=lambda found: (-shapes[found], found))
    return most + (" and others" if len(shapes) > 1 else "")


def article_url(pattern: str, given: dict[str, str]) -> str:
    """The URL of a post with GIVEN values under PATTERN."""
    parts = [given[part[1:]] if part.startswith(":") else part for part in pattern.strip("/").split("/")]
    return "/" + "/".join(parts) + "/"


def rewrite_links(body: str, old_paths: dict[str, str], new_urls: dict[str, str]) -> tuple[str, int]:
    """BODY with each link to a post or page of the site at an old address (/?p=ID, /?page_id=ID, or a path in
    OLD_PATHS, which gives the post id) pointing at its URL in NEW_URLS (by post id); how many were rewritten.
    Links to the old site, with its host or from its root, are site paths already, its folder taken off (wpbody):
    not taken off again (a site under /berita with a category berita has /berita/berita/x/ at /berita/x/); a link
    to another site is left as it is."""
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        target = html.unescape(match[3])
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not (parts.path.startswith("/") or (not parts.path and parts.query)):
            return match[0]  # another site's, or relative to the page it was on
        path, _, query = target.split("#", 1)[0].partition("?")
        path = path or "/"
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
