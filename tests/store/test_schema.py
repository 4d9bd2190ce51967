"""The store's tables and migrations (scheduler/store/schema.py): an older store opens in place."""

from __future__ import annotations

from scheduler.store.publications import PublicationStore


def test_an_older_store_gains_the_audit_log_when_opened(tmp_path):
    import sqlite3

    db = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(db)
    conn.executescript("CREATE TABLE publications (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, "
                       "note TEXT NOT NULL DEFAULT '', summary_json TEXT NOT NULL, rules_json TEXT NOT NULL, "
                       "checksums_json TEXT NOT NULL);"
                       "INSERT INTO publications VALUES (1, '2026-01-01T10:00:00', '', '{}', '{}', '{}');")
    conn.close()
    store = PublicationStore(db)
    assert [h.id for h in store.history()] == [1] and store.latest().id == 1
    store.unpublish(1, actor="kari@sykehus.no")
    assert store.latest() is None and store.audit_log()[0].action == "unpublish"
