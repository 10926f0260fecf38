"""What a file looked like, to tell later whether it changed: shared by the cache and the publisher."""

from __future__ import annotations

import os

Stat = tuple[int, int]  # a file's mtime_ns and size


def stat_of(info: os.stat_result) -> Stat:
    return (info.st_mtime_ns, info.st_size)
