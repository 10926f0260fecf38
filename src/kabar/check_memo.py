"""The link checks' memo: each article's warnings from the last build, kept while what they depend on is the same.

LastBuild.link_checks makes one from the last build's state; the checks stage recalls each article's warnings from
it, checks only the articles it has none for, and keeps what it found for the next build.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .errors import Problem
from .fingerprint import hash_bytes

if TYPE_CHECKING:
    from .models import Article, Site


class CheckMemo:
    """Each article's warnings from the last build (the checks stage's), and what they depended on: the article's key
    and MADE (the files the build makes), and for some every article's key (EVERY gives it). ONLY_ADDED: whether the
    files made are the last build's and more (a story added): an article of no warning then has none still, for a
    link that led somewhere still does (at 100,000 articles, checking them all again took 15-20 s over two cores);
    one with warnings is checked again (what it links to may be there now)."""

    def __init__(
        self,
        memo: dict[str, tuple[bytes, list[Problem]]],
        made: bytes,
        every: Callable[[], bytes],
        only_added: Callable[[], bool],
    ) -> None:
        self.memo, self.made, self._every, self._every_key = memo, made, every, b""
        self._grown = functools.cache(only_added)  # a pass over every file written: once, if asked

    def recall(self, articles: Sequence[Article]) -> list[list[Problem] | None]:
        """The warnings of each of ARTICLES, if nothing they depend on changed; else None: check it. In one
        comprehension: at 100,000 articles, a call for each took 0.1 s."""
        get, made = self.memo.get, self.made
        found = [
            known[1] if (known := get(article.url)) is not None and known[0] == article.key + made else None
            for article in articles
        ]
        for index in [index for index, warnings in enumerate(found) if warnings is None]:
            article = articles[index]
            known = get(article.url)
            if known is None:
                continue
            if known[0] == article.key + made + self._every_article():  # its warnings depend on every article
                found[index] = known[1]
            elif not known[1] and self._none_since(article, known[0]):
                found[index] = []
                self.memo[article.url] = (article.key + made, [])  # as if checked against these files
        return found

    def _none_since(self, article: Article, key: bytes) -> bool:
        """Whether ARTICLE, as it is, was found with no warning, against the last build's files (KEY: as kept; one
        that depended on every article is checked again), and this build makes those and more."""
        return len(key) == len(article.key) + len(self.made) and key.startswith(article.key) and self._grown()

    def keep(self, article: Article, warnings: list[Problem], across_articles: bool) -> None:
        """WARNINGS of ARTICLE, for the next build; ACROSS_ARTICLES: they depend on other articles."""
        key = article.key + self.made + (self._every_article() if across_articles else b"")
        self.memo[article.url] = (key, warnings)

    def _every_article(self) -> bytes:
        if not self._every_key:
            self._every_key = self._every()
        return self._every_key


def every_article_key(site: Site) -> bytes:
    """What the warnings of an article with links to #fragments depend on: every article (see CheckMemo)."""
    return hash_bytes(b"".join(a.key for a in site.articles))
