"""The store: published rotas and the app's drafts, kept in one local SQLite file.

A publication is the rota's tables (assignments, duties, burden, coverage, …), the run summary,
the rules used, the checksums of the input files and, optionally, which kind of publication it
is — one of a fixed set (:data:`PUBLICATION_REASONS`), never free text. Each one is written in a
single SQLite transaction, so a killed server or a failed write never leaves half a rota behind:
either the whole publication is there, or none of it is. Earlier publications are kept as history.

A draft is one person's work in the app before it is published (docs/app.md, "Drafts"): the
uploaded files, the fixes made by hand (column and code mappings, edited rules, follow-up counts
and dates, locks) and the last plan made from them. It is saved as the person works, so a reload
of the page or a restart of the server resumes where they were.

The audit log (docs/access.md, "Audit log") records who did what to which object, and when:
every publish and un-publish, every change of an incident, every change of a person's role.
It holds the actor (the signed-in person's e-mail, or `lokal` without sign-in), a time, an
action from a fixed list (:data:`AUDIT_ACTIONS`), the kind and id of the object — and never
content: an incident is named by its id only. Rows are only ever added.

Confidentiality: only what the rota tables and the input files hold is stored — dates, slots,
ids, names, phone numbers and counts. No field takes free text, so nothing said in a support
conversation can end up here.

Pure Python and sqlite3; no Streamlit. Safe to use from several threads and processes: every
call opens its own connection, the database runs in WAL mode and writers wait for each other.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scheduler.localtime import now_iso

__all__ = ["PublicationStore", "Publication", "PublicationInfo", "Draft", "DraftPlan", "AuditEntry", "PUBLICATION_REASONS",
           "AUDIT_ACTIONS", "INCIDENT_CHANGES", "DEFAULT_DB_PATH", "DB_ENV", "default_db_path", "valid_draft_id",
           "valid_object_id"]

#: Environment variable naming the database file; default ./kollegastotte.sqlite3.
DB_ENV = "KOLLEGASTOTTE_DB"
DEFAULT_DB_PATH = "kollegastotte.sqlite3"
#: The kinds of publication a person may pick; the store refuses any other text.
PUBLICATION_REASONS = ("new_period", "change")
_DRAFT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
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
}
#: The changes of an incident the incident feature records (:meth:`PublicationStore.record_incident_change`).
INCIDENT_CHANGES = ("created", "changed", "closed", "anonymised", "deleted")
#: An object's id in the audit log: an id as the program makes them, or an e-mail address — never text.
_OBJECT_ID = re.compile(r"^[A-Za-z0-9_.:@+-]{1,320}$")
#: Who acted: an e-mail address or a subject id from the identity provider, `lokal`, or `server`.
_ACTOR = re.compile(r"^[^\x00-\x1f\x7f]{1,320}$")
#: A person's roles and wards as recorded on a role change (role names and ward ids; built by the app).
_ACCESS_TEXT = re.compile(r"^[^\x00-\x1f\x7f]{0,2000}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS publications (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at     TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    summary_json   TEXT NOT NULL,
    rules_json     TEXT NOT NULL,
    checksums_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS publication_tables (
    publication_id INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    csv            TEXT NOT NULL,
    dtypes_json    TEXT NOT NULL,
    PRIMARY KEY (publication_id, name)
);
CREATE TABLE IF NOT EXISTS drafts (
    id             TEXT PRIMARY KEY,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    state_json     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS blobs (
    sha256         TEXT PRIMARY KEY,
    data           BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS draft_files (
    draft_id       TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    position       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    sha256         TEXT NOT NULL REFERENCES blobs(sha256),
    PRIMARY KEY (draft_id, kind, position)
);
CREATE TABLE IF NOT EXISTS draft_plans (
    draft_id       TEXT PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
    finished_at    TEXT NOT NULL,
    summary_json   TEXT NOT NULL,
    rules_json     TEXT NOT NULL,
    checksums_json TEXT NOT NULL,
    meta_json      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    object_kind    TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS withdrawn_publications (
    publication_id INTEGER PRIMARY KEY REFERENCES publications(id),
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS known_access (
    user           TEXT PRIMARY KEY,
    access         TEXT NOT NULL,
    seen_at        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS known_roles_file (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    sha256         TEXT NOT NULL,
    seen_at        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chosen_wards (
    user           TEXT PRIMARY KEY,
    ward           TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS draft_plan_tables (
    draft_id       TEXT NOT NULL REFERENCES draft_plans(draft_id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    csv            TEXT NOT NULL,
    dtypes_json    TEXT NOT NULL,
    PRIMARY KEY (draft_id, name)
);
"""


def default_db_path() -> Path:
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB_PATH)


def valid_draft_id(text: object) -> bool:
    """A draft id as the app makes them (it arrives in a page address, so it is checked)."""
    return isinstance(text, str) and bool(_DRAFT_ID.match(text))


def valid_object_id(text: object) -> bool:
    """An id the audit log takes for an object (a number, a generated id, an e-mail address)."""
    return isinstance(text, str) and bool(_OBJECT_ID.match(text))


def _reason(stored: str) -> str:
    """The kind of publication; text stored by older versions (a free note) is not shown."""
    return stored if stored in PUBLICATION_REASONS else ""


@dataclass(frozen=True)
class PublicationInfo:
    """One line of the history: when, which kind, and the counts that tell rotas apart."""

    id: int
    created_at: str
    reason: str
    status: str
    covered: int | None
    uncovered: int | None
    duties: int | None
    withdrawn: bool = False


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


@dataclass
class Publication:
    """A published rota as it was saved; ids (and every text column) come back as strings."""

    id: int
    created_at: str
    reason: str
    tables: dict[str, pd.DataFrame]
    summary: dict
    rules_json: str
    checksums: dict[str, str] = field(default_factory=dict)

    @property
    def rules(self) -> dict:
        return json.loads(self.rules_json)


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


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "float"
    return "str"


def _to_text(frame: pd.DataFrame) -> tuple[str, str]:
    dtypes = {str(c): _kind(frame[c]) for c in frame.columns}
    return frame.to_csv(index=False, lineterminator="\n"), json.dumps(dtypes)


def _from_text(text: str, dtypes_json: str) -> pd.DataFrame:
    dtypes: dict[str, str] = json.loads(dtypes_json)
    if not text.strip():
        return pd.DataFrame({c: pd.Series([], dtype=str) for c in dtypes})
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    for column, kind in dtypes.items():
        if column not in frame.columns:
            continue
        if kind == "bool":
            frame[column] = frame[column].str.lower().isin(["true", "1"])
        elif kind == "int":
            frame[column] = pd.to_numeric(frame[column].mask(frame[column] == "")).astype("Int64")
            if not frame[column].isna().any():
                frame[column] = frame[column].astype("int64")
        elif kind == "float":
            frame[column] = pd.to_numeric(frame[column].mask(frame[column] == "")).astype("float64")
    return frame


def _check_actor(actor: str) -> None:
    if not isinstance(actor, str) or not _ACTOR.match(actor):
        raise ValueError("the actor must be an e-mail address or an id (one line)")


def _audit(conn: sqlite3.Connection, actor: str, action: str, object_id: str, detail: str = "") -> int:
    """One audit row, inside the caller's transaction."""
    _check_actor(actor)
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"action must be one of {tuple(AUDIT_ACTIONS)}")
    if not valid_object_id(object_id):
        raise ValueError("the object must be named by its id (letters, digits, . _ : @ + -)")
    cur = conn.execute("INSERT INTO audit_log (at, actor, action, object_kind, object_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                       (now_iso(), actor, action, AUDIT_ACTIONS[action], object_id, detail))
    return int(cur.lastrowid)


def _count(summary: Mapping, key: str) -> int | None:
    value = summary.get("counts", {}).get(key)
    return int(value) if value is not None else None


class PublicationStore:
    """`publish` a rota, read the `latest`, list the `history`, `load` an earlier one."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=FULL")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole, or rolled back whole on any exception."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _insert_table(self, conn: sqlite3.Connection, publication_id: int, name: str, text: str, dtypes: str) -> None:
        conn.execute(
            "INSERT INTO publication_tables (publication_id, name, csv, dtypes_json) VALUES (?, ?, ?, ?)",
            (publication_id, name, text, dtypes),
        )

    def publish(
        self,
        tables: Mapping[str, pd.DataFrame],
        summary: Mapping,
        rules_json: str,
        checksums: Mapping[str, str],
        reason: str = "",
        actor: str = "lokal",
    ) -> int:
        """Save a rota as the newest publication, atomically, with its row in the audit log;
        returns its id.

        `reason` is "" or one of :data:`PUBLICATION_REASONS`; anything else is refused, so no
        free text can be stored with a rota. `actor` is who publishes (see :meth:`audit`).
        """
        if reason and reason not in PUBLICATION_REASONS:
            raise ValueError(f"reason must be one of {PUBLICATION_REASONS} or empty")
        _check_actor(actor)
        serialised = {name: _to_text(frame) for name, frame in tables.items()}
        summary_json = json.dumps(summary, ensure_ascii=False, default=str)
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO publications (created_at, note, summary_json, rules_json, checksums_json) VALUES (?, ?, ?, ?, ?)",
                (now_iso(), reason, summary_json, rules_json, json.dumps(dict(checksums))),
            )
            publication_id = int(cur.lastrowid)
            for name, (text, dtypes) in serialised.items():
                self._insert_table(conn, publication_id, name, text, dtypes)
            _audit(conn, actor, "publish", str(publication_id))
        return publication_id

    def history(self) -> list[PublicationInfo]:
        """Every publication, newest first (withdrawn ones too, marked)."""
        with self._connect() as conn:
            rows = conn.execute("SELECT p.id, p.created_at, p.note, p.summary_json, w.publication_id IS NOT NULL "
                                "FROM publications p LEFT JOIN withdrawn_publications w ON w.publication_id = p.id "
                                "ORDER BY p.id DESC").fetchall()
        out = []
        for pid, created, note, summary_json, withdrawn in rows:
            summary = json.loads(summary_json)
            out.append(PublicationInfo(int(pid), created, _reason(note), str(summary.get("status", "")),
                                       _count(summary, "covered"), _count(summary, "uncovered"), _count(summary, "duties"),
                                       bool(withdrawn)))
        return out

    def latest(self) -> Publication | None:
        """The newest publication that is not withdrawn: the rota in force."""
        with self._connect() as conn:
            row = conn.execute("SELECT MAX(id) FROM publications WHERE id NOT IN "
                               "(SELECT publication_id FROM withdrawn_publications)").fetchone()
        return None if row is None or row[0] is None else self.load(int(row[0]))

    def unpublish(self, publication_id: int, actor: str) -> None:
        """Withdraw a publication: it stays in the history (marked), but is no longer in force, so
        the one published before it is again. Nothing is deleted; the audit log says who did it."""
        _check_actor(actor)
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM publications WHERE id = ?", (publication_id,)).fetchone() is None:
                raise KeyError(f"no publication {publication_id}")
            cur = conn.execute("INSERT OR IGNORE INTO withdrawn_publications (publication_id, at, actor) VALUES (?, ?, ?)",
                               (publication_id, now_iso(), actor))
            if cur.rowcount:
                _audit(conn, actor, "unpublish", str(publication_id))

    def republish(self, publication_id: int, actor: str) -> None:
        """Put a withdrawn publication back in force (the newest one in force is shown)."""
        _check_actor(actor)
        with self._transaction() as conn:
            cur = conn.execute("DELETE FROM withdrawn_publications WHERE publication_id = ?", (publication_id,))
            if cur.rowcount:
                _audit(conn, actor, "republish", str(publication_id))

    # --- the audit log --------------------------------------------------------------------------

    def audit(self, actor: str, action: str, object_id: str) -> int:
        """Add one row to the audit log: `actor` did `action` (:data:`AUDIT_ACTIONS`) to the object
        with `object_id`; returns the row's id. Refuses anything but an id as the object, so no
        content can be written here."""
        with self._transaction() as conn:
            return _audit(conn, actor, action, object_id)

    def record_incident_change(self, actor: str, incident_id: str, change: str) -> int:
        """For the incident feature: `actor` `change`d (:data:`INCIDENT_CHANGES`) the incident
        `incident_id` — who, when and which incident; never what happened or who was involved."""
        if change not in INCIDENT_CHANGES:
            raise ValueError(f"change must be one of {INCIDENT_CHANGES}")
        return self.audit(actor, f"incident_{change}", incident_id)

    def record_access(self, user: str, access: str) -> bool:
        """Remember the roles and wards `user` has now (`access`, e.g. `coordinator` or
        `manager:N-MED1,N-MED2`); a change is a `role_change` row in the audit log. A person's
        first sign-in with no more than the employee role is remembered without a row. True when
        a row was written."""
        if not valid_object_id(user):
            raise ValueError("not a user id")
        if not _ACCESS_TEXT.match(access):
            raise ValueError("not an access text")
        with self._transaction() as conn:
            row = conn.execute("SELECT access FROM known_access WHERE user = ?", (user,)).fetchone()
            before = row[0] if row else None
            if before == access:
                return False
            conn.execute("INSERT INTO known_access (user, access, seen_at) VALUES (?, ?, ?) ON CONFLICT(user) DO UPDATE "
                         "SET access = excluded.access, seen_at = excluded.seen_at", (user, access, now_iso()))
            if before is None and access in ("", "employee"):
                return False
            _audit(conn, "server", "role_change", user, f"{before or '–'} → {access or '–'}")
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
            _audit(conn, "server", "roles_file_change", sha256[:12] or "none")
            return True

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

    # --- the ward a person picked on the "who do I call now?" page --------------------------------

    def chosen_ward(self, user: str) -> str | None:
        if not valid_object_id(user):
            return None
        with self._connect() as conn:
            row = conn.execute("SELECT ward FROM chosen_wards WHERE user = ?", (user,)).fetchone()
        return row[0] if row else None

    def choose_ward(self, user: str, ward: str) -> None:
        """Remember the ward `user` picked, so the page opens on it next time."""
        if not valid_object_id(user) or not ward or len(ward) > 200:
            raise ValueError("not a user id and a ward id")
        with self._transaction() as conn:
            conn.execute("INSERT INTO chosen_wards (user, ward, updated_at) VALUES (?, ?, ?) ON CONFLICT(user) DO UPDATE "
                         "SET ward = excluded.ward, updated_at = excluded.updated_at", (user, ward, now_iso()))

    def load(self, publication_id: int) -> Publication:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT id, created_at, note, summary_json, rules_json, checksums_json FROM publications WHERE id = ?",
                (publication_id,),
            ).fetchone()
            if row is None:
                raise KeyError(f"no publication {publication_id}")
            parts = conn.execute(
                "SELECT name, csv, dtypes_json FROM publication_tables WHERE publication_id = ? ORDER BY rowid",
                (publication_id,),
            ).fetchall()
        tables = {name: _from_text(text, dtypes) for name, text, dtypes in parts}
        pid, created, note, summary_json, rules_json, checksums_json = row
        return Publication(int(pid), created, _reason(note), tables, json.loads(summary_json), rules_json,
                           json.loads(checksums_json))

    # --- drafts ---------------------------------------------------------------------------------

    def save_draft(self, draft_id: str, files: Mapping[str, list[tuple[str, bytes]]], state: Mapping) -> None:
        """Keep a draft's files and choices (replacing what was kept for it), atomically.

        File contents are kept once per distinct content, so saving again after a small change
        writes only the choices.
        """
        if not valid_draft_id(draft_id):
            raise ValueError("not a draft id")
        stamp = now_iso()
        state_json = json.dumps(dict(state), ensure_ascii=False, sort_keys=True, default=str)
        with self._transaction() as conn:
            conn.execute("INSERT INTO drafts (id, created_at, updated_at, state_json) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, state_json = excluded.state_json",
                         (draft_id, stamp, stamp, state_json))
            conn.execute("DELETE FROM draft_files WHERE draft_id = ?", (draft_id,))
            for kind, entries in files.items():
                for position, (name, data) in enumerate(entries):
                    digest = hashlib.sha256(data).hexdigest()
                    conn.execute("INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?, ?)", (digest, data))
                    conn.execute("INSERT INTO draft_files (draft_id, kind, position, name, sha256) VALUES (?, ?, ?, ?, ?)",
                                 (draft_id, kind, position, name, digest))

    def save_draft_state(self, draft_id: str, state: Mapping) -> None:
        """Keep only a draft's choices (its files stay as they were kept)."""
        if not valid_draft_id(draft_id):
            raise ValueError("not a draft id")
        stamp = now_iso()
        with self._transaction() as conn:
            conn.execute("INSERT INTO drafts (id, created_at, updated_at, state_json) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, state_json = excluded.state_json",
                         (draft_id, stamp, stamp, json.dumps(dict(state), ensure_ascii=False, sort_keys=True, default=str)))

    def save_draft_plan(self, draft_id: str, tables: Mapping[str, pd.DataFrame], summary: Mapping, rules_json: str,
                        checksums: Mapping[str, str], meta: Mapping) -> None:
        """Keep a draft's newest plan (replacing the one before), atomically."""
        if not valid_draft_id(draft_id):
            raise ValueError("not a draft id")
        serialised = {name: _to_text(frame) for name, frame in tables.items()}
        stamp = now_iso()
        with self._transaction() as conn:
            conn.execute("INSERT INTO drafts (id, created_at, updated_at, state_json) VALUES (?, ?, ?, '{}') "
                         "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at", (draft_id, stamp, stamp))
            conn.execute("DELETE FROM draft_plans WHERE draft_id = ?", (draft_id,))
            conn.execute("INSERT INTO draft_plans (draft_id, finished_at, summary_json, rules_json, checksums_json, "
                         "meta_json) VALUES (?, ?, ?, ?, ?, ?)",
                         (draft_id, stamp, json.dumps(dict(summary), ensure_ascii=False, default=str), rules_json,
                          json.dumps(dict(checksums)), json.dumps(dict(meta), ensure_ascii=False, default=str)))
            for name, (text, dtypes) in serialised.items():
                conn.execute("INSERT INTO draft_plan_tables (draft_id, name, csv, dtypes_json) VALUES (?, ?, ?, ?)",
                             (draft_id, name, text, dtypes))

    def load_draft(self, draft_id: str) -> Draft | None:
        """The draft kept under `draft_id`, or None (unknown or malformed id)."""
        if not valid_draft_id(draft_id):
            return None
        with self._connect() as conn:
            row = conn.execute("SELECT created_at, updated_at, state_json FROM drafts WHERE id = ?",
                               (draft_id,)).fetchone()
            if row is None:
                return None
            file_rows = conn.execute(
                "SELECT f.kind, f.name, b.data FROM draft_files f JOIN blobs b ON b.sha256 = f.sha256 "
                "WHERE f.draft_id = ? ORDER BY f.kind, f.position", (draft_id,)).fetchall()
            plan_row = conn.execute("SELECT finished_at, summary_json, rules_json, checksums_json, meta_json "
                                    "FROM draft_plans WHERE draft_id = ?", (draft_id,)).fetchone()
            parts = conn.execute("SELECT name, csv, dtypes_json FROM draft_plan_tables WHERE draft_id = ? "
                                 "ORDER BY rowid", (draft_id,)).fetchall() if plan_row else []
        files: dict[str, list[tuple[str, bytes]]] = {}
        for kind, name, data in file_rows:
            files.setdefault(kind, []).append((name, bytes(data)))
        plan = None
        if plan_row is not None:
            finished, summary_json, rules_json, checksums_json, meta_json = plan_row
            plan = DraftPlan(finished, {name: _from_text(text, dtypes) for name, text, dtypes in parts},
                             json.loads(summary_json), rules_json, json.loads(checksums_json), json.loads(meta_json))
        return Draft(draft_id, row[0], row[1], files, json.loads(row[2]), plan)
