"""The bundled sample moved to the current weeks: `make run` shows a rota for now, not for 2027.

The files in data/ keep their own dates (04.01.–28.02.2027: tests and docs pin them). When the app
loads the sample for `make run` (KOLLEGASTOTTE_SAMPLE=1), every ISO date in the canonical text
files is moved by the same whole number of weeks, so the sample starts on the Monday of the
current week and every date keeps its weekday: the turnus, training end dates, unavailable days
and incidents move together, and the plan is the same plan, weeks later (data/README.md,
README «make run»). The messy exports (dates as `04.01.27`, Excel serials) are left as
they are: they show how real exports look, not what is on today.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

__all__ = ["SAMPLE_ENV", "first_monday", "shift_dates", "sample_for_week_of"]

#: `make run` sets it to 1: the app starts on the sample, moved to the current weeks.
SAMPLE_ENV = "KOLLEGASTOTTE_SAMPLE"

#: An ISO date standing alone (also inside `2027-01-28..2027-02-03` and `2027-01-12 14:20`).
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?!\d)")
#: Files whose dates move: the canonical text files of the sample.
_TEXT_SUFFIXES = (".csv", ".toml")


def first_monday(turnus: bytes) -> dt.date | None:
    """The Monday of the week of the earliest ISO date in a canonical turnus file (None without one)."""
    dates = [_date(m) for m in _ISO_DATE.finditer(turnus.decode("utf-8", errors="replace"))]
    dates = [d for d in dates if d is not None]
    if not dates:
        return None
    first = min(dates)
    return first - dt.timedelta(days=first.weekday())


def shift_dates(data: bytes, weeks: int) -> bytes:
    """Every ISO date in a UTF-8 text moved by `weeks` whole weeks (weekdays kept); the rest unchanged."""
    if weeks == 0:
        return data
    delta = dt.timedelta(weeks=weeks)

    def moved(match: re.Match[str]) -> str:
        date = _date(match)
        return (date + delta).isoformat() if date is not None else match.group(0)

    return _ISO_DATE.sub(moved, data.decode("utf-8")).encode("utf-8")


def sample_for_week_of(files: Mapping[str, bytes], today: dt.date) -> dict[str, bytes]:
    """The sample's canonical files (file name → bytes, `turnus.csv` among them) with every date
    moved so the turnus starts on the Monday of `today`'s week; other files unchanged."""
    start = first_monday(files["turnus.csv"]) if "turnus.csv" in files else None
    if start is None:
        return dict(files)
    weeks = ((today - dt.timedelta(days=today.weekday())) - start).days // 7
    return {name: shift_dates(data, weeks) if name.endswith(_TEXT_SUFFIXES) else data for name, data in files.items()}


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
