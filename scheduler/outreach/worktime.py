"""When the staff involved in an incident are at work (docs/outreach.md, «In working time»).

Support is to happen in paid time — for the person supported too: a contact goes where
as many of its group as possible are at work by their own turnus. Named people (employee ids) are
looked up in their own turnus (:attr:`scheduler.domain.Instance.attendance`); people given only as
a count per profession are estimated from the ward's turnus: they are taken to be among the
**pool** — staff of that profession at work on an involved ward when it happened — so the people
of the group expected at work in a slot are `count × (pool at work there) ÷ pool`.

No solver here: the planner (candidates.py, model.py) ranks slots by it, the plan writes it, and
the independent checker recomputes it on its own (scheduler/check/outreach_worktime.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scheduler.domain import Instance, Slot
from scheduler.incidents import Incident
from scheduler.outreach.needs import InvolvedGroup

__all__ = ["TENTHS", "NOTES", "GroupPresence", "WorkTime", "incident_slots", "worktime_note"]

#: Presence is compared in tenths of a person (an estimate for people given as a count).
TENTHS = 10
#: The note on a planned contact (a code, never free text): why it is not in the group's working time.
NOTES = {
    "none_at_work_in_window": ("Ingen i gruppen er på jobb i tidsrommet; nærmeste vakt er valgt",
                               "Nobody of the group is at work in the window; the nearest slot is chosen"),
    "not_at_work_in_slot": ("Ingen kollegastøtte kunne tas i vaktene der gruppen er på jobb",
                            "No supporter could be planned in the slots the group is at work"),
    "worktime_unknown": ("Turnusen sier ikke når gruppen er på jobb (ingen av yrket på posten da det skjedde)",
                         "The turnus does not say when the group works (nobody of that profession on the ward then)"),
}


@dataclass(frozen=True)
class GroupPresence:
    """How many of a group are at work, per slot of a contact's window: `named[t]` of its named
    people (exact), `estimated[t]` of those given as a count; and how many of each work in any slot
    of the window. `known` is False for a group of counts only whose pool is empty."""

    named: Mapping[int, int]
    estimated: Mapping[int, float]
    named_in_window: int
    estimated_in_window: float
    known: bool = True

    def at_work(self, t: int) -> float:
        """People of the group at work in slot `t` (named, and estimated)."""
        return self.named.get(t, 0) + self.estimated.get(t, 0.0)

    def tenths(self, t: int) -> int:
        """People at work in slot `t`, in tenths (the planner's unit)."""
        return round(TENTHS * self.at_work(t))

    def in_window(self) -> float:
        return self.named_in_window + self.estimated_in_window


def incident_slots(slots: Sequence[Slot], occurred: dt.datetime) -> list[int]:
    """The slot(s) under way when it happened; between slots, the last one that ended before it."""
    under_way = [s.index for s in slots if s.start <= occurred < s.end]
    if under_way:
        return under_way
    before = [s for s in slots if s.end <= occurred]
    return [max(before, key=lambda s: (s.end, s.index)).index] if before else []


class WorkTime:
    """Who is at work in which slot (every employee, their own turnus), looked up once per plan."""

    def __init__(self, instance: Instance) -> None:
        self.slots = instance.slots
        self.slots_of: dict[str, set[int]] = defaultdict(set)
        self.on_ward: dict[tuple[str, int], set[str]] = defaultdict(set)
        for eid, ward, t in instance.attendance[["employee_id", "ward", "slot"]].itertuples(index=False):
            self.slots_of[str(eid)].add(int(t))
            self.on_ward[str(ward), int(t)].add(str(eid))
        self.profession = {eid: e.profession or "" for eid, e in instance.employees.items()}
        self._pools: dict[tuple[str, str], frozenset[str]] = {}

    def pool(self, incident: Incident, profession: str) -> frozenset[str]:
        """Whom people given as a count most likely are: staff of `profession` at work on an involved
        ward in the slot it happened in (else the last slot before it), the named people left out."""
        key = (incident.incident_id, profession)
        if key not in self._pools:
            found = {eid for t in incident_slots(self.slots, incident.occurred) for ward in incident.wards
                     for eid in self.on_ward.get((ward, t), ()) if self.profession.get(eid, "") == profession}
            self._pools[key] = frozenset(found - set(incident.involved_ids))
        return self._pools[key]

    def presence(self, incident: Incident, group: InvolvedGroup, window: Iterable[int]) -> GroupPresence:
        """The group at work in each slot of `window` (docs/outreach.md, «In working time»)."""
        ts = list(window)
        named = {t: sum(1 for eid in group.ids if t in self.slots_of.get(eid, ())) for t in ts}
        named_in = sum(1 for eid in group.ids if self.slots_of.get(eid, set()).intersection(ts))
        counted = group.people - len(group.ids)
        pool = self.pool(incident, group.profession) if counted else frozenset()
        if not pool:
            return GroupPresence(named, {}, named_in, 0.0, known=bool(group.ids) or not counted)
        share = counted / len(pool)
        estimated = {t: share * sum(1 for eid in pool if t in self.slots_of.get(eid, ())) for t in ts}
        pool_in = sum(1 for eid in pool if self.slots_of.get(eid, set()).intersection(ts))
        return GroupPresence(named, estimated, named_in, share * pool_in)

    def next_shift(self, incident: Incident, group: InvolvedGroup, after: Iterable[tuple[int, dt.datetime]]
                   ) -> dt.datetime | None:
        """When the group's next shift starts: the first of the slots `after` (with when a contact
        there would start, in time order) in which any of them is at work."""
        ordered = sorted(after, key=lambda p: (p[1], p[0]))
        presence = self.presence(incident, group, [t for t, _ in ordered])
        return next((start for t, start in ordered if presence.at_work(t) > 0), None)


def worktime_note(presence: GroupPresence, t: int | None) -> str:
    """The note on a contact in slot `t` (None: not planned, no note): a code of :data:`NOTES`."""
    if t is None:
        return ""
    if not presence.known:
        return "worktime_unknown"
    if presence.in_window() <= 0:
        return "none_at_work_in_window"
    if presence.at_work(t) <= 0:
        return "not_at_work_in_slot"
    return ""
