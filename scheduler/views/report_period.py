"""Which year the leadership report opens on: the one that holds most of the rota in force.

A rota of 04.01.2027–02.01.2028 has two days in 2028; opening on the year of its last day showed
"2 av 366 dager" (issue 25, item 8). The year with most dates in force is the rota's own; on a tie
the later one; with nothing in force, the year of `today`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

__all__ = ["report_year", "report_years"]


def report_year(dates: Iterable[dt.date], today: dt.date) -> int:
    """The year holding most of `dates` (the later on a tie), else `today`'s year."""
    counts = Counter(d.year for d in dates)
    if not counts:
        return today.year
    return max(counts, key=lambda year: (counts[year], year))


def report_years(dates: Iterable[dt.date], today: dt.date, back: int = 6) -> list[int]:
    """The years to offer, newest first: from the last year with a date in force (or today's) back `back` years,
    always including :func:`report_year`'s."""
    dates = list(dates)
    newest = max([d.year for d in dates] or [today.year])
    years = list(range(newest, newest - back, -1))
    chosen = report_year(dates, today)
    return years if chosen in years else sorted({*years, chosen}, reverse=True)
