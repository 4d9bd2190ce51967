"""Publishing: save the rota, its inputs' checksums and the rules used; earlier publications stay as history."""

import json
import logging

import pandas as pd
import streamlit as st

from app_i18n import lang, reason_label, t
from app_state import jobs, keys, views, widgets
from scheduler.localtime import shown
from scheduler.store import PUBLICATION_REASONS

log = logging.getLogger(__name__)
STATUS_NAMES = ("OPTIMAL", "FEASIBLE", "STOPPED", "NO_SOLUTION", "INFEASIBLE")

st.title(t("publish_title"))
st.markdown(t("publish_intro"))

plan = st.session_state.get(keys.PLAN)
job = jobs.current()
if job is not None and job.running:
    st.info(t("publish_wait_solve"), icon="⏳")
elif plan is None:
    st.info(t("publish_no_draft"), icon="ℹ️")
else:
    counts = plan.summary["counts"]
    meta = st.session_state.get(keys.PLAN_META, {})
    st.markdown(t("draft_line", covered=counts["covered"], total=counts["ward_slots"], uncovered=counts["uncovered"],
                  duties=counts["duties"], status=t("status_" + plan.summary["status"])))
    if plan.summary["status"] != "OPTIMAL":
        st.caption(t("publish_not_optimal"))
    published_ids = st.session_state.get("published_plans", {})
    already = published_ids.get(id(plan))
    reason = widgets.localized_selectbox(st, t("publish_reason"), ["", *PUBLICATION_REASONS], "publish_reason",
                                         reason_label, help=t("publish_reason_help"))
    if st.button(t("publish_button"), key="publish_button", type="primary", icon="📌", disabled=already is not None):
        try:
            pid = views.publish_plan(plan, reason=reason)
        except Exception:  # the store is untouched on failure (one transaction); details in the server log
            log.exception("publishing failed")
            st.error(t("publish_failed"), icon="❌")
        else:
            st.session_state["published_plans"] = {**published_ids, id(plan): pid}
            st.session_state[keys.VIEW_PENDING] = f"pub:{pid}"
            st.rerun()
    if already is not None:
        st.success(t("published_as", id=already), icon="✅")
    with st.expander(t("publish_what")):
        st.markdown(t("publish_what_text"))
        st.json({"checksums": meta.get("checksums", plan.instance.checksums)}, expanded=False)

st.subheader(t("history_title"))
try:
    history = views.store().history()
except Exception:
    log.exception("the store cannot be read")
    st.error(t("store_unreadable"), icon="❌")
    st.stop()
if not history:
    st.caption(t("history_empty"))
else:
    st.dataframe(pd.DataFrame([{t("col_id"): h.id, t("col_published"): shown(h.created_at, lang()), t("col_reason_kind"): reason_label(h.reason),
                                t("col_status"): t(f"status_short_{h.status}") if h.status in STATUS_NAMES else h.status, t("metric_covered"): h.covered,
                                t("metric_uncovered"): h.uncovered, t("metric_duties"): h.duties} for h in history]),
                 hide_index=True, width="stretch", key="history_table")
    pick = st.selectbox(t("history_pick"), [h.id for h in history], key="history_pick",
                        format_func=lambda i: f"#{i}")
    pub = views.store().load(pick)
    with st.expander(t("history_details", id=pick)):
        st.markdown(f"**{t('rules_used')}**")
        st.json(json.loads(pub.rules_json), expanded=False)
        st.markdown(f"**{t('input_checksums')}**")
        st.json(pub.checksums, expanded=False)

    def _show(pid: int) -> None:
        st.session_state[keys.VIEW] = f"pub:{pid}"

    st.button(t("history_show"), key="history_show", on_click=_show, args=(pick,))
