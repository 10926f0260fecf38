"""The build, as the list of its stages: config, content, site, render, feeds, write.

`build()` is what `kabar build` and `kabar check` run; it returns a Summary
and raises BuildError (with every problem) for anything the user can fix.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import urls
from .config import load_config
from .errors import BuildError, Problem
from .feeds import render_feeds, render_robots, render_sitemap
from .load import find_assets, find_sources, load_articles
from .models import Article, Config
from .render import Renderer, render_site
from .site import build_site
from .theme import static_dirs
from .write import Output


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    root: Path = Path(".")
    content: Path | None = None  # default: ROOT/content
    output: Path | None = None  # default: ROOT/public
    drafts: bool = False
    future: bool = False
    dry_run: bool = False  # kabar check: everything but writing
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def content_dir(self) -> Path:
        return self.content or self.root / "content"

    @property
    def output_dir(self) -> Path:
        return self.output or self.root / "public"


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
    seconds: float = 0.0
    stages: list[tuple[str, int, float]] = field(default_factory=list)


def build(options: Options, log: Callable[[str], None] = lambda line: None) -> Summary:
    """Build the site described by OPTIONS; nothing is written unless every stage succeeds."""
    started = time.perf_counter()
    summary = Summary()
    clock = _StageClock(summary, log)
    _refuse_unsafe_output(options)

    config, articles = _load(options)
    clock.lap("load", len(articles))

    site = build_site(articles, config, options.now, drafts=options.drafts, future=options.future)
    summary.articles, summary.drafts, summary.scheduled = (
        len(site.articles),
        site.skipped_drafts,
        site.skipped_scheduled,
    )
    clock.lap("index", len(site.articles))

    output = Output(options.output_dir, dry_run=options.dry_run)
    try:
        renderer = Renderer(options.root, config, site.categories)
        in_sitemap = []
        for page in render_site(site, renderer):
            output.add(urls.output_path(page.url), page.body, f"page {page.url}")
            if page.modified:
                in_sitemap.append((page.url, page.modified))
            summary.pages += 1
        clock.lap("render", summary.pages)

        for feed in render_feeds(site):
            output.add(urls.output_path(feed.url), feed.body, f"feed {feed.url}")
            summary.feeds += 1
        for extra in (render_sitemap(in_sitemap, config), render_robots(config)):
            output.add(urls.output_path(extra.url), extra.body, extra.url)
        clock.lap("feeds", summary.feeds)

        summary.static = _copy_static(options, output)
        clock.lap("static", summary.static)
        counts = output.commit()
    except BaseException:
        output.abort()
        raise
    summary.written, summary.unchanged, summary.removed = counts.written, counts.unchanged, counts.removed
    clock.lap("write", counts.written)
    summary.seconds = time.perf_counter() - started
    return summary


def _load(options: Options) -> tuple[Config, tuple[Article, ...]]:
    """Settings and articles; problems in both are reported together."""
    problems: list[Problem] = []
    try:
        config = load_config(options.root)
    except BuildError as exc:
        problems += exc.problems
        config = Config()  # to go on and find the articles' problems too
    if not options.content_dir.is_dir():
        raise BuildError([*problems, Problem(str(options.content_dir), None, "content folder not found")])
    try:
        articles = load_articles(find_sources(options.content_dir), config, shown_relative_to=Path.cwd())
    except BuildError as exc:
        problems += exc.problems
    if problems:
        raise BuildError(problems)
    return config, articles


def _copy_static(options: Options, output: Output) -> int:
    """The site's static/ over the theme's, then the non-Markdown files under content/."""
    copied = 0
    for folder in static_dirs(options.root):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            target = PurePosixPath(path.relative_to(folder).as_posix())
            if not output.has(target):  # the site's own file wins over the theme's
                output.add(target, path.read_bytes(), str(path))
                copied += 1
    for path in find_assets(options.content_dir):
        target = PurePosixPath(path.relative_to(options.content_dir).as_posix())
        output.add(target, path.read_bytes(), str(path))
        copied += 1
    return copied


def _refuse_unsafe_output(options: Options) -> None:
    """The output folder is emptied of old files, so it must not hold anything of the site's."""
    out = options.output_dir.resolve()
    precious = [options.root, options.content_dir, options.root / "templates", options.root / "static"]
    for folder in precious:
        folder = folder.resolve()
        if out == folder or out in folder.parents:
            raise BuildError(
                [Problem(str(options.output_dir), None, f"cannot be the output folder: it holds {folder}")]
            )


class _StageClock:
    def __init__(self, summary: Summary, log: Callable[[str], None]) -> None:
        self.summary, self.log, self.last = summary, log, time.perf_counter()

    def lap(self, stage: str, count: int) -> None:
        now = time.perf_counter()
        self.summary.stages.append((stage, count, now - self.last))
        self.log(f"{stage:<7} {count:>7}  {1000 * (now - self.last):8.0f} ms")
        self.last = now
