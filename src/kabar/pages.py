"""Render the HTML pages that changed, over worker processes that each write their own files.

A page's fingerprint hashes everything it shows: the theme and settings, the
articles on it (by the hash of their source) and its place in its listing.
A page whose fingerprint matches the last build's, and whose file is still as
it was written, is neither rendered nor written again.
"""

from __future__ import annotations

from . import urls
from .models import Article, Site
from .parallel import chunked, fan_out
from .render import PageJob, Renderer, render_page
from .state import digest
from .write import Target, place_file


def article_keys(site: Site) -> dict[str, bytes]:
    """For each article URL, a hash of everything about it that a page can show."""
    return {a.url: _article_key(a) for a in site.articles}


def _article_key(a: Article) -> bytes:
    names = [a.category.name, *(t.name for t in a.tags), "\1", *(p.name for p in a.authors)]
    return digest(a.digest, a.url, *names, repr((a.image_size, a.scheduled)))


def page_fingerprint(job: PageJob, site: Site, keys: dict[str, bytes], theme: bytes) -> bytes:
    if job.kind == "article":
        article = site.articles[job.index]
        links = site.links[article.url]
        shown = [article, links.newer, links.older, *links.related]
        return digest(theme, job.url, *(keys[a.url] if a else b"-" for a in shown))
    if job.kind in ("home", "listing"):
        listing = site.home if job.kind == "home" else site.listings[job.index]
        page = listing.pages[job.page]
        lead = keys[site.lead.url] if site.lead and job.kind == "home" and page.number == 1 else b"-"
        head = f"{listing.kind}\0{listing.title}\0{listing.url}\0{listing.feed_url}\0{listing.date}\0{page.count}"
        return digest(theme, job.url, head, lead, *(keys[a.url] for a in page.articles))
    return digest(theme, job.url)


def render_pages(jobs: list[PageJob], site: Site, renderer: Renderer, target: Target | None, workers: int) -> list[str]:
    """Render JOBS (over WORKERS processes when there are many) into TARGET; return the files staged.

    With no TARGET (kabar check) pages are rendered, to find template errors, and dropped.
    """
    chunks = chunked(jobs, workers) if len(jobs) > PARALLEL_FROM else [jobs]
    staged: list[str] = []
    for part in fan_out(_render_chunk, chunks, workers, shared=(site, renderer, target)):
        staged.extend(part)
    return staged


PARALLEL_FROM = 100  # fewer pages render faster here than a worker starts


def _render_chunk(shared: tuple[Site, Renderer, Target | None], jobs: list[PageJob]) -> list[str]:
    site, renderer, target = shared
    made: set = set()
    staged = []
    for job in jobs:
        body = render_page(job, site, renderer)
        path = urls.output_path(job.url)
        if target is not None and place_file(target, path, body, made):
            staged.append(path)
    return staged
