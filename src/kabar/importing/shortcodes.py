"""WordPress shortcodes: `[caption id="x"]...[/caption]` found and their attributes read as wp-includes/shortcodes.php
does (get_shortcode_regex, shortcode_parse_atts), each replaced by what a handler makes of it.

`[[tag]]` is WordPress's escape for a literal `[tag]`, and stays one. Plugins' shortcodes cannot be run here: one
that is written like a shortcode (a closing `[/tag]`, or `name=value` attributes) is unwrapped, keeping the text
it encloses, and reported; `[sic]` or `[Update]` in a story's text is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import closers

Handler = Callable[[dict[str, str], str | None], str]

ATTRIBUTES = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
UNCLOSED_HTML = re.compile(r"^[^<]*+(?:<[^>]*+>[^<]*+)*+$")
# A shortcode-like tag of any name, for the plugins' ones kabar cannot run.
ANY_TAG = r"[A-Za-z][\w-]*"


def pattern(tags: str) -> closers.Bounded:
    """get_shortcode_regex() for the alternatives TAGS: groups 1 [, 2 name, 3 attributes, 4 /, 5 content, 6 ].

    Matched in time linear in the text: WordPress's own looks for the closing tag from every opening one to
    the end of the text (20,000 `[caption id="x"]` took 14 s)."""
    head = r"\[(\[?)" rf"({tags})(?![\w-])" r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"

    def ends(text: str) -> Callable[[int], int | None]:
        opened = re.compile(rf"{head}(?:(/)\]|\])")  # up to the first "]"
        bracket = closers.Next(text, "]")
        closing: dict[str, closers.Next] = {}

        def end(place: int) -> int | None:
            if bracket.after(place) is None or (found := opened.match(text, place)) is None:
                return None
            shut = None
            if found[4] is None:
                shut = closing.setdefault(found[2], closers.Next(text, f"[/{found[2]}]")).end_after(found.end())
            shut = found.end() if shut is None else shut
            return shut + text.startswith("]", shut)

        return end

    return closers.Bounded(
        pattern=re.compile(rf"{head}(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)(\]?)"),
        starts=re.compile(r"\["),
        ends=ends,
    )


def parse_attributes(text: str) -> dict[str, str]:
    """shortcode_parse_atts(): named attributes by lowercase name; positional ones under "0", "1", ..."""
    text = re.sub("[\u00a0\u200b]+", " ", text)
    found: dict[str, str] = {}
    position = 0
    for match in ATTRIBUTES.finditer(text):
        groups = match.groups()
        for name_at in (0, 2, 4):
            if groups[name_at]:
                found[groups[name_at].lower()] = _unslash(groups[name_at + 1])
                break
        else:
            value = next((value for value in groups[6:] if value is not None), "")
            found[str(position)] = _unslash(value)
            position += 1
    return {name: ("" if "<" in value and not UNCLOSED_HTML.match(value) else value) for name, value in found.items()}


def _unslash(value: str) -> str:
    """PHP's stripcslashes() for the escapes an editor writes: \\" \\' \\\\."""
    return re.sub(r"\\(.)", r"\1", value)


def replace(text: str, handlers: dict[str, Handler]) -> str:
    """TEXT with every shortcode of HANDLERS replaced by its handler's HTML (content None when self-closing)."""
    if "[" not in text or not handlers:
        return text
    names = "|".join(re.escape(name) for name in sorted(handlers, key=len, reverse=True))

    def one(match: re.Match[str]) -> str:
        if match.group(1) == "[" and match.group(6) == "]":
            return match.group(0)[1:-1]
        return (
            match.group(1) + handlers[match.group(2)](parse_attributes(match.group(3)), match.group(5)) + match.group(6)
        )

    return pattern(names).sub(one, text)


def unwrap_unknown(text: str, known: set[str]) -> tuple[str, list[str]]:
    """TEXT without plugin shortcodes (kept: the text they enclose), and their names, sorted, once each."""
    if "[" not in text:
        return text, []
    found: set[str] = set()

    def one(match: re.Match[str]) -> str:
        name, attributes, content = match.group(2), match.group(3), match.group(5)
        if name in known or (match.group(1) == "[" and match.group(6) == "]"):
            return match.group(0)
        if content is None and "=" not in attributes:  # "[sic]", "[Update]": text, not a shortcode
            return match.group(0)
        found.add(name)
        return match.group(1) + (content or "") + match.group(6)

    return pattern(ANY_TAG).sub(one, text), sorted(found)
