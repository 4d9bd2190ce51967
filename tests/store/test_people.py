"""The people's records (scheduler/store/people.py): role changes audited, the ward a person picked."""

from __future__ import annotations

from scheduler.store.publications import PublicationStore


def test_role_changes_are_logged_and_a_first_employee_sign_in_is_not(where):
    store = PublicationStore(where)
    assert store.record_access("per@sykehus.no", "employee") is False  # thousands of staff: no row each
    assert store.record_access("per@sykehus.no", "employee") is False
    assert store.record_access("per@sykehus.no", "manager:N-MED1") is True
    assert store.record_access("per@sykehus.no", "manager:N-MED1") is False
    assert store.record_access("kari@sykehus.no", "coordinator") is True
    assert store.record_roles_file("a" * 64) is True and store.record_roles_file("a" * 64) is False
    rows = [(e.actor, e.action, e.object_id, e.detail) for e in reversed(store.audit_log())]
    assert rows == [("server", "role_change", "per@sykehus.no", "employee → manager:N-MED1"),
                    ("server", "role_change", "kari@sykehus.no", "– → coordinator"),
                    ("server", "roles_file_change", "aaaaaaaaaaaa", "")]


def test_the_ward_a_person_picked_is_remembered(where):
    store = PublicationStore(where)
    assert store.chosen_ward("per@sykehus.no") is None
    store.choose_ward("per@sykehus.no", "N-MED1")
    store.choose_ward("per@sykehus.no", "N-KIR2")
    assert PublicationStore(where).chosen_ward("per@sykehus.no") == "N-KIR2"
