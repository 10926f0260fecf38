"""The old Zola site's sections, taxonomy pages and feeds, as kabar.yml `redirects:`.

Zola made a page for each section (/blog/, its later pages /blog/page/2/ when `paginate_by` is set), for each term
of each taxonomy config.toml lists (/tags/banjir/, its later pages at the taxonomy's `paginate_by`), and feeds
(`feed_filenames`, atom.xml by default): the site's (/atom.xml, with `generate_feeds`), a section's (when its
_index.md says `generate_feeds`) and a taxonomy term's (/tags/banjir/atom.xml, when the taxonomy says `feed`);
a section's `aliases` led to it.
Zola 0.19 renamed `generate_feed` and `feed_filename`; both names are read. Each leads to its kabar equivalent (see
oldsite.py): a section's list to the front page, a feed kabar does not have to the site's feed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .. import urls
from .model import Report
from .oldsite import MAIN_FEED, Listings, later_pages, report_lists
from .staticsite import Articles, Post, names, site_path

KINDS = {"categories": "category", "tags": "tag", "authors": "author"}  # the taxonomies kabar has listings for


def list_redirects(
    published: list[tuple[Post, str]],
    articles: Articles,
    config: dict[str, Any],
    sections: dict[str, dict[str, Any]],
    taken: set[str],
    report: Report,
) -> dict[str, str]:
    """The old list pages and feeds -> the new ones, for the PUBLISHED articles (each with its folder); CONFIG is
    config.toml, SECTIONS each section's _index.md front matter by folder. None at an address in TAKEN."""
    feeds = _feeds(config)
    site_feeds = config.get("generate_feeds", config.get("generate_feed")) is True
    found = {f"/{name}": MAIN_FEED for name in feeds if site_feeds and published}
    to_main: dict[str, str] = {}  # kind -> an old feed of it that leads to the site's feed
    for meta in sections.values():
        found.update({site_path(alias): "/" for alias in names(meta.get("aliases"))})
    for folder, meta in sorted(sections.items()):
        inside = [section for _, section in published if section == folder or section.startswith(f"{folder}/")]
        if not folder or not inside or meta.get("render") is False:
            continue  # the root section is the front page; a section of drafts had no page
        # Its pages list its own stories, and its subsections' only where they are transparent (as Zola lists them)
        listed = sum(section == folder or sections.get(section, {}).get("transparent") is True for section in inside)
        old = f"/{folder}/"
        found[old] = "/"
        found.update(later_pages(old, "/", listed, len(published), _per_page(meta), _page_path(meta)))
        if feeds and meta.get("generate_feeds", meta.get("generate_feed")) is True:
            found.update({f"{old}{name}": MAIN_FEED for name in feeds})
            to_main.setdefault("sections", f"{old}{feeds[0]}")
    listings = Listings.of((post for post, _ in published), articles)
    for taxonomy in config.get("taxonomies") if isinstance(config.get("taxonomies"), list) else []:
        name = taxonomy.get("name") if isinstance(taxonomy, dict) else None
        if not isinstance(name, str) or taxonomy.get("render") is False:
            continue
        kind = KINDS.get(name)
        if kind is None:
            report.skip("listings", f"kabar has no taxonomy '{name}': its pages (/{name}/NAME/) lead nowhere")
            continue
        terms = Counter(urls.slugify(term) for post, _ in published for term in set(_terms(post, kind)))
        for slug, stories in sorted(terms.items()):
            target = listings.target(kind, slug)
            if target is None:
                continue
            new, feed, now = target
            old = f"/{urls.slugify(name)}/{slug}/"
            found[old] = new
            found.update(later_pages(old, new, stories, now, _per_page(taxonomy), _page_path(taxonomy)))
            if feeds and taxonomy.get("feed") is True:
                found.update({f"{old}{file}": feed for file in feeds})
                if feed == MAIN_FEED:
                    to_main.setdefault(name, f"{old}{feeds[0]}")
        if terms:
            found[f"/{urls.slugify(name)}/"] = listings.directory(kind) or "/"  # the list of every term
    own = listings.urls()
    kept = {old: new for old, new in sorted(found.items()) if old != new and old not in taken | own}
    report_lists(to_main, report)
    return kept


def _terms(post: Post, kind: str) -> list[str]:
    return {"category": post.categories, "tag": post.tags, "author": post.authors}[kind]


def _feeds(config: dict[str, Any]) -> list[str]:
    """The file names of the old site's feeds."""
    names = config.get("feed_filenames", config.get("feed_filename", ["atom.xml"]))
    names = [names] if isinstance(names, str) else names
    return [name for name in names if isinstance(name, str) and name] if isinstance(names, list) else ["atom.xml"]


def _per_page(meta: dict[str, Any]) -> int:
    """A section's or a taxonomy's `paginate_by`: its listing had one page when it has none."""
    size = meta.get("paginate_by")
    return size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else 1 << 30


def _page_path(meta: dict[str, Any]) -> str:
    path = meta.get("paginate_path")
    return path.strip("/") if isinstance(path, str) and path.strip("/") else "page"
