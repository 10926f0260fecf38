"""Gutenberg posts: the block comments (`<!-- wp:paragraph -->`) taken out, the HTML they wrap kept.

A block that saves no HTML (`<!-- wp:latest-posts /-->`, search, archives, calendar...) is drawn by the old site's
PHP on each view; a static site cannot, so it is dropped and named. A reusable block (`<!-- wp:block {"ref":12}
/-->`) is replaced by the content of the block it points to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

# The block grammar's delimiters: an opener, a closer (leading /) or a void block (trailing /).
DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attributes>\{(?:(?!-->).)*?\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)
MAX_DEPTH = 8  # reusable blocks inside reusable blocks, as far as a real site nests them (and never forever)


def has_blocks(text: str) -> bool:
    """has_blocks(): whether TEXT was written in the block editor."""
    return "<!-- wp:" in text


def strip_blocks(text: str, reusable: Callable[[str], str | None], dropped: list[str], depth: int = 0) -> str:
    """TEXT without its block delimiters; the names of blocks that had to be dropped are added to DROPPED."""

    def one(match: re.Match[str]) -> str:
        if not match.group("void"):
            return ""
        name = match.group("name")
        if name == "block" and depth < MAX_DEPTH:
            content = reusable(_reference(match.group("attributes")))
            if content is not None:
                return strip_blocks(content, reusable, dropped, depth + 1)
        dropped.append(name)
        return ""

    return DELIMITER.sub(one, text)


def _reference(attributes: str | None) -> str:
    try:
        return str(json.loads(attributes or "{}").get("ref", ""))
    except (ValueError, AttributeError):
        return ""
