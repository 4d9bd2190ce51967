"""The store's tables, and how an older store is brought up to them when it is opened.

Every open runs :data:`SCHEMA` (tables made only when missing; version 3 added `contact_status`
and `conversation_counts`, docs/outreach.md) and :func:`migrate` (columns added
since the first version, the wards of older publications filled in, the file marked as this
program's store at :data:`~scheduler.store.guard.SCHEMA_VERSION`), so a store written by any
earlier version opens in place. The checks a file passes before this runs: scheduler.store.guard.
"""

from __future__ import annotations

import io
import json
import sqlite3

import pandas as pd

from scheduler.store.guard import APPLICATION_ID, SCHEMA_VERSION
from scheduler.store.tables import wards_of

__all__ = ["SCHEMA", "ADDED_COLUMNS", "migrate"]

SCHEMA = """
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
CREATE TABLE IF NOT EXISTS contact_status (
    incident_id    TEXT NOT NULL,
    contact        TEXT NOT NULL,
    profession     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('held', 'declined', 'not_reached', 'moved')),
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (incident_id, contact, profession)
);
CREATE TABLE IF NOT EXISTS conversation_counts (
    supporter_id   TEXT NOT NULL,
    month          TEXT NOT NULL,
    conversations  INTEGER NOT NULL CHECK (conversations >= 0),
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (supporter_id, month)
);
"""


#: Columns added after the first version: (table, column, definition). Added in place on open.
ADDED_COLUMNS = (
    ("publications", "wards_json", "TEXT"),  # the wards a publication replaces (None: those in its assignments)
    ("publications", "replaces_all", "INTEGER NOT NULL DEFAULT 0"),  # the coordinator replaced every ward
    ("drafts", "owner", "TEXT NOT NULL DEFAULT ''"),  # who made the draft ('' in older stores: the local user)
    ("draft_files", "original_sha256", "TEXT NOT NULL DEFAULT ''"),  # the uploaded file's checksum (docs/threat-model.md)
)


def migrate(conn: sqlite3.Connection) -> None:
    """Bring an older store up to :data:`SCHEMA_VERSION` in place: add the newer columns, fill the
    wards of older publications, and mark the file as this program's store."""
    for table, column, definition in ADDED_COLUMNS:
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
    for (pid,) in conn.execute("SELECT id FROM publications WHERE wards_json IS NULL").fetchall():
        parts = conn.execute("SELECT name, csv FROM publication_tables WHERE publication_id = ? AND name IN "
                             "('assignments', 'coverage', 'duties')", (pid,)).fetchall()
        tables = {name: pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False) for name, text in parts
                  if text.strip()}
        conn.execute("UPDATE publications SET wards_json = ? WHERE id = ?", (json.dumps(sorted(wards_of(tables))), pid))
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
