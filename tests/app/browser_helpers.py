"""Helpers for the browser tests: a `streamlit run app.py` server on a free loopback port, and
small Playwright helpers for Streamlit's DOM (widget keys are CSS classes `st-key-<key>`).

The browser tests (tests/app/test_browser*.py) use this module, and the one headless Chromium a
test process shares (the `chromium` fixture, tests/conftest.py); it imports Playwright lazily so that
importing this file never fails on a machine without Playwright. Waits are for conditions, never
fixed sleeps, except where a grid needs its keys slowly (type_into_cell).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    """Debian's Chromium (never a Playwright download): $CHROMIUM, else `chromium` on the PATH."""
    given = os.environ.get("CHROMIUM")
    if given and os.access(given, os.X_OK):
        return given
    return shutil.which("chromium")


def only_local(outside: list[str]):
    """A Playwright route handler that lets loopback, data: and blob: requests through and
    aborts every other one, noting its address in `outside` (the app sends nothing out)."""

    def handle(route) -> None:
        url = route.request.url
        host = url.split("/")[2].split(":")[0] if "://" in url else ""
        if url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    return handle


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`python -m streamlit run app.py` in the repo root, with its own store (KOLLEGASTOTTE_DB).

    `start()` picks a fresh free port each time and waits until /_stcore/health answers "ok";
    `stop()` ends only the process it started. The server's output goes to `log_path`.
    """

    def __init__(self, db_path: Path, log_dir: Path, *, guard_log: Path | None = None,
                 project_config_only: bool = False, env: dict[str, str] | None = None,
                 address: str = "127.0.0.1") -> None:
        self.db_path = Path(db_path)
        self.log_dir = Path(log_dir)
        # guard_log: run under tests/app/net_guard.py, which refuses and logs every outbound connection.
        self.guard_log = guard_log
        # project_config_only: no address or usage-stats flags; .streamlit/config.toml decides.
        self.project_config_only = project_config_only
        self.env = dict(env or {})
        # address: where the server listens (the app refuses to run without sign-in off loopback).
        self.address = address
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.log_path: Path | None = None
        self._log = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0, port: int | None = None) -> None:
        """Start on `port` (a restart keeps the address an open tab has), else on a free port."""
        assert self.proc is None, "server already running"
        last_error = ""
        for _attempt in range(3):  # the free port may be taken between probe and bind: try another
            self.starts += 1
            self.port = port or free_port()
            self.log_path = self.log_dir / f"streamlit_{self.starts}.log"
            self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
            env = {**os.environ, "KOLLEGASTOTTE_DB": str(self.db_path), "PYTHONUNBUFFERED": "1", **self.env}
            flags = [f"--server.port={self.port}"]
            if not self.project_config_only:
                flags += ["--server.headless=true", f"--server.address={self.address}", "--browser.gatherUsageStats=false",
                          "--server.fileWatcherType=none"]
            command = [sys.executable, "-m", "streamlit"]
            if self.guard_log is not None:
                env["NET_GUARD_LOG"] = str(self.guard_log)
                command = [sys.executable, str(Path(__file__).resolve().parent / "net_guard.py")]
            self.proc = subprocess.Popen(
                [*command, "run", "app.py", *flags],
                cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            if self._wait_healthy(timeout):
                return
            last_error = self.log_text()
            self.stop()
        raise RuntimeError(f"streamlit did not become healthy:\n{last_error[-3000:]}")

    def _wait_healthy(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return True
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.25)
        return False

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def restart(self) -> None:
        """Stop and start again on the same port, as a server restart looks to an open browser tab."""
        port = self.port
        self.stop()
        self.start(port=port)

    def log_text(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")


# --- Playwright helpers (the `page` is a playwright.sync_api.Page) ---------------------------------

def key(name: str) -> str:
    """CSS selector of a widget's container by its Streamlit key."""
    return f".st-key-{name}"


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until no script run is going on (`stApp[data-test-script-state]` is "notRunning").

    Right after a click the new run may not have started yet, so callers first wait for something
    the run draws; this only makes sure the page is not in the middle of being redrawn.
    """
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)


def button(page, widget: str):
    """The button of a keyed st.button / st.download_button (with `help`, Streamlit draws two)."""
    return page.locator(f"{key(widget)} button").first


def go(page, url_path: str, heading: str, timeout: float = 60_000) -> None:
    """Switch page through the sidebar navigation (same session, unlike typing a URL)."""
    from playwright.sync_api import expect

    page.locator(f'[data-testid="stSidebarNav"] a[href$="/{url_path}"]').click()
    expect(page).to_have_url(re.compile(f"/{re.escape(url_path)}/?(\\?.*)?$"), timeout=timeout)
    expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_visible(timeout=timeout)
    wait_idle(page, timeout)


def open_list(page, box, timeout: float = 5_000) -> bool:
    """Open a selectbox's list of options (drawn only then) and say whether it opened: a click opens
    most at once; some it leaves shut (focused only), and for those ArrowDown opens the list."""
    from playwright.sync_api import expect

    box.click()
    for attempt, wait in enumerate((500, timeout)):  # opened on the click itself, or never by it
        try:
            expect(box).to_have_attribute("aria-expanded", "true", timeout=wait)
            return True
        except AssertionError:
            if attempt == 0:
                page.keyboard.press("ArrowDown")
    return False


def next_frame(page) -> None:
    """Wait until the browser has drawn two more frames (a layout after a resize has settled)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def no_exception(page) -> None:
    """No Streamlit exception box on the page, and no page that failed (the router says so plainly)."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Noe gikk galt i programmet")).to_have_count(0)
    expect(page.get_by_text("Something went wrong in the program")).to_have_count(0)


def shot(page, name: str, max_height: int = 3000) -> Path:
    """Screenshot to tests/app/artifacts/<name>.png showing the whole main area.

    Streamlit scrolls inside its own container, so `full_page` alone only gives the viewport:
    the viewport is made as tall as the content for the shot (bounded), then restored.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    try:
        height = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')]"
            ".map(e => e.scrollHeight), document.body.scrollHeight)")
    except Exception:
        height = size["height"] if size else 1000
    try:
        if size and height > size["height"]:
            page.set_viewport_size({"width": size["width"], "height": min(int(height), max_height)})
            next_frame(page)  # let charts re-layout
        page.screenshot(path=str(path), full_page=True)
    finally:
        if size:
            page.set_viewport_size(size)
    return path


def type_into_cell(page, text: str) -> None:
    """Type into the selected cell of an st.data_editor grid: the first key opens the cell's editor
    (with that key in it); keys pressed before the editor has focus are lost on a loaded machine."""
    page.keyboard.type(text[:1])
    page.wait_for_timeout(600)
    page.keyboard.type(text[1:], delay=40)
    page.wait_for_timeout(300)
