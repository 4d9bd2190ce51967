"""Drafts (scheduler/store/drafts.py): kept across reopening, ids checked, owned by their author,
every change audited by part, a replaced file leaves nothing behind."""

from __future__ import annotations

import pandas as pd
import pytest
from store_backends import on_postgres, run_sql

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


def test_a_draft_keeps_files_choices_and_its_last_plan_across_reopening(where):
    db = where
    store = PublicationStore(db)
    files = {"turnus": [("turnus_3B.csv", b"a;b\n"), ("turnus_2A.csv", b"c;d\n")], "supporters": [("s.csv", b"x\n")]}
    store.save_draft("abcdefgh12", files, {"column_maps": {"turnus_3B.csv": {"Tittel": "profession"}}})
    store.save_draft_plan("abcdefgh12", _tables(2), _summary(2), "{}", {"s.csv": "ff"}, {"inputs_key": "k1"})
    store.save_draft("abcdefgh12", {**files, "turnus": files["turnus"][:1]}, {"column_maps": {}})
    draft = PublicationStore(db).load_draft("abcdefgh12")
    assert draft.files == {"turnus": [("turnus_3B.csv", b"a;b\n")], "supporters": [("s.csv", b"x\n")]}
    assert draft.state == {"column_maps": {}}
    assert draft.plan.meta == {"inputs_key": "k1"} and list(draft.plan.tables["duties"]["supporter_id"]) == ["0319", "11468"]
    store.save_draft_plan("abcdefgh12", _tables(1), _summary(1), "{}", {}, {"inputs_key": "k2"})
    assert len(store.load_draft("abcdefgh12").plan.tables["duties"]) == 1
    assert store.history() == []  # a draft is not a publication


def test_draft_ids_from_a_page_address_are_checked(where):
    store = PublicationStore(where)
    assert store.load_draft("ukjent-id-123") is None
    assert store.load_draft("../../etc/passwd") is None
    with pytest.raises(ValueError):
        store.save_draft("x' OR 1=1 --", {}, {})


def test_a_draft_belongs_to_its_author(where):
    store = PublicationStore(where)
    store.save_draft("utkast-12345", {"turnus": [("t.csv", b"employee_id\n")]}, {"pins": []}, actor="ola@sykehus.no")
    assert store.load_draft("utkast-12345", "ola@sykehus.no") is not None
    assert store.load_draft("utkast-12345", "per@sykehus.no") is None  # another person: nothing
    seen = store.load_draft("utkast-12345", "kari@sykehus.no", coordinator=True)
    assert seen is not None and seen.read_only and seen.owner == "ola@sykehus.no"
    with pytest.raises(PermissionError):
        store.save_draft_state("utkast-12345", {"pins": [1]}, actor="kari@sykehus.no")
    assert store.load_draft("utkast-12345", "ola@sykehus.no").state == {"pins": []}


def test_every_draft_change_is_audited_by_part_never_content(where):
    store = PublicationStore(where)
    store.save_draft("utkast-12345", {"supporters": [("s.csv", b"employee_id\n1\n")]}, {}, actor="o'brien@sykehus.no")
    store.save_draft_state("utkast-12345", {"pins": [{"supporter_id": "1"}]}, actor="o'brien@sykehus.no",
                           changed=["pins", "supporter_edits", "rules"])
    log = store.audit_log()
    assert [e.action for e in reversed(log)] == ["draft_created", "draft_files", "draft_pins", "draft_supporter_edits",
                                                 "draft_rules"]
    assert {e.actor for e in log} == {"o'brien@sykehus.no"} and {e.object_id for e in log} == {"utkast-12345"}
    assert store.record_access("o'brien@sykehus.no", "coordinator")  # an apostrophe is an e-mail address too


def test_a_replaced_file_leaves_nothing_behind_in_the_store(where):
    store = PublicationStore(where)
    store.save_draft("utkast-12345", {"supporters": [("s.csv", b"employee_id\nGAMMEL-FIL\n")]}, {})
    store.save_draft("utkast-12345", {"supporters": [("s.csv", b"employee_id\nNY-FIL\n")]}, {})
    assert run_sql(where, "SELECT COUNT(*) FROM blobs") == [(1,)]
    if not on_postgres(where):  # the file itself: what is deleted is overwritten (PostgreSQL: docs/database.md)
        run_sql(where, "PRAGMA wal_checkpoint(TRUNCATE)")
        assert b"GAMMEL-FIL" not in where.read_bytes()


def test_two_writers_on_one_version_exactly_one_wins_the_other_is_told(where):
    """The version check is a compare-and-set in the save's own statement (issue 23): two tabs that
    read version 1 and save at the same moment cannot both win, on SQLite and on PostgreSQL."""
    import threading

    from scheduler.store.drafts import DraftConflict

    PublicationStore(where).save_draft_state("abcdefgh12", {"pins": []}, expected_version=0)
    start, results = threading.Barrier(2), {}

    def tab(name: str) -> None:
        store = PublicationStore(where, purge=False)
        start.wait()
        try:
            store.save_draft_state("abcdefgh12", {"pins": [name]}, changed=["pins"], expected_version=1)
            results[name] = "saved"
        except DraftConflict:
            results[name] = "conflict"

    threads = [threading.Thread(target=tab, args=(n,)) for n in ("A", "B")]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert sorted(results.values()) == ["conflict", "saved"], results
    winner = next(n for n, r in results.items() if r == "saved")
    kept = PublicationStore(where).draft_state("abcdefgh12")
    assert kept == {"pins": [winner], "_version": 2}
    # the loser's next try at the version it read fails too; at the kept version it goes through
    with pytest.raises(DraftConflict):
        PublicationStore(where).save_draft("abcdefgh12", {}, {"pins": ["late"]}, expected_version=1)
    assert PublicationStore(where).draft_state("abcdefgh12")["pins"] == [winner]
    PublicationStore(where).save_draft("abcdefgh12", {}, {"pins": ["late"]}, expected_version=2)
    assert PublicationStore(where).draft_state("abcdefgh12") == {"pins": ["late"], "_version": 3}
    # without an expected version (the library's own use) a save writes as before
    PublicationStore(where).save_draft_state("abcdefgh12", {"pins": []})
    assert PublicationStore(where).draft_state("abcdefgh12") == {"pins": []}
