"""Drafts: one person's work in the app before it is published, kept in the store as they work.

A draft (docs/app.md, "Drafts") is the uploaded files, the fixes made by hand (column and code
mappings, edited rules, follow-up counts and dates, locks) and the last plan made from them. It is
saved as the person works, so a reload of the page or a restart of the server resumes where they
were. A draft belongs to its author (docs/access.md): only they change it, the coordinator may read
it; every change is a row in the audit log naming the part changed, never its content. Files are
kept in their kept form (only the fields read, docs/threat-model.md), once per distinct content.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from scheduler.localtime import now_iso
from scheduler.store.audit import audit_row, check_actor, delete_orphan_blobs, draft_parts
from scheduler.store.base import StoreBase
from scheduler.store.engine import StoreConn
from scheduler.store.tables import names_apart, to_text

__all__ = ["DraftStore", "Draft", "DraftPlan", "DraftConflict", "valid_draft_id", "VERSION_KEY"]

_DRAFT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
#: In a draft's kept choices: bumped by every save made with an expected version (the app's tabs).
VERSION_KEY = "_version"


class DraftConflict(Exception):
    """Another tab saved the draft since this one read it: nothing was written (the app says so)."""


def _kept_version(conn: StoreConn) -> str:
    """SQL for the version in a row's kept choices (0 when it has none), in each database's own JSON."""
    if conn.postgres:
        return f"COALESCE((state_json::jsonb ->> '{VERSION_KEY}')::integer, 0)"
    return f"COALESCE(CAST(json_extract(state_json, '$.{VERSION_KEY}') AS INTEGER), 0)"


def _write_state(conn: StoreConn, draft_id: str, state: Mapping, expected: int | None) -> None:
    """Write a draft's choices. With `expected`, a compare-and-set in this one statement: the row is
    written only when its kept version is still `expected` (then it becomes `expected + 1`), else
    DraftConflict — two tabs that read the same version cannot both win, whatever the timing."""
    kept = dict(state) if expected is None else {**state, VERSION_KEY: expected + 1}
    params = [now_iso(), json.dumps(kept, ensure_ascii=False, sort_keys=True, default=str), draft_id]
    sql = "UPDATE drafts SET updated_at = ?, state_json = ? WHERE id = ?"
    if expected is not None:
        sql += f" AND {_kept_version(conn)} = ?"
        params.append(int(expected))
    if conn.execute(sql, params).rowcount != 1:
        raise DraftConflict(draft_id)


def valid_draft_id(text: object) -> bool:
    """A draft id as the app makes them (it arrives in a page address, so it is checked)."""
    return isinstance(text, str) and bool(_DRAFT_ID.match(text))


@dataclass
class DraftPlan:
    """The last plan of a draft, kept like a publication, with what it was made from (`meta`)."""

    finished_at: str
    tables: dict[str, pd.DataFrame]
    summary: dict
    rules_json: str
    checksums: dict[str, str]
    meta: dict


@dataclass
class Draft:
    """A person's work before publishing: files by kind (name, bytes), their choices, the last plan."""

    id: str
    created_at: str
    updated_at: str
    files: dict[str, list[tuple[str, bytes]]]
    state: dict
    plan: DraftPlan | None
    owner: str = ""
    read_only: bool = False  # opened by the coordinator, not its author: shown, never saved
    originals: dict[str, list[str]] = field(default_factory=dict)  # the uploaded files' checksums, by kind


class DraftStore(StoreBase):
    """The store's drafts: `save_draft`, `save_draft_state`, `save_draft_plan`, `load_draft`, `draft_state`,
    `draft_owner`."""

    def _own_draft(self, conn: StoreConn, draft_id: str, actor: str) -> bool:
        """Make the draft if it is new (owned by `actor`), or check that `actor` owns it; True if new.

        Drafts belong to their author (docs/access.md): nobody else may change one."""
        row = conn.execute("SELECT owner FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            stamp = now_iso()
            conn.execute("INSERT INTO drafts (id, created_at, updated_at, state_json, owner) VALUES (?, ?, ?, '{}', ?)",
                         (draft_id, stamp, stamp, actor))
            audit_row(conn, actor, "draft_created", draft_id)
            return True
        if row[0] not in ("", actor):
            raise PermissionError("the draft belongs to someone else")
        if row[0] == "":
            conn.execute("UPDATE drafts SET owner = ? WHERE id = ?", (actor, draft_id))
        return False

    def save_draft(self, draft_id: str, files: Mapping[str, list[tuple[str, bytes] | tuple[str, bytes, str]]],
                   state: Mapping, *, actor: str = "lokal", changed: Iterable[str] = ("files",),
                   expected_version: int | None = None) -> None:
        """Keep a draft's files and choices (replacing what was kept for it), atomically, with a row
        in the audit log per part `changed` (:data:`DRAFT_PARTS`) — which part, never its content.

        Files are given as (name, bytes[, the uploaded file's checksum]): the app passes each file's
        kept form (only the fields read, docs/threat-model.md). Contents are kept once per distinct
        content; one no draft uses any more is deleted at once. With `expected_version`, the save is
        a compare-and-set (:func:`_write_state`): DraftConflict, and nothing written, when another
        tab saved since.
        """
        if not valid_draft_id(draft_id):
            raise ValueError("not a draft id")
        check_actor(actor)
        with self._transaction() as conn:
            self._own_draft(conn, draft_id, actor)
            _write_state(conn, draft_id, state, expected_version)
            conn.execute("DELETE FROM draft_files WHERE draft_id = ?", (draft_id,))
            for kind, entries in files.items():
                for position, entry in enumerate(entries):
                    name, data = entry[0], entry[1]
                    original = entry[2] if len(entry) > 2 else ""
                    digest = hashlib.sha256(data).hexdigest()
                    conn.execute("INSERT INTO blobs (sha256, data) VALUES (?, ?) ON CONFLICT DO NOTHING", (digest, data))
                    conn.execute("INSERT INTO draft_files (draft_id, kind, position, name, sha256, original_sha256) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", (draft_id, kind, position, name, digest, original))
            delete_orphan_blobs(conn)
            for part in draft_parts(changed):
                audit_row(conn, actor, f"draft_{part}", draft_id)

    def save_draft_state(self, draft_id: str, state: Mapping, *, actor: str = "lokal",
                         changed: Iterable[str] = (), expected_version: int | None = None) -> None:
        """Keep only a draft's choices (its files stay as they were kept), audited per part `changed`;
        `expected_version` as in :meth:`save_draft`."""
        if not valid_draft_id(draft_id):
            raise ValueError("not a draft id")
        check_actor(actor)
        with self._transaction() as conn:
            self._own_draft(conn, draft_id, actor)
            _write_state(conn, draft_id, state, expected_version)
            for part in draft_parts(changed):
                audit_row(conn, actor, f"draft_{part}", draft_id)

    def save_draft_plan(self, draft_id: str, tables: Mapping[str, pd.DataFrame], summary: Mapping, rules_json: str,
                        checksums: Mapping[str, str], meta: Mapping, *, actor: str = "lokal") -> None:
        """Keep a draft's newest plan (replacing the one before), atomically, audited."""
        if not valid_draft_id(draft_id):
            raise ValueError("not a draft id")
        check_actor(actor)
        serialised = {name: to_text(frame) for name, frame in tables.items()}
        stamp = now_iso()
        with self._transaction() as conn:
            self._own_draft(conn, draft_id, actor)
            conn.execute("UPDATE drafts SET updated_at = ? WHERE id = ?", (stamp, draft_id))
            conn.execute("DELETE FROM draft_plans WHERE draft_id = ?", (draft_id,))
            conn.execute("INSERT INTO draft_plans (draft_id, finished_at, summary_json, rules_json, checksums_json, "
                         "meta_json) VALUES (?, ?, ?, ?, ?, ?)",
                         (draft_id, stamp, json.dumps(dict(summary), ensure_ascii=False, default=str), rules_json,
                          json.dumps(dict(checksums)), json.dumps(dict(meta), ensure_ascii=False, default=str)))
            for name, (text, dtypes) in serialised.items():
                conn.execute("INSERT INTO draft_plan_tables (draft_id, name, csv, dtypes_json) VALUES (?, ?, ?, ?)",
                             (draft_id, name, text, dtypes))
            audit_row(conn, actor, "draft_plan", draft_id)

    def draft_owner(self, draft_id: str) -> str | None:
        """Who made a draft ('' for one kept before drafts had owners); None when there is none."""
        if not valid_draft_id(draft_id):
            return None
        with self._connect() as conn:
            row = conn.execute("SELECT owner FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return None if row is None else str(row[0])

    def draft_state(self, draft_id: str) -> dict | None:
        """A draft's choices only, as last kept (None when there is none): cheap, for the app to see
        whether another tab changed the draft since this one read it."""
        if not valid_draft_id(draft_id):
            return None
        with self._connect() as conn:
            row = conn.execute("SELECT state_json FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return None if row is None else self._dict(row[0], f"draft {draft_id}")

    def load_draft(self, draft_id: str, reader: str | None = None, *, coordinator: bool = False) -> Draft | None:
        """The draft kept under `draft_id`, or None (unknown or malformed id, or not `reader`'s).

        A draft belongs to its author: `reader` gets it when it is theirs (or was kept before
        drafts had owners); the coordinator may open anyone's, read-only (`Draft.read_only`).
        `reader=None` is the library's own use (tests, migration): no owner check."""
        if not valid_draft_id(draft_id):
            return None
        with self._snapshot() as conn:
            row = conn.execute("SELECT created_at, updated_at, state_json, owner FROM drafts WHERE id = ?",
                               (draft_id,)).fetchone()
            if row is None:
                return None
            owner = str(row[3])
            read_only = reader is not None and owner not in ("", reader)
            if read_only and not coordinator:
                return None
            file_rows = conn.execute(
                "SELECT f.kind, f.name, b.data, f.original_sha256 FROM draft_files f JOIN blobs b ON b.sha256 = f.sha256 "
                "WHERE f.draft_id = ? ORDER BY f.kind, f.position", (draft_id,)).fetchall()
            plan_row = conn.execute("SELECT finished_at, summary_json, rules_json, checksums_json, meta_json "
                                    "FROM draft_plans WHERE draft_id = ?", (draft_id,)).fetchone()
            parts = conn.execute("SELECT name, csv, dtypes_json FROM draft_plan_tables WHERE draft_id = ? "
                                 "ORDER BY rowid", (draft_id,)).fetchall() if plan_row else []
        files: dict[str, list[tuple[str, bytes]]] = {}
        originals: dict[str, list[str]] = {}
        for kind, name, data, original in file_rows:
            files.setdefault(kind, []).append((name, bytes(data)))
            originals.setdefault(kind, []).append(str(original or ""))
        plan = None
        if plan_row is not None:
            finished, summary_json, rules_json, checksums_json, meta_json = plan_row
            what = f"draft {draft_id}"
            plan = DraftPlan(finished, names_apart({name: self._table(text, dtypes, what) for name, text, dtypes in parts}),
                             self._dict(summary_json, what), rules_json, self._dict(checksums_json, what),
                             self._dict(meta_json, what))
        return Draft(draft_id, row[0], row[1], files, self._dict(row[2], f"draft {draft_id}"), plan, owner=owner,
                     read_only=read_only, originals=originals)
