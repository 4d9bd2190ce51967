"""A turnus file's two layouts as one: aligned columns per cell, long or wide.

A long file (one row per employee and date) is taken as it is; a wide file (one row per employee,
one column per date) is unfolded to one row per filled cell, with the dates read from its header
(the year from the weekdays when the header has none, and dates far from the file's middle left
out). Both become :class:`Parts`, which the checks (scheduler.io.turnus_checks) and the reader
(scheduler.io.turnus) work on — integer codes per distinct text, never a Python string per cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scheduler.io.dates import parse_header_date, resolve_header_dates
from scheduler.io.factorized import Factorized
from scheduler.io.grid import Table
from scheduler.io.input_limits import DATE_WINDOW_DAYS, EARLIEST_YEAR, LATEST_YEAR
from scheduler.io.messages import error, info, warning
from scheduler.io.types import ReadingReport

__all__ = ["Parts", "long_parts", "wide_parts", "header_dates"]


@dataclass
class Parts:
    """Aligned columns of one file before checks; `pos` is the data row in the table (for raw text)."""

    cols: dict[str, Factorized]
    row: np.ndarray
    pos: np.ndarray

    def __len__(self) -> int:
        return len(self.row)


_FIELDS = ("employee_id", "date", "shift_code", "ward", "name", "profession", "start", "end")


def long_parts(table: Table, by: dict[str, int]) -> Parts:
    n = len(table)
    cols = {f: table.column(by[f]) if f in by else Factorized.constant("", n) for f in _FIELDS}
    return Parts(cols, table.rows, np.arange(n))


def wide_parts(table: Table, by: dict[str, int], date_cols: list[tuple[int, dt.date]]) -> Parts:
    n, k = len(table), len(date_cols)
    if k and n:  # row by row: row 1's dates, then row 2's
        merged = Factorized.concat([table.column(p) for p, _ in date_cols])
        cells = Factorized(merged.codes.reshape(k, n).T.reshape(-1), merged.uniques).strip()
    else:
        cells = Factorized.constant("", 0)
    keep = ~cells.empty()
    rep = np.repeat(np.arange(n), k)[keep]
    cols = {f: (table.column(by[f]) if f in by else Factorized.constant("", n)).take(rep)
            for f in ("employee_id", "ward", "name", "profession")}
    day_codes = np.tile(np.arange(k), n)[keep]
    cols["date"] = Factorized(day_codes, [d.isoformat() for _, d in date_cols])
    cols["shift_code"] = cells.take(np.flatnonzero(keep))
    cols["start"] = cols["end"] = Factorized.constant("", len(rep))
    return Parts(cols, table.rows[rep] if n else np.zeros(0, dtype=np.int64), rep)


def header_dates(table: Table, cols: dict[int, str], year_hint: int | None,
                 report: ReadingReport) -> list[tuple[int, dt.date]]:
    parts = [(p, parse_header_date(h)) for p, h in enumerate(table.header) if p not in cols and h]
    found = [(p, pd_) for p, pd_ in parts if pd_ is not None]
    dates, how = resolve_header_dates([pd_ for _, pd_ in found], year_hint)
    if how == "weekday":
        info(report, "Året er utledet av ukedagene i overskriftene.", "The year was inferred from the weekdays in the headers.")
    elif how == "guess":
        warning(report, "Overskriftene har ikke årstall; inneværende år er brukt.",
                "The headers have no year; the current year was used.",
                fix_no="Skriv årstall i datoene eller oppgi år.", fix_en="Write the year in the dates or give a year.")
    out: list[tuple[int, dt.date]] = []
    center = _middle([d for d in dates if d is not None and EARLIEST_YEAR <= d.year <= LATEST_YEAR])
    for (p, part), d in zip(found, dates, strict=True):
        if d is None:
            error(report, f"Overskriften «{table.header[p]}» er ikke en gyldig dato.",
                  f"The header «{table.header[p]}» is not a valid date.", column=table.header[p], raw=table.header[p])
            continue
        far = _far_date(d, center)
        if far is not None:
            error(report, f"Kolonnen med datoen {d.isoformat()} er ikke lest: {far[0]}",
                  f"The column dated {d.isoformat()} was not read: {far[1]}", column=table.header[p],
                  raw=table.header[p], fix_no="Rett årstallet i overskriften.", fix_en="Correct the year in the header.")
            continue
        if part.weekday is not None and d.weekday() != part.weekday:
            warning(report, f"Ukedagen i «{table.header[p]}» stemmer ikke med datoen {d.isoformat()}.",
                    f"The weekday in «{table.header[p]}» does not match the date {d.isoformat()}.",
                    column=table.header[p], raw=table.header[p])
        out.append((p, d))
    return out


def _middle(dates: Sequence[dt.date]) -> dt.date | None:
    """The median date: the middle of what a file plans, robust to a few mistyped years."""
    if not dates:
        return None
    return sorted(dates)[len(dates) // 2]


def _far_date(d: dt.date, center: dt.date | None) -> tuple[str, str] | None:
    """Why a date cannot be a date of this turnus (no, en), or None."""
    if not EARLIEST_YEAR <= d.year <= LATEST_YEAR:
        return (f"året {d.year} er utenfor {EARLIEST_YEAR}–{LATEST_YEAR}.", f"the year {d.year} is outside {EARLIEST_YEAR}–{LATEST_YEAR}.")
    if center is not None and abs((d - center).days) > DATE_WINDOW_DAYS:
        return (f"den ligger {abs((d - center).days)} dager fra midten av filens datoer ({center.isoformat()}); "
                f"grensen er {DATE_WINDOW_DAYS}.",
                f"it is {abs((d - center).days)} days from the middle of the file's dates ({center.isoformat()}); "
                f"the limit is {DATE_WINDOW_DAYS}.")
    return None
