"""A supporter sets a contact's status from the link in their invitation, end to end in headless Chromium.

`scheduler outreach` plans the sample incidents with the app's public address set, so each
invitation carries the link to «Kontaktstatus»; the plan's contacts are in the store as the app keeps
them once accepted. A supporter — linked to their employee number in the role file — signs in at a
real OpenID Connect provider (tests/app/oidc_provider.py), opens the link from their invitation,
sees their own contacts of that incident and no one else's, sets one to «holdt» and enters a
conversations count; the store has the status and the count, and the audit log has both under
their id. Everything stays on 127.0.0.1 (the socket guard and the browser's route).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

import pandas as pd
import pytest
from browser_helpers import (
    ROOT,
    StreamlitServer,
    button,
    chromium_path,
    free_port,
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
pytest.importorskip("flask", reason="Flask (for the test's identity provider) is not installed")
expect = sync_api.expect

from oidc_provider import OpenIDProvider, User  # noqa: E402

DATA = ROOT / "data"
SECOND = 1000
TODAY = "2027-01-13"
CLIENT_ID, CLIENT_SECRET = "kollegastotte-test", secrets.token_urlsafe(24)
ANNE = User("u-anne", "anne@sykehus.no", "Anne Støtte")


def _plan_and_keep(tmp, app_url: str):
    """outreach.csv and invitations with the app's address; the contacts accepted in the store."""
    from icalendar import Calendar

    from scheduler.cli.main import main
    from scheduler.incidents import Incident
    from scheduler.store.incidents import StoredContact
    from scheduler.store.outcomes import OutcomeStore

    mp = pytest.MonkeyPatch()
    mp.setenv("KOLLEGASTOTTE_PUBLIC_URL", app_url)
    try:
        assert main(["outreach", str(DATA / "incidents.csv"), "--turnus", str(DATA / "turnus.csv"), "--supporters",
                     str(DATA / "supporters.csv"), "--wards", str(DATA / "wards.csv"), "--rules", str(DATA / "rules.toml"),
                     "--out", str(tmp / "outreach")]) == 0
    finally:
        mp.undo()
    table = pd.read_csv(tmp / "outreach" / "outreach.csv", dtype=str, keep_default_na=False)
    store = OutcomeStore(tmp / "store.sqlite3")
    for iid, rows in table.groupby("incident_id"):
        counts = {p: int(n) for p, n in rows.drop_duplicates("profession")[["profession", "people"]].values}
        store.add_incident("kari@sykehus.no", Incident(incident_id=iid, wards=tuple(rows["ward"].iloc[0].split(";")),
                                                      occurred=dt.datetime(2027, 1, 5, 10), involved_counts=counts), {})
        store.accept("kari@sykehus.no", iid, [
            StoredContact(iid, r.contact, r.profession, i, r.supporter_id, r.date, r.slot, r.start, r.end,
                          float(r.hours or 0), r.reason_code) for i, r in enumerate(rows.itertuples(index=False))])
    # a supporter with a first talk of H-2027-001, and the link in their invitation
    sid = table[(table["incident_id"] == "H-2027-001") & (table["contact"] == "first")
                & (table["supporter_id"] != "")]["supporter_id"].iloc[0]
    calendar = Calendar.from_ical((tmp / "outreach" / "invitations" / f"{sid}.ics").read_bytes())
    links = {str(e["url"]) for e in calendar.walk("VEVENT")}
    link = next(u for u in links if u.endswith("hendelse=H-2027-001"))
    return store, sid, link, table


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("contact_status")
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    store, sid, link, table = _plan_and_keep(tmp, app_url)
    provider = OpenIDProvider([ANNE], CLIENT_ID, CLIENT_SECRET, f"{app_url}/oauth2callback")
    provider.start()
    (tmp / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n', encoding="utf-8")
    (tmp / "roles.toml").write_text(f'[[grant]]\nsubject = "{ANNE.sub}"\nrole = "employee"\nemployee_id = "{sid}"\n',
                                    encoding="utf-8")
    guard_log = tmp / "guard.log"
    server = StreamlitServer(tmp / "store.sqlite3", tmp, guard_log=guard_log, env={
        "KOLLEGASTOTTE_TODAY": TODAY, "KOLLEGASTOTTE_ROLES": str(tmp / "roles.toml"),
        "KOLLEGASTOTTE_PUBLIC_URL": app_url, "STREAMLIT_SECRETS_FILES": str(tmp / "secrets.toml")})
    server.start(port=port)
    yield server, provider, store, sid, link, table
    server.stop()
    provider.stop()
    assert not guard_log.exists(), guard_log.read_text(encoding="utf-8")


def test_a_supporter_sets_a_status_from_the_link_in_their_invitation(world, chromium):
    server, provider, store, sid, link, table = world
    assert link.startswith(server.url + "/kontaktstatus?hendelse=")
    outside: list[str] = []
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO")  # on the phone
    context.set_default_timeout(30 * SECOND)
    context.route("**/*", only_local(outside))
    page = context.new_page()
    try:
        _journey(page, server, provider, store, sid, link, table)
    except BaseException:
        shot(page, "contact_status_failure")
        print(server.log_text()[-4000:])
        raise
    finally:
        context.close()
    assert outside == [], outside


def _pick(page, widget: str, option: str) -> None:
    """Choose an option of a keyed selectbox (typing it to find it)."""
    box = page.locator(f'.st-key-{widget} input[role="combobox"]').first
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()


def _journey(page, server, provider, store, sid, link, table) -> None:
    # the link before signing in: the sign-in page at that address, nothing else
    page.goto(link)
    expect(page.get_by_role("heading", name="Kollegastøtte – logg inn")).to_be_visible(timeout=60 * SECOND)
    button(page, "signin_default").click()
    expect(page).to_have_url(re.compile(f"^{re.escape(provider.issuer)}/authorize"), timeout=30 * SECOND)
    page.locator("#user").select_option(ANNE.sub)
    page.locator("#sign-in").click()
    expect(page).to_have_url(re.compile(f"^{re.escape(server.url)}/"), timeout=30 * SECOND)
    expect(page.get_by_text(f"Logget inn som {ANNE.name}")).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)
    # the link from the invitation again, now signed in: their contacts of that incident
    page.goto(link)
    expect(page.get_by_role("heading", name="Kontaktstatus og samtaler")).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)
    no_exception(page)
    expect(page.get_by_text("Viser kontaktene for hendelse H-2027-001.")).to_be_visible()
    mine = table[(table["incident_id"] == "H-2027-001") & (table["supporter_id"] == sid)]
    boxes = page.locator('[class*="st-key-contact_status_"] [data-testid="stSelectbox"]')
    expect(boxes).to_have_count(len(mine))
    expect(page.get_by_text("H-2027-002")).to_have_count(0)  # another incident's contacts are not shown here
    shot(page, "contact_status_01_from_the_invitation")
    first = page.locator(".st-key-contact_status_0")
    expect(first).to_contain_text("Første samtale")
    _pick(page, "contact_status_0", "holdt")
    page.get_by_role("button", name="Lagre status").click()
    expect(page.get_by_text("Lagret: 1 endret.")).to_be_visible(timeout=30 * SECOND)
    wait_idle(page)
    # the conversations count for December
    _pick(page, "conversations_month", "2026-12")
    count = page.locator(".st-key-conversations_count input")
    count.fill("3")
    count.press("Tab")
    page.get_by_role("button", name="Lagre antall").click()
    expect(page.get_by_text("Lagret: 3 samtaler i 2026-12.")).to_be_visible(timeout=30 * SECOND)
    no_exception(page)
    shot(page, "contact_status_02_saved")
    kept = {c.key: c.status for c in store.planned_contacts(sid)}
    row = mine[mine["contact"] == "first"].iloc[0]
    assert kept[("H-2027-001", "first", row["profession"])] == "held"
    assert sum(1 for s in kept.values() if s) == 1
    assert store.conversations(sid).values.tolist() == [[sid, "2026-12", 3]]
    log = [(e.actor, e.action) for e in store.audit_log(2)]
    assert log == [(ANNE.email, "conversations"), (ANNE.email, "contact_status")]
