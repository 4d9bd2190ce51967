"""What the store remembers of the people who sign in: their roles and wards, the role file, the ward each picked.

A change of a person's roles or wards, and of the role file, is a row in the audit log
(docs/access.md, «The audit log»); a person's first sign-in with no more than the employee role is
remembered without one. The ward a person picked on the "who do I call now?" page is remembered so
the page opens on it next time. Only ids, role names and ward ids are kept — never free text.
"""

from __future__ import annotations

import re

from scheduler.localtime import now_iso
from scheduler.store.audit import audit_row, valid_access_text, valid_object_id
from scheduler.store.base import StoreBase

__all__ = ["PeopleRecords"]


class PeopleRecords(StoreBase):
    """`record_access`, `record_roles_file`; `chosen_ward` and `choose_ward`."""

    def record_access(self, user: str, access: str) -> bool:
        """Remember the roles and wards `user` has now (`access`, e.g. `coordinator` or
        `manager:N-MED1,N-MED2`); a change is a `role_change` row in the audit log. A person's
        first sign-in with no more than the employee role is remembered without a row. True when
        a row was written."""
        if not valid_object_id(user):
            raise ValueError("not a user id")
        if not valid_access_text(access):
            raise ValueError("not an access text")
        with self._transaction() as conn:
            row = conn.execute('SELECT access FROM known_access WHERE "user" = ?', (user,)).fetchone()
            before = row[0] if row else None
            if before == access:
                return False
            conn.execute('INSERT INTO known_access ("user", access, seen_at) VALUES (?, ?, ?) ON CONFLICT("user") DO UPDATE '
                         "SET access = excluded.access, seen_at = excluded.seen_at", (user, access, now_iso()))
            if before is None and access in ("", "employee"):
                return False
            audit_row(conn, "server", "role_change", user, f"{before or '–'} → {access or '–'}")
            return True

    def record_roles_file(self, sha256: str) -> bool:
        """Remember the role file's checksum; a change is a `roles_file_change` row. True when written."""
        if not re.fullmatch(r"[0-9a-f]{64}|", sha256):
            raise ValueError("not a SHA-256 digest")
        with self._transaction() as conn:
            row = conn.execute("SELECT sha256 FROM known_roles_file WHERE id = 1").fetchone()
            if row is not None and row[0] == sha256:
                return False
            conn.execute("INSERT INTO known_roles_file (id, sha256, seen_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE "
                         "SET sha256 = excluded.sha256, seen_at = excluded.seen_at", (sha256, now_iso()))
            audit_row(conn, "server", "roles_file_change", sha256[:12] or "none")
            return True

    # --- the ward a person picked on the "who do I call now?" page --------------------------------

    def chosen_ward(self, user: str) -> str | None:
        if not valid_object_id(user):
            return None
        with self._connect() as conn:
            row = conn.execute('SELECT ward FROM chosen_wards WHERE "user" = ?', (user,)).fetchone()
        return row[0] if row else None

    def choose_ward(self, user: str, ward: str) -> None:
        """Remember the ward `user` picked, so the page opens on it next time."""
        if not valid_object_id(user) or not ward or len(ward) > 200:
            raise ValueError("not a user id and a ward id")
        with self._transaction() as conn:
            conn.execute('INSERT INTO chosen_wards ("user", ward, updated_at) VALUES (?, ?, ?) ON CONFLICT("user") DO UPDATE '
                         "SET ward = excluded.ward, updated_at = excluded.updated_at", (user, ward, now_iso()))
