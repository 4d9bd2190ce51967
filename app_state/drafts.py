"""The draft: this session's work kept in the store, so a reload or a restart resumes it.

A draft has an id, shown in the page address (`?utkast=<id>`). What it keeps — the files, the
fixes made by hand, the rules edited, the coordinator's follow-up and locks, and the last plan —
is saved as the person works (the router calls :func:`save_if_changed` after every page run; the
plan job saves its plan when it finishes). A new session opened at an address with a draft id
(a reload, the same link in another tab, or the old tab after a server restart) takes the draft
back with :func:`restore`. See docs/app.md, "Drafts".

A draft belongs to its author (docs/access.md): another person's link opens nothing — except for
the coordinator, who may open it to read; a change they make then becomes a draft of their own.
Files are kept in their kept form only (scheduler.io.kept_form: the columns the reader uses, row
for row), never as uploaded. Every save is in the audit log with who, when and which part changed.
"""

from __future__ import annotations

import json
import logging
import secrets

import streamlit as st

from app_state import auth, keys, uploads, views
from scheduler.access import Role
from scheduler.io.kept_form import kept_form
from scheduler.store.drafts import VERSION_KEY, DraftConflict, valid_draft_id

log = logging.getLogger(__name__)

PARAM = "utkast"
_STATE_KEYS = (keys.COLUMN_MAPS, keys.CODE_MAPS, keys.RULES_EDIT, keys.SUPPORTER_UPDATES, keys.PINS,
               keys.PLAN_STARTED)
#: Which part of the draft each kept choice is, for the audit log (scheduler.store.audit.DRAFT_PARTS).
_PARTS = {keys.COLUMN_MAPS: "mappings", keys.CODE_MAPS: "mappings", keys.RULES_EDIT: "rules",
          keys.SUPPORTER_UPDATES: "supporter_edits", keys.PINS: "pins"}
#: In the kept state: bumped by every save, so a tab sees that another one changed the draft since.
VERSION = VERSION_KEY
_KEPT_FORMS = "_kept_forms"  # {(kind, name, original checksum, column map): kept bytes}


def draft_id() -> str | None:
    return st.session_state.get(keys.DRAFT_ID)


def read_only_owner() -> str | None:
    """Whose draft this session shows read-only (the coordinator opened someone else's), or None."""
    return st.session_state.get(keys.DRAFT_READ_ONLY)


def ensure_id() -> str:
    """This session's draft id, made now if it has none yet — or a new one of this person's own when
    the session shows someone else's draft (their draft is never changed)."""
    current = draft_id()
    if current is None or read_only_owner() is not None:
        current = secrets.token_urlsafe(12)
        st.session_state[keys.DRAFT_ID] = current
        st.session_state.pop(keys.DRAFT_READ_ONLY, None)
        st.session_state.pop(keys.DRAFT_SAVED, None)
        st.session_state[keys.DRAFT_VERSION] = 0
    keep_in_address()
    return current


def keep_in_address() -> None:
    """Put the draft id in the page address, so a reload comes back to it."""
    current = draft_id()
    if current is not None and st.query_params.get(PARAM) != current:
        st.query_params[PARAM] = current


def _state() -> dict:
    return {k: st.session_state[k] for k in _STATE_KEYS if st.session_state.get(k) not in (None, {}, [])}


def _snapshot() -> tuple[tuple[int, str], str]:
    """(what the kept files depend on: the files and the column names chosen, the choices)."""
    files = (st.session_state.get(keys.FILES_VERSION, 0),
             json.dumps(st.session_state.get(keys.COLUMN_MAPS, {}), sort_keys=True, default=str))
    return files, json.dumps(_state(), sort_keys=True, default=str)


def _changed_parts(before: str | None, now: str) -> list[str]:
    old = json.loads(before) if before else {}
    new = json.loads(now)
    return list(dict.fromkeys(part for key, part in _PARTS.items() if old.get(key) != new.get(key)))


def _kept_files() -> dict[str, list[tuple[str, bytes, str]]]:
    """Each file in use in its kept form (computed once per file and column names), with the
    checksum of the upload it stands for."""
    maps = st.session_state.get(keys.COLUMN_MAPS, {})
    cache: dict = st.session_state.setdefault(_KEPT_FORMS, {})
    inputs = uploads.read_inputs()
    used = ({(r.kind, r.file): {h: f for h, f in r.columns.items() if h} for r in inputs.reports}
            if inputs is not None else {})
    out: dict[str, list[tuple[str, bytes, str]]] = {}
    fresh = {}
    for kind in uploads.KINDS:
        for entry in uploads.entries(kind):
            key = (kind, entry["name"], entry["original"], json.dumps(maps.get(entry["name"], {}), sort_keys=True))
            if key not in cache:
                source = uploads.source_of(entry, maps)
                cache[key] = kept_form(kind, source, used.get((kind, entry["name"])) if kind != "rules" else None)
            fresh[key] = cache[key]
            out.setdefault(kind, []).append((entry["name"], cache[key], entry["original"]))
    st.session_state[_KEPT_FORMS] = fresh  # forms of files no longer in use are forgotten
    return out


def save_if_changed() -> None:
    """Save the files (when they or the column names changed) and the choices (when they changed),
    in the signed-in person's name, with the parts changed in the audit log."""
    snapshot = _snapshot()
    saved = st.session_state.get(keys.DRAFT_SAVED)
    if saved == snapshot:
        return
    if draft_id() is None and snapshot in (((0, "{}"), "{}"), st.session_state.get(keys.DRAFT_BASELINE)):
        return  # nothing done yet (the bundled sample loaded is not work): no draft to keep, nothing written
    if st.session_state.get(keys.DRAFT_CONFLICT):
        return  # never over another tab's work: the person chooses first (app.py)
    draft = ensure_id()
    changed = _changed_parts(saved[1] if saved else None, snapshot[1])
    known = st.session_state.get(keys.DRAFT_VERSION, 0)
    try:
        store = views.store()
        kept = store.draft_state(draft)
        if kept is not None and kept.get(VERSION, 0) != known:
            # Another tab (or window) saved this draft since this one read it: the last edit would
            # silently win. Nothing is saved; the router says so and offers both ways on.
            st.session_state[keys.DRAFT_CONFLICT] = True
            return
        # The check above is cheap but not atomic: the save itself is a compare-and-set on the version
        # (scheduler.store.drafts), so of two tabs saving at once exactly one wins.
        state = {**_state(), VERSION: known + 1}
        if saved is None or saved[0] != snapshot[0]:
            store.save_draft(draft, _kept_files(), state, actor=auth.actor(), changed=["files", *changed],
                             expected_version=known)
        else:
            store.save_draft_state(draft, state, actor=auth.actor(), changed=changed, expected_version=known)
    except DraftConflict:
        st.session_state[keys.DRAFT_CONFLICT] = True
        return
    except Exception:  # the page still works; the draft is saved on the next change
        log.exception("saving the draft failed")
        return
    st.session_state[keys.DRAFT_SAVED] = snapshot
    st.session_state[keys.DRAFT_VERSION] = known + 1


def mark_baseline() -> None:
    """What the session holds now (the bundled sample, loaded for it) is not the person's work: a
    session that changes nothing from here writes no draft (issue 25: every visitor of the call page
    once got one)."""
    st.session_state[keys.DRAFT_BASELINE] = _snapshot()


def conflict() -> bool:
    """Another tab changed this draft since this one read it, and this one has unsaved changes."""
    return bool(st.session_state.get(keys.DRAFT_CONFLICT))


#: What a session holds of its draft, forgotten to read the draft again from the store.
_SESSION_DRAFT = (keys.DRAFT_ID, keys.DRAFT_CHECKED, keys.DRAFT_SAVED, keys.DRAFT_VERSION, keys.DRAFT_CONFLICT,
                  keys.DRAFT_READ_ONLY, keys.STORED_PLAN, keys.PLAN, keys.PLAN_META, keys.COLLECTED, *_STATE_KEYS)


def take_kept() -> None:
    """Drop this tab's unsaved changes and read the draft again as the other tab kept it."""
    for key in _SESSION_DRAFT:
        st.session_state.pop(key, None)
    uploads.clear_files()


def keep_as_new() -> None:
    """Keep this tab's work as a new draft of its own; the other tab's draft stays as it is."""
    st.session_state[keys.DRAFT_ID] = secrets.token_urlsafe(12)
    for key in (keys.DRAFT_SAVED, keys.DRAFT_CONFLICT, keys.DRAFT_READ_ONLY):
        st.session_state.pop(key, None)
    st.session_state[keys.DRAFT_VERSION] = 0
    keep_in_address()


def restore() -> bool:
    """Take back the draft named in the page address, once per session. True if one was restored.

    Only its author gets it; the coordinator gets anyone's, to read (a change makes a new draft)."""
    if keys.DRAFT_ID in st.session_state or keys.DRAFT_CHECKED in st.session_state:
        return False
    st.session_state[keys.DRAFT_CHECKED] = True
    wanted = st.query_params.get(PARAM)
    if not valid_draft_id(wanted):
        return False
    access = auth.current()
    try:
        draft = views.store().load_draft(wanted, auth.actor(),
                                         coordinator=access is not None and access.has(Role.COORDINATOR))
    except Exception:
        log.exception("reading the draft failed")
        return False
    if draft is None:
        st.session_state[keys.DRAFT_REFUSED] = True
        del st.query_params[PARAM]
        return False
    st.session_state[keys.DRAFT_ID] = draft.id
    if draft.read_only:
        st.session_state[keys.DRAFT_READ_ONLY] = draft.owner
    restored = uploads.empty_files()
    for kind, entries in draft.files.items():
        originals = draft.originals.get(kind, [])
        items = [uploads.file_entry(name, data, originals[i] if i < len(originals) else "")
                 for i, (name, data) in enumerate(entries)]
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
    st.session_state[keys.DRAFT_VERSION] = draft.state.get(VERSION, 0)
    return True
