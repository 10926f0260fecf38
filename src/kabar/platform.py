"""What this system offers kabar beyond portable Python, probed once at import: every caller asks here.

Linux has every facility below; macOS lacks renameat2 and prctl; Windows lacks them all. Each caller has
a fallback for each one. KABAR_PORTABLE=1 in the environment turns them all off, as on Windows, so that
the fallbacks run (and are tested) on Linux too.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

PORTABLE = os.environ.get("KABAR_PORTABLE") == "1"
_WINDOWS = sys.platform == "win32"

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

# Workers forked from the build inherit its Site instead of receiving it pickled; without, work is done in-process.
FORK = not PORTABLE and hasattr(os, "fork")
# A lock the system lets go of when its holder dies, however it dies; without, a lock file naming its process.
FLOCK = not PORTABLE and fcntl is not None
# Reads at an offset that leave the file's position alone (forked workers share it); without, the file is read
# whole and closed at once, which Windows needs anyway to replace the file later.
PREAD = not PORTABLE and hasattr(os, "pread")
# A folder can be renamed while a file in it is open; not on Windows, where a rename is retried for a moment
# (the preview server may be sending a page, a virus scanner reading one).
RENAME_OPEN = not PORTABLE and not _WINDOWS


def _libc(name: str, argtypes: list | None = None) -> Callable[..., int] | None:
    """The C library's function NAME, on Linux; None elsewhere or where the library lacks it."""
    if PORTABLE or not sys.platform.startswith("linux"):
        return None
    try:
        function = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (AttributeError, OSError, TypeError):  # TypeError: CDLL(None) on Windows, which has no default library
        return None
    if argtypes is not None:
        function.argtypes = argtypes
    return function


# renameat2(RENAME_EXCHANGE): two folders swapped in one step; without, in three renames that a stopped build's
# successor completes (publish.swap.Swap._recover).
renameat2 = _libc("renameat2", [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint])
# prctl(PR_SET_PDEATHSIG): a forked worker dies with its build, even after kill -9; without, it is not asked to.
prctl = _libc("prctl")  # variadic: no argtypes
_AT_FDCWD, _RENAME_EXCHANGE, _PR_SET_PDEATHSIG, _SIGKILL = -100, 2, 1, 9


@functools.cache
def nice_command() -> str | None:
    """The nice command, which a child is run under to give way to the build's own work (pagefind: see
    pagefind_runs.py); None where there is none, and on Windows, where one from Git's tools would be handed Windows
    paths: the child then runs at the build's priority. Looked for when first asked: a build that finds nothing
    changed never asks."""
    return None if PORTABLE or _WINDOWS else shutil.which("nice")


def facilities() -> dict[str, bool]:
    """Which facilities this system offers kabar, by name."""
    return {
        "fork": FORK,
        "flock": FLOCK,
        "pread": PREAD,
        "rename_open": RENAME_OPEN,
        "renameat2": renameat2 is not None,
        "prctl": prctl is not None,
        "nice": nice_command() is not None,
    }


def exchange(a: Path, b: Path) -> bool:
    """Swap folders A and B in one atomic step; False, having done nothing, where the system cannot."""
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # an old kernel, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))


def die_with_parent() -> None:
    """Have the system kill this (forked) process when its parent dies, where it can."""
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, _SIGKILL)


def usable_cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    if not PORTABLE and hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
