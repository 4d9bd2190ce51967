"""In Chromium: Coverage, all wards, opens on the ward × week overview and goes into a ward and its
week, back and again — and the server logs no Streamlit warning on the way (issue 25, item 9: every
ward pick logged `coverage_week__no` set both by default and through Session State, 30 lines of stack).

The server logs with the level and the logger's name (`STREAMLIT_LOGGER_MESSAGE_FORMAT`), so the
test fails on any warning Streamlit logs, not only the one seen. Screenshots to tests/app/artifacts/.
"""

from __future__ import annotations

import pytest
from browser_helpers import (
    StreamlitServer,
    chromium_path,
    no_exception,
    only_local,
    open_list,
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


def streamlit_warnings(log: str) -> list[str]:
    """The lines Streamlit logged at WARNING or above (the server's format names level and logger)."""
    return [line for line in log.splitlines()
            if line.startswith(("WARNING streamlit", "ERROR streamlit", "CRITICAL streamlit"))]


@pytest.fixture(scope="module")
def server(tmp_path_factory, sample_store):
    """The sample hospital planned and published from the command line (once per run), served."""
    tmp = tmp_path_factory.mktemp("year_browser")
    store = sample_store(tmp)
    srv = StreamlitServer(store, tmp, env={"KOLLEGASTOTTE_TODAY": "2027-01-13",
                                           "STREAMLIT_LOGGER_MESSAGE_FORMAT": "%(levelname)s %(name)s %(message)s"})
    srv.start(timeout=90)
    yield srv
    srv.stop()


def _open(page, widget: str) -> None:
    """Open a selectbox's list (a click focuses it; where that leaves the list shut, the arrow key opens it)."""
    open_list(page, page.locator(f'[class*="st-key-{widget}"] input[role="combobox"]').first)
    expect(page.get_by_role("option").first).to_be_visible()


def _choose(page, widget: str, option) -> None:
    """Open the list and click `option(page)`; a list that a page run closes under the click (at a
    trust-year a run can still be drawing the page: the option is detached) is opened again."""
    for _ in range(3):
        _open(page, widget)
        try:
            option(page).click(timeout=8 * SECOND)
            break
        except sync_api.TimeoutError:
            wait_idle(page)
    else:
        raise AssertionError(f"the list of {widget} closed under every click")
    page.wait_for_timeout(300)
    wait_idle(page)


def _pick(page, widget: str, text: str) -> None:
    _choose(page, widget, lambda p: p.get_by_role("option", name=text).first)


def test_coverage_overview_into_a_ward_and_back_without_a_streamlit_warning(server, chromium):
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.route("**/*", only_local(outside))
    try:
        page.goto(f"{server.url}/dekning", timeout=60 * SECOND)
        wait_idle(page)
        expect(page.get_by_text("Se på først")).to_be_visible(timeout=30 * SECOND)
        expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
        shot(page, "year_coverage_overview")
        # into the worst ward-week from the list, then back to all wards, then a ward again
        _choose(page, "coverage_go_to", lambda p: p.get_by_role("option").nth(1))
        expect(page.locator("table.uke")).to_be_visible(timeout=30 * SECOND)
        ward = page.locator('[class*="st-key-coverage_ward__no"]').inner_text().split(" – ")[0].split("\n")[-1]
        expect(page.locator('[class*="st-key-notice_ward_coverage"]')).to_contain_text(ward)
        shot(page, "year_coverage_ward_week")
        _pick(page, "coverage_ward__no", "Alle poster")
        expect(page.get_by_text("Se på først")).to_be_visible()
        _pick(page, "coverage_ward__no", "N-MED1 – Hjertemedisinsk sengepost")
        expect(page.locator("table.uke")).to_be_visible(timeout=30 * SECOND)
        no_exception(page)
    finally:
        context.close()
    assert not outside, outside
    warnings = streamlit_warnings(server.log_text())
    assert not warnings, "\n".join(warnings)
