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

import datetime as dt
import hashlib
import io
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scheduler.localtime import now_iso
from scheduler.model.in_force import InForce, Scope, compose, in_force
from scheduler.model.reason_privacy import has_named_reasons, without_names
from scheduler.store.audit import (
    AUDIT_ACTIONS,
    INCIDENT_CHANGES,
    AuditEntry,
    audit_row,
    check_actor,
    delete_orphan_blobs,
    draft_parts,
    valid_access_text,
    valid_object_id,
)
from scheduler.store.guard import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    StoreError,
    check_store_file,
    check_store_schema,
    limit_query_time,
    read_json,
    read_json_error,
    store_error_from,
)

__all__ = ["PublicationStore", "Publication", "RotaInForce", "StoreError", "PublicationInfo", "Draft", "DraftPlan", "AuditEntry", "PUBLICATION_REASONS",
           "AUDIT_ACTIONS", "INCIDENT_CHANGES", "DEFAULT_DB_PATH", "DB_ENV", "default_db_path", "valid_draft_id",
           "valid_object_id"]

#: Environment variable naming the database file; default ./kollegastotte.sqlite3.
DB_ENV = "KOLLEGASTOTTE_DB"
DEFAULT_DB_PATH = "kollegastotte.sqlite3"
#: The kinds of publication a person may pick; the store refuses any other text.
PUBLICATION_REASONS = ("new_period", "change")
_DRAFT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

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
CREATE TABLE IF NOT EXISTS store_meta (
    key            TEXT PRIMARY KEY,
    value          TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS draft_plan_tables (
    draft_id       TEXT NOT NULL REFERENCES draft_plans(draft_id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    csv            TEXT NOT NULL,
    dtypes_json    TEXT NOT NULL,
    PRIMARY KEY (draft_id, name)
);
"""


#: Columns added after the first version: (table, column, definition). Added in place on open.
_ADDED_COLUMNS = (
    ("publications", "wards_json", "TEXT"),  # the wards a publication replaces (None: those in its assignments)
    ("publications", "replaces_all", "INTEGER NOT NULL DEFAULT 0"),  # the coordinator replaced every ward
    ("drafts", "owner", "TEXT NOT NULL DEFAULT ''"),  # who made the draft ('' in older stores: the local user)
    ("draft_files", "original_sha256", "TEXT NOT NULL DEFAULT ''"),  # the uploaded file's checksum (docs/threat-model.md)
)


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring an older store up to :data:`SCHEMA_VERSION` in place: add the newer columns, fill the
    wards of older publications, and mark the file as this program's store."""
    for table, column, definition in _ADDED_COLUMNS:
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
    for (pid,) in conn.execute("SELECT id FROM publications WHERE wards_json IS NULL").fetchall():
        parts = conn.execute("SELECT name, csv FROM publication_tables WHERE publication_id = ? AND name IN "
                             "('assignments', 'coverage', 'duties')", (pid,)).fetchall()
        tables = {name: pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False) for name, text in parts
                  if text.strip()}
        conn.execute("UPDATE publications SET wards_json = ? WHERE id = ?", (json.dumps(sorted(_wards_of(tables))), pid))
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def default_db_path() -> Path:
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB_PATH)


def valid_draft_id(text: object) -> bool:
    """A draft id as the app makes them (it arrives in a page address, so it is checked)."""
    return isinstance(text, str) and bool(_DRAFT_ID.match(text))


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
class RotaInForce:
    """The rota in force per ward and date (scheduler.model.in_force): the tables put together from the
    publications that hold it, a summary of its counts, and the newest one's rules."""

    publications: list[int]
    tables: dict[str, pd.DataFrame]
    summary: dict
    rules_json: str
    forced: InForce

    @property
    def key(self) -> str:
        """What it is made of: equal keys, equal rota (for caches)."""
        return ",".join(str(p) for p in self.publications)


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


def _night_slots(rules_json: str) -> set[str]:
    """The names of the night slots in a publication's rules (for counting nights in force)."""
    try:
        rules = json.loads(rules_json)
        return {str(s["name"]) for s in rules.get("slots", []) if s.get("kind") == "night"}
    except (ValueError, TypeError, KeyError, AttributeError):
        return set()


def _names_apart(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A rota kept before reasons were kept without names: its reasons named people, so they are
    moved apart now (scheduler.model.reason_privacy) — no reader gets a named reason by accident."""
    if "coverage" in tables and not has_named_reasons(tables):
        return without_names(tables)
    return tables


def _wards_of(tables: Mapping[str, pd.DataFrame]) -> set[str]:
    """The wards a rota covers (with or without a supporter): those in its assignments or coverage,
    and those its duties cover."""
    wards: set[str] = set()
    for name in ("assignments", "coverage"):
        frame = tables.get(name)
        if frame is not None and "ward" in frame.columns:
            wards |= set(frame["ward"].astype(str))
    duties = tables.get("duties")
    if duties is not None and "wards_covered" in duties.columns:
        wards |= {w for text in duties["wards_covered"].astype(str) for w in text.split(";") if w and w != "nan"}
    return wards


def _count(summary: Mapping, key: str) -> int | None:
    counts = summary.get("counts")
    value = counts.get(key) if isinstance(counts, dict) else None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class PublicationStore:
    """`publish` a rota, read the `latest`, list the `history`, `load` an earlier one."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, purge: bool = True) -> None:
        """Open (or make) the store at `path`, refusing anything that is not a usable store
        (scheduler.store.guard), and delete what has outlived its purpose (scheduler.store.retention):
        every open purges, so no reader sees ids or drafts past their time."""
        self.path = Path(path) if path is not None else default_db_path()
        check_store_file(self.path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            check_store_schema(conn, self.path)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(_SCHEMA)
                _migrate(conn)
            except sqlite3.DatabaseError as exc:
                raise store_error_from(exc, self.path) from None
        self.last_purge = None
        if purge:
            from scheduler.store.retention import purge_store

            self.last_purge = purge_store(self, actor="server")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One connection, with a time limit on every query; a database error becomes a StoreError
        (said as disk full, damaged, busy or too slow), never a traceback or a wrong answer."""
        try:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise store_error_from(exc, self.path) from None
        try:
            limit_query_time(conn)
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA secure_delete=ON")  # what is deleted is overwritten, not left in free pages
            yield conn
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
                raise
            raise store_error_from(exc, self.path) from None
        finally:
            conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole, or rolled back whole on any exception. When
        SQLite has already rolled back (a full disk does that), the real cause is what is raised."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass  # the cause below matters, not the failed rollback
                raise

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
        *,
        wards: Iterable[str] | None = None,
        replaces_all: bool = False,
    ) -> int:
        """Save a rota as the newest publication, atomically, with its row in the audit log;
        returns its id.

        It replaces `wards` on its dates (default: the wards in its assignments) and nothing else
        (scheduler.model.in_force); with `replaces_all` it replaces every ward on its dates — the caller
        checks that only the coordinator may. `reason` is "" or one of :data:`PUBLICATION_REASONS`;
        anything else is refused, so no free text can be stored with a rota. `actor` is who
        publishes (see :meth:`audit`).
        """
        if reason and reason not in PUBLICATION_REASONS:
            raise ValueError(f"reason must be one of {PUBLICATION_REASONS} or empty")
        check_actor(actor)
        replaced = sorted({str(w) for w in (wards if wards is not None else _wards_of(tables))})
        serialised = {name: _to_text(frame) for name, frame in tables.items()}
        summary_json = json.dumps(summary, ensure_ascii=False, default=str)
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO publications (created_at, note, summary_json, rules_json, checksums_json, wards_json, "
                "replaces_all) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (now_iso(), reason, summary_json, rules_json, json.dumps(dict(checksums)), json.dumps(replaced),
                 int(replaces_all)),
            )
            publication_id = int(cur.lastrowid)
            for name, (text, dtypes) in serialised.items():
                self._insert_table(conn, publication_id, name, text, dtypes)
            audit_row(conn, actor, "publish", str(publication_id),
                   "all wards" if replaces_all else f"{len(replaced)} wards")
        return publication_id

    def _json(self, text: str | None, what: str) -> object:
        return read_json(text, self.path, what)

    def history(self) -> list[PublicationInfo]:
        """Every publication, newest first (withdrawn ones too, marked)."""
        with self._connect() as conn:
            rows = conn.execute("SELECT p.id, p.created_at, p.note, p.summary_json, w.publication_id IS NOT NULL "
                                "FROM publications p LEFT JOIN withdrawn_publications w ON w.publication_id = p.id "
                                "ORDER BY p.id DESC").fetchall()
        out = []
        for pid, created, note, summary_json, withdrawn in rows:
            summary = self._json(summary_json, f"publication {pid}")
            summary = summary if isinstance(summary, dict) else {}
            out.append(PublicationInfo(int(pid), created, _reason(note), str(summary.get("status", "")),
                                       _count(summary, "covered"), _count(summary, "uncovered"), _count(summary, "duties"),
                                       bool(withdrawn)))
        return out

    def latest(self) -> Publication | None:
        """The newest publication that is not withdrawn (for the rota in force per ward, see :meth:`in_force`)."""
        with self._connect() as conn:
            row = conn.execute("SELECT MAX(id) FROM publications WHERE id NOT IN "
                               "(SELECT publication_id FROM withdrawn_publications)").fetchone()
        return None if row is None or row[0] is None else self.load(int(row[0]))

    def scopes(self) -> list[Scope]:
        """What each publication in force (not withdrawn) replaces: its wards on its dates, oldest first."""
        with self._connect() as conn:
            rows = conn.execute("SELECT id, summary_json, wards_json, replaces_all FROM publications WHERE id NOT IN "
                                "(SELECT publication_id FROM withdrawn_publications) ORDER BY id").fetchall()
        out = []
        for pid, summary_json, wards_json, replaces_all in rows:
            summary = self._json(summary_json, f"publication {pid}")
            horizon = summary.get("horizon") if isinstance(summary, dict) else None
            wards = self._json(wards_json or "[]", f"publication {pid}")
            try:
                first = dt.date.fromisoformat(horizon["from"])  # type: ignore[index]
                last = dt.date.fromisoformat(horizon["to"])  # type: ignore[index]
            except (KeyError, TypeError, ValueError):
                continue  # an empty rota has no dates: it holds nothing
            if not isinstance(wards, list) or last < first:
                continue
            out.append(Scope(int(pid), first, last, frozenset(str(w) for w in wards), bool(replaces_all)))
        return out

    def in_force(self, first: dt.date | None = None, last: dt.date | None = None) -> InForce:
        """Which publication holds each ward on each date (inside first..last when given)."""
        return in_force(self.scopes(), first, last)

    def rota_in_force(self, first: dt.date | None = None, last: dt.date | None = None) -> RotaInForce | None:
        """The rota in force per ward and date, put together from the publications that hold it;
        None when nothing is published (or everything was withdrawn)."""
        forced = self.in_force(first, last)
        ids = forced.publications()
        if not ids:
            return None
        pubs = {pid: self.load(pid) for pid in ids}
        newest = pubs[ids[-1]]
        tables = compose([(pid, pub.tables) for pid, pub in pubs.items()], forced, _night_slots(newest.rules_json))
        span = forced.span()
        coverage = tables["coverage"]
        covered = int(coverage["covered"].astype(str).str.lower().isin(["true", "1"]).sum()) if len(coverage) else 0
        summary = {"status": "IN_FORCE", "publications": ids,
                   "horizon": {"from": span[0].isoformat(), "to": span[1].isoformat()} if span else {},
                   "counts": {"ward_slots": int(len(coverage)), "covered": covered,
                              "uncovered": int(len(coverage)) - covered, "duties": int(len(tables["duties"]))}}
        return RotaInForce(ids, tables, summary, newest.rules_json, forced)

    def unpublish(self, publication_id: int, actor: str) -> None:
        """Withdraw a publication: it stays in the history (marked), but is no longer in force, so
        the one published before it is again. Nothing is deleted; the audit log says who did it."""
        check_actor(actor)
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM publications WHERE id = ?", (publication_id,)).fetchone() is None:
                raise KeyError(f"no publication {publication_id}")
            cur = conn.execute("INSERT OR IGNORE INTO withdrawn_publications (publication_id, at, actor) VALUES (?, ?, ?)",
                               (publication_id, now_iso(), actor))
            if cur.rowcount:
                audit_row(conn, actor, "unpublish", str(publication_id))

    def republish(self, publication_id: int, actor: str) -> None:
        """Put a withdrawn publication back in force (the newest one in force is shown)."""
        check_actor(actor)
        with self._transaction() as conn:
            cur = conn.execute("DELETE FROM withdrawn_publications WHERE publication_id = ?", (publication_id,))
            if cur.rowcount:
                audit_row(conn, actor, "republish", str(publication_id))

    # --- the audit log --------------------------------------------------------------------------

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
            row = conn.execute("SELECT access FROM known_access WHERE user = ?", (user,)).fetchone()
            before = row[0] if row else None
            if before == access:
                return False
            conn.execute("INSERT INTO known_access (user, access, seen_at) VALUES (?, ?, ?) ON CONFLICT(user) DO UPDATE "
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
        pid, created, note, summary_json, rules_json, checksums_json = row
        what = f"publication {pid}"
        tables = _names_apart({name: self._table(text, dtypes, what) for name, text, dtypes in parts})
        return Publication(int(pid), created, _reason(note), tables, self._dict(summary_json, what), rules_json,
                           self._dict(checksums_json, what))

    def _dict(self, text: str | None, what: str) -> dict:
        value = self._json(text, what)
        if not isinstance(value, dict):
            raise StoreError(read_json_error(self.path, what))
        return value

    def _table(self, text: str, dtypes_json: str, what: str) -> pd.DataFrame:
        """A kept table read back; a damaged one is a StoreError naming what it belonged to."""
        dtypes = self._dict(dtypes_json, what)
        try:
            return _from_text(text, json.dumps(dtypes))
        except (ValueError, TypeError, pd.errors.ParserError):
            raise StoreError(read_json_error(self.path, what)) from None

    # --- drafts ---------------------------------------------------------------------------------

    def _own_draft(self, conn: sqlite3.Connection, draft_id: str, actor: str) -> bool:
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
                   state: Mapping, *, actor: str = "lokal", changed: Iterable[str] = ("files",)) -> None:
        """Keep a draft's files and choices (replacing what was kept for it), atomically, with a row
        in the audit log per part `changed` (:data:`DRAFT_PARTS`) — which part, never its content.

        Files are given as (name, bytes[, the uploaded file's checksum]): the app passes each file's
        kept form (only the fields read, docs/threat-model.md). Contents are kept once per distinct
        content; one no draft uses any more is deleted at once.
        """
        if not valid_draft_id(draft_id):
            raise ValueError("not a draft id")
        check_actor(actor)
        stamp = now_iso()
        state_json = json.dumps(dict(state), ensure_ascii=False, sort_keys=True, default=str)
        with self._transaction() as conn:
            self._own_draft(conn, draft_id, actor)
            conn.execute("UPDATE drafts SET updated_at = ?, state_json = ? WHERE id = ?", (stamp, state_json, draft_id))
            conn.execute("DELETE FROM draft_files WHERE draft_id = ?", (draft_id,))
            for kind, entries in files.items():
                for position, entry in enumerate(entries):
                    name, data = entry[0], entry[1]
                    original = entry[2] if len(entry) > 2 else ""
                    digest = hashlib.sha256(data).hexdigest()
                    conn.execute("INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?, ?)", (digest, data))
                    conn.execute("INSERT INTO draft_files (draft_id, kind, position, name, sha256, original_sha256) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", (draft_id, kind, position, name, digest, original))
            delete_orphan_blobs(conn)
            for part in draft_parts(changed):
                audit_row(conn, actor, f"draft_{part}", draft_id)

    def save_draft_state(self, draft_id: str, state: Mapping, *, actor: str = "lokal",
                         changed: Iterable[str] = ()) -> None:
        """Keep only a draft's choices (its files stay as they were kept), audited per part `changed`."""
        if not valid_draft_id(draft_id):
            raise ValueError("not a draft id")
        check_actor(actor)
        with self._transaction() as conn:
            self._own_draft(conn, draft_id, actor)
            conn.execute("UPDATE drafts SET updated_at = ?, state_json = ? WHERE id = ?",
                         (now_iso(), json.dumps(dict(state), ensure_ascii=False, sort_keys=True, default=str), draft_id))
            for part in draft_parts(changed):
                audit_row(conn, actor, f"draft_{part}", draft_id)

    def save_draft_plan(self, draft_id: str, tables: Mapping[str, pd.DataFrame], summary: Mapping, rules_json: str,
                        checksums: Mapping[str, str], meta: Mapping, *, actor: str = "lokal") -> None:
        """Keep a draft's newest plan (replacing the one before), atomically, audited."""
        if not valid_draft_id(draft_id):
            raise ValueError("not a draft id")
        check_actor(actor)
        serialised = {name: _to_text(frame) for name, frame in tables.items()}
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

    def load_draft(self, draft_id: str, reader: str | None = None, *, coordinator: bool = False) -> Draft | None:
        """The draft kept under `draft_id`, or None (unknown or malformed id, or not `reader`'s).

        A draft belongs to its author: `reader` gets it when it is theirs (or was kept before
        drafts had owners); the coordinator may open anyone's, read-only (`Draft.read_only`).
        `reader=None` is the library's own use (tests, migration): no owner check."""
        if not valid_draft_id(draft_id):
            return None
        with self._connect() as conn:
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
            plan = DraftPlan(finished, _names_apart({name: self._table(text, dtypes, what) for name, text, dtypes in parts}),
                             self._dict(summary_json, what), rules_json, self._dict(checksums_json, what),
                             self._dict(meta_json, what))
        return Draft(draft_id, row[0], row[1], files, self._dict(row[2], f"draft {draft_id}"), plan, owner=owner,
                     read_only=read_only, originals=originals)
