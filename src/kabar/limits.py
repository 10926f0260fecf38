"""Limits on the work one article's body can cost a build, checked before and after cmark renders it.

Small hostile bodies take minutes: 100,000 nested `>` quotes (100 KB) become 13 MB of HTML that the
sanitiser (nh3, with safe_html) and the search index crawl through; 250,000 emphasis marks, table cells
or `&`s cost cmark or nh3 seconds; 35,000 footnotes, 10 MB of HTML. No story comes near these limits, so
a body past one is refused with the line that passes it, before anything slow sees it. The counts are
over the Markdown as written (code blocks too): a few passes of str.count, for every article.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from typing import BinaryIO

from .errors import BuildError, Problem

MAX_DEPTH = 100
# An article or page file is at most this, checked before it is read whole: the largest real story, with the HTML
# it embeds, is well under 1 MB (a 50 MB title: took 30 s of kabar build; a 20 MB body 18 s and 850 MB of memory).
MOST_MB = 5


@dataclass(frozen=True, slots=True)
class Budget:
    what: str  # in the message: "table cells ('|')"
    marks: tuple[str, ...]  # what is counted
    most: int  # the most one article may hold


# Each with a wide margin over a long story (a 300 KB transcript with 3,000 turns, 1,500 footnotes and a
# 1,500-row table holds 42,000 emphasis marks and less of the others), and each well under a second of
# build at its limit (bench/hostile.py).
BUDGETS = (
    Budget("footnote marks ('[^')", ("[^",), 4_000),
    Budget("links and images ('[')", ("[",), 20_000),
    Budget("emphasis marks ('*', '_', '~')", ("*", "_", "~"), 100_000),
    Budget("table cells ('|')", ("|",), 30_000),
    Budget("HTML tags and entities ('<', '&')", ("<", "&"), 20_000),
    Budget("quotation marks ('\"')", ('"',), 50_000),  # each is an entity (&quot;) in the HTML
)
# The search index's work grows with the words it has not seen (a 1 MB list of 125,000 numbers: 1.3 s of
# Pagefind); a long story repeats its words (10,000 different ones in a 300 KB transcript).
MOST_WORDS = 20_000
# A line that opens more than MAX_DEPTH quotes or lists (`> > > x`, `- - - x`, `1. 1. x`), at its start.
DEEP_LINE = re.compile(rf"^(?:[ \t]*(?:>|(?:[-+*]|\d{{1,9}}[.)])(?=[ \t]))){{{MAX_DEPTH + 1}}}", re.M)
THEMATIC_BREAK = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1)*[ \t]*$")  # `* * *`: a line across the page, not lists


def over_budget(markdown: str, budgets: tuple[Budget, ...] = BUDGETS) -> tuple[int, str] | None:
    """The line of MARKDOWN (1-based) where it first passes a limit, and the message; None within all of them.
    BUDGETS: the engine's (cmark-gfm's by default; see markdown_engines.py)."""
    for deep in DEEP_LINE.finditer(markdown):
        end = markdown.find("\n", deep.start())
        if not THEMATIC_BREAK.match(markdown, deep.start(), len(markdown) if end < 0 else end):
            return _line(markdown, deep.start()), DEEP
    for budget in budgets:
        if sum(markdown.count(mark) for mark in budget.marks) > budget.most:
            every = re.finditer("|".join(map(re.escape, budget.marks)), markdown)
            past = next(itertools.islice(every, budget.most, None))
            message = f"the body holds more than {budget.most:,} {budget.what}: {SPLIT}"
            return _line(markdown, past.start()), message
    words = markdown.split()
    if len(words) > MOST_WORDS and len(set(words)) > MOST_WORDS:
        seen: set[str] = set()
        for word in re.finditer(r"\S+", markdown):
            seen.add(word[0])
            if len(seen) > MOST_WORDS:
                message = f"the body holds more than {MOST_WORDS:,} different words: {SPLIT}"
                return _line(markdown, word.start()), message
    return None


SPLIT = "split the article"
DEEP = f"the body nests quotes, lists or HTML elements more than {MAX_DEPTH} deep: flatten it"


def read_article(file: BinaryIO, shown: str, what: str = "an article") -> bytes:
    """The bytes of FILE (WHAT: an article, a page); one larger than MOST_MB is a BuildError, read no further."""
    most = MOST_MB * 1_000_000
    # As many bytes as its stat says, and one more: a read of MOST_MB each made a buffer that large first (35 us a
    # file against 10 us, a quarter of a second per 10,000 articles). One that grew since, or no regular file (a
    # FIFO's size is 0), is read on, up to the limit.
    expected = os.fstat(file.fileno()).st_size
    data = file.read(min(expected, most) + 1)
    if expected < len(data) <= most:
        data += file.read(most + 1 - len(data))
    if len(data) <= most:
        return data
    size = max(expected, len(data)) / 1_000_000
    raise BuildError([Problem(shown, None, f"is {size:.1f} MB: {what} is at most {MOST_MB} MB; split it")])


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
# Elements that nest nothing, or that the next one of their kind closes (<p><p> are siblings):
# counting them would take 200 unclosed <p>s of pasted HTML for 200 levels.
UNNESTED = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    | {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rt", "rp"}
)
SOURCEPOS = re.compile(r'data-sourcepos="(\d+):')


def too_deep(body_html: str) -> int | None:
    """Where in BODY_HTML an element opens more than MAX_DEPTH deep, or None: raw HTML (`<div>` in `<div>`)
    and lists nested by indentation, which no line's start shows."""
    if body_html.count("<") <= MAX_DEPTH:  # too few tags to nest that deep: most articles stop here
        return None
    depth = 0
    for tag in TAG.finditer(body_html):
        if tag[2].lower() in UNNESTED:
            continue
        if tag[1]:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_DEPTH:
                return tag.start()
    return None


def line_of(offset: int, html_with_positions: str) -> int:
    """The Markdown line (1-based, in the body) of the block open at OFFSET of the same HTML made with
    cmark's source positions (data-sourcepos="LINE:COLUMN-..."); 1 when no block before it has one."""
    found = 1
    for found_at in SOURCEPOS.finditer(html_with_positions, 0, offset):
        found = int(found_at[1])
    return found
