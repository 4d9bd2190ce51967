"""Time and bytes per page on a published rota (issue 25, «Pages that scale»).

Starts the app on a store that already holds a publication (``scheduler publish OUT --store S``),
opens each page in headless Chromium at 1440×900 through the sidebar (one session, as a person
walks) and records, per page, the seconds from the click until the script run is over and the
bytes the server sent over Streamlit's websocket in that time (the page's elements and data).

    .venv/bin/python -m benchmarks.page_weight --store store-M.sqlite3 [--pages dekning,eksport]

Also prints every Streamlit warning the server logged.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"dekning": "Dekning på posten", "belastning": "Belastning per kollegastøtte", "eksport": "Last ned",
         "rapport": "Rapport til ledelsen"}


def measure(store: Path, pages: list[str], shots: Path | None = None) -> list[tuple[str, float, int]]:
    sys.path.insert(0, str(ROOT / "tests" / "app"))
    from browser_helpers import CHROMIUM_ARGS, StreamlitServer, chromium_path, wait_idle
    from playwright.sync_api import sync_playwright

    out: list[tuple[str, float, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        server = StreamlitServer(store, Path(tmp), env={"KOLLEGASTOTTE_DB": str(store),
                                                         "STREAMLIT_LOGGER_MESSAGE_FORMAT": "%(levelname)s %(name)s %(message)s"})
        server.start(timeout=120)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                sent = [0]

                def on_ws(ws) -> None:
                    ws.on("framereceived", lambda payload: sent.__setitem__(0, sent[0] + len(payload)))

                page.on("websocket", on_ws)
                page.goto(server.url, timeout=180_000)
                wait_idle(page, 180_000)
                for path in pages:
                    sent[0] = 0
                    started = time.monotonic()
                    page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').click()
                    page.wait_for_url(f"**/{path}*", timeout=180_000)
                    page.wait_for_timeout(300)
                    wait_idle(page, 300_000)
                    out.append((path, time.monotonic() - started, sent[0]))
                    if shots is not None:
                        shots.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(shots / f"{path}.png"))
                browser.close()
        finally:
            server.stop()
            warnings = [line for line in server.log_text().splitlines() if line.startswith(("WARNING", "ERROR"))]
            for line in warnings:
                print("server:", line)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--shots", type=Path, default=None)
    args = parser.parse_args(argv)
    for path, seconds, sent in measure(args.store, args.pages.split(","), args.shots):
        print(f"{path:12s} {seconds:6.2f} s {sent / 1e6:8.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
