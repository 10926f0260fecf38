"""Read a WordPress export (WXR 1.1/1.2) as a stream: the channel's settings and terms, then its items one by one.

The file is untrusted XML: lxml's iterparse never loads a DTD, expands an entity or touches the network, and each
<item> is cleared once read, so memory holds one item's tree at a time (and what the reader keeps of it). A
malformed or truncated export, or one with a DOCTYPE (WordPress never writes one; the entities it declares or names
would be dropped from the text, unexpanded), is a problem with the file's line.
"""

from __future__ import annotations

import html
import itertools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lxml import etree
from tqdm import tqdm

from ..errors import BuildError, Problem

WP = "{http://wordpress.org/export/1.%s/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.%s/excerpt/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
ENTITY_DECLARATION = re.compile(rb"<!ENTITY")
DOCTYPE = re.compile(rb"<!DOCTYPE")


@dataclass
class Term:
    """A category, tag or menu of the channel: its slug (nicename), name and parent's slug."""

    slug: str
    name: str
    parent: str = ""
    term_id: str = ""
    description: str = ""  # a category's, as WordPress shows it on the category's page (HTML)


@dataclass
class Comment:
    comment_id: str
    author: str
    date: str  # local, "2024-03-05 10:12:00"
    date_gmt: str
    content: str
    approved: str  # "1", "0", "spam", "trash"
    kind: str  # "", "comment", "pingback", "trackback"
    parent: str


@dataclass
class Item:
    """One <item>: a post, page, attachment, menu entry or anything else WordPress stores as a post."""

    line: int
    post_id: str
    post_type: str
    status: str
    title: str
    link: str
    guid: str
    creator: str  # the author's login
    content: str
    excerpt: str
    post_date: str
    post_date_gmt: str
    post_name: str
    post_parent: str
    menu_order: str
    password: str
    sticky: bool
    attachment_url: str
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    meta: dict[str, list[str]] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)

    def first_meta(self, key: str) -> str:
        return (self.meta.get(key) or [""])[0]


@dataclass
class Channel:
    """The export's site-wide part: what comes before the first item (and anything after the last)."""

    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    authors: dict[str, str] = field(default_factory=dict)  # login -> display name
    author_ids: dict[str, str] = field(default_factory=dict)  # login -> user id (/?author=ID)
    categories: dict[str, Term] = field(default_factory=dict)  # nicename -> term, in export order
    tags: dict[str, Term] = field(default_factory=dict)
    menus: dict[str, Term] = field(default_factory=dict)  # nav_menu terms


def read_export(path: Path) -> tuple[Channel, Iterator[Item]]:
    """The channel (filled as the stream reaches it; complete once the items are exhausted) and the items."""
    shown = str(path)
    problem = _doctype_problem(path, shown)
    if problem is not None:
        raise BuildError([problem])
    channel = Channel()
    return channel, _items(path, shown, channel)


def _doctype_problem(path: Path, shown: str) -> Problem | None:
    """A problem if the export has a DOCTYPE: parsed up to its first element, whatever comes before (comments)."""
    with path.open("rb") as file:
        try:
            _, root = next(etree.iterparse(file, events=("start",), resolve_entities=False, no_network=True))
        except (etree.XMLSyntaxError, StopIteration):  # the reading that follows says where, and what is wrong
            return None
        info = root.getroottree().docinfo
        if not info.doctype:
            return None
        file.seek(0)
        prolog = b"".join(itertools.islice(file, root.sourceline))
    if info.internalDTD is not None and any(True for _ in info.internalDTD.iterentities()):
        message = "declares XML entities, which a WordPress export never does: refused (nothing is expanded or fetched)"
        return Problem(shown, _line_of(prolog, ENTITY_DECLARATION), message)
    message = (
        "has a DOCTYPE, which a WordPress export never has: refused (no DTD is read, so the text of the entities it "
        "names would be lost): remove that line"
    )
    return Problem(shown, _line_of(prolog, DOCTYPE), message)


def _line_of(data: bytes, pattern: re.Pattern[bytes]) -> int:
    found = pattern.search(data)
    return data[: found.start()].count(b"\n") + 1 if found else 1


def _items(path: Path, shown: str, channel: Channel) -> Iterator[Item]:
    # A progress bar on a terminal (a large export takes minutes), by the bytes read; nothing when piped or logged.
    quiet = not sys.stderr.isatty()
    with (
        path.open("rb") as file,
        tqdm.wrapattr(file, "read", total=path.stat().st_size, desc=path.name, disable=quiet) as read,
    ):
        yield from _parse(read, shown, channel)


def _parse(file: IO[bytes], shown: str, channel: Channel) -> Iterator[Item]:
    events = etree.iterparse(
        file,
        events=("end",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    version = "2"
    try:
        for _event, element in events:
            tag = element.tag
            if not isinstance(tag, str):
                continue
            if tag == "item":
                yield _item(element, version)
                _forget(element)
            elif tag.startswith("{http://wordpress.org/export/1.") and element.getparent() is not None:
                version = tag[len("{http://wordpress.org/export/1.")]
                if element.getparent().tag == "channel":
                    _channel_entry(channel, element, version)
                    _forget(element)
            elif (
                tag in ("title", "link", "description", "language")
                and element.getparent() is not None
                and element.getparent().tag == "channel"
            ):
                setattr(channel, tag, _text(element))
    except etree.XMLSyntaxError as exc:
        message = exc.msg or str(exc)
        message = re.sub(r", line \d+, column \d+$", "", message)
        if "Unregistered error" in message or "Premature end" in message:  # libxml2's words for a cut-off file
            message = "the file ends in the middle of the export (truncated?)"
        raise BuildError(
            [Problem(shown, exc.lineno or None, f"not a well-formed WordPress export: {message}")]
        ) from None


def _forget(element: etree._Element) -> None:
    """Drop ELEMENT and what came before it, so the tree never holds more than the item being read."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _text(element: etree._Element | None) -> str:
    return (element.text or "") if element is not None else ""


def _channel_entry(channel: Channel, element: etree._Element, version: str) -> None:
    wp = WP % version
    tag = element.tag
    if tag == f"{wp}base_site_url":
        channel.base_site_url = _text(element).strip()
    elif tag == f"{wp}base_blog_url":
        channel.base_blog_url = _text(element).strip()
    elif tag == f"{wp}author":
        login = _text(element.find(f"{wp}author_login")).strip()
        name = _text(element.find(f"{wp}author_display_name")).strip()
        channel.authors[login] = html.unescape(name) or login
        channel.author_ids[login] = _text(element.find(f"{wp}author_id")).strip()
    elif tag == f"{wp}category":
        term = Term(
            slug=_text(element.find(f"{wp}category_nicename")).strip(),
            name=html.unescape(_text(element.find(f"{wp}cat_name")).strip()),
            parent=_text(element.find(f"{wp}category_parent")).strip(),
            term_id=_text(element.find(f"{wp}term_id")).strip(),
            description=_text(element.find(f"{wp}category_description")).strip(),
        )
        channel.categories[term.slug] = term
    elif tag == f"{wp}tag":
        term = Term(
            slug=_text(element.find(f"{wp}tag_slug")).strip(),
            name=html.unescape(_text(element.find(f"{wp}tag_name")).strip()),
            term_id=_text(element.find(f"{wp}term_id")).strip(),
        )
        channel.tags[term.slug] = term
    elif tag == f"{wp}term" and _text(element.find(f"{wp}term_taxonomy")).strip() == "nav_menu":
        term = Term(
            slug=_text(element.find(f"{wp}term_slug")).strip(),
            name=html.unescape(_text(element.find(f"{wp}term_name")).strip()),
            term_id=_text(element.find(f"{wp}term_id")).strip(),
        )
        channel.menus[term.slug] = term


def _item(element: etree._Element, version: str) -> Item:
    wp = WP % version

    def field_text(name: str) -> str:
        return _text(element.find(name))

    item = Item(
        line=element.sourceline or 0,
        post_id=field_text(f"{wp}post_id").strip(),
        post_type=field_text(f"{wp}post_type").strip(),
        status=field_text(f"{wp}status").strip(),
        title=field_text("title"),
        link=field_text("link").strip(),
        guid=field_text("guid").strip(),
        creator=field_text(CREATOR).strip(),
        content=field_text(CONTENT),
        excerpt=field_text(EXCERPT % version),
        post_date=field_text(f"{wp}post_date").strip(),
        post_date_gmt=field_text(f"{wp}post_date_gmt").strip(),
        post_name=field_text(f"{wp}post_name").strip(),
        post_parent=field_text(f"{wp}post_parent").strip() or "0",
        menu_order=field_text(f"{wp}menu_order").strip() or "0",
        password=field_text(f"{wp}post_password"),
        sticky=field_text(f"{wp}is_sticky").strip() == "1",
        attachment_url=field_text(f"{wp}attachment_url").strip(),
    )
    for term in element.iterfind("category"):
        item.terms.append((term.get("domain", ""), term.get("nicename", ""), html.unescape(_text(term).strip())))
    for meta in element.iterfind(f"{wp}postmeta"):
        key = _text(meta.find(f"{wp}meta_key"))
        item.meta.setdefault(key, []).append(_text(meta.find(f"{wp}meta_value")))
    for comment in element.iterfind(f"{wp}comment"):
        item.comments.append(
            Comment(
                comment_id=_text(comment.find(f"{wp}comment_id")).strip(),
                author=html.unescape(_text(comment.find(f"{wp}comment_author")).strip()),
                date=_text(comment.find(f"{wp}comment_date")).strip(),
                date_gmt=_text(comment.find(f"{wp}comment_date_gmt")).strip(),
                content=_text(comment.find(f"{wp}comment_content")),
                approved=_text(comment.find(f"{wp}comment_approved")).strip(),
                kind=_text(comment.find(f"{wp}comment_type")).strip(),
                parent=_text(comment.find(f"{wp}comment_parent")).strip() or "0",
            )
        )
    return item
