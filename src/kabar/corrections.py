"""Part of load: an article's `corrections:`, each a correction or a right of reply with the time it was added, and
its `retracted:`, when and why it was withdrawn.

Dewan Pers' guidelines for online media (Pedoman Pemberitaan Media Siber) ask that a correction or a reply be linked
to the story it corrects and carry that time (point 4), and that a story withdrawn be announced with the reason
(point 5). Each correction is `{date: ..., text: ..., kind: ..., link: ...}`: kind is ralat (the default), koreksi
or hak_jawab; link, a path on the site or an http(s) URL, is optional. A retraction is `{date: ..., reason: ...}`.
Every mistake is a problem at its line, with the article's others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from . import urls
from .errors import did_you_mean
from .fields import Fields, text_of
from .models import Correction, Retraction
from .unseen import blank

KEY = "corrections"
KINDS = ("ralat", "koreksi", "hak_jawab")
ENTRY_KEYS = ("date", "text", "kind", "link")
EXAMPLE = "- {date: 2026-10-06 14:00, text: ...}"  # an entry on one line
RETRACTED = "retracted"
RETRACTION_KEYS = ("date", "reason")
RETRACTION = "{date: 2026-10-07 09:00, reason: ...}"


def read_corrections(fields: Fields) -> tuple[Correction, ...]:
    """The article's corrections, oldest first; every mistake in them is a problem of FIELDS."""
    value = fields.meta.get(KEY)
    if value is None:
        return ()
    if not isinstance(value, list):
        fields.problem(KEY, f"{KEY}: {value!r} must be a list of entries like '{EXAMPLE}'")
        return ()
    found = [entry for index, item in enumerate(value) if (entry := _entry(fields, index, item)) is not None]
    return tuple(sorted(found, key=lambda entry: entry.date))


def _entry(fields: Fields, index: int, item: Any) -> Correction | None:
    """Entry INDEX (ITEM), or None after noting what is wrong with it."""
    line = fields.lines.get((KEY, index))
    number = f"{KEY} entry {index + 1}"
    if not isinstance(item, dict):
        fields.problem(KEY, f"{number}: {item!r} must be a date and a text, like '{EXAMPLE}'", line)
        return None

    def at(key: str) -> int | None:  # the line of the entry's KEY, else of the entry
        return fields.lines.get((KEY, index, key), line)

    before = len(fields.problems)
    _unknown_keys(fields, KEY, item, ENTRY_KEYS, number, at, "an entry")
    for key in ("date", "text"):
        if blank(item.get(key)):
            fields.problem(KEY, f"{number} has no '{key}': each entry has a date and a text", line)
    date = fields.moment("date", item.get("date"), at("date"))
    text = _text(fields, KEY, item, "text", at("text"))
    kind = _text(fields, KEY, item, "kind", at("kind")) or KINDS[0]
    if kind not in KINDS:
        guess = did_you_mean(kind, KINDS)
        hint = f"; did you mean '{guess}'?" if guess else ""
        fields.problem(KEY, f"kind: {kind!r} is not a kind of correction{hint} (known: {', '.join(KINDS)})", at("kind"))
    link = _text(fields, KEY, item, "link", at("link")) or ""
    if link and not urls.is_safe_link(link):
        message = f"link: {link!r} must be a path on the site, like /2026/10/06/hak-jawab/, or an http(s) URL"
        fields.problem(KEY, message, at("link"))
    if len(fields.problems) > before or date is None or text is None:
        return None
    return Correction(date=date, text=text, kind=kind, link=link)


def read_retraction(fields: Fields, published: dt.datetime | None) -> Retraction | None:
    """When and why the article, PUBLISHED then, was withdrawn (None: it was not); every mistake in it is a problem
    of FIELDS."""
    value = fields.meta.get(RETRACTED)
    if value is None:
        return None
    if not isinstance(value, dict):
        fields.problem(RETRACTED, f"{RETRACTED}: {value!r} must be a date and a reason, like '{RETRACTION}'")
        return None

    def at(key: str) -> int | None:
        return fields.lines.get((RETRACTED, key))

    before = len(fields.problems)
    _unknown_keys(fields, RETRACTED, value, RETRACTION_KEYS, RETRACTED, at, RETRACTED)
    for key in RETRACTION_KEYS:
        if blank(value.get(key)):
            fields.problem(RETRACTED, f"{RETRACTED} has no '{key}': say when the story was withdrawn, and why")
    date = fields.moment("date", value.get("date"), at("date"))
    if date is not None and published is not None and date < published:
        fields.problem(RETRACTED, f"{RETRACTED}: {before_story(date, published)}: correct it", at("date"))
    reason = _text(fields, RETRACTED, value, "reason", at("reason"))
    if len(fields.problems) > before or date is None or reason is None:
        return None
    return Retraction(date=date, reason=reason)


def before_story(moment: dt.datetime, published: dt.datetime) -> str:
    """What a date (an update's, a correction's, a retraction's) before the story's, PUBLISHED, is said to be."""
    return f"{moment.isoformat(' ', 'minutes')} is before the story's date ({published.isoformat(' ', 'minutes')})"


def _unknown_keys(
    fields: Fields, owner: str, item: dict, known: tuple[str, ...], named: str, at: Callable, whole: str
) -> None:
    """A problem for each key of ITEM (the value of OWNER, NAMED so in messages) that is not one of KNOWN, which
    WHOLE has."""
    for key in item:
        if key not in known:
            guess = did_you_mean(str(key), known)
            hint = f"; did you mean '{guess}'?" if guess else f" ({whole} has {', '.join(known)})"
            fields.problem(owner, f"{named}: unknown key '{key}'{hint}", at(key))


def _text(fields: Fields, owner: str, item: dict, key: str, line: int | None) -> str | None:
    """ITEM's KEY (in the value of OWNER) as text; None when it is missing or empty."""
    text, wrong = text_of(key, item.get(key))
    if wrong:
        fields.problem(owner, wrong, line)
    return text
