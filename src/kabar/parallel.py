"""Fan work out over processes: fork, so workers inherit the Site instead of receiving it pickled.

`fan_out(function, chunks, jobs, shared)` calls function(shared, chunk) for
each chunk and returns the results in order; with jobs=1 (or one chunk) it
runs in this process, so `--jobs 1` does the very same work. `in_background`
runs one call in a forked child while the build goes on. Where there is no
fork (Windows, or KABAR_PORTABLE=1), all of it runs in this process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from . import platform

T = TypeVar("T")
R = TypeVar("R")

_shared: Any = None  # set just before forking; each worker reads its own copy


def default_jobs() -> int:
    """All the cores this process may use; one where workers cannot be forked."""
    return platform.usable_cores() if platform.FORK else 1


def chunked(items: Sequence[T], jobs: int, per_job: int = 4) -> list[Sequence[T]]:
    """Split ITEMS into about JOBS * PER_JOB runs of neighbours (neighbours share cached work)."""
    count = max(1, min(len(items), jobs * per_job))
    size = -(-len(items) // count) if items else 1
    return [items[i : i + size] for i in range(0, len(items), size)]


def fan_out(function: Callable[[Any, Any], R], chunks: Sequence[Any], jobs: int, shared: Any = None) -> list[R]:
    global _shared
    if jobs <= 1 or len(chunks) < 2 or not platform.FORK:
        return [function(shared, chunk) for chunk in chunks]
    import multiprocessing  # here: most rebuilds start no worker, and it takes 0.005 s to import

    _shared = shared
    try:
        workers = min(jobs, len(chunks))
        with _stops_held():  # the workers start with them held: see _start_worker
            pool = multiprocessing.get_context("fork").Pool(workers, _start_worker, (os.getpid(),))
        with pool:
            return pool.map(_call, [(function, chunk) for chunk in chunks], chunksize=1)
    finally:
        _shared = None


_STOPS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _stops_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back from this thread while it forks a pool's workers (and from the threads the pool
    starts, which fork more), so that each worker starts with them held too (see _start_worker); a Ctrl-C that
    comes meanwhile reaches this process right after. Only where there is fork, and so pthread_sigmask."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _start_worker(parent: int) -> None:
    """A pool's worker dies with the build (see _die_with_parent), and leaves Ctrl-C to it: the build stops the pool,
    whose terminate() ends each worker with SIGTERM, quietly, by its default action. A worker that took Ctrl-C (sent
    to the terminal's whole process group) would print a KeyboardInterrupt's traceback, and one killed by it while
    it waits for a task, holding the pool's queue lock, would leave terminate() waiting for that lock for ever.

    The worker starts with both held (see _stops_held), and lets them in only once they do that. Under kabar serve,
    whose handler a forked worker inherits, a SIGTERM that came before Python had set itself up in the new process
    was lost (Python forgets a caught signal on fork): the pool's other worker had done every task, so terminate()
    came early, and waited for ever for a worker that never stopped (the test suite hung so once in about 500 runs).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the handler of a kabar serve it was forked from
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)  # a SIGTERM held meanwhile ends the worker now
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """A build killed with kill -9 must not leave workers behind, still writing and holding its lock (Linux).

    PARENT: the build's process id; one that died before this child asked to die with it is gone already.
    """
    platform.die_with_parent()
    if os.getppid() != parent:
        os._exit(1)


def _call(task: tuple[Callable[[Any, Any], R], Any]) -> R:
    function, chunk = task
    return function(_shared, chunk)


# A child that gives way (see in_background) still gets a tenth of a core the build wants, and every idle one.
YIELDING_NICENESS = 10


def in_background(function: Callable[..., R], *args: Any, yielding: bool = False) -> Background:
    """Start FUNCTION(*ARGS) in a forked child; return a function that waits for its result.

    For work that waits on the system rather than on Python, such as a stat() of every output
    file, while this process goes on with its own. The child inherits ARGS; only the result is
    pickled back. Without fork, the call is made here and now. What is returned may also stop() the child.
    YIELDING: the child runs at a lower priority, giving way to the build and to children it waits for first.
    """
    if not platform.FORK:
        return _Done(function(*args))
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: send the result, then leave without running the parent's exit handlers
        try:
            os.close(read)
            _die_with_parent(parent)
            if yielding:
                os.nice(YIELDING_NICENESS)
            with os.fdopen(write, "wb") as pipe:
                pickle.dump(function(*args), pipe, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(0)
    os.close(write)
    return _Background(pid, read, function, args)


class _Background:
    def __init__(self, pid: int, read: int, function: Callable[..., Any], args: tuple) -> None:
        self.pid, self.read, self.function, self.args = pid, read, function, args
        # If the result is never asked for (the build stopped first): no pipe left open, no zombie.
        self.release = weakref.finalize(self, _release, pid, read)

    def __call__(self) -> Any:
        with os.fdopen(self.read, "rb", closefd=False) as pipe:
            data = pipe.read()
        self.release()
        try:
            return pickle.loads(data)
        except Exception:  # the child failed (it was killed, or the work raised): do the work here
            return self.function(*self.args)

    def stop(self) -> None:
        """Kill the child if it still works (what it makes is not wanted any more), and reap it."""
        if self.release.alive:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.release()


class _Done:
    """in_background's work where there is no fork: done already."""

    def __init__(self, result: Any) -> None:
        self.result = result

    def __call__(self) -> Any:
        return self.result

    def stop(self) -> None:
        pass


Background = _Background | _Done


def _release(pid: int, read: int) -> None:
    os.close(read)
    os.waitpid(pid, 0)
