"""An outreach plan as written (outreach.csv read back row by row), and what its incidents imply.

Like the rota's checker, the outreach checker shares no code with the planner (scheduler.outreach.plan,
scheduler.solve.limits, scheduler.model.eligibility, OR-Tools): each row is kept as written with its
line and the slot it names resolved against the rota checker's
:class:`~scheduler.check.context.CheckContext`; the groups of involved staff (profession × count)
and each group's team size are recomputed here from the incidents, as docs/outreach.md defines them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation
from scheduler.incidents import Incident

__all__ = ["ContactRow", "InvolvedShifts", "OutreachCheckContext", "WrittenOutreach", "REASON_CODES", "parse_outreach"]

#: The reasons an unplanned team place may give (those of uncovered ward-slots, and outside_turnus).
REASON_CODES = frozenset({"outside_turnus", "no_supporter_at_work", "only_ineligible", "all_blocked", "all_at_limit",
                          "not_chosen", "only_duty_supporter"})
_KINDS = ("defusing", "first", "follow_up")
_REQUIRED = ("incident_id", "contact", "supporter_id", "date", "slot", "start", "end", "group", "contact_key",
             "reason_if_unplanned")
#: The `group` column: profession × count (docs/outreach.md); `–` for the group whose profession is not known.
_GROUP = re.compile(r"^(?P<profession>.*)×(?P<people>\d{1,4})$")


@dataclass(frozen=True)
class ContactRow:
    """One row of outreach.csv as written, with its slot index (None: no slot of the period)."""

    line: int
    incident_id: str
    contact: str
    supporter_id: str
    date_text: str
    slot: str
    start_text: str
    end_text: str
    group: str
    contact_key: str
    reason: str
    reason_code: str
    t: int | None
    cells: Mapping[str, str] = field(default_factory=dict)  # every cell of the row, by column


@dataclass(frozen=True)
class InvolvedShifts:
    """Slots each person is at work in (a work row overlapping the slot enough), and who is at
    work on each ward in each slot — only for the incidents' people and wards."""

    slots_of: Mapping[str, frozenset[int]]
    on_ward: Mapping[tuple[str, int], frozenset[str]]


@dataclass(frozen=True)
class OutreachCheckContext:
    """The rota checker's context, the incidents, and the rota's duties as slot indices."""

    base: CheckContext
    incidents: Mapping[str, Incident]
    rota: frozenset[tuple[str, int]]
    shifts: InvolvedShifts | None = None  # the involved people's shifts, recounted (outreach_worktime.py)


@dataclass(frozen=True)
class WrittenOutreach:
    """The plan as written: its rows, and the text of each invitation by file name."""

    rows: tuple[ContactRow, ...]
    invitations: Mapping[str, str] = field(default_factory=dict)  # file name -> text of invitations/<id>.ics

    def planned(self) -> list[ContactRow]:
        return [r for r in self.rows if r.supporter_id]


def _clean(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def _moment(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def parse_outreach(ctx: CheckContext, table: pd.DataFrame, invitations: Mapping[str, str] | None = None
                   ) -> WrittenOutreach:
    """Read outreach.csv (as a table of texts) and the invitations; ValueError when a column is missing."""
    missing = [c for c in _REQUIRED if c not in table.columns]
    if missing:
        raise ValueError(f"outreach.csv mangler kolonner / lacks columns: {', '.join(missing)}")
    rows = []
    for i, r in enumerate(table.to_dict("records")):
        every = {str(c): _clean(v) for c, v in r.items()}
        cells = {c: every.get(c, "") for c in (*_REQUIRED, "reason_code")}
        try:
            date = dt.date.fromisoformat(cells["date"]) if cells["date"] else None
        except ValueError:
            date = None
        slot = ctx.slot_at.get((date, cells["slot"])) if date else None
        rows.append(ContactRow(i + 2, cells["incident_id"], cells["contact"], cells["supporter_id"], cells["date"],
                               cells["slot"], cells["start"], cells["end"], cells["group"], cells["contact_key"],
                               cells["reason_if_unplanned"], cells["reason_code"], slot.index if slot else None, every))
    return WrittenOutreach(tuple(rows), dict(invitations or {}))


def _row(rule: str, r: ContactRow, no: str, en: str) -> Violation:
    where_no, where_en = f"outreach.csv rad {r.line}", f"outreach.csv row {r.line}"
    try:
        date = dt.date.fromisoformat(r.date_text) if r.date_text else None
    except ValueError:
        date = None
    return Violation(rule=rule, supporter_id=r.supporter_id, date=date, slot=r.slot, text_no=f"{where_no}: {no}",
                     text_en=f"{where_en}: {en}", file="outreach.csv", row=r.line)


def _groups(ctx: OutreachCheckContext, incident: Incident) -> dict[str, int]:
    """People per group (profession; "" when not known), recomputed from the turnus."""
    people: Counter[str] = Counter()
    for eid in incident.involved_ids:
        employee = ctx.base.employees.get(eid)
        people[(employee.profession or "") if employee else ""] += 1
    for profession, n in incident.involved_counts.items():
        people[profession] += n
    return dict(people)


def _team(incident: Incident, people: int) -> int:
    return incident.team_size if incident.team_size is not None else (2 if people >= 3 else 1)


def _group_of(ctx: OutreachCheckContext, incident: Incident, label: str) -> str | None:
    """The profession a `group` cell names — `profession×count`, `–` for the group whose profession
    is not known — when it is a group of the incident with that many people; else None."""
    m = _GROUP.match(label)
    if not m:
        return None
    profession = "" if m["profession"] == "–" else m["profession"]
    people = _groups(ctx, incident).get(profession)
    return profession if people is not None and people == int(m["people"]) else None


def _shown_groups(ctx: OutreachCheckContext, incident: Incident) -> str:
    return ", ".join(f"{p or '–'}×{n}" for p, n in sorted(_groups(ctx, incident).items()))
