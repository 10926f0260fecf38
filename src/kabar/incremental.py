"""The one place that decides what a build may keep from the last one, and what it must make again.

What the last build of an output folder knew is kept in .kabar-cache/ (see state.py): the stat of every
input, the options, each output file's fingerprint (a hash of what it was made from) and stat as
written. `LastBuild` reads it while the inputs are scanned; when nothing changed the build stops after
looking. Otherwise each stage declares what its files depend on (`keep_or_make`, `unchanged_pages`)
and this module hashes that with everything every page depends on (kabar, the templates, the settings),
keeps the files made from the same inputs that are still as written, and notes every fingerprint for
the next build's state, which it saves with the publish.
"""

from __future__ import annotations

import array
import dataclasses
import datetime as dt
import functools
import itertools
import operator
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import state
from .cache.store import FORMAT
from .check_memo import CheckMemo, every_article_key
from .errors import Problem
from .fingerprint import digest, digest_strings, hash_bytes, hashes_after, stat_of
from .moments import NEWS_WINDOW, instant
from .options import COUNTS, Options, Summary
from .parallel import in_background
from .publish.swap import hidden_folder
from .scan import Found, Inputs, copied_hash, stat_inputs
from .theme import templates_dirs, theme_dir
from .urls import output_path
from .walk import folders_as_looked

if TYPE_CHECKING:  # a build that finds nothing changed makes no model (see moments.py)
    from .cache.articles import CachedArticle
    from .models import Article, Config, Site

FILES_IN_CHILDREN = 10_000  # from this many files written, the last build's are looked at by two children
COPIED_IN_CHILD = 1_000  # fewer files than this, the scan's share of them is stat'ed here, not in a child (_as_found)


class LastBuild:
    """What the last build of OPTIONS' output folder knew, and the inputs as they are now."""

    def __init__(self, options: Options, key: str, find: Callable[[Options], tuple]) -> None:
        """FIND: what gives the input files and the files to publish (scan.find_inputs), run meanwhile. KEY: the
        output folder's (state.output_key). A dry run (kabar check) reads what the last build knew too, to render
        only the pages that changed (an unchanged page rendered without a mistake), and keeps nothing."""
        self.options, self.key, self.remember = options, key, not options.dry_run
        self.option_key, self._find = option_key(options), find
        if self.remember:
            state.settle_state(options.root, key, options.output_dir)  # left by a build killed near its end
        head = state.load_state_head(options.root, key)
        self.state, self._whole = head or (state.BuildState(), None)  # the rest: see nothing_changed
        # Finding every input file waits on the system: a child does it, and stats the first half of the files to
        # copy to the site it finds, while this stats the other files the last build read (at 10,000 articles with
        # 10,000 photos, a stat of each took this 0.06 s, while the child took 0.04 s to find them). Unless every
        # folder the last build's scan listed is as it was then (see scan.Inputs): the files are those it found, each
        # stat'ed, the first half of them (or those to copy, if more) by a child, and what to publish is looked for
        # only by a build that makes something.
        last = Inputs.as_last(_input_names(self.state), self.state.copied_inputs, self.state.input_folders)
        split = state.split_names(last.names)  # the files the last build read, each a string once
        as_found = bool(split) and self._folders_as_found()
        first = max(last.copied, len(split) // 2) if as_found else last.copied // 2  # those the scan's child stats
        scanned = self._as_found(last, split[:first]) if as_found else in_background(_find_in_columns, find, options)
        self._files_soon = self._look_at_files()
        as_last = self._stat_as_last(last, split, first)
        inputs, copied_stats, self._found = scanned()
        if as_found and (-1 in copied_stats[1::2] or as_last is None or -1 in as_last.stats[1::2]):
            inputs, copied_stats, self._found = _find_in_columns(find, options)  # one gone since: looked for after all
        self._late: Callable[[], tuple] | None = None  # the scan's child, started by nothing_changed (see found)
        self._names, self._input_folders = inputs.names, inputs.folders
        self._inputs_table = _stat_table(inputs, copied_stats, as_last)
        self._copied, self._copied_inputs = copied_hash(inputs, self._inputs_table[1]), inputs.copied
        self.theme = b""  # what every page depends on: set by depend_on_theme()
        self.fingerprints: dict[str, bytes] = {}  # for the next build: each output file's
        self.damaged: set[str] = set()  # output files and folders changed by others since the last build
        self._damaged_soon: Callable[[], set[str]] = set
        self._checks: dict[str, tuple[bytes, list[Problem]]] = {}
        self._cached_articles = None
        self._made_in: dict[str, list[str]] = {}  # see made_before
        self._made_under: dict[tuple[int, str], dict[str, list[str]]] = {}
        self.named_by_content: set[str] = set()  # files whose names are hashes of their bytes (keep_or_make)
        self.unlisted: list[str] = []  # paths of FINGERPRINTS that are no output file (see lost_by_content)
        self.next_due_now = False  # some files were left behind (see behind()): the next build is due at once

    # ------------------------------------------------------------------ before loading

    def nothing_changed(self) -> bool:
        """Whether the output is what this build would make: same inputs, options and due times, untouched."""
        if self.options.clean:  # its check looks at the folders too, which are in the rest of the state
            self._read_whole_state()
        if self._nothing_changed():
            return True
        if self._found is None:  # the files the last build found: what to publish is looked for meanwhile
            self._late = in_background(_find_in_columns, self._find, self.options, False)
        self._read_whole_state()  # which a build that makes something needs
        # A stat() of every folder the last build wrote in: a child does it while this loads.
        if self.state.folders and not self._own_output_as_left:
            self._damaged_soon = in_background(
                state.damaged_outputs, self.options.output_dir, self.state.folders, yielding=True
            )
        return False

    def _read_whole_state(self) -> None:
        if self._whole is not None:
            self.state, self._whole = self._whole() or state.BuildState(), None

    def _look_at_files(self) -> list[Callable[[], set[str]]]:
        """What gives the files the last build wrote that are gone or changed since: whether the build may stop
        after looking, and what it must write again if not. Two children look, half each, while the inputs are
        scanned and this process goes on (a stat of each of 290,000 files, at 100,000 articles, takes 1.3 s); a
        small site's are looked at here, when asked. They give way to the scan, which the build waits for first,
        and to this process: an edit's build needs their answer only once its articles are loaded (on two cores,
        three children at the same priority made the scan of 10,000 articles with 10,000 photos 0.05 s slower)."""
        last, folder = self.state, self.options.output_dir
        if self._own_output_as_left:
            return [set]
        if state.manifest_size(last) < FILES_IN_CHILDREN:  # a fork costs more than a stat of each of a few thousand
            return [lambda: state.damaged_outputs(folder, state.manifest_of(last))]
        if last.manifest_table is not None:  # as read: each child makes the paths of its half
            return [
                in_background(state.damaged_in_table, folder, last.manifest_table, part, 2, yielding=True)
                for part in (0, 1)
            ]
        files = list(last.manifest.items())  # the state kabar serve kept from its last build
        half = len(files) // 2
        return [
            in_background(state.damaged_outputs, folder, dict(part), yielding=True)
            for part in (files[:half], files[half:])
        ]

    @functools.cached_property
    def _own_output_as_left(self) -> bool:
        """Whether the output folder is this process's own (kabar serve's preview, see Options.own_output) as its
        last build left it: that build's state kept in memory (not read from the cache), and the folder the one it
        swapped in. Then nothing else wrote there since, and no file or folder is looked at: in children, a stat of
        each cost an edit's rebuild in kabar serve at 10,000 articles 0.03-0.24 s (medians of three pairs of runs:
        0.61, 0.55 and 0.83 s against 0.85, 0.58 and 1.06 s)."""
        if not (self.options.own_output and self.state.manifest_table is None and self.state.folder_id is not None):
            return False
        try:
            return os.stat(self.options.output_dir).st_ino == self.state.folder_id
        except OSError:
            return False

    @functools.cached_property
    def damaged_files(self) -> set[str]:
        """See _look_at_files: asked for only once the inputs are known to be unchanged, or by previous()."""
        return set().union(*(soon() for soon in self._files_soon))

    @functools.cached_property
    def inputs(self) -> dict[str, state.Stat]:
        """Every input file's stat, as the scan found it (its table is kept too, for the next build's state)."""
        return state.from_table(self._inputs_table)

    @functools.cached_property
    def found(self):
        """What the scan found to publish (see scan.find_inputs)."""
        if self._found is None:  # the scan took the last build's files (see __init__): they were looked for since
            self._looked_for_since(*(self._late or in_background(_find_in_columns, self._find, self.options, False))())
        found, self._found = pickle.loads(self._found), b""  # from the child this process forked: its own bytes
        return dataclasses.replace(found, copied=self._copied) if isinstance(found, Found) else found

    def _looked_for_since(self, inputs: Inputs, copied: array.array, found: bytes) -> None:
        """What a scan found after this build took the last build's files: the same, but for a file added or
        removed in between, in which case the inputs are those found, each stat'ed here (COPIED is empty: that scan
        takes no stat for this rare case, and leaves the time to the children that stat the output)."""
        self._found, self._input_folders = found, inputs.folders
        if inputs.names == self._names:
            return
        self._names, self._inputs_table = inputs.names, _stat_table(inputs, copied, None)
        self.__dict__.pop("inputs", None)  # made again from the new table, if it was made
        self._copied, self._copied_inputs = copied_hash(inputs, self._inputs_table[1]), inputs.copied

    def _folders_as_found(self) -> bool:
        """Whether every folder the last build's scan listed is as it was (see scan.Inputs), kabar's theme among
        them (kabar installed elsewhere has its theme there)."""
        folders, stats = self.state.input_folders
        names = state.split_names(folders)
        theme = os.fspath(theme_dir() / "static")  # as scan.find_inputs names it
        return theme in names and folders_as_looked(names, stats)

    @staticmethod
    def _as_found(last: Inputs, first: list[str]) -> Callable[[], tuple[Inputs, array.array, None]]:
        """LAST, the inputs the last build's scan found, and the stats now of the FIRST of them: those it copied to the
        site, or half of them all if more (as _find_in_columns gives the first half of those copied: a child that lists
        no folder has the time for more), in a child for many (10,000 photos, 100,000 articles: a stat of each of
        their files took 0.5 s); nothing found to publish yet."""
        if len(first) < COPIED_IN_CHILD:
            stats = stat_inputs(first)
            return lambda: (last, stats, None)
        soon = in_background(stat_inputs, first)
        return lambda: (last, soon(), None)

    @staticmethod
    def _stat_as_last(last: Inputs, split: list[str], first: int) -> _AsLast | None:
        """The files the last build read (LAST, SPLIT: their names), their stats now (see scan.stat_inputs) but for the
        FIRST of them, which the scan's child stats; None if there is no last build."""
        if not split:
            return None
        return _AsLast(last.names, first, split[first:], stat_inputs(split[first:]))

    @property
    def counted(self) -> int:  # for the stage clock
        return state.table_size(self._inputs_table)

    def _same_inputs(self) -> bool:
        """Whether the inputs are as the last build found them: their tables compared as bytes, as read (a dictionary
        each of 100,000 stats took 0.2 s to make and compare), else as dictionaries (a state made without its table)."""
        last = self.state.inputs_table
        return last == self._inputs_table if last is not None else self.state.inputs == self.inputs

    def _nothing_changed(self) -> bool:
        """The files kabar wrote are looked at (see _look_at_files), not the folders (a stat of each of 190,000
        folders, at 100,000 articles, took 0.7 s): a file added beside them changes nothing kabar makes, but for
        --clean, which removes it. The state keeps the folders' stats, for the next build that makes something."""
        last, options = self.state, self.options
        return (
            self.remember
            and state.manifest_size(last) > 0
            and last.summary.keys() == set(COUNTS)  # what the summary repeats: a cache from elsewhere may lack it
            and self._same_inputs()
            and last.options == self.option_key
            and last.now is not None
            and last.now <= options.now  # the site as of an earlier time differs: build it
            and (last.next_due is None or options.now < last.next_due)
            and not self.damaged_files
            and not (options.clean and state.damaged_outputs(options.output_dir, last.folders))
            and not (options.clean and not all(hidden_folder(options.output_dir / entry) for entry in last.foreign))
        )

    def summary_again(self, summary: Summary) -> Summary:
        """SUMMARY with the last build's counts, for a build that changed nothing."""
        return Summary(**self.state.summary, unchanged=state.manifest_size(self.state), stages=summary.stages)

    def cached_articles(self):
        """The article cache (see cache.articles.load_cached), read once."""
        if self._cached_articles is None:
            from .cache.articles import load_cached  # here: it makes the models, which nothing_changed never needs

            self._cached_articles = load_cached(self.options.root)
        return self._cached_articles

    # ------------------------------------------------------------------ what to keep

    def previous(self) -> dict:
        """What the output folder held after the last build, for publish.Output (waits for the damage check)."""
        self.damaged = self.damaged_files | self._damaged_soon()
        last = self.state
        return {
            "manifest": last.manifest or None,
            "folders": last.folders,
            "spare": last.spare,
            "foreign": last.foreign,
            "changed_folders": {path for path in self.damaged if path.endswith("/")},
            "changed_files": {path for path in self.damaged if not path.endswith("/")},
        }

    def depend_on_theme(self, config: Config, site: Site, script_pages: frozenset[str] = frozenset()) -> None:
        """Everything every page depends on: kabar, the templates, the settings, the category bar and the menus
        (a page's title is in the footer of every page), the pages that list every category, tag and author (the
        footer links to them), and SCRIPT_PAGES (see redirects.script_pages)."""
        menus = repr((site.main_menu, site.footer_menu))
        directories = repr([(directory.kind, directory.url) for directory in site.directories])
        parts: list[bytes | str] = [FORMAT, repr(config), repr(site.categories), menus, directories, self.option_key]
        parts.append(f"script pages {sorted(script_pages)}")
        for number, folder in enumerate([*templates_dirs(self.options.root), theme_dir() / "templates"]):
            for path in sorted(folder.rglob("*")):
                if path.is_file():  # named within its folder: kabar installed elsewhere (CI's new venv) is the same
                    parts += [f"{number}/{path.relative_to(folder).as_posix()}", path.read_bytes()]
        self.theme = digest(*parts)

    def edited_articles(self, parsed: Iterable[tuple[str, CachedArticle | None, Article]]) -> frozenset[str] | None:
        """The URLs of the articles edited since the last build, if nothing else changed that shapes its pages: no
        other file read (template, setting, photo) changed, none was added or removed, no story came or went with the
        time, and each edited story has the URL, dates, category, tags, authors and flags it had (see _face): then
        the site has the last build's listings, neighbours and related stories, and only the pages that show an
        edited story can have changed (see pages.make_pages). None: anything else. PARSED: the articles the load
        stage parsed again (see load.Loaded)."""
        last, now = self.state, self.options.now
        if not last.theme or last.inputs_table is None or last.inputs_table[0] != self._inputs_table[0]:
            return None
        if last.options != self.option_key or last.now is None or not last.now <= now:
            return None
        if last.next_due is not None and now >= last.next_due:
            return None
        # The files whose stat changed, from the two tables' columns (mtime and size of each, in the same order).
        was, is_now = array.array("q", last.inputs_table[1]), array.array("q", self._inputs_table[1])
        if len(was) != len(is_now):
            return None
        places = sorted({at // 2 for at in itertools.compress(itertools.count(), map(operator.ne, was, is_now))})
        names = state.split_names(self._inputs_table[0]) if places else []
        parsed_by_name = {name: (before, article) for name, before, article in parsed}
        edited = set()
        for place in places:
            before, article = parsed_by_name.get(names[place], (None, None))
            # Its cached form must be the one the last build read (not one kabar serve parsed since, say).
            if before is None or before.stat != (was[2 * place], was[2 * place + 1]):
                return None
            if _face(before.article) != _face(article):
                return None
            edited.add(article.url)
        return frozenset(edited)

    def unchanged_pages_but(
        self, paths: list[str], showing: set[int], depends: Callable[[list[int]], list[bytes]], fresh: bool
    ) -> list[bool] | None:
        """unchanged_pages() for a build whose pages show what the last build's did but for some edited stories
        (see edited_articles): PATHS but those of SHOWING (their places), which show one, were made from the same
        as before, and keep their fingerprints; DEPENDS gives those of the pages at the places asked. None if the
        theme or settings changed since (then every page is to be looked at)."""
        if fresh or not self.theme or self.theme != self.state.theme:
            return None
        marks = self._last_marks(paths)
        noted = list(map(bool, marks))
        asked = sorted(showing.union(itertools.compress(itertools.count(), map(operator.not_, noted))))
        same = noted  # a page the last build made, and its fingerprint, unless asked for
        for place, mark in zip(asked, hashes_after(self.theme + b"\0", depends(asked)), strict=True):
            same[place] = marks[place] == mark
            marks[place] = mark
        return self._unchanged(paths, marks, fresh, same)

    def unchanged_pages(self, paths: list[str], depends: list[bytes], fresh: bool) -> list[bool]:
        """For each of PATHS, whether the page made last time from what it DEPENDS on (bytes, one per path) can be
        kept: the same fingerprint, written by the last build, and still as it was written. FRESH: the output
        folder is new, so nothing can be kept."""
        marks = hashes_after(self.theme + b"\0", depends)
        return self._unchanged(paths, marks, fresh)

    def lost_by_content(self, folder: str, paths: list[str], made_by: bytes, fresh: bool) -> set[str] | None:
        """Of PATHS, entries in FOLDER named by a hash of what they are made from (the folders of image variants),
        those the last build did not leave there as written: None if all are (a new output folder, or MADE_BY,
        what makes them, changed). They have one fingerprint, MADE_BY's, kept under FOLDER's name."""
        mark = hash_bytes(made_by)
        self.fingerprints[folder] = mark
        self.unlisted.append(folder)
        if fresh or self.state.pages.get(folder) != mark:
            return None
        written = self.state.manifest.keys()
        if all(map(written.__contains__, paths)) and self.damaged.isdisjoint(paths):  # in C: as most builds find
            return set()
        return {path for path in paths if path not in written} | (self.damaged & set(paths))  # a lookup for each

    def _unchanged(
        self, paths: list[str], marks: list[bytes], fresh: bool, same: list[bool] | None = None
    ) -> list[bool]:
        """Note MARKS, the fingerprints of PATHS; for each, whether it is the last build's and its file is still as
        written. SAME: which of them are the last build's, if the caller knows."""
        self.fingerprints.update(zip(paths, marks, strict=True))
        if fresh:
            return [False] * len(paths)
        damaged = self.damaged
        if same is None:
            same = list(map(operator.eq, self._last_marks(paths), marks))
        return [was and path not in damaged for path, was in zip(paths, same, strict=True)] if damaged else same

    def keep_copies(self, output, paths: list[str], sources: list[str], hows: list[str]) -> list[bool]:
        """Keep each output file of PATHS, a copy of the input file of SOURCES (made as HOWS says: "" as it is), if
        its source's stat is what it was when the last build copied it and the file is still as written: its bytes
        are then not read again (a site's photos are most of its bytes). False: the caller copies it, and the next
        build may keep that. In lists: a site's 10,000 photos are not 10,000 calls."""
        marks = self._marks_as_last(paths) if self._copied_as_last() else None
        if marks is not None:  # every source as the last build found it: each copy's mark is the one it noted
            # (and each copy is a file the last build wrote: marks_of gives None for one it did not)
            if not output.fresh and self.damaged.isdisjoint(paths):  # in C
                self.fingerprints.update(zip(paths, marks, strict=True))
                output.claim_all(paths, sources)
                return [True] * len(paths)
            kept = self._unchanged(paths, marks, output.fresh)  # which notes the marks too
        else:
            stats = self.inputs
            pairs = zip(sources, hows, strict=True)  # a hash of a string each (digest(): 0.1 s a 10,000)
            marks = [
                hash_bytes(f"{FORMAT}\0copy\0{source}\0{how}\0{stats.get(source)}".encode(errors="surrogatepass"))
                for source, how in pairs
            ]
            kept = self._unchanged(paths, marks, output.fresh)
            kept = [same and source in stats for same, source in zip(kept, sources, strict=True)]
        claimed = [(path, source) for path, source, same in zip(paths, sources, kept, strict=True) if same]
        output.claim_all([path for path, _ in claimed], [source for _, source in claimed])
        return kept

    def _copied_as_last(self) -> bool:
        """Whether every file copied to the site (see scan.Found.copied) is as the last build found it."""
        return bool(self.found.copied) and self.state.copied == self.found.copied

    def _marks_as_last(self, paths: list[str]) -> list[bytes] | None:
        """The fingerprint the last build noted for each of PATHS; None if it noted none for one of them."""
        marks = self._last_marks(paths)
        return None if None in marks or b"" in marks else marks

    def _last_marks(self, paths: list[str]) -> list[bytes | None]:
        """The fingerprint the last build noted for each of PATHS, a file it wrote; None for one it did not write."""
        pages = self.state.pages
        if isinstance(pages, state.PageMarks):  # as read: only the manifest's files have one, in C
            return pages.marks_of(paths)
        manifest = self.state.manifest.keys()  # the state kabar serve kept from its last build
        return [pages.get(path) if path in manifest else None for path in paths]

    def keep_or_make(
        self,
        output,
        paths: list[str],
        depends: Iterable[bytes | str],
        make: Callable[[], Iterable],
        on_theme=True,
        named_by_content=False,
        is_folder: Callable[[str], bool] = lambda path: False,
    ):
        """Keep PATHS if all were made from what they DEPEND on and are still as written; else add to OUTPUT what
        MAKE gives instead (with other names, maybe: Pagefind's files have hashes in theirs; a MadeFolder is
        one entry). Returns the paths. ON_THEME: they depend on the templates and settings too (not a search
        index: it depends on the words). NAMED_BY_CONTENT: their names are hashes of their bytes, which no article
        links to (see link_checks). IS_FOLDER: which of PATHS are folders MAKE gave whole."""
        mark = self._mark(depends, on_theme)
        if self._keeps(output, paths, mark):
            for path in paths:
                output.claim(path, f"/{path}", is_folder(path))
            if named_by_content:
                self.named_by_content.update(paths)
            return paths
        for path in paths:
            self.fingerprints.pop(path, None)
        made = []
        for item in make():
            made.append(output_path(item.url))
            if isinstance(item, MadeFolder):
                output.add_folder(made[-1], item.files, item.url, named_by_content)
            else:
                output.add(made[-1], item.body, item.url)
            self.fingerprints[made[-1]] = mark
        if named_by_content:
            self.named_by_content.update(made)
        return made

    def kept_as_before(self, output, paths: list[str]) -> bool:
        """Keep PATHS as the last build made them, if the caller knows what they were made from is the same (see
        edited_articles), and so are the theme and settings, and the files are still as written: claimed in OUTPUT
        with the fingerprints they had. False: nothing kept, make them (keep_or_make)."""
        if not self.theme or self.theme != self.state.theme:
            return False
        marks = self._marks_as_last(paths)
        if marks is None or not all(self._unchanged(paths, marks, output.fresh)):
            return False
        for path in paths:
            output.claim(path, f"/{path}")
        return True

    def made_as_before(self, paths: list[str], depends: Iterable[bytes | str], on_theme=True) -> bool:
        """Whether the last build made each of PATHS from what DEPENDS says; not whether they are still as written,
        which the build's children may still be looking at (can_keep waits for them)."""
        mark = self._mark(depends, on_theme)
        return bool(paths) and all(was == mark for was in self._last_marks(paths))

    def can_keep(self, output, paths: list[str], depends: Iterable[bytes | str], on_theme=True) -> bool:
        """Whether keep_or_make would keep PATHS (so that what it would make can be started beforehand)."""
        return self._keeps(output, paths, self._mark(depends, on_theme))

    def _keeps(self, output, paths: list[str], mark: bytes) -> bool:
        return bool(paths) and all(self._unchanged(paths, [mark] * len(paths), output.fresh))

    def _mark(self, depends: Iterable[bytes | str], on_theme: bool) -> bytes:
        return digest(self.theme if on_theme else FORMAT, *depends)

    def still_written(self, paths: list[str], fresh: bool) -> bool:
        """Whether each of PATHS is in the output folder as the last build wrote it, whatever it was made from: what
        behind() may leave there (not when the folder was deleted, or those files were)."""
        manifest, damaged = self.state.manifest.keys(), self.damaged
        return not fresh and all(path in manifest and path not in damaged for path in paths)

    def behind(
        self, output, paths: list[str], named_by_content=False, is_folder: Callable[[str], bool] = lambda path: False
    ) -> None:
        """Keep PATHS as they are though they are out of date (kabar serve's search index, which may lag a moment):
        the next build makes them again, and is due at once, changed input or not. NAMED_BY_CONTENT, IS_FOLDER: as
        for keep_or_make (the index's files, whose old names must not make every article's links be checked again)."""
        for path in paths:
            output.claim(path, f"/{path}", is_folder(path))
            self.fingerprints[path] = b"behind"
        if named_by_content:
            self.named_by_content.update(paths)
        self.next_due_now = True

    def made_before(self, folder: str) -> list[str]:
        """The files the last build made under FOLDER ('pagefind/2024-q3/'): those of a stage whose files' names
        change. They are grouped once per depth and top folder asked (the search stage asks for each of its
        shards: a scan of every file per shard took 8 s at 100,000 articles)."""
        depth, top = folder.count("/"), folder.partition("/")[0] + "/"
        if depth == 1:
            if top not in self._made_in:
                # Sorted: they are claimed in this order, which the link checks' memo depends on (see link_checks).
                self._made_in[top] = sorted(path for path in self.state.pages if path.startswith(top))
            return self._made_in[top]
        groups = self._made_under.get((depth, top))
        if groups is None:
            groups = self._made_under[depth, top] = {}
            for path in self.made_before(top):
                parts = path.split("/", depth)
                if len(parts) > depth:
                    groups.setdefault("/".join(parts[:depth]) + "/", []).append(path)
        return groups.get(folder, [])

    def link_checks(self, site: Site, output) -> CheckMemo:
        """The last build's warnings of each article still on the site, kept while what they depend on is the same:
        the article and the set of files made (in a fixed order, but for those named by their content, which
        change with every edit of a search shard); for an article with links to #fragments, every article too
        (another's headings make such a link right or wrong). An article the last build found nothing wrong with
        keeps that while the files made are the last build's and more (see CheckMemo)."""
        hashed = self.named_by_content
        made = digest_strings([path for path in output.origin if path not in hashed])
        last, links = self.state.checks, site.links
        if len(links) == len(last) and all(map(last.__contains__, links)):  # the same articles: a copy, in C
            self._checks = dict(last)
        else:
            self._checks = {url: last[url] for url in links if url in last}  # not deleted articles
        every = functools.partial(every_article_key, site)
        return CheckMemo(self._checks, made, every, functools.partial(self._only_added, output))

    def _only_added(self, output) -> bool:
        """Whether the files this build makes are the last build's (but those named by their content) and more."""
        written, hashed, made = self.state.manifest, set(self.state.hashed), output.origin
        return bool(written) and all(path in made for path in written if path not in hashed)

    # ------------------------------------------------------------------ the next build's state

    def next_state(self, articles: tuple[Article, ...], summary: Summary) -> state.BuildState:
        return state.BuildState(
            inputs=self.inputs,
            inputs_table=self._inputs_table,  # the same, as the state keeps them: not made again
            options=self.option_key,
            next_due=self.options.now if self.next_due_now else next_due(articles, self.options),
            pages=self.fingerprints,
            unlisted=tuple(self.unlisted),
            summary={name: getattr(summary, name) for name in COUNTS},
            checks=self._checks,
            now=self.options.now,
            copied=self.found.copied,
            copied_inputs=self._copied_inputs,
            input_folders=self._input_folders,
            theme=self.theme,
            hashed=tuple(sorted(self.named_by_content)),
        )

    def remember_pending(self, next_state: state.BuildState) -> Callable:
        """What publish calls just before its swap: the state is saved as pending, made the state once settled."""

        def remember(swapped) -> None:
            if self.remember:
                state.save_state(self.options.root, self.key, state.with_output(next_state, swapped), pending=True)

        return remember

    def settle(self, article_cache) -> None:
        """After the swap: the pending state becomes the state, and the article cache is saved."""
        if not self.remember:
            return
        from .cache.articles import save_cached  # as cached_articles

        state.settle_state(self.options.root, self.key, self.options.output_dir)
        cached, settings, entries = self._cached_articles, article_cache.settings, article_cache.entries
        copied = self.found.copied
        if cached is not None and cached.settings == settings:
            save_cached(self.options.root, settings, entries, cached, copied)
        else:
            save_cached(self.options.root, settings, entries, copied=copied)


class MadeFolder(NamedTuple):
    """What keep_or_make's MAKE may give besides a page: a folder made whole, one entry (see Output.add_folder)."""

    url: str  # '/pagefind/2024/fragment'
    files: dict[str, bytes]  # name -> bytes


def _face(article: Article) -> str:
    """What of ARTICLE places it on the site: its URL, dates, category, tags, authors and flags (its place in
    listings, archives, bands, related stories and the menus), and its last change (the sitemap's date)."""
    return repr(
        (
            article.url,
            article.date,
            article.updated,
            [correction.date for correction in article.corrections],
            article.category,
            article.tags,
            article.authors,
            article.draft,
            article.scheduled,
            article.featured,
            article.retracted is None,  # a retracted story is in no list (its reason shows on its page alone)
        )
    )


def _input_names(last: state.BuildState) -> str:
    """The names of the files LAST read, NUL-separated."""
    return last.inputs_table[0] if last.inputs_table is not None else "\0".join(last.inputs)


def _find_in_columns(
    find: Callable[[Options], tuple], options: Options, stat_copied: bool = True
) -> tuple[Inputs, array.array, bytes]:
    """FIND's input files, the stats of the first half of those copied to the site (the first: see scan.Inputs;
    none without STAT_COPIED), and what it found to publish pickled, in the child that looks: the parent unpickles
    that only if it builds."""
    inputs, found = find(options)
    first = inputs.copied // 2 if stat_copied else 0
    copied = stat_inputs(state.split_names(inputs.names[: inputs.copied_characters])[:first])
    return inputs, copied, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)


class _AsLast(NamedTuple):
    """The names of the files the last build read (NUL-separated), how many of the first (files it copied to the
    site) the scan's child stats, the names of the others, and their stats now (see scan.stat_inputs)."""

    names: str
    first: int
    others: list[str]
    stats: array.array


def _stat_table(inputs: Inputs, copied: array.array, as_last: _AsLast | None) -> tuple[str, bytes]:
    """The inputs table (see state.to_table) of the files found, INPUTS: the stats the scan's child took of the
    first of those copied to the site (COPIED), those AS_LAST took of the others the last build read, and a stat
    now of each other one."""
    names = inputs.names
    same = as_last is not None and as_last.names == names and as_last.first == len(copied) // 2
    if same and -1 not in copied[1::2] and -1 not in as_last.stats[1::2]:  # the same files, all there
        return names, copied.tobytes() + as_last.stats.tobytes()
    split = state.split_names(names)
    taken = dict(zip(split, zip(copied[::2], copied[1::2], strict=True), strict=False))  # the copied come first
    if as_last is not None:
        taken.update(zip(as_last.others, zip(as_last.stats[::2], as_last.stats[1::2], strict=True), strict=True))
    stats = array.array("q")
    for name in split:
        stat = taken.get(name)
        # One that could not be stat'ed then, or is gone since it was found: cannot be read.
        stats.extend(stat if stat is not None and stat[1] != -1 else stat_of(os.stat(name)))
    return names, stats.tobytes()


def option_key(options: Options) -> str:
    """The options that shape the output (not the clock, not the number of workers, not when search catches up, not
    whether it is written or warnings fail it: kabar check keeps what the last build made). Not where the site is: its
    content and output folders by their paths within it (see state.output_key)."""
    unshaping = {"now": None, "jobs": 0, "clean": False, "search_later": False, "dry_run": False, "strict": False}
    placed = dict(root=Path("."), content=None, output=None)
    return repr(dataclasses.replace(options, **unshaping, **placed)) + repr(
        (state.within_site(options.content_dir, options.root), state.within_site(options.output_dir, options.root))
    )


def next_due(articles, options: Options) -> dt.datetime | None:
    """When the site changes with no input changing: a scheduled story goes live, or a story leaves the news sitemap."""
    now, window_start = instant(options.now), instant(options.now - NEWS_WINDOW)
    recent = [a for a in articles if a.instant > window_start]  # in the news sitemap, or to come
    moments = [a.date + NEWS_WINDOW for a in recent]
    # A story dated later goes live then, or (with --future) enters the news sitemap then.
    moments += [a.date for a in recent if a.instant > now and (options.drafts or not a.draft)]
    return min(moments, default=None)
