"""The coordinator's «Hendelse» page driven by AppTest: register an incident (no free-text field),
see the proposal with alternatives, pick one, accept, download the invitations; the audit log has
every change; the burden page counts the contacts; other roles never see the page."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, _goto, _ok, _plan

from scheduler.store.incidents import IncidentStore

TODAY = "2027-01-13"


@pytest.fixture(scope="module")
def coordinator(tmp_path_factory):
    """The local user (the coordinator) with the sample data and a planned draft rota."""
    mp = pytest.MonkeyPatch()
    db = tmp_path_factory.mktemp("incident") / "store.sqlite3"
    mp.setenv("KOLLEGASTOTTE_DB", str(db))
    mp.setenv("KOLLEGASTOTTE_TODAY", TODAY)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.button(key="sample_button").click().run()
    _ok(at)
    _plan(at)
    yield at, db
    mp.undo()


def _register(at: AppTest, wards: list[str], day: dt.date, clock: dt.time, people: list[str] = (),
              counts: dict[str, int] | None = None, defusing: bool = False) -> AppTest:
    _goto(at, "incident")
    at.multiselect(key="incident_wards").set_value(wards)
    at.date_input(key="incident_date").set_value(day)
    at.time_input(key="incident_time").set_value(clock)
    at.multiselect(key="incident_people").set_value(list(people))
    for profession, n in (counts or {}).items():
        at.number_input(key=f"incident_count_{profession}").set_value(n)
    if defusing:
        at.checkbox(key="incident_defusing").check()
    next(b for b in at.button if b.key.startswith("FormSubmitter:incident_form")).click().run()
    _ok(at)
    return at


def test_register_propose_pick_and_accept(coordinator):
    at, db = coordinator
    _register(at, ["N-MED1"], dt.date(2027, 1, 12), dt.time(14, 20), counts={"sykepleier": 3, "lege": 1},
              defusing=True)
    assert any("H-20270112-1420-1 er registrert" in s.value for s in at.success)
    assert not at.text_input and not at.text_area  # nothing typed freely
    picks = [s for s in at.selectbox if s.key.startswith("incident_pick_")]
    unplanned = [w for w in at.warning if "Ikke planlagt:" in w.value]
    assert len(picks) + len(unplanned) == 9  # defusing, first, follow-up × (a team of 2 nurses + 1 doctor)
    assert len(picks) >= 7 and all("grense" in w.value or "jobb" in w.value for w in unplanned)
    # pick an alternative (the proposal comes first): it is checked before it can be accepted
    pick = next(s for s in picks if len(s.options) >= 2)
    proposed = pick.value
    pick.select_index(1).run()
    _ok(at)
    alternative = at.selectbox(key=pick.key).value
    assert alternative != proposed
    accept = at.button(key="incident_accept_button")
    assert not accept.disabled, [e.value for e in at.error]
    accept.click().run()
    _ok(at)
    store = IncidentStore(db)
    (kept,) = store.incidents()
    assert kept.status == "accepted" and len(kept.contacts) == 9
    assert len([c for c in kept.contacts if c.supporter_id]) == len(picks)
    assert any(c.supporter_id == alternative for c in kept.contacts)  # the alternative picked
    assert [e.action for e in store.audit_log(actions=("incident_created", "incident_changed"))] == [
        "incident_changed", "incident_created"]
    assert next(b for b in at.get("download_button") if b.key == "dl_invitations").label == "Last ned invitasjoner (.ics)"


def test_invitations_and_the_burden_page_count_the_contacts(coordinator):
    at, db = coordinator
    store = IncidentStore(db)
    if not store.incidents():
        pytest.skip("needs the incident of the test before")
    from scheduler.outreach.files import invitations
    from scheduler.views.outreach import plan_of_stored

    (kept,) = store.incidents()
    instance = at.session_state["_instance_cache"][1]
    calendars = invitations(plan_of_stored(instance, kept.incident, kept.contacts))
    # one invitation per supporter with an accepted contact; how many different supporters the
    # time-limited proposal uses varies with the machine's load (6 or 7 here), at least the three
    # who meet the two groups at once
    assert set(calendars) == {c.supporter_id for c in kept.contacts if c.supporter_id}
    assert len(calendars) >= 3 and all(b"SUMMARY:Opps" in c for c in calendars.values())
    _goto(at, "burden")
    table = next(d.value for d in at.dataframe if "Kontakter" in d.value.columns)  # the contacts' table
    assert table["Kontakter"].sum() == len([c for c in kept.contacts if c.supporter_id])


def test_an_incident_given_by_employee_ids_never_shows_them_in_an_invitation(coordinator):
    at, db = coordinator
    ids = ["65404", "40866", "38944"]
    _register(at, ["S-NEV2"], dt.date(2027, 1, 20), dt.time(3, 10), people=ids)
    at.button(key="incident_accept_button").click().run()
    _ok(at)
    assert any(b.key == "dl_invitations" for b in at.get("download_button"))
    store = IncidentStore(db)
    stored = next(i for i in store.incidents() if i.incident.wards == ("S-NEV2",))
    from scheduler.outreach.files import invitations
    from scheduler.views.outreach import plan_of_stored

    instance = at.session_state["_instance_cache"][1]
    for data in invitations(plan_of_stored(instance, stored.incident, stored.contacts)).values():
        assert not any(eid.encode() in data for eid in ids)


def test_only_the_coordinator_has_the_page():
    from scheduler.access import PAGES, Role

    assert PAGES["incident"] == frozenset({Role.COORDINATOR})
