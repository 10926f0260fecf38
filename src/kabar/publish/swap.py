"""The atomic publish: the new site is made in a spare folder beside the output folder, then the two are swapped.

A reader, a web server or an upload step only ever sees a whole site: the
old one or the new one. Each build assembles the new site in a spare folder
beside the output folder (`.public.kabar-spare` for `public`) and, once
every page, feed and static file is made without a problem, swaps the two
folders in one atomic rename (renameat2's RENAME_EXCHANGE on Linux; three
renames elsewhere, which the next build completes if a build stops between
them). A build that fails, is interrupted or is killed leaves the output
folder as it was, and the next build starts again.

The spare is the previous site, kept after the swap, so a build never copies
the whole site: it writes the files whose bytes changed (writer.py),
hard-links from the output folder the files the last build changed, and
removes what is gone. Unchanged files keep their inode, bytes and mtime. A
spare that a stopped build left half-made, or that is of no use (the output
folder was deleted), is thrown away and made again, a hard link per file:
renamed aside at once, it is removed by a child process while the build goes
on. An entry may be a folder that one stage makes whole (an
image's variants): it is linked, kept and removed as one, and holds nothing
else.

kabar never deletes a file it did not write. Files in the output folder
that no build wrote (a CNAME, a deploy checkout's .git) are moved into each
new site before the swap, listed in a journal until it is done; folders
whose mtime changed since the last build are where to look for new ones.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import secrets
import shutil
import time
from collections.abc import Callable, Collection, KeysView, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from stat import S_ISDIR

import msgspec

from .. import platform
from ..fingerprint import Stat, StatTable, stat_of
from ..parallel import Background, in_background
from .files import link, move, prune, relink, remove, unlink
from .paths import all_inside, folder_key, parents, with_parents

Manifest = dict[str, Stat]  # output path -> its stat as written; a folder's path is its folder_key
TOKEN = ".kabar-spare"  # in the spare folder: says it is as the last build left it
# The stat of a folder of the spare's that others' files left (see Swap.commit): taken when the spare is next used.
# Noted so rather than the folder left out, the spare's folders stay the output's, which an edit passes on whole (see
# _folders_as_last): a deploy checkout's .git in the output folder made every build take them one by one.
UNKNOWN: Stat = (-1, -1)
# A build that changed more than a CATCH_UPth of the site's files brings the spare up to date itself (Swap._caught_up).
CATCH_UP = 4
THROWN = "-old-"  # a spare thrown away is renamed .public.kabar-spare-old-XXXX, and removed meanwhile


def spare_folder(folder: Path) -> Path:
    """Where the new site is made beside the output FOLDER: public -> .public.kabar-spare."""
    return folder.parent / f".{folder.name}.kabar-spare"


def is_fresh(folder: Path) -> bool:
    """No previous output in FOLDER: nothing to compare with, nothing to keep."""
    return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))


@dataclass(frozen=True, slots=True)
class Spare:
    """What the spare folder held when the last build finished (it is the site before that build)."""

    # The files kabar wrote there: those of the manifest it goes with (the output folder's site), less FEWER, and
    # MORE. The two sites differ by what a build changed: the sets of both whole (at 100,000 articles, 187,000
    # paths) were made, compared and written several times in every build.
    more: frozenset[str]  # files of the spare's that the output folder's site lacks
    fewer: frozenset[str]  # files of the output folder's site that the spare lacks
    changed: frozenset[str]  # those that differ from the output folder's, or are not in it
    token: str = ""
    # The stat of its folders (by folder_key) that nothing changed since the build before last recorded
    # them: a build stats only the folders it changes (a stat of 20,000 folders is 0.1 s).
    folders: Mapping[str, Stat] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Swapped:
    """What the output folder holds after a build's swap, for the next build to compare with."""

    folder_id: int  # the inode of the new site's folder: tells whether a build killed midway swapped it in
    manifest: Mapping[str, Stat]  # the files kabar wrote
    folders: Mapping[str, Stat]  # the folders holding them and others' files
    spare: Spare | None
    foreign: tuple[str, ...]  # files and folders in it that kabar did not write


@dataclass(slots=True)
class WriteCounts:
    written: int = 0  # new or changed files
    unchanged: int = 0
    removed: int = 0


@dataclass(slots=True)
class Previous:
    """What the last build left in the output folder, as far as it knew."""

    manifest: Mapping[str, Stat] | None = None  # None: unknown: every file not made now is kept as someone else's
    folders: Mapping[str, Stat] = field(default_factory=dict)
    spare: Spare | None = None
    foreign: tuple[str, ...] = ()  # files and folders in it that kabar did not write
    changed_folders: set[str] = field(default_factory=set)  # keys of folders whose mtime changed since
    # Its files and entries someone changed since (a new time, say): those made now with the same bytes are not
    # written, and are noted with their stat as they are (else every later build would take them for changed).
    changed_files: set[str] = field(default_factory=set)


class Swap:
    """The output FOLDER and its spare during one build that writes: made ready first, swapped at the end."""

    def __init__(self, folder: Path, previous: Previous, journal: Path | None, keep_others: bool) -> None:
        self.folder = folder
        self.spare_folder = spare_folder(folder)
        self.previous = previous
        self.journal = journal  # where foreign files being moved are listed, until the swap
        self.keep_others = keep_others  # files kabar did not write go into the new site too
        self._changed_in_spare: set[str] = set()  # files linked into or removed from the spare
        self._recover()
        self.fresh = is_fresh(folder)
        self._removing: Callable[[], None] = lambda: None
        # A first build's next spare, being linked: where, the files, the child linking them (see start_spare).
        self._linking: tuple[Path, list[str], Background] | None = None
        self.spare = self._ready_spare()

    def commit(
        self,
        made: KeysView[str],
        written: set[str],
        remember: Callable[[Swapped], None],
        whole: Collection[str],
    ) -> WriteCounts:
        """Complete the new site in the spare folder (MADE: every file of it; WRITTEN: those written there now;
        WHOLE: those of MADE that are folders made whole, see Output.add_folder) and swap it in; then the old site
        is the spare.

        REMEMBER is given what the output folder holds after the swap just before it happens, to be kept as
        pending: a build killed right after the swap is then not taken for one killed before it.
        """
        counts = WriteCounts(written=len(written), unchanged=len(made) - len(written))
        previous_files = (self.previous.manifest or {}).keys()
        # The files gone and those added (at 100,000 articles, an edit's, one set of 187,000 paths compared with
        # another, not two).
        gone = set(itertools.filterfalse(made.__contains__, previous_files))
        added = _added(made, previous_files, written, gone)
        changes = (added, gone)
        if self.fresh:
            next_spare, linked = self._next_spare_of(made)
            swapped = self._swapped(made, written, changes, (), whole)
            folders = _in_order_of(swapped.folders, linked)
            spare = Spare(frozenset(), frozenset(), frozenset(), secrets.token_hex(8), folders)  # the new site's
            remember(replace(swapped, spare=spare))
            if self.folder.exists():  # an empty folder: the swap leaves it where the spare goes
                _exchange(self.spare_folder, self.folder)
                self.spare_folder.rmdir()
            else:
                _rename(self.spare_folder, self.folder)
            _rename(next_spare, self.spare_folder)
            (self.spare_folder / TOKEN).write_text(spare.token)
            return counts
        self._complete_spare(made, written, added, gone)
        found = self._foreign(previous_files, made)
        # --clean keeps hidden folders, as Hugo's --cleanDestinationDir does: a deploy checkout's .git is not a page
        foreign = found if self.keep_others else [entry for entry in found if hidden_folder(self.folder / entry)]
        dropped = [entry for entry in found if entry not in foreign] if foreign is not found else []
        if foreign:
            self._write_journal(foreign)
            for entry in foreign:  # moved, not copied: a deploy checkout's .git may be large
                move(self.folder / entry, self.spare_folder / entry)
        counts.removed = len(gone)
        swapped = self._swapped(made, written, changes, tuple(foreign), whole)
        # What the old site, as the spare, will hold; not the stat of the folders that others' files leave now.
        left = {folder_key(entry.rpartition("/")[0]) for entry in found}
        if self.previous.manifest is not None:
            # Its folders are as the last build recorded them, but for those someone changed since.
            left |= self.previous.changed_folders
            folders = self.previous.folders  # as it is, a table maybe (see _folders_as_last)
            unknown = dict.fromkeys([key for key in left if key in folders], UNKNOWN)  # (isdisjoint() looks at all)
            if unknown:
                folders = folders.with_stats(unknown) if isinstance(folders, StatTable) else {**folders, **unknown}
            changed = frozenset(written | gone)
            # The old site: the new one's files, but for those added now, and with those gone now.
            spare = Spare(frozenset(gone), frozenset(added), changed, secrets.token_hex(8), folders)
        else:
            # The last build's files are unknown (a first build into a folder, a cache lost), yet the old site
            # holds only this build's paths, linked to its files but for those written now: everything else in
            # it was someone else's (see _foreign). Known so, the next build need not make the spare again
            # (at 100,000 articles, removing it and linking the site cost that build 75 s); with its folders'
            # stat, nor stat each (0.8 s), but for those others' files leave (with --clean, after this). Those
            # of the paths it lacks (new now) are not there yet: the next build makes them, and stats them.
            holding = _folder_stats(os.path.join(os.fspath(self.folder), ""), {p.rpartition("/")[0] for p in made})
            folders = _in_order_of(swapped.folders, {k: UNKNOWN if k in left else v for k, v in holding.items()})
            spare = Spare(frozenset(), frozenset(), frozenset(written), secrets.token_hex(8), folders)
        remember(replace(swapped, spare=spare))
        _exchange(self.spare_folder, self.folder)
        if foreign:
            self._write_journal(())
        for entry in dropped:  # --clean: they are in the old site, now the spare, which holds only what kabar wrote
            remove(self.spare_folder / entry)
        if CATCH_UP * (len(spare.changed) + len(spare.fewer)) > len(made):
            spare = self._caught_up(spare, made, swapped.folders)
            remember(replace(swapped, spare=spare))
        (self.spare_folder / TOKEN).write_text(spare.token)
        return counts

    def _caught_up(self, spare: Spare, made: KeysView[str], site_folders: Mapping[str, Stat]) -> Spare:
        """SPARE, the old site just swapped out, made a copy of the new one (MADE, in folders SITE_FOLDERS): a hard
        link to each file it lacks or holds another version of, and none of those the new site lacks.

        A build that changed most of the site (a new theme, a setting every page shows) does so now rather than
        leave it to the next build, an edit: at 100,000 articles, a new tagline's first edit took 52.6 s (4.3-4.9 s
        now, as the others), most of it freeing the data of 186,000 old pages; the tagline's build 88 s, now 93.5 s."""
        site, kept = os.path.join(os.fspath(self.folder), ""), os.path.join(os.fspath(self.spare_folder), "")
        gone = spare.more | {path for path in spare.changed if path not in made}
        stale = {path for path in (*spare.changed, *spare.fewer) if path in made}
        for path in sorted(gone):  # first: a folder made whole may now be where one of these was, or hold one
            remove(Path(kept + path))
            prune(Path(kept + path), self.spare_folder)
        for path in sorted(stale):
            relink(site + path, kept + path)
        # The stat of the folders changed now; the top's is looked at by the next build (UNKNOWN), as a fresh spare's.
        now = _folder_stats(kept, {path.rpartition("/")[0] for path in (*gone, *stale)})
        folders = {**dict(spare.folders.items()), **now, "/": UNKNOWN}
        return Spare(frozenset(), frozenset(), frozenset(), spare.token, _in_order_of(site_folders, folders))

    def abort(self) -> None:
        """Forget this build: the output folder is left as it was, and the spare is made again next time."""
        if self.fresh:  # all it holds is this build's: leave no half-made folder
            if self._linking is not None:  # not waited for: at 100,000 articles, seconds of links thrown away
                self._linking[2].stop()
                shutil.rmtree(self._linking[0], ignore_errors=True)
            shutil.rmtree(self.spare_folder, ignore_errors=True)
        else:  # files of others' that were on their way into the new site go back
            self._recover()

    def _swapped(
        self,
        made: KeysView[str],
        written: Collection[str],
        changes: tuple[set[str], set[str]],
        foreign: tuple[str, ...],
        whole: Collection[str],
    ) -> Swapped:
        """What the output folder will hold once the new site in the spare folder is swapped in; its spare is the
        caller's to give (see commit), which notes the spare's folders in the order of these."""
        previous = self.previous.manifest or {}
        base = os.path.join(os.fspath(self.spare_folder), "")
        added, gone = changes
        # The files written now, and those someone changed since that this build found holding what it makes
        looked_at = {*written, *added, *(path for path in self.previous.changed_files if path in made)}
        now = {path: stat_of(os.stat(base + path)) for path in looked_at}
        manifest: Mapping[str, Stat]
        if isinstance(previous, StatTable):  # as read: changed where files were written, added or removed
            manifest = previous.with_changes(now, gone)
        else:
            manifest = dict(previous.items())  # the very files, hard-linked (290,000 at 100,000 articles)
            for path in gone:
                del manifest[path]
            manifest.update(now)
        # A folder changes when an entry in it is made, removed or renamed: those of every file this build
        # wrote, linked, removed or moved in (and their parents, which may be new) are looked at again.
        changed = with_parents({path.rpartition("/")[0] for path in (*written, *self._changed_in_spare, *foreign)})
        stale = {folder_key(relative) for relative in changed}
        known = {} if self.fresh else self.spare.folders
        skipped = {f"{path}/" for path in whole}  # see below
        if self.previous.manifest is not None and foreign == self.previous.foreign:
            # The last build's folders and those of the files added, less those left empty (see below).
            new = [folder_key(relative) for relative in with_parents({path.rpartition("/")[0] for path in added})]
            as_last = _folders_as_last(self.previous.folders, known, new, stale, skipped, base)
            if as_last is not None:
                return Swapped(os.stat(self.spare_folder).st_ino, manifest, as_last, None, foreign)
            keys = dict.fromkeys([*self.previous.folders, *new])
        else:
            holding = {path.rpartition("/")[0] for path in (*made, *foreign)}
            keys = [folder_key(relative) for relative in with_parents(holding)]
        # A rename leaves the folders' own mtimes as they are: those known are kept, but for those that changed, and
        # for the folders made whole, which are entries of the manifest (once folders of files, maybe). In one
        # comprehension, in the order of KEYS, the last build's: then the next build finds the same folders in the same
        # order, and takes them as a table (see _folders_as_last). At 100,000 articles, 190,000 folders (folder_key
        # inline: a call for each of 10,000 pictures' folders took 3 ms).
        folders: Manifest = {
            key: stat
            for key in keys
            if key not in skipped
            and (
                (stat := None if key in stale else known.get(key)) not in (None, UNKNOWN)
                or (stat := _folder_stat(base, key)) is not None
            )
        }
        # As the state keeps them (which it makes of a dictionary anyway): the next build may take them as they are.
        return Swapped(os.stat(self.spare_folder).st_ino, manifest, StatTable.of(folders), None, foreign)

    # ---------------------------------------------------------------- the spare folder

    def _recover(self) -> None:
        """Undo what a build that was stopped midway left half-done."""
        old = self.folder.parent / f".{self.folder.name}.kabar-old"  # see _exchange: three renames
        if old.exists():
            if not self.folder.exists():
                _rename(old, self.folder)
            else:
                shutil.rmtree(old)
        if self.journal is not None and self.journal.exists():  # foreign files moved, then no swap
            try:  # a list of paths, read as nothing else: the journal is in the cache folder, which may come from CI
                entries = msgspec.json.decode(self.journal.read_bytes(), type=list[str])
            except (OSError, msgspec.DecodeError):
                entries = []
            if not all_inside(entries):  # not written by kabar, which moves files only within the output folder
                entries = []
            for entry in entries:
                source, home = self.spare_folder / entry, self.folder / entry
                if os.path.lexists(source) and not os.path.lexists(home):
                    move(source, home)
            self.journal.unlink()

    def _ready_spare(self) -> Spare:
        """The spare as the last build left it, or an empty one when it is not known to be."""
        spare = self.spare_folder
        token_file = spare / TOKEN
        try:
            token = token_file.read_text()
            token_file.unlink()  # from here on it is being changed: a build stopped midway leaves no token
        except OSError:
            token = None
        known = self.previous.spare
        thrown = _thrown_beside(spare)  # those a stopped build left
        if not self.fresh and known is not None and token == known.token:
            self._remove_meanwhile(thrown)
            return known
        if spare.exists() or spare.is_symlink():
            thrown.append(_thrown_name(spare))
            _rename(spare, thrown[-1])
        self._remove_meanwhile(thrown)
        spare.mkdir()
        return Spare(frozenset(), frozenset((self.previous.manifest or {}).keys()), frozenset())  # it holds none

    def _remove_meanwhile(self, folders: list[Path]) -> None:
        """Remove FOLDERS in a child process while the build goes on (see finish): after `rm -rf public`, removing
        the spare of 10,000 articles held a build up 6 s. What cannot be removed is left for the next build."""
        if folders:
            self._removing = in_background(_remove_all, folders)

    def finish(self) -> None:
        """Wait until the spares thrown away are removed."""
        self._removing()
        self._removing = lambda: None

    def start_spare(self, written: Collection[str]) -> None:
        """In a first build, start making the spare the next build needs, a hard link to each file of the new site,
        from the files WRITTEN so far, in a child while this build goes on; commit links the rest.

        The spare is made by the first build rather than the next, so the first edit after a cold build costs what
        the others do (at 100,000 articles, linking the site took the first edit 34 s); and meanwhile, not at the
        end, for a folder per page is a mkdir each (at 10,000 articles, 1.2-5 s of a cold build after its last page).
        It is made under a name of those thrown away: left by a build that stopped, it is removed by the next.
        """
        if not self.fresh or self._linking is not None:
            return
        target, paths = _thrown_name(self.spare_folder), sorted(written)
        self._linking = (target, paths, in_background(_link_files, self.spare_folder, target, paths, True))

    def _next_spare_of(self, made: KeysView[str]) -> tuple[Path, dict[str, Stat]]:
        """The next spare, holding a hard link to each of MADE, the files of the new site (see start_spare), and the
        stat of its folders, as a spare's are known (else the first edit would stat each of them: 100,000 folders,
        0.5 s, at 100,000 articles)."""
        if self._linking is None:  # not started (an Output used without the pipeline's stages): linked here
            target = _thrown_name(self.spare_folder)
            return target, _link_files(self.spare_folder, target, sorted(made), anew=True)
        target, linked, child = self._linking
        folders = child()
        folders.update(_link_files(self.spare_folder, target, sorted(made - set(linked))))  # those changed since
        return target, folders

    def _complete_spare(self, made: KeysView[str], written: Collection[str], added: set[str], gone: set[str]) -> None:
        """Hard-link into the spare every unchanged file it lacks, and remove what the site no longer has (ADDED and
        GONE: the files of MADE the last build's site lacks, and those of that site MADE lacks)."""
        spare = self.spare
        # Those the spare lacks or holds another version of, but for those written there now.
        lacks = (added | (spare.fewer & made)) - spare.more
        missing = (lacks | (spare.changed & made)) - written
        site, kept = os.path.join(os.fspath(self.folder), ""), os.path.join(os.fspath(self.spare_folder), "")
        for path in sorted(missing):
            relink(site + path, kept + path)  # in place of a file, or of what someone left there, a folder even
        self._changed_in_spare.update(missing)
        for path in (gone - spare.fewer) | (spare.more - made):  # the spare's that the site no longer has
            if any(parent in made for parent in parents(path)):
                continue  # a file of a folder that is now made whole (a search shard's fragment/), which replaced it
            remove(self.spare_folder / path)  # a file, or a folder made whole
            prune(self.spare_folder / path, self.spare_folder)
            self._changed_in_spare.add(path)

    def _foreign(self, previous_files: KeysView[str], made: KeysView[str]) -> list[str]:
        """Files and folders in the output folder that kabar did not write, outermost only."""
        found = {entry for entry in self.previous.foreign if os.path.lexists(self.folder / entry)}
        known = self.previous.manifest is not None  # if not, look in every folder kabar writes to
        if not known or self.previous.changed_folders:  # else nothing was added anywhere since the last build
            ours = previous_files | made
            our_folders = with_parents({p.rpartition("/")[0] for p in ours})
            look_in = {key[:-1] for key in self.previous.changed_folders} if known else our_folders
            for relative in sorted(look_in - ours):  # not into a folder made whole: all it holds is ours
                try:
                    names = os.listdir(self.folder / relative)
                except (FileNotFoundError, NotADirectoryError):
                    continue
                entries = (f"{relative}/{name}" if relative else name for name in names)
                found.update(e for e in entries if e not in ours and e not in our_folders)
        return sorted(e for e in found if e not in made and not any(p in found for p in parents(e)))

    def _write_journal(self, entries: Collection[str]) -> None:
        if self.journal is None:
            return
        if entries:
            self.journal.parent.mkdir(parents=True, exist_ok=True)
            self.journal.write_bytes(msgspec.json.encode(list(entries)))
        else:
            unlink(self.journal)


def _added(made: KeysView[str], previous: KeysView[str], written: Collection[str], gone: set[str]) -> set[str]:
    """The files of MADE that PREVIOUS lacks (GONE: those of PREVIOUS that MADE lacks). Their count says how many
    there are, and WRITTEN, those of MADE written now, is where to look first: a file kept from the last build is
    one it made (with 10,000 photos, an edit compares 41,000 paths less)."""
    count = len(made) - len(previous) + len(gone)
    if not count:
        return set()
    added = set(itertools.filterfalse(previous.__contains__, written))
    if len(added) == count and all(map(made.__contains__, added)):
        return added
    return made - previous  # some kept that the last build did not make


def _in_order_of(site: Mapping[str, Stat], spare: Mapping[str, Stat]) -> StatTable:
    """The stat of the SPARE's folders, by folder_key, for those of the new SITE, in its order (UNKNOWN where the
    spare's is not known): as an edit leaves them, so that the next build takes both tables as they are (see
    _folders_as_last). Else the first edit after a cold build stat'ed every folder: at 100,000 articles, 190,000,
    0.8 s more than the edits after it."""
    return StatTable.of({key: spare.get(key, UNKNOWN) for key in site})


def _folder_stat(base: str, key: str) -> Stat | None:
    """The stat now of the folder KEY ('a/b/') of the site in BASE; None if it is not there (emptied by what was
    removed, and removed with it)."""
    try:
        return stat_of(os.stat(base + key[:-1]))
    except FileNotFoundError:
        return None


def _folders_as_last(
    previous: Mapping[str, Stat],
    known: Mapping[str, Stat],
    new: list[str],
    stale: set[str],
    skipped: set[str],
    base: str,
) -> StatTable | None:
    """The new site's folders, by folder_key, when they are those of the last build's site (PREVIOUS) and of the spare
    it becomes (KNOWN, the same table): KNOWN, with the stat now of those this build changed (STALE). None when not so
    (NEW folders for files added, an entry made whole that was a folder, one left empty), or not tables: see
    Swap._swapped. At 100,000 articles, 190,000 folders: in dictionaries they took an edit 0.3 s to read, pass on
    and save."""
    if not (isinstance(previous, StatTable) and isinstance(known, StatTable) and previous.names == known.names):
        return None
    index = known.index
    if not all(key in index for key in new) or not skipped.isdisjoint(index):
        return None
    now = {key: _folder_stat(base, key) for key in [*(stale & index.keys()), *known.paths_of(UNKNOWN)]}
    return None if None in now.values() else known.with_stats(now)


def hidden_folder(path: Path) -> bool:
    """Whether PATH is a folder (not a link to one) whose name starts with a dot."""
    try:
        return path.name.startswith(".") and S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


# ---------------------------------------------------------------- the swap itself


def _exchange(a: Path, b: Path) -> None:
    """Swap folders A and B in one step where the system can; else in three renames (see Swap._recover)."""
    if platform.exchange(a, b):
        return
    old = b.parent / f".{b.name}.kabar-old"
    _rename(b, old)
    try:
        _rename(a, b)
    except BaseException:
        _rename(old, b)  # the site goes back where it was
        raise
    _rename(old, a)


RENAME_TRIES = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)  # seconds between tries, where a folder in use cannot be renamed


def _thrown_name(spare: Path) -> Path:
    """A new name beside SPARE for a spare thrown away, or one being made (see _thrown_beside)."""
    return spare.with_name(f"{spare.name}{THROWN}{secrets.token_hex(4)}")


def _thrown_beside(spare: Path) -> list[Path]:
    """The spares thrown away that are still beside SPARE (by name: the output folder's may hold glob characters)."""
    start = f"{spare.name}{THROWN}"
    return [spare.parent / name for name in sorted(os.listdir(spare.parent)) if name.startswith(start)]


def _link_files(source: Path, target: Path, paths: list[str], anew: bool = False) -> dict[str, Stat]:
    """A hard link in TARGET to each of PATHS, files (or folders made whole) in SOURCE, sorted: a folder before what
    is in it; the stat of the folders that hold them, but the top, by folder_key. ANEW: TARGET is made, and what a
    child that stopped midway left there is thrown away first."""
    if anew:
        shutil.rmtree(target, ignore_errors=True)
        os.mkdir(target)
    folders_made: set[str] = set()
    base, linked = os.path.join(os.fspath(source), ""), os.path.join(os.fspath(target), "")
    for path in paths:
        parent = path.rpartition("/")[0]
        if parent and parent not in folders_made:
            os.makedirs(linked + parent, exist_ok=True)
            folders_made.add(parent)
        link(base + path, linked + path)
    return _folder_stats(linked, folders_made)


def _folder_stats(base: str, folders: set[str]) -> dict[str, Stat]:
    """The stat of each of FOLDERS (relative to BASE, a path ending in a separator) and of the folders they are in,
    but the top, by folder_key: a spare's, as a build records them. One that is not there, or not a folder, is left
    out."""
    stats = {}
    for folder in with_parents(folders) - {""}:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            if S_ISDIR((info := os.stat(base + folder)).st_mode):
                stats[folder_key(folder)] = stat_of(info)
    return stats


def _remove_all(folders: list[Path]) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):  # left for the next build to try again
            remove(folder)


def _rename(source: Path, target: Path) -> None:
    """os.rename; where a folder cannot be renamed while a file in it is open (Windows), tried again for a while."""
    for pause in () if platform.RENAME_OPEN else RENAME_TRIES:
        try:
            os.rename(source, target)
            return
        except PermissionError:
            time.sleep(pause)
    os.rename(source, target)
