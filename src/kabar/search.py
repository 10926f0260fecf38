"""The search and shards stages: a Pagefind index of the articles (in shards) and pages, and the /cari/ page that
queries it.

`settle_search` turns search off, with one warning, when the Pagefind binary
(`pip install "pagefind[bin]"`) cannot be found. The index is made in shards: one per year of the articles'
dates (a quarter or a month of a busy year; one for each other source of search documents), each a Pagefind
bundle of its own under /pagefind/<shard>/, which the search page's script merges in the reader's browser
(Pagefind's mergeIndex). A shard is indexed again only when what it indexes changed, so an edit costs a few
hundred articles, not the archive. Pagefind's UI files, the same for every shard, are published once, under
/pagefind/.

The shards to make are indexed by pagefind runs (pagefind_runs.py), several shards at once, so that nothing reaches
the output folder until the build commits. The first shards are started as soon as the articles to publish and their
pictures are known, before the site is indexed (start_search), and their bundles are published after the checks
(publish_shards), so that an edit's shard is indexed by another process while this one indexes, renders and checks the
site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import urls
from .errors import BuildError, Problem
from .fingerprint import digest
from .incremental import LastBuild
from .models import Article, Config, Rendered, SitePage
from .pagefind_runs import BUNDLE, BUNDLE_FOLDERS, Runs, SearchDocument, find_pagefind, version_of
from .pictures import Planned
from .site import Published
from .subpath import base_path

if TYPE_CHECKING:  # not Jinja2 before the search index has started: see pipeline.py
    from .render import Renderer

SEARCH_URL = urls.SEARCH_URL
INSTALL_HINT = 'pip install "pagefind[bin]"'
# The id of the element around a document's own words (see _story); cari.js looks for its anchor.
BODY_ANCHOR = "kabar-isi"
# In each shard's mark: a shard indexed from documents of another shape (without the anchor, the category and the
# date) is indexed again.
DOCUMENT_SHAPE = f"anchor {BODY_ANCHOR} meta category date time"


def is_bundle_folder(path: str) -> bool:
    """Whether the output PATH of a shard's is one of its BUNDLE_FOLDERS, published as one entry."""
    return path.rpartition("/")[2] in BUNDLE_FOLDERS


class Shard(NamedTuple):
    """A part of the index with a bundle of its own: re-indexed only when KEYS change."""

    name: str  # its folder under /pagefind/
    keys: list[bytes]  # one per document, of exactly what it indexes
    documents: Callable[[], Iterable[SearchDocument]]  # made only when the shard is indexed again


class Searched(NamedTuple):
    counted: int  # the search page: 1, or 0 without search
    behind: bool = False  # some shards were left out of date, for the next build (search_later)


class Indexing:
    """The search stage's first part (start_search): the shards to index again, in pagefind processes that run while
    this process indexes the site and makes the pages, feeds, sitemaps, static files and redirects and checks them;
    make_search publishes the search page and Pagefind's UI files, publish_shards (after the checks) the shards."""

    def __init__(self, published: Published, config: Config, pictures: Planned, last: LastBuild, binary: Path):
        options, articles, pages = last.options, published.articles, published.pages
        prefix, lang = base_path(config.base_url), config.lang
        shards = article_shards(articles, pictures, lang)
        if pages:
            shards.append(page_shard(pages))
        self.bundles = [shard.name for shard in shards]  # for the search page (render_search_page)
        self.runs = Runs(binary, lang, options.workers, prefix)
        self.ui: list[str] = []  # Pagefind's UI files, made before
        self.ui_depends: list[str] = []
        self.published = []  # (shard, paths made before, what they depend on) of the shards this build publishes
        self.behind: list[list[str]] = []  # the paths of each shard left out of date (search_later)
        # Made from the same as the last build's, or left behind if still written: known once the build's children
        # have looked at the output folder (see settle), which at 100,000 articles the site's index need not wait for.
        self._unsure: list[tuple[Shard | None, list[str], list[str]]] = []
        if options.dry_run:  # kabar check, or the warnings of a failed build: the index would be thrown away
            return
        version = version_of(binary)
        self.ui = [path for path in last.made_before(f"{BUNDLE}/") if path.count("/") == 1]
        self.ui_depends = ["search ui", version]
        if last.made_as_before(self.ui, self.ui_depends, on_theme=False):
            self._unsure.append((None, self.ui, self.ui_depends))
        else:
            self.runs.add("", _ui_documents)
        layout = " ".join(BUNDLE_FOLDERS)  # in each shard's mark: one an older kabar published file by file is remade
        for shard in shards:
            paths = last.made_before(f"{BUNDLE}/{shard.name}/")
            depends = ["search", layout, DOCUMENT_SHAPE, version, lang, *shard.keys]
            if prefix:  # the site under a path: its results' pictures are too
                depends.append(f"under {prefix}")
            if last.made_as_before(paths, depends, on_theme=False) or (options.search_later and paths):
                self._unsure.append((shard, paths, depends))
            else:
                self._index_again(shard, paths, depends)
        self.runs.start()

    def _index_again(self, shard: Shard, paths: list[str], depends: list[str]) -> None:
        """SHARD indexed by a pagefind run, and published in place of PATHS, the files the last build made of it."""
        self.runs.add(shard.name, shard.documents)
        self.published.append((shard.name, paths, depends))

    def settle(self, output, last: LastBuild) -> None:
        """Index, besides, what cannot be kept after all: files of the last build's gone or changed in OUTPUT since;
        with search_later, keep a changed shard's old files while they are still as written. Once: later calls (see
        make_search) find nothing left to settle."""
        if not self._unsure:  # all decided already: what was published is in the shards' order
            return
        for shard, paths, depends in self._unsure:
            if last.can_keep(output, paths, depends, on_theme=False):
                if shard is not None:
                    self.published.append((shard.name, paths, depends))
            elif shard is None:
                self.runs.add("", _ui_documents)
            elif last.options.search_later and last.still_written(paths, output.fresh):
                self.behind.append(paths)
            else:
                self._index_again(shard, paths, depends)
        self._unsure.clear()
        place = {name: n for n, name in enumerate(self.bundles)}
        self.published.sort(key=lambda shard: place[shard[0]])  # published in the shards' order, whichever was unsure
        self.runs.start()

    def close(self) -> None:
        self.runs.close()


def start_search(published: Published, config: Config, pictures: Planned, last: LastBuild) -> Indexing | None:
    """Start indexing what changed in the PUBLISHED articles and pages (see Indexing); None without search. Before
    the site is indexed: an edit's shard is indexed meanwhile (at 10,000 articles, its 300 took Pagefind 0.5 s)."""
    if not config.search:
        return None
    binary = find_pagefind()
    if binary is None:  # settle_search has warned and turned search off; a site built without it never gets here
        raise BuildError([Problem("search", None, f"the pagefind binary is missing ({INSTALL_HINT})")])
    return Indexing(published, config, pictures, last, binary)


def make_search(indexing: Indexing | None, renderer: Renderer, output, last: LastBuild) -> Searched:
    """The search stage: the /cari/ page and Pagefind's UI files; the shards' bundles are published last (see
    publish_shards), so that the build's other stages are made while Pagefind indexes what changed.

    With search_later (kabar serve), a shard that changed is left as it was, for the next build to make (see
    LastBuild.behind); as many shards as the build's workers are indexed at once.
    """
    if indexing is None:
        return Searched(0)
    indexing.settle(output, last)  # if the build has not yet (see Indexing.settle)
    page = render_search_page(renderer, indexing.bundles)
    output.add(urls.output_path(page.url), page.body, f"search {page.url}")
    if last.options.dry_run:
        return Searched(1)
    last.keep_or_make(output, indexing.ui, indexing.ui_depends, indexing.runs.ui_files, on_theme=False)
    for paths in indexing.behind:
        last.behind(output, paths, named_by_content=True, is_folder=is_bundle_folder)
    return Searched(1, bool(indexing.behind))


def publish_shards(indexing: Indexing | None, output, last: LastBuild) -> int:
    """The shards stage: each shard's bundle, kept, or read back from its pagefind run once it ends. After the checks,
    which look at no bundle file (their names are hashes of their bytes, which no page links to): an edit's shard is
    indexed by Pagefind while the static files, redirects and checks are made."""
    if indexing is None or last.options.dry_run:
        return 0
    for name, paths, depends in indexing.published:
        make = functools.partial(indexing.runs.index_files, name)
        last.keep_or_make(
            output, paths, depends, make, on_theme=False, named_by_content=True, is_folder=is_bundle_folder
        )
    return len(indexing.published)


# At most about this many articles a shard, so that an edit indexes few (Pagefind takes 1.3 ms an article here,
# 0.4 s for 300): a year with more is split into quarters, or months. A year changes shape only when its count
# crosses this, and the browser merges few shards (it loads each shard's entry and meta, and for each word one
# chunk of each; they share the first one's wasm).
SHARD_ARTICLES = 400


def _ui_documents() -> list[SearchDocument]:
    """What Pagefind's UI files are made with: any page (they are the same for every bundle)."""
    return [SearchDocument(SEARCH_URL, "", "<p>kabar</p>")]


def article_shards(articles: Iterable[Article], pictures: Planned, lang: str = "id") -> list[Shard]:
    """The articles' shards, the newest first (the first is the search's primary): one per year of their dates, or
    per quarter or month of a year with more than SHARD_ARTICLES. PICTURES: each article image's variants, by its
    URL (see variants.py): a result shows the thumbnail. LANG: the site's, in which a result shows its time."""
    years: dict[int, list[Article]] = {}
    for article in articles:
        years.setdefault(article.date.year, []).append(article)
    parts: dict[str, list[Article]] = {}
    for year, stories in years.items():
        if len(stories) <= SHARD_ARTICLES:
            parts[str(year)] = stories
            continue
        by_month = len(stories) > 4 * SHARD_ARTICLES
        split: dict[int, list[Article]] = {}  # by month or quarter: a name is made per shard, not per article
        for article in stories:
            month = article.date.month
            split.setdefault(month if by_month else (month + 2) // 3, []).append(article)
        for n, part in split.items():
            parts[f"{year}-{n:02d}" if by_month else f"{year}-q{n}"] = part
    shards = []
    for name in sorted(parts, reverse=True):
        shown = sorted(parts[name], key=lambda a: a.url)
        keys = _article_keys(shown, pictures)
        documents = functools.partial(_article_documents, shown, pictures, lang)
        shards.append(Shard(name, keys, documents))
    return shards


def page_shard(pages: Iterable[SitePage]) -> Shard:
    """The pages (pages/) as one shard of their own: a few, after the articles'."""
    shown = sorted(pages, key=lambda p: p.url)
    keys = [digest(page.url, page.title, page.summary, page.key) for page in shown]
    return Shard("halaman", keys, lambda: (page_document(page) for page in shown))


def _article_keys(articles: list[Article], pictures: Planned) -> list[bytes]:
    """What each article's search document is made of: its key (its file, URL, category and tag names: see
    Article) stands for its title, summary, body and image, and its picture's key for the thumbnail's address
    (reading every body to hash it would cost a tenth of a second per 2,000 articles; hashing their fields again,
    1.2 s at 100,000; planning every picture to know its thumbnail, 0.18 s per 10,000; a hash of the two, 0.02 s
    per 10,000 photos: the key has a fixed length, so the two side by side are as telling). In lists: a call per
    article took 0.01 s per 10,000 photos."""
    images = pictures.keys_of([article.image for article in articles])
    return [a.key + image.encode() if image else a.key for a, image in zip(articles, images, strict=True)]


def _image_meta(article: Article, pictures: Planned) -> dict[str, str]:
    """What a result shows of ARTICLE's image: its thumbnail (see variants.py), else the image as it is."""
    if not article.image:
        return {}
    thumb = pictures.thumb(article.image)
    return {"image": thumb.url if thumb else article.image, "image_alt": article.image_alt}


def _story(body_html: str) -> str:
    """BODY_HTML in the element whose anchor (its word's place, in the bundle) tells the search page where the story's
    own words begin: its excerpt is taken from there on, while the title, labels and summary before it are still
    searched and weighted as they are."""
    return f'<div id="{BODY_ANCHOR}">{body_html}</div>'


def _article_documents(articles: list[Article], pictures: Planned, lang: str) -> Iterator[SearchDocument]:
    time_shown = _time_shown(lang)
    return (article_document(article, pictures, time_shown) for article in articles)


def article_document(
    article: Article, pictures: Planned, time_shown: Callable[[dt.datetime], str] = lambda moment: ""
) -> SearchDocument:
    """An article as search finds it: its title, category and tags, summary and body; shown with its category, day
    (YYYY-MM-DD, as written: the page words it in the reader's language), time as the cards show it (TIME_SHOWN
    gives "09.30 WIB"; none for a story dated with a day only) and image (its thumbnail)."""
    e = html.escape
    labels = e(" · ".join([article.category.name, *(t.name for t in article.tags)]))
    text = f"<p>{labels}</p><p>{e(article.summary)}</p>{_story(article.body_html)}"
    meta = {"category": article.category.name, "date": article.date.date().isoformat()}
    if time := time_shown(article.date):
        meta["time"] = time
    if article.sponsored:  # labelled in the results as on every card (cari.js has the word)
        meta["sponsored"] = "1"
    return SearchDocument(article.url, article.title, text, {**meta, **_image_meta(article, pictures)})


def _time_shown(lang: str) -> Callable[[dt.datetime], str]:
    """A story's time and zone as the theme's cards show them in LANG ("09.30 WIB", "9:30 AM WIB"), "" for a day
    without a time (zones.has_time): formatted once per time of day and zone, Babel being slow."""
    from babel import Locale  # here: a build that indexes nothing need not import it
    from babel.dates import format_time

    from .zones import has_time, zone_label

    locale = Locale.parse(lang.replace("-", "_"))

    @functools.cache
    def shown(hour: int, minute: int, offset: dt.timedelta) -> str:
        moment = dt.datetime(2000, 1, 1, hour, minute, tzinfo=dt.timezone(offset))
        return f"{format_time(moment.time(), 'short', locale=locale)} {zone_label(moment)}"

    def time_of(moment: dt.datetime) -> str:
        return shown(moment.hour, moment.minute, moment.utcoffset()) if has_time(moment) else ""

    return time_of


def page_document(page: SitePage) -> SearchDocument:
    """A page that is not a story as search finds it: its title, summary and text."""
    return SearchDocument(page.url, page.title, f"<p>{html.escape(page.summary)}</p>{_story(page.body_html)}")


def settle_search(config: Config) -> Config:
    """CONFIG, with search turned off (and one warning) if it is on but Pagefind is missing."""
    if config.search and find_pagefind() is None:
        import logging  # here: most builds log nothing

        logging.getLogger("kabar").warning(
            "kabar: search is on but the pagefind binary is missing (%s); building without search", INSTALL_HINT
        )
        return dataclasses.replace(config, search=False)
    return config


def render_search_page(renderer: Renderer, names: list[str]) -> Rendered:
    """The search page, which merges the bundles of the shards NAMES."""
    # Under a path (/repo/pagefind/2024/), Pagefind's script finds the results' addresses under it too (/repo/...).
    bundles = [f"{renderer.prefix}/{BUNDLE}/{name}/" for name in names]
    return Rendered(SEARCH_URL, renderer.render("search.html", SEARCH_URL, search_bundles=bundles), None)
