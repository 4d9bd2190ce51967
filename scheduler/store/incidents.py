"""Incidents and their outreach contacts, kept in the app's store with the deletion rule (docs/outreach.md).

The same store as :class:`scheduler.store.publications.PublicationStore` (this class extends it), in
tables of its own. What is kept of an incident: its id, wards, time, people per profession, team
size, whether a defusing was asked for, its status (registered, accepted, closed), and the
contacts accepted for it (who, which slot, which group — by profession, never by person). The
involved employee ids are kept in a table of their own **only until the follow-up is done plus
the retention days** (7 by default; `KOLLEGASTOTTE_INCIDENT_RETENTION_DAYS`); then they are
deleted (on SQLite overwritten in the file too: `secure_delete`, and the write-ahead log
truncated), and their counts per profession stay. Each group of involved staff (one profession)
has a **contact key** — random, derived from nothing — that outreach.csv carries instead of the
ids; :meth:`IncidentStore.contact_group` resolves it to the people while the ids are kept, and the
keys are deleted with the ids (scheduler.store.retention, in the same transaction), so a key says nothing
afterwards. The store holds no triggers: it refuses any (scheduler.store.guard). Every change is written to the audit log in the same transaction — who, when, which
incident, never what happened or who was involved.

No column takes free text: wards and professions are ids and words the turnus uses, checked
before they are stored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from scheduler.incidents import (
    CONTACT_KEY,
    GENERATED_ID,
    INCIDENT_ID,
    Incident,
    generated_id,
    incident_id_problem,
    new_contact_key,
)
from scheduler.localtime import now_iso
from scheduler.store.audit import audit_row
from scheduler.store.engine import StoreConn
from scheduler.store.publications import PublicationStore
from scheduler.store.retention import INCIDENT_RETENTION_ENV, incident_retention_days
from scheduler.store.schema import make_tables

__all__ = ["IncidentStore", "StoredIncident", "StoredContact", "ContactGroup", "RETENTION_ENV", "INCIDENT_STATUSES",
           "retention_days"]

#: Environment variable: days after the follow-up before the involved ids are deleted (default 7).
RETENTION_ENV = INCIDENT_RETENTION_ENV
INCIDENT_STATUSES = ("registered", "accepted", "closed")
_WORD = re.compile(r"^[^\x00-\x1f\x7f;]{0,80}$")  # a ward id, a profession, a slot name: one short line
_EMPLOYEE = re.compile(r"^[^\s:=;]{1,40}$")

# The tables: scheduler.store.schema (incidents, incident_involved, incident_contact_keys, incident_contacts).


def retention_days() -> int:
    """Days after the follow-up before the ids are deleted: the server's setting, else 7 (0–365)."""
    return incident_retention_days()


@dataclass(frozen=True)
class StoredContact:
    """One accepted team place: who, when, which group (by profession). Empty `supporter_id`: not
    planned, with `reason_code`."""

    incident_id: str
    contact: str
    profession: str
    position: int
    supporter_id: str
    date: str
    slot: str
    start: str
    end: str
    hours: float
    reason_code: str = ""


@dataclass(frozen=True)
class ContactGroup:
    """What a contact key stands for while the incident's ids are kept: the incident, the group's
    profession, how many people, and their employee ids (none for a group given as a count)."""

    incident_id: str
    profession: str
    people: int
    employee_ids: tuple[str, ...]


@dataclass(frozen=True)
class StoredIncident:
    """An incident as kept: the Incident (ids only until they are deleted) and its bookkeeping."""

    incident: Incident
    status: str
    created_at: str
    delete_ids_after: dt.date
    anonymised_at: str | None
    contacts: tuple[StoredContact, ...]
    professions: Mapping[str, int]  # people per profession, ids counted too

    @property
    def id(self) -> str:
        return self.incident.incident_id


def _check_word(value: str, what: str) -> str:
    if not isinstance(value, str) or not _WORD.match(value):
        raise ValueError(f"not a {what}")
    return value


def _starts(conn: StoreConn, incident_id: str) -> dict[tuple[str, str], str]:
    """When each planned contact (kind, profession) of an incident starts."""
    return {(c, p): start for c, p, start in conn.execute(
        "SELECT contact, profession, MIN(start) FROM incident_contacts WHERE incident_id = ? AND supporter_id != '' "
        "GROUP BY contact, profession", (incident_id,))}


class IncidentStore(PublicationStore):
    """The store with incidents: register, keep the accepted contacts, and delete the ids in time."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, retention: int | None = None) -> None:
        super().__init__(path)
        self.retention = retention_days() if retention is None else retention
        with self._connect() as conn:
            present = sa.inspect(conn.sa).has_table("incident_contacts")
        if not present:
            with self._transaction() as conn:
                make_tables(conn.sa, incidents=True)

    # --- writing --------------------------------------------------------------------------------

    def add_incident(self, actor: str, incident: Incident, professions: Mapping[str, str]) -> str:
        """Keep a new incident (`professions`: each involved id's profession, from the turnus);
        returns its id — the incident's own, or a free one like it when that is taken."""
        for ward in incident.wards:
            _check_word(ward, "ward id")
        for p in incident.involved_counts:
            _check_word(p, "profession")
        for eid in incident.involved_ids:
            if not _EMPLOYEE.match(eid):
                raise ValueError("not an employee id")
        delete_after = incident.delete_ids_after(None, self.retention)
        with self._transaction() as conn:
            incident_id = self._free_id(conn, incident.incident_id, incident.occurred)
            conn.execute("INSERT INTO incidents (id, created_at, updated_at, occurred, wards_json, counts_json, team_size, "
                         "defusing, status, delete_ids_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'registered', ?)",
                         (incident_id, now_iso(), now_iso(), incident.occurred.isoformat(timespec="minutes"),
                          json.dumps(list(incident.wards)), json.dumps(dict(incident.involved_counts)),
                          incident.team_size, int(incident.defusing), delete_after.isoformat()))
            groups = set(incident.involved_counts)
            for eid in incident.involved_ids:
                profession = _check_word(professions.get(eid, ""), "profession")
                groups.add(profession)
                conn.execute("INSERT INTO incident_involved (incident_id, employee_id, profession) VALUES (?, ?, ?)",
                             (incident_id, eid, profession))
            for profession in sorted(groups):  # one opaque key per group, random, never from the ids
                conn.execute("INSERT INTO incident_contact_keys (contact_key, incident_id, profession) VALUES (?, ?, ?)",
                             (new_contact_key(), incident_id, profession))
            audit_row(conn, actor, "incident_created", incident_id)
        return incident_id

    @staticmethod
    def _free_id(conn: StoreConn, wanted: str, occurred: dt.datetime) -> str:
        """`wanted`, or when it is taken the next free one like it: a generated id
        (`H-YYYYMMDD-HHMM-n`) takes the next running number of its minute, any other gets `-2`, `-3`
        …. Only a generated id or a reference number is kept (docs/outreach.md, «The incident id»)."""
        if not INCIDENT_ID.match(wanted) or incident_id_problem(wanted, occurred, (), frozenset()) is not None:
            raise ValueError("not an incident id: neither generated nor a reference number")

        def taken(candidate: str) -> bool:
            return conn.execute("SELECT 1 FROM incidents WHERE id = ?", (candidate,)).fetchone() is not None

        own = GENERATED_ID.match(wanted)
        if own and own["date"] + own["time"] == f"{occurred:%Y%m%d%H%M}":
            n = int(own["n"])
            while taken(generated_id(occurred, n)):
                n += 1
            return generated_id(occurred, n)
        candidate, n = wanted, 2
        while taken(candidate):
            candidate, n = f"{wanted[:36]}-{n}", n + 1
        return candidate

    def accept(self, actor: str, incident_id: str, contacts: Sequence[StoredContact]) -> None:
        """Keep the contacts accepted for an incident (replacing any accepted before); the ids are
        then deleted `retention` days after its follow-up."""
        follow_up = [dt.date.fromisoformat(c.date) for c in contacts if c.contact == "follow_up" and c.date]
        with self._transaction() as conn:
            row = conn.execute("SELECT occurred, status FROM incidents WHERE id = ?", (incident_id,)).fetchone()
            if row is None:
                raise KeyError(f"no incident {incident_id}")
            occurred = dt.datetime.fromisoformat(row[0])
            last = max(follow_up) if follow_up else (occurred + dt.timedelta(days=35)).date()
            before = _starts(conn, incident_id)
            conn.execute("DELETE FROM incident_contacts WHERE incident_id = ?", (incident_id,))
            for c in contacts:
                if c.incident_id != incident_id:
                    raise ValueError("a contact of another incident")
                conn.execute("INSERT INTO incident_contacts (incident_id, contact, profession, position, supporter_id, date, "
                             'slot, start, "end", hours, reason_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                             (incident_id, _check_word(c.contact, "contact"), _check_word(c.profession, "profession"),
                              int(c.position), _check_word(c.supporter_id, "supporter id"), _check_word(c.date, "date"),
                              _check_word(c.slot, "slot"), _check_word(c.start, "time"), _check_word(c.end, "time"),
                              float(c.hours), _check_word(c.reason_code, "reason")))
            for contact, profession in {k for k, v in _starts(conn, incident_id).items() if before.get(k, v) != v}:
                # a contact `moved` and now planned at another time is planned again (docs/outreach.md)
                conn.execute("DELETE FROM contact_status WHERE incident_id = ? AND contact = ? AND profession = ? AND "
                             "status = 'moved'", (incident_id, contact, profession))
            conn.execute("UPDATE incidents SET status = 'accepted', updated_at = ?, delete_ids_after = ? WHERE id = ? "
                         "AND status != 'closed'",
                         (now_iso(), (last + dt.timedelta(days=self.retention)).isoformat(), incident_id))
            audit_row(conn, actor, "incident_changed", incident_id)

    def close(self, actor: str, incident_id: str) -> None:
        """The outreach is done (or not needed any more): the incident stays, counted; the ids go
        at the latest when the retention after its follow-up has passed."""
        with self._transaction() as conn:
            cur = conn.execute("UPDATE incidents SET status = 'closed', updated_at = ? WHERE id = ? AND status != 'closed'",
                               (now_iso(), incident_id))
            if cur.rowcount:
                audit_row(conn, actor, "incident_closed", incident_id)

    def purge_expired(self, today: dt.date) -> list[str]:
        """Delete the involved ids of every incident whose deletion date has come, keeping their
        counts per profession; returns the incidents anonymised (scheduler.store.retention does it, on
        every open of the store too, and overwrites the deleted rows on disk)."""
        from scheduler.store.retention import purge_store

        return list(purge_store(self, actor="server", day=today).anonymised)

    # --- reading --------------------------------------------------------------------------------

    def incidents(self, statuses: Iterable[str] = INCIDENT_STATUSES) -> list[StoredIncident]:
        """The incidents kept, newest first."""
        wanted = tuple(statuses)
        with self._connect() as conn:
            rows = conn.execute("SELECT id FROM incidents ORDER BY occurred DESC, id").fetchall()
        out = [self.incident(r[0]) for r in rows]
        return [i for i in out if i is not None and i.status in wanted]

    def incident(self, incident_id: str) -> StoredIncident | None:
        with self._snapshot() as conn:
            row = conn.execute("SELECT id, created_at, occurred, wards_json, counts_json, team_size, defusing, status, "
                               "delete_ids_after, anonymised_at FROM incidents WHERE id = ?", (incident_id,)).fetchone()
            if row is None:
                return None
            involved = conn.execute("SELECT employee_id, profession FROM incident_involved WHERE incident_id = ? "
                                    "ORDER BY rowid", (incident_id,)).fetchall()
            keys = dict(conn.execute("SELECT profession, contact_key FROM incident_contact_keys WHERE incident_id = ?",
                                     (incident_id,)).fetchall())
            contact_rows = conn.execute("SELECT incident_id, contact, profession, position, supporter_id, date, slot, start, "
                                        '"end", hours, reason_code FROM incident_contacts WHERE incident_id = ? '
                                        "ORDER BY date, start, contact, profession, position", (incident_id,)).fetchall()
        iid, created, occurred, wards_json, counts_json, team, defusing, status, delete_after, anonymised = row
        counts = {str(k): int(v) for k, v in json.loads(counts_json).items()}
        incident = Incident(incident_id=iid, wards=tuple(json.loads(wards_json)), occurred=dt.datetime.fromisoformat(occurred),
                            involved_ids=tuple(r[0] for r in involved), involved_counts=counts, team_size=team,
                            defusing=bool(defusing), contact_keys=keys if anonymised is None else {})
        professions = dict(counts)
        for _, profession in involved:
            professions[profession] = professions.get(profession, 0) + 1
        contacts = tuple(StoredContact(*r[:9], float(r[9]), r[10]) for r in contact_rows)
        return StoredIncident(incident, status, created, dt.date.fromisoformat(delete_after), anonymised, contacts,
                              professions)

    def contact_group(self, contact_key: str) -> ContactGroup | None:
        """The group a contact key of outreach.csv stands for — the incident, the profession and the
        people's employee ids — while the store keeps the incident's ids; None for a key it does not
        know, and for every key once the ids are deleted (the keys go with them)."""
        if not isinstance(contact_key, str) or not CONTACT_KEY.match(contact_key):
            return None
        with self._snapshot() as conn:
            row = conn.execute("SELECT k.incident_id, k.profession, i.counts_json FROM incident_contact_keys k "
                               "JOIN incidents i ON i.id = k.incident_id WHERE k.contact_key = ? "
                               "AND i.anonymised_at IS NULL", (contact_key,)).fetchone()
            if row is None:
                return None
            incident_id, profession, counts_json = row
            ids = tuple(r[0] for r in conn.execute("SELECT employee_id FROM incident_involved WHERE incident_id = ? "
                                                   "AND profession = ? ORDER BY rowid", (incident_id, profession)))
        counted = int(json.loads(counts_json).get(profession, 0))
        return ContactGroup(incident_id, profession, len(ids) + counted, ids)

    def accepted_contacts(self, exclude: str | None = None) -> list[StoredContact]:
        """Every planned contact accepted for the incidents kept (those of `exclude` left out): they
        are duties for the next incident's plan and for the burden page."""
        with self._connect() as conn:
            rows = conn.execute("SELECT c.incident_id, contact, profession, position, supporter_id, date, slot, start, "
                                '"end", hours, reason_code FROM incident_contacts c WHERE supporter_id != \'\' '
                                "AND incident_id != ? ORDER BY date, start", (exclude or "",)).fetchall()
        return [StoredContact(*r[:9], float(r[9]), r[10]) for r in rows]

    def counts(self) -> pd.DataFrame:
        """What survives: incidents per ward and month, people involved, contacts planned and accepted."""
        rows = []
        for stored in self.incidents():
            month = stored.incident.occurred.strftime("%Y-%m")
            planned = sum(1 for c in stored.contacts if c.supporter_id)
            for ward in stored.incident.wards:
                rows.append({"month": month, "ward": ward, "incidents": 1, "people": sum(stored.professions.values()),
                             "team_places_accepted": planned})
        frame = pd.DataFrame(rows, columns=["month", "ward", "incidents", "people", "team_places_accepted"])
        if frame.empty:
            return frame
        return frame.groupby(["month", "ward"], as_index=False).sum().sort_values(["month", "ward"]).reset_index(drop=True)
