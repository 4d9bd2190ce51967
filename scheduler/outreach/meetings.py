"""Further meetings of a contact (docs/outreach.md, «Further meetings»): when the named people of a
group work different shifts, one meeting cannot find them all at work; a further meeting of the
same contact meets those still to meet, in a slot of the contact's window where they are at work.

No solver here: which further meetings a plan calls for follows from the meetings planned so far
and the turnus (worktime.py); plan.py plans them like any contact, after the ones before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scheduler.domain import Instance
from scheduler.outreach.needs import ContactNeed
from scheduler.outreach.worktime import GroupPresence, WorkTime

__all__ = ["MAX_MEETINGS", "further_needs"]

#: The most meetings one contact may have (the rule `outreach_meetings`, 1–3).
MAX_MEETINGS = 3


def further_needs(instance: Instance, needs: Sequence[ContactNeed], presence: Sequence[GroupPresence],
                  slot_of: Mapping[tuple[str, str, str, int], int], meeting: int) -> list[ContactNeed]:
    """Meeting `meeting` of every first talk and follow-up whose meeting `meeting - 1` is planned and
    left named people of its group not at work then who are at work in another slot of its window.
    Never for a defusing (it belongs to the incident's shift) nor for people given as a count (the
    turnus cannot tell who of them was met)."""
    worktime = WorkTime(instance)
    out = []
    for need, here in zip(needs, presence, strict=True):
        t = slot_of.get(need.key)
        if need.meeting != meeting - 1 or need.kind == "defusing" or t is None:
            continue
        window = set(here.named)
        left = tuple(eid for eid in need.met_group.ids
                     if t not in worktime.slots_of.get(eid, ()) and worktime.slots_of.get(eid, set()) & window)
        if left:
            defusing = slot_of.get((need.incident.incident_id, "defusing", need.group.profession, 1), -1)
            out.append(ContactNeed(need.incident, need.kind, need.group, need.team, meeting, left,
                                   defusing if need.kind == "first" else -1))
    return out
