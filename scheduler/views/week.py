"""A ward manager's week: for one ward, each day and support slot, whom to call.

Built from the rota's `assignments` (docs/semantics.md, "The rota") and the support slots of the
period. A slot is `covered` (a supporter to call), `uncovered` (staff at work, nobody to call:
the ward's fallback applies) or `none` (nobody from the ward at work, so no cover is needed).
The reason why a slot is uncovered is left out on purpose: the week view is shown to the ward,
and the reason can name a colleague who is unavailable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pandas as pd

from scheduler.domain import Instance, Slot, SlotKind

__all__ = ["WEEK_COLUMNS", "week_starts", "week_of", "ward_week", "slot_now", "tonight"]

WEEK_COLUMNS = ("date", "slot", "kind", "start", "end", "status", "call_id", "call_name", "call_ward", "backup_id",
                "backup_name")


def week_starts(slots: Iterable[Slot]) -> list[dt.date]:
    """The Monday of every ISO week the period touches, in order."""
    return sorted({s.date - dt.timedelta(days=s.date.weekday()) for s in slots})


def week_of(day: dt.date, starts: Sequence[dt.date]) -> dt.date | None:
    """The Monday of `day`'s week if the period has it, else the nearest week the period has."""
    if not starts:
        return None
    monday = day - dt.timedelta(days=day.weekday())
    if monday in starts:
        return monday
    return starts[0] if monday < starts[0] else starts[-1]


def ward_week(instance: Instance, assignments: pd.DataFrame, ward_id: str, monday: dt.date) -> pd.DataFrame:
    """One row per support slot of the week (Monday to Sunday, inside the period) for `ward_id`."""
    days = {monday + dt.timedelta(days=i) for i in range(7)}
    names = {e: emp.name or e for e, emp in instance.employees.items()}
    home = {e: emp.ward for e, emp in instance.employees.items()}
    a = assignments[assignments["ward"].astype(str) == ward_id]
    by_key: dict[tuple[str, str], dict[str, str]] = {}
    for date, slot, sid, role in a[["date", "slot", "supporter_id", "role"]].astype(str).itertuples(index=False):
        by_key.setdefault((date, slot), {})[role] = "" if sid in ("", "nan") else sid
    rows = []
    for s in instance.slots:
        if s.date not in days:
            continue
        entry = by_key.get((s.date.isoformat(), s.name))
        call = (entry or {}).get("primary", "")
        backup = (entry or {}).get("backup", "")
        status = "none" if entry is None else "covered" if call else "uncovered"
        rows.append({"date": s.date, "slot": s.name, "kind": s.kind.value, "start": s.start, "end": s.end,
                     "status": status, "call_id": call, "call_name": names.get(call, call) if call else "",
                     "call_ward": home.get(call, "") if call else "", "backup_id": backup,
                     "backup_name": names.get(backup, backup) if backup else ""})
    return pd.DataFrame(rows, columns=list(WEEK_COLUMNS))


def slot_now(slots: Iterable[Slot], moment: dt.datetime) -> Slot | None:
    """The support slot running at `moment` (naive local time), if any."""
    return next((s for s in slots if s.start <= moment < s.end), None)


def tonight(slots: Iterable[Slot], day: dt.date) -> Slot | None:
    """The night slot that starts on `day`, if the period has one."""
    return next((s for s in slots if s.date == day and s.kind is SlotKind.NIGHT), None)
