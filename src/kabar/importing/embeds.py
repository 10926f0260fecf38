"""Embedded media without the network: what WordPress's oEmbed made of a bare URL, and its audio and video players.

WordPress asks the provider for its player each time (oEmbed); an import may not fetch anything, so the players
whose address follows from the URL alone (YouTube, Vimeo) become an iframe of that address, and every other
provider's URL becomes a link to it. [audio] and [video] become the browser's own <audio> and <video>. Hugo's and
Zola's youtube and vimeo shortcodes become the same players.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

# Hosts WordPress embeds from a bare URL (its oEmbed providers, the news sites' usual ones).
PROVIDERS = re.compile(
    r"^https?://(?:[\w-]+\.)*(?:youtube\.com|youtu\.be|vimeo\.com|twitter\.com|x\.com|instagram\.com|facebook\.com"
    r"|tiktok\.com|spotify\.com|soundcloud\.com|dailymotion\.com|flickr\.com|reddit\.com|scribd\.com|slideshare\.net"
    r"|ted\.com|tumblr\.com|wordpress\.tv|imgur\.com|issuu\.com|mixcloud\.com|pinterest\.com|threads\.net)/",
    re.IGNORECASE,
)
YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")
# autoembed(): a URL alone on its line, or alone in its paragraph.
URL_LINE = re.compile(r"^(\s*)(https?://[^\s<>\"]+)(\s*)$", re.MULTILINE | re.IGNORECASE)
URL_PARAGRAPH = re.compile(r"(<p(?: [^>]*)?>\s*)(https?://[^\s<>\"]+)(\s*</p>)", re.IGNORECASE)
# The block editor's embed: its URL in a wrapper in a figure of its own (with the provider's classes, its caption).
URL_IN_BLOCK = re.compile(r"(<div class=\"wp-block-embed__wrapper\">\s*)(https?://[^\s<>\"]+)(\s*</div>)", re.I)


def autoembed(text: str) -> str:
    """TEXT with each provider's URL that stands alone on a line or in a paragraph made its player or a link."""
    if "http" not in text:
        return text

    def line(match: re.Match[str]) -> str:
        url = html.unescape(match.group(2))
        if not PROVIDERS.match(url):
            return match.group(0)
        return match.group(1) + embed(url) + match.group(3)

    def in_block(match: re.Match[str]) -> str:
        """The player alone: the block's figure is the player's figure already (a second one nested in it)."""
        url = html.unescape(match.group(2))
        player = _player(url)
        return match.group(1) + (_iframe(player, url) if player else embed(url)) + match.group(3)

    return URL_PARAGRAPH.sub(line, URL_LINE.sub(line, URL_IN_BLOCK.sub(in_block, text)))


def embed(url: str) -> str:
    """The HTML for an embedded URL: the player of a known provider, else a link."""
    player = _player(url)
    shown = html.escape(url)
    if player:
        return (
            f'<figure class="embed">{_iframe(player, url)}<figcaption><a href="{shown}">{shown}</a></figcaption>'
            "</figure>"
        )
    return f'<p class="embed"><a href="{shown}">{shown}</a></p>'


def _iframe(player: str, url: str) -> str:
    """The PLAYER's iframe, titled with the URL it plays."""
    return f'<iframe src="{html.escape(player)}" title="{html.escape(url)}" loading="lazy" allowfullscreen></iframe>'


def _player(url: str) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/").split("/")
    video = None
    if host == "youtu.be":
        video = path[0]
    elif host == "youtube.com":
        if path[0] == "watch":
            video = (parse_qs(parts.query).get("v") or [""])[0]
        elif path[0] in ("shorts", "embed", "live") and len(path) > 1:
            video = path[1]
    if video and YOUTUBE_ID.match(video):
        return f"https://www.youtube-nocookie.com/embed/{video}"
    if host == "vimeo.com" and path[-1].isdigit():
        return f"https://player.vimeo.com/video/{path[-1]}"
    return None


def media_element(kind: str, sources: list[str], poster: str = "") -> str:
    """<audio> or <video> (KIND) with its SOURCES, and a link to the first for a browser that plays none, in a
    <figure> (a block of its own, as WordPress's player is)."""
    shown = html.escape(sources[0])
    poster_attribute = f' poster="{html.escape(poster)}"' if poster else ""
    inner = "".join(f'<source src="{html.escape(source)}">' for source in sources)
    player = f'<{kind} controls preload="metadata"{poster_attribute}>{inner}<a href="{shown}">{shown}</a></{kind}>'
    return f'<figure class="wp-{kind}">{player}</figure>'
