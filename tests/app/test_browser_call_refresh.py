"""An open call page stays true (issue 25): in Chromium, a page left open moves its «nå» to the
evening shift when it begins, and shows a new publication and a withdrawal — without a reload."""

from __future__ import annotations

import re

import pytest
from browser_helpers import StreamlitServer, chromium_path, no_exception, wait_idle
from call_world import RENAMED, TODAY, publish_renamed

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(chromium_path() is None, reason="Chromium not installed")]


def test_an_open_call_page_follows_the_shift_and_the_rota_in_force(tmp_path, sample_store, chromium):
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    store = sample_store(tmp_path)
    # The server's clock starts at 15:29:35 on a day of the rota: the evening shift (15:30) begins
    # half a minute in; the page checks every 2 s here (30 s by default).
    server = StreamlitServer(store, tmp_path, env={"KOLLEGASTOTTE_TODAY": TODAY, "KOLLEGASTOTTE_CLOCK": "15:29:35",
                                                   "KOLLEGASTOTTE_CALL_REFRESH": "2"})
    server.start()
    try:
        context = chromium.new_context(locale="nb-NO")
        try:
            page = context.new_page()
            page.goto(f"{server.url}/hvem-ringer?post=N-MED1")
            ring = page.locator(".ring")
            expect(ring).to_be_visible(timeout=60_000)
            wait_idle(page)
            expect(ring).to_contain_text("Akkurat nå er ingen kollegastøtte på vakt")
            expect(page.get_by_text(re.compile(r"Sist sjekket kl\. 15:29"))).to_be_visible()
            # the shift changes: «nå» moves to the evening, nothing reloaded
            now_card = page.locator(".ring .kort.naa")
            expect(now_card).to_contain_text("kveld 15:30–22:00", timeout=60_000)
            expect(ring).not_to_contain_text("Akkurat nå er ingen kollegastøtte på vakt")
            assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
            # a publication while the page is open: shown within the check
            second = publish_renamed(store)
            expect(now_card.locator(".navn")).to_contain_text(RENAMED, timeout=30_000)
            # and its withdrawal
            from scheduler.store.publications import PublicationStore

            PublicationStore(store).unpublish(second, actor="lokal")
            expect(now_card.locator(".navn")).not_to_contain_text(RENAMED, timeout=30_000)
            no_exception(page)
        finally:
            context.close()
    finally:
        server.stop()
    log = server.log_text()
    assert "Traceback" not in log and "database is locked" not in log, log[-3000:]
