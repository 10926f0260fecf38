"""What the old site's addresses become on the new one (shared by the WordPress, Hugo, Zola and Pelican readers).

Its listings (kabar.yml `redirects:`) lead to the new listing of the same category, tag or author, their later pages
to the same page of the new listing, or to its first page when the new one has fewer; an old feed leads to the feed
kabar has for it, else to the site's main feed (a feed reader follows no redirect page to a listing: it wants a
feed). The articles keep their old URL pattern when kabar accepts it as `permalinks: article:`; when they do not,
one report line says their addresses change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .. import permalinks, urls
from ..models import Config, Permalinks
from ..site import page_count
from .model import Report
from .staticsite import Articles, Post

KABAR_PER_PAGE = Config().per_page  # the import writes none
MAIN_FEED = urls.feed_url()


def later_pages(
    old_first: str, new_first: str, old_stories: int, new_stories: int, old_per_page: int, old_path: str = "page"
) -> dict[str, str]:
    """Pages 2, 3... of the old listing at OLD_FIRST (as many as OLD_STORIES made, OLD_PER_PAGE a page, at
    OLD_FIRST/OLD_PATH/N/) -> the new listing's page N when it has one (NEW_STORIES at kabar's per_page), else its
    first page. None when the listing keeps its address: kabar makes those pages itself, more of them as it grows."""
    if old_first == new_first:
        return {}
    return {
        f"{old_first}{old_path}/{number}/": new_page(new_first, number, new_stories)
        for number in range(2, page_count(old_stories, old_per_page) + 1)
    }


def new_page(new_first: str, number: int, new_stories: int) -> str:
    """Page NUMBER of the new listing at NEW_FIRST (of NEW_STORIES), or its first page when it has fewer."""
    return urls.listing_page_url(new_first, number if number <= page_count(new_stories, KABAR_PER_PAGE) else 1)


@dataclass(frozen=True)
class Listings:
    """kabar's listings of the published articles: how many stories each category, tag and author lists, by slug."""

    categories: Counter[str]
    tags: Counter[str]
    authors: Counter[str]

    @classmethod
    def of(cls, published: Iterable[Post], articles: Articles) -> Listings:
        posts = list(published)
        return cls(
            Counter(urls.slugify(articles.category(post)) for post in posts),
            Counter(slug for post in posts for slug in {urls.slugify(t) for t in [*post.categories[1:], *post.tags]}),
            Counter(slug for post in posts for slug in {urls.slugify(a) for a in post.authors}),
        )

    def urls(self) -> set[str]:
        """Their addresses, and those of the pages of all of each kind: no old address may stand there."""
        found = {urls.category_url(s) for s in self.categories} | {urls.tag_url(s) for s in self.tags}
        found |= {urls.author_url(s) for s in self.authors}
        return found | {url for kind in ("category", "tag", "author") if (url := self.directory(kind))}

    def directory(self, kind: str) -> str | None:
        """The new site's page of every category, tag or author (KIND), where an old list of them all leads (else
        the front page does): None when it has none of that kind (see site._directories)."""
        listed = {"category": self.categories, "tag": self.tags, "author": self.authors}[kind]
        return urls.directory_url(getattr(Permalinks(), kind)) if listed else None

    def target(self, kind: str, slug: str) -> tuple[str, str, int] | None:
        """The new listing of the old site's category, tag or author (KIND) SLUG: its URL, its feed or the site's,
        and how many stories it lists; a category may have become a tag, and a tag may be a category. None when
        there is none."""
        if kind == "author":
            return (urls.author_url(slug), MAIN_FEED, self.authors[slug]) if slug in self.authors else None
        category_url = urls.category_url(slug)
        as_category = (category_url, urls.feed_url(category_url), self.categories[slug])
        as_tag = (urls.tag_url(slug), MAIN_FEED, self.tags[slug])
        found = [as_category if slug in self.categories else None, as_tag if slug in self.tags else None]
        return next((t for t in (found if kind == "category" else found[::-1]) if t), None)


def report_lists(to_main: dict[str, str], report: Report) -> None:
    """Say which old feeds (TO_MAIN: the kind of each -> one of its addresses) lead to the site's feed."""
    if to_main:
        kinds = list(to_main)
        named = " and ".join([", ".join(kinds[:-1]), kinds[-1]]) if len(kinds) > 1 else kinds[0]
        report.skip(
            "feeds",
            f"kabar has feeds for the site and each category only: the old feeds of {named}"
            f" ({', '.join(to_main.values())}...) lead to the site's feed, {MAIN_FEED}",
        )


def addresses_change(old: str, new: str, whose: str = "the articles' addresses") -> str:
    """The report line for articles whose URLs follow a new pattern."""
    return f"{whose} change from {old} to {new}; each old address is an alias"


def refused_pattern(pattern: str) -> str | None:
    """Why kabar.yml could not say `permalinks: article: PATTERN` (kabar's own message), or None when it can."""
    _, problems = permalinks.settings_from({"article": pattern}, {})
    return problems[0][1] if problems else None
