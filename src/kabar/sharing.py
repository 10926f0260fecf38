"""Share links for a story: plain links to each service's own share page, with the story's title and address.

No script of theirs is loaded and nothing tracks the reader: a link is followed only when the reader clicks it.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote


class ShareLink(NamedTuple):
    service: str  # a stable name for styles and tests: whatsapp, telegram, facebook, x, email
    name: str  # as the service calls itself ("" for e-mail: the theme's words name it)
    href: str


# Each service's share address; {url} and {text} are filled in percent-encoded.
SERVICES = (
    ("whatsapp", "WhatsApp", "https://wa.me/?text={text}%20{url}"),
    ("telegram", "Telegram", "https://t.me/share/url?url={url}&text={text}"),
    ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("x", "X", "https://x.com/intent/tweet?url={url}&text={text}"),
    ("email", "", "mailto:?subject={text}&body={url}"),
)


def share_links(title: str, url: str) -> tuple[ShareLink, ...]:
    """The share links for the story TITLE at URL (absolute), in the order the theme shows them."""
    text, address = quote(title, safe=""), quote(url, safe=":/")  # both may stand in a query unescaped
    return tuple(ShareLink(service, name, href.format(url=address, text=text)) for service, name, href in SERVICES)
