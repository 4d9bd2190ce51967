"""Text from files is shown as text on every page (AppTest; the proof in a browser is
tests/app/test_browser_plain_text.py).

The payload world (tests/app/payload_world.py) puts Markdown and HTML in ward ids and names, employee
names and ids, professions, a shift code, a slot name, a column header, phone numbers and the file
names. It is uploaded, planned, published and an incident registered on it; then every page is
run as the coordinator, and the pages of the other roles as each of them. No string any page
draws as Markdown (text, captions, alerts, labels, metric labels, expander titles, radio options,
table cells) holds a payload unescaped, and no HTML a page draws holds a tag pointing at it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from payload_world import DOCTOR, HOST, NURSE, PAYLOAD_WARD, files, unescaped
from streamlit.testing.v1 import AppTest
from test_app import APP, _goto, _ok, _plan, _upload
from test_app_access import SECRETS, _menu

TODAY = "2027-01-13"
PAGES = ["upload", "rules", "plan", "coverage", "burden", "export", "publish", "who", "audit", "followup", "supporter",
         "report", "incident", "contact_status", "whatif"]
_MARKDOWN_KINDS = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader", "toast")
_LABELLED = ("button", "download_button", "selectbox", "multiselect", "number_input", "checkbox", "toggle", "radio",
             "slider", "select_slider", "date_input", "time_input", "text_input", "text_area", "page_link", "pills",
             "segmented_control", "file_uploader", "metric", "expander", "tabs")
_TAG = re.compile(rf"<(img|a|iframe|link|script)\b[^>]*{re.escape(HOST)}", re.IGNORECASE)


def drawn(at: AppTest) -> list[tuple[str, str]]:
    """(element, text) for every string this run draws as Markdown."""
    out: list[tuple[str, str]] = []
    for kind in _MARKDOWN_KINDS:
        out += [(kind, str(e.value)) for e in at.get(kind)]
    for kind in _LABELLED:
        for e in at.get(kind):
            for field in ("label", "help"):
                out.append((f"{kind}.{field}", str(getattr(e, field, "") or "")))
            if kind == "metric":
                out.append(("metric.value", str(e.value)))
            if kind == "radio":
                out += [("radio.option", str(o)) for o in e.options]
    for table in at.table:
        frame = table.value
        out += [("table.header", str(c)) for c in frame.columns]
        out += [("table.cell", str(v)) for v in frame.to_numpy().ravel()]
    return out


def assert_plain(at: AppTest, where: str) -> None:
    _ok(at)
    bad = [(kind, text[:160], found) for kind, text in drawn(at) if (found := unescaped(text))]
    assert not bad, (where, bad)
    html = [str(getattr(e.proto, "body", "")) for e in at.get("html")]
    assert not [h[:200] for h in html if _TAG.search(h)], where


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The payload world uploaded, planned and published by the local user, with an incident."""
    tmp = tmp_path_factory.mktemp("plain_text")
    mp = pytest.MonkeyPatch()
    mp.setenv("KOLLEGASTOTTE_DB", str(tmp / "store.sqlite3"))
    mp.setenv("KOLLEGASTOTTE_TODAY", TODAY)
    mp.setenv("KOLLEGASTOTTE_ROLES", str(tmp / "roles.toml"))
    (tmp / "roles.toml").write_text(
        '[[grant]]\nemail = "kari@sykehus.no"\nrole = "coordinator"\n\n'
        f'[[grant]]\nemail = "ola@sykehus.no"\nrole = "rostering"\nwards = ["{PAYLOAD_WARD}", "N-MED2"]\n\n'
        f'[[grant]]\nemail = "per@sykehus.no"\nrole = "manager"\nwards = ["{PAYLOAD_WARD}"]\n', encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    for kind, (name, data) in files().items():
        _upload(at, kind, [(name, data)])
    assert_plain(at, "upload")
    _plan(at)
    assert_plain(at, "plan")
    _goto(at, "publish")
    at.button(key="publish_button").click().run()
    assert_plain(at, "publish")
    _goto(at, "incident")
    at.multiselect(key="incident_wards").set_value([PAYLOAD_WARD])
    at.date_input(key="incident_date").set_value(dt.date(2027, 1, 12))
    at.time_input(key="incident_time").set_value(dt.time(14, 20))
    at.number_input(key=f"incident_count_{NURSE}").set_value(2)
    at.number_input(key=f"incident_count_{DOCTOR}").set_value(1)
    next(b for b in at.button if b.key.startswith("FormSubmitter:incident_form")).click().run()
    assert any("er registrert" in s.value for s in at.success), [e.value for e in at.error]
    assert_plain(at, "incident")
    yield at
    mp.undo()


def test_every_page_shows_the_names_from_files_as_text_to_the_coordinator(world):
    at = world
    for page in PAGES:
        _goto(at, page)
        assert_plain(at, page)
    _goto(at, "coverage")
    at.selectbox(key="coverage_ward__no").set_value(PAYLOAD_WARD).run()
    assert_plain(at, "coverage, the payload ward")
    assert at.table, "one ward: the uncovered shifts as a table of Markdown cells"
    _goto(at, "who")
    at.selectbox(key="call_ward__no").set_value(PAYLOAD_WARD).run()
    assert_plain(at, "who, the payload ward")
    _goto(at, "incident")
    assert [s for s in at.selectbox if s.key.startswith("incident_pick_")], "the proposal, with its labels"


@pytest.mark.parametrize("role", ["rostering", "manager", "employee"])
def test_the_other_roles_pages_show_the_names_as_text(world, role):
    people = {"rostering": "ola@sykehus.no", "manager": "per@sykehus.no", "employee": "anne@sykehus.no"}
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets = SECRETS
    at.user = {"is_logged_in": True, "sub": f"u-{role}", "email": people[role], "email_verified": True,
               "name": f"{role} [klikk](http://{HOST}/navn)"}
    at.query_params["post"] = PAYLOAD_WARD
    at.run()
    assert_plain(at, f"{role}: landing page")
    for page in _menu(at):
        _goto(at, page)
        assert_plain(at, f"{role}: {page}")
