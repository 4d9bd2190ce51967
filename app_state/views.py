"""The rota a page shows — this session's draft or a publication — and publishing a draft.

Coverage, burden and export draw a :class:`View`, whichever it came from. Publications are read
from the store (:class:`scheduler.store.publications.PublicationStore`), whose path comes from the server's
environment (``KOLLEGASTOTTE_STORE``, or ``KOLLEGASTOTTE_DB``), never from the page.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st

from app_state import auth, keys, uploads
from app_state.opened_store import file_id, store, store_path
from scheduler.access import Role
from scheduler.domain import Instance, Rules
from scheduler.model.reason_privacy import reasons_shown
from scheduler.model.supervision import Meeting, meetings_for, meetings_from_attendees
from scheduler.report.calendars import supporter_calendar
from scheduler.report.call_now import call_page_url
from scheduler.report.notices import ward_notice_html
from scheduler.report.workbook import workbook_bytes
from scheduler.solve.plan import Plan, plan_tables
from scheduler.solve.rota import Rota
from scheduler.store.drafts import DraftPlan
from scheduler.store.published import kept_phones, kept_rota, kept_tables, skeleton_instance

log = logging.getLogger(__name__)


def publish_draft(reason: str = "", replaces_all: bool = False) -> int:
    """Publish this session's draft (as shown on the pages), in the signed-in person's name;
    returns the publication's id. It replaces the draft's wards only (docs/access.md, «A rota in
    force per ward»); `replaces_all` (the coordinator's choice) replaces every ward on its dates."""
    view = draft_view()
    if view is None:
        raise LookupError("no draft to publish")
    access = auth.current()
    if replaces_all and (access is None or not access.has(Role.COORDINATOR)):
        raise PermissionError("only the coordinator replaces every ward")
    plan: Plan | None = st.session_state.get(keys.PLAN)
    tables = kept_tables(plan) if plan is not None else view.tables
    meta = {k: v for k, v in st.session_state.get(keys.PLAN_META, {}).items() if k != "changes"}
    publication = store().publish(tables, {**view.summary, "published_from": meta}, view.rules.model_dump_json(),
                                  dict(view.instance.checksums), reason=reason, actor=auth.actor(),
                                  wards=view.wards(), replaces_all=replaces_all)
    forget_in_force()
    return publication


def wards_dropped(view: View) -> list[str]:
    """The wards in force on the draft's dates that a publication replacing every ward would drop."""
    span = view.span()
    if span is None:
        return []
    forced = store().in_force(*span)
    return sorted(forced.wards() - set(view.wards()))


@dataclass
class View:
    """What the coverage, burden and export pages show: the draft of this session or a publication."""

    kind: str  # "draft", "published" (one publication) or "in_force" (the rota in force per ward)
    publication_id: int | None
    tables: dict[str, pd.DataFrame]
    summary: dict
    instance: Instance  # the real one (draft) or a skeleton rebuilt from the publication
    rota: Rota
    rules: Rules
    created_at: str = ""
    reason: str = ""  # the kind of publication (scheduler.store.publications.PUBLICATION_REASONS), or ""
    phones: dict[str, str] | None = None  # supporters' numbers as kept; None: the instance's supporters have them
    withdrawn: bool = False
    publications: tuple[int, ...] = ()  # the publications a rota in force is made of

    def span(self) -> tuple[dt.date, dt.date] | None:
        """The rota's first and last date."""
        horizon = self.summary.get("horizon") or {}
        try:
            return dt.date.fromisoformat(horizon["from"]), dt.date.fromisoformat(horizon["to"])
        except (KeyError, TypeError, ValueError):
            return None

    def reasons(self, frame: pd.DataFrame) -> list[str]:
        """The reasons to show for uncovered rows of `frame`: named only to whom may see names —
        the coordinator, and rostering staff of the ward in their own draft (docs/access.md)."""
        access = auth.current()
        coordinator = access is not None and access.has(Role.COORDINATOR)
        mine = access.wards_for(Role.ROSTERING) if access is not None else frozenset()

        def may_name(ward: str) -> bool:
            return coordinator or (self.kind == "draft" and (mine is None or ward in mine))

        if self.kind == "draft" and self.rota.reasons and "named_reasons" not in self.tables:
            # A plan made in this session still knows each reason in both forms and both languages.
            index = {(s.date.isoformat(), s.name): s.index for s in self.instance.slots}
            out = []
            for d, sl, w, r in frame[["date", "slot", "ward", "reason"]].astype(str).itertuples(index=False):
                reason = self.rota.reasons.get((w, index.get((d[:10], sl), -1)))
                out.append(r if reason is None else
                           reason.text("en" if r == reason.text_en else "no", names=may_name(w)))
            return out
        return reasons_shown(frame, self.tables, may_name)

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

    @property
    def on_call(self) -> pd.DataFrame | None:
        """Who is on call from home where nobody covers on site (on_call.csv), when it was planned."""
        return self.tables.get("on_call")

    @cached_property
    def meetings(self) -> list[Meeting]:
        """The supervision meetings for the calendars (docs/supervision.md): as kept with the rota, or
        placed from this session's turnus for a draft planned here; none without `[supervision]`."""
        kept = self.tables.get("supervision_calendar")
        if kept is not None:
            return meetings_from_attendees(kept)
        shifts = getattr(self.instance, "shifts", None)  # a kept rota's skeleton has no turnus
        if self.rules.supervision is None or shifts is None or not len(shifts):
            return []
        return meetings_for(self.instance, self.duties)

    def wards(self) -> list[str]:
        return sorted(set(self.assignments["ward"]))

    def on_duty(self) -> list[str]:
        """Everyone with a calendar: on duty on site, on call from home, or at a supervision meeting."""
        standby = set(self.on_call["supporter_id"].astype(str)) - {"", "nan"} if self.on_call is not None else set()
        meeting = {sid for m in self.meetings for sid in m.at_work}
        return sorted(set(self.duties["supporter_id"]) | standby | meeting)

    def notice(self, ward: str, lang: str) -> str:
        """The printable notice: phones, the fallback number and the QR code as the server is set up."""
        base = auth.public_url()
        return ward_notice_html(self.instance, self.rota, ward, lang, phones=self.phones,
                                qr_url=call_page_url(base, ward) if base else "", fallback_phone=auth.fallback_phone(),
                                on_call=self.on_call)

    def calendar(self, supporter_id: str) -> bytes:
        return supporter_calendar(self.instance, self.rota, supporter_id, self.on_call, meetings=self.meetings)

    def workbook(self, lang: str | None = None) -> bytes:
        return workbook_bytes({k: self.tables[k] for k in ("assignments", "duties", "burden", "coverage")}, lang)


def publication_view(publication_id: int) -> View:
    withdrawn = any(h.id == publication_id and h.withdrawn for h in store().history())
    key = (store_path(), publication_id, withdrawn)
    cached = st.session_state.get(keys.PUBLICATION_CACHE)
    if cached and cached[0] == key:
        return cached[1]
    pub = store().load(publication_id)
    instance = skeleton_instance(pub.tables, pub.summary, pub.rules_json, pub.checksums)
    view = View("published", pub.id, pub.tables, pub.summary, instance, kept_rota(pub.tables), instance.rules,
                pub.created_at, pub.reason, kept_phones(pub.tables), withdrawn, (pub.id,))
    st.session_state[keys.PUBLICATION_CACHE] = (key, view)
    return view


#: The rota in force, read and parsed once per server process for every session (issue 25: it was
#: read and parsed again for every new session, 57 ms each): {key: View}, the newest key only.
_in_force: dict[tuple, View] = {}
_in_force_lock = threading.Lock()
in_force_builds = 0  # how often it was read and parsed (tests, the benchmark)


#: Seconds the publications in force are taken as known before the store is asked again (a rush asks
#: once, not per visitor); a publication or a withdrawal through this process is seen at once.
IN_FORCE_CHECK_SECONDS = 2.0
_checked: dict[tuple, tuple[tuple, float]] = {}
_call_parts: dict[tuple, object] = {}  # {(key, part, ward): what the call page derives from the view}


def in_force_key() -> tuple:
    """What the rota in force is made of: the store and its publications in force. A publication, a
    withdrawal or a re-publication changes it (publications never change), so the shared copy
    below is made again then — also after one made by another process (the command line, a second
    server), within IN_FORCE_CHECK_SECONDS."""
    path = store_path()
    where = (path, file_id(path))
    now = time.monotonic()
    known = _checked.get(where)
    if known is not None and now - known[1] < IN_FORCE_CHECK_SECONDS:
        return known[0]
    key = (*where, tuple(store().in_force().publications()))
    _checked.clear()
    _checked[where] = (key, now)
    return key


def in_force_part(view: View, part: str, ward: str, make):  # noqa: ANN001, ANN201 - any derived value
    """A value the call page derives from the rota in force `view` (a ward's lines, the ward list),
    made once per rota in force and shared, like the rota itself."""
    key = (store_path(), view.publications, part, ward)
    value = _call_parts.get(key)
    if value is None:
        value = make()
        if len(_call_parts) > 2000:
            _call_parts.clear()
        _call_parts[key] = value
    return value


def in_force_view() -> View | None:
    """The rota in force per ward and date (scheduler.model.in_force), as a View; None when nothing is
    published. A store that cannot be read raises (the page says so; it never reads as "none").

    One copy per server process, shared by every session and read-only for them."""
    global in_force_builds
    key = in_force_key()
    if not key[2]:
        return None
    view = _in_force.get(key)
    if view is not None:
        return view
    with _in_force_lock:  # a rush waits for the one reading it, instead of each reading it again
        view = _in_force.get(key)
        if view is not None:
            return view
        rota = store().rota_in_force()
        if rota is None:
            return None
        instance = skeleton_instance(rota.tables, rota.summary, rota.rules_json, {})
        view = View("in_force", None, rota.tables, rota.summary, instance, kept_rota(rota.tables), instance.rules,
                    phones=kept_phones(rota.tables), publications=tuple(rota.publications))
        in_force_builds += 1
        _in_force.clear()
        _call_parts.clear()
        _in_force[(*key[:2], tuple(rota.publications))] = view  # what it is made of, published meanwhile or not
    return view


def forget_in_force() -> None:
    """Drop the shared copy (a publish or a withdrawal here; the key would notice it too)."""
    with _in_force_lock:
        _in_force.clear()
        _checked.clear()
        _call_parts.clear()


def draft_view() -> View | None:
    """This session's draft: the plan made here, or the draft's last plan as kept in the store."""
    finished = st.session_state.get(keys.PLAN_META, {}).get("finished_at", "")
    plan: Plan | None = st.session_state.get(keys.PLAN)
    if plan is not None:
        tables = plan_tables(plan) | ({"on_call": plan.on_call} if plan.on_call is not None else {})
        return View("draft", None, tables, plan.summary, plan.instance, plan.rota, plan.instance.rules, finished)
    stored: DraftPlan | None = st.session_state.get(keys.STORED_PLAN)
    if stored is None:
        return None
    cached = st.session_state.get(keys.STORED_VIEW_CACHE)
    if cached and cached[0] is stored:
        return cached[1]
    instance = skeleton_instance(stored.tables, stored.summary, stored.rules_json, stored.checksums)
    view = View("draft", None, stored.tables, stored.summary, instance, kept_rota(stored.tables), instance.rules,
                finished, phones=kept_phones(stored.tables))
    st.session_state[keys.STORED_VIEW_CACHE] = (stored, view)
    return view


def has_draft() -> bool:
    return st.session_state.get(keys.PLAN) is not None or st.session_state.get(keys.STORED_PLAN) is not None


def is_stale(view: View) -> bool:
    """A draft made from other files or choices than those in use now."""
    if view.kind != "draft":
        return False
    return st.session_state.get(keys.PLAN_META, {}).get("inputs_key") != uploads.plan_key()


def view_options() -> list[str]:
    """The rotas this person may look at: their draft, the rota in force per ward, and the
    publications one by one (those who plan also see withdrawn ones; the others only those in force).

    Those who plan get the rota in force offered once it is made of more than one publication (else
    it is the newest publication, with its own figures); the others get it first, always."""
    access = auth.current()
    planner = access is not None and access.sees_drafts
    options = ["draft"] if planner and has_draft() else []
    try:
        history = store().history()
        composed = len(store().in_force().publications()) > 1
    except Exception:  # an unreadable store is said on the pages that read it, not here
        return options
    if any(not h.withdrawn for h in history) and (composed or not planner):
        options.append("in_force")
    options += [f"pub:{h.id}" for h in history[:50] if planner or not h.withdrawn]
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
    if choice == "in_force":
        return in_force_view()
    return publication_view(int(choice.split(":", 1)[1]))


def previous_duties(wards: list[str]) -> pd.DataFrame | None:
    """The duties in force for `wards` (the draft's): what a re-plan changes as little as possible.
    Duties for other wards are not the draft's to keep or change; None when nothing is in force."""
    try:
        rota = store().rota_in_force()
    except Exception:  # an unreadable store: planning goes on without it; the publish page says why
        log.exception("the rota in force cannot be read")
        return None
    if rota is None:
        return None
    duties = rota.tables["duties"]
    wanted = set(wards)
    keep = [bool(set(str(w).split(";")) & wanted) for w in duties["wards_covered"].astype(str)]
    return duties.loc[keep].reset_index(drop=True)


def replan_bases(wards: list[str]) -> dict[str, pd.DataFrame]:
    """What a re-plan can change as little as possible, most relevant first: the draft's last plan
    (`draft`) unless it is what was published, and the rota in force for the draft's wards
    (`published`). Locking or forbidding one duty before the first publication must not churn the
    draft's rota (issue 23): a re-plan keeps the draft's duties unless a fresh plan is asked for."""
    bases: dict[str, pd.DataFrame] = {}
    draft = draft_view()
    meta = st.session_state.get(keys.PLAN_META, {})
    published_here = (meta.get("job") or meta.get("finished_at")) in st.session_state.get(keys.PUBLISHED_PLANS, {})
    if draft is not None and len(draft.duties) and not published_here:
        bases["draft"] = draft.duties
    in_force = previous_duties(wards)
    if in_force is not None:
        bases["published"] = in_force
    return bases
