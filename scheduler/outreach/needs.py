"""What the incidents need (docs/outreach.md): the involved staff in groups by profession, every
contact each group is owed (an optional same-day defusing, the first talk, the follow-up) with the
size of its team, and when a contact in a slot can start.

No solver and no supporters here: what is owed follows from the incidents alone, so the planner,
the app's views and the store all count the same contacts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from scheduler.domain import Employee
from scheduler.incidents import (
    ContactKind,
    Incident,
    default_team_size,
    group_label,
    new_contact_key,
)

__all__ = ["InvolvedGroup", "ContactNeed", "involved_groups", "contact_needs", "contact_start"]


@dataclass(frozen=True)
class InvolvedGroup:
    """Involved staff of one profession ("" when not known): met together by one team.

    `ids` stay inside the program (the planner keeps an involved person off their own incident's
    team); what is written is `label` (profession × count) and `contact_key`, an opaque random key
    the app's store resolves to the people while it keeps their ids (docs/outreach.md)."""

    profession: str
    people: int
    ids: tuple[str, ...] = ()
    contact_key: str = ""

    @property
    def label(self) -> str:
        """The `group` column: profession × count (`sykepleier×3`), never who."""
        return group_label(self.profession, self.people)


def involved_groups(incident: Incident, employees: Mapping[str, Employee]) -> list[InvolvedGroup]:
    """The incident's involved staff by profession: ids take their profession from the turnus
    (unknown ids and people without one form the group ""), counts are given per profession. Each
    group carries the incident's contact key for it ("" when the incident has none)."""
    ids: dict[str, list[str]] = defaultdict(list)
    for eid in incident.involved_ids:
        known = employees.get(eid)
        ids[(known.profession or "") if known else ""].append(eid)
    professions = sorted(set(ids) | set(incident.involved_counts))
    return [InvolvedGroup(p, len(ids.get(p, [])) + incident.involved_counts.get(p, 0), tuple(ids.get(p, [])),
                          incident.contact_keys.get(p, "")) for p in professions]


@dataclass(frozen=True)
class ContactNeed:
    """One contact: `team` supporters meet `group` of `incident` once, a `kind` of contact. A further
    `meeting` (2, 3, …; docs/outreach.md, «Further meetings») meets `only` those named people of the
    group who were not at work at the earlier meetings but are at work in another slot."""

    incident: Incident
    kind: ContactKind
    group: InvolvedGroup
    team: int
    meeting: int = 1
    only: tuple[str, ...] = ()
    after: int = -1  # a further first talk comes after the defusing's slot

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.incident.incident_id, self.kind, self.group.profession, self.meeting)

    @property
    def label(self) -> str:
        more = f"/{self.meeting}" if self.meeting > 1 else ""
        return f"{self.incident.incident_id}/{self.kind}/{self.group.profession or '-'}{more}"

    @property
    def met_group(self) -> InvolvedGroup:
        """Whom this meeting is for: the group, or at a further meeting those still to meet."""
        return replace(self.group, people=len(self.only), ids=self.only) if self.meeting > 1 else self.group


def contact_needs(incidents: Iterable[Incident], employees: Mapping[str, Employee]) -> list[ContactNeed]:
    """Every contact the incidents need, in order (incident, kind, group). A group the incident has
    no contact key for (an incident not kept in the store: the command line) gets a fresh random
    one, the same for all its contacts."""
    out = []
    for incident in incidents:
        groups = [g if g.contact_key else replace(g, contact_key=new_contact_key())
                  for g in involved_groups(incident, employees)]
        for kind in incident.kinds():
            for group in groups:
                team = incident.team_size or default_team_size(group.people)
                out.append(ContactNeed(incident, kind, group, team))
    return out


def contact_start(slot_start: dt.datetime, slot_end: dt.datetime, occurred: dt.datetime,
                  min_overlap: float) -> dt.datetime | None:
    """When a contact in a slot can start: the slot's start, or the incident's time when the slot
    is under way; None when less than `min_overlap` of the slot is left after the incident (as a
    shift must overlap a slot by that much to count)."""
    start = max(slot_start, occurred)
    if (slot_end - start) < (slot_end - slot_start) * min_overlap:
        return None
    return start
