"""One build at a time writes an output folder: a second build of the same output is refused, not queued.

Where the system has flock, the lock goes with its holder however it ends (kill -9 included); elsewhere
(Windows) a lock file names its process, and one whose process is gone is taken over.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

from .. import platform
from ..errors import BuildError, Problem
from .files import unlink


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
            unlink(held)


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
        unlink(draft)


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
    unlink(aside)
