"""End to end in headless Chromium: `streamlit run app.py`, upload the messy exports, plan, look at
coverage, download, switch language, publish, restart the server and find the publication again.

Recipe: /work/shared/ECOSYSTEM.md "Browser tests" — Debian's /usr/bin/chromium, never
`playwright install`. The journey is ONE test function on purpose: its steps share one browser
session (uploads and the draft plan live in Streamlit's session state), and under `pytest -n 2`
(default `--dist load`) separate test functions could land on different workers, each with its
own server. Screenshots of every step go to tests/artifacts/ (git-ignored); on failure the last
page is saved as tests/artifacts/failure.png and the server log is printed.

Locators: widget keys are CSS classes `st-key-<key>` — but only for widgets; st.dataframe and
st.altair_chart without selections get none (Streamlit 1.67), so those are found by test id.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest
from browser_helpers import (
    CHROMIUM_ARGS,
    ROOT,
    StreamlitServer,
    button,
    chromium_path,
    go,
    key,
    no_exception,
    shot,
    wait_idle,
)

CHROMIUM = chromium_path()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (/usr/bin/chromium or `chromium` on PATH)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (Python package) is not installed")
expect = sync_api.expect

DATA = ROOT / "data"
MESSY = sorted((DATA / "messy").glob("turnus_*"))
SECOND = 1000  # Playwright timeouts are in ms
VIEWPORT = {"width": 1400, "height": 1000}
ASSIGNMENTS_HEADER = ["date", "slot", "ward", "supporter_id", "role", "reason"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One app server for this module with its own store (KOLLEGASTOTTE_DB); the test restarts it."""
    tmp = tmp_path_factory.mktemp("browser")
    srv = StreamlitServer(tmp / "store.sqlite3", tmp)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def chromium():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium, server):
    """Make pages, each in a fresh browser context (own cookies, own Streamlit session)."""
    contexts = []

    def make():
        context = chromium.new_context(viewport=VIEWPORT, accept_downloads=True, locale="nb-NO")
        context.set_default_timeout(30 * SECOND)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


class Steps:
    """Step timings, printed at the end (and on failure) — the runtime budget is ~3 minutes."""

    def __init__(self) -> None:
        self.t0 = self.last = time.monotonic()
        self.lines: list[str] = []

    def __call__(self, name: str) -> None:
        now = time.monotonic()
        self.lines.append(f"{now - self.t0:6.1f} s  (+{now - self.last:5.1f})  {name}")
        self.last = now

    def report(self) -> str:
        return "\n".join(self.lines)


def _open(page, server: StreamlitServer, path: str = "") -> None:
    page.goto(f"{server.url}/{path}")
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)


def _upload(page, widget: str, files: list[Path] | Path, done) -> None:
    """Choose files in one uploader, then wait for `done` (a locator the server's rerun draws).

    A file set while Streamlit redraws the page after the previous upload was once dropped by the
    browser (the uploader stayed empty); a person cannot be that fast, so one retry is allowed
    when the uploader shows none of the files.
    """
    files = files if isinstance(files, list) else [files]
    box = page.locator(key(widget))
    for attempt in range(2):
        box.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(f) for f in files])
        try:
            expect(box.get_by_text(files[0].name, exact=True)).to_be_visible(timeout=15 * SECOND)
            break
        except AssertionError:
            if attempt:
                raise
            wait_idle(page)
    for f in files[:3]:  # the uploader lists the first files by name (it scrolls long lists)
        expect(box.get_by_text(f.name, exact=True)).to_be_visible()
    expect(done).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)


def _download(page, widget: str) -> bytes:
    with page.expect_download(timeout=60 * SECOND) as info:
        button(page, widget).click()
    download = info.value
    assert download.failure() is None, download.failure()
    return Path(download.path()).read_bytes()


def _combobox_text(page, widget: str) -> str:
    """What a keyed st.selectbox shows (its react-aria combobox input)."""
    # Language-following selectboxes are keyed `<key>__<lang>` (app_state.localized_selectbox).
    return page.locator(f'[class*="st-key-{widget}"] input[role="combobox"]').first.input_value()


def _set_language(page, label: str, heading: str) -> None:
    page.locator(key("lang")).get_by_text(label, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30 * SECOND)
    wait_idle(page)


def test_messy_upload_plan_coverage_export_language_publish_restart(server, new_page):
    steps = Steps()
    pages = []

    def make_page():
        pages.append(new_page())
        return pages[-1]

    try:
        _journey(server, make_page, steps)
    except BaseException:
        if pages:  # what the browser showed when it went wrong
            shot(pages[-1], "failure")
        print(steps.report())
        print(server.log_text()[-4000:])
        raise
    print(steps.report())


def _journey(server: StreamlitServer, new_page, step: Steps) -> None:
    page = new_page()
    _open(page, server)
    main = page.get_by_test_id("stMain")
    step("app open")

    # --- upload: the 12 messy per-ward exports + supporters, wards, rules through the file choosers
    expect(page.get_by_role("heading", name="Last opp turnus og kollegastøtter")).to_be_visible()
    assert len(MESSY) == 12, MESSY
    reports = main.get_by_test_id("stExpander").locator("summary")
    _upload(page, "upload_turnus", MESSY, main.get_by_text("Lastet: 12 turnusfil(er); kollegastøtteliste: nei."))
    _upload(page, "upload_supporters", DATA / "supporters.csv", page.get_by_role("heading", name="Leserapporter"))
    _upload(page, "upload_wards", DATA / "wards.csv", reports.filter(has_text="wards.csv — poster"))
    _upload(page, "upload_rules", DATA / "rules.toml", reports.filter(has_text="rules.toml — regler"))
    expect(main.get_by_text(re.compile(r"^15 filer · \d+ turnusrader · \d+ ansatte · 30 kollegastøtter · 0 feil$"))
           ).to_be_visible()
    expect(reports).to_have_count(15)
    labels = reports.all_inner_texts()
    for name in [p.name for p in MESSY] + ["supporters.csv", "wards.csv", "rules.toml"]:
        assert any(f"{name} — " in label for label in labels), (name, labels)
    assert all("✅" in label and "❌" not in label and "0 feil" in label for label in labels), labels
    no_exception(page)
    shot(page, "01_upload_reports")
    step("uploaded 15 files, reading reports shown")

    # --- plan with a 10 s time limit --------------------------------------------------------------------
    go(page, "planlegg", "Lag vaktplanen")
    thumb = page.locator(f'{key("time_limit")} input[type="range"]')
    expect(thumb).to_have_value("30", timeout=60 * SECOND)  # drawn once the instance is built
    thumb.focus()
    for _ in range(4):  # 30 s → 10 s in steps of 5
        thumb.press("ArrowLeft")
    expect(thumb).to_have_value("10")
    expect(page.locator(f'{key("time_limit")} [data-testid="stSliderThumbValue"]')).to_have_text("10")
    measure = page.locator(f'{key("measure_limits")} input[type="checkbox"]')
    if measure.is_checked():  # measuring which limits cost coverage adds solves: not this test's subject
        page.locator(f'{key("measure_limits")} label').click()
        expect(measure).not_to_be_checked()
    wait_idle(page)
    button(page, "plan_button").click()
    expect(page.locator(key("stop_button"))).to_be_visible(timeout=30 * SECOND)
    expect(page.get_by_role("heading", name="Fremdrift")).to_be_visible()
    shot(page, "02_plan_running")
    step("solve started")
    expect(page.get_by_role("heading", name="Resultat")).to_be_visible(timeout=120 * SECOND)
    expect(page.get_by_text("Mål i prioritert rekkefølge", exact=True)).to_be_visible()
    expect(main.get_by_test_id("stDataFrame").first).to_be_visible()  # the tier table
    expect(page.locator(key("stop_button"))).to_have_count(0)
    wait_idle(page)
    no_exception(page)
    expect(main.get_by_test_id("stAlertContentError")).to_have_count(0)
    shot(page, "03_plan_result")
    step("plan done")

    # --- coverage: heatmap and the ward notice ----------------------------------------------------------
    go(page, "dekning", "Dekning per post")
    heatmap = main.get_by_test_id("stVegaLiteChart").first
    expect(heatmap.locator("canvas, svg").first).to_be_visible(timeout=30 * SECOND)
    box = heatmap.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100, box
    expect(main.get_by_text(re.compile(r"^Viser: utkast fra denne økta"))).to_be_visible()
    assert _combobox_text(page, "coverage_ward") == "Alle poster"
    no_exception(page)
    shot(page, "04_coverage")
    notice = _download(page, "dl_notice_coverage").decode("utf-8")
    assert "Kollegastøtte" in notice
    assert notice.lstrip().lower().startswith(("<!doctype html", "<html")), notice[:200]
    step("coverage heatmap + notice download")

    # --- export: assignments.csv ------------------------------------------------------------------------
    go(page, "eksport", "Eksport")
    rows = list(csv.reader(io.StringIO(_download(page, "dl_assignments").decode("utf-8"))))
    assert rows[0] == ASSIGNMENTS_HEADER, rows[0]
    assert len(rows) > 100, len(rows)
    shot(page, "05_export")
    step("assignments.csv download")

    # --- language: English on the coverage page, then back to Norwegian ---------------------------------
    go(page, "dekning", "Dekning per post")
    _set_language(page, "English", "Coverage per ward")
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Upload rosters", exact=True)).to_be_visible()
    expect(nav.get_by_text("Coverage (managers)", exact=True)).to_be_visible()
    expect(main.get_by_text(re.compile(r"^Showing: this session's draft"))).to_be_visible()
    expect(main.get_by_test_id("stVegaLiteChart").locator("canvas, svg").first).to_be_visible(timeout=30 * SECOND)
    no_exception(page)
    shot(page, "06_coverage_english")
    # Selectboxes show the chosen option in the new language too (not "Alle poster").
    stale = {w: _combobox_text(page, w) for w in ("coverage_ward", "view_source")}
    assert stale == {"coverage_ward": "All wards", "view_source": "Draft (not published)"}, stale
    _set_language(page, "Norsk", "Dekning per post")
    expect(nav.get_by_text("Last opp turnus", exact=True)).to_be_visible()
    step("English and back")

    # --- publish ----------------------------------------------------------------------------------------
    go(page, "publiser", "Publiser vaktplanen")
    expect(main.get_by_text(re.compile(r"^Utkast: \d+ av \d+ post-vakter dekket"))).to_be_visible()
    page.locator('[class*="st-key-publish_reason"] input[role="combobox"]').first.click()
    page.get_by_role("option", name="Ny periode").click()
    wait_idle(page)
    button(page, "publish_button").click()
    expect(main.get_by_text("Publisert som nr. 1.", exact=True)).to_be_visible(timeout=30 * SECOND)
    expect(button(page, "publish_button")).to_be_disabled()
    expect(page.get_by_role("heading", name="Historikk")).to_be_visible()
    expect(main.get_by_test_id("stDataFrame")).to_be_visible()  # the history table
    wait_idle(page)
    assert _combobox_text(page, "view_source") == "Publisert nr. 1"
    no_exception(page)
    shot(page, "07_published")
    assert server.db_path.exists()
    step("published")

    # --- restart the server (same store), fresh browser context: the publication is still there ---------
    server.restart()
    step("server restarted")
    page = new_page()
    main = page.get_by_test_id("stMain")
    _open(page, server, "publiser")
    expect(page.get_by_role("heading", name="Publiser vaktplanen")).to_be_visible()
    expect(main.get_by_text("Ingen ny plan i denne økta å publisere.")).to_be_visible()
    expect(page.get_by_role("heading", name="Historikk")).to_be_visible(timeout=30 * SECOND)
    expect(main.get_by_test_id("stDataFrame")).to_be_visible()
    assert _combobox_text(page, "history_pick") == "#1"
    assert _combobox_text(page, "view_source") == "Publisert nr. 1"
    no_exception(page)
    shot(page, "08_after_restart_publish")
    go(page, "dekning", "Dekning per post")
    expect(main.get_by_text(re.compile(r"^Viser: publisert nr\. 1 \(\d\d\.\d\d\.\d{4} kl\. \d\d:\d\d\)\. Ny periode\.$"))).to_be_visible(
        timeout=30 * SECOND)
    expect(main.get_by_test_id("stVegaLiteChart").locator("canvas, svg").first).to_be_visible(timeout=30 * SECOND)
    no_exception(page)
    shot(page, "09_after_restart_coverage")
    assert "Kollegastøtte" in _download(page, "dl_notice_coverage").decode("utf-8")
    go(page, "eksport", "Eksport")
    rows = list(csv.reader(io.StringIO(_download(page, "dl_assignments").decode("utf-8"))))
    assert rows[0] == ASSIGNMENTS_HEADER and len(rows) > 100, rows[:2]
    step("publication found after restart (coverage, notice, export)")
