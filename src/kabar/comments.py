"""Part of load: the comments kept beside an article, imported from an old site and shown read-only.

content/2024/03/banjir.md keeps its comments, if it has any, in content/2024/03/banjir.comments.yml (see
walk.comments_file): a YAML
list, oldest first, of `id`, `author`, `date`, `text` and an optional `parent` (the id of an earlier comment
this one answers). Such a file is the article's data: never published, never an article. `load_comments`
turns its bytes into Comments, or the problems with them (`path:line: message`); `thread` nests them for
the theme.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

from .errors import BuildError, Problem, decode_utf8, did_you_mean
from .fields import DATE_FORMS, moment_of, text_of
from .fingerprint import hash_bytes
from .models import Comment
from .yamlload import YamlError, load_list

REQUIRED = ("id", "author", "date", "text")
FIELDS = (*REQUIRED, "parent")
NOT_A_LIST = "a comments file is a list: each comment starts with '- id: ...', then author, date and text lines"
NOT_A_MAPPING = "a comment is 'key: value' lines after its '- ': id, author, date, text and an optional parent"
E_MAIL = re.compile(r"\S+@\S+\.\w+")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
PLAIN_ID = re.compile(r"[A-Za-z0-9_-]+")
MAX_DEPTH = 5  # replies nested in replies, as WordPress's default thread_comments_depth


def load_comments(data: bytes, shown: str, tz: dt.tzinfo) -> tuple[tuple[Comment, ...], list[Problem]]:
    """The comments in DATA (the bytes of the file messages call SHOWN), their dates in TZ (the site's zone);
    or every problem with them."""
    try:
        text = decode_utf8(data, shown).replace("\r\n", "\n").replace("\r", "\n")
        items, lines = load_list(text, NOT_A_LIST)
    except BuildError as exc:
        return (), list(exc.problems)
    except YamlError as exc:
        return (), [Problem(shown, exc.line, exc.message)]
    reader = _Reader(shown, lines, tz)
    comments = []
    for index, item in enumerate(items):
        comment = reader.comment(index, item)
        if comment is not None:
            comments.append(comment)
    if reader.problems:
        return (), sorted(reader.problems, key=lambda problem: problem.line or 0)
    return tuple(comments), []


class _Reader:
    """Reads one file's comments in order, noting each problem at its line."""

    def __init__(self, shown: str, lines: dict[tuple, int], tz: dt.tzinfo) -> None:
        self.shown, self.lines, self.tz = shown, lines, tz
        self.problems: list[Problem] = []
        self.ids: dict[str, int] = {}  # each id read so far, and its line

    def problem(self, at: tuple, message: str) -> None:
        self.problems.append(Problem(self.shown, self.lines.get(at, self.lines.get(at[:1])), message))

    def comment(self, index: int, item: Any) -> Comment | None:
        if not isinstance(item, dict):
            self.problem((index,), NOT_A_MAPPING)
            return None
        for key in item:
            if key not in FIELDS:
                guess = did_you_mean(str(key), FIELDS)
                hint = f"; did you mean '{guess}'?" if guess else " (a comment has id, author, date, text and parent)"
                self.problem((index, key), f"unknown key '{key}'{hint}")
        for key in REQUIRED:
            if key not in item:
                self.problem((index,), f"this comment has no '{key}': each comment has id, author, date and text")
        found = len(self.problems)
        ident = self._id(index, item.get("id"))
        author = self._text(index, "author", item.get("author"))
        if author and E_MAIL.search(author):
            self.problem((index, "author"), f"author: {author!r} is an e-mail address: give the name to show instead")
        text = self._text(index, "text", item.get("text"))
        date = self._date(index, item.get("date"))
        parent = self._parent(index, item.get("parent"))
        if ident is not None and ident in self.ids:
            self.problem((index, "id"), f"id {ident} is given twice (first on line {self.ids[ident]})")
        elif ident is not None:
            self.ids[ident] = self.lines.get((index, "id"), 0)
        if len(self.problems) > found or None in (ident, author, text, date):
            return None
        return Comment(id=ident, author=author, date=date, text=text, parent=parent)

    def _id(self, index: int, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
            self.problem((index, "id"), f"id: {value!r} must be a number or text, like 12")
            return None
        return str(value).strip()

    def _text(self, index: int, key: str, value: Any) -> str | None:
        text, wrong = text_of(key, value)
        if value is not None and text is None:
            self.problem((index, key), wrong or f"{key}: {value!r} must be text that is not empty")
        return text

    def _date(self, index: int, value: Any) -> dt.datetime | None:
        if value is None:
            return None
        moment, wrong = moment_of("date", value, self.tz)
        if moment is None:
            self.problem((index, "date"), wrong or f"date: {value!r} is not a valid date (expected {DATE_FORMS})")
            return None
        return moment.astimezone(self.tz)

    def _parent(self, index: int, value: Any) -> str | None:
        if value is None:
            return None
        parent = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else None
        if parent not in self.ids:
            self.problem((index, "parent"), f"parent: {value!r} is not the id of a comment before this one")
            return None
        return parent


class Node(NamedTuple):
    """A comment as the theme shows it: its paragraphs (each a tuple of lines) and the replies to it."""

    comment: Comment
    anchor: str  # its id in the page: komentar-12, as WordPress's #comment-12
    date: dt.datetime  # the comment's, in the site's time zone
    paragraphs: tuple[tuple[str, ...], ...]
    replies: tuple[Node, ...]
    depth: int  # 1 for a comment that answers none


def thread(comments: tuple[Comment, ...], tz: dt.tzinfo) -> tuple[Node, ...]:
    """COMMENTS nested: each reply under the comment it answers, every list oldest first. Past MAX_DEPTH a reply
    is shown beside the comment it answers, as WordPress does: a long exchange stays readable on a phone."""
    children: dict[str | None, list[Comment]] = {}
    depths: dict[str, int] = {}
    under: dict[str, str | None] = {}  # the comment each is shown under
    for comment in comments:  # a parent comes before its replies (load_comments makes sure)
        parent = comment.parent
        if parent is not None and depths[parent] >= MAX_DEPTH:
            parent = under[parent]
        depths[comment.id] = depths[parent] + 1 if parent is not None else 1
        under[comment.id] = parent
        children.setdefault(parent, []).append(comment)

    def nodes(parent: str | None, depth: int) -> tuple[Node, ...]:
        return tuple(
            Node(c, _anchor(c.id), c.date.astimezone(tz), _paragraphs(c.text), nodes(c.id, depth + 1), depth)
            for c in children.get(parent, ())
        )

    return nodes(None, 1)


def _anchor(ident: str) -> str:
    """An HTML id for the comment IDENT: its own when it is a plain word (12), else a hash of it (no spaces)."""
    return f"komentar-{ident}" if PLAIN_ID.fullmatch(ident) else f"komentar-{hash_bytes(ident.encode())[:6].hex()}"


def _paragraphs(text: str) -> tuple[tuple[str, ...], ...]:
    """TEXT's paragraphs (a blank line between two), each a tuple of its lines."""
    return tuple(tuple(line.strip() for line in part.split("\n")) for part in PARAGRAPH_BREAK.split(text.strip()))
