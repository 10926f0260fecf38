"""Stories whose address an edit changed while `kabar serve` previewed them, kept for the next build of the site.

A build warns of a published story whose address an edit changed (the links to it shared already would lead
nowhere), by the story as the article cache had it. The preview's builds share that cache: after a preview had
built the edited story, the next `kabar build` found it cached as it is now, its old address unknown, and said
nothing, while `--strict` let its old page go. The preview notes each such story here, with the address it had;
the next build warns of those its own edits did not show, and forgets them once it has published the site.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .cache import store
from .models import Article

FILE = "moved-in-preview"  # in .kabar-cache/: source file -> the address its story had on the site


def published_before(moved: Iterable[tuple[Article, Article]], now: int) -> dict[str, str]:
    """Of MOVED (as the last build had each story, as now), those that were on the site: the address each had, by its
    file. A draft's or a scheduled story's address is no one's link yet."""
    return {str(after.source): before.url for before, after in moved if not before.draft and before.instant <= now}


def note(root: Path, moved: Iterable[tuple[Article, Article]], now: int) -> None:
    """MOVED (as the preview's last build had each story, as now): each story that was on the site (see
    published_before); a story noted already keeps its first address."""
    was_public = published_before(moved, now)
    if was_public:
        store.save(root, FILE, {**was_public, **recalled(root)})


def recalled(root: Path) -> dict[str, str]:
    """What the previews noted since the last build published the site."""
    return store.load(root, FILE, dict[str, str]) or {}


def forget(root: Path) -> None:
    (root / store.CACHE_DIR / FILE).unlink(missing_ok=True)
