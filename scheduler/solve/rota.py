"""The rota as people read it (docs/outputs.md): `assignments` and `duties` tables, built from a solve.

These two tables are the contract with the independent checker (scheduler.check.written), the reports
and the app; a published rota is exactly these tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
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
    # Built by column, each slot's words made once: a year of 100 wards has 80,000 rows.
    dates = [s.date.isoformat() for s in instance.slots]
    names = [s.name for s in instance.slots]
    demand = list(zip(instance.demand["ward"].tolist(), instance.demand["slot"].astype(int).tolist(), strict=True))
    people = [named.get(key) for key in demand]
    uncovered = [key for key, who in zip(demand, people, strict=True) if not who]
    reasons = explain_uncovered(instance, duties, uncovered, forbidden)
    assignments = pd.DataFrame({
        "date": [dates[t] for _, t in demand], "slot": [names[t] for _, t in demand], "ward": [w for w, _ in demand],
        "supporter_id": [who[0] if who else "" for who in people], "role": "primary",
        "reason": ["" if who else reasons[key].text(lang) for key, who in zip(demand, people, strict=True)],
    }, columns=list(ASSIGNMENT_COLUMNS))
    if instance.rules.redundancy > 1:  # each backup right after its ward-slot's primary
        second = [i for i, who in enumerate(people) if who and len(who) > 1]
        backups = assignments.iloc[second].assign(supporter_id=[people[i][1] for i in second], role="backup")
        order = np.argsort(np.concatenate([np.arange(len(demand)) * 2, np.array(second, dtype=np.int64) * 2 + 1]),
                          kind="stable")
        assignments = pd.concat([assignments, backups], ignore_index=True).iloc[order].reset_index(drop=True)

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
