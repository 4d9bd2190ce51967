"""The server as a hospital machine runs it: on this machine only, no tracebacks for users, and
not one outbound connection — from the server (a socket guard) or from the page (the browser).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from browser_helpers import ROOT, StreamlitServer, button, chromium_path, wait_idle
from net_guard import install

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_config_listens_locally_hides_error_details_and_sends_no_statistics():
    assert CONFIG["server"]["address"] == "127.0.0.1"
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_the_guard_catches_streamlits_external_address_lookup(tmp_path, monkeypatch):
    """Without this, the server test below could pass with a guard that sees nothing."""
    from streamlit import net_util

    log = tmp_path / "guard.log"
    monkeypatch.setenv("NET_GUARD_LOG", str(log))
    monkeypatch.setattr(net_util, "_external_ip", None)
    monkeypatch.setattr(net_util, "_internal_ip", None)
    uninstall = install()
    try:
        assert net_util.get_external_ip() is None
        net_util.get_internal_ip()
    finally:
        uninstall()
    text = log.read_text(encoding="utf-8")
    assert "checkip.amazonaws.com" in text and "8.8.8.8" in text


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of sockets listening on `port` (Linux /proc/net/tcp, tcp6)."""
    found = set()
    for name in ("tcp", "tcp6"):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                found.add(address)
    return found


@pytest.mark.browser
@pytest.mark.skipif(chromium_path() is None, reason="Chromium not installed")
def test_server_stays_on_this_machine_and_asks_nobody(tmp_path, chromium):
    sync_api = pytest.importorskip("playwright.sync_api")
    guard_log = tmp_path / "guard.log"
    server = StreamlitServer(tmp_path / "store.sqlite3", tmp_path, guard_log=guard_log, project_config_only=True)
    server.start()
    outside: list[str] = []
    try:
        listening = _listening_addresses(server.port)
        if listening:  # 127.0.0.1 in /proc/net/tcp's little-endian hex
            assert listening == {"0100007F"}, listening
        context = chromium.new_context(locale="nb-NO")

        def only_local(route):
            host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
            if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", only_local)
        for host in ("127.0.0.1", "localhost"):
            page = context.new_page()
            page.goto(f"http://{host}:{server.port}/")
            sync_api.expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=60_000)
            wait_idle(page)
        button(page, "sample_button").click()
        sync_api.expect(page.get_by_role("heading", name="Leserapporter")).to_be_visible(timeout=60_000)
        wait_idle(page)
        context.close()
    finally:
        server.stop()
    log = server.log_text()
    assert "External URL" not in log and "Network URL" not in log, log
    assert not guard_log.exists(), guard_log.read_text(encoding="utf-8")
    assert outside == []
