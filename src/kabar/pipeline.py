"""The build, as the list of its stages: config, content, site, render, feeds, write.

`build()` is what `kabar build` and `kabar check` run; it returns a Summary
and raises BuildError (with every problem) for anything the user can fix.
What the last build knew is kept in .kabar-cache/ (see state.py): when no
input changed the build stops after looking, and otherwise only the pages
whose inputs changed are rendered again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

from . import state as cache
from .errors import BuildError, Problem
from .parallel import default_jobs, in_background
from .speedups import collector_paused, collector_resumed
from .theme import static_dirs, templates_dirs, theme_dir
from .walk import Bounds


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    root: Path = Path(".")
    content: Path | None = None  # default: ROOT/content
    output: Path | None = None  # default: ROOT/public
    drafts: bool = False
    future: bool = False
    dry_run: bool = False  # kabar check: everything but writing
    clean: bool = False  # remove files in the output folder that kabar did not write, instead of keeping them
    strict: bool = False  # the checks' warnings are problems: nothing is written
    base_url: str | None = None  # instead of kabar.yml's (kabar build --base-url, kabar serve)
    jobs: int = 0  # worker processes; 0: one per core
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def content_dir(self) -> Path:
        return self.content or self.root / "content"

    @property
    def output_dir(self) -> Path:
        return self.output or self.root / "public"

    @property
    def workers(self) -> int:
        return self.jobs or default_jobs()


@dataclass(slots=True)
class Summary:
    articles: int = 0
    pages: int = 0
    feeds: int = 0
    static: int = 0
    drafts: int = 0
    scheduled: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    rendered: int = 0  # pages rendered this time; the others were unchanged
    seconds: float = 0.0
    stages: list[tuple[str, int, float]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # from checks.py; problems with --strict


COUNTS = ("articles", "pages", "feeds", "static", "drafts", "scheduled", "warnings")


def build(options: Options, log: Callable[[str], None] = lambda line: None) -> Summary:
    """Build the site described by OPTIONS; nothing is written unless every stage succeeds.

    One build at a time writes an output folder; a folder that cannot be written is a problem, not a crash.
    """
    _refuse_unsafe_output(options)
    require_site(options)
    options = _through_output_link(options)
    try:
        return _build_once(options, log)
    except _Unfinished as exc:
        raise _with_warnings(exc, options) from None


def _with_warnings(unfinished: _Unfinished, options: Options) -> BuildError:
    """UNFINISHED's problems, with what the checks find in the articles that did load (as kabar check would),
    so that every problem and every warning is reported in one run; nothing is written."""
    if unfinished.loaded is None:
        return BuildError(unfinished.problems)
    checking = dataclasses.replace(options, dry_run=True, strict=False)
    try:
        warnings = _build(checking, lambda line: None, "", unfinished.loaded).warnings
    except BuildError as exc:  # a template's mistake, two articles with one URL...
        return BuildError([*unfinished.problems, *exc.problems])
    if options.strict:
        return BuildError([*unfinished.problems, *warnings])
    return BuildError(unfinished.problems, warnings)


class _Unfinished(BuildError):
    """Problems in some articles; LOADED: the settings and the other articles, for the checks (None: not those)."""

    def __init__(self, problems: list[Problem], loaded: tuple | None) -> None:
        super().__init__(problems)
        self.loaded = loaded


def _build_once(options: Options, log: Callable[[str], None]) -> Summary:
    if options.dry_run:
        return _build(options, log, "")
    key = cache.output_key(options.output_dir)
    from .publish import locked

    try:
        with locked(options.root / cache.CACHE_DIR / f"lock-{key}"):
            return _build(options, log, key)
    except OSError as exc:  # a file of the site's that cannot be read; an output folder or cache that cannot be written
        reason = exc.strerror or str(exc)
        if exc.filename is not None and _an_input(os.fspath(exc.filename), options):
            raise BuildError([Problem(os.fspath(exc.filename), None, f"cannot be read: {reason}")]) from None
        what = f" {exc.filename}" if exc.filename else ""
        raise BuildError([Problem(str(options.output_dir), None, f"cannot write{what}: {reason}")]) from None


NOT_A_SITE = "content folder not found: this is not a site's folder (kabar init DIR starts one)"


def require_site(options: Options) -> None:
    """A folder without content/ is not a site: say so (with kabar.yml's problems), before anything is made there."""
    if options.content_dir.is_dir():
        return
    from .config import load_config

    problems = []
    try:
        load_config(options.root)
    except BuildError as exc:
        problems += exc.problems
    raise BuildError([*problems, Problem(str(options.content_dir), None, NOT_A_SITE)])


def _read_from(options: Options) -> tuple[list[Path], Path]:
    """What a build reads: the files in content/ and in the site's and the theme's templates and static
    folders (those that exist), and kabar.yml."""
    folders = [options.content_dir, *templates_dirs(options.root), *static_dirs(options.root)]
    return folders, options.root / "kabar.yml"


def _an_input(path: str, options: Options) -> bool:
    """Whether PATH is one of the files a build reads (see _read_from)."""
    folders, settings = _read_from(options)
    path = os.path.realpath(path)
    places = map(os.path.realpath, [*folders, settings])
    return any(path == place or path.startswith(os.path.join(place, "")) for place in places)


@collector_paused()
def _build(options: Options, log: Callable[[str], None], key: str, loaded: tuple | None = None) -> Summary:
    """LOADED: the settings, articles and files of content/ as loaded already (see _with_warnings)."""
    started = time.perf_counter()
    summary = Summary()
    clock = _StageClock(summary, log)

    remember = not options.dry_run
    # The scan of every input file waits on the system: a child does it while this reads the last state.
    scanned, option_key = in_background(_scan_inputs, options), _option_key(options)
    if remember:
        cache.settle_state(options.root, key, options.output_dir)  # left by a build killed near its end
    last = (cache.load_state(options.root, key) if remember else None) or cache.BuildState()
    inputs, listing = scanned()
    if remember and _nothing_changed(last, inputs, option_key, options):
        clock.lap("check", len(inputs))
        summary = Summary(**last.summary, unchanged=len(last.manifest), stages=summary.stages)
        summary.seconds = time.perf_counter() - started
        return summary
    clock.lap("check", len(inputs))
    # A stat() of every file the last build wrote waits on the system: a child does it while this loads.
    damaged_soon = set
    if last.manifest:
        damaged_soon = in_background(cache.damaged_outputs, options.output_dir, last.manifest, last.folders)

    # Imported here, after the check above: a build with nothing to do never pays for them.
    from . import urls
    from .checks import check_site
    from .feeds import feed_listings, feed_urls, listing_feeds
    from .pages import page_fingerprints, render_pages
    from .publish import Output, Previous
    from .render import Renderer, page_jobs
    from .search import BUNDLE, index_articles, render_search_page, settle_search
    from .site import build_site
    from .sitemaps import render_news_sitemap, render_robots, render_sitemaps, sitemap_urls

    cached = cache.load_articles(options.root) if remember else None
    config, articles, article_cache, found = loaded or _load(options, cached, inputs, listing)
    config = settle_search(config)  # off, with one warning, when the pagefind binary is missing
    clock.lap("load", len(articles))

    site = build_site(articles, config, options.now, drafts=options.drafts, future=options.future)
    summary.articles, summary.drafts, summary.scheduled = (
        len(site.articles),
        site.skipped_drafts,
        site.skipped_scheduled,
    )
    clock.lap("index", len(site.articles))
    collector_resumed()

    damaged = damaged_soon()
    previous = Previous(
        manifest=last.manifest or None,
        folders=last.folders,
        spare=last.spare,
        foreign=last.foreign,
        changed_folders={path for path in damaged if path.endswith("/")},
    )
    journal = options.root / cache.CACHE_DIR / f"moving-{key}"
    output = Output(options.output_dir, options.dry_run, previous, journal, keep_others=not options.clean)
    try:
        renderer = Renderer(options.root, config, site.categories, options.root / cache.CACHE_DIR if remember else None)
        theme = _theme_fingerprint(options, config, site)
        reuse = _Reuse(output, last, damaged)

        jobs = page_jobs(site)
        paths = [urls.output_path(job.url) for job in jobs]
        output.claim_all(paths, [f"page {job.url}" for job in jobs])  # a clash is a problem at commit
        unchanged = reuse.unchanged(paths, page_fingerprints(jobs, site, theme))
        todo = [job for job, same in zip(jobs, unchanged, strict=True) if not same]
        render_pages(todo, site, renderer, output.writer, options.workers)
        summary.pages, summary.rendered = len(jobs), len(todo)
        clock.lap("render", len(todo))

        for listing, title in feed_listings(site):  # a feed is made again only when its stories change
            shown = listing.articles[: config.feed_items]
            mark = cache.digest(theme, title, *(a.key for a in shown))
            paths = [urls.output_path(url) for url in feed_urls(listing)]
            summary.feeds += len(reuse.keep_or_make(paths, mark, partial(listing_feeds, listing, config, title)))
        in_sitemap = [(job.url, job.modified) for job in jobs if job.modified]
        listed = sitemap_urls(len(in_sitemap))  # 20,000 URLs take a while: made again only when one changes
        shown: dict[int, str] = {}  # a story's date is its page's and its listings': each is formatted once
        for _, when in in_sitemap:
            if id(when) not in shown:
                shown[id(when)] = when.isoformat()
        mark = cache.digest(theme, *(f"{url} {shown[id(when)]}" for url, when in in_sitemap))
        reuse.keep_or_make([urls.output_path(u) for u in listed], mark, partial(render_sitemaps, in_sitemap, config))
        news = render_news_sitemap(site, options.now)
        for extra in (*news, render_robots(config, [*listed, *(item.url for item in news)])):
            output.add(urls.output_path(extra.url), extra.body, extra.url)
        clock.lap("feeds", summary.feeds)

        if config.search:  # the /cari/ page, and the Pagefind index, made again only when an article changes
            page = render_search_page(renderer)
            output.add(urls.output_path(page.url), page.body, f"search {page.url}")
            mark = cache.digest(theme, "search", *(a.key for a in site.articles))
            indexed = [path for path in last.pages if path.startswith(f"{BUNDLE}/")]
            reuse.keep_or_make(indexed, mark, partial(index_articles, site.articles, config))
        clock.lap("search", int(config.search))

        summary.static = _copy_static(options, output, found)
        clock.lap("static", summary.static)
        made = cache.digest(*output.origin)  # links are checked against the files made (in a fixed order)
        link_keys = {a.url: a.key + made for a in site.articles}
        summary.warnings = check_site(
            site, output.has, options.content_dir, options.root, options.strict, last.checks, link_keys
        )
        clock.lap("lint", len(summary.warnings))
        counts_now = {name: getattr(summary, name) for name in COUNTS}
        checks = {url: last.checks[url] for url in site.links if url in last.checks}  # not deleted articles
        state = cache.BuildState(
            inputs=inputs,
            options=option_key,
            next_due=_next_due(articles, options),
            pages=reuse.fingerprints,
            summary=counts_now,
            checks=checks,
            now=options.now,
        )

        def remember_pending(swapped) -> None:  # saved just before the swap; made the state once it is done
            if remember:
                cache.save_state(options.root, key, cache.with_output(state, swapped), pending=True)

        counts = output.commit(remember_pending)
    except BaseException:
        output.abort()
        raise
    summary.written, summary.unchanged, summary.removed = counts.written, counts.unchanged, counts.removed
    clock.lap("write", counts.written)
    if remember:
        cache.settle_state(options.root, key, options.output_dir)
        unchanged_settings = cached is not None and cached[0] == article_cache[0]
        cache.save_articles(options.root, *article_cache, cached[1] if unchanged_settings else None)
        clock.lap("cache", len(reuse.fingerprints))
    summary.seconds = time.perf_counter() - started
    return summary


class _Reuse:
    """What the last build made that this one can keep: a file made from the same inputs, still as written.

    Every file's fingerprint (a hash of what it was made from) is noted for the next build.
    """

    def __init__(self, output, last: cache.BuildState, damaged: set[str]) -> None:
        self.output, self.last, self.damaged = output, last, damaged
        self.fingerprints: dict[str, bytes] = {}

    def unchanged(self, paths: list[str], marks: list[bytes]) -> list[bool]:
        """For each of PATHS: made from its fingerprint in MARKS last time, and still as written then."""
        self.fingerprints.update(zip(paths, marks, strict=True))
        if self.output.fresh:
            return [False] * len(paths)
        pages, manifest, damaged = self.last.pages, self.last.manifest, self.damaged
        return [  # the same fingerprint, written by the last build, and still as it was written
            pages.get(path) == mark and path in manifest and path not in damaged
            for path, mark in zip(paths, marks, strict=True)
        ]

    def keep_or_make(self, paths: list[str], mark: bytes, make: Callable[[], Iterable]) -> list[str]:
        """Keep PATHS if all are unchanged since they were made from MARK; else add what MAKE gives instead."""
        from .urls import output_path

        if paths and all(self.unchanged(paths, [mark] * len(paths))):  # notes every fingerprint
            for path in paths:
                self.output.claim(path, f"/{path}")
            return paths
        for path in paths:  # what is made now may have other names (Pagefind's files do)
            self.fingerprints.pop(path, None)
        made = []
        for item in make():
            made.append(output_path(item.url))
            self.output.add(made[-1], item.body, item.url)
            self.fingerprints[made[-1]] = mark
        return made


@dataclass(frozen=True, slots=True)
class _Found:
    """The files a build publishes from: content/'s articles and other files, and each static folder's."""

    articles: list[str]
    assets: list[str]
    static: list[tuple[Path, list[str]]]  # the site's static/ first, then the theme's


Listing = _Found | list[Problem] | None  # what was found, or the problems; None: there is no content/


def _scan_inputs(options: Options) -> tuple[dict[str, cache.Stat], Listing]:
    """Every file a build reads, with its mtime and size (if none changed, neither does the site), and
    what walk.py finds to publish (every symbolic link out of the site instead; None without content/)."""
    from .walk import content_files, files_under, refused_paths

    (_, *folders), settings = _read_from(options)  # content/ is listed below, the way loading lists it
    bounds = _bounds(options)
    problems = refused_paths([settings], bounds)

    def walked(folder: Path, bounds: Bounds) -> list[str]:
        try:
            return files_under(folder, lambda name: True, bounds)
        except BuildError as exc:
            problems.extend(exc.problems)
            return []

    static = [(folder, walked(folder, _folder_bounds(options, folder))) for folder in static_dirs(options.root)]
    if os.path.lexists(options.root / "templates"):  # only checked: Jinja2 finds templates by name
        walked(options.root / "templates", bounds)
    articles, assets = [], []
    if options.content_dir.is_dir():
        try:
            articles, assets = content_files(options.content_dir, bounds)
        except BuildError as exc:
            problems += exc.problems
    if problems:
        return {}, sorted(problems, key=lambda p: p.path)
    if not options.content_dir.is_dir():
        return {}, None
    unique = list(dict.fromkeys(f.resolve() for f in folders if f.is_dir()))  # in this repository, site = theme
    inputs = cache.scan(unique, [settings])
    for path in (*articles, *assets):
        inputs[path] = cache.stat_of(os.stat(path))
    return inputs, _Found(articles, assets, static)


def _bounds(options: Options) -> Bounds:
    """Where the files a build reads may really be: in the site (and in a --source folder named outside it,
    unless that name is itself a symbolic link), under no hidden name, not in the output folder."""
    places = [options.root]
    if options.content is not None and not os.path.islink(options.content):
        places.append(options.content)
    return Bounds.around(places, options.output_dir)


def _folder_bounds(options: Options, folder: Path) -> Bounds:
    """The site's static/ is the site's; the theme's static folder is kabar's, and bounds itself."""
    return _bounds(options) if folder == options.root / "static" else Bounds.around([folder], options.output_dir)


def _option_key(options: Options) -> str:
    """The options that shape the output (not the clock, not the number of workers)."""
    return repr(dataclasses.replace(options, now=None, jobs=0, clean=False)) + repr(
        (options.content_dir.resolve(), options.output_dir.resolve())
    )


def _nothing_changed(last: cache.BuildState, inputs: dict, option_key: str, options: Options) -> bool:
    return (
        bool(last.manifest)
        and last.summary.keys() == set(COUNTS)  # what the summary repeats: a cache from elsewhere may lack it
        and last.inputs == inputs
        and last.options == option_key
        and last.now is not None
        and last.now <= options.now  # the site as of an earlier time differs: build it
        and (last.next_due is None or options.now < last.next_due)
        and not cache.damaged_outputs(options.output_dir, last.manifest, last.folders)
        and not (options.clean and last.foreign)
    )


def _next_due(articles, options: Options) -> dt.datetime | None:
    """When the site changes with no input changing: a scheduled story goes live, or a story leaves the news sitemap."""
    from .models import instant
    from .sitemaps import NEWS_WINDOW

    now, window_start = instant(options.now), instant(options.now - NEWS_WINDOW)
    recent = [a for a in articles if a.instant > window_start]  # in the news sitemap, or to come
    moments = [a.date + NEWS_WINDOW for a in recent]
    # A story dated later goes live then, or (with --future) enters the news sitemap then.
    moments += [a.date for a in recent if a.instant > now and (options.drafts or not a.draft)]
    return min(moments, default=None)


def _theme_fingerprint(options: Options, config, site) -> bytes:
    """Everything every page depends on: kabar, the templates, the settings, the category bar."""
    parts: list[bytes | str] = [cache.FORMAT, repr(config), repr(site.categories), _option_key(options)]
    for folder in [*templates_dirs(options.root), theme_dir() / "templates"]:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [str(path), path.read_bytes()]
    return cache.digest(*parts)


def _load(options: Options, last_cache, inputs: dict[str, cache.Stat], listing: Listing):
    """Settings, articles and the other files under content/; problems in the first two are reported together.

    INPUTS, LISTING: what _scan_inputs found.
    """
    from .config import load_config, with_base_url
    from .images import ImageFinder
    from .load import PartlyLoaded, load_sources
    from .models import Config

    problems: list[Problem] = []
    try:
        config = load_config(options.root)
    except BuildError as exc:
        problems += exc.problems
        config = Config()  # to go on and find the articles' problems too
    if options.base_url:
        config = with_base_url(config, options.base_url)
    if listing is None:
        raise BuildError([*problems, Problem(str(options.content_dir), None, NOT_A_SITE)])  # gone since require_site
    if isinstance(listing, list):  # symbolic links out of the site
        raise BuildError([*problems, *listing])
    articles, article_cache = (), None
    settings_read = not problems
    try:
        images = ImageFinder([options.content_dir, *static_dirs(options.root)])
        articles, article_cache = load_sources(
            listing.articles, config, Path.cwd(), last_cache, options.workers, inputs, images
        )
    except PartlyLoaded as exc:
        problems += exc.problems
        articles = exc.articles
    except BuildError as exc:
        problems += exc.problems
    if problems:  # the other articles are still checked, with the site's own settings only
        raise _Unfinished(problems, (config, articles, None, listing) if settings_read and articles else None)
    return config, articles, article_cache, listing


def _copy_static(options: Options, output, found: _Found) -> int:
    """The site's static/ over the theme's, then the non-Markdown files under content/.

    A file of either static folder at the path of a page, a feed or a sitemap is a problem, as one in content/ is.
    """
    copied = 0
    overridden: set[PurePosixPath] = set()  # the site's static files, each replacing the theme's of that name
    for folder, names in found.static:
        for name in names:
            path = Path(name)
            target = PurePosixPath(path.relative_to(folder).as_posix())
            if target not in overridden:
                overridden.add(target)
                output.add(target, path.read_bytes(), str(path))
                copied += 1
    for path in map(Path, found.assets):
        target = PurePosixPath(path.relative_to(options.content_dir).as_posix())
        output.add(target, path.read_bytes(), str(path))
        copied += 1
    return copied


def _through_output_link(options: Options) -> Options:
    """OPTIONS with an output folder that is a symbolic link (public -> /var/www/html) replaced by where it leads.

    Resolved once, before anything moves: the new site is made and swapped in beside the real folder, and
    the link stays as it is.
    """
    link = options.output_dir
    if not os.path.islink(link):
        return options
    real = Path(os.path.realpath(link))
    if not os.path.lexists(real):
        message = f"is a symbolic link to {real}, which does not exist: make that folder first"
        raise BuildError([Problem(str(link), None, message)])
    return dataclasses.replace(options, output=real)


def _refuse_unsafe_output(options: Options) -> None:
    """The output folder is replaced by each build and keeps only others' files, so it must be a folder, must not
    hold anything of the site's, and must not be inside a folder a build reads (each build would publish the last).
    """
    given = options.output_dir
    out = given.resolve()
    if out.exists() and not out.is_dir():
        what = "a file" if out.is_file() else "not a folder"
        raise BuildError([Problem(str(given), None, f"cannot be the output folder: it is {what}")])
    read, _ = _read_from(options)
    inputs = [*read, options.root / "templates", options.root / "static"]
    for folder in [options.root, options.root / cache.CACHE_DIR, *inputs]:
        folder = folder.resolve()
        if out == folder or out in folder.parents:
            raise BuildError([Problem(str(given), None, f"cannot be the output folder: it holds {folder}")])
    for folder in inputs:
        folder = folder.resolve()
        if folder in out.parents:
            raise BuildError([Problem(str(given), None, f"cannot be the output folder: it is inside {folder}")])


class _StageClock:
    def __init__(self, summary: Summary, log: Callable[[str], None]) -> None:
        self.summary, self.log, self.last = summary, log, time.perf_counter()

    def lap(self, stage: str, count: int) -> None:
        now = time.perf_counter()
        self.summary.stages.append((stage, count, now - self.last))
        self.log(f"{stage:<7} {count:>7}  {now - self.last:7.2f} s")
        self.last = now
