"""Plan: run the optimiser in a worker thread with live progress and a stop button; show the result."""

import pandas as pd
import streamlit as st

from app_i18n import fmt_num, lang, t
from app_state import jobs, keys, uploads, views
from scheduler.pin_edits import pins_from_rows

st.title(t("plan_title"))
st.markdown(t("plan_intro"))

if not uploads.has_inputs():
    st.info(t("need_files"), icon="ℹ️")
    st.page_link("app_pages/upload.py", label=t("go_upload"), icon="📂")
    st.stop()

instance = uploads.current_instance()
job = jobs.current()
running = job is not None and job.running
latest = views.latest_publication()

m1, m2, m3, m4 = st.columns(4)
m1.metric(t("metric_wards"), len(instance.wards))
m2.metric(t("metric_supporters"), len(instance.supporters))
m3.metric(t("metric_ward_slots"), len(instance.demand))
m4.metric(t("metric_dates"), f"{instance.slots[0].date:%d.%m}–{instance.slots[-1].date:%d.%m.%y}" if instance.slots else "–")
if st.session_state.get(keys.RULES_EDIT) is not None or st.session_state.get(keys.SUPPORTER_UPDATES):
    st.caption(t("plan_uses_edits"))

with st.container(border=True):
    c1, c2 = st.columns([2, 1])
    time_limit = c1.slider(t("time_limit"), min_value=5, max_value=600, value=30, step=5, key="time_limit",
                           help=t("time_limit_help"), disabled=running)
    measure = c2.checkbox(t("measure_limits"), value=True, key="measure_limits", help=t("measure_limits_help"),
                          disabled=running)
    minimal = c2.checkbox(t("replan_minimal"), value=False, key="replan_minimal", disabled=running or latest is None,
                          help=t("replan_minimal_help") if latest else t("replan_needs_publication"))
    pins, bad_pins = pins_from_rows(st.session_state.get(keys.PINS, []))
    if pins:
        st.caption(t("pins_active", n=len(pins)))
    if st.button(t("plan_button"), key="plan_button", type="primary", disabled=running, icon="▶️"):
        previous = latest.tables["duties"] if (minimal and latest is not None) else None
        jobs.start(instance, time_limit=time_limit, pins=pins, previous=previous, measure_limits=measure)
        st.rerun()


TIER_NAMES = ("uncovered_ward_slots", "uncovered_staff_shifts", "missing_backups", "changed_duties", "total_duties",
              "largest_load_ratio", "total_target_deviation", "profession_mismatches", "uneven_nights_weekends")


@st.fragment(run_every=0.5)
def progress() -> None:
    current = jobs.current()
    if current is None:
        return
    if not current.running:
        st.rerun(scope="app")  # the router collects the plan; the results draw on the full page
        return
    p = dict(current.progress)
    elapsed = current.elapsed()
    tier = p.get("tier")
    label = t("tier_" + tier) if tier in TIER_NAMES else t("starting")
    text = t("progress_text", n=p.get("tier_number", 0), of=p.get("tiers", "?"), tier=label)
    if elapsed > current.time_limit + 1:
        text = t("progress_limits")
    st.progress(min(elapsed / max(current.time_limit, 1), 1.0), text=text)
    c1, c2, c3, c4 = st.columns(4)
    coverage = p.get("coverage")
    c1.metric(t("metric_coverage"), "–" if coverage is None else f"{coverage:.1%}".replace(".", "," if lang() == "no" else "."))
    c2.metric(t("metric_bound"), fmt_num(p.get("bound")))
    c3.metric(t("metric_gap"), "–" if p.get("gap") is None else fmt_num(round(100 * p["gap"], 1)) + " %")
    c4.metric(t("metric_elapsed"), f"{elapsed:.0f} s")
    st.button(t("stop_button"), key="stop_button", on_click=current.control.stop, icon="⏹️",
              disabled=current.control.stopped, help=t("stop_help"))
    if current.control.stopped:
        st.caption(t("stopping"))


if running:
    st.subheader(t("progress_title"))
    progress()
    st.stop()

if job is not None and job.messages:
    st.error(t("plan_input_problem"), icon="❌")
    for message in job.messages:
        st.markdown(f"- {message}")

if job is not None and job.failed:
    st.error(t("plan_failed"), icon="❌")

plan = st.session_state.get(keys.PLAN)
if plan is None:
    st.info(t("no_plan_yet"), icon="ℹ️")
    st.stop()

# --- the result -------------------------------------------------------------------------------------
s = plan.summary
counts = s["counts"]
L = lang()
st.subheader(t("result_title"))
status = s["status"]
(st.success if status == "OPTIMAL" else st.warning)(t("status_" + status) if status in
    ("OPTIMAL", "FEASIBLE", "STOPPED", "NO_SOLUTION", "INFEASIBLE") else status, icon="✅" if status == "OPTIMAL" else "⚠️")
r1, r2, r3, r4, r5 = st.columns(5)
r1.metric(t("metric_covered"), f"{counts['covered']} / {counts['ward_slots']}")
r2.metric(t("metric_uncovered"), counts["uncovered"])
r3.metric(t("metric_duties"), counts["duties"])
r4.metric(t("metric_on_duty"), f"{counts['supporters_on_duty']} / {counts['supporters']}")
r5.metric(t("metric_time"), f"{s['timings'].get('plan_total', s['timings'].get('solve', 0)):.1f} s")
if s.get("previous_rota"):
    changed = next((x for x in s["tiers"] if x["name"] == "changed_duties"), None)
    if changed:
        st.caption(t("changed_duties_text", n=fmt_num(changed["value"])))

st.markdown(f"**{t('tiers_title')}**")
st.caption(t("tiers_help"))
tiers = pd.DataFrame([{t("col_tier"): x["label_no"] if L == "no" else x["label_en"], t("col_value"): x["value"],
                       t("col_bound"): x["bound"], t("col_gap"): fmt_num(round(100 * x["gap"], 1)) + " %",
                       t("col_status"): t("tier_optimal") if x["status"] == "OPTIMAL" else t("tier_not_proven"),
                       t("col_seconds"): x["seconds"]} for x in s["tiers"]])
st.dataframe(tiers, hide_index=True, width="stretch", key="tiers_table")

limits = [e for e in plan.limits if e.gain > 0]
st.markdown(f"**{t('limits_title')}**")
if counts["uncovered"] == 0:
    st.caption(t("limits_none_needed"))
elif not plan.limits:
    st.caption(t("limits_not_measured"))
elif not limits:
    st.caption(t("limits_no_gain"))
else:
    for e in limits:
        st.markdown("- " + t("limit_line", label=e.label_no if L == "no" else e.label_en, gain=e.gain,
                             proof=t("proven") if e.proven else t("not_proven")))
if counts["uncovered"]:
    st.caption(t("uncovered_hint", n=counts["uncovered"], fundamental=counts.get("uncoverable", 0)))

st.divider()
c1, c2, c3 = st.columns(3)
c1.page_link("app_pages/coverage.py", label=t("next_coverage"), icon="🏥")
c2.page_link("app_pages/burden.py", label=t("next_burden"), icon="⚖️")
c3.page_link("app_pages/publish.py", label=t("next_publish"), icon="📌")
