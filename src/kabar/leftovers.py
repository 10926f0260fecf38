"""Template code left in an article imported from another generator, which readers would see as written.

Jekyll's Liquid (`{% link ... %}`, `{{ site.baseurl }}`), Zola's Tera (`{% quote() %}`), Hugo's shortcodes
(`{{< figure ... >}}`, `{{% note %}}`) and WordPress's (`[caption]`, `[gallery]`) mean nothing to kabar. Each one
outside code (where it is shown on purpose) is found with the line of the article's file that holds it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from . import limits
from .frontmatter import MissingFrontMatter, split_front_matter

# In cmark's HTML, where < > " & are entities. The first pattern that matches at a place names it.
IMAGE = "write it as Markdown or HTML (an image: ![alt](/images/a.jpg))"
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
    (
        re.compile(r"\[/?(?:caption|gallery|embed|audio|video|playlist)(?:\s[^\]\n]*)?\]"),
        "a WordPress shortcode",
        IMAGE,
    ),
)
LIKELY = re.compile(r"\{\{|\{%|\[/?(?:caption|gallery|embed|audio|video|playlist)\b")
CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL)
SAID = "left in the text: readers would see it as written"  # checks.KINDS groups the warnings by it


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
    from .load import to_html  # here: `kabar build` imports this module to group warnings, even when nothing changed

    placed = CODE.sub(lambda code: " " * len(code[0]), to_html(parts.body, positions=True))
    taken: list[range] = []
    for pattern, what, fix in KINDS:
        for found in pattern.finditer(placed):
            if any(found.start() in span for span in taken):
                continue
            taken.append(range(found.start(), found.end()))
            line = parts.body_line - 1 + limits.line_of(found.start(), placed) + _breaks_in_block(placed, found.start())
            yield line, f"{_clip(html.unescape(found[0]))} is {what} {SAID}; {fix}"


def _breaks_in_block(placed: str, offset: int) -> int:
    """Line breaks between the start of the block that holds OFFSET (its data-sourcepos tag) and OFFSET."""
    start = placed.rfind("data-sourcepos=", 0, offset)
    return placed.count("\n", max(start, 0), offset)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
