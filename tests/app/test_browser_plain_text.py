"""Names from files are text, never Markdown or HTML, on every page — proven in headless Chromium.

The payload world (tests/app/payload_world.py: ward ids and names, employee names and ids,
professions, a shift code, a slot name, a column header, phone numbers and file names carrying
`![x](http://127.0.0.9/…)`, `[klikk](…)`, `<img src=…>` and `**fet**`) is uploaded through the
file choosers, planned, published, and an incident registered and accepted on it. Then every page
is opened as the coordinator (the local user sees every page; tests/app/test_app_plain_text.py runs
the other roles' pages as each role), with the payload ward chosen where a page asks for a ward
and the selectboxes' lists opened. The test fails if the browser asked 127.0.0.9 for anything, or
if any `img`, `a`, `iframe` or `link` in the page or its frames points there.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import (
    StreamlitServer,
    button,
    chromium_path,
    go,
    key,
    no_exception,
    only_local,
    open_list,
    shot,
    wait_idle,
)
from payload_world import HOST, PAYLOAD_WARD, files

CHROMIUM = chromium_path()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (`chromium` on PATH, or $CHROMIUM)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (Python package) is not installed")
expect = sync_api.expect
SECOND = 1000
TODAY = "2027-01-13"
PAGES = [("last-opp", "Last opp turnus og kollegastøtter"), ("regler", "Regler"), ("planlegg", "Lag vaktplanen"),
         ("dekning", "Dekning på posten"), ("belastning", "Belastning per kollegastøtte"), ("eksport", "Last ned"),
         ("publiser", "Publiser vaktplanen"), ("hvem-ringer", "Hvem ringer jeg nå?"),
         ("logg", "Logg over publiseringer, hendelser og roller"), ("oppfolging", "Oppfølging av kollegastøttene over tid"),
         ("kollegastotte", "Historikk for én kollegastøtte"), ("rapport", "Rapport til ledelsen"),
         ("hendelse", "Oppsøkende kollegastøtte etter en hendelse")]
_POINTING_AT_HOST = """host => [...document.querySelectorAll('img, a, iframe, link, source, image, object, embed')]
  .filter(e => ['src', 'href', 'srcset', 'data', 'xlink:href'].some(a => (e.getAttribute(a) || '').toLowerCase()
  .replaceAll('\\\\', '/').includes(host)))
  .map(e => e.outerHTML.slice(0, 200))"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser_plain_text")
    srv = StreamlitServer(tmp / "store.sqlite3", tmp, env={"KOLLEGASTOTTE_TODAY": TODAY})
    srv.start()
    yield srv
    srv.stop()


def test_every_page_shows_markdown_and_html_in_names_as_text(server, chromium):
    outside: list[str] = []
    asked: list[str] = []
    context = chromium.new_context(viewport={"width": 1400, "height": 1400}, locale="nb-NO")
    context.set_default_timeout(30 * SECOND)
    context.route("**/*", only_local(outside))  # 127.0.0.9 too: noted, never fetched
    page = context.new_page()
    page.on("request", lambda r: asked.append(r.url) if HOST in r.url.replace("\\", "/") else None)
    try:
        _journey(page, server, asked)
        page.wait_for_timeout(300)  # a request for an image drawn last has started by now
    except BaseException:
        shot(page, "plain_text_failure")
        print(server.log_text()[-4000:])
        raise
    finally:
        context.close()
    assert asked == [], asked
    assert outside == [], outside


def _nothing_points_at_the_host(page, asked: list[str], where: str) -> None:
    """Nothing drawn points at the payload's host (the DOM, every frame), and nothing asked it so far
    (a request still to come is caught by the test's own check at the end: one wait, not one a step)."""
    wait_idle(page)
    pointing = [hit for frame in page.frames for hit in frame.evaluate(_POINTING_AT_HOST, HOST)]
    assert pointing == [], (where, pointing)
    assert asked == [], (where, asked)
    no_exception(page)


def _open_every_selectbox(page, asked: list[str], where: str) -> None:
    """Open each selectbox's list of options (they are drawn only then), and close it again."""
    boxes = page.get_by_test_id("stMain").locator('input[role="combobox"]')
    for i in range(min(boxes.count(), 8)):
        box = boxes.nth(i)
        if not box.is_enabled():
            continue
        assert open_list(page, box), f"{where}: list {i} did not open"
        _nothing_points_at_the_host(page, asked, f"{where}, list {i}")
        page.keyboard.press("Escape")


def _pick_ward(page, widget: str) -> None:
    box = page.locator(f'[class*="st-key-{widget}"] input[role="combobox"]').first
    box.click()
    box.fill("N-MED1")
    page.get_by_role("option", name=re.compile(re.escape(PAYLOAD_WARD))).first.click()
    wait_idle(page)


def _journey(page, server: StreamlitServer, asked: list[str]) -> None:
    main = page.get_by_test_id("stMain")
    page.goto(server.url)
    expect(page.get_by_role("heading", name="Last opp turnus og kollegastøtter")).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)
    for kind, (name, data) in files().items():
        page.locator(f'[class*="st-key-upload_{kind}_"] [data-testid="stFileUploaderDropzoneInput"]').first \
            .set_input_files([{"name": name, "mimeType": "text/plain", "buffer": data}])
        expect(page.locator(f'[class*="st-key-remove_{kind}_"]')).to_have_count(1, timeout=60 * SECOND)
        wait_idle(page)
    expect(main.get_by_text("turnus [klikk](http").first).to_be_visible()  # the file name, as text
    _nothing_points_at_the_host(page, asked, "upload")
    shot(page, "plain_text_01_upload", max_height=6000)

    go(page, "planlegg", "Lag vaktplanen")
    thumb = page.locator(f'{key("time_limit")} input[type="range"]')
    expect(thumb).to_have_value("30", timeout=60 * SECOND)
    thumb.focus()
    for _ in range(5):
        thumb.press("ArrowLeft")
    expect(thumb).to_have_value("5")
    measure = page.locator(f'{key("measure_limits")} input[type="checkbox"]')
    if measure.is_checked():
        page.locator(f'{key("measure_limits")} label').click()
    wait_idle(page)
    button(page, "plan_button").click()
    expect(page.get_by_role("heading", name="Resultat")).to_be_visible(timeout=180 * SECOND)
    _nothing_points_at_the_host(page, asked, "plan")

    go(page, "publiser", "Publiser vaktplanen")
    button(page, "publish_button").click()
    expect(main.get_by_text("Publisert som nr. 1.", exact=True)).to_be_visible(timeout=60 * SECOND)
    _nothing_points_at_the_host(page, asked, "publish")

    # an incident on the payload ward, with people counted by (payload) profession; accepted
    go(page, "hendelse", "Oppsøkende kollegastøtte etter en hendelse")
    wards = page.locator(f'{key("incident_wards")} input').first
    wards.click()
    wards.fill("N-MED1")
    page.get_by_role("option", name=re.compile(re.escape(PAYLOAD_WARD))).first.click()
    page.keyboard.press("Escape")
    nurses = main.get_by_test_id("stNumberInput").filter(has_text="sykepleier").locator("input").first
    nurses.fill("2")
    nurses.press("Tab")
    _nothing_points_at_the_host(page, asked, "incident form")
    main.get_by_role("button", name="Registrer og foreslå").click()
    expect(main.get_by_text(re.compile(r"^Hendelse H-\d{8}-\d{4}-\d+ er registrert\.$"))).to_be_visible(timeout=90 * SECOND)
    wait_idle(page)
    expect(page.locator('[class*="st-key-incident_pick_"]').first).to_be_visible(timeout=60 * SECOND)
    _open_every_selectbox(page, asked, "incident proposal")
    shot(page, "plain_text_02_incident", max_height=6000)
    button(page, "incident_accept_button").click()
    expect(main.get_by_role("heading", name="Godtatte kontakter")).to_be_visible(timeout=90 * SECOND)
    _nothing_points_at_the_host(page, asked, "incident accepted")

    for path, heading in PAGES:
        if path == "last-opp":  # the start page: its link is the app's own address
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Last opp turnus").click()
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60 * SECOND)
            wait_idle(page)
        else:
            go(page, path, heading)
        if path == "dekning":
            _pick_ward(page, "coverage_ward")
            expect(main.get_by_test_id("stTable").first).to_be_visible(timeout=60 * SECOND)
        if path == "hvem-ringer":
            _pick_ward(page, "call_ward")
            expect(main.locator(".ring")).to_be_visible(timeout=60 * SECOND)
        for expander in main.get_by_test_id("stExpander").all()[:12]:  # what is folded away is drawn too
            expander.locator("summary").first.click()
        _nothing_points_at_the_host(page, asked, path)
        _open_every_selectbox(page, asked, path)
        shot(page, f"plain_text_page_{path}", max_height=6000)
