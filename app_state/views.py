"""The rota a page shows — this session's draft or a publication — and publishing a draft.

Coverage, burden and export draw a :class:`View`, whichever it came from. Publications are read
from the store (:class:`scheduler.store.PublicationStore`), whose path comes from the server's
environment (``KOLLEGASTOTTE_DB``), never from the page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app_state import keys
from scheduler.domain import Instance, Rules
from scheduler.plan import Plan, plan_tables
from scheduler.published import kept_rota, kept_tables, skeleton_instance
from scheduler.report import supporter_calendar, ward_notice_html, workbook_bytes
from scheduler.rota import Rota
from scheduler.store import DB_ENV, DEFAULT_DB_PATH, Publication, PublicationStore


def store_path() -> str:
    return os.environ.get(DB_ENV) or DEFAULT_DB_PATH


def store() -> PublicationStore:
    return PublicationStore(store_path())


def publish_plan(plan: Plan, reason: str = "") -> int:
    meta = st.session_state.get(keys.PLAN_META, {})
    summary = {**plan.summary, "published_from": meta}
    return store().publish(kept_tables(plan), summary, plan.instance.rules.model_dump_json(),
                           dict(plan.instance.checksums), reason=reason)


@dataclass
class View:
    """What the coverage, burden and export pages show: the draft of this session or a publication."""

    kind: str  # "draft" or "published"
    publication_id: int | None
    tables: dict[str, pd.DataFrame]
    summary: dict
    instance: Instance  # the real one (draft) or a skeleton rebuilt from the publication
    rota: Rota
    rules: Rules
    created_at: str = ""
    reason: str = ""  # the kind of publication (scheduler.store.PUBLICATION_REASONS), or ""

    @property
    def assignments(self) -> pd.DataFrame:
        return self.tables["assignments"]

    @property
    def duties(self) -> pd.DataFrame:
        return self.tables["duties"]

    @property
    def burden(self) -> pd.DataFrame:
        return self.tables["burden"]

    @property
    def coverage(self) -> pd.DataFrame:
        return self.tables["coverage"]

    def wards(self) -> list[str]:
        return sorted(set(self.assignments["ward"]))

    def on_duty(self) -> list[str]:
        return sorted(set(self.duties["supporter_id"]))

    def notice(self, ward: str, lang: str) -> str:
        return ward_notice_html(self.instance, self.rota, ward, lang)

    def calendar(self, supporter_id: str) -> bytes:
        return supporter_calendar(self.instance, self.rota, supporter_id)

    def workbook(self) -> bytes:
        return workbook_bytes({k: self.tables[k] for k in ("assignments", "duties", "burden", "coverage")})


def publication_view(publication_id: int) -> View:
    key = (store_path(), publication_id)
    cached = st.session_state.get(keys.PUBLICATION_CACHE)
    if cached and cached[0] == key:
        return cached[1]
    pub = store().load(publication_id)
    instance = skeleton_instance(pub.tables, pub.summary, pub.rules_json, pub.checksums)
    view = View("published", pub.id, pub.tables, pub.summary, instance, kept_rota(pub.tables), instance.rules,
                pub.created_at, pub.reason)
    st.session_state[keys.PUBLICATION_CACHE] = (key, view)
    return view


def draft_view() -> View | None:
    plan: Plan | None = st.session_state.get(keys.PLAN)
    if plan is None:
        return None
    return View("draft", None, plan_tables(plan), plan.summary, plan.instance, plan.rota, plan.instance.rules,
                st.session_state.get(keys.PLAN_META, {}).get("finished_at", ""))


def view_options() -> list[str]:
    options = ["draft"] if st.session_state.get(keys.PLAN) is not None else []
    try:
        options += [f"pub:{h.id}" for h in store().history()[:50]]
    except Exception:  # an unreadable store is said on the publish page, not here
        pass
    return options


def current_view() -> View | None:
    choice = st.session_state.get(keys.VIEW)
    options = view_options()
    if choice not in options:
        choice = options[0] if options else None
    if choice is None:
        return None
    if choice == "draft":
        return draft_view()
    return publication_view(int(choice.split(":", 1)[1]))


def latest_publication() -> Publication | None:
    try:
        return store().latest()
    except Exception:
        return None
