"""The label a reader knows a time's zone by: Indonesia's three zones by name, any other by its offset.

"09.30 WIB" is how Indonesian newsrooms write a time; a story dated with another offset shows "UTC+05:30".
"""

from __future__ import annotations

import datetime as dt

INDONESIAN_ZONES = {7 * 3600: "WIB", 8 * 3600: "WITA", 9 * 3600: "WIT"}  # Western, Central, Eastern Indonesia


def zone_label(moment: dt.datetime) -> str:
    """WIB, WITA or WIT for +07:00, +08:00, +09:00; else "UTC", "UTC+05:30", "UTC-03:00"."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment} has no time zone")  # kabar makes every date aware when it loads it
    seconds = int(offset.total_seconds())
    if seconds in INDONESIAN_ZONES:
        return INDONESIAN_ZONES[seconds]
    if seconds == 0:
        return "UTC"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"UTC{'+' if seconds > 0 else '-'}{hours:02d}:{minutes:02d}"


def has_time(moment: dt.datetime) -> bool:
    """Whether MOMENT shows a time of day: midnight is a day without one (`date: 2017-04-07`, or a Jekyll post's file
    name), which pages, cards and search results show as the day only: no story is shown as written at "00.00"."""
    return (moment.hour, moment.minute, moment.second, moment.microsecond) != (0, 0, 0, 0)
