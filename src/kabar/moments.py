"""How kabar counts time: the years a date may have, the news sitemap's window, and instants as integers.

Apart from models.py, which has the rest, so that a build that finds nothing changed (which needs these, and no
model) does not make the models' 35 dataclasses: 0.02 s.
"""

from __future__ import annotations

import datetime as dt

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)
# The years a date may have: far enough from datetime's limits that no offset or date arithmetic overflows;
# a year such as 0224 is a typo for 2024, not a story.
YEARS = (1000, 9998)
NEWS_WINDOW = dt.timedelta(days=2)  # how long a story stays in the news sitemap (Google News: two days)


def instant(moment: dt.datetime) -> int:
    """MOMENT (timezone-aware) as microseconds since 1970 UTC.

    Ints compare in a few nanoseconds; two aware datetimes in different zones ask each for its offset,
    and a rebuild compares dates tens of thousands of times.
    """
    return (moment - EPOCH) // MICROSECOND
