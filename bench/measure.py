"""Run one build command and print, as one JSON line, what it cost.

    python bench/measure.py '["hugo", "--quiet"]'

bench/run.py starts this once per measured build, so that
getrusage(RUSAGE_CHILDREN) covers that build alone: ru_maxrss is then the
peak resident memory of the largest single process of the build (the tool,
its workers, any program it runs). As a child subreaper this process also
waits for helpers that outlive their parent, so they are counted too.

While the build runs, a thread reads VmHWM (peak RSS) of each process of the
build from /proc every 0.2 s, for a per-program breakdown (`by_program`); a
process that lives less than 0.2 s may be missed there, never in
`maxrss_kib`.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def descendants(root: int) -> list[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return [root, *found]


def sample(root: int, peaks: dict[str, int]) -> None:
    """Raise peaks[program] to the VmHWM (KiB) of each process of the build."""
    for pid in descendants(root):
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks[name] = max(peaks.get(name, 0), int(line.split()[1]))


def watch(root: int, peaks: dict[str, int], stop: threading.Event) -> None:
    while not stop.wait(0.2):
        sample(root, peaks)


def main() -> None:
    become_subreaper()
    peaks: dict[str, int] = {}
    stop = threading.Event()
    start = time.perf_counter()
    process = subprocess.Popen(json.loads(sys.argv[1]), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watcher = threading.Thread(target=watch, args=(process.pid, peaks, stop), daemon=True)
    watcher.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    watcher.join()
    while True:  # helpers left behind by the build, re-parented here
        try:
            os.wait()
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = {
        "seconds": seconds,
        "maxrss_kib": usage.ru_maxrss,
        "cpu": usage.ru_utime + usage.ru_stime,
        "by_program": peaks,
        "returncode": process.returncode,
        "stderr": stderr.decode(errors="replace")[-3000:],
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
