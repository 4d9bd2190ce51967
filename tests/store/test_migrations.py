"""Schema versions (scheduler/store/migrate.py): a store made before Alembic is upgraded in place with
nothing lost; a newer or unknown schema is refused, saying which and what to do; and a PostgreSQL
database that is not ours, or holds views or triggers, or is too slow, fails closed like a file does
(scheduler/store/guard_db.py, docs/threat-model.md «Stores»)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from store_backends import on_postgres, run_sql

from scheduler.store import engine as store_engine
from scheduler.store.guard import StoreError
from scheduler.store.incidents import IncidentStore
from scheduler.store.migrate import HEAD, KNOWN_REVISIONS, _config
from scheduler.store.publications import PublicationStore

V3 = Path(__file__).parent / "data" / "store_v3.sql"


def _publish(store: PublicationStore) -> int:
    import pandas as pd

    duties = pd.DataFrame([{"supporter_id": "0319", "date": "2027-01-04", "slot": "dag", "wards_covered": "A",
                            "hours": 1.5}])
    summary = {"status": "OPTIMAL", "horizon": {"from": "2027-01-04", "to": "2027-01-10"},
               "counts": {"covered": 1, "uncovered": 0, "duties": 1}}
    return store.publish({"duties": duties}, summary, "{}", {}, reason="new_period", actor="kari@sykehus.no")


def test_the_revisions_on_disk_are_those_the_program_knows():
    script = ScriptDirectory.from_config(_config())
    assert script.get_current_head() == HEAD and [r.revision for r in script.walk_revisions()][::-1] == list(KNOWN_REVISIONS)


def test_a_store_made_before_alembic_is_upgraded_in_place_with_nothing_lost(tmp_path):
    path = tmp_path / "v3.sqlite3"
    with sqlite3.connect(path) as conn:  # exactly as the program made it at schema 3
        conn.executescript(V3.read_text(encoding="utf-8"))
        conn.execute("PRAGMA application_id = 1263752241")
        conn.execute("PRAGMA user_version = 3")
        conn.execute("INSERT INTO publications (created_at, note, summary_json, rules_json, checksums_json, wards_json, "
                     "replaces_all) VALUES ('2027-01-01T10:00:00+01:00', 'change', '{}', '{}', '{}', '[\"A\"]', 0)")
        conn.execute("INSERT INTO audit_log (at, actor, action, object_kind, object_id) VALUES "
                     "('2027-01-01T10:00:00+01:00', 'kari@sykehus.no', 'publish', 'publication', '1')")
        conn.execute("INSERT INTO drafts (id, created_at, updated_at, state_json, owner) VALUES "
                     "('utkast-12345', '2099-01-01', '2099-01-01', '{}', 'ola@sykehus.no')")
    store = IncidentStore(path)
    assert run_sql(path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert [h.id for h in store.history()] == [1] and store.history()[0].reason == "change"
    assert store.load_draft("utkast-12345").owner == "ola@sykehus.no"
    second = _publish(store)
    assert [(e.action, e.object_id) for e in reversed(store.audit_log())] == [("publish", "1"), ("publish", str(second))]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3


def test_a_newer_schema_is_refused_naming_its_version_and_what_to_do(where):
    _publish(PublicationStore(where))
    run_sql(where, "UPDATE alembic_version SET version_num = '9'")
    with pytest.raises(StoreError) as caught:
        PublicationStore(where)
    message = caught.value.messages[0]
    assert "schema 9" in message.text_en and "knows 3" in message.text_en and "Update the program" in message.fix_en
    assert run_sql(where, "SELECT version_num FROM alembic_version") == [("9",)]  # nothing written


def test_an_unknown_schema_version_is_not_ours(where):
    PublicationStore(where)
    run_sql(where, "UPDATE alembic_version SET version_num = 'ae1027a6acf'")
    with pytest.raises(StoreError, match="does not know"):
        PublicationStore(where)


def test_another_programs_database_is_refused(where):
    if not on_postgres(where):
        sqlite3.connect(where).close()
    run_sql(where, "CREATE TABLE customers (id INTEGER, name TEXT)")
    run_sql(where, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")  # another Alembic program
    with pytest.raises(StoreError, match="another program"):
        PublicationStore(where)
    assert {r[0] for r in run_sql(where, "SELECT * FROM customers")} == set()


def test_a_view_is_refused(where):
    PublicationStore(where)
    run_sql(where, "CREATE VIEW audit_view AS SELECT * FROM audit_log")
    with pytest.raises(StoreError, match="view audit_view"):
        PublicationStore(where)


@pytest.mark.parametrize("hostile", [
    ("CREATE FUNCTION wipe() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN DELETE FROM audit_log; RETURN NULL; END'",
     "CREATE TRIGGER wipe AFTER INSERT ON audit_log EXECUTE FUNCTION wipe()"),
    ("CREATE RULE wipe AS ON INSERT TO audit_log DO ALSO DELETE FROM audit_log",),
])
def test_a_trigger_or_rule_on_postgresql_is_refused(postgres_server, hostile):
    """SQLite's triggers: tests/store/test_store_guard.py."""
    where = postgres_server.new_database()
    PublicationStore(where)
    for statement in hostile:
        run_sql(where, statement)
    with pytest.raises(StoreError, match="trigger wipe|rule wipe"):
        PublicationStore(where)


def test_a_postgresql_database_that_does_not_answer_in_time_is_said_so(postgres_server, monkeypatch):
    """SQLite's time limit: tests/store/test_store_guard.py (a recursive view)."""
    monkeypatch.setattr(store_engine, "QUERY_SECONDS", 1.0)  # the server's statement_timeout for this store's engine
    store = PublicationStore(postgres_server.new_database())
    with pytest.raises(StoreError, match="did not answer"), store._connect() as conn:
        conn.execute("SELECT pg_sleep(5)")


def test_an_unreachable_server_is_said_so_fast(tmp_path):
    from scheduler.cli import main as cli

    url = "postgresql+psycopg://kollegastotte:hemmelig@127.0.0.1:9/kollegastotte"  # nothing listens on port 9
    with pytest.raises(StoreError) as caught:
        PublicationStore(url)
    assert "does not answer" in caught.value.messages[0].text_en and "hemmelig" not in str(caught.value)
    assert cli.main(["history", "--store", url, "--to", "2027-03-31", "--out", str(tmp_path / "h.csv")]) == 2


def test_sa_is_the_only_way_in(where):
    """Every table the store makes is one of the store's (nothing else is made on open)."""
    from scheduler.store.guard import OUR_TABLES

    IncidentStore(where)
    engine = sa.create_engine(store_engine.store_url(where), poolclass=sa.pool.NullPool)
    try:
        tables = set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert tables - {"alembic_version"} <= OUR_TABLES and "alembic_version" in tables
