"""Run `streamlit` with a socket guard: any connection or name look-up that is not loopback is
written to the file named by NET_GUARD_LOG and refused.

Used by tests/app/test_server.py as `python tests/app/net_guard.py run app.py ...`: the server must make
no outbound request (Streamlit looks up the machine's external IP unless told its address).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import traceback
from collections.abc import Callable

_LOG = os.environ.get("NET_GUARD_LOG", "")  # read again by _refuse, so tests can point it elsewhere
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback or host in ("0.0.0.0", "::")
    except ValueError:
        return False


def _refuse(what: str) -> None:
    path = os.environ.get("NET_GUARD_LOG", _LOG)
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{what}\n{''.join(traceback.format_stack(limit=12))}\n---\n")
    raise OSError(f"network guard: {what} refused")


def install() -> Callable[[], None]:
    """Guard this process's sockets; returns a function that takes the guard off again."""
    connect, connect_ex, getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            _refuse(f"connect {address!r}")
        return connect(self, address)

    def guarded_connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            _refuse(f"connect_ex {address!r}")
        return connect_ex(self, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and not _is_loopback(name):
            _refuse(f"getaddrinfo {name!r}")
        return getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    socket.getaddrinfo = guarded_getaddrinfo

    def uninstall() -> None:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo

    return uninstall


if __name__ == "__main__":
    install()
    from streamlit.web.cli import main

    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(main())
