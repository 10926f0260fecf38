"""Read an RSS 2.0 or Atom feed, a file or a URL, with feedparser: each entry becomes an article.

For any system kabar has no reader for. An entry's id is kept as `guid:` (feed readers do not see old stories as
new), its link's path as an alias, its categories as category and tags. Its HTML (content:encoded or Atom content,
else the summary) becomes Markdown through markdownify, which drops scripts and styles. A URL is fetched with a
timeout, a deadline and a size limit: offline, or a server that never finishes, is a clear error, never a hang.
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
from urllib.parse import urlsplit

import feedparser
import lxml.html
from markdownify import markdownify

from .. import urls
from ..errors import BuildError, Problem
from . import staticsite
from .model import Imported, Report
from .staticsite import Post

TIMEOUT = 20  # seconds for each step of a fetch (connect, each read)
DEADLINE = 120  # seconds for the whole fetch
IMAGE = re.compile(r"!\[[^\]]*\]\(<?([^)\s>]+)")  # a Markdown image's address, as markdownify writes it
MOST_BYTES = 64 * 1024 * 1024  # a feed bigger than this is not one
USER_AGENT = "kabar-import (+https://pypi.org/project/kabar/)"


def read(source: str, uploads: Path | None) -> Imported:
    report = Report()
    data = fetch(source) if source.startswith(("http://", "https://")) else Path(source).read_bytes()
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)  # markdownify cleans
    if not parsed.entries:
        why = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
        raise BuildError([Problem(source, None, f"is not an RSS or Atom feed with entries{why}")])
    channel = parsed.feed
    link = urlsplit(channel.get("link", ""))
    base_url = f"{link.scheme}://{link.netloc}" if link.scheme in ("http", "https") and link.netloc else None
    settings = staticsite.settings(
        report, source, channel.get("title"), channel.get("subtitle"), base_url, channel.get("language"), None
    )
    articles = staticsite.Articles(report)
    imported = Imported(settings, report=report)
    for number, entry in enumerate(parsed.entries, start=1):
        post = _post(entry, f"{Path(source).name if '://' not in source else source} entry {number}", report, base_url)
        if post is not None:
            imported.documents.append(articles.document(post))
    report.count("articles", len(imported.documents))
    return imported


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


def _post(entry: Any, where: str, report: Report, base_url: str | None) -> Post | None:
    title = staticsite.text(entry.get("title"))
    date = _when(entry, "published") or _when(entry, "updated")
    if title is None or date is None:
        report.skip(where, f"has no {'title' if title is None else 'date'}; not imported")
        return None
    link = urlsplit(entry.get("link", ""))
    old_path = link.path + (f"?{link.query}" if link.query else "")
    last_segment = next((part for part in reversed(link.path.split("/")) if part), "")
    html = entry.content[0].value if entry.get("content") else entry.get("summary", "")
    body = markdownify(html, heading_style="ATX", bullets="-").strip() or title
    _report_old_host_files(body, base_url, where, report)
    summary = _plain(entry.get("summary", "")) if entry.get("content") else None
    terms = [tag.get("term") for tag in entry.get("tags", [])]
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
        body=body,
        categories=staticsite.names(terms[:1]),
        tags=staticsite.names(terms[1:]),
        authors=[name for name in staticsite.names(authors) if "@" not in name],  # a name, never an e-mail address
        summary=summary,
        updated=updated if updated and updated != date else None,
        old_urls=[old_path] if old_path and old_path != "/" else [],
        guid=staticsite.text(entry.get("id")),
    )


def _report_old_host_files(body: str, base_url: str | None, where: str, report: Report) -> None:
    """A feed holds no files: each image of the old site's that BODY shows is said, with where to put it (the
    imported site keeps the old site's address, so the same path on the new site serves it)."""
    if base_url is None:
        return
    for url in dict.fromkeys(IMAGE.findall(body)):
        if url.startswith(base_url + "/"):
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
    return staticsite.text(lxml.html.fragment_fromstring(html, create_parent="div").text_content())
