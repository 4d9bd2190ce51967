"""Hostile and broken stores fail closed, fast, with a message (docs/threat-model.md, «Stores»).

A store is a file a person names; a wrong, damaged, foreign or hostile one must end in a clear
message (the command line exits 2) within seconds — never a hang, a crash, a masked cause or "no
rota published".
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from scheduler.store.guard import StoreError, StoreFull
from scheduler.store.publications import PublicationStore


def _summary(first: str = "2027-01-04", last: str = "2027-01-10") -> dict:
    return {"status": "OPTIMAL", "horizon": {"from": first, "to": last}, "counts": {"covered": 1, "uncovered": 0,
                                                                                    "duties": 1}}


def _tables(ward: str = "A") -> dict[str, pd.DataFrame]:
    return {"assignments": pd.DataFrame([{"date": "2027-01-04", "slot": "dag", "ward": ward, "supporter_id": "s1",
                                          "role": "primary", "reason": ""}]),
            "duties": pd.DataFrame([{"supporter_id": "s1", "date": "2027-01-04", "slot": "dag",
                                     "wards_covered": ward, "hours": 1.0}])}


def _good_store(path: Path) -> Path:
    PublicationStore(path).publish(_tables(), _summary(), "{}", {})
    return path


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60)


def test_random_bytes_are_not_a_store(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(os.urandom(4096))
    with pytest.raises(StoreError, match="not a store"):
        PublicationStore(bad)
    started = time.perf_counter()
    run = _cli("report", "--store", str(bad), "--from", "2027-01-01", "--to", "2027-03-31", "--out", "rep",
               cwd=tmp_path)
    assert run.returncode == 2 and "ikke et lager" in run.stderr
    assert time.perf_counter() - started < 30
    assert bad.stat().st_size == 4096  # nothing written into it


def test_a_truncated_store_is_refused(tmp_path):
    good = _good_store(tmp_path / "good.sqlite3")
    with sqlite3.connect(good) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = good.read_bytes()
    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError):
        PublicationStore(cut).history()
    run = _cli("history", "--store", str(cut), "--out", "h.csv", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert not (tmp_path / "h.csv").exists()


def test_another_programs_database_is_refused(tmp_path):
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    with pytest.raises(StoreError, match="another program"):
        PublicationStore(foreign)
    other_app = tmp_path / "app.sqlite3"
    with sqlite3.connect(other_app) as conn:
        conn.execute("PRAGMA application_id = 1234")
    with pytest.raises(StoreError, match="another program"):
        PublicationStore(other_app)


def test_a_recursive_view_named_publications_never_hangs_a_reader(tmp_path):
    hostile = tmp_path / "view.sqlite3"
    with sqlite3.connect(hostile) as conn:
        conn.execute("CREATE VIEW publications AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                     "SELECT n AS id, '' AS created_at, '' AS note, '{}' AS summary_json, '{}' AS rules_json, "
                     "'{}' AS checksums_json FROM r")
    started = time.perf_counter()
    for command in (["report", "--from", "2027-01-01", "--to", "2027-03-31", "--out", "rep"], ["history", "--out", "h.csv"]):
        run = _cli(command[0], "--store", str(hostile), *command[1:], cwd=tmp_path)
        assert run.returncode == 2 and "view publications" in run.stderr, run.stderr
    assert time.perf_counter() - started < 40


def test_a_trigger_is_refused(tmp_path):
    store = _good_store(tmp_path / "s.sqlite3")
    with sqlite3.connect(store) as conn:
        conn.execute("CREATE TRIGGER t AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log; END")
    with pytest.raises(StoreError, match="trigger t"):
        PublicationStore(store)


def test_a_newer_schema_is_refused_with_update_advice(tmp_path):
    store = _good_store(tmp_path / "s.sqlite3")
    with sqlite3.connect(store) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError) as caught:
        PublicationStore(store)
    assert "newer version" in caught.value.messages[0].text_en and "Update" in caught.value.messages[0].fix_en


def test_deeply_nested_json_is_damage_not_a_crash(tmp_path):
    store = _good_store(tmp_path / "s.sqlite3")
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE publications SET summary_json = ?", ("[" * 100_000 + "]" * 100_000,))
    with pytest.raises(StoreError, match="damaged"):
        PublicationStore(store).history()
    run = _cli("report", "--store", str(store), "--from", "2027-01-01", "--to", "2027-03-31", "--out", "rep",
               cwd=tmp_path)
    assert run.returncode == 2 and "skadet" in run.stderr, run.stderr


def test_a_full_disk_while_publishing_says_so_and_keeps_the_store(tmp_path, monkeypatch):
    store = PublicationStore(_good_store(tmp_path / "s.sqlite3"))
    original = PublicationStore._connect

    def small(self):
        class _Full:
            def __enter__(inner):
                inner.cm = original(self)
                conn = inner.cm.__enter__()
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {pages}")  # no room for one more page: SQLITE_FULL
                return conn

            def __exit__(inner, *exc):
                return inner.cm.__exit__(*exc)

        return _Full()

    monkeypatch.setattr(PublicationStore, "_connect", small)
    big = {"duties": pd.DataFrame({"supporter_id": [f"s{i}" for i in range(5000)], "date": "2027-01-04",
                                   "slot": "dag", "wards_covered": "A", "hours": 1.0})}
    with pytest.raises(StoreFull) as caught:
        store.publish(big, _summary(), "{}", {})
    assert "full" in caught.value.messages[0].text_en and "rollback" not in str(caught.value)
    monkeypatch.undo()
    assert [h.id for h in PublicationStore(tmp_path / "s.sqlite3").history()] == [1]


def test_a_full_disk_on_history_out_leaves_no_file_and_a_retry_works(tmp_path, monkeypatch, capsys):
    from scheduler.cli import main as cli

    store = _good_store(tmp_path / "s.sqlite3")
    out = tmp_path / "historikk.csv"
    real_fdopen = os.fdopen

    def full(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)

        class _Full:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()
                return False

            def write(self, data):
                raise OSError(errno.ENOSPC, "No space left on device")

        return _Full()

    monkeypatch.setattr(os, "fdopen", full)
    assert cli.main(["history", "--store", str(store), "--to", "2027-03-31", "--out", str(out)]) == 2
    assert not out.exists() and not list(tmp_path.glob(".historikk.csv.tmp-*"))
    monkeypatch.undo()
    assert cli.main(["history", "--store", str(store), "--to", "2027-03-31", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("supporter_id,")


def test_report_out_never_replaces_a_rota_folder(tmp_path):
    from scheduler.cli import main as cli
    from scheduler.io.out_folder import write_folder_safely

    store = _good_store(tmp_path / "s.sqlite3")
    rota = write_folder_safely(tmp_path / "vaktplan", lambda d: (d / "assignments.csv").write_text("date\n"))
    before = sorted(p.name for p in rota.iterdir())
    assert cli.main(["report", "--store", str(store), "--from", "2027-01-01", "--to", "2027-03-31",
                     "--out", str(rota)]) == 2
    assert sorted(p.name for p in rota.iterdir()) == before


def test_the_store_is_marked_as_ours_and_upgraded_in_place(tmp_path):
    path = tmp_path / "old.sqlite3"
    store = _good_store(path)
    with sqlite3.connect(store) as conn:
        conn.execute("PRAGMA application_id = 0")
        conn.execute("PRAGMA user_version = 0")
        conn.execute("UPDATE publications SET wards_json = NULL")
    PublicationStore(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x4B535431
        assert json.loads(conn.execute("SELECT wards_json FROM publications").fetchone()[0]) == ["A"]
