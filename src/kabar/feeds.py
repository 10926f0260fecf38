"""Stage 5, for feed readers: RSS 2.0 (feedgen) and JSON Feed 1.1, for the site and for each category.

Every date comes from the articles, never the clock, so the same content
gives the same bytes. Article images go into RSS as media:content and into
JSON Feed as `image` (their largest variant, see pictures.py); a `websub_hub` setting is announced in both. An
article's `guid:` (kept from an old system, so that readers do not show a moved story as new) is its identity in
both; else its URL.

What a reader shows of a story is what its page shows: a sponsored story's title starts with the theme's label for
it ("Advertorial: ..."), which is among its categories too, and a corrected one's content starts with the note of its
corrections (the theme's _corrections.html); RSS gives when it last changed as atom:updated, JSON Feed date_modified.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
from collections.abc import Iterator, Mapping
from functools import cache, partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urljoin

from . import __version__, profiles, urls
from .incremental import LastBuild
from .models import Article, Config, Listing, Rendered, Site
from .pictures import Image, Picture
from .subpath import base_path, is_root_relative

if TYPE_CHECKING:
    import datetime as dt

    from feedgen.feed import FeedGenerator

    from .render import Renderer

# An address in a body, in either quotes: a link, an image, a video's poster, an image's candidates (srcset).
LINK = re.compile(r"""(\s(?:href|src|poster|srcset)=)(?:"([^"]*)"|'([^']*)')""")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # https:, mailto:, data: ...
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
THEME_LOGO = Config().logo  # the theme's /logo.png, unless kabar.yml's `logo:` names another
TOUCH_ICON = "/apple-touch-icon.png"  # the theme's, 180x180 (a site may replace it in static/)
Pictures = Mapping[str, Picture]


class Story(NamedTuple):
    """What both feeds say of an article that a reader shows as written, in the theme's words."""

    article: Article
    title: str  # a sponsored story's starts with the label its page shows
    content: str  # HTML: the note of its corrections, then its body; every address absolute
    terms: tuple[str, ...]  # its category, its tags, then the sponsored label: RSS categories, JSON Feed tags


def json_feed_url(rss_url: str) -> str:
    """/kategori/nasional/feed.xml -> /kategori/nasional/feed.json"""
    return rss_url.removesuffix(".xml") + ".json"


def make_feeds(
    site: Site, renderer: Renderer, output, last: LastBuild, pictures: Pictures = MappingProxyType({})
) -> int:
    """The feeds stage: each listing's feeds in OUTPUT, made again only when the stories they show change.
    RENDERER: the theme's words and its note of corrections. PICTURES: each article image's variants, by its URL (see
    variants.py): feeds show the largest."""
    made = 0
    for listing, title in feed_listings(site):
        shown = listing.articles[: renderer.config.feed_items]
        paths = [urls.output_path(url) for url in feed_urls(listing)]
        make = partial(listing_feeds, listing, renderer, title, pictures)
        made += len(last.keep_or_make(output, paths, [title, *(a.key for a in shown)], make))
    return made


def make_feed_copies(
    site: Site, renderer: Renderer, output, last: LastBuild, olds: Mapping[str, list[str]], pictures: Pictures
) -> int:
    """A feed again at each old address of it that OLDS gives (feed URL -> the pages there: WordPress's /feed/),
    made again when the feed is: a feed reader polls the address it subscribed to and follows no meta refresh, so
    a host without redirects answers it with the feed itself."""
    made = 0
    for listing, title in feed_listings(site):
        wanted = {url: olds[url] for url in feed_urls(listing) if url in olds}
        if wanted:
            paths = [urls.output_path(old) for pages in wanted.values() for old in pages]
            shown = listing.articles[: renderer.config.feed_items]
            make = partial(_copies, listing, renderer, title, pictures, wanted)
            made += len(last.keep_or_make(output, paths, [*paths, title, *(a.key for a in shown)], make))
    return made


def _copies(
    listing: Listing, renderer: Renderer, title: str, pictures: Pictures, wanted: dict[str, list[str]]
) -> Iterator[Rendered]:
    for feed in listing_feeds(listing, renderer, title, pictures):
        yield from (Rendered(old, feed.body, None) for old in wanted.get(feed.url, ()))


def feed_listings(site: Site) -> list[tuple[Listing, str]]:
    """Each listing that has feeds, with the feeds' title ("Nasional — Kabar": list.html's alternate links too)."""
    return [(site.home, site.config.title)] + [
        (listing, f"{listing.title} — {site.config.title}") for listing in site.listings if listing.feed_url
    ]


def feed_urls(listing: Listing) -> tuple[str, str]:
    assert listing.feed_url
    return listing.feed_url, json_feed_url(listing.feed_url)


def listing_feeds(listing: Listing, renderer: Renderer, title: str, pictures: Pictures) -> Iterator[Rendered]:
    """LISTING's RSS feed and JSON Feed, of its newest feed_items stories."""
    rss, json = feed_urls(listing)
    config = renderer.config
    items = tuple(_story(article, renderer) for article in listing.articles[: config.feed_items])
    yield Rendered(rss, _rss(listing, items, config, title, pictures), None)
    yield Rendered(json, _json_feed(listing, items, config, title, pictures), None)


def _story(article: Article, renderer: Renderer) -> Story:
    """ARTICLE as the feeds give it: labelled as its page labels it, so that no reader shows paid content as news or
    keeps a corrected story's old text without the correction."""
    label = renderer.words["sponsored"] if article.sponsored else None
    terms = [article.category.name, *(t.name for t in article.tags), *([label] if label else [])]
    note = renderer.corrections_note(article) if article.corrections else ""
    return Story(
        article=article,
        title=f"{label}: {article.title}" if label else article.title,
        content=_absolute_links(note + article.body_html, article, renderer.config),
        terms=tuple(dict.fromkeys(terms)),
    )


def _changed(article: Article) -> dt.datetime | None:
    """When ARTICLE last changed after it was published (updated, or corrected), if it did."""
    return article.modified if article.modified is not article.date else None


def _description(listing: Listing, config: Config) -> str:
    """What a feed says it is: a category's description (kabar.yml's categories:), else the site's tagline."""
    about = profiles.categories_by_url(config).get(listing.url) if listing.kind == "category" else None
    return (about.description if about else "") or config.tagline or config.title


def _rss(listing: Listing, items: tuple[Story, ...], config: Config, title: str, pictures: Pictures) -> bytes:
    assert listing.feed_url
    from feedgen.ext.base import BaseExtension  # here: most rebuilds make no feed, and feedgen takes 0.04 s to import
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.load_extension("media")
    feed.register_extension("atom_updated", BaseExtension, _atom_updated(), atom=False)
    feed.title(title)
    # feedgen takes the RSS <link> from the last link given: the page, not the feed.
    feed.link(href=urls.absolute(config.base_url, listing.feed_url), rel="self", type="application/rss+xml")
    feed.link(href=urls.absolute(config.base_url, listing.url), rel="alternate")
    feed.description(_description(listing, config))
    feed.language(config.lang)
    feed.generator("kabar", __version__)
    newest = max((story.article.modified for story in items), default=None)
    if newest:
        feed.lastBuildDate(newest)
    for story in items:
        _add_item(feed, story, config, _largest(story.article, pictures))
    body = feed.rss_str(pretty=True)
    return _with_hub(body, config.websub_hub) if config.websub_hub else body


def _add_item(feed: FeedGenerator, story: Story, config: Config, image: Image | None) -> None:
    article = story.article
    link = urls.absolute(config.base_url, article.url)
    entry = feed.add_entry(order="append")
    entry.title(story.title)
    entry.link(href=link)
    # An identity kept from an old system (`guid:`) is not a URL readers could follow.
    entry.guid(article.guid or link, permalink=article.guid is None)
    entry.description(html.escape(article.summary, quote=False))  # RSS readers read it as HTML; it is text
    entry.content(story.content)
    entry.pubDate(article.date)
    entry.atom_updated.when = _changed(article)
    for name in story.terms:  # as WordPress lists them
        entry.category(term=name, label=name)
    for author in article.authors:
        entry.dc.dc_creator(author.name, replace=False)
    if image:
        media = {"url": _absolute(image.url, config), "medium": "image", "type": image.type}
        media["width"], media["height"] = str(image.width), str(image.height)
        entry.media.content(media, group=None)  # straight under <item>, not in a <media:group>
    elif article.image:
        media = {"url": _absolute(article.image, config), "medium": "image"}
        kind = mimetypes.guess_type(article.image)[0]
        if kind:
            media["type"] = kind
        if article.image_size:
            media["width"], media["height"] = (str(n) for n in article.image_size)
        entry.media.content(media, group=None)  # straight under <item>, not in a <media:group>


@cache
def _atom_updated() -> type:
    """A feedgen item extension that writes when the item last changed as atom:updated: RSS 2.0 has no element for
    it and feedgen writes its own `updated` only into Atom; feed readers (feedparser too) read Atom's in RSS."""
    from feedgen.ext.base import BaseEntryExtension
    from lxml import etree

    class AtomUpdated(BaseEntryExtension):
        when: dt.datetime | None = None

        def extend_rss(self, item):
            if self.when:
                etree.SubElement(item, f"{{{ATOM_NS}}}updated").text = self.when.isoformat()
            return item

    return AtomUpdated


def _with_hub(rss: bytes, hub: str) -> bytes:
    """feedgen writes only the rel=self atom:link into RSS; the WebSub hub goes beside it."""
    from lxml import etree  # here: most rebuilds make no feed

    root = etree.fromstring(rss)
    channel = root.find("channel")
    assert channel is not None
    link = etree.Element(f"{{{ATOM_NS}}}link", href=hub, rel="hub")
    selves = channel.findall(f"{{{ATOM_NS}}}link")
    if selves:
        selves[-1].addnext(link)
    else:
        channel.insert(3, link)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _json_feed(listing: Listing, items: tuple[Story, ...], config: Config, title: str, pictures: Pictures) -> bytes:
    assert listing.feed_url
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": urls.absolute(config.base_url, listing.url),
        "feed_url": urls.absolute(config.base_url, json_feed_url(listing.feed_url)),
        "description": _description(listing, config),
        "language": config.lang,
    }
    if config.logo:
        feed["icon"] = _absolute(config.logo, config)
    # JSON Feed 1.1 asks for a square favicon of 64x64 or more (favicon.ico is 32): the theme's touch icon, 180x180,
    # unless the site set a logo of its own (the theme's logo is the feed's icon: readers show the favicon small)
    own_logo = config.logo and config.logo != THEME_LOGO
    feed["favicon"] = _absolute(config.logo if own_logo else TOUCH_ICON, config)
    if config.websub_hub:
        feed["hubs"] = [{"type": "WebSub", "url": config.websub_hub}]
    feed["items"] = [_json_item(story, config, _largest(story.article, pictures)) for story in items]
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _largest(article: Article, pictures: Pictures) -> Image | None:
    picture = pictures.get(article.image) if article.image else None
    return picture.largest if picture else None


def _json_item(story: Story, config: Config, image: Image | None) -> dict[str, Any]:
    article = story.article
    link = urls.absolute(config.base_url, article.url)
    item: dict[str, Any] = {
        "id": article.guid or link,
        "url": link,
        "title": story.title,
        "content_html": story.content,
        "summary": article.summary,
    }
    if article.image:
        item["image"] = _absolute(image.url if image else article.image, config)
    item["date_published"] = article.date.isoformat()
    if changed := _changed(article):
        item["date_modified"] = changed.isoformat()
    if article.authors:
        item["authors"] = [{"name": a.name, "url": urls.absolute(config.base_url, a.url)} for a in article.authors]
    item["tags"] = list(story.terms)
    return item


def _candidates(srcset: str) -> list[tuple[str, list[str]]]:
    """A srcset's candidates, each its address and its descriptors, read as HTML reads them: an address runs to the
    next space (a data: URL's comma included), and only a comma after it ends a candidate."""
    found, rest = [], srcset
    while rest := rest.lstrip(" \t\n\r\f,"):
        url = rest.split(maxsplit=1)[0]
        rest = rest[len(url) :]
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            descriptors, _, rest = rest.partition(",")
        found.append((url, descriptors.split()))
    return found


def _absolute_links(body: str, article: Article, config: Config) -> str:
    """BODY (HTML of ARTICLE's) with every link and image address absolute, as its page would resolve them (/x/,
    ../x/, #bagian): feed readers show it out of the site's context."""
    page = urls.absolute(config.base_url, article.url)
    # A site under a path (https://owner.github.io/repo): its root-relative addresses are under it, as on its pages.
    under = config.base_url + "/" if base_path(config.base_url) else None

    def absolute(address: str) -> str:
        if SCHEME.match(address) or address.startswith("//"):
            return address
        if under and is_root_relative(address):
            return urljoin(under, address[1:])
        return urljoin(page, address)

    def resolved(match: re.Match[str]) -> str:
        attribute, address = match.group(1), match.group(2) if match.group(3) is None else match.group(3)
        if attribute.endswith("srcset="):  # "/a.jpg 1x, /b.jpg 2x": each candidate's address, then its size
            address = ", ".join(" ".join([absolute(url), *sizes]) for url, sizes in _candidates(address))
        else:
            address = absolute(address)
        quoted = address.replace('"', "&quot;")  # written in single quotes, it may hold one
        return f'{attribute}"{quoted}"'

    return LINK.sub(resolved, body)


def _absolute(url: str, config: Config) -> str:
    return urls.absolute(config.base_url, url) if urls.is_site_path(url) else url
