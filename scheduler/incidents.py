"""Incident outreach: the planning types (docs/outreach.md).

After a serious incident, supporters seek out the staff involved and offer a talk, and follow up
again about four weeks later, because many react only after the acute phase. An
:class:`Incident` says where and when it happened and who needs contact — employee ids or counts
per profession, never what happened. The contacts it needs are :class:`ContactNeed` values: one
per kind of contact (:data:`CONTACT_KINDS`) and group of involved staff.

Pure data and the rules that define the contacts' time windows, shared by the reader, the planner
(scheduler.outreach.plan), the store and the independent checker (scheduler.check.outreach), which
recomputes everything else on its own.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "CONTACT_KEY",
    "CONTACT_KINDS",
    "ContactKind",
    "ContactWindow",
    "CONTACT_WINDOWS",
    "Incident",
    "INCIDENT_ID",
    "GENERATED_ID",
    "REFERENCE_ID",
    "MAX_INVOLVED",
    "MAX_TEAM_SIZE",
    "RETENTION_DAYS",
    "default_team_size",
    "group_label",
    "new_contact_key",
    "generated_id",
    "next_generated_id",
    "name_parts",
    "incident_id_problem",
]

ContactKind = Literal["defusing", "first", "follow_up"]
#: The contacts, in the order they happen. A defusing is planned only when the incident asks for it.
CONTACT_KINDS: tuple[ContactKind, ...] = ("defusing", "first", "follow_up")
#: The characters an incident id may have at all (ids kept before the forms below stay readable).
INCIDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}$")
#: An id the program makes (docs/outreach.md): `H-YYYYMMDD-HHMM-n`, the incident's date and minute
#: and the running number of the incidents of that minute.
GENERATED_ID = re.compile(r"^H-(?P<date>\d{8})-(?P<time>\d{4})-(?P<n>[1-9]\d{0,2})$")
#: A reference number of the hospital's deviation system: a letter prefix of at most 4 letters, then
#: digits (`-` between them allowed): `SYN-123456`, `12345`, `H-2027-001`. Never a word.
REFERENCE_ID = re.compile(r"^(?:[A-Za-z]{1,4}-?)?\d+(?:-\d+)*$")
#: A contact key: opaque, random, one per group of involved staff of an incident (docs/outreach.md).
CONTACT_KEY = re.compile(r"^[0-9a-f]{32}$")
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


def generated_id(occurred: dt.datetime, n: int = 1) -> str:
    """The id the program gives the `n`-th incident of the minute `occurred`: `H-20270112-1420-1`."""
    return f"H-{occurred:%Y%m%d-%H%M}-{n}"


def next_generated_id(occurred: dt.datetime, taken: Iterable[str]) -> str:
    """The first generated id of the minute `occurred` that is not `taken`."""
    used = set(taken)
    n = 1
    while generated_id(occurred, n) in used:
        n += 1
    return generated_id(occurred, n)


def name_parts(names: Iterable[str | None]) -> frozenset[str]:
    """The parts of people's names an incident id may not contain: every run of letters of 3 or
    more, in lower case (`Eide-Hansen, Kari` → eide, hansen, kari)."""
    return frozenset(part.lower() for name in names if name for part in re.findall(r"[^\W\d_]{3,}", name))


def incident_id_problem(incident_id: str, occurred: dt.datetime | None, employee_ids: Iterable[str],
                        names: frozenset[str]) -> str | None:
    """Why a given incident id cannot be used — "form", "employee" or "name" — or None
    (docs/outreach.md, «The incident id»).

    An id is a label, never a channel for what happened or who was involved. It is accepted only as
    a reference number of the deviation system — at most 4 letters, then digits, `-` between them —
    of which the program's own form `H-YYYYMMDD-HHMM-n` is one. It must not contain an employee id
    (one of 3 characters or more anywhere in it; a shorter one as a whole part between `-`) nor a
    part of a name (`names`, from :func:`name_parts`), case-insensitively. In the id the program
    would make itself — its form with the date and minute of `occurred` — only the running number
    is free, so only that is searched."""
    if len(incident_id) > 40 or not INCIDENT_ID.match(incident_id) or not REFERENCE_ID.match(incident_id):
        return "form"
    free = incident_id
    own = GENERATED_ID.match(incident_id)
    if own and occurred is not None and own["date"] + own["time"] == f"{occurred:%Y%m%d%H%M}":
        free = own["n"]
    lowered = free.lower()
    pieces = set(lowered.split("-"))
    for eid in employee_ids:
        e = eid.strip().lower()
        if e and (e in pieces or (len(e) >= 3 and e in lowered)):
            return "employee"
    if any(part in lowered for part in names):
        return "name"
    return None


def new_contact_key() -> str:
    """A fresh contact key: 128 random bits as hex, derived from nothing (not from the ids), so the
    key says nothing about who is in the group; only the store can resolve it, while it keeps the ids."""
    return secrets.token_hex(16)


def group_label(profession: str, people: int) -> str:
    """How a group of involved staff is written in outreach.csv (docs/outreach.md): its profession and
    how many people, `sykepleier×3` — `–×2` when the profession is not known. The same in Norwegian
    and English files; never who."""
    return f"{profession or '–'}×{people}"


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
    contact_keys: Mapping[str, str] = Field(default_factory=dict, description="the contact key of each group, by "
                                            "profession ('' = not known): the store's, while it keeps the ids")

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

    @field_validator("contact_keys")
    @classmethod
    def _keys(cls, value: Mapping[str, str]) -> dict[str, str]:
        if any(not CONTACT_KEY.match(k) for k in value.values()):
            raise ValueError("a contact key is 32 hex digits")
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
