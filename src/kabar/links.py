"""The links and embedded files of an article (or page), each checked against what the site makes: a page or
file it does not have (with the one it may mean), a link to a Markdown source instead of its URL, a #fragment its
target lacks, an address outside the site; each told at the line of the file that writes it.

The links are found in the article's HTML in one pass, whatever an author's own HTML leaves unclosed (see
closers.py); the checks stage (checks.py) runs this over the articles.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from . import closers, urls
from .anchors import ids_in
from .errors import Problem, did_you_mean
from .frontmatter import key_line, source_lines
from .models import Article, Permalinks, Site, SitePage
from .subpath import base_path
from .walk import is_article_name

# The first href or src of each tag in an article's HTML; Python-Markdown writes double quotes,
# an author's own HTML may use single quotes or none.
TAG, ATTRIBUTE = (
    r"<(?P<tag>[a-zA-Z][\w-]*)\b",
    r"""\s(?P<attr>href|src)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""",
)


def _link_ends(text: str) -> Callable[[int], int | None]:
    """Where the tag that begins at a place ends its first href or src (see closers.Bounded): its attributes
    are those up to the first ">", found once for all the tags before it (5,000 '<a ' in an HTML block, never
    closed, took 5 s)."""
    tag, attribute, closing = re.compile(TAG), closers.Next(text, re.compile(ATTRIBUTE)), closers.Next(text, ">")

    def ends(place: int) -> int | None:
        if (opened := tag.match(text, place)) is None or (found := attribute.after(opened.end())) is None:
            return None
        shut = closing.after(opened.end())
        return found[1] if shut is None or found[0] < shut[0] else None

    return ends


LINK = closers.Bounded(pattern=re.compile(rf"{TAG}[^>]*?{ATTRIBUTE}"), starts=re.compile("<[a-zA-Z]"), ends=_link_ends)
# A link to a #fragment: whether its target has that anchor depends on another article's headings.
FRAGMENT_LINK = re.compile(r"""\shref\s*=\s*["']?[^"'\s>]*#""")
# A fragment every page has: browsers scroll to the top for #top, or for # alone.
ANY_PAGE_FRAGMENTS = ("", "top")
EMBEDS = ("img", "source", "video", "audio", "track", "iframe", "embed", "object")


class LinkChecker:
    """The links of articles and pages, checked against SITE and the files HAS_FILE says the build makes. FILES: every
    file of the site, asked for only to name the one a broken link may mean; UNLOADED: the files a problem kept off
    the site, whose stories a link may mean."""

    def __init__(
        self,
        site: Site,
        has_file: Callable[[PurePosixPath], bool],
        content_dir: Path,
        files: Callable[[], Iterable[str]] = tuple,
        unloaded: tuple[str, ...] = (),
    ) -> None:
        self.site, self.has_file, self.files, self.unloaded = site, has_file, files, unloaded
        self._by_lowercase: dict[str, str] | None = None
        self.content_dir = os.path.abspath(content_dir)
        self.own_origin = site.config.base_url.rstrip("/")
        self.prefix = base_path(site.config.base_url)  # "/repo" for a site under a path
        self._page_urls: list[str] | None = None
        self._sources: dict[str, Article] | None = None
        self._by_url: dict[str, Article] | None = None
        self._anchors: dict[str, set[str]] = {}
        self._moved: dict[str, str] | None = None

    def check(self, article: Article | SitePage) -> Iterator[Problem]:
        if getattr(article, "image", None) and (message := self._missing(article, article.image, embedded=True)):
            yield Problem(str(article.source), key_line(str(article.source), "image"), message)
        written = WrittenLinks(article)
        for tag, target in links_in(article.body_html):
            message = self._missing(article, target, embedded=tag in EMBEDS)
            if message:
                yield Problem(str(article.source), written.line_of(target), message)

    def _missing(self, article: Article, target: str, embedded: bool) -> str | None:
        """What is wrong with a link from ARTICLE to TARGET, or None."""
        if target.startswith(self.own_origin + "/"):
            target = target[len(self.own_origin) :]
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:  # another site, mailto:
            return None
        if not parts.path:  # #fragment, ?query: this article (a file that did not load has no anchors known)
            if article.url is None or parts.query:
                return None
            return self._missing_anchor(article.url, parts.fragment, target)
        path = unquote(parts.path)
        if is_article_name(path):
            return self._markdown_link(article, target, path)
        if article.url is None and not path.startswith("/"):  # a file that did not load has no URL to start from
            return None
        url = path if path.startswith("/") else posixpath.join(posixpath.dirname(article.url.rstrip("/") + "/"), path)
        normal = posixpath.normpath(url)
        normal += "/" if url.endswith("/") and normal != "/" else ""  # the front page is "/", not "//"
        if normal.startswith("//") or normal.startswith("/..") or not normal.startswith("/"):
            return f"links to {target}, which is outside the site"
        if self._made(normal):
            return self._missing_anchor(normal, parts.fragment, target)
        if self.prefix and normal.startswith(self.prefix + "/") and self._made(normal[len(self.prefix) :]):
            own, under = normal[len(self.prefix) :], self.prefix
            return f"links to {target}, which is {under}{normal} on the site: write {own} (kabar adds {under})"
        if embedded:
            hint = self._file_hint(path, normal, "it is not in static/ or content/")
            return f"{_kind(normal)} {target} is missing: {hint}"
        if normal.endswith("/") and normal in self.moved():
            moved = self.moved()[normal]
            return f"links to {target}, which is not a page of the site since permalinks changed: link to {moved}"
        if normal.endswith("/"):
            guess = did_you_mean(normal, self.page_urls())
            hint = f"; did you mean {guess}?" if guess else ""
            if self.unloaded and not guess:  # the story it leads to may be one that a problem above kept off
                hint = ", unless it is a story of a file that could not be loaded (see the problems)"
            return f"links to {target}, which is not a page of the site{hint}"
        hint = self._file_hint(path, normal, "put it in static/ or content/")
        return f"links to {target}, which is not a file of the site: {hint}"

    def _file_hint(self, path: str, normal: str, otherwise: str) -> str:
        """What to do about a missing file at NORMAL, written PATH: the file of the site it may mean, else OTHERWISE.
        A path without its leading '/' is relative to the article's address; a web server tells case apart."""
        if not path.startswith("/") and self._made(posixpath.normpath("/" + path)):
            return f"did you mean /{path}? (without the leading '/', a path starts at the article's address)"
        if self._by_lowercase is None:  # the site's files, made once a file is missing
            self._by_lowercase = {name.lower(): name for name in self.files() if not name.endswith(".html")}
        found = self._by_lowercase.get(normal.lstrip("/").lower())
        if found is not None:
            return f"did you mean /{found}? (addresses tell capitals from small letters)"
        return otherwise

    def moved(self) -> dict[str, str]:
        """The URL each article, category, tag and author had with the default permalinks -> its URL now."""
        if self._moved is None:
            self._moved = {}
            if self.site.config.permalinks != Permalinks():
                for article in self.site.articles:
                    self._moved[urls.article_url(article.date, article.slug)] = article.url
                    for item, url_of in (
                        (article.category, urls.category_url),
                        *((tag, urls.tag_url) for tag in article.tags),
                        *((author, urls.author_url) for author in article.authors),
                    ):
                        self._moved[url_of(item.slug)] = item.url
        return self._moved

    def _missing_anchor(self, url: str, fragment: str, target: str) -> str | None:
        """What is wrong with FRAGMENT of a link to URL, or None: only an article's anchors are known."""
        fragment = unquote(fragment)
        if fragment in ANY_PAGE_FRAGMENTS:
            return None
        if self._by_url is None:
            self._by_url = {a.url: a for a in (*self.site.articles, *self.site.pages)}
        found = self._by_url.get(url) or self._by_url.get(url + "/")
        if found is None or fragment in self.anchors(found):
            return None
        guess = did_you_mean(fragment, self.anchors(found))
        hint = f"; did you mean #{guess}?" if guess else ""
        what = "page" if isinstance(found, SitePage) else "article"
        return f"links to {target}, but the {what} {found.url} has no heading or anchor '#{fragment}'{hint}"

    def anchors(self, article: Article) -> set[str]:
        if article.url not in self._anchors:
            self._anchors[article.url] = ids_in(article.body_html)
        return self._anchors[article.url]

    def _markdown_link(self, article: Article, target: str, path: str) -> str:
        """A link to an article's source file: it is never published, so name the URL to use."""
        if path.startswith("/"):
            key = path.lstrip("/")
        else:
            here = posixpath.dirname(self._content_key(article))
            key = posixpath.normpath(posixpath.join(here, path))
        if self._sources is None:
            self._sources = {self._content_key(a): a for a in self.site.articles}
        found = self._sources.get(key)
        if found is not None:
            return f"links to the source file {target}: link to the article's URL {found.url} instead"
        return f"links to {target}, which is not a published article under content/"

    def _made(self, url: str) -> bool:
        relative = PurePosixPath(url.lstrip("/"))
        if url.endswith("/"):
            return self.has_file(relative / "index.html")
        return self.has_file(relative) or self.has_file(relative / "index.html")

    def _content_key(self, article: Article) -> str:
        """The article's path inside content/, as a link in Markdown would name it."""
        return Path(os.path.relpath(os.path.abspath(article.source), self.content_dir)).as_posix()

    def page_urls(self) -> list[str]:
        if self._page_urls is None:
            listings = (self.site.home, *self.site.listings)
            self._page_urls = [a.url for a in (*self.site.articles, *self.site.pages)]
            self._page_urls += [p.url for x in listings for p in x.pages]
        return self._page_urls


def links_in(body_html: str) -> Iterator[tuple[str, str]]:
    """(tag, target) for each link and embedded file in an article's HTML."""
    for match in LINK.finditer(body_html):
        raw = match.group("dq") if match.group("dq") is not None else match.group("sq") or match.group("bare") or ""
        target = html.unescape(raw).strip()
        if target:
            yield match.group("tag").lower(), target


def _kind(url: str) -> str:
    return "image" if url.lower().endswith((".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")) else "file"


# Where a link target is written (`](/x/`, `<a href="/x/"`, `[ref]: /x/`): what follows, up to a quote, space or '>'.
WRITTEN_TARGET = re.compile(r"""(?:[(<"'=]|\]:[ \t]*)([^<>"'\s]+)""")


class WrittenLinks:
    """The line of an article's file that links to a target, from one read and one pass over the file
    (a pass per target is quadratic: a 1 MB article of 70,000 missing images took a minute)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self._first: dict[str, int | None] | None = None
        self._text = ""

    def line_of(self, target: str) -> int | None:
        """Where TARGET is written as a link (`/x/` inside `/x/y/` is not), else the first line holding it."""
        if self._first is None:
            self._text = "\n".join(source_lines(str(self.article.source)))
            self._first = {}
            for number, line in enumerate(self._text.split("\n"), start=1):
                for found in WRITTEN_TARGET.finditer(line):
                    run = found[1]  # the target ends at a ')' in it, or at its end: `](/x/)`, `](/b(1).jpg)`
                    for end in {run.find(")"), run.rfind(")"), len(run)} - {-1}:
                        self._first.setdefault(run[:end], number)
        if target not in self._first:  # written otherwise (with a space, encoded): the first line holding it
            at = self._text.find(target)
            self._first[target] = self._text.count("\n", 0, at) + 1 if at >= 0 else None
        return self._first[target]
