"""The incident store and the deletion rule: the involved employee ids are kept until the follow-up plus
the retention days, then deleted — gone from the database file, the audit log and everything made
from the store afterwards — and their counts stay."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from store_backends import on_postgres, run_sql
from test_outreach import SETTINGS, world

from scheduler.incidents import Incident
from scheduler.model.demand import build_instance
from scheduler.outreach.files import invitations
from scheduler.outreach.plan import plan_outreach
from scheduler.store.incidents import ContactGroup, IncidentStore, retention_days
from scheduler.views.outreach import plan_of_stored, stored_contacts

#: the involved: ward A's staff a2, a3, a4 renamed to ids that occur nowhere else (not in any date,
#: time or number the store writes, so finding one on disk means it was not deleted)
IDS = ("E48213", "E59374", "E60712")
OCCURRED = dt.datetime(2027, 1, 5, 10, 0)


def _disk(store: IncidentStore) -> bytes:
    """What the store holds: the SQLite file and its log, byte for byte; on PostgreSQL every row of
    every table as text (its files, WAL and backups are the DBA's: docs/database.md)."""
    if not on_postgres(store.url):
        path = Path(store.path)
        return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    tables = [r[0] for r in run_sql(store.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    return b"".join(str(row).encode() for t in tables for row in run_sql(store.url, f'SELECT t::text FROM "{t}" t'))


@pytest.fixture
def kept(where):
    """An incident on ward A given by the ids of three staff, planned and accepted."""
    inputs = world()
    rename = dict(zip(("a2", "a3", "a4"), IDS, strict=True))
    inputs.turnus["employee_id"] = inputs.turnus["employee_id"].replace(rename)
    inputs.employees = {rename.get(k, k): e.model_copy(update={"employee_id": rename.get(k, k)})
                        for k, e in inputs.employees.items()}
    inst = build_instance(inputs)
    incident = Incident(incident_id="H-1", wards=("A",), occurred=OCCURRED, involved_ids=IDS)
    store = IncidentStore(where)
    store.add_incident("koordinator@sykehus.no", incident, {e: inst.employees[e].profession for e in IDS})
    plan = plan_outreach(inst, [incident], settings=SETTINGS)
    store.accept("koordinator@sykehus.no", "H-1", stored_contacts(plan))
    return store, inst, plan


def test_ids_are_kept_until_the_follow_up_plus_seven_days(kept):
    store, inst, plan = kept
    follow_up = max(m.start.date() for m in plan.members if m.need.kind == "follow_up" and m.planned)
    stored = store.incident("H-1")
    assert stored.incident.involved_ids == IDS and stored.delete_ids_after == follow_up + dt.timedelta(days=7)
    assert store.purge_expired(follow_up + dt.timedelta(days=6)) == []
    assert all(e.encode() in _disk(store) for e in IDS)  # on disk until then (so the test below can fail)


def test_after_the_deletion_no_id_is_left_anywhere_and_the_counts_stay(kept):
    store, inst, plan = kept
    due = store.incident("H-1").delete_ids_after
    assert store.purge_expired(due) == ["H-1"]
    stored = store.incident("H-1")
    assert stored.incident.involved_ids == () and dict(stored.incident.involved_counts) == {"sykepleier": 3}
    assert stored.anonymised_at and stored.status == "accepted"
    # the database file and its log
    disk = _disk(store)
    assert not any(e.encode() in disk for e in IDS)
    # the audit log: who, when, which incident — never who was involved
    log = store.audit_log()
    assert [e.action for e in log] == ["purge", "incident_anonymised", "incident_changed", "incident_created"]
    assert not any(e in " ".join(f"{x.actor} {x.object_id} {x.detail}" for x in log) for e in IDS)
    # everything made from the store afterwards: the plan's table and the invitations
    again = plan_of_stored(inst, stored.incident, stored.contacts)
    table = again.table().to_csv(index=False)
    assert not any(e in table for e in IDS) and "sykepleier" in table
    for data in invitations(again).values():
        assert not any(e.encode() in data for e in IDS)
    assert store.counts().to_dict("records") == [{"month": "2027-01", "ward": "A", "incidents": 1, "people": 3,
                                                  "team_places_accepted": 4}]
    assert store.purge_expired(due + dt.timedelta(days=30)) == []  # once


def test_an_incident_never_accepted_loses_its_ids_after_the_follow_up_window(where):
    store = IncidentStore(where, retention=3)
    store.add_incident("lokal", Incident(incident_id="H-2", wards=("A",), occurred=OCCURRED, involved_ids=("a2",)),
                       {"a2": "sykepleier"})
    assert store.incident("H-2").delete_ids_after == (OCCURRED + dt.timedelta(days=35 + 3)).date()


def test_the_retention_is_the_servers_setting(monkeypatch):
    monkeypatch.setenv("KOLLEGASTOTTE_INCIDENT_RETENTION_DAYS", "14")
    assert retention_days() == 14
    monkeypatch.setenv("KOLLEGASTOTTE_INCIDENT_RETENTION_DAYS", "tja")
    assert retention_days() == 7


def test_no_free_text_is_taken(where):
    store = IncidentStore(where)
    with pytest.raises(ValueError):
        store.add_incident("lokal", Incident(incident_id="H-4", wards=("A;B\nfeil medisin",), occurred=OCCURRED,
                                             involved_counts={"sykepleier": 1}), {})
    with pytest.raises(ValueError):
        store.add_incident("lokal", Incident(incident_id="H-4", wards=("A",), occurred=OCCURRED,
                                             involved_counts={"sykepleier;ga feil medisin\n": 1}), {})
    store.add_incident("lokal", Incident(incident_id="H-3", wards=("A",), occurred=OCCURRED,
                                         involved_counts={"sykepleier": 1}), {})
    with pytest.raises(ValueError):
        store.close("lokal\nhva som skjedde", "H-3")
    assert store.incidents()[0].id == "H-3" and len(store.incidents()) == 1


def test_a_taken_id_gets_a_free_one(where):
    store = IncidentStore(where)
    one = Incident(incident_id="H-5", wards=("A",), occurred=OCCURRED, involved_counts={"lege": 1})
    assert [store.add_incident("lokal", one, {}) for _ in range(2)] == ["H-5", "H-5-2"]


def test_a_generated_id_takes_the_next_running_number_and_free_text_is_no_id(where):
    """The app generates ids (its page takes none): `H-YYYYMMDD-HHMM-n`, the next free number of
    the minute; an id that is neither generated nor a reference number is refused (docs/outreach.md)."""
    from scheduler.incidents import generated_id

    store = IncidentStore(where)
    one = Incident(incident_id=generated_id(OCCURRED), wards=("A",), occurred=OCCURRED, involved_counts={"lege": 1})
    assert [store.add_incident("lokal", one, {}) for _ in range(3)] == [
        "H-20270105-1000-1", "H-20270105-1000-2", "H-20270105-1000-3"]
    for free_text in ("Eide-selvmordsforsok", "feilmedisinering"):
        with pytest.raises(ValueError):
            store.add_incident("lokal", one.model_copy(update={"incident_id": free_text}), {})
    assert len(store.incidents()) == 3


def test_a_contact_key_resolves_to_the_people_while_their_ids_are_kept_and_never_after(kept):
    """outreach.csv names a group by profession × count and its contact key — never the ids. The
    store resolves the key to the people while it keeps their ids; after the deletion it resolves
    nothing, and the key is gone from the database file too (docs/outreach.md)."""
    store, inst, _ = kept
    stored = store.incident("H-1")
    (key,) = stored.incident.contact_keys.values()
    plan = plan_outreach(inst, [stored.incident], settings=SETTINGS)  # as the app plans it
    table = plan.table()
    assert set(table["contact_key"]) == {key} and set(table["group"]) == {"sykepleier×3"}
    assert not any(e in table.to_csv(index=False) for e in IDS)
    assert store.contact_group(key) == ContactGroup("H-1", "sykepleier", 3, IDS)
    assert store.contact_group("0" * 32) is None and store.contact_group("H-1") is None
    # random, not derived from the ids: the same people in another incident get another key
    again = Incident(incident_id="H-7", wards=("A",), occurred=OCCURRED, involved_ids=IDS)
    store.add_incident("lokal", again, {e: "sykepleier" for e in IDS})
    assert store.incident("H-7").incident.contact_keys["sykepleier"] != key
    assert store.purge_expired(store.incident("H-1").delete_ids_after) == ["H-1"]
    assert store.contact_group(key) is None and store.incident("H-1").incident.contact_keys == {}
    assert key.encode() not in _disk(store)
    assert store.contact_group(store.incident("H-7").incident.contact_keys["sykepleier"]) is not None  # still live


def test_a_group_given_as_a_count_has_a_key_that_names_no_one(where):
    store = IncidentStore(where)
    store.add_incident("lokal", Incident(incident_id="H-8", wards=("A",), occurred=OCCURRED, involved_ids=("a2",),
                                         involved_counts={"lege": 2}), {"a2": "sykepleier"})
    keys = store.incident("H-8").incident.contact_keys
    assert sorted(keys) == ["lege", "sykepleier"] and len(set(keys.values())) == 2
    assert store.contact_group(keys["lege"]) == ContactGroup("H-8", "lege", 2, ())
    assert store.contact_group(keys["sykepleier"]) == ContactGroup("H-8", "sykepleier", 1, ("a2",))
