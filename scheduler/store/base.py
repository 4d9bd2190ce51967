"""Opening the store, and its connections and transactions: what every part of the store stands on.

:class:`StoreBase` opens (or makes) the store — an SQLite file by default, or a PostgreSQL database
given its URL (scheduler.store.engine) — refusing anything that is not a usable store
(scheduler.store.guard for files, scheduler.store.guard_db for databases), brings it up to the
current schema (scheduler.store.migrate: Alembic revisions) and purges what has outlived its purpose
(scheduler.store.retention). The parts of :class:`~scheduler.store.publications.PublicationStore`
(publications, drafts, the audit log, the people's records) are built on it, so each reads and writes
through the same :meth:`StoreBase._connect` and :meth:`StoreBase._transaction`.

Pure Python and SQLAlchemy; no Streamlit. Safe to use from several threads and processes: every
call takes its own connection, and writers wait for each other — SQLite's `BEGIN IMMEDIATE` on a
file in WAL mode, and on PostgreSQL one transaction-scoped advisory lock that every write takes —
so each write sees the one before it whole, on both.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from scheduler.store.engine import StoreConn, display_name, engine_for, is_url, store_url
from scheduler.store.guard import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    StoreError,
    check_store_file,
    check_store_schema,
    read_json,
    read_json_error,
    store_error_from,
)
from scheduler.store.guard_db import check_database, check_revision
from scheduler.store.migrate import HEAD, current_revision, upgrade
from scheduler.store.tables import from_text

__all__ = ["StoreBase", "DB_ENV", "STORE_ENV", "DEFAULT_DB_PATH", "default_db_path", "WRITE_LOCK"]

#: Environment variable naming the store: a file path or a PostgreSQL URL (`postgresql+psycopg://…`).
STORE_ENV = "KOLLEGASTOTTE_STORE"
#: The older name of the same setting (a file path); used when KOLLEGASTOTTE_STORE is not set.
DB_ENV = "KOLLEGASTOTTE_DB"
DEFAULT_DB_PATH = "kollegastotte.sqlite3"
#: The PostgreSQL advisory lock every write transaction takes ("KST1", as the SQLite file's mark).
WRITE_LOCK = APPLICATION_ID


def default_db_path() -> Path | str:
    """The app's store: KOLLEGASTOTTE_STORE (a file or a URL), else KOLLEGASTOTTE_DB, else
    ./kollegastotte.sqlite3. A URL comes back as text, a file as a Path."""
    where = os.environ.get(STORE_ENV) or os.environ.get(DB_ENV) or DEFAULT_DB_PATH
    return where if is_url(where) else Path(where)


class StoreBase:
    """The store, opened and checked; one connection or one write transaction at a time."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, purge: bool = True) -> None:
        """Open (or make) the store at `path` (a file or a URL), refusing anything that is not a
        usable store, bring it up to the current schema, and delete what has outlived its purpose
        (scheduler.store.retention): every open purges, so no reader sees ids or drafts past their time."""
        where = path if path is not None else default_db_path()
        self.url = store_url(where)
        self.postgres = not self.url.startswith("sqlite")
        #: The store as messages name it: the file, or the URL without its password.
        self.path: Path | str = display_name(self.url) if self.postgres else Path(os.fspath(where))
        if not self.postgres:
            check_store_file(self.path)
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = engine_for(self.url)
        except (sa.exc.ArgumentError, ValueError, ImportError) as exc:
            raise store_error_from(exc, self.path) from None
        self._open()
        self.last_purge = None
        if purge:
            from scheduler.store.retention import purge_store

            self.last_purge = purge_store(self, actor="server")

    def _open(self) -> None:
        """Check the store, and upgrade it in place when it is older (inside the write lock)."""
        with self._connect() as conn:
            if self.postgres:
                check_database(conn.sa, self.path)
            else:
                check_store_schema(conn.sa.connection.driver_connection, self.path)
                conn.execute("PRAGMA journal_mode=WAL")
            revision = current_revision(conn.sa)
            check_revision(revision, self.path)
            current = revision == HEAD and (self.postgres or self._marked(conn))
        if current:
            return
        with self._transaction() as conn:
            if not self.postgres and conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                # an SQLite file below schema 3 was last written by a program from before Alembic
                # (even when it was stamped since): the first revision brings it up again, in place
                conn.execute("DROP TABLE IF EXISTS alembic_version")
            if current_revision(conn.sa) != HEAD:
                try:
                    upgrade(conn.sa)
                except sa.exc.DBAPIError as exc:
                    raise store_error_from(exc, self.path) from None
            if not self.postgres and not self._marked(conn):
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @staticmethod
    def _marked(conn: StoreConn) -> bool:
        """An SQLite file marked as this program's store at this schema version."""
        return (conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
                and conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION)

    @contextmanager
    def _connect(self) -> Iterator[StoreConn]:
        """One connection, with a time limit on every query; a database error becomes a StoreError
        (said as disk full, damaged, busy, too slow or unreachable), never a traceback or a wrong answer."""
        try:
            conn = self.engine.connect()
        except sa.exc.DBAPIError as exc:
            raise store_error_from(exc, self.path) from None
        try:
            yield StoreConn(conn)
        except sa.exc.DBAPIError as exc:
            if isinstance(exc, sa.exc.IntegrityError | sa.exc.ProgrammingError) and not exc.connection_invalidated:
                raise
            raise store_error_from(exc, self.path) from None
        finally:
            try:
                conn.close()
            except sa.exc.DBAPIError:
                pass  # the cause above matters, not the failed close

    @contextmanager
    def _transaction(self) -> Iterator[StoreConn]:
        """One write transaction: committed whole, or rolled back whole on any exception; writers
        wait for each other (see the module's docstring). When the database has already rolled back
        (SQLite does on a full disk), the real cause is what is raised."""
        with self._connect() as conn:
            if self.postgres:
                conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            else:
                conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.sa.commit()
            except BaseException:
                try:
                    conn.sa.rollback()
                except sa.exc.DBAPIError:
                    pass  # the cause below matters, not the failed rollback
                raise

    @contextmanager
    def _snapshot(self) -> Iterator[StoreConn]:
        """A connection whose reads all see the store as it was at their first: a reader of several
        tables never sees half of a write (a purge, a publication) made while it reads."""
        with self._connect() as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY" if self.postgres else "BEGIN")
            yield conn

    def _forget_deleted(self) -> None:
        """After ids were deleted: SQLite empties its write-ahead log (the deleted rows were already
        overwritten in the file); PostgreSQL vacuums the tables, so the rows leave their pages now,
        not at the next autovacuum. What the server's WAL and backups keep is the DBA's (docs/database.md)."""
        if not self.postgres:
            with self._connect() as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        try:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM incident_involved, incident_contact_keys")
        except sa.exc.DBAPIError:
            pass  # not the tables' owner: autovacuum does it later (docs/database.md)

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
