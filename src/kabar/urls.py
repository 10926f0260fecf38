"""Every URL the site has, and the file each one is written to, in one place.

URLs are site-absolute paths ending in '/' for pages ("/2024/03/05/slug/")
or in a file name ("/feed.xml"). Articles, categories, tags and authors follow kabar.yml's `permalinks:`
(see permalinks.py), each pattern compiled once (Pattern); the defaults are DESIGN.md's URLs.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from typing import NamedTuple
from urllib.parse import urlsplit

CATEGORY_PREFIX = "kategori"
TAG_PREFIX = "tag"
AUTHOR_PREFIX = "penulis"
FEED_FILE = "feed.xml"
PAGINATION_PREFIX = "page"
# The first segments of kabar's own addresses (listings, their pages, search): a page cannot take them.
RESERVED_PREFIXES = (CATEGORY_PREFIX, TAG_PREFIX, AUTHOR_PREFIX, PAGINATION_PREFIX, "cari", "pagefind")
SEARCH_URL = "/cari/"
# A slug is a folder name, and file systems allow 255 bytes; WordPress caps its slugs at 200, so an
# imported site keeps its URLs. Slugs are ASCII: characters are bytes.
SLUG_MAX = 200


@functools.lru_cache(maxsize=65536)  # the same categories, tags and authors come back in every article
def slugify(text: str) -> str:
    """A URL-safe slug: lowercase ASCII letters, digits and hyphens only.

    Text in a script python-slugify cannot spell in Latin letters (Javanese, Sundanese...) gets
    a short hash of itself, so that a title in any script makes a URL; text with no letter or
    digit at all (punctuation, emoji) gives "". A slug longer than SLUG_MAX is cut at the last
    whole word that fits (a 400-character headline, a Chinese one whose transliteration is longer).
    """
    from slugify import slugify as spelled  # here: a build that finds nothing changed makes no slug (0.01 s)

    slug = spelled(text, max_length=SLUG_MAX, word_boundary=True)
    if not slug and any(char.isalnum() for char in text):
        return hashlib.blake2b(text.strip().encode("utf-8"), digest_size=5).hexdigest()
    return slug


# Each token of a permalink pattern, as str.format writes its value: dates as numbers of fixed width.
TOKENS = {
    "year": "{year:04d}",
    "month": "{month:02d}",
    "day": "{day:02d}",
    "hour": "{hour:02d}",
    "minute": "{minute:02d}",
    "second": "{second:02d}",
    "slug": "{slug}",
    "category": "{category}",
    "id": "{id}",
    "path": "{path}",  # a page's: its file's path under pages/ ("tentang/kontak")
}
TOKEN = re.compile(r":([A-Za-z_]+)")
ARTICLE_PATTERN = "/:year/:month/:day/:slug/"
CATEGORY_PATTERN = f"/{CATEGORY_PREFIX}/:slug/"
TAG_PATTERN = f"/{TAG_PREFIX}/:slug/"
AUTHOR_PATTERN = f"/{AUTHOR_PREFIX}/:slug/"
PAGE_PATTERN = "/:path/"


class Pattern(NamedTuple):
    """A permalink pattern ('/:year/:slug/') made ready to fill: a str.format template, and the tokens it uses."""

    text: str
    template: str
    tokens: frozenset[str]


@functools.lru_cache(maxsize=64)  # a build has four patterns: each is compiled once
def compile_pattern(text: str) -> Pattern:
    """TEXT (checked already: see permalinks.py) as a Pattern."""
    pieces, used, at = [], set(), 0
    for token in TOKEN.finditer(text):
        pieces += [text[at : token.start()].replace("{", "{{").replace("}", "}}"), TOKENS[token[1]]]
        used.add(token[1])
        at = token.end()
    pieces.append(text[at:].replace("{", "{{").replace("}", "}}"))
    return Pattern(text, "".join(pieces), frozenset(used))


def article_url(
    date: dt.datetime, slug: str, pattern: str = ARTICLE_PATTERN, category: str = "", ident: str = ""
) -> str:
    """The URL of the article of DATE (its own wall clock), SLUG, category slug CATEGORY and front matter id IDENT."""
    # One str.format of int fields: 1.3 us, where today's f"/{date:%Y/%m/%d}/{slug}/" (strftime) took 2.3 us.
    return compile_pattern(pattern).template.format(
        year=date.year,
        month=date.month,
        day=date.day,
        hour=date.hour,
        minute=date.minute,
        second=date.second,
        slug=slug,
        category=category,
        id=ident,
    )


def category_url(slug: str, pattern: str = CATEGORY_PATTERN) -> str:
    return compile_pattern(pattern).template.format(slug=slug)


def tag_url(slug: str, pattern: str = TAG_PATTERN) -> str:
    return compile_pattern(pattern).template.format(slug=slug)


def author_url(slug: str, pattern: str = AUTHOR_PATTERN) -> str:
    return compile_pattern(pattern).template.format(slug=slug)


def directory_url(pattern: str) -> str | None:
    """The URL of the page that lists every category, tag or author whose pages follow PATTERN: the folder above
    them ("/kategori/:slug/" gives "/kategori/"), as Hugo's /tags/ is above /tags/NAME/; None when the pattern has
    no such folder of its own ("/:slug/", "/topik-:slug/", "/:year/:slug/")."""
    above, _, rest = pattern.rpartition(":slug")
    if rest != "/" or not above.endswith("/") or above == "/" or TOKEN.search(above):
        return None
    return above


# Integer formats rather than strftime's: the same text for kabar's years (1000-9998), at a third of the cost.


def year_url(day: dt.date) -> str:
    return f"/{day.year:04d}/"


def month_url(day: dt.date) -> str:
    return f"/{day.year:04d}/{day.month:02d}/"


def day_url(day: dt.date) -> str:
    return f"/{day.year:04d}/{day.month:02d}/{day.day:02d}/"


def feed_url(listing_url: str = "/") -> str:
    return f"{listing_url}{FEED_FILE}"


def listing_page_url(first_page: str, number: int) -> str:
    """The URL of page NUMBER (1-based) of a listing whose first page is FIRST_PAGE."""
    return first_page if number == 1 else f"{first_page}{PAGINATION_PREFIX}/{number}/"


def listing_page_urls(first_page: str, count: int) -> list[str]:
    """The URLs of the COUNT pages of a listing whose first page is FIRST_PAGE, by map() (90,000 pages: 0.03 s)."""
    return list(map(functools.partial(listing_page_url, first_page), range(1, count + 1)))


def page_url(path: str, pattern: str = PAGE_PATTERN) -> str:
    """The URL of the page whose address is PATH (pages/tentang/kontak.md, or its slug: "tentang/kontak"): :path is
    all of it, :slug its last part."""
    return compile_pattern(pattern).template.format(path=path, slug=path.rpartition("/")[2])


def is_front_page(url: str) -> bool:
    """Whether URL, a link as a menu gives it, is the site's front page ("/", "/index.html")."""
    return url in ("/", "/index.html")


def is_site_path(url: str) -> bool:
    """Whether URL is a path of this site: one leading slash. Two ("//host/x") name another host, as a browser
    reads them; a relative link, an http(s) URL or "" is no path of the site either."""
    return url.startswith("/") and not url.startswith("//")


def absolute(base_url: str, url: str) -> str:
    return base_url + url


def output_path(url: str) -> str:
    """The file, relative to the output folder ('2024/03/05/slug/index.html'), that serves URL."""
    path = url.lstrip("/")
    if url.endswith("/"):
        path += "index.html"
    if not url.startswith("/") or (".." in path and ".." in path.split("/")):  # split only when it may matter
        raise ValueError(f"URL {url!r} would leave the output folder")
    return path


WEB_SCHEMES = ("http", "https")


def is_safe_link(url: str) -> bool:
    """Whether URL is a path (on the site) or an http(s) URL, as a browser reads it: never javascript:, data: or
    vbscript:, which run or hide code in an img src or a feed reader, and never a line break or other character
    no one can see (urlsplit, like a browser, drops tabs and line breaks before it finds the scheme)."""
    if not url.isprintable():
        return False
    parts = urlsplit(url)
    return not parts.scheme or (parts.scheme in WEB_SCHEMES and bool(parts.netloc))


def is_absolute_web_url(url: str) -> bool:
    """Whether URL is one absolute http(s) URL that other URLs can follow (base_url + '/feed.xml'): no space,
    no line break (robots.txt is lines), no query or fragment."""
    parts = urlsplit(url)
    return (
        url.isprintable()
        and " " not in url
        and parts.scheme in WEB_SCHEMES
        and bool(parts.netloc)
        and not parts.query
        and not parts.fragment
    )
