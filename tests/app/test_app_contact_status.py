"""The «Kontaktstatus» page driven by AppTest: a supporter linked to their employee number sets the
status of their own contacts and enters a conversations count; they never see or set another's; a
person not linked sees nothing (fail closed); the coordinator sets any; every change is audited; the
report page shows the outcome."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, _goto, _ok

from scheduler.incidents import Incident
from scheduler.store.incidents import StoredContact
from scheduler.store.outcomes import OutcomeStore
from scheduler.store.supervision import SupervisionStore

SECRETS = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "k" * 32,
                    "client_id": "kollegastotte", "client_secret": "hemmelig",
                    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}
ROLES = """
[[grant]]
email = "kari@sykehus.no"
role = "coordinator"

[[grant]]
subject = "u-anne"
role = "employee"
employee_id = "s2"
"""
PEOPLE = {
    "coordinator": {"sub": "u-kari", "email": "kari@sykehus.no", "email_verified": True, "name": "Kari Koordinator"},
    "supporter": {"sub": "u-anne", "email": "anne@sykehus.no", "email_verified": True, "name": "Anne Støtte"},
    "employee": {"sub": "u-per", "email": "per@sykehus.no", "email_verified": True, "name": "Per Ansatt"},
}
TODAY = "2027-01-13"


def contacts(iid: str, first: str, follow: str) -> list[StoredContact]:
    """s1 and s2 meet three nurses first; s1 alone does the follow-up."""
    return [StoredContact(iid, "first", "sykepleier", 0, "s1", first, "dag", f"{first}T08:00", f"{first}T15:00", 1.0),
            StoredContact(iid, "first", "sykepleier", 1, "s2", first, "dag", f"{first}T08:00", f"{first}T15:00", 1.0),
            StoredContact(iid, "follow_up", "sykepleier", 0, "s1", follow, "dag", f"{follow}T08:00", f"{follow}T15:00", 1.0)]


@pytest.fixture
def world(tmp_path, monkeypatch) -> OutcomeStore:
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "store.sqlite3"))
    monkeypatch.setenv("KOLLEGASTOTTE_ROLES", str(tmp_path / "roles.toml"))
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", TODAY)
    (tmp_path / "roles.toml").write_text(ROLES, encoding="utf-8")
    store = OutcomeStore(tmp_path / "store.sqlite3")
    for iid, day in (("H-1", dt.datetime(2027, 1, 5, 10)), ("H-2", dt.datetime(2027, 1, 8, 22))):
        store.add_incident("kari@sykehus.no", Incident(incident_id=iid, wards=("N-MED1",), occurred=day,
                                                      involved_counts={"sykepleier": 3}), {})
    store.accept("kari@sykehus.no", "H-1", contacts("H-1", "2027-01-06", "2027-02-02"))
    store.accept("kari@sykehus.no", "H-2", contacts("H-2", "2027-01-09", "2027-02-05")[2:])  # s1 only
    return store


def _as(who: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets = SECRETS
    at.user = {"is_logged_in": True, **PEOPLE[who]}
    at.query_params.update(query or {})
    at.run()
    _ok(at)
    return at


def _menu(at: AppTest) -> list[str]:
    """The pages in this person's menu; the start page (`/`, hidden) is the role's first page again."""
    files = [p for p in at._registered_pages.values() if Path(p.get("script_path") or "").parent.name == "app_pages"]
    addressed = {p["script_path"] for p in files if p.get("url_pathname")}
    return [Path(p["script_path"]).stem for p in files if p.get("url_pathname") or p["script_path"] not in addressed]


def _status_boxes(at: AppTest) -> list:
    return [s for s in at.selectbox if s.key.startswith("contact_status_")]


def test_a_supporter_sets_the_status_of_their_own_contact_and_it_is_audited(world):
    at = _as("supporter")
    assert _menu(at) == ["who", "contact_status"]
    _goto(at, "contact_status")
    boxes = _status_boxes(at)
    assert len(boxes) == 1 and "Første samtale" in boxes[0].label and "H-1" in boxes[0].label  # only their own
    boxes[0].set_value("held")
    at.button(key="FormSubmitter:contact_status_form-Lagre status").click().run()
    _ok(at)
    assert any("1 endret" in s.value for s in at.success)
    assert [(c.incident_id, c.contact, c.status) for c in world.planned_contacts()] == [
        ("H-1", "first", "held"), ("H-1", "follow_up", ""), ("H-2", "follow_up", "")]
    row = world.audit_log(1)[0]
    assert (row.actor, row.action, row.object_id, row.detail) == ("anne@sykehus.no", "contact_status", "H-1", "first:held")


def test_a_supporter_enters_a_conversations_count_never_text(world):
    at = _goto(_as("supporter"), "contact_status")
    assert not at.text_input and not at.text_area  # no field takes text
    at.selectbox(key="conversations_month").set_value("2026-12")
    at.number_input(key="conversations_count").set_value(4)
    at.button(key="FormSubmitter:conversations_form-Lagre antall").click().run()
    _ok(at)
    assert world.conversations().values.tolist() == [["s2", "2026-12", 4]]
    assert world.audit_log(1)[0].action == "conversations"
    assert not any(s.key == "conversations_who" for s in at.selectbox)  # a supporter counts only their own


def test_the_invitations_link_opens_the_incidents_contacts(world):
    at = _as("supporter", {"hendelse": "H-1"})
    _goto(at, "contact_status")
    assert any("hendelse H-1" in c.value for c in at.caption)
    other = _goto(_as("supporter", {"hendelse": "H-2"}), "contact_status")  # not on H-2's team: their own, not H-2's
    assert any("ingen kontakter for hendelse H-2" in c.value for c in other.caption)
    assert all("H-2" not in b.label for b in _status_boxes(other))


def test_someone_not_linked_to_an_employee_number_sees_nothing(world):
    at = _as("employee")
    assert _menu(at) == ["who"]
    alone = AppTest.from_file(str(Path(APP).parent / "app_pages" / "contact_status.py"), default_timeout=60)
    alone.secrets, alone.user = SECRETS, {"is_logged_in": True, **PEOPLE["employee"]}
    alone.run()
    assert [e.value for e in alone.error] == ["Du har ikke tilgang til denne siden med rollen din."]
    assert not _status_boxes(alone) and not alone.get("number_input")


def test_the_coordinator_sets_any_contact_and_anyones_count(world):
    at = _goto(_as("coordinator"), "contact_status")
    boxes = _status_boxes(at)
    assert len(boxes) == 3
    boxes[2].set_value("declined")
    at.button(key="FormSubmitter:contact_status_form-Lagre status").click().run()
    _ok(at)
    assert world.planned_contacts()[2].status == "declined"
    at.selectbox(key="conversations_who").set_value("s1")
    at.number_input(key="conversations_count").set_value(2)
    at.button(key="FormSubmitter:conversations_form-Lagre antall").click().run()
    assert world.conversations().values.tolist() == [["s1", "2027-01", 2]]


def test_the_report_page_shows_the_outcomes(world):
    world.set_status("kari@sykehus.no", "H-1", "first", "sykepleier", "held")
    at = _as("coordinator")
    _goto(at, "report")
    page = at.get("iframe")[0].proto.srcdoc if at.get("iframe") else ""
    assert "Oppsøkende kontakter og utfall" in page and "Resultater" in page


def test_the_report_page_makes_the_outcomes_again_only_when_the_counts_change(world, monkeypatch):
    """Issue 25: the outcomes were made from a year's publications on every run of the page (0.8–1.0
    s at a trust-year); now again only when a status, a count or a publication changed."""
    import scheduler.report.leadership_outcomes as outcomes

    made, real = [], outcomes.build_outcomes
    monkeypatch.setattr(outcomes, "build_outcomes", lambda *a, **kw: made.append(1) or real(*a, **kw))
    at = _goto(_as("coordinator"), "report")
    first = len(made)
    assert first >= 1
    at.run()
    _ok(at)
    assert len(made) == first, "nothing changed: the outcomes are not made again"
    world.set_status("kari@sykehus.no", "H-1", "first", "sykepleier", "declined")
    at.run()
    _ok(at)
    assert len(made) == first + 1, "a status changed: the outcomes are made again"


def test_contacts_older_than_90_days_are_shown_on_request(world, monkeypatch):
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", "2027-06-01")
    at = _goto(_as("coordinator"), "contact_status")
    assert _status_boxes(at) == []
    at.checkbox(key="contact_status_older").check().run()
    _ok(at)
    assert len(_status_boxes(at)) == 3


def test_the_coordinator_records_a_supervision_meetings_attendance_as_a_number(world):
    at = _goto(_as("coordinator"), "contact_status")
    assert not at.text_input and not at.text_area  # no field takes text
    at.date_input(key="supervision_date").set_value(dt.date(2027, 1, 12))
    at.selectbox(key="supervision_start").set_value("09:00")
    at.number_input(key="supervision_attended").set_value(7)
    at.button(key="FormSubmitter:supervision_form-Lagre fremmøte").click().run()
    _ok(at)
    assert SupervisionStore(world.path).attendance().values.tolist() == [["2027-01-12", "09:00", "", 7]]
    row = world.audit_log(1)[0]
    assert (row.actor, row.action, row.object_id, row.detail) == (
        "kari@sykehus.no", "supervision_attendance", "veiledning:2027-01-12T09:00", "7")
    assert not _goto(_as("supporter"), "contact_status").get("date_input")  # the coordinator's alone
