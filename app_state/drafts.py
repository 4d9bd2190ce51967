"""The draft: this session's work kept in the store, so a reload or a restart resumes it.

A draft has an id, shown in the page address (`?utkast=<id>`). What it keeps — the files, the
fixes made by hand, the rules edited, the coordinator's follow-up and locks, and the last plan —
is saved as the person works (the router calls :func:`save_if_changed` after every page run; the
plan job saves its plan when it finishes). A new session opened at an address with a draft id
(a reload, the same link in another tab, or the old tab after a server restart) takes the draft
back with :func:`restore`. See docs/app.md, "Drafts".
"""

from __future__ import annotations

import json
import logging
import secrets

import streamlit as st

from app_state import keys, uploads, views
from scheduler.store import valid_draft_id

log = logging.getLogger(__name__)

PARAM = "utkast"
_STATE_KEYS = (keys.COLUMN_MAPS, keys.CODE_MAPS, keys.RULES_EDIT, keys.SUPPORTER_UPDATES, keys.PINS,
               keys.PLAN_STARTED)


def draft_id() -> str | None:
    return st.session_state.get(keys.DRAFT_ID)


def ensure_id() -> str:
    """This session's draft id, made now if it has none yet."""
    current = draft_id()
    if current is None:
        current = secrets.token_urlsafe(12)
        st.session_state[keys.DRAFT_ID] = current
    keep_in_address()
    return current


def keep_in_address() -> None:
    """Put the draft id in the page address, so a reload comes back to it."""
    current = draft_id()
    if current is not None and st.query_params.get(PARAM) != current:
        st.query_params[PARAM] = current


def _state() -> dict:
    return {k: st.session_state[k] for k in _STATE_KEYS if st.session_state.get(k) not in (None, {}, [])}


def _snapshot() -> tuple[int, str]:
    return st.session_state.get(keys.FILES_VERSION, 0), json.dumps(_state(), sort_keys=True, default=str)


def save_if_changed() -> None:
    """Save the files (when they changed) and the choices (when they changed) to the store."""
    snapshot = _snapshot()
    saved = st.session_state.get(keys.DRAFT_SAVED)
    if saved == snapshot:
        return
    if draft_id() is None and snapshot == (0, "{}"):
        return  # nothing done yet: no draft to keep
    draft = ensure_id()
    try:
        store = views.store()
        if saved is None or saved[0] != snapshot[0]:
            files = {kind: [(e["name"], e["data"]) for e in uploads.entries(kind)] for kind in uploads.KINDS}
            store.save_draft(draft, files, _state())
        else:
            store.save_draft_state(draft, _state())
    except Exception:  # the page still works; the draft is saved on the next change
        log.exception("saving the draft failed")
        return
    st.session_state[keys.DRAFT_SAVED] = snapshot


def restore() -> bool:
    """Take back the draft named in the page address, once per session. True if one was restored."""
    if keys.DRAFT_ID in st.session_state or "_draft_checked" in st.session_state:
        return False
    st.session_state["_draft_checked"] = True
    wanted = st.query_params.get(PARAM)
    if not valid_draft_id(wanted):
        return False
    try:
        draft = views.store().load_draft(wanted)
    except Exception:
        log.exception("reading the draft failed")
        return False
    if draft is None:
        return False
    st.session_state[keys.DRAFT_ID] = draft.id
    restored = uploads.empty_files()
    for kind, entries in draft.files.items():
        items = [uploads.file_entry(name, data) for name, data in entries]
        if kind == "turnus":
            restored["turnus"] = items
        elif kind in restored and items:
            restored[kind] = items[0]
    st.session_state[keys.FILES] = restored
    st.session_state[keys.FILES_VERSION] = st.session_state.get(keys.FILES_VERSION, 0) + 1
    for k in _STATE_KEYS:
        if k in draft.state:
            st.session_state[k] = draft.state[k]
    if draft.plan is not None:
        st.session_state[keys.STORED_PLAN] = draft.plan
        st.session_state[keys.PLAN_META] = dict(draft.plan.meta)
        st.session_state[keys.VIEW] = "draft"
    st.session_state[keys.DRAFT_SAVED] = _snapshot()
    return True
