"""Stage 3: from loaded Articles to the Site: what is published, in which order, under which index.

Drafts and scheduled stories are left out here, names spelt two ways are made
one, and every listing (front page, category, tag, author, date archives) is
sorted newest first and paginated. Nothing is rendered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import chain, repeat
from typing import Any, NamedTuple

from . import urls
from .errors import BuildError, Problem
from .menus import resolve_menus
from .models import (
    DIRECTORY_WORDS,
    Article,
    ArticleLinks,
    Band,
    Category,
    Config,
    Directory,
    Listing,
    MenuLink,
    Page,
    Permalinks,
    Site,
    SitePage,
    instant,
)
from .sitepages import refuse_taken_addresses
from .walk import in_files_order

DEFAULT_PERMALINKS = Permalinks()


def build_site(
    articles: Iterable[Article],
    config: Config,
    now: dt.datetime,
    drafts: bool = False,
    future: bool = False,
    pages: Iterable[SitePage] = (),
    partial: bool = False,
) -> Site:
    """Filter, order and index ARTICLES and PAGES, and resolve the menus; raise BuildError if two share a URL,
    or a menu names a category or page the site does not have. PARTIAL: some files could not be loaded (the site is
    built to check the others), so a category or page a menu names may be in one of them: it is left out."""
    return index_site(published_articles(articles, now, drafts, future, pages), config, partial)


class Published(NamedTuple):
    """What a site publishes, before it is indexed: what the images and the search index are made of."""

    articles: tuple[Article, ...]  # newest first, each name spelt one way
    pages: tuple[SitePage, ...]  # by URL
    skipped_drafts: int
    skipped_scheduled: int
    unpublished: set[str]  # the URLs of categories and pages with something left out (for the menus)
    retracted: tuple[Article, ...] = ()  # withdrawn: each has its page, saying why, and is in no list

    @property
    def counted(self) -> int:  # what the site stage logs
        return len(self.articles)


def published_articles(
    articles: Iterable[Article],
    now: dt.datetime,
    drafts: bool = False,
    future: bool = False,
    pages: Iterable[SitePage] = (),
) -> Published:
    """The ARTICLES and PAGES published at NOW (with DRAFTS, with stories to come: FUTURE), in the site's order;
    BuildError if two articles share a URL."""
    published, skipped_drafts, skipped_scheduled, unpublished = [], 0, 0, set()
    now_instant = instant(now)
    for a in articles:
        if a.draft and not drafts:
            skipped_drafts += 1
            unpublished.add(a.category.url)
        elif a.instant <= now_instant:
            published.append(a)
        elif future:
            published.append(dataclasses.replace(a, scheduled=True))
        else:
            skipped_scheduled += 1
            unpublished.add(a.category.url)
    shown_pages = tuple(sorted((p for p in pages if drafts or not p.draft), key=lambda p: p.url))
    unpublished.update(p.url for p in pages if p.draft and not drafts)
    _refuse_shared_urls(published)
    ordered = tuple(sorted(_one_spelling(published), key=_newest_first))
    retracted = tuple(filter(_RETRACTION, ordered))  # in C: most sites have none
    if retracted:
        ordered = tuple(a for a in ordered if a.retracted is None)
        unpublished.update(a.category.url for a in retracted)
    return Published(ordered, shown_pages, skipped_drafts, skipped_scheduled, unpublished, retracted)


_RETRACTION = operator.attrgetter("retracted")


def index_site(published: Published, config: Config, partial: bool = False) -> Site:
    """The Site of PUBLISHED: its listings, neighbours and related stories, and its menus (see build_site)."""
    ordered, shown_pages = published.articles, published.pages
    by_category = _group(ordered, lambda a: [a.category])
    named = _by_name(by_category)
    listings = [_listing("category", c.name, c.url, items, config, feed=True) for c, items in named]
    by_tag = _group(ordered, lambda a: a.tags)
    listings += [_listing("tag", t.name, t.url, items, config) for t, items in _by_name(by_tag)]
    listings += [
        _listing("author", p.name, p.url, items, config) for p, items in _by_name(_group(ordered, lambda a: a.authors))
    ]
    listings += _date_archives(ordered, config)
    home = _listing("home", config.title, "/", ordered, config, feed=True)
    _refuse_taken_urls(ordered, [home, *listings], config)
    featured = [a for a in ordered if a.featured]
    lead = (featured or ordered or [None])[0]
    categories = tuple(c for c, _ in named)
    refuse_taken_addresses(shown_pages, (*ordered, *published.retracted), listings)
    main_menu, footer_menu = resolve_menus(
        config.menus, categories, shown_pages, published.unpublished, config.permalinks, unknown_left_out=partial
    )
    links = _links(ordered, by_category, by_tag, config.related)
    return Site(
        config=config,
        articles=ordered,
        lead=lead,
        categories=categories,
        home=home,
        listings=tuple(listings),
        links=links,
        bands=_bands(named, lead, main_menu if config.menus.main is not None else None),
        skipped_drafts=published.skipped_drafts,
        skipped_scheduled=published.skipped_scheduled,
        pages=shown_pages,
        main_menu=main_menu,
        footer_menu=footer_menu,
        retracted=published.retracted,
        directories=_directories(listings, config, published, links),
    )


def _directories(listings: list[Listing], config: Config, published: Published, links: dict) -> tuple[Directory, ...]:
    """The pages that list every category, tag and author the site has, each at the folder above their pages
    (urls.directory_url), by name: none for a kind the site has none of, or whose folder is another page's
    address already (a page of pages/ at /topik/ when tags are at /topik/NAME/: the author's own page wins).
    LINKS: by the URL of each article (a set of 100,000 more for three look-ups would cost an edit 10 ms)."""
    taken = {listing.url for listing in listings}  # a later page of a listing is at .../page/N/: none of these
    taken.update(a.url for a in published.retracted)
    taken.update(page.url for page in published.pages)
    taken.update(("/", urls.SEARCH_URL))
    made = []
    for kind in DIRECTORY_WORDS:
        url = urls.directory_url(getattr(config.permalinks, kind))
        shown = [listing for listing in listings if listing.kind == kind]
        if url is not None and shown and url not in taken and url not in links:
            made.append(Directory(kind, url, tuple(sorted(shown, key=lambda x: (x.title.casefold(), x.url)))))
            taken.add(url)
    return tuple(made)


BAND_SIZE = 4  # stories in a category's band on the front page: a full row of the widest layout


def _bands(
    named: list[tuple[Category, tuple[Article, ...]]], lead: Article | None, menu: tuple[MenuLink, ...] | None
) -> tuple[Band, ...]:
    """Each category's newest stories but the headline, which the front page shows above them; none for a category
    whose one story is the headline. In the category bar's order: with a main MENU of kabar.yml's, the categories it
    links to, in its order (a portal's bands are its sections)."""
    if menu is not None:
        by_url = {category.url: (category, items) for category, items in named}
        named = [by_url[link.url] for link in menu if link.kind == "category" and link.url in by_url]
    bands = []
    for category, items in named:
        shown = tuple([a for a in items[: BAND_SIZE + 1] if a is not lead][:BAND_SIZE])
        if shown:
            bands.append(Band(category, shown, more=len(items) > len(shown)))
    return tuple(bands)


def _newest_first(article: Article) -> tuple[int, str]:
    return (-article.instant, article.url)


def _refuse_shared_urls(articles: list[Article]) -> None:
    if len({a.url for a in articles}) == len(articles):  # as a rule: no list of owners per URL needed
        return
    owners: dict[str, list[Article]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: in_files_order(str(a.source))):  # whatever order they came in
        owners[article.url].append(article)
    problems = [
        Problem(
            str(group[0].source),
            group[0].url_line,
            f"has the same URL {url} as {', '.join(_where(a) for a in group[1:])}: give one of them another 'slug:'",
        )
        for url, group in sorted(owners.items())
        if len(group) > 1
    ]
    if problems:
        raise SharedUrls(problems, {str(a.source) for group in owners.values() if len(group) > 1 for a in group})


class SharedUrls(BuildError):
    """Articles with one URL: SOURCES, their files, which the build leaves out to find the other problems."""

    def __init__(self, problems: list[Problem], sources: set[str]) -> None:
        super().__init__(problems)
        self.sources = frozenset(sources)


def _refuse_taken_urls(articles: tuple[Article, ...], listings: list[Listing], config: Config) -> None:
    """An article or listing at the URL of a listing or the search page: permalinks.py refuses patterns that clash
    for any name, and this finds the one name that does (an article whose slug is 'cari', a category '2024')."""
    if config.permalinks == DEFAULT_PERMALINKS:  # their URLs differ in shape from each other: nothing to look for
        return
    taken: dict[str, str] = {urls.SEARCH_URL: "the search page"} if config.search else {}
    problems = []
    for listing in listings:
        what = _described(listing)
        for page in listing.pages:
            shown = what if page.number == 1 else f"page {page.number} of {what}"
            if page.url in taken and listing.articles:
                oldest = listing.articles[-1]
                message = f"{shown} has the URL {page.url}, which is {taken[page.url]} too: {HOW_TO_RENAME}"
                problems.append(Problem(oldest.source, None, message))
            taken.setdefault(page.url, shown)
    for article in articles:
        if article.url in taken:
            message = f"has the URL {article.url}, which is {taken[article.url]}: give it another 'slug:'"
            problems.append(Problem(article.source, article.url_line, message))
    if problems:
        raise BuildError(problems)


HOW_TO_RENAME = "rename one of them, or change permalinks: in kabar.yml"


def _described(listing: Listing) -> str:
    """LISTING as a message names it: 'the page of category 'Nasional'', 'the archive of 2024-03'."""
    if listing.kind == "home":
        return "the front page"
    if listing.kind in ("category", "tag", "author"):
        return f"the page of {listing.kind} {listing.title!r}"
    return f"the archive of {listing.title}"


def _where(article: Article) -> str:
    return f"{article.source}:{article.url_line}" if article.url_line else str(article.source)


def _one_spelling(articles: list[Article]) -> list[Article]:
    """Categories, tags and authors whose names differ only in case or accents get one name.

    The name most articles use wins; ties go to the first in sorted order.
    """
    # As a rule each name is one object, shared by its articles (see cache.codec.unpack_table): look at those first.
    distinct = {id(item): item for a in articles for item in (a.category, *a.tags, *a.authors)}
    spelt: dict[str, str] = {}
    if all(spelt.setdefault(item.url, item.name) == item.name for item in distinct.values()):
        return articles
    counts = Counter((item.url, item.name) for a in articles for item in (a.category, *a.tags, *a.authors))
    votes: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (url, spelling), count in counts.items():
        votes[url].append((-count, spelling))
    name = {url: min(spellings)[1] for url, spellings in votes.items()}

    def fix(item):
        return item if item.name == name[item.url] else dataclasses.replace(item, name=name[item.url])

    return [
        a
        if all(item.name == name[item.url] for item in (a.category, *a.tags, *a.authors))
        else dataclasses.replace(
            a,
            category=fix(a.category),
            tags=tuple(fix(t) for t in a.tags),
            authors=tuple(fix(p) for p in a.authors),
        )
        for a in articles
    ]


def _group(ordered: tuple[Article, ...], items_of: Callable[[Article], Iterable[Any]]) -> dict[str, tuple]:
    """URL -> (category, tag or author, [its articles in ORDERED's order]) for each that ITEMS_OF gives.

    Keyed by URL, one name per URL (see _one_spelling): a str hashes in C, a frozen dataclass in Python.
    """
    groups: dict[str, tuple[Any, list[Article]]] = {}
    for article in ordered:
        for item in items_of(article):
            group = groups.get(item.url)
            if group is None:
                group = groups[item.url] = (item, [])
            group[1].append(article)
    return groups


def _by_name(groups: dict[str, tuple]) -> list:
    return sorted(
        ((item, tuple(items)) for item, items in groups.values()), key=lambda kv: (kv[0].name.lower(), kv[0].url)
    )


DATE_ARCHIVES = (
    ("year", urls.year_url, lambda day: f"{day.year:04d}"),
    ("month", urls.month_url, lambda day: f"{day.year:04d}-{day.month:02d}"),
    ("day", urls.day_url, lambda day: day.isoformat()),
)


def _date_archives(ordered: tuple[Article, ...], config: Config) -> list[Listing]:
    groups: dict[str, dict[str, list[Article]]] = {kind: {} for kind, _, _ in DATE_ARCHIVES}
    lists_of_day: dict[dt.date, list[list[Article]]] = {}  # a day's year, month and day lists
    for article in ordered:
        day = article.date.date()
        lists = lists_of_day.get(day)
        if lists is None:  # stories share days: each archive URL is made once, not per story
            lists = lists_of_day[day] = [groups[kind].setdefault(url_of(day), []) for kind, url_of, _ in DATE_ARCHIVES]
        for items in lists:
            items.append(article)
    archives = []
    for kind, _, title_of in DATE_ARCHIVES:
        made = [(url, items, items[0].date.date()) for url, items in sorted(groups[kind].items(), reverse=True)]
        beside: dict[tuple[int, ...], list[tuple[dt.date, str]]] = {}  # by the year or month they are archives of
        for url, _, day in made:
            beside.setdefault(_parent(kind, day), []).append((day, url))
        shared = {parent: tuple(siblings) for parent, siblings in beside.items()}
        for url, items, day in made:
            archives.append(
                _listing(kind, title_of(day), url, tuple(items), config, date=day, siblings=shared[_parent(kind, day)])
            )
    return archives


def _parent(kind: str, day: dt.date) -> tuple[int, ...]:
    """What a date archive of KIND for DAY is beside the others of: the site (years), its year (months), its month."""
    return () if kind == "year" else (day.year,) if kind == "month" else (day.year, day.month)


def _listing(
    kind: str,
    title: str,
    url: str,
    articles: tuple[Article, ...],
    config: Config,
    feed: bool = False,
    date: dt.date | None = None,
    siblings: tuple[tuple[dt.date, str], ...] = (),
) -> Listing:
    return Listing(
        kind=kind,
        title=title,
        url=url,
        articles=articles,
        pages=paginate(url, articles, config.per_page),
        feed_url=urls.feed_url(url) if feed else None,
        date=date,
        siblings=siblings,
    )


def page_count(stories: int, per_page: int) -> int:
    """How many pages a listing of STORIES has, PER_PAGE a page (one, even when empty)."""
    return max(1, -(-stories // max(per_page, 1)))


def paginate(first_page: str, articles: tuple[Article, ...], per_page: int) -> tuple[Page, ...]:
    """Split ARTICLES into pages of PER_PAGE; an empty list still has one (empty) page."""
    per_page = max(per_page, 1)
    count = page_count(len(articles), per_page)
    # Made in C, a page's URL once (its neighbours link to it), each Page made as a tuple: a build makes one for every
    # page of every listing (at 100,000 articles, 90,000; a call per page and per URL took 0.3 s).
    addresses = [None, *urls.listing_page_urls(first_page, count), None]
    starts = range(0, count * per_page, per_page)
    stories = map(articles.__getitem__, map(slice, starts, range(per_page, (count + 1) * per_page, per_page)))
    rows = zip(range(1, count + 1), repeat(count), addresses[1:-1], stories, addresses[:-2], addresses[2:])
    return tuple(map(tuple.__new__, repeat(Page), rows))


def _links(ordered: tuple[Article, ...], by_category: dict, by_tag: dict, how_many: int) -> dict[str, ArticleLinks]:
    """Newer/older across the site; related = the nearest stories in time within the category, then, where the
    category has too few, those of the story's first tag, then the site's (a category's only story has some too).

    Related stories come from the article's position in its category list, so
    the cost is the same per article however large the archive grows.
    """
    related: dict[str, tuple[Article, ...]] = {}
    around = [step * side for step in range(1, how_many + 1) for side in (-1, 1)][:how_many]  # nearest first
    inner = (how_many + 1) // 2  # how far AROUND reaches either way
    few = []  # the stories of categories with too few others
    url = operator.attrgetter("url")
    for _, items in by_category.values():
        length = len(items)
        if length <= how_many:
            few += items
        # Not near either end, every position AROUND is there: the related stories of those are columns of ITEMS
        # shifted by each step, zipped in C (at 100,000 articles, with a list made for each, the links took 0.25 s;
        # so, 0.13 s).
        middle = range(inner, max(length - inner, inner))
        shown = items[middle.start : middle.stop]
        columns = [items[middle.start + step : middle.stop + step] for step in around]
        relations = zip(*columns, strict=True) if columns else repeat((), len(shown))
        related.update(zip(map(url, shown), relations, strict=True))
        for at in chain(range(min(inner, length)), range(max(length - inner, inner), length)):
            related[items[at].url] = tuple([items[i] for i in _nearest(at, length, how_many)])
    if few:
        _fill(few, related, by_tag, ordered, how_many)
    addresses = list(map(url, ordered))
    newer, older = (None, *ordered)[: len(ordered)], (*ordered[1:], None)[: len(ordered)]
    rows = zip(newer, older, map(related.__getitem__, addresses), strict=True)
    return dict(zip(addresses, map(tuple.__new__, repeat(ArticleLinks), rows), strict=True))


def _fill(articles: list[Article], related: dict, by_tag: dict, ordered: tuple[Article, ...], how_many: int) -> None:
    """RELATED of each of ARTICLES made up to HOW_MANY: the nearest of its first tag's stories, then the site's."""
    places: dict[str, dict[str, int]] = {}  # a list's place of each of its stories, made for the lists asked

    def nearest(key: str, items: list | tuple, article: Article) -> list[Article]:
        if key not in places:
            places[key] = {a.url: at for at, a in enumerate(items)}
        return [items[i] for i in _nearest(places[key][article.url], len(items), how_many)]

    for article in articles:
        shown = list(related[article.url])
        seen = {a.url for a in shown}  # by URL: comparing Articles would compare their bodies
        more = nearest(article.tags[0].url, by_tag[article.tags[0].url][1], article) if article.tags else []
        for other in [*more, *nearest("", ordered, article)]:
            if len(shown) == how_many:
                break
            if other.url not in seen:
                shown.append(other)
                seen.add(other.url)
        related[article.url] = tuple(shown)


def _nearest(at: int, length: int, how_many: int) -> list[int]:
    """Up to HOW_MANY positions around AT in a list of LENGTH, nearest first, the newer one first on a tie."""
    found: list[int] = []
    for distance in range(1, how_many + 1):
        for i in (at - distance, at + distance):
            if 0 <= i < length:
                found.append(i)
                if len(found) == how_many:
                    return found
    return found
