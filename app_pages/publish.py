"""Publishing: save the rota, its inputs' checksums and the rules used; earlier publications stay as history.

A draft made from files or choices that changed since cannot be published: the page says so and
points to the plan page. The coordinator publishes and withdraws any rota; rostering staff those
whose wards are all theirs (docs/access.md). A withdrawn publication stays in the history and can
be put back; every publish and withdrawal is in the audit log with who and when.
"""

import json
import logging

import pandas as pd
import streamlit as st

from app_i18n import has_text, lang, reason_label, t, t_plain
from app_pages.common import link
from app_state import auth, jobs, keys, views, widgets
from scheduler.access import Role
from scheduler.localtime import shown
from scheduler.store.guard import StoreError
from scheduler.store.publications import PUBLICATION_REASONS

log = logging.getLogger(__name__)

access = auth.require("publish")
st.title(t("publish_title"))
st.markdown(t("publish_intro"))

draft = views.draft_view()
job = jobs.current()
if job is not None and job.running:
    st.info(t("publish_wait_solve"), icon=":material/hourglass_top:")
elif draft is None:
    st.info(t("publish_no_draft"), icon=":material/info:")
else:
    counts = draft.summary["counts"]
    meta = st.session_state.get(keys.PLAN_META, {})
    status = draft.summary["status"]
    st.markdown(t("draft_line", covered=counts["covered"], total=counts["ward_slots"], uncovered=counts["uncovered"],
                  duties=counts["duties"], when=shown(meta.get("finished_at", draft.created_at), lang()),
                  status=t("status_" + status) if has_text("status_" + status) else status))
    stale = views.is_stale(draft)
    if stale:
        st.warning(t("publish_stale"), icon=":material/warning:")
        link(st, "plan", t("go_plan"), ":material/edit_calendar:")
    elif status != "OPTIMAL":
        st.caption(t("publish_not_optimal"))
    published = st.session_state.get(keys.PUBLISHED_PLANS, {})
    already = published.get(meta.get("job") or meta.get("finished_at"))
    allowed = access.may_publish(draft.wards())
    if not allowed:
        st.info(t_plain("publish_not_your_wards", wards=", ".join(
            sorted(set(draft.wards()) - set(access.wards_for(Role.ROSTERING) or ())))), icon=":material/block:")
        widgets.end_page()
    reason = widgets.localized_selectbox(st, t("publish_reason"), ["", *PUBLICATION_REASONS], "publish_reason",
                                         reason_label, help=t("publish_reason_help"))
    # A publication replaces its own wards on its dates; the other wards keep the rota in force for
    # them (docs/access.md, «A rota in force per ward»). Only the coordinator may replace every ward.
    st.caption(t("publish_scope", wards=widgets.plain(", ".join(draft.wards()))))
    replace_all, confirmed = False, True
    if access.has(Role.COORDINATOR):
        replace_all = st.checkbox(t("publish_replace_all"), key="publish_replace_all", help=t("publish_replace_all_help"))
        if replace_all:
            dropped = views.wards_dropped(draft)
            if dropped:
                st.warning(t("publish_drops", wards=widgets.plain(", ".join(dropped))), icon=":material/warning:")
                confirmed = st.checkbox(t("publish_drops_confirm", n=len(dropped)), key="publish_drops_confirm")
    if st.button(t("publish_button"), key="publish_button", type="primary", icon=":material/push_pin:",
                 disabled=already is not None or stale or not confirmed):
        try:
            pid = views.publish_draft(reason=reason, replaces_all=replace_all)
        except StoreError as error:  # the store is untouched (one transaction); the cause, e.g. a full disk, is said
            log.warning("publishing failed: %s", error)
            st.error(t("publish_failed_because", why=widgets.plain(error.messages[0].render(lang()))),
                     icon=":material/error:")
        except Exception:  # the store is untouched on failure (one transaction); details in the server log
            log.exception("publishing failed")
            st.error(t("publish_failed"), icon=":material/error:")
        else:
            st.session_state[keys.PUBLISHED_PLANS] = {**published, meta.get("job") or meta.get("finished_at"): pid}
            st.session_state[keys.VIEW_PENDING] = f"pub:{pid}"
            st.rerun()
    if already is not None:
        st.success(t("published_as", id=already), icon=":material/check_circle:")
    with st.expander(t("publish_what")):
        st.markdown(t("publish_what_text"))
        st.json({"checksums": draft.instance.checksums}, expanded=False)

st.subheader(t("history_title"))
try:
    history = views.store().history()
except Exception:
    log.exception("the store cannot be read")
    st.error(t("store_unreadable"), icon=":material/error:")
    widgets.end_page()
if not history:
    st.caption(t("history_empty"))
else:
    st.dataframe(pd.DataFrame([{t("col_id"): h.id, t("col_published"): shown(h.created_at, lang()),
                                t("col_in_force"): t("withdrawn") if h.withdrawn else t("yes"),
                                t("col_reason_kind"): reason_label(h.reason),
                                t("col_status"): t(f"status_short_{h.status}") if has_text(f"status_short_{h.status}")
                                else h.status,
                                t("metric_covered"): h.covered, t("metric_uncovered"): h.uncovered,
                                t("metric_duties"): h.duties} for h in history]),
                 hide_index=True, width="stretch", key="history_table", placeholder="")
    pick = st.selectbox(t("history_pick"), [h.id for h in history], key="history_pick",
                        format_func=lambda i: t("publication_no", id=i))
    pub = views.store().load(pick)
    with st.expander(t("history_details", id=pick)):
        st.markdown(f"**{t('rules_used')}**")
        st.json(json.loads(pub.rules_json), expanded=False)
        st.markdown(f"**{t('input_checksums')}**")
        st.json(pub.checksums, expanded=False)

    def _show(pid: int) -> None:
        st.session_state[keys.VIEW] = f"pub:{pid}"

    st.button(t("history_show"), key="history_show", on_click=_show, args=(pick,))

    # Withdraw a publication (it stays in the history), or put a withdrawn one back.
    info = next(h for h in history if h.id == pick)
    if access.may_publish(set(pub.tables["assignments"]["ward"].astype(str))):
        if info.withdrawn:
            if st.button(t("republish_button", id=pick), key="republish_button", icon=":material/redo:"):
                views.store().republish(pick, actor=auth.actor())
                views.forget_in_force()
                st.rerun()
        elif st.button(t("unpublish_button", id=pick), key="unpublish_button", icon=":material/undo:",
                       help=t("unpublish_help")):
            views.store().unpublish(pick, actor=auth.actor())
            views.forget_in_force()
            st.rerun()
