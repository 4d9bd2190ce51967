"""Where the store lives and how it is reached: an SQLite file (the default) or a PostgreSQL server.

A store is named by a file path (`kollegastotte.sqlite3`: SQLite, as always) or by an SQLAlchemy
URL (`postgresql+psycopg://user@host/db`: a database a trust's IT runs, backs up and monitors).
:func:`store_url` tells which; :func:`engine_for` gives the one SQLAlchemy engine per address, with
what every connection needs set up on connect:

- SQLite: the driver in autocommit mode (the store says `BEGIN IMMEDIATE` itself, so writers wait
  for each other and readers never block), foreign keys on, `synchronous=FULL`, `secure_delete=ON`
  (what is deleted is overwritten, not left in free pages) and a time limit on every statement
  (scheduler.store.guard.limit_query_time);
- PostgreSQL: `statement_timeout` (the same time limit, enforced by the server), a connection
  timeout, and loopback or whatever host the URL names — nothing else is contacted.

:class:`StoreConn` is the connection the store's modules write their SQL against: `?` parameters
and plain SQL that both databases speak (`ON CONFLICT`, `RETURNING`), run as the driver's own
statements; every write transaction takes the same lock on both (scheduler.store.base).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from scheduler.store.guard import QUERY_SECONDS, limit_query_time

__all__ = ["StoreConn", "store_url", "is_url", "engine_for", "dispose_engines", "display_name", "POSTGRES_PREFIXES",
           "holds_store"]

#: The URL schemes taken for PostgreSQL (psycopg v3 is the driver).
POSTGRES_PREFIXES = ("postgresql+psycopg://", "postgresql://", "postgres://")


def is_url(where: str | os.PathLike[str]) -> bool:
    """Whether `where` is a database URL (`scheme://…`) rather than a file path."""
    return "://" in os.fspath(where)


def store_url(where: str | os.PathLike[str]) -> str:
    """The SQLAlchemy URL of a store named by a path or a URL; PostgreSQL always through psycopg v3."""
    text = os.fspath(where)
    if not is_url(text):
        return f"sqlite:///{Path(text)}"
    for prefix in POSTGRES_PREFIXES[1:]:
        if text.startswith(prefix):
            return POSTGRES_PREFIXES[0] + text[len(prefix):]
    return text


def display_name(url: str) -> str:
    """The store's address as messages show it: never its password."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "?"


#: One engine per store address in this process (its pool is the process's connections to it).
_ENGINES: dict[str, sa.Engine] = {}
_KEEP = 64


def engine_for(url: str) -> sa.Engine:
    """The engine of one store address (made once per process; see the module's docstring)."""
    engine = _ENGINES.get(url)
    if engine is None:
        while len(_ENGINES) >= _KEEP:  # the oldest address is forgotten (a store still open keeps its engine)
            _ENGINES.pop(next(iter(_ENGINES)), None)
        engine = _ENGINES.setdefault(url, _make_engine(url))
    return engine


def _make_engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(parsed, poolclass=NullPool, connect_args={"timeout": 30, "isolation_level": None})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_setup(dbapi_conn: Any, _record: Any) -> None:
            limit_query_time(dbapi_conn)
            for pragma in ("foreign_keys=ON", "synchronous=FULL", "secure_delete=ON"):
                dbapi_conn.execute(f"PRAGMA {pragma}")

        return engine
    if parsed.get_backend_name() != "postgresql":
        raise ValueError("a store is an SQLite file or a PostgreSQL URL")
    options = f"-c statement_timeout={int(QUERY_SECONDS * 1000)} -c lock_timeout={int(QUERY_SECONDS * 1000)}"
    return sa.create_engine(parsed, pool_size=4, max_overflow=8, pool_pre_ping=True,
                            connect_args={"connect_timeout": 10, "options": options, "application_name": "kollegastotte"})


def dispose_engines() -> None:
    """Close every pooled connection and forget the engines (tests; a server shutting down)."""
    while _ENGINES:
        _ENGINES.popitem()[1].dispose()


def holds_store(url: str) -> bool:
    """Whether the database at `url` holds a store (its publications table); an unreachable one is a
    StoreError said as such."""
    from scheduler.store.guard import store_error_from

    try:
        with engine_for(url).connect() as conn:
            return sa.inspect(conn).has_table("publications")
    except (sa.exc.DBAPIError, sa.exc.ArgumentError, ValueError) as exc:
        raise store_error_from(exc, display_name(url)) from None


class StoreConn:
    """One connection of the store: `execute(sql, params)` with `?` placeholders, as the driver's own
    statement; the result has `fetchone`, `fetchall`, `rowcount` and iterates over rows."""

    def __init__(self, conn: sa.Connection) -> None:
        self.sa = conn
        self.postgres = conn.dialect.name == "postgresql"

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> sa.CursorResult:
        if self.postgres:
            sql = sql.replace("%", "%%").replace("?", "%s") if params else sql
        if params:
            return self.sa.exec_driver_sql(sql, tuple(params) if not isinstance(params, Mapping) else params)
        return self.sa.exec_driver_sql(sql)
