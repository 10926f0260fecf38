"""Read an RSS 2.0 or Atom feed, a file or a URL, with feedparser: each entry becomes an article.

For any system kabar has no reader for. An entry's id is kept as `guid:` (feed readers do not see old stories as
new), its link's path as an alias, its categories as category and tags. Its HTML (content:encoded or Atom content,
else the summary) becomes Markdown through markdownify, which drops scripts and styles; its links are made to lead
where they led (relative ones resolved, those to other entries at their new address), a player (iframe) becomes a
link, and its picture and audio or video enclosures are kept. An entry without a date is dated by the feed (its own
date, else its newest entry's), a minute earlier per place in it. The feed's own address leads to kabar's feed. A URL
is fetched with a timeout, a deadline and a size limit: offline, or a server that never finishes, is a clear error,
never a hang.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
from markdownify import markdownify

from .. import urls
from ..errors import BuildError, Problem
from ..unseen import visible
from . import staticsite
from .embeds import media_element
from .htmlbody import plain_text
from .model import Imported, Report
from .oldsite import MAIN_FEED
from .staticsite import Post

TIMEOUT = 20  # seconds for each step of a fetch (connect, each read)
DEADLINE = 120  # seconds for the whole fetch
IMAGE = re.compile(r"!\[[^\]]*\]\(<?([^)\s>]+)")  # a Markdown image's address, as markdownify writes it
# A YouTube or Vimeo player's address; the name and the page of its video by its kind.
PLAYER = re.compile(r"(?:https?:)?//(?:www\.)?(youtube(?:-nocookie)?\.com/embed|player\.vimeo\.com/video)/([\w-]+)")
VIDEO_PAGES = {
    "youtube.com/embed": ("YouTube", "https://www.youtube.com/watch?v="),
    "youtube-nocookie.com/embed": ("YouTube", "https://www.youtube.com/watch?v="),
    "player.vimeo.com/video": ("Vimeo", "https://vimeo.com/"),
}
MEDIA_RSS = re.compile(rb"""xmlns:([\w.-]+)\s*=\s*["']http://search\.yahoo\.com/mrss/?["']""")  # its prefix
MOST_BYTES = 64 * 1024 * 1024  # a feed bigger than this is not one
USER_AGENT = "kabar-import (+https://pypi.org/project/kabar/)"


def read(source: str, uploads: Path | None) -> Imported:
    report = Report()
    data = fetch(source) if source.startswith(("http://", "https://")) else Path(source).read_bytes()
    parsed = feedparser.parse(_without_media_descriptions(data), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        why = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
        raise BuildError([Problem(source, None, f"is not an RSS or Atom feed with entries{why}")])
    channel = parsed.feed
    link = urlsplit(channel.get("link", ""))
    base_url = f"{link.scheme}://{link.netloc}" if link.scheme in ("http", "https") and link.netloc else None
    settings = staticsite.settings(
        report, source, _text(channel, "title"), _text(channel, "subtitle"), base_url, channel.get("language"), None
    )
    articles = staticsite.Articles(report)
    imported = Imported(settings, report=report)
    found = []
    undated = _date_of_undated(channel, parsed.entries)
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{Path(source).name if '://' not in source else source} entry {number}"
        post = _post(entry, where, report, undated, number)
        if post is not None:
            found.append((post, entry))
    taken: set[str] = set()
    for post, _ in found:  # entries of one day with one title (updates of a story) need a slug each
        slug, number = post.slug, 1
        while articles.url(post) in taken:
            number += 1
            post.slug = f"{slug}-{number}"
        taken.add(articles.url(post))
    moved = {old: articles.url(post) for post, _ in found for old in post.old_urls}
    old_host = urlsplit(base_url).netloc if base_url else None
    for post, entry in found:
        content = entry.content[0] if entry.get("content") else entry.get("summary_detail") or {}
        base = content.get("base") or entry.get("link") or channel.get("link", "")
        post.body = _markdown(content.get("value", ""), base, old_host, moved) or post.title
        image, media = _media(entry)
        post.image = image
        post.body = "\n\n".join(
            [post.body, *(media_element(kind, [url]) for kind, url in media if url not in post.body)]
        )
        _report_old_host_files([*IMAGE.findall(post.body), *filter(None, [image])], base_url, post.shown, report)
        imported.documents.append(articles.document(post))
    report.count("articles", len(imported.documents))
    redirects = _own_addresses(source, channel, base_url)
    if redirects:
        settings["redirects"] = redirects
        report.count("redirects", len(redirects))
    return imported


def _own_addresses(source: str, channel: Any, base_url: str | None) -> dict[str, str]:
    """The feed's own addresses on the old site (its rel="self" link, the URL it was fetched from) -> kabar's feed:
    a feed reader subscribed there keeps getting the feed, and follows no redirect page."""
    given = [link.get("href", "") for link in channel.get("links", []) if link.get("rel") == "self"]
    found = {}
    for url in [*given, source] if "://" in source else given:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if base_url and parts.netloc == urlsplit(base_url).netloc and path not in ("", "/", MAIN_FEED):
            found[path] = MAIN_FEED
    return found


def _without_media_descriptions(data: bytes) -> bytes:
    """DATA without Media RSS's descriptions (of a picture or a video): feedparser reads one as the entry's own
    description, and it then takes the place of the story's text or summary."""
    for prefix in sorted(set(MEDIA_RSS.findall(data))):
        name = prefix + b":description"
        kept, start = [], 0
        # Within one tag: one without its '>' is not read up to the end of the feed from each such tag.
        for tag in re.finditer(rb"<%s\b[^<>]*>" % re.escape(name), data):
            if tag.start() < start:  # inside one removed
                continue
            end = tag.end()
            if not tag[0].endswith(b"/>"):  # its end found once, not by a pattern that tries it from every tag
                closing = data.find(b"</" + name, end)
                end = data.find(b">", closing) + 1 if closing >= 0 else 0
                if not end:
                    break  # no end after it: none after the next ones either
            kept.append(data[start : tag.start()])
            start = end
        data = b"".join([*kept, data[start:]])
    return data


def fetch(url: str) -> bytes:
    """The feed at URL: a clear problem, never a hang, when it cannot be had."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    deadline = time.monotonic() + DEADLINE
    chunks, size = [], 0
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            while chunk := response.read(1 << 16):
                chunks.append(chunk)
                size += len(chunk)
                if size > MOST_BYTES:
                    raise BuildError([Problem(url, None, f"is larger than {MOST_BYTES // 2**20} MB: not a feed")])
                if time.monotonic() > deadline:
                    raise BuildError(
                        [Problem(url, None, f"took longer than {DEADLINE} s to fetch; save it and import the file")]
                    )
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        message = (
            f"cannot fetch the feed ({reason}): check the address and the network, or save the feed and import the file"
        )
        raise BuildError([Problem(url, None, message)]) from None
    return b"".join(chunks)


def _date_of_undated(channel: Any, entries: list[Any]) -> tuple[dt.datetime, str] | None:
    """The date an entry without one is given, and what it is: the feed's own (RSS's lastBuildDate or pubDate,
    Atom's updated), else its newest entry's; None when the feed has no date at all."""
    for key, name in (("updated", "the feed's date"), ("published", "the feed's date")):
        if (date := _when(channel, key)) is not None:
            return date, name
    dates = [date for entry in entries if (date := _when(entry, "published") or _when(entry, "updated"))]
    return (max(dates), "its newest entry's date") if dates else None


def _post(
    entry: Any, where: str, report: Report, undated: tuple[dt.datetime, str] | None = None, number: int = 1
) -> Post | None:
    """ENTRY, the NUMBERth of its feed, as a Post, without its body (made once every entry's new address is known).
    Without a date of its own it is given UNDATED's, a minute earlier for each entry before it: the feed lists the
    newest first, so the order is kept, and the date is the same each time."""
    title = _text(entry, "title")
    date = _when(entry, "published") or _when(entry, "updated")
    if title is not None and date is None and undated is not None:
        date = undated[0] - dt.timedelta(minutes=number - 1)
        when = date.isoformat(sep=" ", timespec="minutes")
        report.skip(where, f"has no date: dated {when}, by {undated[1]}, keeping its place in the feed")
    if title is None or date is None:
        report.skip(where, f"has no {'title' if title is None else 'date'}; not imported")
        return None
    link = urlsplit(entry.get("link", ""))
    if link.scheme not in ("http", "https"):  # feedparser's link of an entry without one is its id: tag:, urn:
        link = urlsplit("")
    old_path = link.path + (f"?{link.query}" if link.query else "")
    last_segment = next((part for part in reversed(link.path.split("/")) if part), "")
    summary = _plain(entry.get("summary", "")) if entry.get("content") else None
    terms = [tag.get("label") or tag.get("term") for tag in entry.get("tags", [])]  # Atom's label is for people
    written = entry.get("author", "")
    bare_address = "@" in written and "(" not in written  # RSS's <author> with an address alone, no name
    authors = [
        author["name"]
        for author in entry.get("authors", [])
        if author.get("name") and not (bare_address and author["name"] in written)  # never a piece of an address
    ]
    updated = _when(entry, "updated")
    return Post(
        shown=where,
        title=title,
        date=date,
        slug=urls.slugify(last_segment.rsplit(".", 1)[0]) or urls.slugify(title),
        body="",
        categories=staticsite.names(terms[:1]),
        tags=staticsite.names(terms[1:]),
        authors=[name for name in staticsite.names(authors) if "@" not in name],  # a name, never an e-mail address
        summary=summary,
        updated=updated if updated and updated != date else None,
        old_urls=[old_path] if old_path and old_path != "/" else [],
        guid=staticsite.text(entry.get("id")),
    )


def _markdown(html: str, base: str, old_host: str | None, moved: dict[str, str]) -> str:
    """An entry's HTML as Markdown, its links leading where they led: a relative one resolved against BASE (the
    entry's address, or its xml:base), one to another entry's old address (MOVED: -> its new one) rewritten, one
    elsewhere on the old site (OLD_HOST) given as a path there, which the new site keeps. A player (an iframe:
    YouTube, a map) becomes a link to it: Markdown cannot hold one, and markdownify would drop it."""
    if not html.strip():
        return ""

    def link(url: str) -> str:
        try:
            absolute = urljoin(base, url.strip())
            parts = urlsplit(absolute)
        except ValueError:  # not an address (http://[::1): left as written
            return url
        if url.startswith("#") or not old_host or parts.netloc != old_host:
            return url if url.startswith("#") else absolute
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if path in moved:
            return moved[path] + fragment
        return absolute if urlsplit(url).netloc else path + fragment

    tree = _fragment(html)
    tree.rewrite_links(link, resolve_base_href=False)
    for frame in list(tree.iter("iframe")):
        source = frame.get("src", "").strip()
        if not source:
            continue
        player = PLAYER.match(source)
        name, page = VIDEO_PAGES[player[1]] if player else (None, None)
        anchor = lxml.html.Element("a", href=f"{page}{player[2]}" if player else source)
        anchor.text, anchor.tail = f"{name}: {player[2]}" if player else source, frame.tail
        frame.getparent().replace(frame, anchor)
    markdown = markdownify(lxml.html.tostring(tree, encoding="unicode"), heading_style="ATX", bullets="-")
    return visible(markdown).strip()  # and those its entities wrote (&#11;)


def _text(item: Any, key: str) -> str | None:
    """ITEM's title or subtitle (KEY) as one line of text: an Atom one may be HTML (`type="html"` or xhtml)."""
    value = item.get(key)
    if isinstance(value, str) and item.get(f"{key}_detail", {}).get("type") in ("text/html", "application/xhtml+xml"):
        value = plain_text(value)
    return staticsite.text(value)


def _media(entry: Any) -> tuple[str | None, list[tuple[str, str]]]:
    """The entry's picture (an image enclosure, media:content or media:thumbnail), and its audio and video
    enclosures (a podcast's episode), each as (kind, URL): the story's, though not in its text."""
    found = [(item.get("type", ""), item.get("href", "")) for item in entry.get("enclosures", [])]
    found += [
        (item.get("type") or f"{item.get('medium')}/", item.get("url", "")) for item in entry.get("media_content", [])
    ]
    found += [("image/", item.get("url", "")) for item in entry.get("media_thumbnail", [])]
    found = [(kind.split("/")[0], url) for kind, url in found if url.startswith(("http://", "https://"))]
    image = next((url for kind, url in found if kind == "image"), None)
    return image, list(dict.fromkeys((kind, url) for kind, url in found if kind in ("audio", "video")))


def _report_old_host_files(images: list[str], base_url: str | None, where: str, report: Report) -> None:
    """A feed holds no files: each of IMAGES (those an article shows) that is the old site's is said, with where to
    put it (the imported site keeps the old site's address, so the same path on the new site serves it)."""
    if base_url is None:
        return
    for url in dict.fromkeys(images):
        if url.startswith(base_url + "/") or urls.is_site_path(url):
            path = urlsplit(url).path
            report.skip(where, f"image {url} is a file of the old site, not in the feed: save it as static{path}")


def _when(entry: Any, key: str) -> dt.datetime | None:
    """The entry's date as written (RFC 822 in RSS, RFC 3339 in Atom), its offset kept; else feedparser's, in UTC."""
    if key not in entry.keys():  # noqa: SIM118 (feedparser answers `in` for "updated" with "published")
        return None
    written = entry.get(key)
    if isinstance(written, str):
        try:
            return email.utils.parsedate_to_datetime(written)
        except (TypeError, ValueError, IndexError):
            found = staticsite.when(written.replace("Z", "+00:00"))
            if isinstance(found, dt.datetime):
                return found
    parsed = entry.get(f"{key}_parsed")
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC) if parsed else None


def _plain(html: str) -> str | None:
    """HTML as one line of plain text (a summary)."""
    if not html.strip():
        return None
    return staticsite.text(_fragment(html).text_content())


def _fragment(html: str) -> lxml.html.HtmlElement:
    """HTML of a feed, in a <div>: without the characters no reader sees, which lxml refuses (a vertical tab pasted
    from a word processor ended the whole import with a traceback)."""
    return lxml.html.fragment_fromstring(visible(html), create_parent="div")
