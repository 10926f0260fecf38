"""A WordPress post's content as the old site showed it, in WordPress's own order of filters, kept as HTML.

Order (as `the_content` runs them): <!--nextpage--> joined into one page (Body.pages says how many the old
site showed), <!--more--> marked (the text before it is the teaser), [embed] and bare provider URLs (autoembed),
block comments taken out (Gutenberg) or paragraphs made (wpautop, classic posts), then the shortcodes: [caption],
[gallery], [audio], [video]. Links to the old site become site paths, and its uploads /wp-content/uploads/...,
where the import puts them, whether written with its host or from the host's root (/blog/wp-content/... for a
site installed under /blog); one from the host's root outside that folder keeps the host, as the new site's own
paths will be under its base_url's path. Last, what only WordPress's own pages needed goes: the <!--more--> mark
(WordPress's `<span id="more-N">`, the target of its "read more" links from listings kabar replaces) and the
paragraphs left empty by it or by a removed shortcode.

The body stays HTML rather than being converted to Markdown: WordPress content is HTML (figures, galleries,
tables with spans, embeds, classes such as aligncenter) that Markdown cannot say, so a conversion would be lossy
and its losses hard to see; kept as CommonMark HTML blocks it renders byte for byte as the old site's HTML did,
and costs nothing per post on a 20,000-post export. New articles are written in Markdown beside them.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field

from . import blocks, embeds, shortcodes
from .htmlbody import as_markdown_body, plain_text
from .wpautop import shortcode_unautop, wpautop

MORE = re.compile(r"<!--more(.*?)?-->")
NEXTPAGE_MARK = "<!--nextpage-->"
NEXTPAGE = re.compile(re.escape(NEXTPAGE_MARK))
NOTEASER = "<!--noteaser-->"
EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")
CAPTIONED = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.IGNORECASE | re.DOTALL)
UPLOAD_PATH = re.compile(r"/wp-content/uploads/([^\"'\s<>?#)\],]+)")
UPLOADS_FOLDER = "/wp-content/uploads/"
# An address in an attribute that a browser follows or loads (href, src, a lazy-loading plugin's data-src).
ADDRESS = re.compile(r"""(\b(?:href|src)\s*=\s*)(?:"([^"<>]*)"|'([^'<>]*)')""", re.IGNORECASE)
# Where an address starts in text: at its start, in an attribute's quotes, after a space or comma (srcset), in url(.
ADDRESS_START = r"(?<![^\s\"'(,])"
SHORTCODES = ("caption", "wp_caption", "gallery", "audio", "video", "embed", "playlist")
AUDIO_TYPES = ("mp3", "ogg", "oga", "wav", "m4a", "flac", "wma")
VIDEO_TYPES = ("mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")


@dataclass
class Attachment:
    post_id: str
    url: str
    title: str
    caption: str
    alt: str
    parent: str
    order: int
    resized: tuple[str, ...] = ()  # the copies its metadata lists (name-300x200.jpg...), relative to the uploads
    page: str = ""  # the address of its attachment page on the old site (<link>), which showed the file


@dataclass
class Library:
    """What a body may point to: the attachments (by id), reusable blocks (by id), the old site's addresses."""

    attachments: dict[str, Attachment] = field(default_factory=dict)
    by_parent: dict[str, list[Attachment]] = field(default_factory=dict)  # attached to a post, in the export's order
    reusable: dict[str, str] = field(default_factory=dict)
    hosts: tuple[str, ...] = ()  # the old site's host names, without www.
    blog_path: str = ""  # the old site's folder on its host ("" or "/blog")
    origin: str = ""  # the old site's scheme and host ("https://lama.example"), for addresses from its host's root

    def add(self, attachment: Attachment) -> None:
        self.attachments[attachment.post_id] = attachment
        self.by_parent.setdefault(attachment.parent, []).append(attachment)

    def children(self, post_id: str) -> list[Attachment]:
        """The images attached to POST_ID, as [gallery] without ids shows them: by menu order, then id."""
        found = [attachment for attachment in self.by_parent.get(post_id, []) if _is_image(attachment.url)]
        return sorted(found, key=lambda a: (a.order, int(a.post_id) if a.post_id.isdigit() else 0))


@dataclass
class Body:
    html: str
    teaser: str  # the plain text before <!--more-->, or ""
    notes: list[str]  # what could not be kept, one message each
    uploads: list[str]  # paths under wp-content/uploads/ the body shows or links to
    pages: int = 1  # the pages <!--nextpage--> made of it on the old site, joined here


def convert(content: str, post_id: str, library: Library) -> Body:
    """The HTML of CONTENT (a post's wp:content) as the old site showed it, with what was dropped."""
    notes: list[str] = []
    text = content.replace("\r\n", "\n").replace(NOTEASER, "")
    pages = len(NEXTPAGE.findall(text)) + 1 - text.lstrip("\n").startswith(NEXTPAGE_MARK)  # a first one is none
    text = NEXTPAGE.sub("\n\n", text)
    marker = f'<span id="more-{post_id}"></span>'
    closed = text.rfind("-->") + 3  # a '<!--more' after the last '-->' is none: not looked for from each to the end
    more = MORE.search(text, 0, closed)
    if more:
        text = text[: more.start()] + marker + MORE.sub("", text[more.end() : closed]) + text[closed:]
    text = shortcodes.replace(text, {"embed": _embed})
    text = embeds.autoembed(text)
    if blocks.has_blocks(text):
        dropped: list[str] = []
        text = blocks.strip_blocks(text, library.reusable.get, dropped)
        for name in sorted(set(dropped)):
            notes.append(f"block '{name}' dropped: the old site drew it on each view (a static site cannot)")
    else:
        text = shortcode_unautop(wpautop(text), SHORTCODES)
    text = shortcodes.replace(text, _handlers(post_id, library, notes))
    text, unknown = shortcodes.unwrap_unknown(text, set(SHORTCODES))
    notes.extend(f"shortcode [{name}] of a plugin removed (its enclosed text kept)" for name in unknown)
    text = _site_paths(text, library)
    teaser = plain_text(text.split(marker, 1)[0]) if more else ""
    text = EMPTY_PARAGRAPH.sub("", text.replace(marker, ""))
    uploads = sorted({html.unescape(match.group(1)) for match in UPLOAD_PATH.finditer(text)})
    return Body(html=as_markdown_body(text), teaser=teaser, notes=notes, uploads=uploads, pages=pages)


def _embed(attributes: dict[str, str], content: str | None) -> str:
    url = html.unescape((content or attributes.get("src", "")).strip())
    return embeds.embed(url) if url.startswith(("http://", "https://")) else ""


def _handlers(post_id: str, library: Library, notes: list[str]) -> dict[str, shortcodes.Handler]:
    def caption(attributes: dict[str, str], content: str | None) -> str:
        inner = content or ""
        text = attributes.get("caption", "")
        if not text:
            found = CAPTIONED.match(inner.strip())
            if found:
                inner, text = found.group(1), found.group(2).strip()
        align = html.escape(attributes.get("align", "alignnone"))
        caption_html = f"<figcaption>{text}</figcaption>" if text else ""
        return f'<figure class="wp-caption {align}">{inner.strip()}{caption_html}</figure>'

    def gallery(attributes: dict[str, str], content: str | None) -> str:
        wanted = attributes.get("ids") or attributes.get("include") or ""
        if wanted:
            chosen = [library.attachments.get(number.strip()) for number in wanted.split(",")]
            missing = [n.strip() for n, a in zip(wanted.split(","), chosen, strict=True) if a is None]
            if missing:
                notes.append(f"gallery: attachment {', '.join(missing)} not in the export")
            images = [a for a in chosen if a is not None]
        else:
            excluded = {number.strip() for number in attributes.get("exclude", "").split(",")}
            images = [a for a in library.children(post_id) if a.post_id not in excluded]
        columns = attributes.get("columns", "3")
        columns = columns if columns.isdigit() else "3"
        items = "".join(_gallery_item(image) for image in images)
        return f'<div class="gallery gallery-columns-{columns}">{items}</div>' if items else ""

    def media(kind: str, types: tuple[str, ...]) -> shortcodes.Handler:
        def handler(attributes: dict[str, str], content: str | None) -> str:
            sources = [attributes[name] for name in ("src", *types) if attributes.get(name)]
            if not sources:
                notes.append(f"[{kind}] without a file: left out")
                return ""
            return embeds.media_element(kind, [html.unescape(s) for s in sources], attributes.get("poster", ""))

        return handler

    def playlist(attributes: dict[str, str], content: str | None) -> str:
        notes.append("[playlist] left out: its player is the old site's script")
        return ""

    return {
        "caption": caption,
        "wp_caption": caption,
        "gallery": gallery,
        "audio": media("audio", AUDIO_TYPES),
        "video": media("video", VIDEO_TYPES),
        "embed": _embed,
        "playlist": playlist,
    }


def _gallery_item(image: Attachment) -> str:
    url = html.escape(image.url)
    caption = f"<figcaption>{html.escape(image.caption)}</figcaption>" if image.caption else ""
    return (
        f'<figure class="gallery-item"><a href="{url}"><img src="{url}" alt="{html.escape(image.alt)}"></a>'
        f"{caption}</figure>"
    )


def _is_image(url: str) -> bool:
    return url.lower().rsplit(".", 1)[-1] in ("jpg", "jpeg", "png", "gif", "webp", "avif", "svg")


def site_path(url: str, library: Library) -> str:
    """URL (an image's, say) as a site path when it is one of the old site's uploads; else as it is."""
    return _site_paths(url, library)


def site_address(url: str, library: Library) -> str:
    """A link's URL (a menu entry's) as the new site must write it: see _address."""
    return _address(url, library, link=True)


def _site_paths(text: str, library: Library) -> str:
    """Old-site URLs as site paths: its uploads at /wp-content/uploads/..., its pages at their old paths, whether
    written with the old site's host or from its root (see _address)."""
    if not library.hosts:
        return text
    hosts = "|".join(re.escape(host) for host in library.hosts)
    origin = rf"(?:https?:)?//(?:www\.)?(?:{hosts})(?::\d+)?"
    text = re.sub(rf"{origin}(?:/[^\"'\s<>]*?)?(/wp-content/uploads/)", r"\1", text, flags=re.IGNORECASE)
    if library.blog_path:  # /blog/wp-content/uploads/... written from the host's root, in a src, a srcset, a url()
        text = re.sub(rf"{ADDRESS_START}{re.escape(library.blog_path)}(/wp-content/uploads/)", r"\1", text)
    return ADDRESS.sub(lambda m: _attribute(m, library), text)


def _attribute(match: re.Match[str], library: Library) -> str:
    value = _value(match)
    new = _address(value, library, link=match[1].lower().rstrip(" =\t\n").endswith("href"))
    return match[0] if new == value else _with_value(match, new)


def _value(match: re.Match[str]) -> str:
    """The address an ADDRESS match found, in either quotes."""
    return match[2] if match[2] is not None else match[3]


def _with_value(match: re.Match[str], value: str) -> str:
    """The attribute an ADDRESS match found, holding VALUE in its own quotes."""
    quote = '"' if match[2] is not None else "'"
    return f"{match[1]}{quote}{value}{quote}"


def _address(value: str, library: Library, link: bool) -> str:
    """VALUE, an address in a post, as the new site must write it, whose own paths are under its base_url's path:
    one on the old site, with its host (a LINK's only: an image elsewhere on the host stays where it is) or from
    the host's root (/blog/2024/x/ for a site under /blog), as a site path (/2024/x/); one from the host's root
    outside the site's folder (/forum/) with the host (https://lama.example/forum/), where it was; any other
    (another site's, a relative one, an upload made a site path already) as it is."""
    if value.startswith("/") and not value.startswith("//"):
        folder = library.blog_path
        if not folder or value.startswith(UPLOADS_FOLDER):
            return value
        rest = value[len(folder) :]
        if value.startswith(folder) and (not rest or rest[0] in "/?#"):
            return rest if rest.startswith("/") else "/" + rest
        return library.origin + value if library.origin else value
    found = _on_the_site(library.hosts, library.blog_path).match(value) if link and library.hosts else None
    if found is None:
        return value
    return found[1] if found[1].startswith("/") else "/" + found[1]


@functools.cache
def _on_the_site(hosts: tuple[str, ...], folder: str) -> re.Pattern[str]:
    """An address on the old site (HOSTS, under FOLDER) with its host; what follows the folder as group 1."""
    names = "|".join(re.escape(host) for host in hosts)
    return re.compile(
        rf"(?:https?:)?//(?:www\.)?(?:{names})(?::\d+)?{re.escape(folder)}(?=[/?#]|\Z)(.*)", re.IGNORECASE | re.DOTALL
    )


def with_host(text: str, library: Library) -> str:
    """TEXT (a comment's HTML) with each link from the old site's host root written with its host, as a link
    written with it is: a comment is kept as plain text, where a link shows its address and a path shows nothing."""
    if not library.origin:
        return text

    def one(match: re.Match[str]) -> str:
        value = _value(match)
        if not value.startswith("/") or value.startswith("//"):
            return match[0]
        return _with_value(match, library.origin + value)

    return ADDRESS.sub(one, text)
