"""Incident outreach: the planning types (docs/outreach.md).

After a serious incident, supporters seek out the staff involved and offer a talk, and follow up
again about four weeks later, because many react only after the acute phase. An
:class:`Incident` says where and when it happened and who needs contact — employee ids or counts
per profession, never what happened. The contacts it needs are :class:`ContactNeed` values: one
per kind of contact (:data:`CONTACT_KINDS`) and group of involved staff.

Pure data and the rules that define the contacts' time windows, shared by the reader, the planner
(scheduler.outreach), the store and the independent checker (scheduler.verify_outreach), which
recomputes everything else on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "CONTACT_KINDS",
    "ContactKind",
    "ContactWindow",
    "CONTACT_WINDOWS",
    "Incident",
    "INCIDENT_ID",
    "MAX_INVOLVED",
    "MAX_TEAM_SIZE",
    "RETENTION_DAYS",
    "default_team_size",
]

ContactKind = Literal["defusing", "first", "follow_up"]
#: The contacts, in the order they happen. A defusing is planned only when the incident asks for it.
CONTACT_KINDS: tuple[ContactKind, ...] = ("defusing", "first", "follow_up")
#: An incident id as the program makes them or a person may give them: no spaces, no free text.
INCIDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}$")
#: The most people one incident may name (a larger event is planned as several incidents).
MAX_INVOLVED = 200
#: The largest team per contact.
MAX_TEAM_SIZE = 4
#: Days after the follow-up before the involved employee ids are deleted, leaving counts.
RETENTION_DAYS = 7


class ContactWindow(BaseModel):
    """When a contact may start, after the incident: from `earliest` to `latest`, with the time
    preferred (`target`; None: as early as possible)."""

    model_config = ConfigDict(frozen=True)

    earliest: dt.timedelta
    latest: dt.timedelta
    target: dt.timedelta | None = None


#: Reference practice (docs/outreach.md): a defusing within the same shift (≤ 8 h, CISM); the
#: first structured talk within 72 h (TRiM); the follow-up 21–35 days after, 28 preferred (TRiM).
CONTACT_WINDOWS: Mapping[ContactKind, ContactWindow] = {
    "defusing": ContactWindow(earliest=dt.timedelta(0), latest=dt.timedelta(hours=8)),
    "first": ContactWindow(earliest=dt.timedelta(0), latest=dt.timedelta(hours=72)),
    "follow_up": ContactWindow(earliest=dt.timedelta(days=21), latest=dt.timedelta(days=35),
                               target=dt.timedelta(days=28)),
}


def default_team_size(people: int) -> int:
    """Supporters per contact when the incident does not say: two when three or more people
    meet them at once (Norwegian schemes send a team), else one."""
    return 2 if people >= 3 else 1


class Incident(BaseModel):
    """A serious incident as the coordinator registers it: never a description of what happened.

    `involved_ids` are the employee ids of the people who need contact; they are kept only until
    the follow-up is done (+ :data:`RETENTION_DAYS`), then deleted, and `involved_counts` (people
    per profession) is what stays. An incident given as counts has no ids at all.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    incident_id: str
    wards: tuple[str, ...] = Field(min_length=1, max_length=20)
    occurred: dt.datetime
    involved_ids: tuple[str, ...] = ()
    involved_counts: Mapping[str, int] = Field(default_factory=dict,
                                               description="people per profession given as counts ('' = not known)")
    team_size: int | None = Field(default=None, ge=1, le=MAX_TEAM_SIZE)
    defusing: bool = Field(default=False, description="also a same-day defusing (≤ 8 h), before the first talk")
    row: int | None = Field(default=None, description="line in incidents.csv, for messages")

    @field_validator("incident_id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not INCIDENT_ID.match(value):
            raise ValueError("an incident id is 1–40 letters, digits, '-', '_', '.' or ':'")
        return value

    @field_validator("occurred")
    @classmethod
    def _naive(cls, value: dt.datetime) -> dt.datetime:
        """Wall-clock time in Europe/Oslo, like the slots; seconds dropped."""
        return value.replace(tzinfo=None, second=0, microsecond=0)

    @field_validator("involved_counts")
    @classmethod
    def _counts(cls, value: Mapping[str, int]) -> dict[str, int]:
        if any(n < 1 for n in value.values()):
            raise ValueError("a count of involved people is at least 1")
        return dict(value)

    @model_validator(mode="after")
    def _someone(self) -> Incident:
        if self.people == 0:
            raise ValueError("an incident needs at least one involved person (an id or a count)")
        if self.people > MAX_INVOLVED:
            raise ValueError(f"at most {MAX_INVOLVED} involved people per incident")
        if len(set(self.involved_ids)) != len(self.involved_ids):
            raise ValueError("an employee id is listed twice")
        return self

    @property
    def people(self) -> int:
        return len(self.involved_ids) + sum(self.involved_counts.values())

    def kinds(self) -> tuple[ContactKind, ...]:
        """The contacts this incident needs, in order."""
        return tuple(k for k in CONTACT_KINDS if k != "defusing" or self.defusing)

    def window(self, kind: ContactKind) -> tuple[dt.datetime, dt.datetime]:
        """The earliest and latest start of a contact of `kind`."""
        w = CONTACT_WINDOWS[kind]
        return self.occurred + w.earliest, self.occurred + w.latest

    def delete_ids_after(self, follow_up: dt.date | None, retention_days: int = RETENTION_DAYS) -> dt.date:
        """The date from which the involved ids are deleted: the follow-up's date (or, when none
        is planned, the end of its window) plus `retention_days`."""
        last = follow_up or self.window("follow_up")[1].date()
        return last + dt.timedelta(days=retention_days)
