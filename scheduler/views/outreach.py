"""What the app's incident and burden pages need from an outreach plan and the incidents kept.

Pure functions between the planner's :class:`scheduler.outreach.plan.OutreachPlan`, the store's
:class:`scheduler.store.incidents.StoredContact` rows and the rota's tables: contacts as duties
for the next plan, a kept plan rebuilt for its invitations and its check, and each supporter's
load with the contacts counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from scheduler.domain import Instance
from scheduler.incidents import MAX_TEAM_SIZE, Incident
from scheduler.outreach.meetings import MAX_MEETINGS, further_needs
from scheduler.outreach.needs import contact_needs
from scheduler.outreach.plan import OutreachPlan, TeamMember
from scheduler.outreach.reasons import REASONS
from scheduler.store.incidents import StoredContact

__all__ = ["stored_contacts", "plan_of_stored", "contact_pairs", "contacts_as_duties", "contact_load"]


def stored_contacts(plan: OutreachPlan, chosen: Mapping[tuple[str, str, int], str] | None = None) -> list[StoredContact]:
    """The plan's team places as rows to keep; `chosen` replaces the supporter of a place
    (contact, profession, position) by an alternative the coordinator picked."""
    out = []
    for m in plan.members:
        sid = (chosen or {}).get((m.need.kind, m.need.group.profession, m.position), m.supporter_id)
        slot = plan.instance.slots[m.t] if m.t is not None and m.planned else None
        out.append(StoredContact(
            incident_id=m.need.incident.incident_id, contact=m.need.kind, profession=m.need.group.profession,
            position=m.position, supporter_id=sid if m.planned else "",
            date=slot.date.isoformat() if slot else "", slot=slot.name if slot else "",
            start=m.start.isoformat(timespec="minutes") if m.start and m.planned else "",
            end=m.end.isoformat(timespec="minutes") if m.end and m.planned else "",
            hours=slot.duty_hours if slot else 0.0, reason_code=m.reason_code))
    return out


def plan_of_stored(instance: Instance, incident: Incident, contacts: Sequence[StoredContact]) -> OutreachPlan:
    """A kept plan rebuilt against the instance, for its invitations and its check: the places as
    kept, with the groups as the incident has them now (ids, or counts once the ids are deleted).
    Places kept at position ≥ MAX_TEAM_SIZE belong to a further meeting (docs/outreach.md, «Further
    meetings»), rebuilt while the ids it is for are kept."""
    needs = contact_needs([incident], instance.employees)
    by_place = {(c.contact, c.profession, c.position): c for c in contacts}
    members = []
    for need in needs:
        for position in range(need.team):
            c = by_place.get((need.kind, need.group.profession, position))
            t = instance.slot_index(dt.date.fromisoformat(c.date), c.slot) if c is not None and c.date else None
            if c is not None and c.supporter_id and t is not None:
                members.append(TeamMember(need, position, c.supporter_id, t, dt.datetime.fromisoformat(c.start),
                                          dt.datetime.fromisoformat(c.end)))
            else:
                code = c.reason_code if c is not None and c.reason_code in REASONS else "not_chosen"
                words = REASONS[code]
                members.append(TeamMember(need, position, "", None, None, None, code, f"{words.no}.", f"{words.en}."))
    plan = OutreachPlan(instance, needs, members, "KEPT")
    for meeting in range(2, MAX_MEETINGS + 1):
        more = []
        for need in further_needs(instance, plan.needs, plan.presence, plan.slot_of(), meeting):
            for position in range((meeting - 1) * MAX_TEAM_SIZE, meeting * MAX_TEAM_SIZE):
                c = by_place.get((need.kind, need.group.profession, position))
                t = instance.slot_index(dt.date.fromisoformat(c.date), c.slot) if c is not None and c.date else None
                if c is not None and c.supporter_id and t is not None:
                    more.append(TeamMember(need, position, c.supporter_id, t, dt.datetime.fromisoformat(c.start),
                                           dt.datetime.fromisoformat(c.end)))
        if not more:
            break
        extra = list({m.need.key: m.need for m in more}.values())
        plan = OutreachPlan(instance, [*plan.needs, *extra], [*plan.members, *more], "KEPT",
                            presence=[*plan.presence, *OutreachPlan(instance, extra, [], "KEPT").presence])
    return plan


def contact_pairs(instance: Instance, contacts: Iterable[StoredContact]) -> list[tuple[str, int]]:
    """Planned contacts as duties (supporter, slot index) inside the instance's period."""
    out = []
    for c in contacts:
        if not c.supporter_id or not c.date:
            continue
        t = instance.slot_index(dt.date.fromisoformat(c.date), c.slot)
        if t is not None:
            out.append((c.supporter_id, t))
    return out


def contacts_as_duties(contacts: Iterable[StoredContact]) -> pd.DataFrame:
    """Planned contacts as rows of a duties table (supporter_id, date, slot), for the checker."""
    rows = [(c.supporter_id, c.date, c.slot) for c in contacts if c.supporter_id and c.date]
    return pd.DataFrame(rows, columns=["supporter_id", "date", "slot"])


def contact_load(burden: pd.DataFrame, contacts: Iterable[StoredContact]) -> pd.DataFrame:
    """Per supporter in burden.csv: the rota's hours, the accepted contacts and their hours, and the
    load ratio with them (hours + contact hours ÷ the fair-share target)."""
    count: dict[str, int] = {}
    hours: dict[str, float] = {}
    for c in contacts:
        if c.supporter_id:
            count[c.supporter_id] = count.get(c.supporter_id, 0) + 1
            hours[c.supporter_id] = hours.get(c.supporter_id, 0.0) + c.hours
    frame = burden[["supporter_id", "name", "hours", "target"]].copy()
    frame["supporter_id"] = frame["supporter_id"].astype(str)
    frame["contacts"] = [count.get(s, 0) for s in frame["supporter_id"]]
    frame["contact_hours"] = [round(hours.get(s, 0.0), 2) for s in frame["supporter_id"]]
    total = frame["hours"].astype(float) + frame["contact_hours"]
    target = frame["target"].astype(float)
    frame["load_ratio_with_contacts"] = [round(h / t, 3) if t > 0 else None for h, t in zip(total, target, strict=True)]
    return frame.sort_values(["contacts", "supporter_id"], ascending=[False, True]).reset_index(drop=True)
