"""What the old site's addresses become on the new one (shared by the WordPress and Hugo readers).

Its listings' later pages (kabar.yml `redirects:`) lead to the same page of the new listing, or to its first page
when the new one has fewer; an old feed leads to the feed kabar has for it, else to the site's main feed (a feed
reader follows no redirect page to a listing: it wants a feed). The articles keep their old URL pattern when kabar
accepts it as `permalinks: article:`; when they do not, one report line says their addresses change.
"""

from __future__ import annotations

from .. import permalinks, urls
from ..models import Config
from ..site import page_count

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
    new_pages = page_count(new_stories, KABAR_PER_PAGE)
    return {
        f"{old_first}{old_path}/{number}/": urls.listing_page_url(new_first, number if number <= new_pages else 1)
        for number in range(2, page_count(old_stories, old_per_page) + 1)
    }


def addresses_change(old: str, new: str, whose: str = "the articles' addresses") -> str:
    """The report line for articles whose URLs follow a new pattern."""
    return f"{whose} change from {old} to {new}; each old address is an alias"


def refused_pattern(pattern: str) -> str | None:
    """Why kabar.yml could not say `permalinks: article: PATTERN` (kabar's own message), or None when it can."""
    _, problems = permalinks.settings_from({"article": pattern}, {})
    return problems[0][1] if problems else None
