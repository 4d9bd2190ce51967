"""The publication store: published rotas kept in one local SQLite file, with their history.

A publication is the rota's tables (assignments, duties, burden, coverage, …), the run summary,
the rules used and the checksums of the input files. Each one is written in a single SQLite
transaction, so a killed server or a failed write never leaves half a rota behind: either the
whole publication is there, or none of it is. Earlier publications are kept as history.

Confidentiality (SPEC §1): only what the rota tables hold is stored — dates, slots, ids, names
and counts. Nothing from a support conversation exists in the project, so nothing of it can be
stored here.

Pure Python and sqlite3; no Streamlit. Safe to use from several threads and processes: every
call opens its own connection, the database runs in WAL mode and writers wait for each other.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["PublicationStore", "Publication", "PublicationInfo", "DEFAULT_DB_PATH", "DB_ENV", "default_db_path"]

#: Environment variable naming the database file; default ./kollegastotte.sqlite3.
DB_ENV = "KOLLEGASTOTTE_DB"
DEFAULT_DB_PATH = "kollegastotte.sqlite3"

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
"""


def default_db_path() -> Path:
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB_PATH)


@dataclass(frozen=True)
class PublicationInfo:
    """One line of the history: when, what note, and the counts that tell rotas apart."""

    id: int
    created_at: str
    note: str
    status: str
    covered: int | None
    uncovered: int | None
    duties: int | None


@dataclass
class Publication:
    """A published rota as it was saved; ids (and every text column) come back as strings."""

    id: int
    created_at: str
    note: str
    tables: dict[str, pd.DataFrame]
    summary: dict
    rules_json: str
    checksums: dict[str, str] = field(default_factory=dict)

    @property
    def rules(self) -> dict:
        return json.loads(self.rules_json)


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
        note: str = "",
    ) -> int:
        """Save a rota as the newest publication, atomically; returns its id."""
        serialised = {name: _to_text(frame) for name, frame in tables.items()}
        summary_json = json.dumps(summary, ensure_ascii=False, default=str)
        created = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO publications (created_at, note, summary_json, rules_json, checksums_json) VALUES (?, ?, ?, ?, ?)",
                (created, note, summary_json, rules_json, json.dumps(dict(checksums))),
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
            out.append(PublicationInfo(int(pid), created, note, str(summary.get("status", "")),
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
        return Publication(int(pid), created, note, tables, json.loads(summary_json), rules_json, json.loads(checksums_json))
