"""An article's body, from Markdown: its HTML (only the markup a news article needs, where the site asks for
safe_html), its words, and the first paragraph that summarises it when its front matter gives no summary.

Pages (pages/) and `kabar check` read bodies the same way.
"""

from __future__ import annotations

import html
import re

from . import limits, markdown_engines
from .models import MarkdownSettings

# What to_html makes, in the article cache's key: a cache made before headings had ids is not reused.
MARKUP = "heading ids"
CMARK = MarkdownSettings()  # the default engine: see markdown_engines.py
SUMMARY_WORDS = 35
# A full stop, an ellipsis or a question or exclamation mark, maybe closing a quote or a bracket
SENTENCE_END = re.compile("[.!?\u2026][\"\u201d'\u2019)\\]]*$")
COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)
TAGS = re.compile(r"<[^>]*>")


def count_words(body_html: str) -> int:
    """Words a reader reads."""
    return len(_text(body_html).split())


def _text(body_html: str) -> str:
    """The text without tags: what markupsafe's striptags keeps, in linear time (its loop took 0.24 s over a
    first paragraph of a megabyte of tags)."""
    return html.unescape(TAGS.sub("", COMMENTS.sub("", body_html)))


def to_html(markdown: str, engine: MarkdownSettings = CMARK, safe: bool = False, positions: bool = False) -> str:
    """MARKDOWN as HTML by ENGINE; with SAFE (the safe_html setting), only the markup a news article needs.
    POSITIONS (cmark-gfm only): each block with its Markdown line (data-sourcepos), for messages; no heading ids."""
    body = markdown_engines.render(markdown, engine, positions)
    return sanitise(body) if safe else body


def deep_line(markdown: str) -> int:
    """The line (in the body) where MARKDOWN nests too deep, as cmark-gfm's source positions show it (with either
    engine: Python-Markdown keeps no positions, and raw HTML and lists nest alike in both); 1 if cmark finds none."""
    positioned = markdown_engines.render(markdown, CMARK, positions=True)
    deep_at = limits.too_deep(positioned)
    # Up to the end of the element's own tag, which holds its position (raw HTML has none: the block before it).
    return 1 if deep_at is None else limits.line_of(positioned.find(">", deep_at), positioned)


# safe_html: what Markdown makes (footnotes, task lists, code languages and table alignment
# included) and what an article's raw HTML may add (figures, sized images, abbreviations, ...).
# No script, style, iframe, form, object or event handler; no javascript: or data: URL.
SAFE_TAGS = {
    *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "var"),
    *("a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "q", "cite", "abbr"),
    *("dfn", "time", "data", "span", "div", "section", "figure", "figcaption", "img", "picture", "wbr"),
    *("ul", "ol", "li", "dl", "dt", "dd", "input", "details", "summary", "ruby", "rt", "rp", "bdi", "bdo"),
    *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
}
SAFE_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href", "hreflang", "id", "class", "aria-label"}
    | {"data-footnote-ref", "data-footnote-backref", "data-footnote-backref-idx"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "input": {"checked", "disabled"},
    "code": {"class"},
    "section": {"class", "data-footnotes"},
    "sup": {"class", "id"},
    "div": {"class"},
    "p": {"class"},
    "li": {"id", "value"},
    **{h: {"id"} for h in ("h1", "h2", "h3", "h4", "h5", "h6")},
    "ol": {"start", "reversed"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "data": {"value"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "details": {"open"},
}
SAFE_CLASSES = (
    *("footnotes", "footnote-ref", "footnote-backref"),
    # Python-Markdown's footnotes and admonitions (`!!! note`), with the kinds its documentation names
    *("footnote", "admonition", "admonition-title", "attention", "caution", "danger", "error", "hint", "important"),
    *("note", "tip", "warning"),
)  # and language-*, on code
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise(body_html: str) -> str:
    import nh3  # only sites with safe_html pay for it

    return nh3.clean(
        body_html,
        tags=SAFE_TAGS,
        clean_content_tags={"script", "style", "template"},
        attributes=SAFE_ATTRIBUTES,
        attribute_filter=_safe_attribute,
        tag_attribute_values={"input": {"type": {"checkbox"}}},  # a task list's box, and no other input,
        set_tag_attribute_values={"input": {"disabled": ""}},  # which a reader cannot tick
        url_schemes=SAFE_SCHEMES,
        link_rel=None,  # Markdown's links stay as they are
    )


def _safe_attribute(tag: str, name: str, value: str) -> str | None:
    """Only kabar's own class names: a contributor's markup cannot dress itself as the theme's."""
    if name != "class":
        return value
    kept = [c for c in value.split() if c in SAFE_CLASSES or (tag == "code" and c.startswith("language-"))]
    return " ".join(kept) or None


def first_paragraph(body_html: str) -> str:
    """The first paragraph with words, as plain text, cut at SUMMARY_WORDS words: not a photo alone on its line,
    which is how many stories begin."""
    end = 0
    while (start := body_html.find("<p>", end)) >= 0 and (end := body_html.find("</p>", start)) >= 0:
        words = _text(body_html[start:end]).split()
        if words:
            return _cut_summary(words)
    return ""


def _cut_summary(words: list[str]) -> str:
    """WORDS, the first SUMMARY_WORDS of them if more, the cut marked with "…" as the theme's cards mark the lines
    they clamp ("dalam…"): none where the words kept end a sentence ("malam. …" read as a stray mark)."""
    kept = " ".join(words[:SUMMARY_WORDS])
    if len(words) <= SUMMARY_WORDS or SENTENCE_END.search(kept):
        return kept
    return kept.rstrip(",;:-\u2013\u2014") + "…"  # no comma or dash left hanging before the mark
