"""The values that flow between stages: frozen, slotted dataclasses and NamedTuples, all of which pickle.

`load` makes Articles (with their Category, Tags and Authors) from files;
`site` groups them into a Site with every index; `render` and `feeds` only read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import Any, NamedTuple

model = dataclass(frozen=True, slots=True, kw_only=True)

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)


def instant(moment: dt.datetime) -> int:
    """MOMENT (timezone-aware) as microseconds since 1970 UTC.

    Ints compare in a few nanoseconds; two aware datetimes in different zones ask each for its offset,
    and a rebuild compares dates tens of thousands of times.
    """
    return (moment - EPOCH) // MICROSECOND


@model
class MarkdownSettings:
    """kabar.yml's `markdown:`: the engine that renders article bodies (see markdown_engines.py)."""

    engine: str = "cmark-gfm"  # or "python-markdown"
    extensions: tuple[str, ...] = ()  # python-markdown's, by name; toc is always among them (heading ids)
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False)  # by extension name


@model
class Config:
    """Site settings from kabar.yml; every field has a default."""

    title: str = "Kabar"
    tagline: str = ""
    base_url: str = "http://localhost:8000"
    lang: str = "id"
    timezone: str = "Asia/Jakarta"
    per_page: int = 10
    feed_items: int = 20
    related: int = 4
    search: bool = True  # a Pagefind index, the /cari/ page and the masthead search box
    websub_hub: str = ""  # a WebSub hub URL, announced in every feed
    logo: str = "/logo.png"  # the publisher's logo in structured data (the theme ships one)
    safe_html: bool = False  # sanitise article bodies with nh3 (for sites that take contributions)
    markdown: MarkdownSettings = MarkdownSettings()


@model
class Category:
    name: str
    slug: str
    url: str


@model
class Tag:
    name: str
    slug: str
    url: str


@model
class Author:
    name: str
    slug: str
    url: str


@model
class Article:
    """One published story, its Markdown already converted to HTML."""

    source: str  # the file as messages name it (a string: a Path per article cost 0.05 s per 10,000 loaded)
    title: str
    slug: str
    url: str  # /YYYY/MM/DD/slug/
    date: dt.datetime  # timezone-aware
    instant: int = field(init=False)  # instant(date), made from it (and cached with the rest)
    updated: dt.datetime | None = None
    category: Category
    authors: tuple[Author, ...] = ()
    tags: tuple[Tag, ...] = ()
    summary: str  # plain text
    image: str | None = None
    image_alt: str = ""
    image_size: tuple[int, int] | None = None  # (width, height) in pixels, when the file could be read
    draft: bool = False
    scheduled: bool = False  # dated after the build's time: published only by --future (kabar serve)
    featured: bool = False
    html: Any  # the body: a str (trusted: made by Markdown from the author's own file) or a state.StoredText
    words: int
    extra: dict[str, Any] = field(default_factory=dict)
    digest: bytes = b""  # of the source file, the settings that shaped this Article and its images' sizes
    key: bytes = field(init=False)  # of everything about it a page can show (see __post_init__)
    url_line: int | None = None  # the line its URL comes from ('slug:', else 'title:'), for messages

    def __post_init__(self) -> None:
        """Set what is made from the other fields, again for every dataclasses.replace() (cached with them)."""
        object.__setattr__(self, "instant", instant(self.date))
        # The digest covers the file; a category's name (one spelling for all), scheduled, the image size are not in it.
        names = [self.url, self.category.name, *[t.name for t in self.tags], "\1", *[p.name for p in self.authors]]
        shown = "\0".join([*names, f"{self.image_size} {self.scheduled}"]).encode("utf-8", "surrogatepass")
        object.__setattr__(self, "key", blake2b(self.digest + shown, digest_size=16).digest())

    @property
    def body_html(self) -> str:
        """The body as HTML; a body kept in the article cache is read from it now."""
        html = self.html
        return html if type(html) is str else str(html)

    @property
    def modified(self) -> dt.datetime:
        return self.updated or self.date

    @property
    def reading_minutes(self) -> int:
        """About 200 words a minute, rounded up, at least one."""
        return max(1, -(-self.words // 200))


class Page(NamedTuple):
    """One page of a paginated listing.

    A NamedTuple, as ArticleLinks: a build makes one for every page of every listing, and a frozen
    dataclass's __init__ takes five times as long.
    """

    number: int  # 1-based
    count: int  # how many pages the listing has
    url: str
    articles: tuple[Article, ...]
    prev_url: str | None = None  # newer stories
    next_url: str | None = None  # older stories


@model
class Listing:
    """A list of stories with its own URL: front page, category, tag, author, date archive."""

    kind: str  # home | category | tag | author | year | month | day
    title: str
    url: str
    articles: tuple[Article, ...]  # newest first
    pages: tuple[Page, ...]
    feed_url: str | None = None
    date: dt.date | None = None  # for date archives


class ArticleLinks(NamedTuple):
    """What an article page shows around the story."""

    newer: Article | None
    older: Article | None
    related: tuple[Article, ...]


@model
class Site:
    config: Config
    articles: tuple[Article, ...]  # newest first
    lead: Article | None  # the front page headline: featured, else newest
    categories: tuple[Category, ...]  # for the category bar, by name
    home: Listing
    listings: tuple[Listing, ...]  # categories, tags, authors, date archives
    links: dict[str, ArticleLinks]  # by article URL
    skipped_drafts: int = 0
    skipped_scheduled: int = 0
