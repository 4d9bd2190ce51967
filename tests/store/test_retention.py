"""Retention as code (scheduler/store/retention.py, docs/threat-model.md): whatever opens the store purges
what is due — not only the coordinator's *Hendelse* page — and `scheduler purge` does it from cron."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from store_backends import on_postgres, run_sql

from scheduler.incidents import Incident
from scheduler.store.history import HistoryStore
from scheduler.store.incidents import IncidentStore
from scheduler.store.publications import PublicationStore

IDS = ("E48213", "E59374")


def _incident(path, occurred: dt.datetime, retention: int = 7) -> IncidentStore:
    store = IncidentStore(path, retention=retention)
    store.add_incident("kari@sykehus.no", Incident(incident_id="H-1", wards=("A",), occurred=occurred, involved_ids=IDS),
                       {e: "sykepleier" for e in IDS})
    return store


def _ids_left(where) -> list[str]:
    return [r[0] for r in run_sql(where, "SELECT employee_id FROM incident_involved")]


@pytest.mark.parametrize("opener", [PublicationStore, HistoryStore, IncidentStore])
def test_any_open_of_the_store_deletes_ids_that_are_due(where, opener):
    path = where
    _incident(path, dt.datetime(2025, 1, 5, 10, 0))  # registered late: its follow-up is long past
    assert sorted(_ids_left(path)) == sorted(IDS)
    opener(path)
    assert _ids_left(path) == []


def test_reading_the_report_or_history_purges_ids_due_since(where, monkeypatch):
    path = where
    _incident(path, dt.datetime(2027, 1, 5, 10, 0))
    assert sorted(_ids_left(path)) == sorted(IDS)
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", "2027-03-01")  # 35 days + 7 after the incident have passed
    HistoryStore(path)
    assert _ids_left(path) == []
    assert run_sql(path, "SELECT counts_json FROM incidents") == [('{"sykepleier": 2}',)]


def test_a_late_purge_is_said_and_remembered(where, monkeypatch):
    from scheduler.store.retention import last_late_purge

    path = where
    _incident(path, dt.datetime(2027, 1, 5, 10, 0))
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", "2027-04-01")
    store = PublicationStore(path)
    assert store.last_purge.late_days > 20 and store.last_purge.late_incidents == 1
    assert last_late_purge(store)["days"] == store.last_purge.late_days
    assert [e.action for e in store.audit_log()][:2] == ["purge", "incident_anonymised"]


def test_drafts_untouched_for_the_set_days_are_deleted(where, monkeypatch):
    path = where
    store = PublicationStore(path)
    store.save_draft("gammelt-utkast", {"turnus": [("t.csv", b"employee_id\n1\n")]}, {})
    store.save_draft("nytt-utkast-1", {}, {})
    run_sql(path, "UPDATE drafts SET updated_at = '2020-01-01T00:00:00+01:00' WHERE id = 'gammelt-utkast'")
    monkeypatch.setenv("KOLLEGASTOTTE_DRAFT_DAYS", "30")
    reopened = PublicationStore(path)
    assert reopened.load_draft("gammelt-utkast") is None and reopened.load_draft("nytt-utkast-1") is not None
    assert reopened.last_purge.drafts_deleted == 1 and reopened.last_purge.blobs_deleted == 1


def test_scheduler_purge_runs_from_cron_and_says_what_it_deleted(where, tmp_path):
    path = where
    _incident(path, dt.datetime(2027, 1, 5, 10, 0))
    env = {"KOLLEGASTOTTE_TODAY": "2027-02-25", "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "scheduler", "purge", "--store", str(path)], capture_output=True,
                         text=True, env=env, cwd=tmp_path, timeout=60)
    assert run.returncode == 0 and "1 hendelser" in run.stdout, run.stderr
    assert _ids_left(path) == []
    missing = subprocess.run([sys.executable, "-m", "scheduler", "purge", "--store", str(tmp_path / "nope.sqlite3")],
                             capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert missing.returncode == 2 and not (tmp_path / "nope.sqlite3").exists()
    if on_postgres(where):  # a database that is there but holds no store: not made by a purge either
        empty = where.rsplit("/", 1)[0] + "/postgres"
        run = subprocess.run([sys.executable, "-m", "scheduler", "purge", "--store", empty], capture_output=True,
                             text=True, cwd=tmp_path, timeout=60)
        assert run.returncode == 2, run.stdout + run.stderr
