"""End to end in headless Chromium: the coordinator follows the scheme up over time (docs/history.md).

A store holds the sample hospital's first fortnight, published. The coordinator opens the
follow-up page (loads against fair share, flags, training), one supporter's own history, and the
leadership report: it renders in the page, downloads as PDF and Excel, and its HTML prints to
A4 from Chromium as well. Same recipe as tests/app/test_browser.py (Debian's Chromium, Playwright from
PyPI, every request outside the test server refused); screenshots go to tests/app/artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import (
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
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (`chromium` on PATH, or $CHROMIUM)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (Python package) is not installed")
expect = sync_api.expect

DATA = ROOT / "data"
SECOND = 1000
TALL = {"width": 1400, "height": 1800}


def _publish_first_fortnight(db: Path, tmp: Path) -> None:
    from scheduler.domain import SolverSettings
    from scheduler.io import load_paths
    from scheduler.model.demand import build_instance
    from scheduler.solve.plan import make_plan
    from scheduler.store.publications import PublicationStore
    from scheduler.store.published import kept_tables

    rules = tmp / "rules.toml"
    rules.write_text("horizon_start = 2027-01-04\nhorizon_end = 2027-01-17\n" + (DATA / "rules.toml").read_text(encoding="utf-8"),
                     encoding="utf-8")
    inputs = load_paths([DATA / "turnus.csv"], DATA / "supporters.csv", wards_path=DATA / "wards.csv", rules_path=rules)
    plan = make_plan(build_instance(inputs), settings=SolverSettings(time_limit=5, workers=1, deterministic=True),
                     measure_limits=False)
    PublicationStore(db).publish(kept_tables(plan), plan.summary, inputs.rules.model_dump_json(), {}, reason="new_period")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser_history")
    _publish_first_fortnight(tmp / "store.sqlite3", tmp)
    srv = StreamlitServer(tmp / "store.sqlite3", tmp, env={"KOLLEGASTOTTE_TODAY": "2027-01-13"})
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def page(server, chromium):
    outside: list[str] = []

    def only_local(route):
        url = route.request.url
        host = url.split("/")[2].split(":")[0] if "://" in url else ""
        if url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context = chromium.new_context(viewport=TALL, accept_downloads=True, locale="nb-NO")
    context.set_default_timeout(30 * SECOND)
    context.route("**/*", only_local)
    yield context.new_page()
    context.close()
    assert outside == [], outside


def _download(page, widget: str) -> bytes:
    with page.expect_download(timeout=60 * SECOND) as info:
        button(page, widget).click()
    return Path(info.value.path()).read_bytes()


def test_coordinator_follows_up_and_prints_the_report(server, page):
    try:
        _journey(server, page)
    except BaseException:
        shot(page, "history_failure")
        print(server.log_text()[-4000:])
        raise


def _journey(server: StreamlitServer, page) -> None:
    page.goto(f"{server.url}/oppfolging")
    main = page.get_by_test_id("stMain")
    expect(page.get_by_role("heading", name="Oppfølging av kollegastøttene over tid")).to_be_visible(timeout=60 * SECOND)
    wait_idle(page)
    # the window ends with the newest rota (17 January): the published fortnight is its history
    expect(main.get_by_text(re.compile(r"^Vindu: 18\.01\.2026–17\.01\.2027; 1 periode\.$"))).to_be_visible()
    expect(main.get_by_test_id("stDataFrame").first).to_be_visible()
    expect(main.get_by_test_id("stVegaLiteChart").locator("canvas, svg").first).to_be_visible(timeout=30 * SECOND)
    no_exception(page)
    shot(page, "h01_followup", max_height=5000)

    go(page, "kollegastotte", "Historikk for én kollegastøtte")
    expect(main.get_by_text(re.compile(r"støttevakter \d+ \(\d+ timer\)")).first).to_be_visible(timeout=30 * SECOND)
    no_exception(page)
    shot(page, "h02_one_supporter")

    go(page, "rapport", "Rapport til ledelsen")
    frame = page.frame_locator("iframe").first
    expect(frame.get_by_role("heading", name="Kollegastøtte – rapport til ledelsen")).to_be_visible(timeout=60 * SECOND)
    expect(frame.get_by_text("Periode: 01.01.2027–31.12.2027")).to_be_visible()
    expect(frame.get_by_role("heading", name="Dekning per sykehus")).to_be_visible()
    assert frame.locator("svg.chart").count() >= 3
    assert frame.locator("table").count() >= 4
    no_exception(page)
    shot(page, "h03_report", max_height=3000)

    # a quarter, in English: the same report in the other language
    page.locator(key("lang")).get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="Report for the leadership", exact=True)).to_be_visible(timeout=30 * SECOND)
    wait_idle(page)
    box = page.locator('[class*="st-key-report_span"] input[role="combobox"]').first
    box.click()
    box.fill("Q1")
    page.get_by_role("option", name="Q1").first.click()
    wait_idle(page)
    frame = page.frame_locator("iframe").first
    expect(frame.get_by_role("heading", name="Peer support – report for the leadership")).to_be_visible(timeout=60 * SECOND)
    expect(frame.get_by_text("Period: 01.01.2027–31.03.2027")).to_be_visible()

    pdf = _download(page, "dl_report_pdf") if page.locator(key("dl_report_pdf")).count() else None
    if pdf is not None:
        assert pdf.startswith(b"%PDF")
    xlsx = _download(page, "dl_report_xlsx")
    assert xlsx[:2] == b"PK"
    html = _download(page, "dl_report_html").decode("utf-8")
    assert "@media print" in html and "Q1 2027" in html

    # the HTML as Chromium prints it: A4 pages
    printed = page.context.new_page()
    printed.set_content(html)
    printed.emulate_media(media="print")
    out = printed.pdf(format="A4")
    assert out.startswith(b"%PDF") and out.count(b"/Type /Page") >= 2
    printed.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    printed.screenshot(path=str(Path(__file__).resolve().parent / "artifacts" / "h04_report_printed.png"), full_page=True)
    printed.close()
