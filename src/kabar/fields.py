"""Front matter values read as what they must be: text, a flag, names, a date (as authors write one), a slug, old
addresses. Each wrong value is a Problem at its line, and reading goes on, so that a file's every mistake is told at
once. Articles, pages (pages/) and their corrections and comments read their fields through these.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from . import permalinks, urls
from .errors import Problem
from .moments import YEARS
from .unseen import blank, visible

DATE_FORMS = "YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS+07:00"
# A date written in one of DATE_FORMS, whatever its numbers: a day or hour that does not exist is named.
DATE_SHAPE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
# A time as the theme shows it and Indonesians write it (07.15, 19.30.05), or with a one-digit hour (7:15): read as
# 07:15, where fromisoformat would take "07.15" for 07:00:00.15 and refuse "7:15".
WRITTEN_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2}[T ])(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?(?=\s*(?:[+-]\d{2}:?\d{2}|Z)?$)"
)
# Jekyll writes an offset after a space (2025-01-29 18:15:32 +0530); fromisoformat wants none.
SPACED_OFFSET = re.compile(r"(?<=\d)\s+(?=(?:[+-]\d{2}:?\d{2}|Z)$)")


class Fields:
    """Typed access to one file's front matter; each wrong value becomes a Problem."""

    def __init__(self, shown: str, meta: dict[Any, Any], lines: dict[Any, int], fence_line: int, tz: dt.tzinfo):
        self.shown, self.meta, self.lines, self.fence_line, self.tz = shown, meta, lines, fence_line, tz
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.shown, line or self.lines.get(key, self.fence_line), message))

    def text(self, key: str) -> str | None:
        """The value as text; None when it is missing or empty (a required key's emptiness is reported once)."""
        text, wrong = text_of(key, self.meta.get(key))
        if wrong:
            self.problem(key, wrong)
        return text

    def flag(self, key: str) -> bool:
        value = self.meta.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, f"{key}: {value!r} must be true or false")
            return False
        return value

    def names(self, key: str) -> tuple[str, ...]:
        """One name or a list of names (author, tags); `tags: banjir, bekasi` is two tags."""
        value = self.meta.get(key)
        if value is None:
            return ()
        if key == "tags" and isinstance(value, str):
            items = [part for part in value.split(",") if part.strip()] or [value]
        else:
            items = value if isinstance(value, list) else [value]
        names = []
        for item in items:
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if isinstance(item, str):
                item = visible(item)
            if not isinstance(item, str) or not item.strip():
                self.problem(key, f"{key}: {item!r} must be text, or a list like [one, two]")
            else:
                names.append(item.strip())
        return tuple(names)

    def when(self, key: str) -> dt.datetime | None:
        return self.moment(key, self.meta.get(key))

    def moment(self, key: str, value: Any, line: int | None = None) -> dt.datetime | None:
        """VALUE, written after KEY (on LINE, else KEY's line), as a date; None when it is blank or not a date."""
        moment, wrong = moment_of(key, value, self.tz)
        if wrong:
            self.problem(key, wrong, line)
        return moment


def text_of(key: str, value: Any) -> tuple[str | None, str | None]:
    """VALUE, written after KEY, as text without the spaces around it (a number as written; None when nothing is
    written), and None; or None and what is wrong with it. Front matter, corrections and comments read text so."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if value is None:
        return None, None
    if not isinstance(value, str):
        return None, f"{key}: {_shown(value)} must be text, not {_kind(value)}"
    return visible(value).strip() or None, None


def moment_of(key: str, value: Any, tz: dt.tzinfo) -> tuple[dt.datetime | None, str | None]:
    """VALUE, written after KEY, as a date (a time without an offset is in TZ; None when nothing is written), and
    None; or None and what is wrong with it. Front matter, corrections and comments read dates so."""
    if blank(value):
        return None, None
    result = to_datetime(value, tz)
    if result is None and isinstance(value, (list, dict)):
        return None, f"{key}: {value!r} must be a date, not {_kind(value)} (expected {DATE_FORMS})"
    if result is None:
        why = impossible_date(str(value).strip())
        why = f": {why}" if why else f" (expected {DATE_FORMS})"
        return None, f"{key}: {str(value)!r} is not a valid date{why}"
    if not YEARS[0] <= result.year <= YEARS[1]:
        return None, f"{key}: {_shown(value)} is out of range: the year must be from {YEARS[0]} to {YEARS[1]}"
    return result, None


def _shown(value: object) -> str:
    """VALUE as a message quotes it: a date or time (TOML's own) as written, not as Python writes one."""
    if isinstance(value, dt.date | dt.time):
        return repr(value.isoformat())
    return repr(value)


def _kind(value: object) -> str:
    """What VALUE is, in a message's words."""
    if isinstance(value, bool):
        return "true/false"
    return {list: "a list", dict: "a mapping", dt.date: "a date", dt.datetime: "a date", dt.time: "a time"}.get(
        type(value), type(value).__name__
    )


def to_datetime(value: object, tz: dt.tzinfo) -> dt.datetime | None:
    """An aware datetime; a time without an offset is in the site's time zone."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(SPACED_OFFSET.sub("", with_colons(value.strip())))
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tz)
    return None


# Keys whose values are words a reader sees: a '#' there, after a space and before a word, is a headline's number
# or a hashtag, which YAML takes for the start of a comment.
WORDS_KEYS = (
    *("title", "category", "summary", "image_alt", "image_caption", "image_credit", "location", "author", "tags"),
    "editor",
)
COMMENT_ON_A_WORD = re.compile(r"(?:^|[ \t])#\S")


def cut_by_comments(fields: Fields, text: str) -> None:
    """A problem for each WORDS_KEYS line whose unquoted value YAML cut short at ' #2' or ' #banjir' (a comment to
    YAML, silently: 'Harga Cabai Naik #2 Menjelang Natal' would be the headline 'Harga Cabai Naik')."""
    lines = text.splitlines()
    for key in WORDS_KEYS:
        number = fields.lines.get(key)
        if number is None or not 0 < number <= len(lines):
            continue
        rest = lines[number - 1].partition(":")[2]
        cut = COMMENT_ON_A_WORD.search(rest)
        if cut is None or rest.strip()[:1] in ("'", '"', "[", "{", "|", ">"):
            continue
        value, whole = rest[: cut.start()].strip(), rest.strip()
        read = f"YAML reads {value!r} and takes" if value else "YAML takes"
        fields.problem(
            key, f'{key}: {read} {rest[cut.start() :].strip()!r} for a comment: put it in quotes: {key}: "{whole}"'
        )


# A date written day first, as Indonesians write one: 05-10-2026, 5/10/2026, 5 Oktober 2026 (a time may follow).
DAY_FIRST = re.compile(r"(\d{1,2})(?:[-/.](\d{1,2})[-/.]| +([A-Za-z]+) +)(\d{4})([ T]\d{1,2}[.:]\d{2}(?:[.:]\d{2})?)?")
MONTHS = {  # Indonesian and English names, and their short forms, as authors write them
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari"), ("maret", "march", "mar"),
            ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
            ("agustus", "august", "agu", "agt", "aug"), ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"), ("november", "nov", "nop", "nopember"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip


def _day_first(text: str) -> str | None:
    """For a date written day first (05-10-2026, 5 Oktober 2026), the way to write it; else None."""
    found = DAY_FIRST.fullmatch(text)
    if found is None:
        return None
    day, number, name, year, time = found.groups()
    month = int(number) if number else MONTHS.get(name.lower(), 0)
    if not (1 <= month <= 12 and 1 <= int(day) <= 31):
        return None
    clock = with_colons(f"2000-01-01{time}")[10:] if time else ""
    return f"write the year first: {year}-{month:02d}-{int(day):02d}{clock}"


def with_colons(text: str) -> str:
    """TEXT with its time written as ISO 8601 writes it (see WRITTEN_TIME)."""
    return WRITTEN_TIME.sub(lambda m: f"{m[1]}{int(m[2]):02d}:{m[3]}" + (f":{m[4]}" if m[4] else ""), text)


def impossible_date(text: str) -> str | None:
    """Why TEXT, shaped like a date, names none ('February 2026 has no day 30'); None if that is not why."""
    shape = DATE_SHAPE.match(with_colons(text))
    if shape is None:
        return _day_first(text)
    year, month, day, hour, minute, second = (int(part) if part else 0 for part in shape.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month} (months go from 01 to 12)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has no day {day} (it has {days} days)"
    for name, number, top in (("hour", hour, 23), ("minute", minute, 59), ("second", second, 59)):
        if number > top:
            return f"there is no {name} {number} ({name}s go from 00 to {top})"
    return None


def slug_from(fields: Fields, title: str | None) -> str | None:
    given = fields.text("slug")
    if "slug" in fields.meta and not given:
        fields.problem("slug", "slug is empty: remove the line or give a slug like 'banjir-bekasi'")
        return None
    if given and len(given) > urls.SLUG_MAX:
        hint = f" (try '{urls.slugify(given)}')" if urls.slugify(given) else ""
        message = f"slug is {len(given)} characters long: the most a URL may have is {urls.SLUG_MAX}{hint}"
        fields.problem("slug", message)
        return None
    if given:
        clean = urls.slugify(given)
        if clean != given:
            hint = f" (try '{clean}')" if clean else ""
            fields.problem("slug", f"slug {given!r} may only hold lowercase letters, digits and hyphens{hint}")
            return None
        return given
    if title is None:
        return None
    made = urls.slugify(title)
    if not made:
        fields.problem("title", "the title has no letters or digits to make a URL from: add a 'slug:' line")
        return None
    return made


def aliases_from(fields: Fields) -> tuple[str, ...]:
    """The old addresses of `aliases:` and Jekyll's `redirect_from:` (one path or a list), each a path on the site."""
    found: list[str] = []
    for key in ("aliases", "redirect_from"):
        value = fields.meta.get(key)
        for item in value if isinstance(value, list) else [] if value is None else [value]:
            message = permalinks.old_address_problem(item)
            if message:
                fields.problem(key, f"{key}: {message}")
            elif item not in found:
                found.append(item)
    return tuple(found)
