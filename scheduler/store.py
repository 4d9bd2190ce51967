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

Confidentiality: only what the rota tables and the input files hold is stored — dates, slots,
ids, names and counts. No field takes free text, so nothing said in a support conversation can
end up here.

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

__all__ = ["PublicationStore", "Publication", "PublicationInfo", "Draft", "DraftPlan", "PUBLICATION_REASONS",
           "DEFAULT_DB_PATH", "DB_ENV", "default_db_path", "valid_draft_id"]

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
    ) -> int:
        """Save a rota as the newest publication, atomically; returns its id.

        `reason` is "" or one of :data:`PUBLICATION_REASONS`; anything else is refused, so no
        free text can be stored with a rota.
        """
        if reason and reason not in PUBLICATION_REASONS:
            raise ValueError(f"reason must be one of {PUBLICATION_REASONS} or empty")
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
        return publication_id

    def history(self) -> list[PublicationInfo]:
        """Every publication, newest first."""
        with self._connect() as conn:
            rows = conn.execute("SELECT id, created_at, note, summary_json FROM publications ORDER BY id DESC").fetchall()
        out = []
        for pid, created, note, summary_json in rows:
            summary = json.loads(summary_json)
            out.append(PublicationInfo(int(pid), created, _reason(note), str(summary.get("status", "")),
                                       _count(summary, "covered"), _count(summary, "uncovered"), _count(summary, "duties")))
        return out

    def latest(self) -> Publication | None:
        with self._connect() as conn:
            row = conn.execute("SELECT MAX(id) FROM publications").fetchone()
        return None if row is None or row[0] is None else self.load(int(row[0]))

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
