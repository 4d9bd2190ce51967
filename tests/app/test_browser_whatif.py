"""In Chromium, as the coordinator would on `make run`: «Hvor lære opp?» on the sample, one
proposal, on the server's default — an embedded Dask cluster of this machine's cores — with a
progress bar, the proposal's before → after and a download (docs/whatif.md). Screenshot to
tests/app/artifacts/."""

from __future__ import annotations

import pytest
from browser_helpers import (
    StreamlitServer,
    chromium_path,
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


def test_the_coordinator_finds_where_to_train_on_the_sample(tmp_path, chromium):
    server = StreamlitServer(tmp_path / "store.sqlite3", tmp_path, env={"KOLLEGASTOTTE_SAMPLE": "1",
                                                                      "KOLLEGASTOTTE_TODAY": "2027-01-13"})
    server.start(timeout=90)
    try:
        page = chromium.new_page(viewport={"width": 1440, "height": 900})
        outside: list[str] = []
        page.route("**/*", only_local(outside))
        try:
            page.goto(f"{server.url}/hvor-lare-opp", timeout=60 * SECOND)
            wait_idle(page)
            expect(page.get_by_role("heading", name="Hvor bør vi lære opp nye kollegastøtter?")).to_be_visible(
                timeout=30 * SECOND)
            number = page.get_by_label("Hvor mange forslag")
            number.fill("1")
            number.press("Enter")
            slider = page.get_by_role("slider").first
            slider.focus()
            slider.press("Home")  # one second of solver time per plan tried
            wait_idle(page)
            page.get_by_role("button", name="Finn ut hvor").click()
            expect(page.get_by_text("kontrollert av den uavhengige kontrollen")).to_be_visible(timeout=240 * SECOND)
            expect(page.get_by_test_id("stDataFrame")).to_have_count(1)
            expect(page.get_by_role("button", name="Last ned forslagene (CSV)")).to_be_visible()
            shot(page, "whatif_sample_one_proposal")
            no_exception(page)
        finally:
            page.context.close()
        assert not outside, outside
    finally:
        server.stop()
