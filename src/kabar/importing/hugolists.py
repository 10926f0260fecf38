"""The old Hugo site's list pages and feeds, as kabar.yml `redirects:`.

Hugo made an RSS feed at /index.xml, a list of each section (/posts/, its later pages /posts/page/2/ and its feed
/posts/index.xml) and of each taxonomy term (/categories/banjir/, /tags/bekasi/, their later pages and feeds). Each
leads to its kabar equivalent: a section's list to the front page (of the same page number), a term's to its
category's or tag's page, a feed to the category's feed or else the site's (see oldsite.py). The taxonomies are
Hugo's defaults (categories, tags) unless the settings' [taxonomies] names others; a term's URL is Hugo's urlize of
its name (letters and digits kept, spaces as one '-', lowercased unless disablePathToLower).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .. import urls
from .model import Report
from .oldsite import MAIN_FEED, Listings, later_pages, report_lists
from .staticsite import Articles, Post

DEFAULT_TAXONOMIES = {"category": "categories", "tag": "tags"}  # Hugo's, when the settings name none
KABAR_TAXONOMIES = ("category", "tag", "author")  # those kabar has listings for
HUGO_PER_PAGE = 10  # Hugo's pagerSize (paginate) by default
HEX = re.compile(r"[0-9A-Fa-f]{2}")
ALLOWED = frozenset("./\\_#+~-@")  # what Hugo's urlize keeps besides letters, marks and digits


@dataclass(frozen=True)
class Lists:
    """How the old site made its list pages: its taxonomies, the kinds of page it left out, its pager, its paths."""

    taxonomies: dict[str, str]  # singular -> plural: the plural is the URL's folder and the front matter key
    disabled: frozenset[str]  # disableKinds, lowercased: "rss", "section", "term", "taxonomy"...
    per_page: int
    page_path: str
    lower: bool  # not disablePathToLower
    no_accents: bool  # removePathAccents
    section_patterns: dict[str, str]  # [permalinks.section]
    term_patterns: dict[str, str]  # [permalinks.term] (or a taxonomy's in [permalinks])

    def key(self, singular: str) -> str:
        """The front matter key of the taxonomy SINGULAR: its plural."""
        return self.taxonomies.get(singular, DEFAULT_TAXONOMIES.get(singular, singular)).lower()

    def path(self, text: str) -> str:
        """TEXT as Hugo's urlize writes it in a URL."""
        if self.no_accents:
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        made: list[str] = []
        hyphen_due = was_hyphen = False
        for at, char in enumerate(text.strip()):
            kind = unicodedata.category(char)
            if char in ALLOWED or kind[0] in "LM" or kind == "Nd" or (char == "%" and HEX.match(text.strip(), at + 1)):
                was_hyphen = char == "-"
                if hyphen_due and not was_hyphen:
                    made.append("-")
                hyphen_due = False
                made.append(char)
            elif made and not was_hyphen and char.isspace():
                hyphen_due = True
        return "".join(made).lower() if self.lower else "".join(made)

    def section_url(self, section: str) -> str:
        pattern = self.section_patterns.get(section, "")
        if pattern and not re.search(r":(?!section\b)\w", pattern):
            path = re.sub(r":section\b", section, pattern)
            return _address(path.lower() if self.lower else path)
        return _address(f"/{self.path(section)}/")

    def term_url(self, plural: str, name: str) -> str:
        pattern = self.term_patterns.get(plural, "")
        if pattern and not re.search(r":(?!slug\b|title\b)\w", pattern):
            return _address(re.sub(r":(?:slug|title)\b", lambda _: self.path(name), pattern))
        return _address(f"/{self.path(plural)}/{self.path(name)}/")


def read_lists(config: dict[str, Any], permalinks: object) -> Lists:
    """Lists from the old site's settings (CONFIG, its keys lowercased) and its [permalinks] table."""
    given = config.get("taxonomies")
    taxonomies = (
        {str(k).lower(): str(v) for k, v in given.items() if isinstance(v, str) and v}
        if isinstance(given, dict)
        else dict(DEFAULT_TAXONOMIES)
    )
    pagination = {str(k).lower(): v for k, v in (config.get("pagination") or {}).items()} if isinstance(
        config.get("pagination"), dict
    ) else {}  # fmt: skip
    size = pagination.get("pagersize") or config.get("paginate")
    path = pagination.get("path") or config.get("paginatepath")
    kinds = config.get("disablekinds")
    table = permalinks if isinstance(permalinks, dict) else {}

    def patterns(kind: str) -> dict[str, str]:
        found = table.get(kind) if isinstance(table.get(kind), dict) else {}
        return {str(name): pattern for name, pattern in found.items() if isinstance(pattern, str)}

    terms = {plural: p for plural, p in table.items() if plural in taxonomies.values() and isinstance(p, str)}
    return Lists(
        taxonomies=taxonomies,
        disabled=frozenset(str(kind).lower() for kind in kinds) if isinstance(kinds, list) else frozenset(),
        per_page=size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else HUGO_PER_PAGE,
        page_path=str(path).strip("/") if isinstance(path, str) and path.strip("/") else "page",
        lower=config.get("disablepathtolower") is not True,
        no_accents=config.get("removepathaccents") is True,
        section_patterns=patterns("section"),
        term_patterns={**terms, **patterns("term")},
    )


def list_redirects(
    published: list[tuple[Post, str]], articles: Articles, lists: Lists, taken: set[str], report: Report
) -> dict[str, str]:
    """The old list pages and feeds -> the new ones, for the PUBLISHED articles (each with its section); none at an
    address in TAKEN (an article's, a page's or an alias)."""
    listings = Listings.of((post for post, _ in published), articles)
    own = listings.urls()
    feeds = "rss" not in lists.disabled
    found: dict[str, str] = {"/index.xml": MAIN_FEED} if feeds and published else {}
    to_main: dict[str, str] = {}  # kind -> an old feed of it that leads to the site's feed
    if "section" not in lists.disabled:
        for section, stories in sorted(Counter(section for _, section in published if section).items()):
            old = lists.section_url(section)
            found[old] = "/"
            found.update(later_pages(old, "/", stories, len(published), lists.per_page, lists.page_path))
            if feeds:
                found[f"{old}index.xml"] = MAIN_FEED
                to_main.setdefault("sections", f"{old}index.xml")
    for singular, plural in lists.taxonomies.items() if "term" not in lists.disabled else ():
        if singular not in KABAR_TAXONOMIES:
            report.skip("listings", f"kabar has no taxonomy '{plural}': its pages (/{plural}/NAME/) lead nowhere")
            continue
        terms: dict[str, tuple[str, int]] = {}  # old URL -> a name of the term, and how many articles it listed
        for post, _ in published:
            for url, name in {lists.term_url(plural, name): name for name in _terms(post, singular)}.items():
                first, stories = terms.get(url, (name, 0))
                terms[url] = (first, stories + 1)
        for old, (name, stories) in sorted(terms.items()):
            target = listings.target(singular, urls.slugify(name))
            if target is None:
                continue
            new, feed, now = target
            if old not in own:
                found[old] = new
                found.update(later_pages(old, new, stories, now, lists.per_page, lists.page_path))
            if feeds:
                found[f"{old}index.xml"] = feed
                if feed == MAIN_FEED:
                    kind = "categories that became tags" if singular == "category" else plural
                    to_main.setdefault(kind, f"{old}index.xml")
        if terms and "taxonomy" not in lists.disabled:
            found[f"/{lists.path(plural)}/"] = listings.directory(singular) or "/"  # the list of them all
            if feeds:  # and its RSS, which Hugo writes for a taxonomy's list as for each term
                found[f"/{lists.path(plural)}/index.xml"] = MAIN_FEED
    kept = {old: new for old, new in sorted(found.items()) if old != new and old not in taken}
    report_lists(to_main, report)
    return kept


def _terms(post: Post, singular: str) -> Iterable[str]:
    return {"category": post.categories, "tag": post.tags, "author": post.authors}[singular]


def _address(path: str) -> str:
    """PATH as browsers send it: '/' first, characters outside ASCII %-encoded."""
    path = re.sub(r"/{2,}", "/", f"/{path.strip('/')}/")
    return quote(path, safe="/%-._~+@!$&'()*,;=:")
