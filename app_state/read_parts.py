"""Each uploaded file read once by its content, per session (issue 25: adding a supporters list to a
trust-year's turnus read every file again, 24–32 s).

:class:`SessionParts` is the store :func:`scheduler.io.load_inputs` reads through
(scheduler/io/read_once.py): one entry per file role in the session, so it is bounded by the seven
roles and goes with the session. A role asked for under another key drops what it kept at once,
before the new reading is made — never two readings of a year's turnus alive side by side.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import streamlit as st

from app_state import keys


class SessionParts:
    """What reading each file role gave, under the key it was read for."""

    def __init__(self, kept: MutableMapping[str, tuple[str, Any]]) -> None:
        self.kept = kept

    def get(self, role: str, key: str) -> Any | None:
        entry = self.kept.get(role)
        if entry is not None and entry[0] == key:
            return entry[1]
        self.kept.pop(role, None)  # the old reading goes before the new one is made
        return None

    def put(self, role: str, key: str, value: Any) -> None:
        self.kept[role] = (key, value)


def session_parts() -> SessionParts:
    """The store of this session (created on first use)."""
    if keys.READ_PARTS not in st.session_state:
        st.session_state[keys.READ_PARTS] = {}
    return SessionParts(st.session_state[keys.READ_PARTS])


def forget_parts() -> None:
    """No files in use: nothing kept of their readings."""
    st.session_state.pop(keys.READ_PARTS, None)
