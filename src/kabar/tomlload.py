"""TOML front matter (between `+++` lines, as Hugo and Zola write it): a mapping, plus the line of each key.

Read with the standard library's tomllib; its errors become kabar's `path:line` messages. TOML's own
dates are real datetimes (a naive one is in the site's time zone, as a YAML date is).
"""

from __future__ import annotations

import re
import sys
import tomllib
from typing import Any

from .yamlload import YamlError

MAX_DEPTH = 32  # arrays and tables inside each other, as in YAML front matter
DEEP = f"invalid TOML: arrays and tables nested more than {MAX_DEPTH} deep"
# A dotted key (a.b.c = 1, [a.b.c]) of more than MAX_DEPTH parts: tables as deep, made in time quadratic in their
# number by tomllib. Possessive, and tried at the start of a word only: linear in the text, however long its words.
_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')"""
LONG_KEY = re.compile(rf"(?<![A-Za-z0-9_-]){_PART}(?:[ \t]*+\.[ \t]*+{_PART}){{{MAX_DEPTH},}}+")
LONG_NUMBER = re.compile(rf"[0-9_]{{{sys.get_int_max_str_digits() + 1},}}")  # more digits than int() reads
# A top-level `key =`, `"key" =` or `a.b =` line; after the first [table] header keys belong to that table.
KEY_LINE = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[.=]""")
TABLE_LINE = re.compile(r"\s*\[")
WHERE = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")
# tomllib's words (the start of its message) -> kabar's; others are shown as tomllib says them.
SAID = (
    (
        "Invalid value",
        'a value must be in quotes (title = "Banjir"), unless it is a number, true/false, a date or a [list]',
    ),
    ("Expected '=' after a key", "expected '=' after the key: TOML writes key = value, not key: value"),
    (
        "Expected newline or end of document after a statement",
        "more after the value on this line: put text in "
        "quotes, and write a time with its seconds (2024-03-05T09:30:00)",
    ),
    ("Illegal character '\\n'", "the quote opened on this line is not closed"),
    ("Unclosed array", "a '[' list is not closed: separate its items with ',' and end it with ']'"),
    ("Unclosed inline table", "a '{' table is not closed: separate its items with ',' and end it with '}'"),
    (
        "Invalid date or datetime",
        "VALUE is not a valid date (expected 2024-03-05, 2024-03-05T09:30:00 or 2024-03-05T09:30:00+07:00)",
    ),
)


def load_toml_mapping(text: str, first_line: int = 2) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse TEXT (whose first line is FIRST_LINE of its file) as TOML; the mapping and each top-level key's line."""
    lines = _key_lines(text, first_line)
    too_deep = _too_deep(text)
    if too_deep is not None:
        raise YamlError(first_line + too_deep, DEEP)
    long_key = LONG_KEY.search(text) if text.count(".") > MAX_DEPTH else None
    if long_key:
        raise YamlError(first_line + text.count("\n", 0, long_key.start()), DEEP)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(str(exc), text, first_line) from None
    except ValueError:  # int() refuses a number of thousands of digits
        long_number = LONG_NUMBER.search(text)
        line = first_line + (text.count("\n", 0, long_number.start()) if long_number else 0)
        raise YamlError(line, f"invalid TOML: a number of more than {sys.get_int_max_str_digits():,} digits") from None
    found = {key: lines.get(key, first_line) for key in data}
    for key, value in data.items():  # brackets and dotted keys, each within MAX_DEPTH, may nest deeper together
        if _nested_too_deep(value):
            raise YamlError(found[key], DEEP)
    return data, found


def _key_lines(text: str, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        if TABLE_LINE.match(line):
            break
        found = KEY_LINE.match(line)
        if found:
            lines.setdefault(next(part for part in found.groups() if part is not None), number)
    return lines


def _toml_error(said: str, text: str, first_line: int) -> YamlError:
    where = WHERE.search(said)
    words = said[: where.start()] if where else said
    if words.startswith("Cannot overwrite a value") or words.startswith("Cannot declare"):
        twice = _given_twice(text, first_line)
        if twice:
            return twice
    last = len(text.rstrip().split("\n"))  # "at end of document": the last line that holds anything
    line = first_line + (int(where[1]) if where and where[1] else last) - 1
    message = next((ours for theirs, ours in SAID if words.startswith(theirs)), words[:1].lower() + words[1:])
    if where and where[1]:  # the value that starts at tomllib's column
        value = (text.split("\n")[int(where[1]) - 1][int(where[2]) - 1 :].split() or [""])[0]
        message = message.replace("VALUE", repr(value))
    return YamlError(line, f"invalid TOML: {message}")


def _given_twice(text: str, first_line: int) -> YamlError | None:
    seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        if TABLE_LINE.match(line):
            return None
        found = KEY_LINE.match(line)
        if found and line[found.end() - 1] == "=":
            key = next(part for part in found.groups() if part is not None)
            if key in seen:
                return YamlError(number, f"'{key}' is given twice (first on line {seen[key]})")
            seen[key] = number
    return None


def _nested_too_deep(value: object) -> bool:
    """Whether lists and tables nest more than MAX_DEPTH deep in VALUE (looked at without recursion)."""
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return True
            stack.extend((inner, depth + 1) for inner in (value.values() if isinstance(value, dict) else value))
    return False


def _too_deep(text: str) -> int | None:
    """The line (0-based) on which brackets, counted as if no string held one, first open MAX_DEPTH deep:
    tomllib recurses into each."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for number, line in enumerate(text.split("\n")):
        for char in line:
            depth += char in "[{"
            depth -= char in "]}"
            if depth > MAX_DEPTH:
                return number
    return None
