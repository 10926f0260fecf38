"""Safe YAML for front matter and kabar.yml: a mapping, plus the line of each key.

Uses libyaml's C loader when PyYAML has it; dates are left as text. Only YAML's plain types load
(text, numbers, true/false, null, lists, mappings): any tag that would construct something else,
such as !!python/object or !!set, is refused, never executed. Aliases (*name) are refused too, so
a "billion laughs" file cannot grow into a huge value, and nesting deeper than MAX_DEPTH is refused
before libyaml sees it (its composer recurses and its scanner slows down quadratically).
Every error carries the line in the file, whatever line breaks the text holds.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import yaml

MAX_DEPTH = 32  # lists and mappings inside each other; front matter needs two or three
PLAIN_TAGS = "tag:yaml.org,2002:"
ODD_BREAKS = ("\x85", "\u2028", "\u2029")  # line breaks to YAML, not to kabar, editors or messages


class _Refused(yaml.constructor.ConstructorError):
    """A value kabar will not construct; its `problem` is the whole message."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loading; timestamps stay text so that kabar parses them (and reports bad ones) itself."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, KeyError, TypeError, OverflowError):  # "!!int x", "!!bool maybe", 5,000 digits
            kind = node.tag.removeprefix(PLAIN_TAGS)
            shown = repr(_clip(node.value)) if isinstance(node, yaml.ScalarNode) else "this value"
            raise _Refused(None, None, f"invalid YAML: {shown} is not a valid {kind}", node.start_mark) from None


def _refuse_tag(loader: _Loader, node: yaml.Node) -> None:
    shown = node.tag.replace(PLAIN_TAGS, "!!", 1) if node.tag.startswith(PLAIN_TAGS) else node.tag
    raise _Refused(
        None,
        None,
        f"refused YAML tag '{shown}': only plain values are allowed (text, numbers, true/false, dates, lists, "
        "'key: value')",
        node.start_mark,
    )


_Loader.add_constructor(PLAIN_TAGS + "timestamp", lambda loader, node: loader.construct_scalar(node))
for _tag in ("set", "omap", "pairs", "binary", None):  # None: every tag SafeLoader does not know
    _Loader.add_constructor(PLAIN_TAGS + _tag if _tag else None, _refuse_tag)


class YamlError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_mapping(text: str, first_line: int = 1, nested: bool = False) -> tuple[dict[Any, Any], dict[Any, int]]:
    """Parse TEXT (whose first line is FIRST_LINE of its file) as a YAML mapping.

    Returns the mapping and, for each top-level key, the line it is on; with NESTED, also the line of
    every key and list item inside, under its path: ("markdown", "extensions", 0).
    An empty document is an empty mapping. TEXT's lines end in "\\n" alone.
    """
    lines_of = _Lines(text, first_line)
    loaded = _load(text, lines_of, yaml.MappingNode, "expected 'key: value' lines")
    if loaded is None:
        return {}, {}
    loader, node, data = loaded
    lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        line = lines_of(key_node.start_mark)
        if key in lines:
            raise YamlError(line, f"'{key}' is given twice (first on line {lines[key]})")
        lines[key] = line
        if not isinstance(value_node, yaml.ScalarNode):
            _nested_lines(loader, value_node, (key,), lines_of, lines if nested else None)
    return data, lines


def load_list(text: str, not_a_list: str) -> tuple[list[Any], dict[tuple, int]]:
    """Parse TEXT (a whole file) as a YAML list; NOT_A_LIST is the message for anything else.

    Returns the list and the line of each item, and of every key and item inside, under its path: (0, "author").
    An empty document is an empty list.
    """
    lines_of = _Lines(text, 1)
    loaded = _load(text, lines_of, yaml.SequenceNode, not_a_list)
    if loaded is None:
        return [], {}
    loader, node, data = loaded
    lines: dict[tuple, int] = {}
    _nested_lines(loader, node, (), lines_of, lines)
    return data, lines


def _load(text: str, lines_of: _Lines, kind: type[yaml.Node], not_that_kind: str) -> tuple | None:
    """The loader, the top node (of KIND, else NOT_THAT_KIND is the message) and the value of TEXT; None if empty."""
    loader = None
    try:
        _refuse_aliases_and_depth(text, lines_of)
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        if not isinstance(node, kind):
            raise YamlError(lines_of(node.start_mark), not_that_kind)
        return loader, node, loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, text, lines_of) from None
    except yaml.reader.ReaderError as exc:  # a control character: libyaml refuses to read on
        line = lines_of.at(exc.position)
        raise YamlError(line, f"control character U+{exc.character:04X} is not allowed: remove it") from None
    finally:
        if loader is not None:
            loader.dispose()


def _nested_lines(
    loader: _Loader, node: yaml.Node, path: tuple, lines_of: _Lines, lines: dict[Any, int] | None
) -> None:
    """The line of each key and item inside NODE, at PATH, into LINES (nesting is bounded by MAX_DEPTH); a key given
    twice in one mapping is a YamlError, as at the top (YAML would keep the last value, losing the first). LINES None:
    only that is looked for."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, yaml.Node] = {}
        for key_node, value in node.value:
            key = loader.construct_object(key_node)
            if key in seen:
                first = lines_of(seen[key].start_mark)
                raise YamlError(lines_of(key_node.start_mark), f"'{key}' is given twice (first on line {first})")
            seen[key] = key_node
            if lines is not None:
                lines.setdefault((*path, key), lines_of(key_node.start_mark))
            _nested_lines(loader, value, (*path, key), lines_of, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            if lines is not None:
                lines.setdefault((*path, index), lines_of(item.start_mark))
            if not isinstance(item, yaml.ScalarNode):
                _nested_lines(loader, item, (*path, index), lines_of, lines)


class _Lines:
    """The file line of a YAML mark: YAML also breaks lines at U+0085, U+2028 and U+2029; kabar does not."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text, self.first_line = text, first_line
        self.odd = any(b in text for b in ODD_BREAKS)

    def __call__(self, mark: yaml.Mark) -> int:
        return self.at(mark.index) if self.odd else self.first_line + mark.line

    def at(self, index: int) -> int:
        return self.first_line + self.text.count("\n", 0, index)

    def text_of(self, index: int) -> str:
        """The whole line that holds character INDEX."""
        start = self.text.rfind("\n", 0, index) + 1
        end = self.text.find("\n", index)
        return self.text[start : end if end >= 0 else len(self.text)]


def _refuse_aliases_and_depth(text: str, lines_of: _Lines) -> None:
    """Look at the events before anything is built, when an alias or deep nesting is possible at all."""
    openers = text.count("[") + text.count("{") + text.count("-") + text.count("?")  # each level needs one
    if "*" not in text and openers <= MAX_DEPTH:
        return
    try:
        _check_events(yaml.parse(text, Loader=_Loader), lines_of)
    except yaml.MarkedYAMLError:
        # libyaml reads far ahead of the events it gives, and newer ones stop at a nesting limit of their own
        # (with their own words) before kabar has counted MAX_DEPTH: count again with PyYAML's Python parser,
        # which reads only as far as it must. A mistake of syntax is then reported by the load that follows.
        with contextlib.suppress(yaml.MarkedYAMLError):
            _check_events(yaml.parse(text, Loader=yaml.SafeLoader), lines_of)


def _check_events(events: Iterator[yaml.Event], lines_of: _Lines) -> None:
    depth = 0
    for event in events:  # a stream: stops at once, however deep the rest goes
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(
                lines_of(event.start_mark),
                f"YAML alias '*{_clip(event.anchor)}' refused: aliases are not allowed, write the value out in full",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(
                    lines_of(event.start_mark), f"invalid YAML: lists and mappings nested more than {MAX_DEPTH} deep"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


# PyYAML's own words (libyaml's and its Python parser's differ, and may change in any release) only choose one of
# kabar's messages; they are never shown. Words no entry knows give kabar's general message, at the same line.
OPENED = {  # opened on an earlier line and never closed: the line that opened it is the one to fix
    "while parsing a flow sequence": "the '[' opened on this line is not closed (did not find expected ',' or ']'",
    "while parsing a flow mapping": "the '{{' opened on this line is not closed (did not find expected ',' or '}}'",
    "while scanning a quoted scalar": "the quote {quote} opened on this line is not closed",
    "while scanning a simple key": "could not find expected ':' after the key on this line",
}
SAID = (  # (PyYAML's words in its context or problem, kabar's message): the first that matches
    ("escape character", r"a backslash in double quotes starts an escape (\n, \"): write \\, or use single quotes"),
    ("unhashable", "a key must be plain text, not a list or a mapping"),
    (
        "mapping values are not allowed",
        "': ' inside a value: put the value in quotes (title: \"Banjir: Bekasi\"); "
        "or a key indented deeper than the others",
    ),
    ("cannot start any token", "a value cannot start with {char!r}: put it in quotes"),
    ("document", "more YAML after the end of the document (a '---' or '...' line): remove that line"),
    ("flow sequence", "the '[' list on this line is not closed: separate its items with ',' and end it with ']'"),
    ("flow mapping", "the '{{' on this line is not closed: separate its items with ',' and end it with '}}'"),
)
UNKNOWN = "check the indentation and the quotes on this line: put a value in quotes when it holds ': ' or ' #'"


def _yaml_error(exc: yaml.MarkedYAMLError, text: str, lines_of: _Lines) -> YamlError:
    """A YAML error as kabar's message and the line that holds the mistake."""
    mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
    if isinstance(exc, _Refused):  # its problem is kabar's message
        return YamlError(lines_of(mark) if mark else None, exc.problem or "")
    if mark is None:
        return YamlError(None, f"invalid YAML: {UNKNOWN}")
    line = lines_of(mark)
    leading = lines_of.text_of(mark.index)
    for at in (context, mark) if lines_of.odd else ():  # pasted from elsewhere: YAML breaks the line there
        odd = [b for b in ODD_BREAKS if at is not None and b in lines_of.text_of(at.index)]
        if odd:
            message = f"invalid YAML: an invisible line separator (U+{ord(odd[0]):04X}) on this line: remove it"
            return YamlError(lines_of(at), message)
    if "\t" in leading[: len(leading) - len(leading.lstrip(" \t"))]:
        return YamlError(line, "invalid YAML: a tab in the indentation: indent with spaces only")
    said = f"{exc.context or ''}: {exc.problem or ''}"
    opened = OPENED.get(exc.context or "")
    closes = "quoted scalar" not in said or "end of stream" in said  # not, say, a bad escape in a long quote
    if opened and closes and context is not None and context.index < mark.index and lines_of(context) < line:
        message = opened.format(quote=text[context.index]) + (f" on line {line})" if "(" in opened else "")
        return YamlError(lines_of(context), f"invalid YAML: {message}")
    unclosed = _unclosed_quote(text, mark.index)
    if unclosed is not None:  # the quote YAML read on to the next line's, and so the mistake it stopped at
        quote, at = unclosed
        return YamlError(lines_of.at(at), f"invalid YAML: the quote {quote} opened on this line is not closed")
    for words, message in SAID:
        if words in said:
            return YamlError(line, "invalid YAML: " + message.format(char=text[mark.index : mark.index + 1]))
    return YamlError(line, f"invalid YAML: {UNKNOWN}")


QUOTED_VALUE = re.compile(r"""^[ \t]*(?:- |[^\s:#'"][^:#]*:[ \t]+)(["'])(.*)$""", re.MULTILINE)


def _unclosed_quote(text: str, before: int) -> tuple[str, int] | None:
    """The first value on a line before BEFORE (an index into TEXT) that opens a quote its line does not close
    (title: "Banjir di Bekasi): the quote and where its line starts. A value quoted over several lines is valid
    YAML: this is asked only of text YAML refused."""
    for found in QUOTED_VALUE.finditer(text, 0, text.rfind("\n", 0, before) + 1):
        quote, rest = found.group(1), found.group(2)
        closed = rest.replace("''", "") if quote == "'" else re.sub(r"\\.", "", rest)  # its escaped quotes
        if quote not in closed:
            return quote, found.start()
    return None


def _clip(value: object, limit: int = 40) -> object:
    """VALUE, cut short for a message when it is long text."""
    return value[:limit] + "…" if isinstance(value, str) and len(value) > limit else value
