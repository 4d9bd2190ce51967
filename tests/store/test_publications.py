"""Publications (scheduler/store/publications.py): survive reopening, keep history, never half-write one;
withdrawn and put back, audited; the rota in force per ward."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from store_backends import run_sql

from scheduler.store.publications import PublicationStore


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


def test_publish_and_reload_after_reopening(where):
    db = where
    pid = PublicationStore(db).publish(_tables(), _summary(2), json.dumps({"redundancy": 1}), {"turnus.csv": "abc"}, reason="new_period")
    again = PublicationStore(db).latest()
    assert again is not None and again.id == pid
    assert again.reason == "new_period"
    assert again.checksums == {"turnus.csv": "abc"}
    assert again.rules == {"redundancy": 1}
    duties = again.tables["duties"]
    assert list(duties["supporter_id"]) == ["0319", "11468"]  # leading zero kept: ids are strings
    assert list(duties["hours"]) == [1.0, 1.5]
    coverage = again.tables["coverage"]
    assert coverage["covered"].tolist() == [True] and coverage["headcount"].tolist() == [5]


def test_history_is_newest_first_and_keeps_earlier(where):
    store = PublicationStore(where)
    first = store.publish(_tables(1), _summary(1), "{}", {}, reason="new_period")
    second = store.publish(_tables(2), _summary(2), "{}", {}, reason="change")
    history = store.history()
    assert [h.id for h in history] == [second, first]
    assert [h.duties for h in history] == [2, 1]
    assert len(store.load(first).tables["duties"]) == 1


def test_empty_store_has_no_latest(where):
    store = PublicationStore(where)
    assert store.latest() is None and store.history() == []
    with pytest.raises(KeyError):
        store.load(1)


def test_failed_write_leaves_previous_publication_intact(where, monkeypatch):
    store = PublicationStore(where)
    good = store.publish(_tables(2), _summary(2), "{}", {}, reason="change")
    calls = {"n": 0}
    original = PublicationStore._insert_table

    def failing(self, conn, pid, name, text, dtypes):
        calls["n"] += 1
        if calls["n"] == 2:  # the publication row and one table are already written in the transaction
            raise OSError("disk full")
        return original(self, conn, pid, name, text, dtypes)

    monkeypatch.setattr(PublicationStore, "_insert_table", failing)
    with pytest.raises(OSError):
        store.publish(_tables(1), _summary(1), "{}", {}, reason="change")
    monkeypatch.undo()
    reopened = PublicationStore(where)
    assert [h.id for h in reopened.history()] == [good]
    latest = reopened.latest()
    assert latest.reason == "change" and len(latest.tables["duties"]) == 2 and set(latest.tables) == {"duties", "coverage"}


def test_no_free_text_is_stored_with_a_publication(where):
    store = PublicationStore(where)
    with pytest.raises(ValueError):
        store.publish(_tables(1), _summary(1), "{}", {}, reason="samtale med Kari om hendelsen")
    assert store.history() == []


def test_a_note_written_by_an_older_version_is_not_shown(where):
    store = PublicationStore(where)
    pid = store.publish(_tables(1), _summary(1), "{}", {})
    run_sql(where, "UPDATE publications SET note = 'fri tekst' WHERE id = :pid", {"pid": pid})
    assert store.load(pid).reason == "" and store.history()[0].reason == ""


def test_publication_times_carry_the_oslo_offset(where):
    import datetime as dt

    store = PublicationStore(where)
    stamp = dt.datetime.fromisoformat(store.load(store.publish(_tables(1), _summary(1), "{}", {})).created_at)
    assert stamp.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))


def test_publish_and_unpublish_are_in_the_audit_log_and_the_rota_before_is_in_force_again(where):
    store = PublicationStore(where)
    first = store.publish(_tables(1), _summary(1), "{}", {}, actor="kari@sykehus.no")
    second = store.publish(_tables(2), _summary(2), "{}", {}, reason="change", actor="ola@sykehus.no")
    assert store.latest().id == second
    store.unpublish(second, actor="kari@sykehus.no")
    store.unpublish(second, actor="kari@sykehus.no")  # twice is once
    assert store.latest().id == first
    assert [(h.id, h.withdrawn) for h in store.history()] == [(second, True), (first, False)]
    assert len(store.load(second).tables["duties"]) == 2  # withdrawn, never deleted
    store.republish(second, actor="ola@sykehus.no")
    assert store.latest().id == second
    rows = [(e.actor, e.action, e.object_kind, e.object_id) for e in reversed(store.audit_log())]
    assert rows == [("kari@sykehus.no", "publish", "publication", str(first)),
                    ("ola@sykehus.no", "publish", "publication", str(second)),
                    ("kari@sykehus.no", "unpublish", "publication", str(second)),
                    ("ola@sykehus.no", "republish", "publication", str(second))]
    assert all(e.at[:4].isdigit() and e.at[-6] in "+-" for e in store.audit_log())  # when, with the offset
    with pytest.raises(KeyError):
        store.unpublish(99, actor="kari@sykehus.no")


# --- a rota in force per ward ---------------------------------------------------------------------

def _ward_rota(wards: list[str], who: str, first: str = "2027-01-04", last: str = "2027-01-10") -> tuple[dict, dict]:
    assignments = pd.DataFrame([{"date": first, "slot": "dag", "ward": w, "supporter_id": who, "role": "primary",
                                 "reason": ""} for w in wards])
    duties = pd.DataFrame([{"supporter_id": who, "name": "", "home_ward": "X", "date": first, "slot": "dag",
                            "start": f"{first}T08:00", "end": f"{first}T15:00", "wards_covered": ";".join(wards),
                            "hours": 1.0}])
    coverage = assignments.assign(headcount=3, covered=True, backup_id="", reason_code="")
    summary = {"status": "OPTIMAL", "horizon": {"from": first, "to": last},
               "counts": {"covered": len(wards), "uncovered": 0, "duties": 1, "ward_slots": len(wards)}}
    return {"assignments": assignments, "duties": duties, "coverage": coverage}, summary


def test_one_wards_publication_keeps_every_other_wards_rota_in_force(where):
    store = PublicationStore(where)
    hospital = store.publish(*_ward_rota(["N-MED1", "N-MED2", "S-NEV2"], "h1"), "{}", {})
    ward = store.publish(*_ward_rota(["N-MED1"], "m1"), "{}", {}, actor="ola@sykehus.no")
    rota = store.rota_in_force()
    assert rota.publications == [hospital, ward]
    calls = dict(zip(rota.tables["assignments"]["ward"], rota.tables["assignments"]["supporter_id"], strict=True))
    assert calls == {"N-MED1": "m1", "N-MED2": "h1", "S-NEV2": "h1"}
    assert store.audit_log()[0].detail == "1 wards"
    # the coordinator may replace every ward on the dates: wards not in it then have none
    store.publish(*_ward_rota(["N-MED2"], "c1"), "{}", {}, replaces_all=True)
    assert set(store.rota_in_force().tables["assignments"]["ward"]) == {"N-MED2"}


def test_withdrawing_a_wards_publication_puts_the_hospitals_back_for_that_ward(where):
    store = PublicationStore(where)
    store.publish(*_ward_rota(["A", "B"], "h1"), "{}", {})
    ward = store.publish(*_ward_rota(["A"], "a1"), "{}", {})
    store.unpublish(ward, actor="kari@sykehus.no")
    assert set(store.rota_in_force().tables["assignments"]["supporter_id"]) == {"h1"}
