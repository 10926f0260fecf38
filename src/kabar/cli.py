"""The `kabar` command: build, check, serve, new, init, import. Exit 0 on success, 1 on the user's problems.

Only BuildError (and Ctrl-C) is caught: anything else is a bug in kabar and keeps its traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import zoneinfo
from pathlib import Path

from . import __version__
from .cache.store import CACHE_DIR
from .errors import BuildError, Problem, counted, duration, warning_line
from .moments import YEARS
from .pipeline import Options, Summary, build

SHOWN = 5  # warnings of each kind printed; the rest are counted, and all are in WARNINGS_FILE
WARNINGS_FILE = "warnings.txt"  # in .kabar-cache/

# The build's reference time, as an article's date, must be in YEARS: days are counted from it, and
# year 1 or 10000 overflows. SOURCE_DATE_EPOCH has no year 0, so only its end is checked.
YEARS_RANGE = f"the year must be from {YEARS[0]} to {YEARS[1]}"
LAST_SECOND = int(dt.datetime(YEARS[1] + 1, 1, 1, tzinfo=dt.UTC).timestamp()) - 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        _warn(list(exc.warnings), getattr(args, "verbose", False))
        count = len(exc.problems)
        print(f"kabar: {counted(count, 'problem')}; nothing was written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: a line, not a traceback; a build swaps its site in whole or not at all
        print(f"kabar: stopped{STOPPED.get(args.run, '')}", file=sys.stderr)
        return 130  # as a shell reports a command ended by SIGINT


def run() -> None:
    """The `kabar` command: main(), then exit without taking the interpreter apart.

    A build leaves about a million objects, and freeing them one by one took 0.03 s of every
    rebuild; nothing is left to clean up (files are closed, workers have ended). Tests call main().
    """
    try:
        code = main()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # what reads the output left early (kabar build | head -1): no traceback after it
        code = 1
    os._exit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kabar",
        description="Build a static news site from Markdown articles with YAML front matter.",
        epilog="Run 'kabar COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"kabar {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    for name, run, helptext in (
        ("build", _build, "build the site into the output folder (default: public/)"),
        ("check", _check, "validate content, settings and templates; write nothing"),
    ):
        command = commands.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:] + ".")
        command.set_defaults(run=run)
        command.add_argument("--source", type=Path, metavar="DIR", help="folder of articles (default: content/)")
        if name == "build":
            command.add_argument("--output", type=Path, metavar="DIR", help="output folder (default: public/)")
            command.add_argument(
                "-q",
                "--quiet",
                action="store_true",
                help="print nothing but problems and warnings (the first 5 of each kind, as always)",
            )
            command.add_argument(
                "-v", "--verbose", action="store_true", help="print each stage's count and time, and every warning"
            )
            command.add_argument(
                "--clean",
                action="store_true",
                help="remove from the output folder every file this build does not make, even ones kabar "
                "did not write (by default they are kept), but for hidden folders such as .git",
            )
            command.add_argument(
                "--base-url",
                metavar="URL",
                help="the address the site is published at, instead of kabar.yml's base_url "
                "(absolute URLs in feeds, sitemaps, canonical links)",
            )
        else:
            command.add_argument("-v", "--verbose", action="store_true", help="print every warning")
        command.add_argument("--drafts", action="store_true", help="include articles marked 'draft: true'")
        command.add_argument("--future", action="store_true", help="include articles dated in the future")
        command.add_argument(
            "-j",
            "--jobs",
            type=_positive,
            default=0,
            metavar="N",
            help="worker processes for parsing, rendering and checking (default: one per core; 1 works in this "
            "process, with the same output)",
        )
        command.add_argument(
            "--now",
            type=_reference_time,
            metavar="TIME",
            help="the build's reference time, e.g. 2026-10-05T09:30+07:00 (UTC without an offset; "
            "default: $SOURCE_DATE_EPOCH, else the clock): what is scheduled, what news-sitemap.xml lists",
        )
        command.add_argument(
            "--strict",
            action="store_true",
            help="treat warnings (broken links, missing images, duplicate titles...) as problems: "
            "exit 1 and write nothing",
        )

    serve = commands.add_parser(
        "serve",
        help="preview the site, drafts and scheduled articles included, rebuilding as files change",
        description="Build the site with drafts and scheduled articles (marked on their pages) into "
        ".kabar-cache/serve/, serve it, and build again whenever content/, templates/, static/ or kabar.yml "
        "changes; open tabs reload by themselves, and a build's problems show in the terminal and over the page. "
        "Ctrl-C stops.",
    )
    serve.set_defaults(run=_serve)
    serve.add_argument("--source", type=Path, metavar="DIR", help="folder of articles (default: content/)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine)")
    serve.add_argument("--port", type=_port, help="port to listen on (default: 8000, or a free one if it is taken)")

    new = commands.add_parser(
        "new",
        help="start a new article in content/YEAR/",
        description="Write content/YEAR/SLUG.md with its front matter filled in, dated now in the site's time zone, "
        "and print its path. An existing file is never overwritten.",
    )
    new.set_defaults(run=_new)
    new.add_argument("title", help='the headline, e.g. "Banjir Rendam Bekasi"')
    new.add_argument("--category", required=True, help="e.g. Nasional")
    new.add_argument("--author", metavar="NAME", help="e.g. 'Ayu Santoso'; several separated by commas")
    new.add_argument("--tags", metavar="A,B", help="tags, separated by commas, e.g. banjir,bekasi")
    new.add_argument("--slug", help="its file's name and address, when not made from the title (e.g. banjir-bekasi)")
    new.add_argument("--draft", action="store_true", help="mark it 'draft: true', left out of the site until removed")
    new.add_argument("--source", type=Path, metavar="DIR", help="folder of articles (default: content/)")

    init = commands.add_parser(
        "init",
        help="create a new site in DIR",
        description="Create a new site in DIR (missing or empty): kabar.yml with every setting explained, "
        "one example article, the pages a newsroom has (about, editorial team, guidelines, privacy, contact) and a "
        "README on writing, in the language --lang gives. It builds at once with the default theme.",
    )
    init.set_defaults(run=_init)
    init.add_argument("folder", type=Path, metavar="DIR", help="the new site's folder")
    init.add_argument(
        "--lang",
        default="id",  # scaffold.DEFAULT_LANG, written out: scaffold is imported only by init and new (a test checks)
        metavar="LANG",
        help="the site's language: id (the default) or en, or one of its "
        "regions, like en-GB: its kabar.yml's lang, and the language of its pages, first article and category",
    )

    imports = commands.add_parser(
        "import",
        help="make a kabar site from a WordPress export, a Jekyll, Hugo, Zola or Pelican site, or a feed",
        description="Make a kabar site from SOURCE: a WordPress export (WXR .xml), a Jekyll, Hugo, Zola or "
        "Pelican site folder, or an RSS/Atom feed file or URL. Prints what it did and what it could not; "
        "writes nothing if any file it would write exists (unless --force).",
    )
    imports.set_defaults(run=_import)
    imports.add_argument("source", metavar="SOURCE", help="the export file, site folder or feed")
    imports.add_argument("--into", type=Path, default=Path("."), metavar="DIR", help="the site folder (default: .)")
    imports.add_argument("--uploads", type=Path, metavar="DIR", help="a copy of WordPress's wp-content/uploads")
    imports.add_argument("--force", action="store_true", help="replace files that exist already")
    return parser


def _options(args: argparse.Namespace, dry_run: bool = False) -> Options:
    return Options(
        content=args.source,
        output=getattr(args, "output", None),
        drafts=args.drafts,
        future=args.future,
        dry_run=dry_run,
        clean=getattr(args, "clean", False),
        jobs=args.jobs,
        strict=args.strict,
        base_url=getattr(args, "base_url", None),
        now=args.now or _source_date_epoch() or dt.datetime.now(dt.UTC),
    )


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:  # else a traceback from bind()
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a whole number from 0 to 65535")
    return int(text)


def _reference_time(text: str) -> dt.datetime:
    """--now: an ISO 8601 date or time; UTC unless it says otherwise."""
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date and time like 2026-10-05T09:30+07:00") from None
    if not YEARS[0] <= when.year <= YEARS[1]:  # the schedule and the news sitemap count days from it
        raise argparse.ArgumentTypeError(f"{text!r} is out of range: {YEARS_RANGE}")
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _source_date_epoch() -> dt.datetime | None:
    """The reproducible-builds convention: SOURCE_DATE_EPOCH, seconds since 1970 UTC, stands for the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise BuildError([Problem("SOURCE_DATE_EPOCH", None, f"{value!r} is not a whole number of seconds")])
    seconds = int(value)
    if seconds > LAST_SECOND:
        raise BuildError([Problem("SOURCE_DATE_EPOCH", None, f"{value!r} is out of range: {YEARS_RANGE}")])
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def _build(args: argparse.Namespace) -> int:
    # A line per stage as it ends, on a terminal (a long build shows it is alive) or with -v; never with -q.
    show_stages = not args.quiet and (args.verbose or sys.stderr.isatty())
    log = (lambda line: print(line, file=sys.stderr, flush=True)) if show_stages else (lambda line: None)
    summary = build(_options(args), log=log)
    _warn(summary.warnings, args.verbose)
    if not args.quiet:
        print(_describe(summary))
    return 0


def _check(args: argparse.Namespace) -> int:
    summary = build(_options(args, dry_run=True))
    _warn(summary.warnings, args.verbose)
    count = len(summary.warnings)
    found = f"{counted(count, 'warning')} (--strict makes them fail)" if count else "no problems"
    print(f"{counted(summary.articles, 'article')}{_retracted(summary)}, {counted(summary.pages, 'page')}: {found}")
    return 0


def _warn(warnings: list[Problem], every: bool = False) -> None:
    """WARNINGS in their order, but past the first SHOWN of a kind only counted: '... and N more' (EVERY: all).
    All of them are written to WARNINGS_FILE, whose path is printed when some are left out."""
    from .warning_kinds import warning_kind  # not checks.py: a build that changed nothing never loads it

    full = Path(CACHE_DIR) / WARNINGS_FILE
    every_line = [warning_line(problem) + "\n" for problem in warnings]  # each made once: a corpus has 22,000
    kinds: dict[str, int] = {}
    lines = []
    for problem, line in zip(warnings, every_line, strict=True):
        kind = warning_kind(problem)
        kinds[kind] = kinds.get(kind, 0) + 1
        if every or kinds[kind] <= SHOWN:
            lines.append(line)
    for kind, count in kinds.items():
        if not every and count > SHOWN:
            left = count - SHOWN
            lines.append(f"... and {left:,} more '{kind}' warning{'s' * (left != 1)}, all in {full}\n")
    if warnings:
        _write_if_changed(full, "".join(every_line).encode("utf-8"))
    elif full.exists():
        full.unlink()  # from an earlier run: it would tell of warnings that are gone
    sys.stderr.write("".join(lines))  # one write: stderr is line-buffered, and a site may have thousands


def _write_if_changed(path: Path, data: bytes) -> None:
    """PATH holding DATA, written only if it holds something else: a build that changed nothing repeats the last
    build's warnings (at 100,000 articles, a corpus's 22,000 lines, 2 MB)."""
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve  # watchfiles and the HTTP server are only needed here

    return serve(Path("."), args.source, args.host, args.port)


def _listed(given: str | None) -> tuple[str, ...]:
    """The names of --tags and --author, separated by commas."""
    return tuple(name.strip() for name in (given or "").split(",") if name.strip())


def _new(args: argparse.Namespace) -> int:
    from . import urls
    from .config import load_config
    from .scaffold import new_article  # here: a build, the command run most, never needs it (nor yaml)

    root = Path(".")
    config = load_config(root)
    now = dt.datetime.now(zoneinfo.ZoneInfo(config.timezone)).replace(second=0, microsecond=0)
    tags, authors = _listed(args.tags), _listed(args.author)
    content = args.source or root / "content"
    path = new_article(content, args.title, args.category, authors, now, tags, args.draft, config.lang, args.slug)
    print(f"created {path}")
    source = f" --source {content}" if args.source else ""
    # kabar serve chooses its port when it starts (8000 may be taken): it prints the address, this the page.
    url = urls.article_url(now, path.stem, config.permalinks.article, urls.slugify(args.category))
    print(f"preview it: kabar serve{source}, then open {url} at the address it prints")
    if args.draft:
        print("it is a draft: delete the 'draft: true' line to publish it")
    return 0


def _init(args: argparse.Namespace) -> int:
    from .models import Config
    from .scaffold import init_site

    now = dt.datetime.now(zoneinfo.ZoneInfo(Config().timezone)).replace(second=0)
    for path in init_site(args.folder, now, args.lang):
        print(f"created {path}")
    print(f"next: cd {args.folder} && kabar serve    (then open the address it prints)")
    return 0


def _import(args: argparse.Namespace) -> int:
    from .importing.run import import_site

    report = import_site(args.source, args.into, uploads=args.uploads, force=args.force)
    for line in report.lines():
        print(line)
    print(f"next: cd {args.into} && kabar build --strict")
    return 0


# What Ctrl-C leaves, said after "kabar: stopped" (serve stops on it by design, and says nothing more).
STOPPED = {
    _build: "; the output folder holds the last whole build",
    _import: "; nothing was imported",
}


def _retracted(s: Summary) -> str:
    """After the count of articles built, that of the retracted stories (each has its page, saying why), if any."""
    if not s.retracted:
        return ""
    return f" and {s.retracted} retracted {'story' if s.retracted == 1 else 'stories'}"


def _describe(s: Summary) -> str:
    """The end-of-build summary, as Hugo and Zola print one."""
    drafts = counted(s.drafts, "draft")
    return "\n".join(
        [
            f"Pages         {s.pages:>7}  ({s.rendered} rendered)",
            f"Feeds         {s.feeds:>7}",
            f"Static files  {s.static:>7}",
            f"Skipped       {s.drafts + s.scheduled:>7}  ({drafts}, {s.scheduled} scheduled)",
            f"Written       {s.written:>7}  ({s.unchanged} unchanged, {s.removed} removed)",
            f"Built {counted(s.articles, 'article')}{_retracted(s)} in {duration(s.seconds)}",
        ]
    )
