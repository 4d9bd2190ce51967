"""The coordinator's «Hendelse» page in headless Chromium: register an incident on the sample data,
read the proposal, accept it and download the invitations — which never name those involved.

Same recipe as tests/app/test_browser.py (Debian's Chromium, Playwright from PyPI, every request to
anything but the test server refused); screenshots go to tests/app/artifacts/.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from browser_helpers import (
    StreamlitServer,
    button,
    chromium_path,
    go,
    key,
    no_exception,
    only_local,
    shot,
    wait_idle,
)

CHROMIUM = chromium_path()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (`chromium` on PATH, or $CHROMIUM)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (Python package) is not installed")
expect = sync_api.expect
SECOND = 1000
TODAY = "2027-01-13"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser_incident")
    srv = StreamlitServer(tmp / "store.sqlite3", tmp, env={"KOLLEGASTOTTE_TODAY": TODAY})
    srv.start()
    yield srv
    srv.stop()


def test_the_coordinator_registers_an_incident_and_sends_the_invitations(server, chromium):
    outside: list[str] = []

    context = chromium.new_context(viewport={"width": 1400, "height": 1400}, accept_downloads=True, locale="nb-NO")
    context.set_default_timeout(30 * SECOND)
    context.route("**/*", only_local(outside))
    page = context.new_page()
    try:
        _steps(server, page)
    except BaseException:
        shot(page, "incident_failure")
        print(server.log_text()[-4000:])
        raise
    finally:
        context.close()
    assert outside == [], outside


def _steps(server: StreamlitServer, page) -> None:
    page.goto(server.url)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading").first).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)
    button(page, "sample_button").click()
    expect(main.get_by_test_id("stExpander").first).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)

    go(page, "hendelse", "Oppsøkende kollegastøtte etter en hendelse")
    expect(main.get_by_text("Skriv aldri hva som skjedde", exact=False)).to_be_visible()
    # the form: a ward, the date and time, counts per profession; no field for what happened
    wards = page.locator(f'{key("incident_wards")} input').first
    wards.click()
    wards.fill("N-MED1")
    page.get_by_role("option", name=re.compile("N-MED1")).first.click()
    page.keyboard.press("Escape")
    # date and time are fields of segments (day, month, year; hours, minutes): type into each
    day = page.locator(f'{key("incident_date")} [role="spinbutton"]').first
    day.click()
    page.keyboard.type("12")
    page.keyboard.press("Escape")
    hours, minutes = (page.locator(f'{key("incident_time")} [role="spinbutton"]').nth(i) for i in (0, 1))
    hours.click()
    page.keyboard.type("14")
    minutes.click()
    page.keyboard.type("20")
    page.keyboard.press("Escape")
    expect(day).to_have_text("12")
    expect(hours).to_have_text("14")
    expect(minutes).to_have_text("20")
    nurses = page.locator(f'{key("incident_count_sykepleier")} input').first
    nurses.fill("3")
    nurses.press("Tab")
    expect(page.locator("textarea")).to_have_count(0)
    shot(page, "incident_01_form")
    main.get_by_role("button", name="Registrer og foreslå").click()
    expect(main.get_by_text(re.compile(r"^Hendelse H-20270112-1420-1 er registrert\.$"))).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)
    expect(main.get_by_role("heading", name="Forslag")).to_be_visible()
    picks = page.locator('[class*="st-key-incident_pick_"]')
    expect(picks.first).to_be_visible()
    assert picks.count() >= 3  # a team of two for the first talk, and the follow-up
    no_exception(page)
    shot(page, "incident_02_proposal", max_height=5000)

    button(page, "incident_accept_button").click()
    expect(main.get_by_role("heading", name="Godtatte kontakter")).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)
    with page.expect_download(timeout=60 * SECOND) as info:
        button(page, "dl_invitations").click()
    data = Path(info.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        calendars = {name: z.read(name) for name in z.namelist()}
    assert calendars and all(name.endswith(".ics") for name in calendars)
    assert all(b"BEGIN:VEVENT" in c and b"Hendelse H-20270112-1420-1" in c.replace(b"\r\n ", b"") for c in calendars.values())
    no_exception(page)
    shot(page, "incident_03_accepted", max_height=5000)

    from scheduler.store.incidents import IncidentStore

    store = IncidentStore(server.db_path)
    assert [e.action for e in store.audit_log(actions=("incident_created", "incident_changed"))] == [
        "incident_changed", "incident_created"]
