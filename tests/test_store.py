"""The publication store: survives reopening, keeps history, never half-writes a publication."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from scheduler.store import PublicationStore


def _tables(n: int = 2) -> dict[str, pd.DataFrame]:
    duties = pd.DataFrame({
        "supporter_id": ["0319", "11468"][:n],
        "date": ["2027-01-04", "2027-01-05"][:n],
        "slot": ["dag", "natt"][:n],
        "hours": [1.0, 1.5][:n],
    })
    coverage = pd.DataFrame({"ward": ["N-MED1"], "headcount": [5], "covered": [True], "supporter_id": ["0319"]})
    return {"duties": duties, "coverage": coverage}


def _summary(duties: int) -> dict:
    return {"status": "OPTIMAL", "counts": {"covered": 1, "uncovered": 0, "duties": duties}}


def test_publish_and_reload_after_reopening(tmp_path):
    db = tmp_path / "store.sqlite3"
    pid = PublicationStore(db).publish(_tables(), _summary(2), json.dumps({"redundancy": 1}), {"turnus.csv": "abc"}, note="uke 1")
    again = PublicationStore(db).latest()
    assert again is not None and again.id == pid
    assert again.note == "uke 1"
    assert again.checksums == {"turnus.csv": "abc"}
    assert again.rules == {"redundancy": 1}
    duties = again.tables["duties"]
    assert list(duties["supporter_id"]) == ["0319", "11468"]  # leading zero kept: ids are strings
    assert list(duties["hours"]) == [1.0, 1.5]
    coverage = again.tables["coverage"]
    assert coverage["covered"].tolist() == [True] and coverage["headcount"].tolist() == [5]


def test_history_is_newest_first_and_keeps_earlier(tmp_path):
    store = PublicationStore(tmp_path / "s.sqlite3")
    first = store.publish(_tables(1), _summary(1), "{}", {}, note="første")
    second = store.publish(_tables(2), _summary(2), "{}", {}, note="andre")
    history = store.history()
    assert [h.id for h in history] == [second, first]
    assert [h.duties for h in history] == [2, 1]
    assert len(store.load(first).tables["duties"]) == 1


def test_empty_store_has_no_latest(tmp_path):
    store = PublicationStore(tmp_path / "empty.sqlite3")
    assert store.latest() is None and store.history() == []
    with pytest.raises(KeyError):
        store.load(1)


def test_failed_write_leaves_previous_publication_intact(tmp_path, monkeypatch):
    store = PublicationStore(tmp_path / "s.sqlite3")
    good = store.publish(_tables(2), _summary(2), "{}", {}, note="god")
    calls = {"n": 0}
    original = PublicationStore._insert_table

    def failing(self, conn, pid, name, text, dtypes):
        calls["n"] += 1
        if calls["n"] == 2:  # the publication row and one table are already written in the transaction
            raise OSError("disk full")
        return original(self, conn, pid, name, text, dtypes)

    monkeypatch.setattr(PublicationStore, "_insert_table", failing)
    with pytest.raises(OSError):
        store.publish(_tables(1), _summary(1), "{}", {}, note="halv")
    monkeypatch.undo()
    reopened = PublicationStore(tmp_path / "s.sqlite3")
    assert [h.id for h in reopened.history()] == [good]
    latest = reopened.latest()
    assert latest.note == "god" and len(latest.tables["duties"]) == 2 and set(latest.tables) == {"duties", "coverage"}
