"""Characters no reader sees, removed from what authors write (front matter, bodies, settings) wherever it is read.

C0 controls but tab, newline and carriage return; DEL and C1 controls; lone surrogates; U+FFFE, U+FFFF: XML 1.0
cannot hold them. A YAML escape such as "\\x01" or a paste from a PDF puts them in a title; removed, they can never
make a feed or sitemap invalid XML (lxml refuses them) or an HTML page invalid.
"""

from __future__ import annotations

import re

UNSEEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    """TEXT without the characters no reader sees."""
    return UNSEEN.sub("", text) if UNSEEN.search(text) else text


def blank(value: object) -> bool:
    """Nothing written after a key's colon: `title:`, `title: ''`, or only characters no reader sees."""
    return value is None or (isinstance(value, str) and not visible(value).strip())
