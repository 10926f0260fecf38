"""A story's footnotes' links back to its text, labelled in the site's language: cmark-gfm labels each "Back to
reference 1" and Python-Markdown titles it "Jump back to footnote 1 in the text", in English on every page."""

from __future__ import annotations

import html
import re

# cmark-gfm's aria-label (a second reference to one note is "1-2"), Python-Markdown's title.
_BACKLINK = re.compile(
    r'\b(aria-label|title)="(?:Back to reference|Jump back to footnote) ([0-9]+(?:-[0-9]+)?)(?: in the text)?"'
)


def with_backlink_labels(body: str, label: str) -> str:
    """BODY (HTML) with its footnotes' links back labelled LABEL, which holds a %s for the note's number."""
    if "footnote-backref" not in body:
        return body
    return _BACKLINK.sub(lambda found: f'{found[1]}="{html.escape(label % found[2])}"', body)
