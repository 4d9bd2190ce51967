"""The rota as people read it (docs/outputs.md): `assignments` and `duties` tables, built from a solve.

These two tables are the contract with the independent checker (scheduler.check.written), the reports
and the app; a published rota is exactly these tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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
    targets: Mapping[str, float] | None = None,
) -> Rota:
    """Name who covers each ward-slot, explain the rest, and lay both out as the output tables.
    `targets`: the fair shares, which the naming balances exposure against when fairness is over
    exposure (scheduler.solve.assign_packed)."""
    named = name_supporters(instance, duties, ward_locks, targets)
    uncovered = [(w, int(t)) for w, t in instance.demand[["ward", "slot"]].itertuples(index=False) if (w, int(t)) not in named]
    reasons = explain_uncovered(instance, duties, uncovered, forbidden)
    rows = []
    for ward, t in instance.demand[["ward", "slot"]].itertuples(index=False):
        slot = instance.slots[int(t)]
        people = named.get((ward, int(t)), [])
        base = {"date": slot.date.isoformat(), "slot": slot.name, "ward": ward}
        if not people:
            rows.append({**base, "supporter_id": "", "role": "primary", "reason": reasons[ward, int(t)].text(lang)})
            continue
        for role, sid in zip(("primary", "backup"), people[: instance.rules.redundancy], strict=False):
            rows.append({**base, "supporter_id": sid, "role": role, "reason": ""})
    assignments = pd.DataFrame(rows, columns=list(ASSIGNMENT_COLUMNS))

    covers: dict[tuple[str, int], list[str]] = {}
    for (ward, t), people in named.items():
        for sid in people[: instance.rules.redundancy]:
            covers.setdefault((sid, t), []).append(ward)
    duty_rows = []
    for sid, t in sorted(duties, key=lambda k: (k[1], k[0])):
        slot = instance.slots[t]
        employee = instance.employees[sid]
        duty_rows.append(
            {
                "supporter_id": sid,
                "name": employee.name,
                "home_ward": employee.ward,
                "date": slot.date.isoformat(),
                "slot": slot.name,
                "start": slot.start.isoformat(timespec="minutes"),
                "end": slot.end.isoformat(timespec="minutes"),
                "wards_covered": ";".join(sorted(covers.get((sid, t), []))),
                "hours": slot.duty_hours,
            }
        )
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
