"""Split an article's text into its front matter and its Markdown body.

The front matter sits at the very top: YAML between two `---` lines, or TOML between two `+++`
lines (Hugo, Zola). A UTF-8 BOM and CRLF line endings are accepted (the BOM is dropped when the
file is read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FENCE = "---"
TOML_FENCE = "+++"


class MissingFrontMatter(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Split:
    front: str  # the YAML or TOML text, without fences
    body: str  # the Markdown text
    body_line: int  # file line on which the body starts
    toml: bool = False  # between '+++' lines


def split_front_matter(text: str) -> Split:
    """Return the front matter and Markdown halves of TEXT; the front matter starts on line 2."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not text.strip():
        raise MissingFrontMatter(
            1,
            "the file is empty: an article starts with front matter, '---' lines around "
            "'title: ...', 'date: ...' and 'category: ...', then the story",
        )
    fence = lines[0].rstrip()
    if fence == TOML_FENCE:
        for index in range(1, len(lines)):
            if lines[index].rstrip() == TOML_FENCE:
                return Split("\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2, toml=True)
        raise MissingFrontMatter(1, "front matter is not closed: add a '+++' line after the last 'key = value' line")
    if fence != FENCE:
        raise MissingFrontMatter(
            1,
            "no front matter: an article starts with a '---' line, "
            "then 'title: ...', 'date: ...', 'category: ...', then '---'",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            return Split("\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2)
    raise MissingFrontMatter(1, "front matter is not closed: add a '---' line after the last 'key: value' line")


def source_lines(source: str) -> list[str]:
    """The lines of the file SOURCE (an article's, for messages that name a line); none if it cannot be read."""
    try:
        return Path(source).read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return []


def key_line(source: str, key: str) -> int | None:
    """The line of the file SOURCE on which front matter KEY is given (`key:` in YAML, `key =` in TOML)."""
    written = re.compile(rf"{key}\s*[:=]")
    return next((n for n, line in enumerate(source_lines(source), start=1) if written.match(line)), None)
