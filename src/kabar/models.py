"""The values that flow between stages: frozen, slotted dataclasses and NamedTuples, all of which pickle.

`load` makes Articles (with their Category, Tags and Authors) from files;
`site` groups them into a Site with every index; `render` and `feeds` only read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import urls
from .fingerprint import hash_bytes
from .moments import instant

model = dataclass(frozen=True, slots=True, kw_only=True)


# The body `kabar new` writes, per site language; `kabar check` warns while it is still there.
PLACEHOLDER_BODY = {"id": "Tulis beritanya di sini.", "en": "Write the story here."}


@model
class MarkdownSettings:
    """kabar.yml's `markdown:`: the engine that renders article bodies (see markdown_engines.py)."""

    engine: str = "cmark-gfm"  # or "python-markdown"
    extensions: tuple[str, ...] = ()  # python-markdown's, by name; toc is always among them (heading ids)
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False)  # by extension name


@model
class MenuEntry:
    """One entry of a menu in kabar.yml: exactly one of category, page (its address without slashes) or url."""

    category: str = ""
    page: str = ""
    url: str = ""
    label: str = ""  # default: the category's name, the page's title
    line: int | None = field(default=None, compare=False, repr=False)  # in kabar.yml, for messages only


@model
class Menus:
    """kabar.yml's `menus:`; None: the default (see menus.py)."""

    main: tuple[MenuEntry, ...] | None = None  # the category bar; default: every category, by name
    footer: tuple[MenuEntry, ...] | None = None  # default: the pages


@model
class Permalinks:
    """kabar.yml's `permalinks:`: the URL pattern of each kind of page (see urls.Pattern, permalinks.py)."""

    article: str = urls.ARTICLE_PATTERN
    category: str = urls.CATEGORY_PATTERN
    tag: str = urls.TAG_PATTERN
    author: str = urls.AUTHOR_PATTERN
    page: str = urls.PAGE_PATTERN  # a page's (pages/): :path is its file's path, :slug the last part of it


class Redirect(NamedTuple):
    """One old address of the site and where it leads now: kabar.yml's `redirects:`, an article's `aliases:`."""

    old: str  # a site path, maybe with a query string: /lama/x/, /?p=123
    new: str  # a site path or an http(s) URL
    source: str  # the file that asks for it, for messages
    line: int | None


@model
class IssoSettings:
    """kabar.yml's `comments: {isso: ...}`: where the site's Isso server is."""

    url: str  # http(s), ending in "/": its embed.min.js is url + "js/embed.min.js"


@model
class GiscusSettings:
    """kabar.yml's `comments: {giscus: ...}`: the GitHub Discussions category the comments live in."""

    repo: str  # owner/name
    repo_id: str
    category: str
    category_id: str
    mapping: str = "pathname"  # how giscus finds an article's discussion


@model
class AuthorProfile:
    """What kabar.yml's `authors:` says of one author (see profiles.py): shown on the author's page."""

    name: str  # as articles write it in `author:`
    slug: str  # of the name: what articles' authors are matched by (one author, however the name is spelt)
    role: str = ""  # "Wartawan Nasional", "Redaktur Pelaksana"
    bio: str = ""  # plain text
    photo: str = ""  # a path on the site or an http(s) URL
    links: tuple[str, ...] = ()  # the author's profiles elsewhere (http(s) URLs)
    # Its line in kabar.yml, for messages; not in repr, which is in every page's fingerprint (see incremental.py).
    line: int | None = field(default=None, repr=False, compare=False)


@model
class CategoryProfile:
    """What kabar.yml's `categories:` says of one category (see profiles.py): shown on the category's page."""

    name: str  # as articles write it in `category:`
    slug: str  # of the name: what articles' categories are matched by
    description: str = ""  # plain text: under the category's name, and its pages' description
    line: int | None = field(default=None, repr=False, compare=False)  # in kabar.yml, for messages (see AuthorProfile)


@model
class CommentSettings:
    """kabar.yml's `comments:` (see comment_settings.py)."""

    imported: bool = True  # show the comments kept beside an article (<stem>.comments.yml)
    live: str = "none"  # none | isso | giscus
    isso: IssoSettings | None = None
    giscus: GiscusSettings | None = None


@model
class ImageSettings:
    """kabar.yml's `images:`: the variants made of each article image (see pictures.py)."""

    widths: tuple[int, ...] = (480, 800, 1200)  # none wider than the source: its own width instead
    quality: int = 80  # of the lossy formats, 1-100
    formats: tuple[str, ...] = ("webp",)  # beside the source's own format; "avif" too where Pillow has it


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
    share_image: str = ""  # the link-preview picture of a page without one of its own (front page, listings...)
    safe_html: bool = False  # sanitise article bodies with nh3 (for sites that take contributions)
    markdown: MarkdownSettings = MarkdownSettings()
    menus: Menus = Menus()
    permalinks: Permalinks = Permalinks()
    # Not in repr: pages do not show them, and repr(config) is in every page's fingerprint (see incremental.py).
    redirects: tuple[Redirect, ...] = field(default=(), repr=False)
    comments: CommentSettings = CommentSettings()
    images: ImageSettings = ImageSettings()
    authors: tuple[AuthorProfile, ...] = ()  # their profiles, shown on their pages
    categories: tuple[CategoryProfile, ...] = ()  # their descriptions, shown on their pages


class Comment(NamedTuple):
    """One comment kept beside an article, imported from an old site and shown read-only (see comments.py).

    A NamedTuple, as Page: it travels in the article cache and from workers as a plain array.
    """

    id: str  # unique within its file (a number there is kept as its digits)
    author: str  # a display name
    date: dt.datetime  # timezone-aware, in the site's time zone
    text: str  # plain text: a blank line separates paragraphs
    parent: str | None = None  # the id of an earlier comment this one answers


class Correction(NamedTuple):
    """A correction or a right of reply added to an article (front matter `corrections:`, see corrections.py), shown
    above its body with the time it was added, as Dewan Pers' guidelines for online media ask.

    A NamedTuple, as Comment: it travels in the article cache and from workers as a plain array.
    """

    date: dt.datetime  # timezone-aware: when it was added
    text: str  # plain text
    kind: str = "ralat"  # ralat | koreksi | hak_jawab
    link: str = ""  # a path on the site or an http(s) URL: the story that corrects, or the reply


class Retraction(NamedTuple):
    """Why and when a published story was withdrawn (front matter `retracted:`, see corrections.py): its page stays at
    its address and says so, as Dewan Pers' guidelines for online media ask (point 5); it leaves every list."""

    date: dt.datetime  # timezone-aware: when it was withdrawn
    reason: str  # plain text


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


# Each image URL an article shows, and its pixel size and its file's mtime and size then.
Lookups = tuple[tuple[str, tuple[int, int, int, int] | None], ...]


class LazyText:
    """Text read only when something asks for it (str()), once: an article body a build may never show.

    A rebuild after one edit shows a few bodies of 10,000, and reading and decoding them all took longer
    than the rest of loading them. READ (no arguments) returns the text. It pickles as the text.
    """

    __slots__ = ("_read", "_text")

    def __init__(self, read: Callable[[], str]) -> None:
        self._read, self._text = read, None

    def __str__(self) -> str:
        if self._text is None:
            self._text = self._read()
        return self._text

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, str | LazyText) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # unhashable, as the Article holding it

    def __repr__(self) -> str:
        return repr(str(self))

    def __reduce__(self) -> tuple:
        return (str, (str(self),))


@model
class Article:
    """One published story, its Markdown already converted to HTML."""

    source: str  # the file as messages name it (a string: a Path per article cost 0.05 s per 10,000 loaded)
    title: str
    slug: str
    url: str  # /YYYY/MM/DD/slug/
    date: dt.datetime  # timezone-aware
    instant: int = field(init=False)  # instant(date), made from it (and kept with the rest)
    updated: dt.datetime | None = None
    category: Category
    authors: tuple[Author, ...] = ()
    tags: tuple[Tag, ...] = ()
    summary: str  # plain text
    image: str | None = None
    image_alt: str = ""
    image_size: tuple[int, int] | None = None  # (width, height) in pixels, when the file could be read
    image_caption: str = ""  # under the lead image (plain text)
    image_credit: str = ""  # after the caption: "Foto: ANTARA/Budi Santoso"
    location: str = ""  # the dateline: the city the story was filed from
    draft: bool = False
    scheduled: bool = False  # dated after the build's time: published only by --future (kabar serve)
    featured: bool = False
    html: str | LazyText  # the body (trusted: made by Markdown from the author's own file)
    words: int
    extra: dict[str, Any] = field(default_factory=dict)
    comments: tuple[Comment, ...] = ()  # from <stem>.comments.yml beside the file, oldest first
    digest: bytes = b""  # of the source file, the settings that shaped this Article and its images' sizes
    key: bytes = field(init=False)  # of everything about it a page can show (see __post_init__)
    url_line: int | None = None  # the line its URL comes from ('slug:', else 'title:'), for messages
    aliases: tuple[str, ...] = ()  # its old addresses (`aliases:`, Jekyll's `redirect_from:`), each led here
    guid: str | None = None  # its identity in feeds, kept from an old system; None: its URL
    corrections: tuple[Correction, ...] = ()  # oldest first
    sponsored: bool = False  # paid content: labelled as such, its links to other sites rel="sponsored"
    editors: tuple[str, ...] = ()  # names, shown after the authors'
    retracted: Retraction | None = None  # withdrawn: its page says why, and nothing lists it

    def __post_init__(self) -> None:
        """Set what is made from the other fields, again for every dataclasses.replace() (kept with them)."""
        object.__setattr__(self, "instant", instant(self.date))
        # The digest covers the file; a category's name (one spelling for all), scheduled, the image size are not in it.
        names = [self.url, self.category.name, *[t.name for t in self.tags], "\1", *[p.name for p in self.authors]]
        shown = "\0".join([*names, f"{self.image_size} {self.scheduled}"]).encode("utf-8", "surrogatepass")
        object.__setattr__(self, "key", hash_bytes(self.digest + shown))

    @property
    def body_html(self) -> str:
        """The body as HTML; a LazyText body is read now."""
        html = self.html
        return html if type(html) is str else str(html)

    @property
    def modified(self) -> dt.datetime:
        """When the story last changed: its `updated:` date, or its newest correction's if that is later."""
        changed = self.updated or self.date
        if self.corrections and self.corrections[-1].date > changed:
            return self.corrections[-1].date
        return changed

    @property
    def reading_minutes(self) -> int:
        """About 200 words a minute, rounded up, at least one."""
        return max(1, -(-self.words // 200))


ARTICLE_FIELDS = tuple(f.name for f in dataclasses.fields(Article))


def _slot_filler(cls: type, names: Sequence[str]) -> Callable[[Sequence[Any]], Any]:
    """A function that makes a CLS (a frozen dataclass with slots) of the values of its fields NAMES, in order, by
    each slot's own setter; a ValueError unless there is one value per field. Written out for CLS, as dataclasses
    writes an __init__: one call per slot in a function of its own took 3.2 us an Article at 100,000 articles,
    the same calls made by map() 6.0 us (an Article is made for every cached article of every build)."""
    lines = ["def fill(_values):", "    _made = _new(_cls)", f"    ({', '.join(names)},) = _values"]  # no field has a _
    lines += [f"    _set_{name}(_made, {name})" for name in names]
    scope = {"_new": object.__new__, "_cls": cls, **{f"_set_{name}": getattr(cls, name).__set__ for name in names}}
    exec("\n".join([*lines, "    return _made"]), scope)
    return scope["fill"]


# The Article whose fields (in ARTICLE_FIELDS' order, those made in __post_init__ included) are the values given: for
# values an Article gave (kept for the next build, or sent by a worker), nothing is checked or made again (an Article
# of each cached article, every build: Article(**fields), with its frozen __setattr__, took three times as long).
article_from_fields = _slot_filler(Article, ARTICLE_FIELDS)


@model
class SitePage:
    """A page that is not a story (pages/redaksi.md at /redaksi/): no date, byline or category; in no listing or
    feed. (A `Page` is one page of a listing.)"""

    source: str  # the file as messages name it
    title: str
    url: str  # /redaksi/, /tentang/kontak/
    address: str  # its path under pages/, its slug replacing the last part, as a menu names it: "tentang/kontak"
    summary: str  # plain text
    updated: dt.datetime | None = None
    draft: bool = False
    menu: int | None = None  # its place in the default footer menu; None: not there, unless no page has one
    aliases: tuple[str, ...] = ()  # its old addresses (`aliases:`, `redirect_from:`)
    html: str  # the body
    extra: dict[str, Any] = field(default_factory=dict)
    key: bytes = b""  # of the file and the settings that shaped it
    url_line: int | None = None  # the line its URL comes from ('slug:'), for messages

    @property
    def body_html(self) -> str:
        return self.html


class MenuLink(NamedTuple):
    """One link of a menu, as the theme shows it."""

    label: str
    url: str
    kind: str  # category | page | url

    @property
    def name(self) -> str:
        """The label, under a Category's name for it: a site's own _catbar.html written for categories still works."""
        return self.label


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

    def numbers(self, around: int = 1) -> list[int | None]:
        """The page numbers the listing's navigation shows from this page, as news portals number theirs: the first,
        the last, this one and AROUND either side; None where numbers are left out ("…"), not for a single one."""
        near = range(max(1, self.number - around), min(self.count, self.number + around) + 1)
        shown: list[int | None] = []
        previous = 0
        for number in sorted({1, self.count, *near}):
            if number - previous == 2:  # a gap of one: that number, not "…"
                shown.append(number - 1)
            elif number - previous > 2:
                shown.append(None)
            shown.append(number)
            previous = number
        return shown


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
    # A date archive's and those beside it, newest first, as (date, URL): every year's, the months of its year, the
    # days of its month (one tuple, shared by those it names)
    siblings: tuple[tuple[dt.date, str], ...] = ()


class Directory(NamedTuple):
    """The page that lists every category, tag or author (KIND), at the folder above their pages (/tag/)."""

    kind: str  # category | tag | author
    url: str
    listings: tuple[Listing, ...]  # by name

    @property
    def word(self) -> str:
        """The theme word (strings.yml) that names the page: "Semua tag"."""
        return DIRECTORY_WORDS[self.kind]


# The kinds with a page of them all, in the footer's order, and the theme word that names each page.
DIRECTORY_WORDS = {"category": "all_categories", "tag": "all_tags", "author": "all_authors"}


class Band(NamedTuple):
    """A category's band on the front page: its newest stories, as news portals show each section."""

    category: Category
    articles: tuple[Article, ...]  # newest first, a few
    more: bool = False  # the category has stories the band does not show


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
    bands: tuple[Band, ...] = ()  # the front page's, one per category, in the category bar's order
    skipped_drafts: int = 0
    skipped_scheduled: int = 0
    pages: tuple[SitePage, ...] = ()  # by URL
    main_menu: tuple[MenuLink, ...] = ()  # the category bar, after the front page's link
    footer_menu: tuple[MenuLink, ...] = ()
    retracted: tuple[Article, ...] = ()  # withdrawn stories: each has its page, saying why, and is in no list
    directories: tuple[Directory, ...] = ()  # the pages that list every category, tag and author

    @property
    def counted(self) -> int:  # what the index stage logs
        return len(self.articles)

    @property
    def stories(self) -> tuple[Article, ...]:
        """Every story with a page: the articles, then the retracted ones."""
        return (*self.articles, *self.retracted)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A file a stage made (a page, a feed, a sitemap, a search file): its URL and bytes."""

    url: str
    body: bytes
    modified: dt.datetime | None  # for the sitemap's lastmod; None leaves the page out
