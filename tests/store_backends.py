"""The store's tests run on both databases: `where` is an SQLite file, or a new PostgreSQL database.

The fixtures are the root conftest's (tests/conftest.py imports them), so every folder may use them.

The PostgreSQL server is a throw-away one (tests/pg_server.py), started once per session on
loopback; a case on it is skipped, with the reason, only when PostgreSQL is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pg_server import MISSING_REASON, PostgresServer, postgres_bin

from scheduler.store.engine import dispose_engines, engine_for, is_url, store_url


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bindir = postgres_bin()
    if bindir is None:
        pytest.skip(MISSING_REASON)
    server = PostgresServer(bindir).start()
    try:
        yield server
    finally:
        dispose_engines()
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request, tmp_path) -> Iterator[Path | str]:
    """Where a test's store is: a new SQLite file, or a new database on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield tmp_path / "s.sqlite3"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database()
    yield url
    engine_for(store_url(url)).dispose()  # its pooled connections closed: the server keeps no idle ones per test


def run_sql(where: Path | str, sql: str, params: dict[str, Any] | Sequence[dict[str, Any]] | None = None) -> list:
    """Run one statement on the store at `where` directly (as an administrator would), committed;
    the rows it returns."""
    engine = sa.create_engine(store_url(where), poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            result = conn.execute(sa.text(sql), params or {})
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def on_postgres(where: Path | str) -> bool:
    """Whether `where` (a path, a URL, a store's `url`) is a PostgreSQL database."""
    return is_url(where) and str(where).startswith("postgres")
