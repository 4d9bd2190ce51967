"""The rota as written: assignments.csv and duties.csv read back as plain texts, nothing trusted.

The checker never sees the planner's objects, only the two tables (docs/outputs.md): each row is
kept as written, with its line in the file and the slot it names resolved against the
:class:`~scheduler.check.context.CheckContext` (None when it names no slot of the horizon), so that
every finding can point at the row it is about. A duty is on when duties.csv lists it or an
assignment names the supporter — both ways count, so a missing row hides no limit. The small
readers of written text (dates, times, hours, numbers) live here too, shared by every check.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from scheduler.check.context import CheckContext, DutyKey, _clean

__all__ = ["AssignmentRow", "DutyRow", "WrittenRota", "parse_rota"]

_HOURS_TOLERANCE = 0.005  # hours are written with two decimals
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


@dataclass(frozen=True)
class AssignmentRow:
    """One row of assignments.csv; `line` is the 1-based line in the file (header = 1)."""

    line: int
    date_text: str
    date: dt.date | None
    slot: str
    ward: str
    supporter_id: str
    role: str
    reason: str
    t: int | None  # slot index, None when date/slot name is not a slot of the horizon


@dataclass(frozen=True)
class DutyRow:
    """One row of duties.csv, as written (texts) plus the resolved slot index."""

    line: int
    supporter_id: str
    name: str
    home_ward: str
    date_text: str
    date: dt.date | None
    slot: str
    start: str
    end: str
    wards_covered: str
    hours: str
    t: int | None


@dataclass(frozen=True)
class WrittenRota:
    """The rota as written. A duty (supporter, slot) is on when duties.csv lists it or an
    assignment names the supporter; both ways count, so a missing duty row hides no limit."""

    assignments: tuple[AssignmentRow, ...]
    duty_rows: tuple[DutyRow, ...]
    named: Mapping[DutyKey, frozenset[str]]  # wards each duty is named for (any role)
    listed: Mapping[DutyKey, tuple[DutyRow, ...]]  # duty rows per duty
    on_duty: frozenset[DutyKey]


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        try:
            return dt.datetime.fromisoformat(text).date()
        except ValueError:
            return None


def _records(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, str]]:
    """Rows as plain stripped strings; NaN and missing columns become ""."""
    cleaned = {c: _clean(frame[c]) if c in frame.columns else pd.Series([""] * len(frame)) for c in columns}
    table = pd.DataFrame({c: s.to_numpy() for c, s in cleaned.items()})
    return table.to_dict("records")  # type: ignore[return-value]


_ASSIGNMENT_COLUMNS = ("date", "slot", "ward", "supporter_id", "role", "reason")
_DUTY_COLUMNS = ("supporter_id", "name", "home_ward", "date", "slot", "start", "end", "wards_covered", "hours")


def parse_rota(ctx: CheckContext, assignments: pd.DataFrame, duties: pd.DataFrame) -> WrittenRota:
    """Read the two tables (docs/outputs.md); rows whose date/slot is not a slot of the horizon keep t=None."""
    for frame, needed, what in (
        (assignments, ("date", "slot", "ward", "supporter_id", "role"), "assignments"),
        (duties, ("supporter_id", "date", "slot"), "duties"),
    ):
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise ValueError(f"{what}.csv mangler kolonner / lacks columns: {', '.join(missing)}")

    def resolve(date: dt.date | None, slot: str) -> int | None:
        found = ctx.slot_at.get((date, slot)) if date else None
        return found.index if found else None

    rows = []
    for i, r in enumerate(_records(assignments, _ASSIGNMENT_COLUMNS)):
        date = _parse_date(r["date"])
        rows.append(AssignmentRow(i + 2, r["date"], date, r["slot"], r["ward"], r["supporter_id"],
                                  r["role"].lower(), r["reason"], resolve(date, r["slot"])))
    duty_rows = []
    for i, r in enumerate(_records(duties, _DUTY_COLUMNS)):
        date = _parse_date(r["date"])
        duty_rows.append(DutyRow(i + 2, r["supporter_id"], r["name"], r["home_ward"], r["date"], date,
                                 r["slot"], r["start"], r["end"], r["wards_covered"], r["hours"],
                                 resolve(date, r["slot"])))

    named: dict[DutyKey, set[str]] = defaultdict(set)
    for a in rows:
        if a.supporter_id and a.t is not None:
            named[(a.supporter_id, a.t)].add(a.ward)
    listed: dict[DutyKey, list[DutyRow]] = defaultdict(list)
    for d in duty_rows:
        if d.supporter_id and d.t is not None:
            listed[(d.supporter_id, d.t)].append(d)
    return WrittenRota(
        assignments=tuple(rows),
        duty_rows=tuple(duty_rows),
        named={k: frozenset(v) for k, v in named.items()},
        listed={k: tuple(v) for k, v in listed.items()},
        on_duty=frozenset(named) | frozenset(listed),
    )


def _parse_datetime(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def _parse_hours(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _number(text: str) -> float | None:
    """A number written as one (`5`, `1.5`, `-2e3`); None for anything else."""
    return _parse_hours(text) if _NUMBER.match(text.strip()) else None


def _duties_by_supporter(rota: WrittenRota) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for sid, t in sorted(rota.on_duty):
        out[sid].append(t)
    return out
