"""The audit log's rules: which actions it records, what may name an actor and an object, one row.

Every write in the store adds its row through :func:`audit_row`, inside the write's own
transaction (docs/access.md, «The audit log»): who (an e-mail or subject id, `lokal`, `cli:<user>`,
`server`), when, which action of a fixed list, and the kind and id of the object — never content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from scheduler.localtime import now_iso
from scheduler.store.engine import StoreConn

__all__ = ["AUDIT_ACTIONS", "INCIDENT_CHANGES", "DRAFT_PARTS", "AuditEntry", "audit_row", "check_actor",
           "valid_object_id", "valid_access_text", "draft_parts", "delete_orphan_blobs"]

#: What the audit log records: action → the kind of object it is about.
AUDIT_ACTIONS: dict[str, str] = {
    "publish": "publication",
    "unpublish": "publication",
    "republish": "publication",
    "incident_created": "incident",
    "incident_changed": "incident",
    "incident_closed": "incident",
    "incident_anonymised": "incident",
    "incident_deleted": "incident",
    "role_change": "user",
    "roles_file_change": "roles_file",
    "history_import": "history_import",
    "history_import_withdrawn": "history_import",
    "history_import_restored": "history_import",
    "draft_created": "draft",
    "draft_files": "draft",
    "draft_mappings": "draft",
    "draft_rules": "draft",
    "draft_supporter_edits": "draft",
    "draft_pins": "draft",
    "draft_plan": "draft",
    "draft_deleted": "draft",
    "purge": "store",
    "contact_status": "incident",  # a planned contact's status set (detail: which contact and the status word)
    "conversations": "supporter",  # a supporter's conversations of a month entered (detail: the month)
    "supervision_attendance": "supervision_meeting",  # how many attended a supervision meeting (detail: the site)
}
#: The changes of an incident the incident feature records (:meth:`PublicationStore.record_incident_change`).
INCIDENT_CHANGES = ("created", "changed", "closed", "anonymised", "deleted")
#: An object's id in the audit log: an id as the program makes them, or an e-mail address (any
#: character an address may hold: `o'brien@…`) — never text with spaces.
_OBJECT_ID = re.compile(r"^[A-Za-z0-9_.:@+'!#$%&*/=?^`{|}~-]{1,320}$")
#: Who acted: an e-mail address or a subject id from the identity provider, `lokal`, or `server`.
_ACTOR = re.compile(r"^[^\x00-\x1f\x7f]{1,320}$")
#: A person's roles and wards as recorded on a role change (role names and ward ids; built by the app).
_ACCESS_TEXT = re.compile(r"^[^\x00-\x1f\x7f]{0,2000}$")


def valid_object_id(text: object) -> bool:
    """An id the audit log takes for an object (a number, a generated id, an e-mail address)."""
    return isinstance(text, str) and bool(_OBJECT_ID.match(text))


def valid_access_text(text: object) -> bool:
    """A person's roles and wards as a role change records them (role names and ward ids)."""
    return isinstance(text, str) and bool(_ACCESS_TEXT.match(text))


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log: who did what to which object, and when (never content)."""

    id: int
    at: str
    actor: str
    action: str
    object_kind: str
    object_id: str
    detail: str = ""


def check_actor(actor: str) -> None:
    if not isinstance(actor, str) or not _ACTOR.match(actor):
        raise ValueError("the actor must be an e-mail address or an id (one line)")


def audit_row(conn: StoreConn, actor: str, action: str, object_id: str, detail: str = "") -> int:
    """One audit row, inside the caller's transaction."""
    check_actor(actor)
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"action must be one of {tuple(AUDIT_ACTIONS)}")
    if not valid_object_id(object_id):
        raise ValueError("the object must be named by its id (letters, digits, . _ : @ + -)")
    cur = conn.execute("INSERT INTO audit_log (at, actor, action, object_kind, object_id, detail) VALUES (?, ?, ?, ?, ?, ?) "
                       "RETURNING id",
                       (now_iso(), actor, action, AUDIT_ACTIONS[action], object_id, detail))
    return int(cur.fetchone()[0])


#: The parts of a draft whose change the audit log records (action `draft_<part>`; never the content).
DRAFT_PARTS = ("files", "mappings", "rules", "supporter_edits", "pins")


def draft_parts(changed: Iterable[str]) -> list[str]:
    parts = list(dict.fromkeys(changed))
    unknown = [p for p in parts if p not in DRAFT_PARTS]
    if unknown:
        raise ValueError(f"draft parts must be among {DRAFT_PARTS}")
    return parts


def delete_orphan_blobs(conn: StoreConn) -> int:
    """Delete file contents no draft uses any more (a replaced or removed upload); returns how many."""
    return conn.execute("DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM draft_files)").rowcount
