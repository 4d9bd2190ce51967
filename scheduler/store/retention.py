"""Retention as code: what the store deletes, and when (docs/threat-model.md, «What is kept how long»).

- **Involved employee ids** of an incident are deleted the day after its follow-up plus the
  retention days (`KOLLEGASTOTTE_INCIDENT_RETENTION_DAYS`, default 7); their counts per profession
  stay. On SQLite the deleted rows are overwritten in the file (`secure_delete`) and the write-ahead
  log is emptied, so the ids are gone from disk, not only from view; on PostgreSQL the tables are
  vacuumed at once (what the server's own files, its WAL and backups keep is the DBA's:
  docs/database.md).
- **Drafts** not touched for `KOLLEGASTOTTE_DRAFT_DAYS` days (default 30) are deleted with their
  files and plans: work in progress is not an archive.
- **File contents** no draft uses any more (a replaced or removed upload) are deleted at once.
- **Conversations per supporter and month** (scheduler.store.outcomes) older than
  `KOLLEGASTOTTE_ACTIVITY_MONTHS` months (default 36: the longest report) are merged into the
  month's total without a supporter: the count stays, whose it was goes.

:func:`purge_store` runs on every open of the store (scheduler.store.base.StoreBase) and as
`scheduler purge --store STORE`, which a server's cron runs daily so nothing waits for someone to
open the app. When ids were due before today, the purge was late: it says so (the command line
prints it, the coordinator's *Logg* shows it) so the schedule gets fixed. Every deletion is in the
audit log (`purge`, `incident_anonymised`, `draft_deleted`) with who and when, never content.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

import sqlalchemy as sa

from scheduler.localtime import now_iso, today
from scheduler.store.audit import audit_row, delete_orphan_blobs
from scheduler.store.engine import StoreConn

__all__ = ["PurgeResult", "purge_store", "purge_due", "DRAFT_DAYS_ENV", "DRAFT_DAYS", "draft_days",
           "INCIDENT_RETENTION_ENV", "INCIDENT_RETENTION_DAYS", "incident_retention_days", "last_late_purge",
           "ACTIVITY_MONTHS_ENV", "ACTIVITY_MONTHS", "activity_months", "activity_cutoff"]

#: Days after an incident's follow-up before its involved ids are deleted (the server's setting).
INCIDENT_RETENTION_ENV = "KOLLEGASTOTTE_INCIDENT_RETENTION_DAYS"
INCIDENT_RETENTION_DAYS = 7
#: Days a draft may lie untouched before it is deleted (the server's setting).
DRAFT_DAYS_ENV = "KOLLEGASTOTTE_DRAFT_DAYS"
DRAFT_DAYS = 30
#: Months a supporter's conversation count is kept as theirs before it joins the month's total.
ACTIVITY_MONTHS_ENV = "KOLLEGASTOTTE_ACTIVITY_MONTHS"
ACTIVITY_MONTHS = 36
_LATE_KEY = "last_late_purge"
_LAST_KEY = "last_purge"


def _days(env: str, default: int, low: int, high: int) -> int:
    try:
        value = int(os.environ.get(env, ""))
    except ValueError:
        return default
    return value if low <= value <= high else default


def incident_retention_days() -> int:
    """Days after the follow-up before involved ids are deleted: the server's setting, else 7 (0–365)."""
    return _days(INCIDENT_RETENTION_ENV, INCIDENT_RETENTION_DAYS, 0, 365)


def activity_months() -> int:
    """Months a supporter's conversation count is kept as theirs: the server's setting, else 36 (1–120)."""
    return _days(ACTIVITY_MONTHS_ENV, ACTIVITY_MONTHS, 1, 120)


def activity_cutoff(day: dt.date) -> str:
    """The first month (`2024-02`) whose per-supporter conversation counts are still kept on `day`:
    the :func:`activity_months` months up to and including `day`'s."""
    index = day.year * 12 + day.month - activity_months()
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def draft_days() -> int:
    """Days an untouched draft is kept: the server's setting, else 30 (1–365)."""
    return _days(DRAFT_DAYS_ENV, DRAFT_DAYS, 1, 365)


@dataclass(frozen=True)
class PurgeResult:
    """What one purge deleted, and how late the deletion of ids came (0: on time)."""

    anonymised: tuple[str, ...] = ()
    late_days: int = 0  # the most days an incident's ids stayed past their deletion date
    late_incidents: int = 0
    drafts_deleted: int = 0
    blobs_deleted: int = 0
    conversation_months: int = 0  # months whose per-supporter conversation counts were merged
    at: str = field(default_factory=now_iso)

    @property
    def deleted_anything(self) -> bool:
        return bool(self.anonymised or self.drafts_deleted or self.blobs_deleted or self.conversation_months)


class _Store(Protocol):
    """What the purge needs of a store: a connection, and a write transaction."""

    def _connect(self) -> AbstractContextManager[StoreConn]: ...

    def _transaction(self) -> AbstractContextManager[StoreConn]: ...

    def _forget_deleted(self) -> None: ...


def _has_table(conn: StoreConn, name: str) -> bool:
    return sa.inspect(conn.sa).has_table(name)


def _due_incidents(conn: StoreConn, day: dt.date) -> list[tuple[str, str]]:
    if not _has_table(conn, "incidents"):  # the incident feature was never used with this store
        return []
    return [(str(r[0]), str(r[1])) for r in conn.execute(
        "SELECT id, delete_ids_after FROM incidents WHERE anonymised_at IS NULL AND delete_ids_after <= ?",
        (day.isoformat(),))]


def _old_drafts(conn: StoreConn, before: str) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT id FROM drafts WHERE updated_at < ?", (before,))]


def _old_conversation_months(conn: StoreConn, cutoff: str) -> list[str]:
    return [str(r[0]) for r in conn.execute(
        "SELECT DISTINCT month FROM conversation_counts WHERE month < ? AND supporter_id != ''", (cutoff,))]


def _merge_conversations(conn: StoreConn, months: list[str]) -> None:
    """Each month's per-supporter counts become one row without a supporter (the total stays)."""
    for month in months:
        total = int(conn.execute("SELECT COALESCE(SUM(conversations), 0) FROM conversation_counts WHERE month = ?",
                                 (month,)).fetchone()[0])
        conn.execute("DELETE FROM conversation_counts WHERE month = ?", (month,))
        conn.execute("INSERT INTO conversation_counts (supporter_id, month, conversations, updated_at) VALUES ('', ?, ?, ?)",
                     (month, total, now_iso()))


def _orphans(conn: StoreConn) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM draft_files)")
               .fetchone()[0])


def purge_due(conn: StoreConn, day: dt.date, draft_cutoff: str, actor: str,
              conversation_cutoff: str | None = None) -> PurgeResult:
    """Delete, inside the caller's write transaction, everything due on `day`: the involved ids of
    incidents past their date (their counts per profession kept), drafts last changed before
    `draft_cutoff` (an ISO time), and file contents no draft uses."""
    anonymised, late = [], []
    for incident_id, due in _due_incidents(conn, day):
        counts = json.loads(conn.execute("SELECT counts_json FROM incidents WHERE id = ?", (incident_id,)).fetchone()[0])
        for (profession,) in conn.execute("SELECT profession FROM incident_involved WHERE incident_id = ?",
                                          (incident_id,)).fetchall():
            counts[profession] = counts.get(profession, 0) + 1
        conn.execute("DELETE FROM incident_involved WHERE incident_id = ?", (incident_id,))
        # a key resolves to people only while their ids are kept
        conn.execute("DELETE FROM incident_contact_keys WHERE incident_id = ?", (incident_id,))
        conn.execute("UPDATE incidents SET counts_json = ?, anonymised_at = ?, updated_at = ? WHERE id = ?",
                     (json.dumps(counts), now_iso(), now_iso(), incident_id))
        audit_row(conn, actor, "incident_anonymised", incident_id)
        anonymised.append(incident_id)
        late.append((day - dt.date.fromisoformat(due[:10])).days)
    drafts = _old_drafts(conn, draft_cutoff)
    for draft_id in drafts:
        conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        audit_row(conn, actor, "draft_deleted", draft_id)
    blobs = delete_orphan_blobs(conn)
    months = _old_conversation_months(conn, conversation_cutoff or activity_cutoff(day))
    _merge_conversations(conn, months)
    late_days = max([d for d in late if d > 0], default=0)
    result = PurgeResult(tuple(anonymised), late_days, sum(1 for d in late if d > 0), len(drafts), blobs, len(months))
    if result.deleted_anything:
        audit_row(conn, actor, "purge", "store",
               f"{len(anonymised)} incidents, {len(drafts)} drafts, {blobs} files, {len(months)} months of conversations")
        _remember(conn, _LAST_KEY, {"at": result.at, "incidents": len(anonymised), "drafts": len(drafts)})
    if late_days:
        _remember(conn, _LATE_KEY, {"at": result.at, "days": late_days, "incidents": result.late_incidents})
    return result


def _remember(conn: StoreConn, key: str, value: dict) -> None:
    conn.execute("INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (key, json.dumps(value)))


def purge_store(store: _Store, actor: str = "server", day: dt.date | None = None) -> PurgeResult:
    """Purge what is due in `store` (a write only when something is): see the module's docstring."""
    day = day or today()
    cutoff = (dt.datetime.fromisoformat(now_iso()) - dt.timedelta(days=draft_days())).isoformat(timespec="seconds")
    with store._connect() as conn:  # a read first: most opens have nothing to delete and write nothing
        due = bool(_due_incidents(conn, day) or _old_drafts(conn, cutoff) or _orphans(conn)
                   or _old_conversation_months(conn, activity_cutoff(day)))
    if not due:
        return PurgeResult()
    with store._transaction() as conn:
        result = purge_due(conn, day, cutoff, actor)
    if result.anonymised:
        store._forget_deleted()  # the deleted ids leave the write-ahead log (SQLite) or the table's pages (PostgreSQL)
    return result


def last_late_purge(store: _Store) -> dict | None:
    """The last purge that deleted ids after their date ({at, days, incidents}), for the coordinator."""
    with store._connect() as conn:
        row = conn.execute("SELECT value FROM store_meta WHERE key = ?", (_LATE_KEY,)).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
