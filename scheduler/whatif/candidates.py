"""Who could be trained next: one candidate per ward and profession, and a screen that ranks them
before any solve, so a sweep solves a short list instead of every ward (docs/whatif.md).

A candidate stands for "train one more <profession> in <ward>": it is planned with the turnus of
one employee there who is not a supporter — the one whose number of worked shifts is the median of
that ward's <profession>s (ties: the lowest id), so the answer is not bent by the busiest or the
part-timer. The screen counts, on the current best rota, what that person could take over: the
uncovered ward-slots they could cover, then the duties of the busiest supporters they could relieve.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from scheduler.domain import Instance, ShiftKind, Supporter
from scheduler.io.types import Inputs
from scheduler.model.eligibility import EligibilityCache, profile

__all__ = ["Candidate", "Screen", "candidates", "with_candidates", "screen"]


@dataclass(frozen=True, order=True)
class Candidate:
    """Train one more supporter of `profession` in `ward`; planned as employee `employee_id`."""

    ward: str
    profession: str
    employee_id: str

    @property
    def label(self) -> str:
        return f"{self.ward} × {self.profession or '–'}"


@dataclass(frozen=True)
class Screen:
    """What a candidate could take over on the current best rota (higher is more promising)."""

    candidate: Candidate
    coverable_gaps: int  # uncovered ward-slots they could cover
    relief: int  # slots where a supporter at the busiest loads is on duty and they could be too

    @property
    def key(self) -> tuple[int, int, Candidate]:
        return (-self.coverable_gaps, -self.relief, self.candidate)


def _worked_shifts(turnus: pd.DataFrame) -> pd.Series:
    """Worked shifts per employee (the kind of day that makes demand and availability)."""
    work = turnus[turnus["kind"].astype(str) == str(ShiftKind.WORK)]
    return work.groupby("employee_id").size()


def candidates(inputs: Inputs) -> list[Candidate]:
    """One candidate per ward and profession with an employee there who is not a supporter yet."""
    worked = _worked_shifts(inputs.turnus)
    groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for eid, employee in inputs.employees.items():
        if eid in inputs.supporters or not employee.ward or eid not in worked.index:
            continue
        groups.setdefault((employee.ward, employee.profession), []).append((int(worked[eid]), eid))
    found = []
    for (ward, prof), people in sorted(groups.items()):
        people.sort(key=lambda p: (p[0], p[1]))
        counts = sorted(n for n, _ in people)
        median = counts[(len(counts) - 1) // 2]
        chosen = min((abs(n - median), eid) for n, eid in people)[1]
        found.append(Candidate(ward, prof, chosen))
    return found


def with_candidates(inputs: Inputs, chosen: Iterable[Candidate]) -> Inputs:
    """The inputs with each chosen candidate's employee a supporter (the rules' default limits)."""
    added = {c.employee_id: Supporter(employee_id=c.employee_id, name=inputs.employees[c.employee_id].name)
             for c in chosen}
    return dataclasses.replace(inputs, supporters={**inputs.supporters, **added})


def screen(instance: Instance, pool: Sequence[Candidate], uncovered: Iterable[tuple[str, int]],
           duties: Iterable[tuple[str, int]], ratios: Mapping[str, float]) -> list[Screen]:
    """Each candidate of `pool` scored on a rota (`uncovered` ward-slots, `duties`, each supporter's
    load ÷ fair share), most promising first. `instance` must hold every candidate as a supporter."""
    fits = EligibilityCache(instance)
    available: dict[str, set[int]] = {}
    for sid, t in instance.availability[["supporter_id", "slot"]].itertuples(index=False):
        available.setdefault(sid, set()).add(int(t))
    gaps = list(uncovered)
    busiest = max(ratios.values(), default=0.0)
    busy_slots = {t for sid, t in duties if busiest > 0 and ratios.get(sid, 0.0) >= 0.9 * busiest}
    scored = []
    for candidate in pool:
        slots = available.get(candidate.employee_id, set())
        if not slots:
            scored.append(Screen(candidate, 0, 0))
            continue
        who = profile(instance, candidate.employee_id)
        coverable = sum(1 for ward, t in gaps if t in slots and fits(who, ward))
        scored.append(Screen(candidate, coverable, len(slots & busy_slots)))
    return sorted(scored, key=lambda s: s.key)
