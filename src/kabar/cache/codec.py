"""How an Article is packed into plain values and back: for the article cache (msgspec) and from workers (pickle).

Pickling or encoding frozen, slotted dataclasses goes through dataclasses.fields() for every object: for
10,000 articles that is over a second each way. Articles travel as tuples of their fields instead, their
category, tags and authors as places in a table that holds each name once.
"""

from __future__ import annotations

import datetime as dt
import typing
import zoneinfo
from typing import Any

from ..models import (
    ARTICLE_FIELDS,
    Article,
    Author,
    Category,
    Correction,
    LazyText,
    Retraction,
    Tag,
    article_from_fields,
)

_KINDS = (Category, Tag, Author)
_CATEGORY, _TAGS, _AUTHORS, _HTML, _DATE, _UPDATED, _CORRECTIONS, _RETRACTED = (
    ARTICLE_FIELDS.index(n)
    for n in ("category", "tags", "authors", "html", "date", "updated", "corrections", "retracted")
)


def pack_article(article: Article, table: dict[tuple, int]) -> tuple:
    """ARTICLE as plain values, which pickle ten times faster (to the cache, or from a worker).

    Its category, tags and authors are numbers: their places in TABLE, which gets what it lacks.
    """
    values = []
    for name in ARTICLE_FIELDS:
        value = getattr(article, name)
        if name == "category":
            value = _place(value, table)
        elif name in ("tags", "authors"):
            value = tuple([_place(item, table) for item in value])
        values.append(value)
    return tuple(values)


def _place(item: Category | Tag | Author, table: dict[tuple, int]) -> int:
    return table.setdefault((_KINDS.index(type(item)), item.name, item.slug, item.url), len(table))


def unpack_article(values: tuple | list, named: list) -> Article:
    """The Article pack_article() made VALUES of; NAMED: the objects its table's entries stand for."""
    values = list(values)
    values[_CATEGORY] = named[values[_CATEGORY]]
    values[_TAGS] = tuple([named[i] for i in values[_TAGS]])
    values[_AUTHORS] = tuple([named[i] for i in values[_AUTHORS]])
    return article_from_fields(values)


def unpack_table(table: list[tuple], names: dict[tuple, Any]) -> list:
    """The Category, Tag and Author objects a packed table stands for, one object per name in NAMES."""
    return [_named(item, names) for item in table]


def _named(item: tuple, names: dict[tuple, Any]) -> Any:
    found = names.get(item)
    if found is None:
        kind, name, slug, url = item
        found = names[item] = _KINDS[kind](name=name, slug=slug, url=url)
    return found


# As the article cache keeps them: times as text with their zone, and the body apart (where it is, not what).

StoredTime = tuple[str, str]  # an ISO time, and the name of its zone (else its offset is in the ISO time)


def pack_stored(article: Article, table: dict[tuple, int], offset: int) -> tuple[tuple, bytes]:
    """ARTICLE's values as the cache keeps them, its body at OFFSET among the bodies; and the body."""
    values = list(pack_article(article, table))
    body = str(values[_HTML]).encode("utf-8", "surrogatepass")
    values[_HTML] = (offset, len(body))
    values[_DATE], values[_UPDATED] = _stored_time(values[_DATE]), _stored_time(values[_UPDATED])
    values[_CORRECTIONS] = tuple([(_stored_time(c.date), *c[1:]) for c in values[_CORRECTIONS]])
    if values[_RETRACTED] is not None:
        values[_RETRACTED] = (_stored_time(values[_RETRACTED].date), values[_RETRACTED].reason)
    return tuple(values), body


def body_place(values: tuple) -> tuple[int, int]:
    """Where the body of the article pack_stored() made VALUES of is among the bodies: offset and size."""
    return values[_HTML]


def unpack_stored(values: tuple, named: list, body: LazyText) -> Article:
    """The Article pack_stored() made VALUES of, with BODY; NAMED as for unpack_article."""
    values = list(values)
    values[_HTML] = body
    values[_DATE], values[_UPDATED] = _time(values[_DATE]), _time(values[_UPDATED])
    if values[_CORRECTIONS]:
        values[_CORRECTIONS] = tuple([Correction(_time(date), *rest) for date, *rest in values[_CORRECTIONS]])
    if values[_RETRACTED] is not None:
        values[_RETRACTED] = Retraction(_time(values[_RETRACTED][0]), values[_RETRACTED][1])
    values[_CATEGORY] = named[values[_CATEGORY]]  # as in unpack_article: a call less, for 10,000 articles a build
    values[_TAGS] = tuple([named[i] for i in values[_TAGS]])
    values[_AUTHORS] = tuple([named[i] for i in values[_AUTHORS]])
    return article_from_fields(values)


def _stored_time(moment: dt.datetime | None) -> StoredTime | None:
    """MOMENT as text, its zone kept: MessagePack's own times are UTC, and pages show the time as written."""
    if moment is None:
        return None
    zone = moment.tzinfo
    if isinstance(zone, zoneinfo.ZoneInfo):
        return (moment.replace(tzinfo=None).isoformat(), zone.key)
    return (moment.isoformat(), "")


def _time(stored: StoredTime | None) -> dt.datetime | None:
    if stored is None:
        return None
    text, zone = stored
    moment = dt.datetime.fromisoformat(text)
    if zone:
        return moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    if moment.tzinfo is None:
        raise ValueError(f"{text}: a time without its zone")
    return moment


def _stored_article_type() -> Any:
    """The type of pack_stored()'s tuple, for msgspec to decode it as."""
    hints = typing.get_type_hints(Article)
    hints.update(
        category=int,
        tags=tuple[int, ...],
        authors=tuple[int, ...],
        html=tuple[int, int],  # where the body is among the bodies that follow the shard's header
        date=StoredTime,
        updated=StoredTime | None,
        corrections=tuple[tuple[StoredTime, str, str, str], ...],  # Correction's fields, its date stored as date's
        retracted=tuple[StoredTime, str] | None,  # Retraction's, the same way
    )
    return tuple[tuple(hints[name] for name in ARTICLE_FIELDS)]


StoredArticle = _stored_article_type()
