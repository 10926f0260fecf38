"""Safe YAML for front matter and kabar.yml: a mapping, plus the line of each key.

Uses libyaml's C loader when PyYAML has it; dates are left as text. Only YAML's plain types load
(text, numbers, true/false, null, lists, mappings): any tag that would construct something else,
such as !!python/object or !!set, is refused, never executed. Aliases (*name) are refused too, so
a "billion laughs" file cannot grow into a huge value, and nesting deeper than MAX_DEPTH is refused
before libyaml sees it (its composer recurses and its scanner slows down quadratically).
Every error carries the line in the file, whatever line breaks the text holds.
"""

from __future__ import annotations

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


def load_mapping(text: str, first_line: int = 1) -> tuple[dict[Any, Any], dict[Any, int]]:
    """Parse TEXT (whose first line is FIRST_LINE of its file) as a YAML mapping.

    Returns the mapping and, for each top-level key, the line it is on.
    An empty document is an empty mapping. TEXT's lines end in "\\n" alone.
    """
    lines_of = _Lines(text, first_line)
    loader = None
    try:
        _refuse_aliases_and_depth(text, lines_of)
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise YamlError(lines_of(node.start_mark), "expected 'key: value' lines")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, text, lines_of) from None
    except yaml.reader.ReaderError as exc:  # a control character: libyaml refuses to read on
        line = lines_of.at(exc.position)
        raise YamlError(line, f"control character U+{exc.character:04X} is not allowed: remove it") from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        line = lines_of(key_node.start_mark)
        if key in lines:
            raise YamlError(line, f"'{key}' is given twice (first on line {lines[key]})")
        lines[key] = line
    return data, lines


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
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):  # a stream: stops at once, however deep the rest goes
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


UNCLOSED = {
    "while parsing a flow sequence": "the '[' opened on this line is not closed",
    "while parsing a flow mapping": "the '{' opened on this line is not closed",
}


def _yaml_error(exc: yaml.MarkedYAMLError, text: str, lines_of: _Lines) -> YamlError:
    """A YAML error as a message and the line that holds the mistake."""
    problem = exc.problem or "invalid YAML"
    mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
    if isinstance(exc, _Refused):
        return YamlError(lines_of(mark) if mark else None, problem)
    if mark is None:
        return YamlError(None, f"invalid YAML: {problem}")
    line = lines_of(mark)
    leading = lines_of.text_of(mark.index)
    for at in (context, mark) if lines_of.odd else ():  # pasted from elsewhere: YAML breaks the line there
        odd = [b for b in ODD_BREAKS if at is not None and b in lines_of.text_of(at.index)]
        if odd:
            message = f"invalid YAML: an invisible line separator (U+{ord(odd[0]):04X}) on this line: remove it"
            return YamlError(lines_of(at), message)
    if "\t" in leading[: len(leading) - len(leading.lstrip(" \t"))]:
        return YamlError(line, "invalid YAML: a tab in the indentation: indent with spaces only")
    if context is not None and context.index < mark.index and lines_of(context) < line:
        # What was opened and never closed: the line that opened it is the one to fix.
        if exc.context in UNCLOSED:
            return YamlError(lines_of(context), f"invalid YAML: {UNCLOSED[exc.context]} ({problem} on line {line})")
        if exc.context == "while scanning a quoted scalar" and "end of stream" in problem:
            quote = text[context.index]
            return YamlError(lines_of(context), f"invalid YAML: the quote {quote} opened on this line is not closed")
        if exc.context == "while scanning a simple key":
            return YamlError(lines_of(context), f"invalid YAML: {problem} after the key on this line")
    if exc.context:
        return YamlError(line, f"invalid YAML: {exc.context}, {problem}")
    return YamlError(line, f"invalid YAML: {problem}")


def _clip(value: object, limit: int = 40) -> object:
    """VALUE, cut short for a message when it is long text."""
    return value[:limit] + "…" if isinstance(value, str) and len(value) > limit else value
