"""Issue 23 in headless Chromium: the app walked again as every role — page addresses, the phone
menu, the call page one tap from the start, the manager's week on a 1400 px screen.

Each test function starts from a fresh browser context against one module server (local user,
the bundled sample loaded: KOLLEGASTOTTE_SAMPLE=1). Recipe and locators as in tests/app/test_browser.py.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import (
    StreamlitServer,
    button,
    chromium_path,
    no_exception,
    only_local,
    shot,
    type_into_cell,
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
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
TODAY = "2027-01-13"
HEADINGS = {"last-opp": "Last opp turnus og kollegastøtter", "dekning": "Dekning på posten",
            "hvem-ringer": "Hvem ringer jeg nå?", "planlegg": "Lag vaktplanen"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("walk")
    srv = StreamlitServer(tmp / "store.sqlite3", tmp, env={"KOLLEGASTOTTE_TODAY": TODAY, "KOLLEGASTOTTE_SAMPLE": "1"})
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def new_page(chromium, server):
    contexts, outside = [], []

    def make(viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, locale="nb-NO")
        context.set_default_timeout(30 * SECOND)
        context.route("**/*", only_local(outside))
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert outside == [], outside


def _open(page, server, path: str, heading: str) -> None:
    page.goto(f"{server.url}/{path}")
    expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)


def test_bug1_every_page_has_its_own_address_also_the_start_page(server, new_page):
    """`/last-opp` (the local user's start page), `/dekning` and the QR code's `/hvem-ringer?post=…`
    open their page without Streamlit's «Page not found» box; `/` opens the start page."""
    page = new_page()
    for path in ("last-opp", "dekning", "hvem-ringer?post=N-MED1"):
        _open(page, server, path, HEADINGS[path.split("?")[0]])
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_text("Running the app's main page")).to_have_count(0)
        no_exception(page)
    assert "/hvem-ringer?post=N-MED1" in page.url
    _open(page, server, "", HEADINGS["last-opp"])
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_bug9_the_call_page_is_one_big_tap_from_the_start_on_a_phone(server, new_page):
    page = new_page(PHONE)
    _open(page, server, "", HEADINGS["last-opp"])
    link = page.locator(".st-key-call_now_link a").first
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box and box["height"] >= 48 and box["width"] >= PHONE["width"] * 0.75, box  # a big target
    assert box["y"] < PHONE["height"] / 2  # at the top, no scrolling
    shot(page, "walk_phone_start")
    link.click()
    expect(page.get_by_role("heading", name=HEADINGS["hvem-ringer"], exact=True)).to_be_visible(timeout=30 * SECOND)
    assert "/hvem-ringer" in page.url


def test_bug9_the_phone_menu_closes_after_choosing_a_page(server, new_page):
    page = new_page(PHONE)
    _open(page, server, "last-opp", HEADINGS["last-opp"])
    page.get_by_test_id("stExpandSidebarButton").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    page.locator('[data-testid="stSidebarNav"] a[href$="/planlegg"]').click()
    expect(page.get_by_role("heading", name=HEADINGS["planlegg"], exact=True)).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)
    expect(sidebar).to_have_attribute("data-collapsed", "true", timeout=10 * SECOND)
    heading = page.get_by_role("heading", name=HEADINGS["planlegg"], exact=True).bounding_box()
    assert heading and heading["x"] >= 0
    no_exception(page)
    shot(page, "walk_phone_menu_closed")


def _plan_in_browser(page, server, seconds: int = 5) -> None:
    """Make a plan of the sample in this session (the plan page's slider at `seconds`, no limit measuring)."""
    _open(page, server, "planlegg", HEADINGS["planlegg"])
    thumb = page.locator('.st-key-time_limit input[type="range"]')
    thumb.focus()
    for _ in range(max(0, (30 - seconds) // 5)):
        thumb.press("ArrowLeft")
    measure = page.locator('.st-key-measure_limits input[type="checkbox"]')
    if measure.is_checked():
        page.locator(".st-key-measure_limits label").click()
    wait_idle(page)
    button(page, "plan_button").click()
    expect(page.get_by_role("heading", name="Resultat")).to_be_visible(timeout=120 * SECOND)
    wait_idle(page)


def test_bug7_the_managers_week_fits_a_1400_px_screen_and_says_date_not_day(server, new_page):
    page = new_page(DESKTOP)
    _plan_in_browser(page, server)
    page.locator('[data-testid="stSidebarNav"] a[href$="/dekning"]').click()
    expect(page.get_by_role("heading", name=HEADINGS["dekning"], exact=True)).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)
    box = page.locator('[class*="st-key-coverage_ward"] input[role="combobox"]').first
    box.click()
    box.fill("N-MED1")
    page.get_by_role("option", name=re.compile("^N-MED1")).first.click()
    wait_idle(page)
    table = page.locator("table.uke")
    expect(table).to_be_visible(timeout=30 * SECOND)
    edge = table.bounding_box()
    main = page.get_by_test_id("stMainBlockContainer").bounding_box()
    assert edge and main and edge["x"] + edge["width"] <= min(DESKTOP["width"], main["x"] + main["width"]) + 1, (edge, main)
    night = page.locator("table.uke thead th").last.bounding_box()
    assert night and night["x"] + night["width"] <= DESKTOP["width"] and night["width"] >= 150, night  # not squeezed
    # no cell's text runs into the next one: each cell's content fits its own width
    spill = page.evaluate("() => [...document.querySelectorAll('table.uke td')].filter(td => td.scrollWidth > td.clientWidth + 1).length")
    assert spill == 0, spill
    headers = [h.inner_text().strip() for h in page.locator("table.uke thead th").all()]
    assert headers[0] == "Dato" and "Dag" not in headers[0], headers
    assert headers[1:] == ["Dagvakt", "Kveldsvakt", "Nattevakt"], headers
    no_exception(page)
    shot(page, "walk_desktop_manager_week")


def test_bug8_the_history_file_chooser_speaks_norwegian(server, new_page):
    page = new_page(DESKTOP)
    _open(page, server, "oppfolging", "Oppfølging av kollegastøttene over tid")
    zone = page.locator('.st-key-history_upload [data-testid="stFileUploaderDropzone"]').first
    expect(zone).to_be_visible(timeout=30 * SECOND)
    expect(zone.get_by_text("200MB per file", exact=False)).to_be_hidden()
    expect(zone.get_by_text("Upload", exact=True)).to_be_hidden()
    said = zone.evaluate("z => [...z.querySelectorAll('*')].map(e => getComputedStyle(e, '::after').content).join(' ')")
    assert '"Velg filer"' in said and '"Høyst 200 MB per fil"' in said, said


def _draft_state(server, url: str) -> dict:
    """The choices the app kept in the draft the tab's address names."""
    from urllib.parse import parse_qs, urlparse

    from scheduler.store.publications import PublicationStore

    draft_id = parse_qs(urlparse(url).query)["utkast"][0]
    return PublicationStore(server.db_path).draft_state(draft_id) or {}


def _kept_when(read, page, seconds: float = 30.0):
    """What `read()` gives once it gives something (the app saves the draft after its page has run)."""
    for _ in range(int(seconds * 2)):
        wait_idle(page)
        try:
            value = read()
        except KeyError:  # no draft in the address yet
            value = None
        if value:
            return value
        page.wait_for_timeout(500)
    return read()


def test_keyboard_the_codes_are_typed_cell_by_cell_and_line_by_line(server, new_page):
    """Issue 23's friction: «Si hva kodene betyr» took a click, Enter and a pick per cell. Now one
    click into the grid, then only keys: type a meaning, Enter to the next code; then many codes as
    lines in the box, Ctrl+Enter. The sample asks about A and S."""
    page = new_page(DESKTOP)
    _open(page, server, "last-opp", HEADINGS["last-opp"])
    grid = page.locator(".st-key-codes_editor")
    grid.scroll_into_view_if_needed()
    expect(grid).to_be_visible(timeout=30 * SECOND)
    wait_idle(page)
    page.wait_for_timeout(1000)  # the grid draws its rows after its box has settled
    box = grid.bounding_box()
    assert box
    page.mouse.click(box["x"] + 20, box["y"] + 35 + 17)  # the first row's code cell; from here on, keys only
    page.wait_for_timeout(500)
    for key_name in ("ArrowRight", "ArrowRight"):  # code, count, then the meaning
        page.keyboard.press(key_name)
        page.wait_for_timeout(150)
    for text in ("ar 15-22:30", "fra"):  # A: an evening shift of these times; S: an absence
        type_into_cell(page, text)
        page.keyboard.press("Enter")  # kept, and on to the next code
        page.wait_for_timeout(400)
    button(page, "apply_codes").click()
    kept = _kept_when(lambda: _draft_state(server, page.url).get("code_maps"), page)
    assert kept == {"A": {"kind": "work", "start": "15:00", "end": "22:30"},
                    "S": {"kind": "absence", "start": "", "end": ""}}, kept
    area = page.locator(".st-key-codes_paste textarea")
    lines = ["LD = arbeid 7:30-19:30", "KS = ko 8-15:30"]
    for _attempt in range(3):  # a page still redrawing after the grid's apply takes the focus away once
        wait_idle(page)
        area.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(lines[0], delay=20)
        page.keyboard.press("Enter")
        page.keyboard.type(lines[1], delay=20)
        if area.input_value() == "\n".join(lines):
            break
    page.keyboard.press("Control+Enter")  # the box's form is sent from the keyboard
    expect(area).to_have_value("", timeout=30 * SECOND)
    kept = _kept_when(lambda: (_draft_state(server, page.url).get("code_maps") or {}) if "KS" in
                      (_draft_state(server, page.url).get("code_maps") or {}) else None, page)
    assert kept["LD"] == {"kind": "work", "start": "07:30", "end": "19:30"}, kept
    assert kept["KS"] == {"kind": "support", "start": "08:00", "end": "15:30"} and set(kept) == {"A", "S", "LD", "KS"}
    no_exception(page)
    shot(page, "walk_codes_typed", max_height=3000)
