"""Many at once, on SQLite and PostgreSQL: parallel publishes each land whole with their own audit
row, and a purge while others read never shows a reader half of it (scheduler/store/base.py)."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
from store_backends import run_sql

from scheduler.incidents import Incident
from scheduler.store.incidents import IncidentStore
from scheduler.store.migrate import HEAD
from scheduler.store.publications import PublicationStore
from scheduler.store.retention import purge_store

WRITERS, EACH = 4, 5


def _rota(writer: int, n: int) -> tuple[dict[str, pd.DataFrame], dict]:
    ward = f"W{writer}"
    duties = pd.DataFrame([{"supporter_id": f"s{writer}-{n}-{i}", "date": "2027-01-04", "slot": "dag",
                            "wards_covered": ward, "hours": 1.0} for i in range(n + 1)])
    assignments = pd.DataFrame([{"date": "2027-01-04", "slot": "dag", "ward": ward, "supporter_id": f"s{writer}-{n}-0",
                                 "role": "primary", "reason": ""}])
    summary = {"status": "OPTIMAL", "horizon": {"from": "2027-01-04", "to": "2027-01-10"},
               "counts": {"covered": 1, "uncovered": 0, "duties": n + 1}}
    return {"assignments": assignments, "duties": duties}, summary


def test_parallel_publishes_each_land_whole_with_their_own_audit_row(where):
    PublicationStore(where)  # made once; then every writer opens it as the app's sessions do

    def writer(w: int) -> list[int]:
        store = PublicationStore(where)
        return [store.publish(*_rota(w, n), "{}", {}, actor=f"w{w}@sykehus.no") for n in range(EACH)]

    with ThreadPoolExecutor(WRITERS) as pool:
        ids = [pid for batch in pool.map(writer, range(WRITERS)) for pid in batch]
    store = PublicationStore(where)
    assert len(set(ids)) == WRITERS * EACH and sorted(h.id for h in store.history()) == sorted(ids)
    published = {(e.object_id, e.actor) for e in store.audit_log(actions=("publish",))}
    assert len(published) == WRITERS * EACH and {pid for pid, _ in published} == {str(i) for i in ids}
    for pid in ids:  # every publication whole: its tables and its own rows
        pub = store.load(pid)
        writer_of = pub.tables["assignments"]["ward"].iloc[0][1:]
        assert (str(pid), f"w{writer_of}@sykehus.no") in published
        assert len(pub.tables["duties"]) == int(pub.summary["counts"]["duties"])
    assert set(store.rota_in_force().tables["assignments"]["ward"]) == {f"W{w}" for w in range(WRITERS)}


def test_a_purge_while_others_read_never_shows_half_of_it(where):
    store = IncidentStore(where, retention=0)
    ids = [f"H-{i}" for i in range(12)]
    for i, incident_id in enumerate(ids):
        involved = (f"E{i}01", f"E{i}02")
        store.add_incident("lokal", Incident(incident_id=incident_id, wards=("A",), occurred=dt.datetime(2027, 1, 5, 10, i),
                                             involved_ids=involved), {e: "sykepleier" for e in involved})
    stop, seen, problems = threading.Event(), {"before": 0, "after": 0}, []
    reading = threading.Barrier(4)

    def reader() -> None:
        first = True
        while not stop.is_set():
            for incident_id in ids:
                kept = store.incident(incident_id)
                people = sum(kept.professions.values())
                named = len(kept.incident.involved_ids)
                keys = bool(kept.incident.contact_keys)
                if people != 2 or (named and not keys) or named not in (0, 2) or (named == 0) != bool(kept.anonymised_at):
                    problems.append((incident_id, people, named, keys, kept.anonymised_at))
                seen["after" if kept.anonymised_at else "before"] += 1
            if first:
                reading.wait(timeout=60)  # every reader has read once before the purge starts
                first = False

    readers = [threading.Thread(target=reader) for _ in range(3)]
    for t in readers:
        t.start()
    try:
        reading.wait(timeout=60)
        result = purge_store(store, day=dt.date(2027, 6, 1))
    finally:
        stop.set()
        for t in readers:
            t.join(timeout=60)
    assert sorted(result.anonymised) == sorted(ids)
    assert problems == [] and seen["before"] >= 3 * len(ids)
    for incident_id in ids:
        kept = store.incident(incident_id)
        assert kept.incident.involved_ids == () and dict(kept.incident.involved_counts) == {"sykepleier": 2}


def test_servers_opening_a_new_store_at_once_make_it_once(where):
    """Several processes' first open of one new store: one makes (and versions) it, the others wait
    for the store's write lock and find it made."""
    def opener(_: int) -> int:
        return len(PublicationStore(where).history())

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(opener, range(4))) == [0, 0, 0, 0]
    assert run_sql(where, "SELECT version_num FROM alembic_version") == [(HEAD,)]
