"""Who may be on call in a slot, and why the others may not (docs/domain.md, «The on-call
supporter»). Only supporters who opted in (`on_call = ja`), trained on the date, not marked
unavailable and not on leave that day; never in a slot where they work their own shift or hold
an on-site support duty, nor (with `rest_after_night`) in the slot right after a night they
worked; and never for a slot where the only wards without cover are their own (or led by them) —
distance is why the scheme exists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from scheduler.domain import Instance, SlotKind
from scheduler.oncall.need import Need

__all__ = ["Candidates", "CAUSES", "on_call_candidates", "at_work"]

#: Why an opted-in supporter may not be on call in a slot, in the order a reason lists them.
CAUSES = ("at_work", "absent", "training", "rest", "own_ward")


@dataclass
class Candidates:
    """Per needed slot: who may be on call, and how many opted-in supporters may not, by cause."""

    may: dict[int, list[str]] = field(default_factory=dict)
    blocked: dict[int, Counter] = field(default_factory=dict)
    opted_in: tuple[str, ...] = ()


def at_work(instance: Instance, duties: pd.DataFrame) -> set[tuple[str, int]]:
    """(supporter, slot) where the supporter works a shift of their own turnus, is on a support
    shift, or holds an on-site duty."""
    out: set[tuple[str, int]] = set()
    for frame in (instance.availability, instance.blocked):
        if len(frame):
            out |= {(str(s), int(t)) for s, t in frame[["supporter_id", "slot"]].itertuples(index=False)}
    if len(instance.attendance):
        people = instance.attendance[instance.attendance["employee_id"].astype(str).isin(list(instance.supporters))]
        out |= {(str(s), int(t)) for s, t in people[["employee_id", "slot"]].itertuples(index=False)}
    index = {(s.date.isoformat(), s.name): s.index for s in instance.slots}
    for sid, date, slot in duties[["supporter_id", "date", "slot"]].astype(str).itertuples(index=False):
        t = index.get((date[:10], slot))
        if t is not None:
            out.add((sid, t))
    return out


def _cause(instance: Instance, sid: str, need: Need, working: set[tuple[str, int]]) -> str:
    """Why `sid` may not be on call for `need`, or "" when they may."""
    slot = instance.slots[need.t]
    supporter = instance.supporters[sid]
    rules = instance.rules.on_call
    if (sid, need.t) in working:
        return "at_work"
    if slot.date in supporter.unavailable or (sid, slot.date) in instance.absent:
        return "absent"
    if not supporter.trained_on(slot.date):
        return "training"
    before = need.t - 1
    if (rules is not None and rules.rest_after_night and before >= 0
            and instance.slots[before].kind is SlotKind.NIGHT and (sid, before) in working):
        return "rest"
    employee = instance.employees.get(sid)
    own = ({employee.ward} if employee else set()) | set(supporter.leads_wards)
    if need.wards and set(need.wards) <= own:
        return "own_ward"
    return ""


def on_call_candidates(instance: Instance, needs: Sequence[Need], duties: pd.DataFrame) -> Candidates:
    """Who may be on call in each needed slot (before the limits per week and period)."""
    opted = tuple(sorted(sid for sid, s in instance.supporters.items() if s.on_call))
    working = at_work(instance, duties)
    out = Candidates(opted_in=opted)
    for need in needs:
        causes = {sid: _cause(instance, sid, need, working) for sid in opted}
        out.may[need.t] = [sid for sid, c in causes.items() if not c]
        out.blocked[need.t] = Counter(c for c in causes.values() if c)
    return out
