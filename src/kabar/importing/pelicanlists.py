"""The old Pelican site's listings and feeds, as kabar.yml `redirects:`.

Pelican wrote a page for each category, tag and author (at CATEGORY_URL, TAG_URL, AUTHOR_URL), the later pages of
them and of the front page when DEFAULT_PAGINATION is set (named by PAGINATION_PATTERNS), the list of every
article (archives.html), date archives when *_ARCHIVE_SAVE_AS are set, and feeds: the site's (FEED_ALL_ATOM...) and
each category's, tag's and author's (CATEGORY_FEED_ATOM...). Each leads to its kabar equivalent (see oldsite.py).
Drafts and hidden articles were in none of them.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from typing import Any

from .. import urls
from ..site import page_count
from . import staticsite
from .model import Report
from .oldsite import MAIN_FEED, Listings, new_page, report_lists
from .staticsite import Articles, Post

DEFAULTS: dict[str, Any] = {  # Pelican's, for the settings read here
    "CATEGORY_URL": "category/{slug}.html",
    "TAG_URL": "tag/{slug}.html",
    "AUTHOR_URL": "author/{slug}.html",
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
    "AUTHOR_FEED_ATOM": "feeds/{slug}.atom.xml",
    "AUTHOR_FEED_RSS": "feeds/{slug}.rss.xml",
    "TRANSLATION_FEED_ATOM": "feeds/all-{lang}.atom.xml",
    "DEFAULT_CATEGORY": "misc",
    "DEFAULT_PAGINATION": False,
    "PAGINATED_TEMPLATES": {"index": None, "tag": None, "category": None, "author": None},
    "PAGINATION_PATTERNS": [(1, "{name}{extension}", "{name}{extension}"), (2, "{name}{number}{extension}", "")],
    "DIRECT_TEMPLATES": ["index", "tags", "categories", "authors", "archives"],
    "INDEX_SAVE_AS": "index.html",
}
SITE_FEEDS = ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS")
KINDS = {"category": "categories", "tag": "tags", "author": "authors"}
ARCHIVES = {"YEAR": urls.year_url, "MONTH": urls.month_url, "DAY": urls.day_url}
FIELD = re.compile(r"\{(\w+)(?::([^}]*))?\}")


def list_redirects(
    published: list[Post], articles: Articles, conf: dict[str, Any], taken: set[str], report: Report
) -> dict[str, str]:
    """The old listings and feeds -> the new ones, for the PUBLISHED articles (CONF: pelicanconf.py's settings
    over Pelican's); none at an address in TAKEN (an article's, a page's or an alias)."""
    conf = {**DEFAULTS, **conf}
    listings = Listings.of(published, articles)
    found: dict[str, str] = {}
    to_main: dict[str, str] = {}  # kind -> an old feed of it that leads to the site's feed
    for key in SITE_FEEDS if published else ():
        for old in _addresses(conf, key, lang=staticsite.text(conf.get("DEFAULT_LANG")) or "en"):
            found[old] = MAIN_FEED
    index = urls.listing_page_url("/", 1)
    for number, old in _later_pages(conf, "index", str(conf["INDEX_SAVE_AS"]), "", len(published)).items():
        found[old] = new_page(index, number, len(published))
    for kind, plural in KINDS.items():
        terms: Counter[tuple[str, str]] = Counter()  # (its old slug, its new one) -> how many articles it listed
        for post in published:
            terms.update(_terms(post, kind, articles, conf))
        for (old_slug, slug), stories in sorted(terms.items()):
            target = listings.target(kind, slug)
            if target is None:
                continue
            new, feed, now = target
            page = _addresses(conf, f"{kind.upper()}_URL", slug=old_slug)
            for old in page:
                found[old] = new
            save_as = filled(conf.get(f"{kind.upper()}_SAVE_AS", conf[f"{kind.upper()}_URL"]), slug=old_slug)
            if page and save_as:
                for number, old in _later_pages(conf, kind, save_as, page[0], stories).items():
                    found[old] = new_page(new, number, now)
            for suffix in ("ATOM", "RSS"):
                for old in _addresses(conf, f"{kind.upper()}_FEED_{suffix}", slug=old_slug):
                    found.setdefault(old, feed)  # Pelican's default category and author feeds share a name
                    if found[old] == MAIN_FEED:
                        to_main.setdefault(plural if kind != "category" else "categories that became tags", old)
    templates = conf["DIRECT_TEMPLATES"] if isinstance(conf["DIRECT_TEMPLATES"], list | tuple) else []
    for name in templates if published else ():
        old = staticsite.site_path(str(conf.get(f"{str(name).upper()}_SAVE_AS", f"{name}.html")))
        if name == "archives":
            found[old] = "/"  # the list of every article, newest first: the front page and its later pages
        elif name in KINDS.values():  # the list of every category, tag or author
            found[old] = listings.directory(next(k for k, p in KINDS.items() if p == name)) or "/"
    for post in published:
        for period, new_url in ARCHIVES.items():
            for old in _addresses(conf, f"{period}_ARCHIVE_URL", date=post.date) or _addresses(
                conf, f"{period}_ARCHIVE_SAVE_AS", date=post.date
            ):
                found[old.removesuffix("index.html")] = new_url(post.date)
    own = listings.urls()
    kept = {old: new for old, new in sorted(found.items()) if old != new and old not in taken | own and old != "/"}
    report_lists(to_main, report)
    return kept


def _terms(post: Post, kind: str, articles: Articles, conf: dict[str, Any]) -> set[tuple[str, str]]:
    """POST's categories, tags or authors (KIND), each as its slug on the old site and on the new: Pelican put a
    post without a category in its DEFAULT_CATEGORY, kabar in the import's."""
    if kind == "category":
        return {(urls.slugify(old_category(post, conf)), urls.slugify(articles.category(post)))}
    return {(urls.slugify(name),) * 2 for name in (post.tags if kind == "tag" else post.authors)}


def old_category(post: Post, conf: dict[str, Any]) -> str:
    """The category Pelican gave POST."""
    return post.categories[0] if post.categories else str(conf.get("DEFAULT_CATEGORY") or DEFAULTS["DEFAULT_CATEGORY"])


def _addresses(conf: dict[str, Any], key: str, **values: Any) -> list[str]:
    """The old address of setting KEY filled with VALUES, and its *_URL's when that differs; none when the setting
    is off (None, '') or names a field kabar does not know."""
    found = [filled(conf.get(setting), **values) for setting in (key, f"{key}_URL") if conf.get(setting)]
    return list(dict.fromkeys(staticsite.site_path(url) for url in found if url))


def filled(pattern: object, **values: Any) -> str | None:
    """PATTERN ('feeds/{slug}.atom.xml', 'posts/{date:%Y}/') with VALUES, or None when it names another field."""
    if not isinstance(pattern, str):
        return None
    missing = False

    def field(match: re.Match[str]) -> str:
        nonlocal missing
        value, spec = values.get(match[1]), match[2] or ""
        # A date by its spec, any other value without one: pelicanconf.py is untrusted, and a width such as
        # {slug:>300000000} made a 300 MB string for each category.
        if value is not None and bool(spec) == hasattr(value, "strftime"):
            try:
                return value.strftime(spec) if spec else format(value, "")
            except (TypeError, ValueError):
                pass  # a format the value cannot take
        missing = True  # or a field this setting does not have, or a spec it may not have
        return ""

    filled = FIELD.sub(field, pattern)
    return None if missing else filled


def _later_pages(conf: dict[str, Any], template: str, save_as: str, url: str, stories: int) -> dict[int, str]:
    """The old addresses of pages 2, 3... of a listing Pelican saved as SAVE_AS (at URL), as PAGINATION_PATTERNS
    named them; none when TEMPLATE was not paginated."""
    per_page = conf["PAGINATED_TEMPLATES"].get(template, 0) if isinstance(conf["PAGINATED_TEMPLATES"], dict) else 0
    per_page = conf["DEFAULT_PAGINATION"] if per_page is None else per_page
    if not isinstance(per_page, int) or isinstance(per_page, bool) or per_page < 1:
        return {}
    name, extension = posixpath.splitext(save_as)
    folder, file = posixpath.split(save_as)
    context = {"save_as": save_as, "url": url, "name": name, "extension": extension, "number": 0}
    context["base_name"] = folder if file in ("index.htm", "index.html") else name
    rules = [rule for rule in conf["PAGINATION_PATTERNS"] if isinstance(rule, tuple | list) and len(rule) == 3]
    found = {}
    for number in range(2, page_count(stories, per_page) + 1):
        rule = next((rule for rule in reversed(rules) if isinstance(rule[0], int) and 0 < rule[0] <= number), None)
        address = filled(rule[1], **{**context, "number": number}) if rule else None
        if address:
            found[number] = staticsite.site_path(address.removeprefix("/"))
    return found
