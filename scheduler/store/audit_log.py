"""The audit log as the store writes and reads it: a row added, an incident's change, the newest rows.

The audit log (docs/access.md, "Audit log") records who did what to which object, and when:
every publish and un-publish, every change of an incident, every change of a person's role.
It holds the actor (the signed-in person's e-mail, or `lokal` without sign-in), a time, an
action from a fixed list (:data:`~scheduler.store.audit.AUDIT_ACTIONS`), the kind and id of the
object — and never content: an incident is named by its id only. Rows are only ever added. Which
actions there are and what may name an actor or an object: scheduler.store.audit.
"""

from __future__ import annotations

from scheduler.store.audit import INCIDENT_CHANGES, AuditEntry, audit_row
from scheduler.store.base import StoreBase

__all__ = ["AuditLog"]


class AuditLog(StoreBase):
    """`audit` a row, `record_incident_change`, read the newest rows (`audit_log`)."""

    def audit(self, actor: str, action: str, object_id: str) -> int:
        """Add one row to the audit log: `actor` did `action` (:data:`AUDIT_ACTIONS`) to the object
        with `object_id`; returns the row's id. Refuses anything but an id as the object, so no
        content can be written here."""
        with self._transaction() as conn:
            return audit_row(conn, actor, action, object_id)

    def record_incident_change(self, actor: str, incident_id: str, change: str) -> int:
        """For the incident feature: `actor` `change`d (:data:`INCIDENT_CHANGES`) the incident
        `incident_id` — who, when and which incident; never what happened or who was involved."""
        if change not in INCIDENT_CHANGES:
            raise ValueError(f"change must be one of {INCIDENT_CHANGES}")
        return self.audit(actor, f"incident_{change}", incident_id)

    def audit_log(self, limit: int = 1000, actions: tuple[str, ...] = ()) -> list[AuditEntry]:
        """The newest `limit` rows of the audit log, newest first (only `actions`, when given)."""
        query = "SELECT id, at, actor, action, object_kind, object_id, detail FROM audit_log"
        params: list[object] = []
        if actions:
            query += f" WHERE action IN ({', '.join('?' for _ in actions)})"
            params += list(actions)
        query += " ORDER BY id DESC LIMIT ?"
        params.append(int(limit))
        with self._connect() as conn:
            rows = conn.execute(query, params).fetchall()
        return [AuditEntry(int(r[0]), *r[1:]) for r in rows]
