"""HTML bodies kept as HTML inside a Markdown file, and the plain text of a piece of HTML. Source-neutral.

CommonMark passes raw HTML through in "HTML blocks", but a blank line ends such a block, and what follows it, if it
does not start with a block-level tag, is read as Markdown (an indented line as code). So a blank line is kept only
before a line that opens a new HTML block, and a blank line inside <pre> (where it matters) is written as the
character reference &#10;, which a browser reads as the same line break.
"""

from __future__ import annotations

import html
import re

# CommonMark's HTML block start conditions 1 and 6: a line starting with one of these tags opens an HTML block.
BLOCK_START = re.compile(
    r"^ {0,3}</?(?:pre|script|style|textarea|address|article|aside|base|basefont|blockquote|body|caption|center|col"
    r"|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head"
    r"|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search"
    r"|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[\s/>]|$)",
    re.IGNORECASE,
)
# Looked for with find and search, not `<!--.*?-->`: an opener never closed is then looked past once, not from
# each of thousands of them to the end of the text (a 20 KB post of '<!--' took 10 s, 80 KB 160 s).
PRE_START = re.compile(r"<pre[\s>]", re.IGNORECASE)
PRE_END = re.compile(r"</pre>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|figcaption|td|th|tr)>", re.IGNORECASE)
# A link and its words, within one tag and one link: an <a> never closed (hostile, or cut short) is not matched
# from every later '<' to the end of the text, which made a 160 KB comment take 21 s.
LINK = re.compile(
    r"""<a\s[^<>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^<>]*>((?:[^<]|<(?!/?a[\s>/]))*?)</a\s*>""",
    re.IGNORECASE,
)


def as_markdown_body(text: str) -> str:
    """HTML TEXT as a Markdown body that renders to the same HTML; comments (invisible) are left out."""
    parts = _split_pre(_without_comments(text))
    for index in range(1, len(parts), 2):
        parts[index] = _no_blank_lines(parts[index])
    lines = "".join(parts).split("\n")
    kept: list[str] = []
    blank = False
    for line in lines:
        if not line.strip():
            blank = bool(kept)
            continue
        if blank and BLOCK_START.match(line):
            kept.append("")
        kept.append(line.rstrip() if kept or BLOCK_START.match(line) else line.strip())
        blank = False
    if kept and not BLOCK_START.match(kept[0]):  # text first would be read as a Markdown paragraph
        kept = ["<div>", *kept, "</div>"]
    return "\n".join(kept)


def _without_comments(text: str) -> str:
    """TEXT without its <!-- comments -->; one never closed is kept as written."""
    kept, at = [], 0
    while (start := text.find("<!--", at)) >= 0 and (end := text.find("-->", start + 4)) >= 0:
        kept.append(text[at:start])
        at = end + 3
    kept.append(text[at:])
    return "".join(kept)


def _split_pre(text: str) -> list[str]:
    """TEXT cut around each <pre>...</pre>: outside, pre, outside... (a <pre> never closed is outside)."""
    parts, at = [], 0
    while (start := PRE_START.search(text, at)) and (end := PRE_END.search(text, start.end())):
        parts += [text[at : start.start()], text[start.start() : end.end()]]
        at = end.end()
    parts.append(text[at:])
    return parts


def _no_blank_lines(text: str) -> str:
    lines: list[str] = []
    for line in text.split("\n"):
        if lines and not lines[-1].strip(" \t"):
            lines[-1] += "&#10;" + line
        else:
            lines.append(line)
    return "\n".join(lines)


def plain_text(text: str) -> str:
    """The words of HTML TEXT, tags and comments taken out, entities read, spaces collapsed."""
    text = BLOCK_END.sub(" ", BREAK.sub(" ", _without_comments(text)))
    end = text.rfind(">") + 1  # a '<' after the last '>' is no tag: not looked for from each to the end
    return " ".join(html.unescape(TAG.sub("", text[:end]) + text[end:]).split())


def paragraphs(text: str) -> str:
    """HTML TEXT as plain text, as a browser shows it: a blank line between paragraphs, a line break for each <br>,
    and a link's web address after its words, "peta (https://...)", where they do not say it already."""
    text = LINK.sub(_with_address, _without_comments(text))
    found = []
    for part in BLOCK_END.split(text):
        lines = [words for line in BREAK.split(part) if (words := plain_text(line))]
        if lines:
            found.append("\n".join(lines))
    return "\n\n".join(found)


def _with_address(link: re.Match[str]) -> str:
    address = html.unescape(next(value for value in link.groups()[:3] if value is not None)).strip()
    words = link[4]
    shown = address.split("://", 1)[-1].rstrip("/")
    if not address.lower().startswith(("http://", "https://")) or shown in plain_text(words):
        return words  # another kind of link (mailto:, a page of the old site's) or one that shows its address
    return f"{words} ({html.escape(address)})"  # escaped: plain_text reads the entities once
