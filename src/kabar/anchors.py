"""Anchors: an `id` on every heading of an article's HTML, so that `/2024/03/05/slug/#bagian` links work.

cmark-gfm writes bare `<h2>` tags; after rendering, each gets the slug of its text (as URLs are made),
unique within the article (`-2`, `-3`), or the id written at the end of the heading, `## Bagian {#bagian}`
(Pandoc, kramdown and Hugo's attribute), which is removed from the text. The same text gives the same id.
"""

from __future__ import annotations

import html
import re

from . import urls

HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)  # as cmark writes them: no attribute
EXPLICIT = re.compile(r"\s*\{#([A-Za-z][\w:.-]*)\}\s*$")
TAG = re.compile(r"<[^>]*>")
# Where an article's HTML names a place a link can point at: any element's id, an old <a name>.
NAMED = re.compile(r"""<[^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
UNNAMED = "bagian"  # a heading of no letter or digit (emoji, punctuation): 'section'


def with_heading_ids(body_html: str) -> str:
    """BODY_HTML with an id on each heading cmark wrote; the ids already in it (raw HTML's, footnotes') kept."""
    if "<h" not in body_html:
        return body_html
    taken = ids_in(body_html)

    def named(heading: re.Match[str]) -> str:
        level, inner = heading.groups()
        explicit = EXPLICIT.search(inner)
        if explicit:
            inner, wanted = inner[: explicit.start()], explicit[1]
        else:
            wanted = urls.slugify(html.unescape(TAG.sub("", inner))) or UNNAMED
        anchor, number = wanted, 2
        while anchor in taken:
            anchor, number = f"{wanted}-{number}", number + 1
        taken.add(anchor)
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    return HEADING.sub(named, body_html)


def ids_in(body_html: str) -> set[str]:
    """Every id (and <a name>) in BODY_HTML: the fragments a link to it may end in."""
    return {
        html.unescape(next(part for part in found.groups() if part is not None)) for found in NAMED.finditer(body_html)
    }
