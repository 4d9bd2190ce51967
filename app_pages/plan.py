"""Plan: run the optimiser in a worker thread with live progress and a stop button; show the result.

The result is read from the plan's summary (docs/outputs.md), so a plan taken back from the store
after a reload shows the same as one made in this session. Tiers are listed as the summary lists
them — in the order and with the names the optimiser used.
"""

import pandas as pd
import streamlit as st

from app_i18n import (
    fmt_bound,
    fmt_count,
    fmt_date,
    fmt_num,
    fmt_pct,
    fmt_ratio,
    fmt_share_down,
    has_text,
    lang,
    limit_label,
    plural,
    t,
    t_plain,
    tier_label,
)
from app_pages.common import code_effect_warning, link
from app_pages.duty_actions import duty_actions
from app_pages.plan_stopped import stopped_comparison
from app_state import auth, jobs, keys, uploads, views, widgets
from scheduler.localtime import shown
from scheduler.views.burden import weeks_in
from scheduler.views.pin_edits import pins_from_rows

auth.require("plan")
st.title(t("plan_title"))
st.markdown(t("plan_intro"))

if not uploads.has_inputs():
    st.info(t("need_files"), icon=":material/info:")
    st.page_link("app_pages/upload.py", label=t("go_upload"), icon=":material/upload_file:")
    widgets.end_page()

instance = uploads.current_instance()
job = jobs.current()
running = job is not None and job.running
bases = views.replan_bases(uploads.demand_wards())

if instance.slots:
    first, last = instance.slots[0].date, instance.slots[-1].date
    st.markdown(t("plan_period", first=fmt_date(first, weekday=True, year=True), last=fmt_date(last, weekday=True, year=True),
                  weeks=weeks_in(instance.slots)))
m1, m2, m3 = st.columns(3)
m1.metric(t("metric_wards"), len(instance.wards))
m2.metric(t("metric_supporters"), len(instance.supporters))
m3.metric(t("metric_ward_slots"), len(instance.demand), help=t("metric_ward_slots_help"))
if st.session_state.get(keys.RULES_EDIT) is not None or st.session_state.get(keys.SUPPORTER_UPDATES):
    st.caption(t("plan_uses_edits"))
code_effect_warning()  # before the plan, and beside the plan made with it

with st.container(border=True):
    c1, c2 = st.columns([2, 1])
    # After a reload the page shows what the draft's last plan was made with, not the defaults.
    last_limit = min(600, max(5, 5 * round(job.time_limit / 5))) if job is not None else 30
    time_limit = c1.slider(t("time_limit"), min_value=5, max_value=600, value=last_limit, step=5, key="time_limit",
                           help=t("time_limit_help"), disabled=running)
    measure = c2.checkbox(t("measure_limits"), value=job.measure_limits if job is not None else True,
                          key="measure_limits", help=t("measure_limits_help"), disabled=running)
    # Re-planning a draft keeps its duties as far as the rules allow, unless a fresh plan is asked for.
    choices = [*bases, "fresh"]
    if st.session_state.get("_replan_choices") != choices:  # a new plan or publication: the first choice again
        st.session_state.pop("replan_base", None)
        st.session_state["_replan_choices"] = choices
    keep = c2.radio(t("replan_base"), choices, key="replan_base", disabled=running,
                    format_func=lambda c: t(f"replan_base_{c}"), help=t("replan_base_help"))
    pins, bad_pins = pins_from_rows(st.session_state.get(keys.PINS, []))
    if pins:
        st.caption(t("pins_active", n=len(pins)))
    if st.button(t("plan_button"), key="plan_button", type="primary", disabled=running, icon=":material/play_arrow:"):
        jobs.start(instance, time_limit=time_limit, pins=pins, previous=bases.get(keep), measure_limits=measure,
                   base=keep)
        st.rerun()

if jobs.interrupted():
    st.warning(t("plan_interrupted"), icon=":material/warning:")


@st.fragment(run_every=0.5)
def progress() -> None:
    current = jobs.current()
    if current is None:
        return
    if not current.running:
        st.rerun(scope="app")  # the router collects the plan; the results draw on the full page
        return
    if current.waiting:
        ahead = jobs.registry().queue.ahead_of(current)
        st.info(t("waiting_turn", n=ahead, plans=plural(ahead, "plan_one", "plan_many")), icon=":material/hourglass_top:")
        st.button(t("stop_waiting"), key="stop_button", on_click=current.stop, icon=":material/stop_circle:")
        return
    p = dict(current.progress)
    elapsed = current.elapsed()
    phase = current.phase
    # Each line says what is being done now — never a step the plan is not at (issue 25, item 2).
    if phase == "solving":
        text = t("progress_text", n=p.get("tier_number", 0), of=p.get("tiers", "?"), tier=tier_label(p.get("tier")))
    elif phase in ("building", "rota", "limits", "tables", "saving"):
        text = t(f"progress_{phase}")
    else:
        text = t("starting")
    st.progress(min(elapsed / max(current.time_limit, 1), 1.0), text=text)
    c1, c2, c3 = st.columns(3)
    c1.metric(t("metric_coverage"), fmt_pct(p.get("coverage")))
    gap = p.get("gap") if phase == "solving" else None
    # «Proven best» is said of the step being worked on, and only once its bound proves it.
    c2.metric(t("metric_sure"), "–" if gap is None else t("sure_yes") if gap == 0 else t("sure_not_yet"),
              help=t("metric_sure_help", bound=fmt_num(p.get("bound")), gap=fmt_pct(gap)))
    c3.metric(t("metric_elapsed"), f"{elapsed:.0f} s")
    if phase == "solving" and p.get("objective") is not None and p.get("objective") == p.get("objective"):
        # «Best possible» only once the bound proves it; before that the bound is called a bound.
        st.caption(t("progress_step_value_proven" if gap == 0 else "progress_step_value_bound",
                     n=p.get("tier_number", 0), of=p.get("tiers", "?"),
                     value=fmt_num(p.get("objective")), bound=fmt_num(p.get("bound"))))
    done = p.get("done_tiers") or []
    if done:
        proven = sum(1 for d in done if d["proven"])
        st.caption(t("progress_steps_done", proven=proven, open=len(done) - proven))
        # Each step done with its value and bound: «best possible» only where the bound proves it.
        st.caption("  \n".join(
            t("progress_step_done", n=i, tier=tier_label(d["tier"]), value=fmt_num(d.get("value")),
              proof=t("step_proven") if d["proven"] else t("step_open", bound=fmt_num(d.get("bound"))))
            for i, d in enumerate(done, start=1)))
    interim_plan(current)
    st.button(t("stop_button"), key="stop_button", on_click=current.stop, icon=":material/stop_circle:",
              disabled=current.control.stopped, help=t("stop_help"))
    if current.control.stopped:
        st.caption(t("stopping"))


def interim_plan(current: jobs.PlanJob) -> None:
    """The rota after the last finished step from fairness on, while later steps run (issue 20,
    «Anytime»): its figures, and «use this rota now» to take it as it is."""
    plan = current.interim
    if plan is None or current.control.stopped:
        return
    s = plan.summary
    step = s.get("interim") or {}
    counts, fair = s["counts"], s.get("fairness") or {}
    with st.container(border=True, key="interim_plan"):
        title = "interim_title" if step.get("tier") == current.progress.get("interim_first") else "interim_newer"
        st.markdown(f"**{t(title, n=step.get('tier', '?'), of=step.get('tiers', '?'))}**")
        last = step.get("tier") is not None and step.get("tier") == step.get("tiers")
        st.caption(t("interim_last_intro" if last else "interim_intro"))  # after the last step nothing improves it
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(t("metric_covered"), fmt_share_down(counts["covered"], counts["ward_slots"]))
        c2.metric(t("metric_uncovered"), fmt_count(counts["uncovered"]))
        c3.metric(t("metric_duties"), fmt_count(counts["duties"]))
        c4.metric(t("interim_busiest"), t("interim_busiest_value", x=fmt_ratio(fair.get("largest_ratio"))))
        tier = next((x for x in s.get("tiers", []) if x["name"] == "largest_load_ratio"), None)
        if tier and tier["status"] == "OPTIMAL":
            st.caption(t("interim_fair_proven"))
        elif fair.get("largest_ratio_bound"):
            st.caption(t("interim_fair_open", x=fmt_bound(fair["largest_ratio_bound"])))
        st.button(t("take_now_button"), key="take_now_button", on_click=current.take_now, type="primary",
                  icon=":material/done_all:", help=t("take_now_help"))


if running:
    st.subheader(t("progress_title"))
    progress()
    widgets.end_page()

if job is not None and job.messages:
    st.error(t("plan_input_problem"), icon=":material/error:")
    for message in job.messages:
        st.text(message)

if job is not None and job.failed:
    st.error(t("plan_failed"), icon=":material/error:")

if job is not None and job.stopped_before_plan:
    st.info(t("plan_stopped_before_any"), icon=":material/stop_circle:")

view = views.draft_view()
if view is None:
    st.info(t("no_plan_yet"), icon=":material/info:")
    widgets.end_page()

# --- the result -------------------------------------------------------------------------------------
s = view.summary
counts = s["counts"]
meta = st.session_state.get(keys.PLAN_META, {})
L = lang()
st.subheader(t("result_title"))
st.caption(t("result_made", when=shown(meta.get("finished_at", view.created_at), L)))
if views.is_stale(view):
    st.warning(t("plan_stale"), icon=":material/warning:")
status = s["status"]
(st.success if status == "OPTIMAL" else st.warning)(t("status_" + status) if has_text("status_" + status) else status,
                                                   icon=":material/check_circle:" if status == "OPTIMAL" else "⚠️")
r1, r2, r3, r4, r5 = st.columns(5)
# A share, with the counts behind it on hover: «86399 / 86402» was cut to «86399 / 8…» at 1440 px.
r1.metric(t("metric_covered"), fmt_share_down(counts["covered"], counts["ward_slots"]),
          help=t("metric_covered_of", covered=fmt_count(counts["covered"]), of=fmt_count(counts["ward_slots"])))
r2.metric(t("metric_uncovered"), fmt_count(counts["uncovered"]))
r3.metric(t("metric_duties"), fmt_count(counts["duties"]))
r4.metric(t("metric_on_duty"), f"{counts['supporters_on_duty']} / {counts['supporters']}")
r5.metric(t("metric_time"), f"{fmt_num(round(s['timings'].get('plan_total', s['timings'].get('solve', 0)), 1))} s")

if meta.get("taken_early"):
    step = meta.get("interim") or {}
    st.info(t("taken_early_note", n=step.get("tier", "?"), of=step.get("tiers", "?")), icon=":material/done_all:")
if meta.get("stopped"):
    stopped_comparison(s, meta)

# --- what changed: after every re-plan, who gained and who lost which duty -----------------------------
if meta.get("baseline"):
    changes = pd.DataFrame(meta.get("changes") or [], columns=["date", "slot", "supporter_id", "name", "change",
                                                                 "wards_covered"])
    against = t("changes_vs_published") if meta["baseline"] == "published" else t("changes_vs_draft")
    st.markdown(f"**{t('changes_title', n=len(changes), against=against)}**")
    if changes.empty:
        st.caption(t("changes_none"))
    else:
        table = pd.DataFrame({
            t("col_date"): [fmt_date(d, weekday=True) for d in changes["date"]],
            t("col_slot"): changes["slot"],
            t("col_supporter"): [f"{n or i}" for n, i in zip(changes["name"], changes["supporter_id"], strict=True)],
            t("col_change"): [t("change_added") if c == "added" else t("change_removed") for c in changes["change"]],
            t("col_wards_covered"): changes["wards_covered"].str.replace(";", ", "),
        })
        st.dataframe(table, hide_index=True, width="stretch", key="changes_table", placeholder="")

# --- one click on a duty: lock, forbid or give it to someone else, then plan again ----------------------
duty_actions(view, view.duties, "plan_duty")

fair = s.get("fairness") or {}
if fair:
    st.markdown(f"**{t('fair_title')}**", help=t("fair_help"))
    lines = [t("fair_busiest", x=fmt_ratio(fair["largest_ratio"]))]
    tier = next((x for x in s.get("tiers", []) if x["name"] == "largest_load_ratio"), None)
    if tier and tier["status"] == "OPTIMAL":  # the bound is the load itself: one figure (views/ratios.py)
        lines.append(t("fair_bound_proven", x=fmt_ratio(fair["largest_ratio"])))
    elif fair.get("largest_ratio_bound"):
        lines.append(t("fair_bound_open", x=fmt_bound(fair["largest_ratio_bound"])))
    if fair.get("supporters_above_flag"):
        lines.append(t("fair_above_flag", n=fair["supporters_above_flag"], flag=fmt_num(fair["flag_ratio"])))
        forced = fair.get("forced") or []
        if forced and forced[0]["ratio"] > fair["flag_ratio"]:
            top = forced[0]
            lines.append(t_plain("fair_forced", group=top["group_no" if L == "no" else "group_en"], duties=top["duties"],
                           n=len(top["supporters"])))
    if fair.get("price_of_fairness_found") is not None:
        lines.append(t("fair_price", extra=plural(fair["price_of_fairness_found"], "duties_n_one", "duties_n_many"), fewest=fair["fewest_duties"]))
    else:
        lines.append(t("fair_price_bound", extra=plural(fair["price_of_fairness_at_most"], "duties_n_one", "duties_n_many"), fewest=fair["fewest_duties_bound"]))
    if fair.get("fewest_duties_at_fairness_bound"):
        lines.append(t("fair_price_needed", needed=fair["fewest_duties_at_fairness_bound"], duties=fair["duties"]))
    st.markdown("\n".join(f"- {line}" for line in lines))

st.markdown(f"**{t('tiers_title')}**", help=t("tiers_help"))
tiers = s.get("tiers", [])
st.dataframe(pd.DataFrame([{t("col_tier"): tier_label(x["name"], x), t("col_value"): fmt_num(x["value"]),
                            t("col_status"): t("tier_optimal") if x["status"] == "OPTIMAL" else t("tier_not_proven")}
                           for x in tiers]),
             hide_index=True, width="stretch", key="tiers_table", placeholder="")
not_begun = (s.get("model") or {}).get("tiers_not_begun", 0)
if not_begun:  # the time limit was spent before them (building a large model takes much of it)
    st.caption(t("tiers_not_begun", n=not_begun))
with st.expander(t("solver_numbers")):
    st.caption(t("solver_numbers_help"))
    st.dataframe(pd.DataFrame([{t("col_tier"): tier_label(x["name"], x), t("col_value"): fmt_num(x["value"]),
                                t("col_bound"): fmt_num(x["bound"]), t("col_gap"): fmt_pct(x["gap"]),
                                t("col_seconds"): fmt_num(x["seconds"])} for x in tiers]),
                 hide_index=True, width="stretch", key="tiers_numbers", placeholder="")

limits = [e for e in s.get("binding_limits", []) if e.get("gain", 0) > 0]
st.markdown(f"**{t('limits_title')}**")
if counts["uncovered"] == 0:
    st.caption(t("limits_none_needed"))
elif not s.get("binding_limits"):
    st.caption(t("limits_not_measured"))
elif not limits:
    st.caption(t("limits_no_gain"))
else:
    for e in limits:
        st.markdown("- " + t("limit_line", label=limit_label(e), more=plural(e["gain"], "more_slot_one", "more_slot_many"),
                             proof=t("proven") if e.get("proven") else t("not_proven")))
if counts["uncovered"]:
    st.caption(t("uncovered_hint", n=counts["uncovered"], fundamental=counts.get("uncoverable", 0)))

st.divider()
c1, c2, c3 = st.columns(3)
link(c1, "coverage", t("next_coverage"), ":material/local_hospital:")
link(c2, "burden", t("next_burden"), ":material/balance:")
link(c3, "publish", t("next_publish"), ":material/push_pin:")
