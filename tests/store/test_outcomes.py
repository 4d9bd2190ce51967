"""Contacts' statuses and conversations per month in the store: words from a list and counts, a
supporter only their own contacts, every change audited, counts merged after their time."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from store_backends import run_sql

from scheduler.incidents import Incident
from scheduler.store.incidents import StoredContact
from scheduler.store.outcomes import NotYours, OutcomeStore
from scheduler.store.retention import purge_store

OCCURRED = dt.datetime(2027, 1, 5, 10, 0)
COORDINATOR = "koordinator@sykehus.no"


def contacts_of(incident_id: str = "H-1") -> list[StoredContact]:
    """A first talk by s1 and s2 with three nurses, a follow-up by s1, one empty place."""
    return [
        StoredContact(incident_id, "first", "sykepleier", 0, "s1", "2027-01-06", "dag", "2027-01-06T08:00",
                      "2027-01-06T15:00", 1.0),
        StoredContact(incident_id, "first", "sykepleier", 1, "s2", "2027-01-06", "dag", "2027-01-06T08:00",
                      "2027-01-06T15:00", 1.0),
        StoredContact(incident_id, "follow_up", "sykepleier", 0, "s1", "2027-02-02", "dag", "2027-02-02T08:00",
                      "2027-02-02T15:00", 1.0),
        StoredContact(incident_id, "follow_up", "sykepleier", 1, "", "", "", "", "", 0.0, "all_at_limit"),
    ]


@pytest.fixture
def store(where) -> OutcomeStore:
    s = OutcomeStore(where)
    s.add_incident(COORDINATOR, Incident(incident_id="H-1", wards=("A",), occurred=OCCURRED,
                                         involved_counts={"sykepleier": 3}), {})
    s.accept(COORDINATOR, "H-1", contacts_of())
    return s


def test_planned_contacts_are_one_per_group_and_kind_with_their_team(store):
    contacts = store.planned_contacts()
    assert [(c.contact, c.team, c.people, c.status) for c in contacts] == [
        ("first", ("s1", "s2"), 3, ""), ("follow_up", ("s1",), 3, "")]
    assert [c.contact for c in store.planned_contacts("s2")] == ["first"]
    assert store.planned_contacts("s9") == []


def test_a_supporter_sets_the_status_of_their_own_contact_audited(store):
    assert store.set_status("s2@sykehus.no", "H-1", "first", "sykepleier", "held", supporter_id="s2")
    assert [c.status for c in store.planned_contacts()] == ["held", ""]
    row = store.audit_log(1)[0]
    assert (row.actor, row.action, row.object_id, row.detail) == ("s2@sykehus.no", "contact_status", "H-1", "first:held")
    assert not store.set_status("s2@sykehus.no", "H-1", "first", "sykepleier", "held", supporter_id="s2")  # no change


def test_a_supporter_may_not_set_another_teams_status(store):
    with pytest.raises(NotYours):
        store.set_status("s2@sykehus.no", "H-1", "follow_up", "sykepleier", "declined", supporter_id="s2")
    assert [c.status for c in store.planned_contacts()] == ["", ""]
    assert store.audit_log(1)[0].action != "contact_status"


def test_the_coordinator_sets_any_and_empty_is_planned_again(store):
    store.set_status(COORDINATOR, "H-1", "follow_up", "sykepleier", "not_reached")
    assert store.planned_contacts()[1].status == "not_reached"
    store.set_status(COORDINATOR, "H-1", "follow_up", "sykepleier", "")
    assert store.planned_contacts()[1].status == ""


@pytest.mark.parametrize("status", ["done", "holdt", "Held", "she was upset"])
def test_only_a_status_word_is_taken(store, status):
    with pytest.raises(ValueError):
        store.set_status(COORDINATOR, "H-1", "first", "sykepleier", status)


def test_a_contact_that_is_not_planned_has_no_status(store):
    with pytest.raises(KeyError):
        store.set_status(COORDINATOR, "H-1", "defusing", "sykepleier", "held")


def test_the_table_refuses_anything_but_a_status_even_bypassing_the_store(store):
    with pytest.raises(sa.exc.IntegrityError):
        run_sql(store.url, "INSERT INTO contact_status VALUES ('H-1', 'first', 'lege', 'a long text', '')")


def test_conversations_are_a_whole_number_per_supporter_and_month(store):
    assert store.set_conversations("s1@sykehus.no", "s1", "2027-01", 4)
    store.set_conversations(COORDINATOR, "s2", "2027-02", 2)
    store.set_conversations(COORDINATOR, "s1", "2027-01", 5)
    assert store.conversations().values.tolist() == [["s1", "2027-01", 5], ["s2", "2027-02", 2]]
    assert store.conversations_in(dt.date(2027, 1, 15), dt.date(2027, 1, 31)) == {"s1": 5}
    assert [(r.action, r.object_id, r.detail) for r in store.audit_log(3)][0] == ("conversations", "s1", "2027-01")
    for bad in (-1, 501, 2.5, "3", True):
        with pytest.raises(ValueError):
            store.set_conversations(COORDINATOR, "s1", "2027-01", bad)
    for month in ("2027-13", "jan 2027", "2027-1"):
        with pytest.raises(ValueError):
            store.set_conversations(COORDINATOR, "s1", month, 1)


def test_old_conversation_counts_become_the_months_total(store, monkeypatch):
    store.set_conversations(COORDINATOR, "s1", "2027-01", 4)
    store.set_conversations(COORDINATOR, "s2", "2027-01", 3)
    store.set_conversations(COORDINATOR, "s2", "2027-02", 1)
    monkeypatch.setenv("KOLLEGASTOTTE_ACTIVITY_MONTHS", "12")
    result = purge_store(store, day=dt.date(2028, 1, 31))  # 2027-01 is 12 months past; 2027-02 is not
    assert result.conversation_months == 1
    assert store.conversations().values.tolist() == [["", "2027-01", 7], ["s2", "2027-02", 1]]
    assert store.audit_log(1)[0].action == "purge"
    assert purge_store(store, day=dt.date(2028, 1, 31)).conversation_months == 0  # the total is not merged again


def test_statuses_survive_the_deletion_of_the_ids(store):
    store.set_status(COORDINATOR, "H-1", "first", "sykepleier", "held")
    store.purge_expired(dt.date(2030, 1, 1))
    assert store.incident("H-1").anonymised_at is not None
    assert [c.status for c in store.planned_contacts()] == ["held", ""]
    assert store.outcomes()[["contact", "status", "people"]].values.tolist() == [["first", "held", 3],
                                                                                 ["follow_up", "", 3]]


def test_a_moved_contact_planned_again_at_another_time_is_planned_and_the_others_keep_theirs(store):
    store.set_status(COORDINATOR, "H-1", "first", "sykepleier", "held")
    store.set_status(COORDINATOR, "H-1", "follow_up", "sykepleier", "moved")
    later = [c if c.contact != "follow_up" or not c.supporter_id else
             StoredContact(c.incident_id, c.contact, c.profession, c.position, c.supporter_id, "2027-02-04", "dag",
                           "2027-02-04T08:00", "2027-02-04T15:00", 1.0) for c in contacts_of()]
    store.accept(COORDINATOR, "H-1", later)
    assert [(c.contact, c.date, c.status) for c in store.planned_contacts()] == [
        ("first", "2027-01-06", "held"), ("follow_up", "2027-02-04", "")]
