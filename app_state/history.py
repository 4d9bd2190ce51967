"""History from the store for the app: what the next plan carries over, the coordinator's
follow-up and the leadership report (docs/history.md).

Everything is read through :class:`scheduler.store.history.HistoryStore` (the server's store,
``KOLLEGASTOTTE_DB``) and kept in the session under a fingerprint of the store — the publications
in force and the imports — so a page re-run reads nothing again until something is published,
withdrawn or imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from scheduler.carried import History
from scheduler.domain import Employee, Rules
from scheduler.history.carried import RECENT_DAYS, history_from
from scheduler.store.base import default_db_path
from scheduler.store.history import HistoryStore
from scheduler.store.publications import PublicationStore

_CACHE = "_history_cache"


def store() -> HistoryStore:
    return HistoryStore(default_db_path())


def fingerprint() -> tuple:
    """What history depends on in the store: publications and imports, each with whether it counts."""
    try:
        pubs = tuple((h.id, h.withdrawn) for h in PublicationStore(default_db_path()).history())
        imports = tuple((i.id, i.withdrawn) for i in store().imports())
    except Exception:  # an unreadable store: no history (the publish page says the store is unreadable)
        return ("unreadable",)
    return (str(default_db_path()), pubs, imports)


def _cached(key: tuple, make):
    cache = st.session_state.setdefault(_CACHE, {})
    if key not in cache:
        if len(cache) > 16:
            cache.clear()
        cache[key] = make()
    return cache[key]


def carried(period_start: dt.date, rules: Rules, *, days: int | None = None):
    """(History, period loads) for a period starting `period_start` — or of the last `days` — from the store."""
    key = ("carried", fingerprint(), period_start, rules.history_months, tuple(s.duty_hours for s in rules.slots), days)

    def make():
        try:
            return history_from(store(), period_start, rules, days=days)
        except Exception:
            return History(), []

    return _cached(key, make)


def recent(period_start: dt.date, rules: Rules):
    """The last :data:`RECENT_DAYS` before `period_start`."""
    return carried(period_start, rules, days=RECENT_DAYS)


def report(first: dt.date, last: dt.date):
    """The leadership report for first..last (scheduler.report.leadership.build_report), cached."""
    from scheduler.report.leadership import build_report

    key = ("report", fingerprint(), first, last)

    def make():
        s = store()
        return build_report(s.publications(first, last), first, last, contacts=s.contacts_total)

    return _cached(key, make)


def forget() -> None:
    """After an import or a withdrawal: read again."""
    st.session_state.pop(_CACHE, None)


_UNTIL = "followup_until_value"


def latest_period_end() -> dt.date | None:
    """The last date of the newest rota in force (what has been planned so far), if any."""
    try:
        span = PublicationStore(default_db_path()).in_force().span()
    except Exception:
        return None
    return span[1] if span else None


def window_end(container, label: str, help_text: str) -> dt.date:
    """The follow-up window's last date, chosen on the follow-up and supporter pages alike
    (default: the end of the newest rota in force, else today)."""
    from scheduler.localtime import today

    chosen = st.session_state.get(_UNTIL) or latest_period_end() or today()
    value = container.date_input(label, value=chosen, key="followup_until", help=help_text,
                                 format="DD.MM.YYYY")
    st.session_state[_UNTIL] = value
    return value


def names(uploaded: Mapping[str, Employee] | None = None) -> dict[str, str]:
    """Display names by employee id: from the files uploaded (`uploaded`: the employees read), else
    as kept with the rota in force."""
    out: dict[str, str] = {}
    try:
        rota = PublicationStore(default_db_path()).rota_in_force()
    except Exception:
        rota = None
    people = rota.tables.get("people") if rota is not None else None
    if people is not None:
        out.update({str(e): str(n) for e, n in zip(people["employee_id"], people["name"], strict=True) if str(n)})
    out.update({e: emp.name for e, emp in (uploaded or {}).items() if emp.name})
    return out


def sites() -> list[str]:
    """The sites of the wards kept with the rota in force ("" first: every site), for picking a
    supervision meeting's site (docs/supervision.md)."""
    try:
        rota = PublicationStore(default_db_path()).rota_in_force()
    except Exception:
        rota = None
    wards = rota.tables.get("wards") if rota is not None else None
    found = sorted({str(s) for s in wards["site"] if str(s)}) if wards is not None and "site" in wards else []
    return ["", *found]


def _frames_digest(*frames: pd.DataFrame) -> str:
    """A digest of small tables' columns and contents (the store's counts for the outcomes)."""
    digest = hashlib.sha256()
    for frame in frames:
        digest.update(repr(list(frame.columns)).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def outcomes(first: dt.date, last: dt.date):
    """The leadership report's outcomes for first..last (scheduler.report.leadership_outcomes).

    Statuses and conversations change without a publication, so the store's counts are read on
    every run (0.04–0.14 s at a trust-year); the outcomes are made again only when those counts or
    the publications change — making them from a year's publications took 0.8–1.0 s at L on every
    run of the report page (issue 25, «Pages that scale»)."""
    from scheduler.report.leadership_outcomes import build_outcomes, outcome_data

    data = outcome_data(default_db_path())
    key = ("outcomes", fingerprint(), first, last,
           _frames_digest(data.contacts, data.incidents, data.conversations, data.attendance))
    return _cached(key, lambda: build_outcomes(store().publications(first, last), data, first, last))
