"""The build, as the list of its stages: scan, config, load, site, pictures, index, images, pages, feeds, sitemaps,
search, static, redirects, checks, shards, publish.

`build()` is what `kabar build` and `kabar check` run; it returns a Summary and raises BuildError (with every
problem) for anything the user can fix. Each stage is a module of that name; what the last build knew, and so
what a stage may keep, is incremental.py's to decide: when no input changed the build stops after the scan,
and otherwise only the files whose inputs changed are made again. Nothing reaches the output folder until
the publish stage, which swaps the whole new site in at once (see publish/).
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .cache.store import CACHE_DIR
from .errors import BuildError, Problem
from .incremental import LastBuild
from .options import COUNTS, Options, Summary
from .scan import PAGES_DIR, Found, an_input, find_inputs, refuse_unsafe_output, through_output_link
from .speedups import collector_paused, loaded_kept
from .state import output_key

if TYPE_CHECKING:  # a build that finds nothing changed makes no model (see moments.py)
    from .models import Article, Config, Site, SitePage
    from .site import Published

__all__ = ["COUNTS", "Options", "Summary", "build"]


def build(options: Options, log: Callable[[str], None] = lambda line: None) -> Summary:
    """Build the site described by OPTIONS; nothing is written unless every stage succeeds.

    One build at a time writes an output folder; a folder that cannot be written is a problem, not a crash.
    """
    refuse_unsafe_output(options)
    require_site(options)
    options = through_output_link(options)
    try:
        return _build_once(options, log)
    except _Unfinished as exc:
        raise _with_warnings(exc, options) from None


NOT_A_SITE = "content folder not found: this is not a site's folder (kabar init DIR starts one)"


def require_site(options: Options) -> None:
    """A folder without content/ is not a site: say so (with kabar.yml's problems), before anything is made there."""
    if options.content_dir.is_dir():
        return
    from .config import load_config  # here: a site's build reads it again as its config stage

    problems = []
    try:
        load_config(options.root)
    except BuildError as exc:
        problems += exc.problems
    raise BuildError([*problems, Problem(str(options.content_dir), None, NOT_A_SITE)])


@collector_paused()
def _build(options: Options, log: Callable[[str], None], key: str, loaded: _Loaded | None = None) -> Summary:
    """The stages, each timed by one clock. LOADED: settings and content loaded already (see _with_warnings)."""
    summary = Summary()
    stage = _StageClock(summary, log)
    last = stage("scan", LastBuild, options, key, find_inputs)  # and what the last build knew, read meanwhile
    if last.nothing_changed():
        summary = last.summary_again(summary)
        if options.strict and summary.warnings:  # as the checks stage would say: the output stays as it is
            raise BuildError(summary.warnings)
        return stage.done(summary)
    # imported only by a build with something to do; the stages after the search index's start, once it has started
    from . import search, variants
    from .site import SharedUrls

    settings = loaded or stage("config", _read_settings, options)
    content = loaded or stage("load", _load_content, options, settings, last)
    config = content.config
    try:
        published = stage("site", _published, content, options)
    except SharedUrls as exc:  # the others' problems and warnings too, without those articles
        raise _Unfinished(list(exc.problems), _without(content, exc.sources)) from None
    indexing, output = None, None
    try:
        planning = stage(
            "pictures", variants.plan_pictures, published.articles, config.images, options, last, content.images
        )
        # The search index is made by pagefind processes that run while the site is indexed and the pages, feeds,
        # sitemaps, static files and redirects are made and checked here (started in the index stage's time; their
        # bundles published by the shards stage).
        indexing = search.start_search(published, config, planning.by_url, last)
        from . import checks, feeds, pages, previewed_moves, redirects, sitemaps, static  # and Jinja2 meanwhile
        from .moments import instant

        site = stage("index", _index, published, content, options)
        output = _output_folder(options, key, last)  # once the children have looked at the output folder
        if indexing is not None:
            indexing.settle(output, last)
        try:
            pictures = stage("images", variants.make_pictures, planning, config.images, options, output, last)
        except BuildError as exc:  # an image that cannot be read: as above, without the articles that show it
            rest = _without(content, {str(p.path) for p in exc.problems})
            if len(rest.articles) == len(content.articles):  # not an article's image: nothing to go on without
                raise
            raise _Unfinished(list(exc.problems), rest) from None
        renderer = _renderer(options, config, site, last, pictures.by_url)
        edited = last.edited_articles(content.parsed)
        made = stage("pages", pages.make_pages, site, renderer, output, last, options.workers, edited)
        output.start_spare()  # a first build's, while the search index is made
        feeds_made = stage("feeds", feeds.make_feeds, site, renderer, output, last, pictures.by_url)
        stage("sitemaps", sitemaps.make_sitemaps, site, made.jobs, config, output, last, options, edited)
        searched = stage("search", search.make_search, indexing, renderer, output, last)
        copied = stage("static", static.copy_static, content.found, options.content_dir, output, last)
        stage("redirects", redirects.make_redirects, site, renderer, output, last, pictures.by_url, content.unloaded)
        previewed = {} if options.own_output else previewed_moves.recalled(options.root)
        warnings = stage(
            "checks", checks.run_checks, site, output, last, options, content.unloaded, content.moved, previewed
        )
        stage("shards", search.publish_shards, indexing, output, last)
        _count(summary, site, made, feeds_made, copied, warnings)
        summary.search_behind = searched.behind
        stage("publish", _publish, output, last, content, summary)
        if options.own_output:  # kabar serve's preview: the next build of the site is to warn of what it moved
            previewed_moves.note(options.root, content.moved, instant(options.now))
        elif previewed and not options.dry_run:  # warned of, and the site published
            previewed_moves.forget(options.root)
    except BaseException:
        if output is not None:
            output.abort()
        raise
    finally:
        if indexing is not None:
            indexing.close()
    return stage.done(summary)


def _with_warnings(unfinished: _Unfinished, options: Options) -> BuildError:
    """UNFINISHED's problems, with what the checks find in the articles that did load (as kabar check would),
    so that every problem and every warning is reported in one run; nothing is written. Articles that share a URL,
    or show an image that cannot be read, are problems found after the load: each check leaves them out too."""
    problems, loaded = list(unfinished.problems), unfinished.loaded
    checking = dataclasses.replace(options, dry_run=True, strict=False)
    while loaded is not None:
        try:
            warnings = _build(
                checking, lambda line: None, output_key(options.output_dir, options.root), loaded
            ).warnings
        except _Unfinished as more:
            problems, loaded = [*problems, *more.problems], more.loaded
            continue
        except BuildError as exc:  # a template's mistake...
            return BuildError([*problems, *exc.problems])
        problems.sort(key=lambda p: (str(p.path), p.line or 0))
        return BuildError([*problems, *warnings]) if options.strict else BuildError(problems, warnings)
    return BuildError(problems)


def _without(content: _Loaded, sources: Iterable[str]) -> _Loaded:
    """CONTENT without the articles of SOURCES, which are among the files a problem kept off the site."""
    sources = set(sources)
    articles = tuple(a for a in content.articles if str(a.source) not in sources)
    unloaded = tuple(
        sorted({*content.unloaded, *(str(a.source) for a in content.articles if str(a.source) in sources)})
    )
    return content._replace(articles=articles, article_cache=None, unloaded=unloaded, parsed=())


class _Unfinished(BuildError):
    """Problems in some articles; LOADED: the settings and the other articles, for the checks (None: not those)."""

    def __init__(self, problems: list[Problem], loaded: tuple | None) -> None:
        super().__init__(problems)
        self.loaded = loaded


class _Loaded(NamedTuple):
    config: Config
    articles: tuple[Article, ...]
    article_cache: Any  # what state.save_articles keeps for the next build; None: nothing to keep
    found: Found  # the files of content/, pages/ and the static folders, from the scan
    unloaded: tuple[str, ...] = ()  # article and page files a problem kept off the site, whose links are checked too
    pages: tuple[SitePage, ...] = ()  # from pages/, drafts included
    images: Any = None  # the ImageFinder that measured the articles' images, for the images stage to ask again
    parsed: tuple = ()  # each article parsed again (see load.Loaded)

    @property
    def moved(self) -> tuple:  # (as the last build had it, as now) of each edited article whose URL changed
        from .load import moved_articles

        return tuple(moved_articles(self.parsed))

    @property
    def counted(self) -> int:  # what the load stage logs
        return len(self.articles)


class _Settings(NamedTuple):
    config: Config
    problems: list[Problem]  # reported with the articles' own

    @property
    def counted(self) -> int:  # what the config stage logs
        return len(self.problems)


def _read_settings(options: Options) -> _Settings:
    """The config stage: kabar.yml (and --base-url); its problems wait for the articles', to be reported together."""
    from .config import load_config, with_base_url
    from .models import Config
    from .search import settle_search

    try:
        config, problems = load_config(options.root), []
    except BuildError as exc:
        config, problems = Config(), list(exc.problems)  # to go on and find the articles' problems too
    if options.base_url:
        config = with_base_url(config, options.base_url)
    return _Settings(settle_search(config), problems)  # search off, with one warning, without the pagefind binary


def _load_content(options: Options, settings: _Settings, last: LastBuild) -> _Loaded:
    """The load stage: the articles under content/ (from the article cache where their files are unchanged)."""
    from .load import PartlyLoaded, Sources, load_sources, shown_as_found
    from .sitepages import load_pages
    from .variants import image_finder

    # The article cache first: meanwhile a child looks for the files to publish (see LastBuild.found), which at
    # 100,000 articles took it longer than the config stage (an edit waited 0.2 s for it here).
    cached = last.cached_articles()
    problems, config, found = list(settings.problems), settings.config, last.found
    if found is None:
        raise BuildError([*problems, Problem(str(options.content_dir), None, NOT_A_SITE)])  # gone since require_site
    if isinstance(found, list):  # symbolic links out of the site
        raise BuildError([*problems, *found])
    articles, article_cache, parsed = (), None, ()
    images = image_finder(options, config.images, last.inputs)
    try:
        sources = Sources(
            found.articles,
            shown_relative_to=Path.cwd(),
            stats=last.inputs,
            copied=found.copied,
            as_shown=shown_as_found(options.content_dir),
        )
        articles, article_cache, parsed = load_sources(sources, config, cached, images, options.workers)
    except PartlyLoaded as exc:
        problems += exc.problems
        articles = exc.articles
    except BuildError as exc:
        problems += exc.problems
    pages = ()
    try:
        pages = load_pages(found.pages, options.root / PAGES_DIR, config)
    except BuildError as exc:
        problems += exc.problems
    if problems:  # the other articles are still checked, with the site's own settings only
        unloaded = tuple(sorted({problem.path for problem in problems}))
        loaded = _Loaded(config, articles, None, found, unloaded, pages, images) if not settings.problems else None
        raise _Unfinished(problems, loaded)
    return _Loaded(config, articles, article_cache, found, (), pages, images, parsed)


def _published(content: _Loaded, options: Options) -> Published:
    """The site stage: what the site publishes, in its order (see site.py); the index stage makes the rest of it,
    once each picture is planned and the search index has started on what changed."""
    from .site import published_articles

    return published_articles(content.articles, options.now, options.drafts, options.future, content.pages)


def _index(published: Published, content: _Loaded, options: Options) -> Site:
    """The index stage: the articles indexed into listings, neighbours and related stories (see site.py)."""
    from .site import index_site

    # A menu's category or page may be in a file that could not be loaded: PARTIAL
    site = index_site(published, content.config, partial=bool(content.unloaded))
    loaded_kept()
    return site


def _output_folder(options: Options, key: str, last: LastBuild):
    from .publish import Output, Previous

    journal = options.root / CACHE_DIR / f"moving-{key}"
    previous = Previous(**last.previous())
    return Output(options.output_dir, options.dry_run, previous, journal, keep_others=not options.clean)


def _renderer(options: Options, config: Config, site, last: LastBuild, pictures: dict):
    from .redirects import script_pages
    from .render import Renderer

    scripted = script_pages(site)  # the front page and 404 page say so: see redirects.py
    last.depend_on_theme(config, site, scripted)
    compiled = options.root / CACHE_DIR if not options.dry_run else None
    menus = (site.main_menu, site.footer_menu)
    return Renderer(
        options.root,
        config,
        site.categories,
        compiled,
        menus,
        pictures,
        preview=options.preview,
        script_pages=scripted,
        directories={directory.kind: directory for directory in site.directories},
    )


def _count(summary: Summary, site, pages, feeds: int, static: int, warnings: list[Problem]) -> None:
    summary.articles, summary.drafts = len(site.articles), site.skipped_drafts
    summary.scheduled, summary.retracted = site.skipped_scheduled, len(site.retracted)
    summary.pages, summary.rendered, summary.feeds, summary.static = len(pages.jobs), pages.counted, feeds, static
    summary.warnings = warnings


def _publish(output, last: LastBuild, content: _Loaded, summary: Summary) -> int:
    """The publish stage: the new site swapped in whole, then what this build knew saved for the next."""
    counts = output.commit(last.remember_pending(last.next_state(content.articles, summary)))
    summary.written, summary.unchanged, summary.removed = counts.written, counts.unchanged, counts.removed
    last.settle(content.article_cache)
    return counts.written


def _build_once(options: Options, log: Callable[[str], None]) -> Summary:
    key = output_key(options.output_dir, options.root)
    if options.dry_run:  # writes nothing, so takes no lock: the state it reads is replaced whole, never rewritten
        return _build(options, log, key)
    from .publish import locked

    try:
        with locked(options.root / CACHE_DIR / f"lock-{key}"):
            return _build(options, log, key)
    except OSError as exc:  # a file of the site's that cannot be read; an output folder or cache that cannot be written
        reason = exc.strerror or str(exc)
        if exc.filename is not None and an_input(os.fspath(exc.filename), options):
            raise BuildError([Problem(os.fspath(exc.filename), None, f"cannot be read: {reason}")]) from None
        what = f" {exc.filename}" if exc.filename else ""
        raise BuildError([Problem(str(options.output_dir), None, f"cannot write{what}: {reason}")]) from None


class _StageClock:
    """Times each stage, for the log (`kabar build -v`) and the Summary."""

    def __init__(self, summary: Summary, log: Callable[[str], None]) -> None:
        self.summary, self.log = summary, log
        self.started = self.last = time.perf_counter()

    def __call__(self, stage: str, function: Callable, *args: Any) -> Any:
        result = function(*args)
        now = time.perf_counter()
        count = result if isinstance(result, int) else getattr(result, "counted", None)  # what the stage made
        if count is None:
            count = len(result)
        self.summary.stages.append((stage, count, now - self.last))
        self.log(f"{stage:<8} {count:>7}  {now - self.last:7.2f} s")
        self.last = now
        return result

    def done(self, summary: Summary) -> Summary:
        summary.seconds = time.perf_counter() - self.started
        return summary
