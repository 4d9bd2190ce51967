"""Opening the store, and its connections and transactions: what every part of the store stands on.

:class:`StoreBase` opens (or makes) the SQLite file, refusing anything that is not a usable store
(scheduler.store.guard), brings it up to the current tables (scheduler.store.schema) and purges what
has outlived its purpose (scheduler.store.retention). The parts of :class:`~scheduler.store.publications.PublicationStore`
(publications, drafts, the audit log, the people's records) are built on it, so each reads and writes
through the same :meth:`StoreBase._connect` and :meth:`StoreBase._transaction`.

Pure Python and sqlite3; no Streamlit. Safe to use from several threads and processes: every
call opens its own connection, the database runs in WAL mode and writers wait for each other.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from scheduler.store.guard import (
    StoreError,
    check_store_file,
    check_store_schema,
    limit_query_time,
    read_json,
    read_json_error,
    store_error_from,
)
from scheduler.store.schema import SCHEMA, migrate
from scheduler.store.tables import from_text

__all__ = ["StoreBase", "DB_ENV", "DEFAULT_DB_PATH", "default_db_path"]

#: Environment variable naming the database file; default ./kollegastotte.sqlite3.
DB_ENV = "KOLLEGASTOTTE_DB"
DEFAULT_DB_PATH = "kollegastotte.sqlite3"


def default_db_path() -> Path:
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB_PATH)


class StoreBase:
    """The store's file, opened and checked; one connection or one write transaction at a time."""

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
                conn.executescript(SCHEMA)
                migrate(conn)
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

    def _json(self, text: str | None, what: str) -> object:
        return read_json(text, self.path, what)

    def _dict(self, text: str | None, what: str) -> dict:
        value = self._json(text, what)
        if not isinstance(value, dict):
            raise StoreError(read_json_error(self.path, what))
        return value

    def _table(self, text: str, dtypes_json: str, what: str) -> pd.DataFrame:
        """A kept table read back; a damaged one is a StoreError naming what it belonged to."""
        dtypes = self._dict(dtypes_json, what)
        try:
            return from_text(text, json.dumps(dtypes))
        except (ValueError, TypeError, pd.errors.ParserError):
            raise StoreError(read_json_error(self.path, what)) from None
