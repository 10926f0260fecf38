"""The pages stage: render the HTML pages that changed, over worker processes that write them through the Writer.

A page depends on the articles it shows (by the hash of their source) and its
place in its listing, a site page on its file and the pages above it;
incremental.py adds what every page depends on (the theme and settings). A page
made from the same, whose file is still as it was written, is neither rendered
nor written again.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from typing import NamedTuple

from . import urls
from .incremental import LastBuild
from .models import ArticleLinks, Listing, Site
from .parallel import chunked, fan_out
from .publish.writer import Writer
from .render import PageJob, Renderer, page_crumbs, page_jobs, render_page
from .site import DATE_ARCHIVES
from .speedups import collector_resumed

NONE = bytes(16)  # stands for a missing neighbour: keys are 16 bytes, so parts need no separators


class PagesMade(NamedTuple):
    jobs: list[PageJob]  # every page of the site
    counted: int  # those rendered this time; the others were unchanged


def make_pages(
    site: Site, renderer: Renderer, output, last: LastBuild, workers: int, edited: frozenset[str] | None = None
) -> PagesMade:
    """Every HTML page of SITE claimed in OUTPUT; those whose inputs changed rendered into it. EDITED: the URLs of
    the stories edited since the last build, if nothing else changed that shapes the site (see
    LastBuild.edited_articles): then only the pages that show one are looked at (at 100,000 articles, what every
    page shows took an edit 0.4 s to gather and 0.3 s to compare)."""
    jobs = page_jobs(site)
    paths = [urls.output_path(job.url) for job in jobs]
    output.claim_all(paths, [f"page {job.url}" for job in jobs])  # a clash is a problem at commit
    unchanged = None
    if edited is not None:
        showing = pages_showing(edited, site)
        if showing is not None and all(jobs[place].url == url for place, url in showing.items()):
            depends = lambda places: page_dependencies([jobs[place] for place in places], site)  # noqa: E731
            unchanged = last.unchanged_pages_but(paths, set(showing), depends, output.fresh)
    if unchanged is None:
        unchanged = last.unchanged_pages(paths, page_dependencies(jobs, site), output.fresh)
    todo = [job for job, same in zip(jobs, unchanged, strict=True) if not same]
    render_pages(todo, site, renderer, output.writer, workers)
    return PagesMade(jobs, len(todo))


def page_dependencies(jobs: list[PageJob], site: Site) -> list[bytes]:
    """For each of JOBS, what the page shows: its URL and the keys of the articles on it (in order).

    One loop over 20,000 pages: this runs in every build, however little changed.
    """
    beside: dict[int, str] = {}  # the URLs of the date archives each tuple of siblings names, joined once
    home_head, heads = _head(site.home, beside), [_head(listing, beside) for listing in site.listings]
    lead = site.lead.key if site.lead else NONE
    bands = b"".join(b"".join(a.key for a in b.articles) + bytes([b.more]) + NONE for b in site.bands)  # the front's
    articles, links = site.articles, site.links
    depends = []
    for job in jobs:
        url = job.url.encode("utf-8", "surrogatepass")
        if job.kind == "article":
            article = articles[job.index]
            around = links[article.url]
            shown = [article.key, around.newer.key if around.newer else NONE]
            shown += [around.older.key if around.older else NONE, *[a.key for a in around.related]]
            parts = [url, b"".join(shown)]
        elif job.kind in ("home", "listing"):
            home = job.kind == "home"
            page = (site.home if home else site.listings[job.index]).pages[job.page]
            front = home and page.number == 1
            shown = [lead if front else NONE, bands if front else NONE, *[a.key for a in page.articles]]
            parts = [url, home_head if home else heads[job.index], b"".join(shown)]
        elif job.kind == "sitepage":
            page = site.pages[job.index]
            crumbs = "\0".join(f"{title}\0{link}" for title, link in page_crumbs(page, site.pages, ""))
            parts = [url, page.key, crumbs.encode("utf-8", "surrogatepass")]
        elif job.kind == "retracted":
            parts = [url, site.retracted[job.index].key]
        elif job.kind == "directory":  # each name, its address and how many stories it has
            shown = [f"{x.title}\0{x.url}\0{len(x.articles)}" for x in site.directories[job.index].listings]
            parts = [url, "\0".join(shown).encode("utf-8", "surrogatepass")]
        else:
            parts = [url]
        depends.append(b"\0".join(parts))
    return depends


# Beyond this many stories edited, every page is looked at instead: each story is looked for in each of its listings,
# the whole front page's among them, so that a checkout that touched every file over a restored cache (CI) took the
# pages stage 3.9 s at 10,000 articles, growing as the square of their number; looking at every page took 0.23 s.
SHOWING_AT_MOST = 100


def pages_showing(edited: frozenset[str], site: Site) -> dict[int, str] | None:
    """The places, in page_jobs(SITE)'s order, of the pages that show a story of EDITED (by URL), with their URLs (for
    the caller to check against the jobs): its own page, those of the stories beside it and of those it is related
    to, the pages of the listings it is on, and the front page when it is the headline or in a band there. None if
    one is not where it should be, or more than SHOWING_AT_MOST were edited (then every page is looked at)."""
    if len(edited) > SHOWING_AT_MOST:
        return None
    articles, per_page = site.articles, max(site.config.per_page, 1)
    front = len(site.home.pages)  # page_jobs' order: the front page's pages, the stories', the listings'
    order = list(map(operator.attrgetter("url"), articles))
    try:
        stories = [(place, articles[place]) for place in map(order.index, edited)]
    except ValueError:  # not on the site
        return None
    shown = {id(article) for _, article in stories}
    near = [at for place, _ in stories for at in (place - 1, place, place + 1) if 0 <= at < len(order)]
    showing = {front + at: order[at] for at in [*near, *_related_to(shown, order, site.links)]}
    if not shown.isdisjoint(map(id, [site.lead, *(a for band in site.bands for a in band.articles)])):
        showing[0] = site.home.pages[0].url
    first_page = {}  # each listing's first page's place
    at = front + len(articles)
    for listing in site.listings:
        first_page[listing.url] = (listing, at)
        at += len(listing.pages)
    for _, article in stories:
        day = article.date.date()
        listed = [(site.home, 0)]
        named = [article.category, *article.tags, *article.authors]
        listed += [first_page.get(item.url) for item in named]
        listed += [first_page.get(url_of(day)) for _, url_of, _ in DATE_ARCHIVES]
        for found in listed:
            if found is None:
                return None
            listing, first = found
            places = list(map(operator.is_, listing.articles, itertools.repeat(article)))
            if True not in places:
                return None
            number = places.index(True) // per_page
            if not any(map(operator.is_, listing.pages[number].articles, itertools.repeat(article))):
                return None
            showing[first + number] = listing.pages[number].url
    return showing


def _related_to(shown: set[int], order: list[str], links: dict[str, ArticleLinks]) -> list[int]:
    """The places in ORDER (the site's stories' URLs) of the stories whose related stories include one of SHOWN
    (their id()s): all their related stories in one list, looked at in C (a loop over 100,000 stories took 0.18 s)."""
    # In ORDER as site._links makes them (a lookup each took 0.05 s); else looked up.
    in_order = list(links) == order
    related = [around.related for around in (links.values() if in_order else map(links.__getitem__, order))]
    ends = list(itertools.accumulate(map(len, related)))  # where each article's related stories end in the list
    hits = map(shown.__contains__, map(id, itertools.chain.from_iterable(related)))
    return sorted({bisect.bisect_right(ends, at) for at in itertools.compress(itertools.count(), hits)})


def _head(listing: Listing, beside: dict[int, str]) -> bytes:
    """What each page of LISTING shows besides its articles: among them, the date archives beside it (BESIDE: their
    URLs by the id of the tuple that lists them: a month's days, shared by each of them)."""
    siblings = listing.siblings
    if siblings and id(siblings) not in beside:
        beside[id(siblings)] = " ".join([url for _, url in siblings])
    head = f"{listing.kind}\0{listing.title}\0{listing.url}\0{listing.feed_url}\0{listing.date}\0{len(listing.pages)}"
    return f"{head}\0{beside.get(id(siblings), '')}".encode("utf-8", "surrogatepass")


def render_pages(jobs: list[PageJob], site: Site, renderer: Renderer, writer: Writer, workers: int) -> None:
    """Render JOBS (over WORKERS processes when there are many) and hand each page to WRITER.

    A dry-run writer (kabar check) writes nothing: pages are rendered to find template errors, and dropped.
    """
    if len(jobs) > PARALLEL_FROM:
        collector_resumed()  # the garbage of a few pages waits for the end of the build (see speedups.py)
        chunks = chunked(jobs, workers)
    else:
        chunks = [jobs]
    for written in fan_out(_render_chunk, chunks, workers, shared=(site, renderer, writer)):
        writer.record(written)


PARALLEL_FROM = 100  # fewer pages render faster here than a worker starts


def _render_chunk(shared: tuple[Site, Renderer, Writer], jobs: list[PageJob]) -> list[str]:
    """Render and write JOBS; the paths written, for the build's writer to record (workers have a copy of it)."""
    site, renderer, writer = shared
    written = []
    for job in jobs:
        path = urls.output_path(job.url)
        if writer.write(path, render_page(job, site, renderer)):
            written.append(path)
    return written
