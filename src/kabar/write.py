"""Stage 6: put the built files into the output folder, all at once, touching only what changed.

A reader, a web server or an upload step only ever sees a whole site: the
old one or the new one. Each build assembles the new site in a spare folder
beside the output folder (`.public.kabar-spare` for `public`) and, once
every page, feed and static file is made without a problem, swaps the two
folders in one atomic rename (renameat2's RENAME_EXCHANGE on Linux; three
renames elsewhere, which the next build completes if a build stops between
them). A build that fails, is interrupted or is killed leaves the output
folder as it was, and the next build starts again.

The spare is the previous site, kept after the swap, so a build never copies
the whole site: it writes the files whose bytes changed, hard-links from the
output folder the files the last build changed, and removes what is gone.
Unchanged files keep their inode, bytes and mtime. A spare that a stopped
build left half-made is thrown away and made again, a hard link per file.

kabar never deletes a file it did not write. Files in the output folder
that no build wrote (a CNAME, a deploy checkout's .git) are moved into each
new site before the swap; folders whose mtime changed since the last build
are where to look for new ones.

`place_file` is the one function that writes a page; render workers in
other processes call it too.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator, KeysView
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import msgspec

from . import platform
from .errors import BuildError, Problem
from .fingerprint import Stat, stat_of
from .state import Spare, all_inside

Manifest = dict[str, Stat]  # output path -> its stat as written (state.stat_of); a folder's path is its folder_key
TOKEN = ".kabar-spare"  # in the spare folder: says it is as the last build left it


@dataclass(frozen=True, slots=True)
class Swapped:
    """What the output folder holds after a build's swap, for the next build to compare with."""

    folder_id: int  # the inode of the new site's folder: tells whether a build killed midway swapped it in
    manifest: Manifest  # the files kabar wrote
    folders: Manifest  # the folders holding them and others' files
    spare: Spare | None
    foreign: tuple[str, ...]  # files and folders in it that kabar did not write


@dataclass(slots=True)
class WriteCounts:
    written: int = 0  # new or changed files
    unchanged: int = 0
    removed: int = 0


@dataclass(frozen=True, slots=True)
class Target:
    """Where one build writes: everything a render worker needs, and picklable."""

    folder: Path  # the output folder, compared with
    stage: Path  # the spare folder, written to
    fresh: bool  # no previous output: nothing to compare with


def place_file(target: Target, path: str, data: bytes, made: set[Path]) -> bool:
    """Write DATA for PATH into the spare unless the output already holds these bytes; True if written."""
    if not target.fresh:
        current = target.folder / path
        try:
            if current.stat().st_size == len(data) and current.read_bytes() == data:
                return False
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            pass
    staged = target.stage / path
    if staged.parent not in made:
        staged.parent.mkdir(parents=True, exist_ok=True)
        made.add(staged.parent)
    if not target.fresh:
        _unlink(staged)  # it may be a hard link to the live file: never write through it
    staged.write_bytes(data)
    return True


def _key(path: str | PurePosixPath) -> str:
    return path if isinstance(path, str) else path.as_posix()


def folder_key(relative: str) -> str:
    """A folder's key in the manifest: 'a/b' -> 'a/b/', the top -> '/'."""
    return relative + "/" if relative else "/"


@dataclass(slots=True)
class Previous:
    """What the last build left in the output folder, as far as it knew."""

    manifest: Manifest | None = None  # None: unknown, so every file not made now is kept as someone else's
    folders: Manifest = field(default_factory=dict)
    spare: Spare | None = None
    foreign: tuple[str, ...] = ()  # files and folders in it that kabar did not write
    changed_folders: set[str] = field(default_factory=set)  # keys of folders whose mtime changed since


class Output:
    """The output folder during one build."""

    def __init__(
        self,
        folder: Path,
        dry_run: bool = False,
        previous: Previous | None = None,
        journal: Path | None = None,
        keep_others: bool = True,
    ) -> None:
        self.folder = folder
        self.keep_others = keep_others  # files kabar did not write go into the new site too
        self.spare_folder = folder.parent / f".{folder.name}.kabar-spare"
        self.dry_run = dry_run
        self.previous = previous or Previous()
        self.journal = journal  # where foreign files being moved are listed, until the swap
        self.origin: dict[str, str] = {}  # output file ('kategori/x/index.html') -> what made it
        self.staged: set[str] = set()
        self.problems: list[Problem] = []
        self.counts = WriteCounts()
        self._made: set[Path] = set()
        self._changed_in_spare: set[str] = set()  # files linked into or removed from the spare
        if not dry_run:
            self._recover()
        fresh = not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))
        self.target = Target(folder=folder, stage=self.spare_folder, fresh=fresh)
        if not dry_run:
            self.spare = self._ready_spare()

    # ---------------------------------------------------------------- during the build

    def claim(self, path: str | PurePosixPath, origin: str) -> bool:
        """Reserve PATH for ORIGIN; two things writing one file is a problem."""
        path = _key(path)
        if path in self.origin:
            self.problems.append(Problem(origin, None, f"writes {path}, which {self.origin[path]} writes too"))
            return False
        self.origin[path] = origin
        return True

    def claim_all(self, paths: list[str], origins: list[str]) -> bool:
        """claim() for each of PATHS in turn (a build claims 20,000 pages): False if any was taken."""
        if self.origin.keys().isdisjoint(paths) and len(set(paths)) == len(paths):
            self.origin.update(zip(paths, origins, strict=True))
            return True
        return all([self.claim(path, origin) for path, origin in zip(paths, origins, strict=True)])

    def has(self, path: str | PurePosixPath) -> bool:
        return _key(path) in self.origin

    def add(self, path: str | PurePosixPath, data: bytes, origin: str) -> None:
        """Make PATH (relative to the output folder) hold DATA."""
        if self.claim(path, origin):
            self.place(_key(path), data)

    def place(self, path: str, data: bytes) -> None:
        """Write an already claimed PATH (or leave it, if its bytes are the same)."""
        if self.dry_run:
            return
        if place_file(self.target, path, data, self._made):
            self.staged.add(path)

    def staged_elsewhere(self, paths: list[str]) -> None:
        """Files another process wrote with place_file."""
        self.staged.update(paths)

    # ---------------------------------------------------------------- at the end

    def commit(self, remember: Callable[[Swapped], None] = lambda swapped: None) -> WriteCounts:
        """Complete the new site in the spare folder and swap it in; then the old site is the spare.

        REMEMBER is given what the output folder holds after the swap just before it happens, to be kept as
        pending: a build killed right after the swap is then not taken for one killed before it.
        """
        if self.problems:
            raise BuildError(self.problems)
        if self.dry_run:
            return self.counts
        self.counts.written = len(self.staged)
        self.counts.unchanged = len(self.origin) - len(self.staged)
        if self.target.fresh:
            remember(self._swapped(None, ()))
            if self.folder.exists():  # an empty folder: the swap leaves it as the spare, which is not needed
                _exchange(self.spare_folder, self.folder)
                self.spare_folder.rmdir()
            else:
                _rename(self.spare_folder, self.folder)
            return self.counts
        previous_files = (self.previous.manifest or {}).keys()
        self._complete_spare()
        foreign = self._foreign(previous_files)
        if self.keep_others:
            self._write_journal(foreign)
            for entry in foreign:  # moved, not copied: a deploy checkout's .git may be large
                self._move(self.folder / entry, self.spare_folder / entry)
        removed = previous_files - self.origin.keys()
        self.counts.removed = len(removed)
        spare = None  # what the old site, as the spare, will hold; unknown if the last build's files are
        if self.previous.manifest is not None:
            # Its folders are as the last build recorded them, but for those someone changed since and
            # those that others' files leave now.
            left = self.previous.changed_folders | {folder_key(entry.rpartition("/")[0]) for entry in foreign}
            folders = {k: v for k, v in self.previous.folders.items() if k not in left}
            changed = frozenset(self.staged | removed)
            spare = Spare(frozenset(previous_files), changed, secrets.token_hex(8), folders)
        remember(self._swapped(spare, tuple(foreign) if self.keep_others else ()))
        _exchange(self.spare_folder, self.folder)
        if self.keep_others:
            self._write_journal(())
        else:  # --clean: they are in the old site, now the spare, which holds only what kabar wrote
            for entry in foreign:
                _remove(self.spare_folder / entry)
        if spare is not None:
            (self.spare_folder / TOKEN).write_text(spare.token)
        return self.counts

    def abort(self) -> None:
        """Forget this build: the output folder is left as it was, and the spare is made again next time."""
        if self.dry_run:
            return
        if self.target.fresh:  # all it holds is this build's: leave no half-made folder
            shutil.rmtree(self.spare_folder, ignore_errors=True)
        else:  # files of others' that were on their way into the new site go back
            self._recover()

    def _swapped(self, spare: Spare | None, foreign: tuple[str, ...]) -> Swapped:
        """What the output folder will hold once the new site in the spare folder is swapped in."""
        previous = self.previous.manifest or {}
        base = os.path.join(os.fspath(self.spare_folder), "")
        manifest: Manifest = {path: previous.get(path) for path in self.origin}  # the very files, hard-linked
        for path in self.staged | (self.origin.keys() - previous.keys()):  # and those written now
            manifest[path] = stat_of(os.stat(base + path))
        # A folder changes when an entry in it is made, removed or renamed: those of every file this build
        # wrote, linked, removed or moved in (and their parents, which may be new) are looked at again.
        changed = _with_parents({path.rpartition("/")[0] for path in (*self.staged, *self._changed_in_spare, *foreign)})
        stale = {folder_key(relative) for relative in changed}
        known = {} if self.target.fresh else self.spare.folders
        if self.origin.keys() == previous.keys() and foreign == self.previous.foreign:
            keys = self.previous.folders.keys()  # the same files in the same places: the same folders
        else:
            holding = {path.rpartition("/")[0] for path in (*self.origin, *foreign)}
            keys = [folder_key(relative) for relative in _with_parents(holding)]
        folders: Manifest = {}
        for key in keys:  # a rename leaves the folders' own mtimes as they are
            stat = None if key in stale else known.get(key)
            folders[key] = stat_of(os.stat(base + key[:-1])) if stat is None else stat  # 'a/b/' -> 'a/b'
        return Swapped(os.stat(self.spare_folder).st_ino, manifest, folders, spare, foreign)

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
                    self._move(source, home)
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
        if not self.target.fresh and known is not None and token == known.token:
            return known
        if spare.exists() or spare.is_symlink():
            _remove(spare)
        spare.mkdir()
        return Spare(frozenset(), frozenset())

    def _complete_spare(self) -> None:
        """Hard-link into the spare every unchanged file it lacks, and remove what the site no longer has."""
        spare, folder = self.spare, self.folder
        made: set[Path] = set()
        for path in self.origin:
            if path in self.staged or (path in spare.paths and path not in spare.changed):
                continue
            linked = self.spare_folder / path
            if linked.parent not in made:
                linked.parent.mkdir(parents=True, exist_ok=True)
                made.add(linked.parent)
            _unlink(linked)
            os.link(folder / path, linked)
            self._changed_in_spare.add(path)
        for path in spare.paths - self.origin.keys():
            _unlink(self.spare_folder / path)
            _prune(self.spare_folder / path, self.spare_folder)
            self._changed_in_spare.add(path)

    def _foreign(self, previous_files: KeysView[str]) -> list[str]:
        """Files and folders in the output folder that kabar did not write, outermost only."""
        found = {entry for entry in self.previous.foreign if os.path.lexists(self.folder / entry)}
        known = self.previous.manifest is not None  # if not, look in every folder kabar writes to
        if not known or self.previous.changed_folders:  # else nothing was added anywhere since the last build
            ours = previous_files | self.origin.keys()
            our_folders = _with_parents({p.rpartition("/")[0] for p in ours})
            look_in = {key[:-1] for key in self.previous.changed_folders} if known else our_folders
            for relative in sorted(look_in):
                try:
                    names = os.listdir(self.folder / relative)
                except (FileNotFoundError, NotADirectoryError):
                    continue
                entries = (f"{relative}/{name}" if relative else name for name in names)
                found.update(e for e in entries if e not in ours and e not in our_folders)
        return sorted(e for e in found if e not in self.origin and not any(p in found for p in _parents(e)))

    def _move(self, source: Path, destination: Path) -> None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(destination):
            _remove(destination)
        os.rename(source, destination)

    def _write_journal(self, entries) -> None:
        if self.journal is None:
            return
        if entries:
            self.journal.parent.mkdir(parents=True, exist_ok=True)
            self.journal.write_bytes(msgspec.json.encode(list(entries)))
        else:
            _unlink(self.journal)


# ---------------------------------------------------------------- one build at a time


@contextlib.contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    """Hold LOCK_FILE for one build; a second build of the same output is refused, not queued."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with _flocked(lock_file) if platform.FLOCK else _held(lock_file.with_name(lock_file.name + ".held")):
        yield


def _refused(lock_file: Path, holder: str) -> BuildError:
    message = f"another kabar build ({holder}) is writing this output folder; try again when it ends"
    return BuildError([Problem(str(lock_file), None, message)])


@contextlib.contextmanager
def _flocked(lock_file: Path) -> Iterator[None]:
    import fcntl

    with open(lock_file, "a+") as handle:
        waited = 0.0
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                # A build killed with kill -9 is gone at once, its workers (which share the lock) a moment
                # later: they die with it (parallel._die_with_parent). Wait for them, not for a live build.
                if _alive(holder) or waited >= DYING_WORKERS:
                    raise _refused(lock_file, holder) from None
                time.sleep(0.05)
                waited += 0.05
        handle.truncate(0)
        handle.write(f"process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)  # the lock itself goes with the file handle, even on kill -9


DYING_WORKERS = 5.0  # seconds to wait for the workers of a build that was killed to let go of its lock


def _alive(holder: str) -> bool:
    """Whether the process a lock file names ('process 5512') still runs; True when it cannot tell (POSIX)."""
    pid = holder.removeprefix("process ")
    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: it runs
        return True
    return True


@contextlib.contextmanager
def _held(held: Path) -> Iterator[None]:
    """Without flock (Windows): HELD exists while a build runs, naming its process; one whose process is gone
    (a build killed, a machine switched off) is taken over. With no fork there are no workers to wait for."""
    import psutil

    me = psutil.Process()
    mine = f"process {me.pid}\nstarted {me.create_time()!r}\n"
    for _ in range(3):  # a stale file taken away, then a race for the free lock: lost only to a live build
        if _create_exclusively(held, mine):
            break
        holder = _read(held)
        if holder is not None and _holder_runs(holder):
            raise _refused(held, holder.partition("\n")[0])
        if holder is not None:
            _take_away(held, holder)
    else:
        raise _refused(held, "another process")
    try:
        yield
    finally:
        if _read(held) == mine:
            _unlink(held)


def _create_exclusively(path: Path, text: str) -> bool:
    """Make PATH hold TEXT, whole from the first moment another process can see it; False if it exists."""
    draft = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    draft.write_text(text)
    try:
        os.link(draft, path)  # unlike a rename, a link never replaces what is there
        return True
    except FileExistsError:
        return False
    finally:
        _unlink(draft)


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except FileNotFoundError:  # let go of in the meantime
        return None


def _holder_runs(holder: str) -> bool:
    """Whether the process a lock file names (a line 'process 5512', then 'started 1767225600.12') still runs.

    Its start time tells it from a later process that was given the same id.
    """
    import psutil

    fields = dict(line.split(" ", 1) for line in holder.splitlines() if " " in line)
    try:
        process = psutil.Process(int(fields["process"]))
        started = float(fields["started"])
    except (KeyError, ValueError):  # not a file this function's build wrote: someone else's business
        return True
    except psutil.NoSuchProcess:
        return False
    try:
        return abs(process.create_time() - started) < 1 and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:  # someone else's process: it runs
        return True


def _take_away(held: Path, holder: str) -> None:
    """Remove HELD, as long as it still names the dead HOLDER; a lock someone took meanwhile is put back."""
    aside = held.with_name(f"{held.name}.stale.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        os.rename(held, aside)  # one process wins this file; the others find it gone
    except FileNotFoundError:
        return
    if aside.read_text() != holder:
        with contextlib.suppress(FileExistsError):
            os.link(aside, held)
    _unlink(aside)


# ---------------------------------------------------------------- files and folders


def _exchange(a: Path, b: Path) -> None:
    """Swap folders A and B in one step where the system can; else in three renames (see _recover)."""
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


def _rename(source: Path, target: Path) -> None:
    """os.rename; where a folder cannot be renamed while a file in it is open (Windows), tried again for a while."""
    for pause in () if platform.RENAME_OPEN else RENAME_TRIES:
        try:
            os.rename(source, target)
            return
        except PermissionError:
            time.sleep(pause)
    os.rename(source, target)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        _unlink(path)


def _prune(file: Path, top: Path) -> None:
    """Remove FILE's folders that are now empty, up to TOP."""
    parent = file.parent
    while parent != top:
        try:
            parent.rmdir()
        except OSError:  # not empty, or already gone
            return
        parent = parent.parent


def _parents(relative: str) -> Iterator[str]:
    while "/" in relative:
        relative = relative.rpartition("/")[0]
        yield relative


def _with_parents(folders: set[str]) -> set[str]:
    result = {""}
    for folder in folders:
        while folder and folder not in result:
            result.add(folder)
            folder = folder.rpartition("/")[0]
    return result
