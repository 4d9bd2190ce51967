"""The audit log (scheduler/store/audit_log.py): an incident's changes by id, never by content."""

from __future__ import annotations

import pytest

from scheduler.store.publications import PublicationStore


def test_incident_changes_are_recorded_by_id_never_by_content(where):
    store = PublicationStore(where)
    store.record_incident_change("kari@sykehus.no", "INC-2027-0007", "created")
    store.record_incident_change("kari@sykehus.no", "INC-2027-0007", "anonymised")
    assert [(e.action, e.object_kind, e.object_id) for e in store.audit_log(actions=("incident_created",))] == \
        [("incident_created", "incident", "INC-2027-0007")]
    for bad_id in ("pasient døde på post 3B", "INC 7", "", "x" * 400, "a\nb"):
        with pytest.raises(ValueError):
            store.record_incident_change("kari@sykehus.no", bad_id, "changed")
    with pytest.raises(ValueError):
        store.record_incident_change("kari@sykehus.no", "INC-1", "talked about the death")
    with pytest.raises(ValueError):
        store.audit("kari@sykehus.no", "wrote a note", "1")
    with pytest.raises(ValueError):
        store.audit("two\nlines", "publish", "1")
    assert len(store.audit_log()) == 2
