"""How deep an article's body nests: a bound on the work one article can cost.

A hundred thousand nested `>` quotes or `<div>`s is 100 KB of Markdown, yet the HTML sanitiser
(nh3, with safe_html) and the search indexer take minutes over a tree that deep. No story nests
MAX_DEPTH deep, so a body that does is refused, naming its line, before either sees it.
"""

from __future__ import annotations

import re

MAX_DEPTH = 100
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
# Elements that nest nothing, or that the next one of their kind closes (<p><p> are siblings):
# counting them would take 200 unclosed <p>s of pasted HTML for 200 levels.
UNNESTED = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    | {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rt", "rp"}
)
SOURCEPOS = re.compile(r'data-sourcepos="(\d+):')


def too_deep(body_html: str) -> int | None:
    """Where in BODY_HTML an element opens more than MAX_DEPTH deep, or None."""
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
