"""Sign-in end to end in headless Chromium, against a real OpenID Connect provider started here.

The provider (tests/app/oidc_provider.py: Authlib's server side on Flask, on 127.0.0.1) serves
discovery, authorize, token, JWKS and userinfo; the app is configured for it exactly as for Entra
ID (an `[auth]` section in a secrets file) with a role file naming the coordinator by e-mail and
the managers of ward N-MED1 by a group in the ID token's `groups` claim. Then:

- the coordinator signs in at the provider, lands on the upload page with every page in the menu,
  uploads, plans and publishes; the publication is in the audit log under her e-mail; the
  printed notice carries a QR code to the call page of its ward and prints one page per week;
- a ward manager, by group, signs in and gets the coverage page of his ward only;
- an employee, on a phone, signs in and gets only "Hvem ringer jeg nå?": picks a ward and sees
  whom to call with a phone number; typing the address of another page shows him nothing else;
  he signs out and is back at the sign-in page;
- someone whose token carries the coordinator's e-mail, not verified by the provider, gets only
  the employee's page: roles are granted on verified e-mails, subjects and groups only.

The Streamlit server runs under the socket guard (tests/app/net_guard.py) and every browser context
refuses requests to anything but 127.0.0.1: the whole flow stays on this machine.
"""

from __future__ import annotations

import csv
import io
import re
import secrets

import pytest
from browser_helpers import (
    ROOT,
    StreamlitServer,
    button,
    chromium_path,
    free_port,
    go,
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
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
TODAY = "2027-01-13"
CLIENT_ID, CLIENT_SECRET = "kollegastotte-test", secrets.token_urlsafe(24)
USERS = [User("u-kari", "kari@sykehus.no", "Kari Koordinator"),
         User("u-per", "per@sykehus.no", "Per Leder", groups=("ledere-med1", "alle-ansatte")),
         User("u-anne", "anne@sykehus.no", "Anne Ansatt", groups=("alle-ansatte",)),
         # the coordinator's address, but the provider did not verify it: no role is granted on it
         User("u-mallory", "kari@sykehus.no", "Mallory Uverifisert", email_verified=False)]
ROLES = """
[[grant]]
email = "kari@sykehus.no"
role = "coordinator"

[[grant]]
group = "ledere-med1"
role = "manager"
wards = ["N-MED1"]
"""


def supporters_with_phones() -> bytes:
    rows = list(csv.reader(io.StringIO((DATA / "supporters.csv").read_text(encoding="utf-8"))))
    keep = [j for j, column in enumerate(rows[0]) if column != "phone"]  # the sample's own numbers give way
    rows = [[row[j] for j in keep] for row in rows]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*rows[0], "phone"])
    for i, row in enumerate(rows[1:]):
        writer.writerow([*row, f"6{1000 + i:04d}"])
    return out.getvalue().encode()


@pytest.fixture(scope="module")
def signin_world(tmp_path_factory):
    """The provider, and the app configured for it (secrets, role file, public address), under the guard."""
    tmp = tmp_path_factory.mktemp("signin")
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    provider = OpenIDProvider(USERS, CLIENT_ID, CLIENT_SECRET, f"{app_url}/oauth2callback")
    provider.start()
    (tmp / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n', encoding="utf-8")
    (tmp / "roles.toml").write_text(ROLES, encoding="utf-8")
    (tmp / "supporters.csv").write_bytes(supporters_with_phones())
    guard_log = tmp / "guard.log"
    server = StreamlitServer(tmp / "store.sqlite3", tmp, guard_log=guard_log, env={
        "KOLLEGASTOTTE_TODAY": TODAY, "KOLLEGASTOTTE_ROLES": str(tmp / "roles.toml"),
        "KOLLEGASTOTTE_PUBLIC_URL": app_url, "KOLLEGASTOTTE_FALLBACK_PHONE": "22 11 80 00",
        "STREAMLIT_SECRETS_FILES": str(tmp / "secrets.toml")})
    server.start(port=port)
    yield server, provider, tmp
    server.stop()
    provider.stop()
    assert not guard_log.exists(), guard_log.read_text(encoding="utf-8")


def test_two_roles_sign_in_at_a_real_provider_and_see_different_pages(signin_world, chromium):
    server, provider, tmp = signin_world
    outside: list[str] = []

    pages = []

    def new_page(viewport):
        context = chromium.new_context(viewport=viewport, accept_downloads=True, locale="nb-NO")
        context.set_default_timeout(30 * SECOND)
        context.route("**/*", only_local(outside))
        pages.append(context.new_page())
        return pages[-1]

    try:
        _journey(server, provider, tmp, new_page)
    except BaseException:
        if pages:
            shot(pages[-1], "signin_failure")
        print(server.log_text()[-4000:])
        raise
    finally:
        for page in pages:
            page.context.close()
    assert outside == [], outside


def _sign_in(page, server: StreamlitServer, provider: OpenIDProvider, user: User, path: str = "") -> None:
    """Open the app, press «Logg inn», pick the user at the provider, and come back signed in."""
    page.goto(f"{server.url}/{path}")
    expect(page.get_by_role("heading", name="Kollegastøtte – logg inn")).to_be_visible(timeout=60 * SECOND)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # nothing but the sign-in page
    expect(page.get_by_text("Page not found")).to_have_count(0)  # also at another page's address (a QR code)
    button(page, "signin_default").click()
    expect(page).to_have_url(re.compile(f"^{re.escape(provider.issuer)}/authorize"), timeout=30 * SECOND)
    page.locator("#user").select_option(user.sub)
    page.locator("#sign-in").click()
    expect(page).to_have_url(re.compile(f"^{re.escape(server.url)}/"), timeout=30 * SECOND)
    expect(page.get_by_text(f"Logget inn som {user.name}")).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)
    assert provider.signed_in[-1] == user.email


def _menu(page) -> list[str]:
    nav = page.get_by_test_id("stSidebarNav")
    if nav.count() == 0:
        return []
    return [a.inner_text().strip().splitlines()[-1] for a in nav.locator("a").all()]  # the label, not the icon


def _journey(server: StreamlitServer, provider: OpenIDProvider, tmp, new_page) -> None:
    from scheduler.report.call_now import call_page_url, qr_svg
    from scheduler.store.publications import PublicationStore

    # === the coordinator ===============================================================================
    page = new_page(DESKTOP)
    _sign_in(page, server, provider, USERS[0])
    main = page.get_by_test_id("stMain")
    expect(page.get_by_role("heading", name="Last opp turnus og kollegastøtter")).to_be_visible()
    assert _menu(page) == ["Last opp turnus", "Regler", "Lag vaktplan", "Dekning (ledere)", "Belastning (koordinator)",
                           "Last ned", "Publiser", "Hvem ringer jeg nå?", "Logg (koordinator)", "Oppfølging (koordinator)",
                           "Én kollegastøtte (koordinator)", "Rapport til ledelsen", "Hendelse (koordinator)",
                           "Kontaktstatus og samtaler", "Hvor lære opp? (koordinator)"]
    expect(page.get_by_text("Innlogging er ikke satt opp")).to_have_count(0)
    no_exception(page)
    shot(page, "signin_01_coordinator_signed_in")

    for kind, path in (("turnus", DATA / "turnus.csv"), ("supporters", tmp / "supporters.csv"),
                       ("wards", DATA / "wards.csv")):
        page.locator(f'[class*="st-key-upload_{kind}_"] [data-testid="stFileUploaderDropzoneInput"]').first \
            .set_input_files(str(path))
        expect(page.locator(f'[class*="st-key-remove_{kind}_"]')).to_have_count(1, timeout=60 * SECOND)
        wait_idle(page)
    go(page, "planlegg", "Lag vaktplanen")
    thumb = page.locator('.st-key-time_limit input[type="range"]')
    expect(thumb).to_have_value("30", timeout=60 * SECOND)
    thumb.focus()
    for _ in range(5):
        thumb.press("ArrowLeft")
    measure = page.locator('.st-key-measure_limits input[type="checkbox"]')
    if measure.is_checked():
        page.locator(".st-key-measure_limits label").click()
    wait_idle(page)
    button(page, "plan_button").click()
    expect(page.get_by_role("heading", name="Resultat")).to_be_visible(timeout=120 * SECOND)
    wait_idle(page)
    go(page, "publiser", "Publiser vaktplanen")
    button(page, "publish_button").click()
    expect(main.get_by_text("Publisert som nr. 1.", exact=True)).to_be_visible(timeout=30 * SECOND)
    wait_idle(page)
    store = PublicationStore(server.db_path)
    (published,) = store.audit_log(actions=("publish",))
    assert (published.actor, published.object_id) == ("kari@sykehus.no", "1")
    go(page, "logg", "Logg over publiseringer, hendelser og roller")
    expect(main.get_by_test_id("stDataFrame").first).to_be_visible()
    shot(page, "signin_02_coordinator_audit_log")

    # the notice: phones, and on every weekly page a QR code that opens the call page of its ward
    go(page, "dekning", "Dekning på posten")
    with page.expect_download(timeout=60 * SECOND) as info:
        button(page, "dl_notice_coverage").click()
    notice_path = tmp / "notice.html"
    notice_path.write_bytes(open(info.value.path(), "rb").read())
    notice = notice_path.read_text(encoding="utf-8")
    ward = re.search(r"<title>Kollegastøtte – (.*?)</title>", notice)
    assert ward and "tel:6" in notice and "tlf. <a class='tlf' href='tel:22118000'>" in notice
    first_ward = sorted(PublicationStore(server.db_path).latest().tables["assignments"]["ward"].astype(str))[0]
    code = qr_svg(call_page_url(server.url, first_ward), "Skann: hvem ringer jeg nå?")
    assert notice.count(code) == 8  # eight weeks, eight printed pages, a QR code on each
    printer = new_page(DESKTOP)
    printer.set_content(notice)
    pdf = printer.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 8  # one A4 page per week
    printer.close()

    # === a ward manager, by a group in his ID token =====================================================
    manager = new_page(DESKTOP)
    _sign_in(manager, server, provider, USERS[1])
    expect(manager.get_by_role("heading", name="Dekning på posten")).to_be_visible()
    assert _menu(manager) == ["Dekning (ledere)", "Hvem ringer jeg nå?"]
    box = manager.locator('[class*="st-key-coverage_ward"] input[role="combobox"]').first
    box.click()
    options = [o.inner_text() for o in manager.get_by_role("option").all()]
    assert len(options) == 2 and options[0] == "Alle mine poster" and options[1].startswith("N-MED1"), options
    manager.keyboard.press("Escape")
    shot(manager, "signin_03_manager_one_ward")
    # his start page has its own address too (it was served at `/` only: «Page not found»)
    manager.goto(f"{server.url}/dekning")
    expect(manager.get_by_role("heading", name="Dekning på posten")).to_be_visible(timeout=60 * SECOND)
    wait_idle(manager)
    expect(manager.get_by_text("Page not found")).to_have_count(0)

    # === an employee, on a phone ========================================================================
    phone = new_page(PHONE)
    _sign_in(phone, server, provider, USERS[2], path="hvem-ringer?post=N-MED1")
    pmain = phone.get_by_test_id("stMain")
    expect(phone.get_by_role("heading", name="Hvem ringer jeg nå?")).to_be_visible()
    assert _menu(phone) == []  # one page: no menu at all
    # the QR code's page and ward survive the sign-in: no ward to pick again, no «Page not found»
    expect(phone).to_have_url(re.compile(r"/hvem-ringer\?(.*&)?post=N-MED1"), timeout=30 * SECOND)
    wait_idle(phone)
    expect(phone.locator('[class*="st-key-call_ward"] input[role="combobox"]').first).to_have_value(
        re.compile("^N-MED1"), timeout=30 * SECOND)
    expect(phone.get_by_text("Page not found")).to_have_count(0)
    card = pmain.locator(".ring")
    expect(card).to_be_visible(timeout=30 * SECOND)
    expect(card.get_by_text("I dag og i natt – onsdag 13.01.")).to_be_visible()
    expect(card.locator("a.tlf[href^='tel:6']").first).to_be_visible()
    bounds = card.bounding_box()
    assert bounds and bounds["width"] <= PHONE["width"], bounds  # no sideways scrolling on a phone
    assert "post=N-MED1" in phone.url
    no_exception(phone)
    shot(phone, "signin_04_employee_who_do_i_call")
    # the address of a page the employee may not see refuses, and shows nothing of it
    phone.goto(f"{server.url}/publiser")
    expect(phone.get_by_text("Du har ikke tilgang til denne siden med rollen din.")).to_be_visible(timeout=60 * SECOND)
    wait_idle(phone)
    expect(phone.get_by_role("heading", name="Publiser vaktplanen")).to_have_count(0)
    expect(phone.locator(".st-key-publish_button")).to_have_count(0)
    expect(phone.get_by_text("Page not found")).to_have_count(0)
    # signed in, the QR code's address opens the call page itself: no «Page not found» box over it
    phone.goto(f"{server.url}/hvem-ringer?post=N-MED1")
    expect(phone.get_by_role("heading", name="Hvem ringer jeg nå?")).to_be_visible(timeout=60 * SECOND)
    wait_idle(phone)
    expect(phone.get_by_text("Page not found")).to_have_count(0)
    # the next visit opens on the ward he picked
    phone.goto(f"{server.url}/")
    expect(phone.get_by_role("heading", name="Hvem ringer jeg nå?")).to_be_visible(timeout=60 * SECOND)
    wait_idle(phone)
    expect(phone.locator('[class*="st-key-call_ward"] input[role="combobox"]').first).to_have_value(
        re.compile("^N-MED1"), timeout=30 * SECOND)
    # sign out: back to the sign-in page
    phone.get_by_test_id("stExpandSidebarButton").click()
    button(phone, "sign_out").click()
    expect(phone.get_by_role("heading", name="Kollegastøtte – logg inn")).to_be_visible(timeout=60 * SECOND)
    shot(phone, "signin_05_employee_signed_out")

    # === the coordinator's e-mail, unverified: an employee only ===========================================
    mallory = new_page(DESKTOP)
    _sign_in(mallory, server, provider, USERS[3])
    expect(mallory.get_by_role("heading", name="Hvem ringer jeg nå?")).to_be_visible()
    assert _menu(mallory) == []
    mallory.goto(f"{server.url}/logg")
    expect(mallory.get_by_text("Du har ikke tilgang til denne siden med rollen din.")).to_be_visible(timeout=60 * SECOND)
    expect(mallory.get_by_role("heading", name="Logg over publiseringer, hendelser og roller")).to_have_count(0)
    # role changes are logged under the verified e-mail; the unverified one's first sign-in as an employee is not
    assert sorted(e.object_id for e in store.audit_log(actions=("role_change",))) == ["kari@sykehus.no", "per@sykehus.no"]
