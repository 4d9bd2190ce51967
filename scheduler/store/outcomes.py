"""What became of the planned contacts, and how many conversations each supporter had: kept as
words from a fixed list and counts, never text (docs/outreach.md, «Status and conversations, as counts»).

:class:`OutcomeStore` is the incident store (scheduler.store.incidents) with two more tables
(scheduler.store.schema): `contact_status` — one status per planned contact (incident, kind of
contact, the group's profession: the same key before and after the involved ids are deleted) — and
`conversation_counts` — a whole number per supporter and month. A supporter may set the status of
the contacts they are on the team of, and their own conversations; the coordinator any
(`supporter_id=None`). Every change is written to the audit log in the same transaction: who,
when, which contact or supporter — the status word and the month, never anything said.

What is kept how long: a status names no one; while an incident's involved ids are kept it is
about those people, and it becomes a count when they are deleted (scheduler.store.retention). A
supporter's monthly count is merged into the month's total without a supporter after
`KOLLEGASTOTTE_ACTIVITY_MONTHS` (default 36) months.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd

from scheduler.incidents import CONTACT_KINDS
from scheduler.io.contact_status import CONTACT_STATUSES, MAX_CONVERSATIONS, MONTH
from scheduler.localtime import now_iso
from scheduler.store.audit import audit_row, valid_object_id
from scheduler.store.incidents import IncidentStore

__all__ = ["OutcomeStore", "PlannedContact", "NotYours", "OUTCOME_COLUMNS", "CONVERSATION_COLUMNS"]

#: One row per planned contact, as the report and the export read them.
OUTCOME_COLUMNS = ["incident_id", "occurred", "wards", "contact", "profession", "people", "date", "start", "end",
                   "supporters", "hours", "status"]
CONVERSATION_COLUMNS = ["supporter_id", "month", "conversations"]


class NotYours(PermissionError):
    """A supporter tried to set the status of a contact they are not on the team of."""


@dataclass(frozen=True)
class PlannedContact:
    """One planned contact: an incident's defusing, first talk or follow-up with one group; its
    team (supporter ids) and its status ("" = planned)."""

    incident_id: str
    contact: str
    profession: str
    people: int
    date: str
    start: str
    end: str
    wards: tuple[str, ...]
    team: tuple[str, ...]
    status: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.incident_id, self.contact, self.profession)


class OutcomeStore(IncidentStore):
    """The incident store with contacts' statuses and conversations per supporter and month."""

    # --- contacts and their statuses -----------------------------------------------------------------

    def planned_contacts(self, supporter_id: str | None = None) -> list[PlannedContact]:
        """Every planned contact (at least one team place filled), oldest first; with `supporter_id`,
        only those they are on the team of."""
        with self._snapshot() as conn:
            rows = conn.execute(
                'SELECT c.incident_id, c.contact, c.profession, c.date, c.start, c."end", c.supporter_id, i.wards_json, '
                "i.counts_json, i.anonymised_at FROM incident_contacts c JOIN incidents i ON i.id = c.incident_id "
                "WHERE c.supporter_id != '' ORDER BY c.date, c.start, c.incident_id, c.contact, c.profession, "
                "c.position").fetchall()
            statuses = {tuple(r[:3]): r[3] for r in conn.execute(
                "SELECT incident_id, contact, profession, status FROM contact_status")}
            involved = dict(((r[0], r[1]), r[2]) for r in conn.execute(
                "SELECT incident_id, profession, COUNT(*) FROM incident_involved GROUP BY incident_id, profession"))
        by_key: dict[tuple[str, str, str], dict] = {}
        for iid, contact, profession, date, start, end, sid, wards_json, counts_json, _ in rows:
            entry = by_key.setdefault((iid, contact, profession), {
                "date": date, "start": start, "end": end, "wards": tuple(json.loads(wards_json)), "team": [],
                "people": int(json.loads(counts_json).get(profession, 0)) + involved.get((iid, profession), 0)})
            entry["team"].append(sid)
        out = [PlannedContact(*key[:3], e["people"], e["date"], e["start"], e["end"], e["wards"], tuple(e["team"]),
                              statuses.get(key, "")) for key, e in by_key.items()]
        return [c for c in out if supporter_id is None or supporter_id in c.team]

    def set_status(self, actor: str, incident_id: str, contact: str, profession: str, status: str, *,
                   supporter_id: str | None = None) -> bool:
        """Set a planned contact's status ("" = back to planned); True when it changed. With
        `supporter_id` (a supporter acting for themselves) only a contact they are on the team of:
        anything else is refused (:class:`NotYours`), as is a contact that is not planned."""
        if status not in ("", *CONTACT_STATUSES):
            raise ValueError(f"status must be one of {CONTACT_STATUSES} or empty")
        if contact not in CONTACT_KINDS:
            raise ValueError(f"contact must be one of {CONTACT_KINDS}")
        if not valid_object_id(incident_id):
            raise ValueError("not an incident id")
        with self._transaction() as conn:
            team = {r[0] for r in conn.execute(
                "SELECT supporter_id FROM incident_contacts WHERE incident_id = ? AND contact = ? AND profession = ? "
                "AND supporter_id != ''", (incident_id, contact, profession))}
            if not team:
                raise KeyError("no planned contact with that incident, kind and group")
            if supporter_id is not None and supporter_id not in team:
                raise NotYours("only a supporter on the contact's team (or the coordinator) may set its status")
            row = conn.execute("SELECT status FROM contact_status WHERE incident_id = ? AND contact = ? AND profession = ?",
                               (incident_id, contact, profession)).fetchone()
            if (row[0] if row else "") == status:
                return False
            if status:
                conn.execute("INSERT INTO contact_status (incident_id, contact, profession, status, updated_at) "
                             "VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, contact, profession) DO UPDATE SET "
                             "status = excluded.status, updated_at = excluded.updated_at",
                             (incident_id, contact, profession, status, now_iso()))
            else:
                conn.execute("DELETE FROM contact_status WHERE incident_id = ? AND contact = ? AND profession = ?",
                             (incident_id, contact, profession))
            audit_row(conn, actor, "contact_status", incident_id, f"{contact}:{status or 'planned'}")
        return True

    def outcomes(self) -> pd.DataFrame:
        """Every planned contact with its incident's time and wards and its status (:data:`OUTCOME_COLUMNS`)."""
        with self._connect() as conn:
            occurred = dict(conn.execute("SELECT id, occurred FROM incidents").fetchall())
            hours = {tuple(r[:3]): float(r[3]) for r in conn.execute(
                "SELECT incident_id, contact, profession, SUM(hours) FROM incident_contacts WHERE supporter_id != '' "
                "GROUP BY incident_id, contact, profession")}
        rows = [{"incident_id": c.incident_id, "occurred": occurred.get(c.incident_id, ""), "wards": ";".join(c.wards),
                 "contact": c.contact, "profession": c.profession, "people": c.people, "date": c.date, "start": c.start,
                 "end": c.end, "supporters": ";".join(c.team), "hours": hours.get(c.key, 0.0), "status": c.status}
                for c in self.planned_contacts()]
        return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)

    def incidents_occurred(self) -> pd.DataFrame:
        """Every incident kept: id, time, wards (;) — planned contacts or not, for the report's shares."""
        with self._connect() as conn:
            rows = conn.execute("SELECT id, occurred, wards_json FROM incidents ORDER BY occurred").fetchall()
        return pd.DataFrame([{"incident_id": i, "occurred": o, "wards": ";".join(json.loads(w))} for i, o, w in rows],
                            columns=["incident_id", "occurred", "wards"])

    # --- conversations per supporter and month -------------------------------------------------------

    def set_conversations(self, actor: str, supporter_id: str, month: str, conversations: int) -> bool:
        """A supporter's conversations in `month` (`2027-03`): a whole number 0–500, nothing else.
        True when it changed."""
        if not isinstance(month, str) or not MONTH.match(month):
            raise ValueError("a month is written 2027-03")
        if isinstance(conversations, bool) or not isinstance(conversations, int) or not 0 <= conversations <= MAX_CONVERSATIONS:
            raise ValueError(f"conversations are a whole number from 0 to {MAX_CONVERSATIONS}")
        if not supporter_id or not valid_object_id(supporter_id):
            raise ValueError("not an employee id")
        with self._transaction() as conn:
            row = conn.execute("SELECT conversations FROM conversation_counts WHERE supporter_id = ? AND month = ?",
                               (supporter_id, month)).fetchone()
            if row is not None and int(row[0]) == conversations:
                return False
            conn.execute("INSERT INTO conversation_counts (supporter_id, month, conversations, updated_at) VALUES "
                         "(?, ?, ?, ?) ON CONFLICT (supporter_id, month) DO UPDATE SET conversations = "
                         "excluded.conversations, updated_at = excluded.updated_at",
                         (supporter_id, month, conversations, now_iso()))
            audit_row(conn, actor, "conversations", supporter_id, month)
        return True

    def conversations(self, supporter_id: str | None = None) -> pd.DataFrame:
        """Conversations per supporter and month (:data:`CONVERSATION_COLUMNS`); a supporter ""
        is a month's total kept after the per-supporter counts were merged (retention)."""
        query = "SELECT supporter_id, month, conversations FROM conversation_counts"
        params: tuple = ()
        if supporter_id is not None:
            query += " WHERE supporter_id = ?"
            params = (supporter_id,)
        with self._connect() as conn:
            rows = conn.execute(query + " ORDER BY month, supporter_id", params).fetchall()
        return pd.DataFrame(rows, columns=CONVERSATION_COLUMNS).astype({"conversations": "int64"})

    def conversations_in(self, first: dt.date, last: dt.date) -> dict[str, int]:
        """Each supporter's conversations in the months `first`..`last` touch (the months' totals
        without a supporter left out)."""
        frame = self.conversations()
        months = frame["month"].between(f"{first:%Y-%m}", f"{last:%Y-%m}") & (frame["supporter_id"] != "")
        return {str(k): int(v) for k, v in frame[months].groupby("supporter_id")["conversations"].sum().items()}
