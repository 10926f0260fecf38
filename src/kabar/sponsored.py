"""Part of render: the links of a sponsored story's body to other sites, marked rel="sponsored" (a paid link, as
search engines ask it to be said), beside any rel they have already.

Only an <a> whose href is an http(s) or protocol-relative URL of another host than the site's; the rest of the
body is as it was. A tag runs from its '<' to the next '<' or '>', so a body of unclosed tags takes linear time.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from markupsafe import Markup

_LINK = re.compile(r"<a\s[^<>]*>", re.IGNORECASE)
# Each attribute of a tag, in turn, with its value if it has one: a quoted value's spaces and '=' are its own.
_ATTRIBUTE = re.compile(r"""\s(?P<name>[^\s"'<>/=]+)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'>]+))?""")
SPONSORED = "sponsored"


def sponsored_links(body: str, host: str) -> Markup:
    """BODY (HTML) with each of its links to a host other than HOST (the site's) marked rel="sponsored"."""
    return Markup(_LINK.sub(lambda tag: _marked(tag[0], host), body))


def _marked(tag: str, host: str) -> str:
    """TAG (an <a ...>) with "sponsored" among its rel values when its href leads to another host than HOST."""
    found: dict[str, re.Match[str]] = {}
    for attribute in _ATTRIBUTE.finditer(tag, 2):
        found.setdefault(attribute["name"].lower(), attribute)  # as a browser reads it, the first one counts
    href = found.get("href")
    if href is None or not _leaves(_value(href), host):
        return tag
    rel = found.get("rel")
    if rel is None:
        end = len(tag) - 2 if tag.endswith("/>") else len(tag) - 1
        return f'{tag[:end].rstrip()} rel="{SPONSORED}"{tag[end:]}'
    words = _value(rel).split()
    if SPONSORED in (word.lower() for word in words):
        return tag
    value = html.escape(" ".join([*words, SPONSORED]))
    return f'{tag[: rel.start()]} rel="{value}"{tag[rel.end() :]}'


def _value(attribute: re.Match[str]) -> str:
    """The attribute's value as a browser reads it: unquoted, its character references decoded."""
    value = attribute["value"] or ""
    return html.unescape(value[1:-1] if value[:1] in ('"', "'") else value)


def _leaves(url: str, host: str) -> bool:
    """Whether URL leads off the site, to a host other than HOST."""
    try:
        parts = urlsplit(url.strip())
        other = parts.hostname
    except ValueError:  # an address no browser follows, such as http://[x/
        return False
    return parts.scheme.lower() in ("", "http", "https") and bool(other) and other != host.lower()
