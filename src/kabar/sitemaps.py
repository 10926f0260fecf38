"""The sitemaps stage: sitemap.xml (an index of parts past 50,000 URLs), news-sitemap.xml, robots.txt.

The sitemap's dates come from the articles; the Google News sitemap holds the
stories of the two days before the build's reference time (`--now`,
SOURCE_DATE_EPOCH or the clock), so the same content and reference time give
the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from . import urls
from .incremental import LastBuild
from .models import Config, Rendered, Site
from .moments import NEWS_WINDOW
from .options import Options
from .subpath import base_path

if TYPE_CHECKING:
    from lxml import etree

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_URL = "/sitemap.xml"
NEWS_SITEMAP_URL = "/news-sitemap.xml"
MAX_URLS = 50_000  # per sitemap file, by the sitemaps.org protocol
MAX_NEWS_URLS = 1_000  # by Google News


def make_sitemaps(
    site: Site,
    pages: Sequence,
    config: Config,
    output,
    last: LastBuild,
    options: Options,
    edited: frozenset[str] | None = None,
) -> int:
    """sitemap.xml (made again only when a page or its date changes), news-sitemap.xml and robots.txt in OUTPUT.

    PAGES: the PageJobs of every HTML page; those with a date are listed, and the site pages (with their
    `updated:` date, if they have one). EDITED: see LastBuild.edited_articles; then the pages and their dates are
    the last build's (at 100,000 articles, their dates took 0.2 s to gather for the sitemap's fingerprint).
    """
    in_sitemap = [(page.url, page.modified) for page in pages if page.modified or page.kind == "sitepage"]
    listed = sitemap_urls(len(in_sitemap))
    paths = [urls.output_path(url) for url in listed]
    if edited is None or not last.kept_as_before(output, paths):
        shown: dict[int, str] = {id(None): ""}  # a story's date is its page's and its listings': formatted once
        for _, when in in_sitemap:
            if id(when) not in shown:
                shown[id(when)] = when.isoformat()
        # Two strings, not a part per page, which digest() would encode and join one by one (186,000 at 100,000
        # articles, in every build): neither a URL nor a date holds a line break.
        depends = ["\n".join([url for url, _ in in_sitemap]), "\n".join([shown[id(when)] for _, when in in_sitemap])]
        last.keep_or_make(output, paths, depends, partial(render_sitemaps, in_sitemap, config))
    news = render_news_sitemap(site, options.now)
    for extra in (*news, render_robots(config, [*listed, *(item.url for item in news)], options.preview)):
        output.add(urls.output_path(extra.url), extra.body, extra.url)
    return len(listed) + len(news) + 1


def sitemap_urls(count: int) -> list[str]:
    """The sitemap files for COUNT pages: /sitemap.xml, and past MAX_URLS the parts it indexes."""
    parts = -(-count // MAX_URLS)
    return [SITEMAP_URL] if parts <= 1 else [SITEMAP_URL, *(f"/sitemap-{n}.xml" for n in range(1, parts + 1))]


def render_sitemaps(pages: Iterable[tuple[str, dt.datetime | None]], config: Config) -> list[Rendered]:
    """/sitemap.xml listing every page by URL with its last modification; past MAX_URLS, an index of parts."""
    from lxml import etree  # here: most rebuilds make no sitemap, and lxml takes 0.01 s to import

    entries = sorted(pages)
    if len(entries) <= MAX_URLS:
        return [Rendered(SITEMAP_URL, _urlset(entries, config), None)]
    parts = [entries[start : start + MAX_URLS] for start in range(0, len(entries), MAX_URLS)]
    index = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    files = []
    for number, part in enumerate(parts, start=1):
        url = f"/sitemap-{number}.xml"
        files.append(Rendered(url, _urlset(part, config), None))
        entry = etree.SubElement(index, f"{{{SITEMAP_NS}}}sitemap")
        etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(config.base_url, url)
        dates = [m for _, m in part if m is not None]
        if dates:
            etree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = max(dates).isoformat()
    return [Rendered(SITEMAP_URL, _xml(index), None), *files]


def _urlset(entries: Sequence[tuple[str, dt.datetime | None]], config: Config) -> bytes:
    from lxml import etree  # here: most rebuilds make no sitemap, and lxml takes 0.01 s to import

    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for url, modified in entries:
        entry = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(config.base_url, url)
        if modified is not None:  # a page with no `updated:` has no date to give
            etree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = modified.isoformat()
    return _xml(urlset)


def render_news_sitemap(site: Site, now: dt.datetime) -> list[Rendered]:
    """/news-sitemap.xml: the newest stories published in the two days up to NOW, but sponsored ones; nothing when
    there are none."""
    config = site.config
    recent = []
    for article in site.articles:  # newest first: the first story older than the window ends the search
        if article.date <= now - NEWS_WINDOW:
            break
        if article.date <= now and not article.sponsored:  # paid content is not news
            recent.append(article)
    recent = recent[:MAX_NEWS_URLS]
    if not recent:
        return []
    from lxml import etree  # here: most rebuilds make no sitemap, and lxml takes 0.01 s to import

    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for article in recent:
        entry = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(config.base_url, article.url)
        news = etree.SubElement(entry, f"{{{NEWS_NS}}}news")
        publication = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
        etree.SubElement(publication, f"{{{NEWS_NS}}}name").text = config.title
        etree.SubElement(publication, f"{{{NEWS_NS}}}language").text = news_language(config.lang)
        etree.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = article.date.isoformat()
        etree.SubElement(news, f"{{{NEWS_NS}}}title").text = article.title
    return [Rendered(NEWS_SITEMAP_URL, _xml(urlset), None)]


def news_language(lang: str) -> str:
    """Google News wants an ISO 639 code: 'id', 'en'; Chinese alone keeps its script, 'zh-cn' or 'zh-tw'."""
    lang = lang.lower().replace("_", "-")
    if lang.startswith("zh-"):
        return "zh-tw" if lang in ("zh-tw", "zh-hant", "zh-hk", "zh-hant-tw") else "zh-cn"
    return lang.split("-")[0]


def render_robots(config: Config, sitemap_urls: Iterable[str], preview: bool = False) -> Rendered:
    """robots.txt: everything allowed (under the site's path, for a site under one), and where the sitemaps are;
    nothing, for a PREVIEW (drafts, stories to come: see Options.preview)."""
    if preview:
        return Rendered("/robots.txt", b"User-agent: *\nDisallow: /\n", None)
    listed = [url for url in sitemap_urls if url in (SITEMAP_URL, NEWS_SITEMAP_URL)]
    lines = ["User-agent: *", f"Allow: {base_path(config.base_url)}/", ""]
    lines += [f"Sitemap: {urls.absolute(config.base_url, url)}" for url in listed]
    return Rendered("/robots.txt", ("\n".join(lines) + "\n").encode("utf-8"), None)


def _xml(root: etree._Element) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
