"""The rota as people read it (docs/outputs.md): `assignments` and `duties` tables, built from a solve.

These two tables are the contract with the independent checker (scheduler.check.written), the reports
and the app; a published rota is exactly these tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from scheduler.domain import Instance, Pin
from scheduler.solve.assign import name_supporters
from scheduler.solve.explain import UncoveredReason, explain_uncovered

__all__ = ["Rota", "ASSIGNMENT_COLUMNS", "DUTY_COLUMNS", "build_rota", "duty_keys"]

ASSIGNMENT_COLUMNS = ("date", "slot", "ward", "supporter_id", "role", "reason")
DUTY_COLUMNS = ("supporter_id", "name", "home_ward", "date", "slot", "start", "end", "wards_covered", "hours")


@dataclass(frozen=True)
class Rota:
    assignments: pd.DataFrame
    duties: pd.DataFrame
    reasons: dict[tuple[str, int], UncoveredReason]

    @property
    def uncovered(self) -> pd.DataFrame:
        a = self.assignments
        return a[(a["role"] == "primary") & (a["supporter_id"] == "")]


def build_rota(
    instance: Instance,
    duties: set[tuple[str, int]],
    ward_locks: list[Pin] | tuple[Pin, ...] = (),
    forbidden: set[tuple[str, int]] = frozenset(),
    lang: str = "no",
) -> Rota:
    """Name who covers each ward-slot, explain the rest, and lay both out as the output tables."""
    named = name_supporters(instance, duties, ward_locks)
    # Rows as tuples, each slot's words made once: a year of 100 wards has 80,000 rows.
    dates = [s.date.isoformat() for s in instance.slots]
    names = [s.name for s in instance.slots]
    demand = list(zip(instance.demand["ward"].tolist(), instance.demand["slot"].astype(int).tolist(), strict=True))
    uncovered = [key for key in demand if key not in named]
    reasons = explain_uncovered(instance, duties, uncovered, forbidden)
    rows: list[tuple[str, str, str, str, str, str]] = []
    for ward, t in demand:
        people = named.get((ward, t))
        if not people:
            rows.append((dates[t], names[t], ward, "", "primary", reasons[ward, t].text(lang)))
            continue
        for role, sid in zip(("primary", "backup"), people[: instance.rules.redundancy], strict=False):
            rows.append((dates[t], names[t], ward, sid, role, ""))
    assignments = pd.DataFrame(rows, columns=list(ASSIGNMENT_COLUMNS))

    covers: dict[tuple[str, int], list[str]] = {}
    for (ward, t), people in named.items():
        for sid in people[: instance.rules.redundancy]:
            covers.setdefault((sid, t), []).append(ward)
    starts = [s.start.isoformat(timespec="minutes") for s in instance.slots]
    ends = [s.end.isoformat(timespec="minutes") for s in instance.slots]
    duty_rows = []
    for sid, t in sorted(duties, key=lambda k: (k[1], k[0])):
        employee = instance.employees[sid]
        duty_rows.append((sid, employee.name, employee.ward, dates[t], names[t], starts[t], ends[t],
                          ";".join(sorted(covers.get((sid, t), []))), instance.slots[t].duty_hours))
    return Rota(assignments, pd.DataFrame(duty_rows, columns=list(DUTY_COLUMNS)), reasons)


def duty_keys(instance: Instance, duties: pd.DataFrame) -> set[tuple[str, int]]:
    """(supporter, slot index) of a duties table, e.g. a published rota, for re-planning."""
    index = {(s.date, s.name): s.index for s in instance.slots}
    keys = set()
    for sid, date, slot in duties[["supporter_id", "date", "slot"]].itertuples(index=False):
        t = index.get((dt.date.fromisoformat(str(date)), str(slot)))
        if t is not None:
            keys.add((str(sid), t))
    return keys
