"""Burden (coordinator): is the load on each supporter fair and within limits; follow-up edits; re-plan."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app_i18n import fmt_num, t, view_caption
from app_state import jobs, keys, uploads, views
from scheduler.burden_view import burden_view
from scheduler.pin_edits import pins_from_rows
from scheduler.supporter_edits import followup_changes, followup_table

st.title(t("burden_title"))
st.markdown(t("burden_intro"))

view = views.current_view()
if view is None:
    st.info(t("no_rota_yet"), icon="ℹ️")
    st.page_link("app_pages/plan.py", label=t("go_plan"), icon="🧮")
else:
    st.caption(view_caption(view))
    period_limits = {sid: view.rules.period_duties(sup) for sid, sup in view.instance.supporters.items()}
    shown = burden_view(view.burden, view.instance.slots, period_limits)
    burden, order, weeks = shown.table, shown.order, shown.weeks

    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("metric_duties"), shown.duties)
    c2.metric(t("metric_max_ratio"), fmt_num(shown.largest_ratio))
    c3.metric(t("metric_nights"), shown.nights)
    c4.metric(t("metric_weekends"), shown.weekend_duties)

    st.subheader(t("hours_vs_target"))
    base = alt.Chart(burden).encode(y=alt.Y("who:N", sort=order, title=t("col_supporter"), axis=alt.Axis(labelOverlap=False)))
    bars = base.mark_bar(color="#4c78a8").encode(
        x=alt.X("hours:Q", title=t("col_hours")),
        tooltip=[alt.Tooltip("who:N", title=t("col_supporter")), alt.Tooltip("hours:Q", title=t("col_hours")),
                 alt.Tooltip("target:Q", title=t("col_target")), alt.Tooltip("load_ratio:Q", title=t("col_load_ratio")),
                 alt.Tooltip("recent_activity:N", title=t("col_recent_activity"))])
    ticks = base.mark_tick(color="#d62728", thickness=3, size=14).encode(x="target:Q")
    st.altair_chart((bars + ticks).properties(height=max(200, 22 * len(burden))), width="stretch", key="burden_hours_chart")
    st.caption(t("hours_vs_target_help"))

    st.subheader(t("duties_vs_limits"))
    long = burden.melt(id_vars=["who"], value_vars=["duties", "nights", "weekend_duties"], var_name="what", value_name="n")
    long["what"] = long["what"].map({"duties": t("col_duties"), "nights": t("col_nights"),
                                     "weekend_duties": t("col_weekend_duties")})
    duties_chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("who:N", sort=order, title=t("col_supporter"), axis=alt.Axis(labelOverlap=False)), x=alt.X("n:Q", title=t("col_count")),
        yOffset="what:N", color=alt.Color("what:N", title=""),
        tooltip=["who:N", "what:N", "n:Q"])
    limit_ticks = alt.Chart(burden).mark_tick(color="black", thickness=2, size=14).encode(
        y=alt.Y("who:N", sort=order), x="limit_period:Q",
        tooltip=[alt.Tooltip("limit_period:Q", title=t("col_limit_period"))])
    st.altair_chart((duties_chart + limit_ticks).properties(height=max(240, 30 * len(burden))), width="stretch",
                    key="burden_duties_chart")
    st.caption(t("duties_vs_limits_help", weeks=weeks))

    st.dataframe(burden[["supporter_id", "name", "home_ward", "duties", "nights", "weekend_duties", "hours", "target",
                         "load_ratio", "max_duties_per_week", "limit_period", "recent_activity"]].rename(columns={
        "supporter_id": t("col_employee_id"), "name": t("col_name"), "home_ward": t("col_home_ward"),
        "duties": t("col_duties"), "nights": t("col_nights"), "weekend_duties": t("col_weekend_duties"),
        "hours": t("col_hours"), "target": t("col_target"), "load_ratio": t("col_load_ratio"),
        "max_duties_per_week": t("col_max_week"), "limit_period": t("col_limit_period"),
        "recent_activity": t("col_recent_activity")}), hide_index=True, width="stretch", key="burden_table")

# --- follow-up: recent activity and unavailable dates ------------------------------------------------
st.divider()
st.subheader(t("followup_title"))
st.info(t("counts_only_long"), icon="🔒")
inputs = uploads.read_inputs() if uploads.has_inputs() else None
if inputs is None:
    st.caption(t("followup_needs_inputs"))
    st.stop()

supporters = uploads.effective_supporters(inputs)
names = {sid: (inputs.employees[sid].name if sid in inputs.employees else s.name) or sid for sid, s in supporters.items()}
follow = followup_table(supporters, names)
edited = st.data_editor(follow, key="followup_editor", hide_index=True, width="stretch", disabled=["supporter_id", "name"],
                        column_config={
                            "supporter_id": st.column_config.TextColumn(t("col_employee_id")),
                            "name": st.column_config.TextColumn(t("col_name")),
                            "recent_activity": st.column_config.NumberColumn(t("col_recent_activity"), min_value=0, step=1,
                                                                             help=t("counts_only")),
                            "unavailable": st.column_config.TextColumn(t("col_unavailable"),
                                                                       help=t("unavailable_help")),
                        })
if st.button(t("apply_followup"), key="apply_followup"):
    changed, unreadable = followup_changes(edited.to_dict("records"), inputs.supporters)
    st.session_state[keys.SUPPORTER_UPDATES] = changed
    st.session_state.pop("followup_editor", None)
    for sid, parts in unreadable.items():
        st.warning(t("bad_dates", who=names.get(sid, sid), parts=", ".join(parts)), icon="⚠️")
    st.success(t("followup_saved", n=len(changed)), icon="✅")

# --- lock or forbid single duties, then re-plan with minimal change ------------------------------------
st.divider()
st.subheader(t("pins_title"))
st.caption(t("pins_help"))
pin_rows = st.session_state.get(keys.PINS, [])
pinned = {(p["supporter_id"], str(p["date"]), p["slot"]): p["action"] for p in pin_rows}
base_duties = view.duties if view is not None else pd.DataFrame(columns=["supporter_id", "name", "date", "slot", "wards_covered"])
rows = [{"supporter_id": str(d.supporter_id), "name": str(d.name), "date": dt.date.fromisoformat(str(d.date)),
         "slot": str(d.slot), "wards_covered": str(d.wards_covered),
         "action": pinned.pop((str(d.supporter_id), str(d.date), str(d.slot)), "")}
        for d in base_duties.itertuples(index=False)]
rows += [{"supporter_id": k[0], "name": names.get(k[0], ""), "date": dt.date.fromisoformat(k[1]), "slot": k[2],
          "wards_covered": "", "action": a} for k, a in pinned.items()]
slot_names = [s.name for s in uploads.effective_rules(inputs).slots]
pins_frame = pd.DataFrame(rows, columns=["supporter_id", "name", "date", "slot", "wards_covered", "action"])
pins_edit = st.data_editor(
    pins_frame, key="pins_editor", num_rows="dynamic", hide_index=True, width="stretch", disabled=["name", "wards_covered"],
    column_config={
        "supporter_id": st.column_config.SelectboxColumn(t("col_employee_id"), options=sorted(supporters)),
        "name": st.column_config.TextColumn(t("col_name")),
        "date": st.column_config.DateColumn(t("col_date"), format="YYYY-MM-DD"),
        "slot": st.column_config.SelectboxColumn(t("col_slot"), options=slot_names),
        "wards_covered": st.column_config.TextColumn(t("col_wards_covered")),
        "action": st.column_config.SelectboxColumn(t("col_action"), options=["", "lock", "forbid"],
                                                   help=t("col_action_help")),
    })


def _save_pins(frame: pd.DataFrame) -> None:
    keep = []
    for r in frame.to_dict("records"):
        if r.get("action") in ("lock", "forbid") and r.get("supporter_id") and r.get("date") and r.get("slot"):
            date = r["date"]
            keep.append({"supporter_id": str(r["supporter_id"]), "slot": str(r["slot"]), "action": r["action"],
                         "date": date.isoformat() if isinstance(date, dt.date) else str(date)[:10]})
    st.session_state[keys.PINS] = keep
    st.session_state.pop("pins_editor", None)


st.button(t("save_pins"), key="save_pins", on_click=_save_pins, args=(pins_edit,))
pins, bad = pins_from_rows(st.session_state.get(keys.PINS, []))
if bad:
    st.warning(t("bad_pins", rows="; ".join(bad)), icon="⚠️")
st.caption(t("pins_active", n=len(pins)))

latest = views.latest_publication()
job = jobs.current()
busy = job is not None and job.running
c1, c2 = st.columns([1, 2])
replan_limit = c1.number_input(t("time_limit"), min_value=5, max_value=600, value=30, step=5, key="replan_time_limit")
if latest is None:
    c2.caption(t("replan_needs_publication"))
if st.button(t("replan_button"), key="replan_button", type="primary", disabled=busy or latest is None, icon="🔁",
             help=t("replan_help")):
    instance = uploads.current_instance()
    jobs.start(instance, time_limit=replan_limit, pins=pins, previous=latest.tables["duties"], measure_limits=False)
    st.switch_page("app_pages/plan.py")
