"""Burden (coordinator): is the load on each supporter fair and within limits; why a load is high;
follow-up counts and dates; a person × day grid to lock or forbid duties; re-plan with minimal change."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app_i18n import fmt_bound, fmt_date, fmt_num, fmt_ratio, lang, plural, t, t_plain, view_caption
from app_pages.common import stale_warning
from app_pages.outreach_parts import contact_load_section
from app_state import auth, jobs, keys, uploads, views, widgets
from scheduler.localtime import today
from scheduler.views.burden import SORTS, burden_view, load_facts, top_of
from scheduler.views.code_entry import EntryError
from scheduler.views.pin_edits import grid_cells, pins_after_edit, pins_from_rows
from scheduler.views.pin_entry import cell_words, parse_cell
from scheduler.views.supporter_edits import followup_changes, followup_table
from scheduler.views.week import week_of, week_starts

SHOWN_COUNTS = (20, 50)  # the top of the list the charts draw (at 244 supporters all is 21 screens)

auth.require("burden")
st.title(t("burden_title"))
st.markdown(t("burden_intro"))



def carried_line(row: dict, history: dict) -> str:
    """Why the share is what it is, from what the person carried before (docs/history.md)."""
    ratio, base, target = row.get("carried_ratio"), row.get("base_target"), row.get("target")
    if ratio is None or pd.isna(ratio):
        return t("why_load_no_history")
    factor = target / base if base and pd.notna(base) and base > 0 and pd.notna(target) else 1.0
    return t("why_load_history", ratio=fmt_ratio(ratio), factor=fmt_num(factor),
             periods=plural(history["periods"], "earlier_periods_one", "earlier_periods_many"),
             months=history.get("history_months", 12))


def list_controls(burden: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Which supporters the charts draw: the top of the list in the order chosen, or those found by
    name (a choice list one types into, no free text); the table below keeps everyone."""
    c1, c2, c3 = st.columns([2, 1, 1])
    who = dict(zip(burden["supporter_id"].astype(str), burden["who"], strict=True))
    find = c1.multiselect(t("burden_find"), list(who), key="burden_find", format_func=lambda s: f"{who[s]} ({s})",
                          placeholder=t("burden_find_placeholder"))
    sort = widgets.localized_selectbox(c2, t("burden_sort"), list(SORTS), "burden_sort", lambda k: t(f"burden_sort_{k}"))
    counts = [n for n in SHOWN_COUNTS if n < len(burden)] + [0]
    n = widgets.localized_selectbox(c3, t("burden_shown"), counts, "burden_shown",
                                    lambda k: t("burden_shown_all", n=len(burden)) if k == 0 else t("burden_shown_top", n=k),
                                    disabled=bool(find))
    top = top_of(burden, sort, n or None, find)
    if not find and n and n < len(burden):
        st.caption(t("burden_shown_caption", n=n, of=len(burden)))
    return top, top["who"].tolist()


def show_burden(view: views.View) -> None:
    """Load against fair share and limits, and the facts behind one person's load."""
    period_limits = {sid: view.rules.period_duties(sup) for sid, sup in view.instance.supporters.items()}
    shown = burden_view(view.burden, view.instance.slots, period_limits)
    burden, weeks = shown.table, shown.weeks

    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("metric_duties"), shown.duties)
    fair = view.summary.get("fairness") or {}
    bound = fair.get("largest_ratio_bound")
    c2.metric(t("metric_max_ratio"), t("times_share", x=fmt_ratio(shown.largest_ratio)) if shown.largest_ratio else "–",
              delta=t("fair_bound_short", x=fmt_bound(bound)) if bound else None, delta_color="off",
              help=t("metric_max_ratio_help") + " " + t("fair_help"))
    c3.metric(t("metric_nights"), shown.nights)
    c4.metric(t("metric_weekends"), shown.weekend_duties)
    history = view.summary.get("history") or {}
    if history.get("periods") and history.get("history_weight"):
        st.caption(t("burden_history_note", periods=plural(history["periods"], "earlier_periods_one", "earlier_periods_many"),
                     months=history.get("history_months", 12), weight=fmt_num(history["history_weight"])))

    st.subheader(t("hours_vs_target"))
    burden["ratio_text"] = [t("times_share", x=fmt_ratio(r)) if pd.notna(r) else "–" for r in burden["load_ratio"]]
    top, order = list_controls(burden)
    base = alt.Chart(top).encode(y=alt.Y("who:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False, labelLimit=220)))
    tooltip = [alt.Tooltip("who:N", title=t("col_supporter")), alt.Tooltip("hours:Q", title=t("col_hours")),
               alt.Tooltip("target:Q", title=t("col_target")), alt.Tooltip("ratio_text:N", title=t("col_load_ratio"))]
    bars = base.mark_bar(color="#0072B2").encode(x=alt.X("hours:Q", title=t("col_hours")), tooltip=tooltip)
    ticks = base.mark_tick(color="#D55E00", thickness=3, size=18).encode(x="target:Q", tooltip=tooltip)
    text = base.mark_text(align="left", dx=6, fontSize=11).encode(x="hours:Q", text="ratio_text:N")
    st.altair_chart((bars + ticks + text).properties(height=alt.Step(22)), width="stretch", key="burden_hours_chart")
    st.caption(t("hours_vs_target_help"))

    # --- why is a load high? -------------------------------------------------------------------------------
    st.subheader(t("why_load_title"))
    who_by_id = dict(zip(burden["supporter_id"].astype(str), burden["who"], strict=True))
    pick = widgets.localized_selectbox(st, t("why_load_pick"), list(who_by_id), "why_load_supporter",
                                       lambda s: f"{who_by_id[s]} – {burden.set_index('supporter_id').loc[s, 'ratio_text']}")
    row = burden[burden["supporter_id"].astype(str) == pick].iloc[0].to_dict()
    facts = load_facts(view.instance, row, view.duties)
    lines = [t_plain("why_load_ratio", who=who_by_id[pick], hours=fmt_num(facts.hours), target=fmt_num(facts.target),
               ratio=fmt_ratio(facts.ratio) if facts.ratio is not None else "–")]
    lines.append(t("why_load_protected", hours=fmt_num(facts.protected_hours_per_week))
                 if facts.protected_hours_per_week is not None else t("why_load_unprotected"))
    if facts.weeks_available is not None:
        lines.append(t("why_load_weeks", n=facts.weeks_available, of=weeks))
    if facts.recent_activity:
        lines.append(t("why_load_activity", n=facts.recent_activity))
    if history.get("periods"):
        lines.append(carried_line(row, history))
    if facts.only_one:
        lines.append(t("why_load_only_one", n=facts.only_one, of=facts.duties))
    elif facts.only_one is None:
        lines.append(t("why_load_published"))
    st.markdown("\n".join(f"- {line}" for line in lines))

    st.subheader(t("duties_vs_limits"))
    long = top.melt(id_vars=["who"], value_vars=["duties", "nights", "weekend_duties"], var_name="what", value_name="n")
    long["what"] = long["what"].map({"duties": t("col_duties"), "nights": t("col_nights"),
                                     "weekend_duties": t("col_weekend_duties")})
    duties_chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("who:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        x=alt.X("n:Q", title=t("col_count")), yOffset="what:N",
        color=alt.Color("what:N", title="", scale=alt.Scale(range=["#0072B2", "#E69F00", "#009E73"]),
                        legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("who:N", title=t("col_supporter")), alt.Tooltip("what:N", title=""),
                 alt.Tooltip("n:Q", title=t("col_count"))])
    limit_ticks = alt.Chart(top).mark_tick(color="black", thickness=2, size=18).encode(
        y=alt.Y("who:N", sort=order), x="limit_period:Q",
        tooltip=[alt.Tooltip("limit_period:Q", title=t("col_limit_period"))])
    st.altair_chart((duties_chart + limit_ticks).properties(height=alt.Step(10)), width="stretch",
                    key="burden_duties_chart")
    st.caption(t("duties_vs_limits_help", weeks=weeks))

    table = pd.DataFrame({
        t("col_name"): burden["who"], t("col_home_ward"): burden["home_ward"], t("col_duties"): burden["duties"],
        t("col_nights"): burden["nights"], t("col_weekend_duties"): burden["weekend_duties"],
        t("col_hours"): [fmt_num(x) for x in burden["hours"]], t("col_target"): [fmt_num(x) for x in burden["target"]],
        t("col_load_ratio"): burden["ratio_text"], t("col_limit_period"): burden["limit_period"].astype("Int64"),
        t("col_recent_activity"): burden["recent_activity"].astype("Int64"),
        **({t("col_carried"): [t("times_share", x=fmt_ratio(r)) if pd.notna(r) else "–" for r in burden["carried_ratio"]]}
           if "carried_ratio" in burden.columns and burden["carried_ratio"].notna().any() else {}),
        **({t("col_on_call"): pd.to_numeric(burden["on_call"], errors="coerce").astype("Int64"),
            t("col_on_call_load"): [t("times_share", x=fmt_ratio(r)) if pd.notna(r) else "–"
                                    for r in pd.to_numeric(burden["on_call_load"], errors="coerce")]}
           if "on_call" in burden.columns and "on_call_load" in burden.columns else {}),  # docs/domain.md
    })
    st.dataframe(table, hide_index=True, width="stretch", key="burden_table", placeholder="")



view = views.current_view()
if view is None:
    st.info(t("no_rota_yet"), icon=":material/info:")
    st.page_link("app_pages/plan.py", label=t("go_plan"), icon=":material/edit_calendar:")
else:
    st.caption(view_caption(view))
    stale_warning(view)
    show_burden(view)
    contact_load_section(view)

# --- follow-up: recent conversations (a count) and unavailable dates ------------------------------------
st.divider()
st.subheader(t("followup_title"))
st.info(t("counts_only_long"), icon=":material/lock:")
inputs = uploads.read_inputs() if uploads.has_inputs() else None
if inputs is None:
    st.caption(t("followup_needs_inputs"))
    widgets.end_page()

supporters = uploads.effective_supporters(inputs)
names = {sid: (inputs.employees[sid].name if sid in inputs.employees else s.name) or sid for sid, s in supporters.items()}
follow = followup_table(supporters, names)
edited = st.data_editor(follow, key=keys.FOLLOWUP_EDITOR, hide_index=True, width="stretch", placeholder="",
                        disabled=["supporter_id", "name"], column_order=["name", "recent_activity", "unavailable"],
                        column_config={
                            "name": st.column_config.TextColumn(t("col_name")),
                            "recent_activity": st.column_config.NumberColumn(t("col_recent_activity"), min_value=0, step=1,
                                                                             help=t("counts_only")),
                            "unavailable": st.column_config.TextColumn(t("col_unavailable"),
                                                                       help=t("unavailable_help")),
                        })
if st.button(t("apply_followup"), key="apply_followup"):
    changed, unreadable = followup_changes(edited.to_dict("records"), inputs.supporters)
    st.session_state[keys.SUPPORTER_UPDATES] = changed
    st.session_state.pop(keys.FOLLOWUP_EDITOR, None)
    for sid, parts in unreadable.items():
        st.warning(t_plain("bad_dates", who=names.get(sid, sid), parts=", ".join(parts)),
                   icon=":material/warning:")
    st.success(t("followup_saved", n=len(changed)), icon=":material/check_circle:")

# --- the person × day grid: lock or forbid duties -----------------------------------------------------
st.divider()
st.subheader(t("grid_title"))
st.caption(t("grid_help"))
if view is None:
    st.caption(t("grid_needs_rota"))
    widgets.end_page()
starts = week_starts(view.instance.slots)
if not starts:
    widgets.end_page()
week_names = {m: t("week_label", week=m.isocalendar().week, first=fmt_date(m), last=fmt_date(m + dt.timedelta(days=6)))
              for m in starts}
if st.session_state.get("grid_week") not in starts:  # kept in the state, never also given as a default
    st.session_state["grid_week"] = week_of(today(), starts)
monday = widgets.localized_selectbox(st, t("week_choice"), starts, "grid_week", week_names.get)
period = {s.date for s in view.instance.slots}
days = [d for d in (monday + dt.timedelta(days=i) for i in range(7)) if d in period]
slot_names = [s.name for s in uploads.effective_rules(inputs).slots]
pin_rows = st.session_state.get(keys.PINS, [])
cells = grid_cells(view.duties.to_dict("records"), pin_rows)
people = sorted(supporters, key=lambda s: (names.get(s, s), s))
homes = {sid: inputs.employees[sid].ward if sid in inputs.employees else "" for sid in people}
week_duties = view.duties[view.duties["date"].astype(str).isin([d.isoformat() for d in days])]
count = week_duties.groupby("supporter_id").size().to_dict()
# Each cell is text one types (issue 23): «n» a duty that must come, «l n» locked, «f n» forbidden, empty
# for none — Enter or Tab moves on (scheduler/views/pin_entry.py); what cannot be read is said per cell.
language = lang()
grid = pd.DataFrame([{"supporter_id": sid, "name": names.get(sid, sid), "ward": homes[sid], "n": count.get(sid, 0),
                      **{d.isoformat(): cell_words(cells.get((sid, d.isoformat()), ""), language) for d in days}}
                     for sid in people])
GRID_PROBLEMS = "_pins_grid_problems"

st.data_editor(
    grid, key=f"pins_grid_{monday.isoformat()}", hide_index=True, width="stretch", placeholder="",
    height=min(35 * (len(grid) + 1) + 3, 1200),
    disabled=["supporter_id", "name", "ward", "n"], column_order=["name", "ward", "n", *[d.isoformat() for d in days]],
    column_config={
        "name": st.column_config.TextColumn(t("col_name"), pinned=True),
        "ward": st.column_config.TextColumn(t("col_home_ward"), width="small"),
        "n": st.column_config.NumberColumn(t("col_week_duties"), width="small"),
        **{d.isoformat(): st.column_config.TextColumn(fmt_date(d, weekday=True), help=t("grid_cell_help"), width="small")
           for d in days},
    })


def _save_grid(before: dict, base: pd.DataFrame, widget: str, slots: list[str], language: str) -> None:
    """Apply the grid's edits (read from the widget's own state, so a quick click loses none) — all of
    them, or none while a cell cannot be read (each such cell is said: whose, which day, what to type)."""
    edited = st.session_state.get(widget, {}).get("edited_rows", {})
    after, problems = {}, []
    for row, changes in edited.items():
        sid = str(base.iloc[int(row)]["supporter_id"])
        for day, value in changes.items():
            if len(day) == 10 and day[4] == "-":
                try:
                    after[(sid, day)] = parse_cell(str(value or ""), slots, language)
                except EntryError as error:
                    problems.append(t_plain("grid_cell_problem", row=int(row) + 1, name=str(base.iloc[int(row)]["name"]),
                                            day=fmt_date(dt.date.fromisoformat(day), weekday=True),
                                            problem=error.text(language)))
    st.session_state[GRID_PROBLEMS] = problems
    if problems:
        return  # the grid keeps what was typed, to be put right
    st.session_state[keys.PINS] = pins_after_edit(st.session_state.get(keys.PINS, []), before, after)
    st.session_state.pop(widget, None)


grid_widget = f"pins_grid_{monday.isoformat()}"
st.button(t("save_pins"), key="save_pins", on_click=_save_grid, args=(cells, grid, grid_widget, slot_names, language))
for problem in st.session_state.get(GRID_PROBLEMS, []):
    st.error(problem, icon=":material/keyboard:")
pins, bad = pins_from_rows(st.session_state.get(keys.PINS, []))
if bad:
    st.warning(t_plain("bad_pins", rows="; ".join(bad)), icon=":material/warning:")
if pins:
    with st.expander(plural(len(pins), "pins_active_one", "pins_active_many")):
        st.dataframe(pd.DataFrame([{t("col_date"): fmt_date(p.date, weekday=True), t("col_slot"): p.slot,
                                    t("col_name"): names.get(p.supporter_id, p.supporter_id),
                                    t("col_action"): t("lock_word") if p.action == "lock" else t("forbid_word")}
                                   for p in pins]), hide_index=True, width="stretch", key="pins_list", placeholder="")

# The re-plan keeps the draft's own duties (before the first publication) or the rota in force.
base, latest = next(iter(views.replan_bases(uploads.demand_wards()).items()), (None, None))
job = jobs.current()
busy = job is not None and job.running
c1, c2 = st.columns([1, 2])
replan_limit = c1.number_input(t("time_limit"), min_value=5, max_value=600, value=30, step=5, key="replan_time_limit")
c2.caption(t("replan_needs_publication") if latest is None else t(f"replan_keeps_{base}"))
if st.button(t("replan_button"), key="replan_button", type="primary", disabled=busy or latest is None, icon=":material/refresh:",
             help=t("replan_help")):
    instance = uploads.current_instance()
    jobs.start(instance, time_limit=replan_limit, pins=pins, previous=latest, measure_limits=False, base=base)
    st.switch_page("app_pages/plan.py")

