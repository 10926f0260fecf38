"""Stage 5: the machine-read files: RSS 2.0 feeds (feedgen), sitemap.xml and robots.txt.

Every date comes from the articles, never the clock, so the same content
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from feedgen.feed import FeedGenerator
from lxml import etree

from . import __version__, urls
from .models import Article, Config, Listing, Site
from .render import Rendered

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def render_feeds(site: Site) -> Iterator[Rendered]:
    """The site's feed, then one per category."""
    yield _feed(site.home, site.config, site.config.title)
    for listing in site.listings:
        if listing.feed_url:
            yield _feed(listing, site.config, f"{listing.title} - {site.config.title}")


def _feed(listing: Listing, config: Config, title: str) -> Rendered:
    assert listing.feed_url
    items = listing.articles[: config.feed_items]
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.title(title)
    # feedgen takes the RSS <link> from the last link given: the page, not the feed.
    feed.link(href=urls.absolute(config.base_url, listing.feed_url), rel="self")
    feed.link(href=urls.absolute(config.base_url, listing.url), rel="alternate")
    feed.description(config.tagline or config.title)
    feed.language(config.lang)
    feed.generator("kabar", __version__)
    newest = max((a.modified for a in items), default=None)
    if newest:
        feed.lastBuildDate(newest)
    for article in items:
        _add_item(feed, article, config)
    return Rendered(listing.feed_url, feed.rss_str(pretty=True), None)


def _add_item(feed: FeedGenerator, article: Article, config: Config) -> None:
    link = urls.absolute(config.base_url, article.url)
    entry = feed.add_entry(order="append")
    entry.title(article.title)
    entry.link(href=link)
    entry.guid(link, permalink=True)
    entry.description(article.summary)
    # Feed readers show content out of the site's context: links must be absolute.
    entry.content(ROOT_RELATIVE.sub(rf"\1{config.base_url}/", article.body_html))
    entry.pubDate(article.date)
    entry.category(term=article.category.name, label=article.category.name)
    for author in article.authors:
        entry.dc.dc_creator(author.name, replace=False)


def render_sitemap(pages: Iterable[tuple[str, dt.datetime]], config: Config) -> Rendered:
    """sitemap.xml listing every page, sorted by URL, with its last modification."""
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for url, modified in sorted(pages):
        entry = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(config.base_url, url)
        etree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = modified.isoformat()
    body = etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Rendered("/sitemap.xml", body, None)


def render_robots(config: Config) -> Rendered:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(config.base_url, '/sitemap.xml')}\n"
    return Rendered("/robots.txt", text.encode("utf-8"), None)
