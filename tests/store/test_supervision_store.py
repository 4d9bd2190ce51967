"""scheduler/store/supervision.py: a meeting's attendance is a count, kept with who set it in the
audit log; anything but a whole number for a meeting's date and time is refused."""

from __future__ import annotations

import pytest

from scheduler.store.supervision import SupervisionStore


def test_attendance_is_kept_as_a_count_and_audited(tmp_path):
    store = SupervisionStore(tmp_path / "s.sqlite3")
    assert store.set_attendance("kari@sykehus.no", "2027-01-19", "08:00", "", 7)
    assert not store.set_attendance("kari@sykehus.no", "2027-01-19", "08:00", "", 7)  # unchanged
    assert store.set_attendance("kari@sykehus.no", "2027-01-19", "08:00", "", 8)
    assert store.attendance().values.tolist() == [["2027-01-19", "08:00", "", 8]]
    entries = [(e.actor, e.action, e.object_id, e.detail) for e in store.audit_log()]
    assert entries[:2] == [("kari@sykehus.no", "supervision_attendance", "veiledning:2027-01-19T08:00", n)
                           for n in ("8", "7")]  # newest first


@pytest.mark.parametrize(("date", "start", "site", "attended"), [
    ("19.01.2027", "08:00", "", 3), ("2027-01-19", "8", "", 3), ("2027-01-19", "08:00", "Nord sted", 3),
    ("2027-01-19", "08:00", "", -1), ("2027-01-19", "08:00", "", "sju"), ("2027-01-19", "08:00", "", True)])
def test_anything_but_a_count_for_a_meeting_is_refused(tmp_path, date, start, site, attended):
    store = SupervisionStore(tmp_path / "s.sqlite3")
    with pytest.raises(ValueError):
        store.set_attendance("kari@sykehus.no", date, start, site, attended)
    assert store.attendance().empty
