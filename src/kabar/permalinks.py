"""Part of the config stage: kabar.yml's `permalinks:` (URL patterns) and `redirects:` (old addresses), checked.

A pattern is refused when it has an unknown token, does not start and end with '/', leaves out what makes its
page unique, or can give the URL of a page of another kind: another pattern's, or one kabar always makes (the
front page's /page/2/, /cari/, the feeds, the date archives). Tokens holding names (:slug, :category) are taken
to be names there, which neither a word of the site nor a number is: that one article's slug is 'cari' or '2024'
is found where it happens, at that article's file (see site.py). :id may be a number or a name.
"""

from __future__ import annotations

import re
import string
from typing import NamedTuple
from urllib.parse import urlsplit

from . import urls
from .errors import did_you_mean, suggestion
from .models import Permalinks, Redirect

KINDS = ("article", "category", "tag", "author", "page")
# A page's address is its author's, checked page by page against every other (sitepages.refuse_taken_addresses):
# only the others' patterns are compared with each other.
LISTING_KINDS = KINDS[:4]
LISTING_TOKENS = ("slug",)
PAGE_TOKENS = ("path", "slug")
LITERAL = frozenset(string.ascii_letters + string.digits + "-_.~")
DEFAULTS = Permalinks()

# What kabar makes whatever the patterns, each described for messages. ':n' is a page number, '*' anything.
RESERVED = (
    ("/page/:n/", "the front page's later pages (/page/2/)"),
    ("/cari/", "the search page (/cari/)"),
    ("/pagefind/*", "the search index (/pagefind/)"),
    ("/:year/", "the year archives (/2024/)"),
    ("/:year/page/:n/", "the year archives' later pages (/2024/page/2/)"),
    ("/:year/:month/", "the month archives (/2024/03/)"),
    ("/:year/:month/page/:n/", "the month archives' later pages (/2024/03/page/2/)"),
    ("/:year/:month/:day/", "the day archives (/2024/03/05/)"),
    ("/:year/:month/:day/page/:n/", "the day archives' later pages (/2024/03/05/page/2/)"),
)


def settings_from(value: object, lines: dict) -> tuple[Permalinks, list[tuple[int | None, str]]]:
    """kabar.yml's `permalinks:` VALUE as Permalinks, and its problems as (line, message); LINES: kabar.yml's,
    nested ones included. With any problem, the defaults (so that the articles' own problems are found too)."""

    def line_of(kind: str | None = None) -> int | None:
        return lines.get(("permalinks", kind), lines.get("permalinks")) if kind else lines.get("permalinks")

    if not isinstance(value, dict):
        return Permalinks(), [(line_of(), f"permalinks: must be 'kind: pattern' lines ({', '.join(KINDS)})")]
    problems = []
    for kind in value:
        if kind not in KINDS:
            hint = suggestion(str(kind), KINDS)
            problems.append((line_of(kind), f"unknown setting 'permalinks.{kind}'{hint}"))
    given = {kind: value[kind] for kind in KINDS if kind in value}
    for kind, pattern in given.items():
        message = _pattern_problem(kind, pattern)
        if message:
            problems.append((line_of(kind), f"permalinks.{kind}: {message}"))
    if problems:
        return Permalinks(), sorted(problems, key=lambda problem: problem[0] or 0)
    permalinks = Permalinks(**given)
    return permalinks, [(line_of(kind), message) for kind, message in _clashes(permalinks, set(given))]


def _pattern_problem(kind: str, pattern: object) -> str | None:
    """What is wrong with PATTERN on its own, or None."""
    like = getattr(DEFAULTS, kind)
    if not isinstance(pattern, str):
        return f"{pattern!r} must be a pattern like {like}"
    if not (pattern.startswith("/") and pattern.endswith("/")):
        return f"{pattern!r} must start and end with '/', like {like}"
    tokens = []
    for segment in pattern[1:-1].split("/"):
        pieces = urls.TOKEN.split(segment)  # text, token, text, token, ..., text
        if segment in ("", ".", "..") or any(set(text) - LITERAL for text in pieces[::2]):
            return (
                f"{pattern!r} may hold only letters, digits, '-', '_', '.', '~' and tokens like :slug "
                "between its slashes"
            )
        tokens += pieces[1::2]
    known = PAGE_TOKENS if kind == "page" else [token for token in urls.TOKENS if token != "path"]
    for token in tokens:
        if token not in urls.TOKENS:
            guess = did_you_mean(token, known)
            hint = f"did you mean ':{guess}'?" if guess else "known: " + ", ".join(f":{t}" for t in known)
            return f"unknown token ':{token}' in {pattern!r}; {hint}"
    if kind == "page":
        if set(tokens) - set(PAGE_TOKENS) or not tokens:
            return f"{pattern!r} may use :path (the page's file under pages/) or :slug (its name), and one of them"
        return None
    if "path" in tokens:
        return f"{pattern!r}: :path is a page's (pages/), not the {kind}'s"
    if kind == "article":
        if "slug" not in tokens and "id" not in tokens:
            return f"{pattern!r} has neither :slug nor :id, which tell one article from another: add :slug"
        return None
    if set(tokens) - set(LISTING_TOKENS):
        wrong = next(t for t in tokens if t not in LISTING_TOKENS)
        return f"{pattern!r} may use only :slug (the {kind}'s), not :{wrong}"
    if "slug" not in tokens:
        return f"{pattern!r} has no :slug, so every {kind} would have the one URL: write it like {like}"
    return None


def _clashes(permalinks: Permalinks, given: set[str]) -> list[tuple[str, str]]:
    """(kind, message) for each pattern that can give the URL of a page of another kind; only patterns the site
    GIVEN are named (the defaults never clash with each other)."""
    shapes = {kind: _shapes(kind, getattr(permalinks, kind)) for kind in LISTING_KINDS}
    found = []
    for at, kind in enumerate(LISTING_KINDS):
        mine = getattr(permalinks, kind)
        for other in LISTING_KINDS[:at]:
            if (kind in given or other in given) and _overlap(shapes[kind], shapes[other]):
                shown = kind if kind in given else other
                named = other if shown == kind else kind
                found.append(
                    (
                        shown,
                        f"permalinks.{shown}: {getattr(permalinks, shown)!r} can give the same URL as "
                        f"permalinks.{named} ({getattr(permalinks, named)!r}): start one of them with a word of "
                        f"its own, like {getattr(DEFAULTS, shown)}",
                    )
                )
        if kind in given:
            what = next((what for reserved, what in RESERVED if _overlap(shapes[kind], [_items(reserved)])), None)
            if what:
                found.append((kind, f"permalinks.{kind}: {mine!r} can give the URL of {what}"))
    return found


def _shapes(kind: str, pattern: str) -> list[list[_Item]]:
    """The URLs a pattern of KIND makes, as items: its pages, their later pages, a category's feeds."""
    shapes = [pattern]
    if kind != "article":
        shapes.append(pattern + "page/:n/")
    if kind == "category":
        shapes += [pattern + "feed.xml", pattern + "feed.json"]
    return [_items(shape) for shape in shapes]


# Checking whether two patterns can give one URL: each is a sequence of items over characters, and the two
# overlap when some string matches both (a walk over pairs of places in them, as in intersecting two automata).
# A name (:slug) holds NAME, a character no word of the site and no number has; :id may hold anything a name may.

NAME = "\0"
DIGITS = frozenset(string.digits)
NAME_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-_" + NAME)
ANYTHING = NAME_CHARACTERS | LITERAL | {"/"}


class _Item(NamedTuple):
    characters: frozenset[str]
    repeats: bool  # any number of them (none included); else exactly one


def _items(pattern: str) -> list[_Item]:
    items: list[_Item] = []
    at = 0
    for token in [*urls.TOKEN.finditer(pattern), None]:
        end = token.start() if token else len(pattern)
        for character in pattern[at:end]:
            items.append(_Item(ANYTHING, True) if character == "*" else _Item(frozenset(character), False))
        if token is None:
            break
        at = token.end()
        name = token[1]
        if name == "year":
            items += [_Item(DIGITS, False)] * 4
        elif name in ("month", "day", "hour", "minute", "second"):
            items += [_Item(DIGITS, False)] * 2
        elif name == "n":
            items += [_Item(DIGITS, False), _Item(DIGITS, True)]
        elif name == "id":
            items += [_Item(NAME_CHARACTERS, False), _Item(NAME_CHARACTERS, True)]
        else:  # slug, category: a name
            items += [_Item(NAME_CHARACTERS, True), _Item(frozenset(NAME), False), _Item(NAME_CHARACTERS, True)]
    return items


def _overlap(shapes: list[list[_Item]], others: list[list[_Item]]) -> bool:
    return any(_meet(one, other) for one in shapes for other in others)


def _meet(one: list[_Item], other: list[_Item]) -> bool:
    """Whether some string matches both item sequences."""
    seen, todo = set(), [(0, 0)]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(one) and j == len(other):
            return True
        a = one[i] if i < len(one) else None
        b = other[j] if j < len(other) else None
        if a and a.repeats:
            todo.append((i + 1, j))
        if b and b.repeats:
            todo.append((i, j + 1))
        if a and b and a.characters & b.characters:
            todo.append((i if a.repeats else i + 1, j if b.repeats else j + 1))
    return False


def redirects_from(value: object, lines: dict, shown: str) -> tuple[tuple[Redirect, ...], list]:
    """kabar.yml's `redirects:` VALUE (old path: new path or URL) as Redirects, and its problems as (line, message)."""
    if not isinstance(value, dict):
        return (), [(lines.get("redirects"), "redirects: must be 'old path: new path' lines, like /lama/: /baru/")]
    found, problems = [], []
    for old, new in value.items():
        line = lines.get(("redirects", old), lines.get("redirects"))
        message = old_address_problem(old) or new_address_problem(new)
        if message:
            problems.append((line, f"redirects: {message}"))
        else:
            found.append(Redirect(old, new, shown, line))
    return tuple(found), problems


def old_address_problem(old: object) -> str | None:
    """Why OLD cannot be an old address of the site (a path, maybe with a query string), or None."""
    if not isinstance(old, str) or not urls.is_site_path(old) or not urls.is_safe_link(old):
        return f"{old!r} is not a path on the site: write it from the site's root, like /lama/berita/ or /?p=123"
    if set(old) & UNSAFE_IN_ADDRESSES:
        return f'{old!r} holds a space or one of # " \\ < > {{ }} | ^ `, which a browser sends %-encoded: write it so'
    if {".", ".."} & set(old.partition("?")[0].split("/")):
        return f"{old!r} holds a '.' or '..' part, which browsers remove: write the path it stands for"
    return None


# What an address never holds as sent (RFC 3986), and what a redirect file could not quote.
UNSAFE_IN_ADDRESSES = frozenset(' #"\\<>{}|^`')


def new_address_problem(new: object) -> str | None:
    """Why NEW cannot be where an old address leads (a path on the site or an http(s) URL), or None."""
    on_the_site = isinstance(new, str) and urls.is_site_path(new)
    # Quotable in the redirect files: nginx reads a $ as a variable's.
    quotable = isinstance(new, str) and not set(new) & (UNSAFE_IN_ADDRESSES - {"#"} | {"$"})
    if on_the_site and {".", ".."} & set(re.split(r"[?#]", new, maxsplit=1)[0].split("/")):
        return f"{new!r} holds a '.' or '..' part, which browsers remove: write the path it stands for"
    if quotable and urls.is_safe_link(new) and (on_the_site or urlsplit(new).scheme):
        return None
    return f"{new!r} must be a path on the site, like /kategori/berita/, or an http(s) URL"
