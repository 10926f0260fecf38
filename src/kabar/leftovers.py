"""Template code left in an article imported from another generator, which readers would see as written.

Jekyll's Liquid (`{% link ... %}`, `{{ site.baseurl }}`), Zola's Tera (`{% quote() %}`), Hugo's shortcodes
(`{{< figure ... >}}`, `{{% note %}}`) and WordPress's (`[caption]`, `[gallery]`) mean nothing to kabar. Each one
outside code (where it is shown on purpose) is found with the line of the article's file that holds it. So is
one in prose, unless its first brace is written `&#123;` (`&#123;{ nama }}` shows `{{ nama }}`): shown on purpose.
"""

from __future__ import annotations

import bisect
import html
import math
import re
from collections.abc import Callable, Iterator

from . import closers, limits
from .frontmatter import MissingFrontMatter, split_front_matter
from .warning_kinds import LEFT_IN_THE_TEXT  # what warning_kinds groups these warnings by

# In cmark's HTML, where < > " & are entities. The first pattern that matches at a place names it.
IMAGE = "write it as Markdown or HTML (an image: ![alt](/images/a.jpg))"
NAMES = "caption|gallery|embed|audio|video|playlist"


def _ends(text: str) -> Callable[[int], int | None]:
    """Where the template code of KINDS' first, second or fourth kind that begins at a place ends (each begins
    with its own mark: see closers.Bounded), in time linear in the text."""
    hugo, liquid = re.compile(r"\{\{(?:&lt;|%)\s*+/?\s*+[\w./-]+"), re.compile(r"\{%-?\s*+\w+")
    wordpress, space = re.compile(rf"\[/?(?:{NAMES})"), re.compile(r"\s")
    hugo_end, liquid_end = closers.Next(text, re.compile(r"(?:&gt;|%)\}\}")), closers.Next(text, "%}")
    line_end, bracket_or_line_end = closers.Next(text, "\n"), closers.Next(text, re.compile(r"[\]\n]"))

    def on_its_line(opened: re.Match[str] | None, closer: closers.Next) -> int | None:
        """The end of the first CLOSER after OPENED, when it is on the same line."""
        if opened is None or (shut := closer.after(opened.end())) is None:
            return None
        line = line_end.after(opened.end())
        return shut[1] if line is None or shut[1] <= line[0] else None

    def ends(place: int) -> int | None:
        if text.startswith("{{", place):
            return on_its_line(hugo.match(text, place), hugo_end)
        if text.startswith("{%", place):
            return on_its_line(liquid.match(text, place), liquid_end)
        if (opened := wordpress.match(text, place)) is None:
            return None
        if text.startswith("]", after := opened.end()):
            return after + 1
        if space.match(text, after) is None or (shut := bracket_or_line_end.after(after + 1)) is None:
            return None
        return shut[1] if text[shut[0]] == "]" else None

    return ends


KINDS = (  # (pattern, what it is, what to do)
    (re.compile(r"\{\{(?:&lt;|%)\s*/?\s*[\w./-]+.*?(?:&gt;|%)\}\}"), "a Hugo shortcode", IMAGE),
    (
        re.compile(r"\{%-?\s*\w+.*?-?%\}"),
        "a template tag (Jekyll's Liquid, Zola's Tera)",
        "write what it stands for (a link: [text](/2024/03/05/slug/))",
    ),
    (
        re.compile(r"\{\{-?\s*[\w.$|\" ()&;'/-]+?\s*-?\}\}"),
        "template code (Liquid, Tera or Hugo)",
        "write the value itself",
    ),
    (re.compile(rf"\[/?(?:{NAMES})(?:\s[^\]\n]*)?\]"), "a WordPress shortcode", IMAGE),
)


def _value_ends(text: str) -> Callable[[int], int | None]:
    """Where the template code of KINDS' third kind that begins at a place ends, in time linear in the text."""
    outside = closers.Next(text, re.compile(r"[^\w.$|\" ()&;'/\s-]"))

    def ends(place: int) -> int | None:
        stop = (outside.after(place + 2) or (len(text), 0))[0]
        return stop + 2 if text.startswith("}}", stop) and _is_value(text[place + 2 : stop]) else None

    return ends


def _is_value(inner: str) -> bool:
    """Whether `-?\\s*[...]+?\\s*-?` (KINDS' third) matches all of INNER, whose characters are all of its class
    or whitespace: re's own backtracking took time quadratic in a run of spaces (50,000 took 45 s)."""
    dashes = [
        (start, end)
        for start in {0, int(inner.startswith("-"))}
        for end in {len(inner), len(inner) - inner.endswith("-")}
    ]
    return any(start < end and _is_spaced_value(inner[start:end]) for start, end in dashes)


def _is_spaced_value(text: str) -> bool:
    """Whether TEXT is whitespace, characters of the class (a space among them) and whitespace, in that order."""
    lead, trail = len(text) - len(text.lstrip()), len(text.rstrip())
    bounds = [-1, *(at for at, char in enumerate(text) if char.isspace() and char != " "), len(text)]
    return any(
        bounds[at] + 1 < bounds[at + 1] and bounds[at] < lead and (at + 2 == len(bounds) or bounds[at + 1] >= trail)
        for at in range(len(bounds) - 1)
    )


# Each found in time linear in the text (5,000 '{{% a ' on a line took 10 s).
FOUND = tuple(
    closers.Bounded(pattern=pattern, starts=re.compile(start), ends=ends)
    for (pattern, _, _), start, ends in zip(
        KINDS,
        (r"\{\{(?:&lt;|%)", r"\{%", r"\{\{", rf"\[/?(?:{NAMES})"),
        (_ends, _ends, _value_ends, _ends),
        strict=True,
    )
)
LIKELY = re.compile(rf"\{{\{{|\{{%|\[/?(?:{NAMES})\b")


def _code_ends(text: str) -> Callable[[int], int | None]:
    """Where the <pre> or <code> that begins at a place is closed, in time linear in the text."""
    opener = re.compile(r"<(pre|code)\b")
    closing = {name: closers.Next(text, f"</{name}>") for name in ("pre", "code")}

    def ends(place: int) -> int | None:
        opened = opener.match(text, place)
        return None if opened is None else closing[opened[1]].end_after(opened.end())

    return ends


CODE = closers.Bounded(
    pattern=re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL), starts=re.compile("<(?:pre|code)"), ends=_code_ends
)
BLOCK = re.compile("data-sourcepos=")
# A brace written as an entity, which an author (or an import) writes to show template code on purpose; for the
# check it becomes another character, which begins none (an entity too, so that Markdown reads the text alike).
ENTITY_BRACE, NOT_A_BRACE = re.compile(r"&#0*123;|&#x0*7b;|&lbrace;|&lcub;", re.IGNORECASE), "&#65533;"


def leftovers(body_html: str, source_text: str) -> Iterator[tuple[int, str]]:
    """(line in the file, message) for each piece of template code in an article's body, outside code.

    BODY_HTML is what kabar made of the article, SOURCE_TEXT its file; the file's body is only rendered
    again, with each block's line, when BODY_HTML holds something that looks like template code."""
    if not LIKELY.search(body_html):
        return
    try:
        parts = split_front_matter(source_text)
    except MissingFrontMatter:
        return
    from .body import to_html  # here: `kabar build` imports this module to group warnings, even when nothing changed

    shown_on_purpose = ENTITY_BRACE.sub(NOT_A_BRACE, parts.body)
    placed = CODE.sub(lambda code: " " * len(code[0]), to_html(shown_on_purpose, positions=True))
    blocks = [(found.end(), int(found[1])) for found in limits.SOURCEPOS.finditer(placed)]  # each block's line
    block_starts = [found.start() for found in BLOCK.finditer(placed)]
    breaks = [found.start() for found in re.finditer("\n", placed)]
    taken: list[tuple[int, int]] = []  # what an earlier kind found, as spans that do not overlap, in order
    for (_, what, fix), pattern in zip(KINDS, FOUND, strict=True):
        found_here = []
        for found in pattern.finditer(placed):
            at = bisect.bisect_right(taken, (found.start(), math.inf)) - 1
            if at >= 0 and found.start() < taken[at][1]:
                continue
            found_here.append((found.start(), found.end()))
            line = _line(parts.body_line, found.start(), blocks, block_starts, breaks)
            yield line, f"{_clip(html.unescape(found[0]))} is {what} {LEFT_IN_THE_TEXT}; {fix}"
        taken = _merged(taken + found_here)


def _line(body_line: int, offset: int, blocks: list[tuple[int, int]], starts: list[int], breaks: list[int]) -> int:
    """The line of the article's file at OFFSET of its HTML: its block's (BLOCKS: where each block's line is
    written, and the line) and the line breaks between the block's start (STARTS) and OFFSET (BREAKS)."""
    block = bisect.bisect_right(blocks, (offset, math.inf)) - 1  # the last block whose mark ends by OFFSET
    start = starts[at] if (at := bisect.bisect_right(starts, offset - len(BLOCK.pattern)) - 1) >= 0 else 0
    between = bisect.bisect_left(breaks, offset) - bisect.bisect_left(breaks, start)
    return body_line - 1 + (blocks[block][1] if block >= 0 else 1) + between


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """SPANS as the fewest spans that cover the same places, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
