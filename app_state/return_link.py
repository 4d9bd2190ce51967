"""The page a person opened before signing in — the QR code's `/hvem-ringer?post=S-NEV2` — kept
across sign-in.

Streamlit's sign-in comes back at `/`, in a new session: the page and the ward of the link would
be lost, and the employee would pick the ward again. The sign-in page keeps the page's address
and the ward in a short-lived cookie (10 minutes, this site only; a page name and a ward id,
nothing about the person); the first run after sign-in opens that page with that ward, if the
person's role gives it, and the cookie is cleared on the run after.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

import streamlit as st

from app_state import keys

COOKIE = "kollegastotte_lenke"
_SECONDS = 600
#: What a kept address may hold: a page address, and a ward id of reasonable length.
_PAGE = re.compile(r"[a-z-]{1,40}")
_WARD = re.compile(r"[^\x00-\x1f<>\"'`\\]{1,60}")


def _set_cookie(value: str, seconds: int) -> None:
    # `value` is percent-encoded: only [A-Za-z0-9%._~-] reach the script.
    st.html(f"<script>document.cookie = '{COOKIE}={value}; path=/; max-age={seconds}; SameSite=Lax';</script>",
            unsafe_allow_javascript=True)


def remember(page: str, ward: str | None) -> None:
    """On the sign-in page at another page's address: keep that address for after sign-in."""
    if not _PAGE.fullmatch(page or ""):
        return
    ward = ward if ward and _WARD.fullmatch(ward) else ""
    _set_cookie(quote(f"{page}|{ward}", safe=""), _SECONDS)


def take() -> tuple[str, str] | None:
    """The page and ward kept before sign-in, once per session (None when there is none)."""
    taken = st.session_state.get(keys.RETURN_LINK)
    if taken == "take":  # the run after: clear the cookie, so a later visit starts at the start
        st.session_state[keys.RETURN_LINK] = "done"
        _set_cookie("", 0)
        return None
    if taken is not None:
        return None
    raw = st.context.cookies.get(COOKIE)
    if not isinstance(raw, str) or not raw:
        st.session_state[keys.RETURN_LINK] = "done"
        return None
    st.session_state[keys.RETURN_LINK] = "take"
    page, _, ward = unquote(raw).partition("|")
    if not _PAGE.fullmatch(page) or (ward and not _WARD.fullmatch(ward)):
        return None
    return page, ward
