"""The scan stage: the files a build reads and publishes, found before anything else happens.

What a build reads (content/, the site's and the theme's templates and static folders, kabar.yml), each
file's mtime and size (if none changed, neither does the site: see incremental.py), and where each
really is: a symbolic link out of the site, into a hidden folder or into the output is refused. Where a
build may write is checked here too, before anything moves. The files are found by a child process while
the build stats those the last build read (see incremental.LastBuild): most are the same.
"""

from __future__ import annotations

import array
import dataclasses
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .cache.store import CACHE_DIR, FORMAT
from .errors import BuildError, Problem
from .fingerprint import hash_bytes, stat_of
from .options import Options
from .theme import static_dirs, templates_dirs
from .walk import Bounds, Looked, is_comments_file

PAGES_DIR = "pages"  # the site's pages that are not stories (see sitepages.py)


def refuse_unsafe_output(options: Options) -> None:
    """The output folder is replaced by each build and keeps only others' files, so it must be a folder, must not
    hold anything of the site's, and must not be inside a folder a build reads (each build would publish the last).
    """
    given = options.output_dir
    out = given.resolve()
    if out.exists() and not out.is_dir():
        what = "a file" if out.is_file() else "not a folder"
        raise BuildError([Problem(str(given), None, f"cannot be the output folder: it is {what}")])
    read, _ = read_from(options)
    inputs = [*read, options.root / "templates", options.root / "static"]
    for folder in [options.root, options.root / CACHE_DIR, *inputs]:
        folder = folder.resolve()
        if out == folder or out in folder.parents:
            raise BuildError([Problem(str(given), None, f"cannot be the output folder: it holds {folder}")])
    for folder in inputs:
        folder = folder.resolve()
        if folder in out.parents:
            raise BuildError([Problem(str(given), None, f"cannot be the output folder: it is inside {folder}")])


def through_output_link(options: Options) -> Options:
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


def read_from(options: Options) -> tuple[list[Path], Path]:
    """What a build reads: the files in content/, pages/ and the site's and the theme's templates and static
    folders (those that exist), and kabar.yml."""
    folders = [options.content_dir, options.root / PAGES_DIR, *templates_dirs(options.root), *static_dirs(options.root)]
    return folders, options.root / "kabar.yml"


def an_input(path: str, options: Options) -> bool:
    """Whether PATH is one of the files a build reads (see read_from)."""
    folders, settings = read_from(options)
    path = os.path.realpath(path)
    places = map(os.path.realpath, [*folders, settings])
    return any(path == place or path.startswith(os.path.join(place, "")) for place in places)


@dataclass(frozen=True, slots=True)
class Found:
    """The files a build publishes from: content/'s articles and other files, and each static folder's."""

    articles: list[str]
    assets: list[str]
    static: list[tuple[Path, list[str]]]  # the site's static/ first, then the theme's
    pages: list[str] = dataclasses.field(default_factory=list)  # the files in pages/
    # A hash of the name and stat of every file copied to the site (content/'s other files, the static folders'):
    # while it is the same, every image an article shows is as it was (see images.py), and every copy (static.py).
    copied: bytes = b""


Scanned = Found | list[Problem] | None  # what was found, or the problems; None: there is no content/


@dataclass(frozen=True, slots=True)
class Inputs:
    """Every file a build reads, by name, NUL-separated (state.to_table's column), the files copied to the site
    first: the first COPIED names, COPIED_CHARACTERS characters of NAMES (see copied_hash). FOLDERS: the table
    (state.to_table's) of the folders the scan listed and of those it would list if they were there, each with the
    mtime and inode it had just before (see walk.Looked); empty if a symbolic link keeps it from vouching for them.
    While every one is as noted, the site holds the same files: the next build takes the names, and does not look
    for them (at 100,000 articles, 0.25 s of CPU)."""

    names: str
    copied: int
    copied_characters: int
    folders: tuple[str, bytes] = ("", b"")

    @classmethod
    def as_last(cls, names: str, copied: int, folders: tuple[str, bytes]) -> Inputs:
        """The inputs the last build found (its state's NAMES, of which the first COPIED are copied to the site)."""
        if not names or copied <= 0:
            return cls(names, 0, 0, folders)
        parts = names.split("\0", copied)  # the copied names, then the others in one (split in C: 10,000 photos)
        if len(parts) <= copied:  # no other
            return cls(names, len(parts), len(names), folders)
        return cls(names, copied, len(names) - len(parts[-1]) - 1, folders)  # to the NUL after the last copied


def find_inputs(options: Options) -> tuple[Inputs, Scanned]:
    """Every file a build reads (their stats: see stat_inputs), and what walk.py finds to publish (every symbolic
    link out of the site instead; None without content/)."""
    from .walk import content_files, files_under, refused_paths

    (_, *folders), settings = read_from(options)  # content/ is listed below, the way loading lists it
    bounds = bounds_of(options)
    problems = refused_paths([settings], bounds)
    looked = Looked(started=_clock_of(options))
    for folder in _maybe_read_from(options):  # those missing too: one made is a change
        if not os.path.isdir(folder):
            looked.folder(os.fspath(folder))
    if not os.path.lexists(settings):  # as is kabar.yml made where there was none (one there is an input)
        looked.folder(os.fspath(settings))

    def walked(folder: Path, bounds: Bounds) -> list[str]:
        try:
            return files_under(folder, bounds, looked)
        except BuildError as exc:
            problems.extend(exc.problems)
            return []

    static = [(folder, walked(folder, _folderbounds_of(options, folder))) for folder in static_dirs(options.root)]
    if os.path.lexists(options.root / "templates"):  # only checked: Jinja2 finds templates by name
        walked(options.root / "templates", bounds)
    pages = walked(options.root / PAGES_DIR, bounds) if os.path.lexists(options.root / PAGES_DIR) else []
    articles, assets = [], []
    if options.content_dir.is_dir():
        try:
            articles, assets = content_files(options.content_dir, bounds, looked)
        except BuildError as exc:
            problems += exc.problems
    if problems:
        return Inputs("", 0, 0), sorted(problems, key=lambda p: p.path)
    if not options.content_dir.is_dir():
        return Inputs("", 0, 0), None
    # The static folders' files are named as the static stage names them (static/a.css when the site is `.`): by
    # their real path, none was found unchanged, and each was read again by every build.
    walked_static = {folder.resolve() for folder, _ in static}
    others = dict.fromkeys(f.resolve() for f in folders if f.is_dir() and f.resolve() not in walked_static)
    # A comments file beside an article is one of its inputs (see load._with_comments), never published itself.
    published = [path for path in assets if not is_comments_file(path)]
    comments = [path for path in assets if is_comments_file(path)]
    copied = dict.fromkeys([*(name for _, names in static for name in names), *published])  # in this repo, site = theme
    read = [*_files_in(list(others), looked), *([str(settings)] if settings.exists() else []), *articles, *comments]
    names = "\0".join([*copied, *(name for name in dict.fromkeys(read) if name not in copied)])  # no path holds a NUL
    copied_characters = len("\0".join(copied))
    seen = ("\0".join(looked.folders), looked.stats.tobytes()) if looked.vouched else ("", b"")
    return Inputs(names, len(copied), copied_characters, seen), Found(articles, published, static, pages)


def _clock_of(options: Options) -> int:
    """Now, by this machine's clock or by the clock that stamps the site's files, whichever is behind: a network
    share's may be, and a folder stamped just now by it must not look older than it is (see walk.Looked). The
    latter is read from a file written for it in the cache folder, by a build that keeps what it finds."""
    now = time.time_ns()
    if options.dry_run:
        return now
    marker = options.root / CACHE_DIR / "clock"
    try:
        marker.parent.mkdir(exist_ok=True)
        marker.write_bytes(b"")
        return min(now, os.stat(marker).st_mtime_ns)
    except OSError:  # a cache folder that cannot be written: the build says so when it saves there
        return now


def _maybe_read_from(options: Options) -> list[Path]:
    """The folders a build reads from if they are there (see read_from and templates_dirs, static_dirs)."""
    return [options.content_dir, options.root / PAGES_DIR, options.root / "templates", options.root / "static"]


def stat_inputs(names: list[str]) -> array.array:
    """The mtime and size of each file of NAMES, in order, as 64-bit integers (state.to_table's column); 0, -1 for
    one that cannot be stat'ed (gone, a link to nothing, its folder now a file): a file found now is stat'ed again,
    and one that cannot be read is a problem then."""
    stats = array.array("q")
    for name in names:
        try:
            stats.extend(stat_of(os.stat(name)))
        except OSError:
            stats.extend((0, -1))
    return stats


def copied_hash(inputs: Inputs, stats: bytes) -> bytes:
    """Found.copied, from the names and STATS (a column, see stat_inputs) of the files a build reads."""
    names = inputs.names[: inputs.copied_characters].encode("utf-8", "surrogatepass")
    return hash_bytes(b"\0".join([FORMAT.encode(), names, stats[: inputs.copied * 16]]))


def _files_in(folders: list[Path], looked: Looked) -> list[str]:
    """Every file under FOLDERS (those a build reads but does not publish: the templates), hidden ones too, sorted
    by parts, as os.walk() finds them (a link to a folder is not entered); each folder is noted in LOOKED first."""
    found: list[str] = []

    def visit(folder: str) -> None:
        looked.folder(folder)
        try:
            with os.scandir(folder) as listed:
                entries = sorted(listed, key=lambda entry: entry.name)
        except OSError:  # as os.walk(): a folder that cannot be listed has no files
            return
        inner = []
        for entry in entries:
            if entry.is_symlink():
                looked.vouched = False  # where it leads may change with no folder here changing
            if entry.is_dir():
                if not entry.is_symlink():
                    inner.append(entry.path)
            else:
                found.append(entry.path)
        for path in inner:
            visit(path)

    for folder in folders:
        visit(os.fspath(folder))
    return found


def bounds_of(options: Options) -> Bounds:
    """Where the files a build reads may really be: in the site (and in a --source folder named outside it,
    unless that name is itself a symbolic link), under no hidden name, not in the output folder."""
    places = [options.root]
    if options.content is not None and not os.path.islink(options.content):
        places.append(options.content)
    return Bounds.around(places, options.output_dir)


def _folderbounds_of(options: Options, folder: Path) -> Bounds:
    """The site's static/ is the site's; the theme's static folder is kabar's, and bounds itself."""
    return bounds_of(options) if folder == options.root / "static" else Bounds.around([folder], options.output_dir)
