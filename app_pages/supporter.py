"""Én kollegastøtte (the coordinator): one supporter's own history over the window, period by
period against their fair share, their flags and training — for the talk the coordinator has with
them (docs/history.md). Counts only."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app_i18n import fmt_date, fmt_num, fmt_ratio, t, t_plain
from app_state import auth, uploads, widgets
from app_state import history as app_history
from scheduler.history.followup import load_flags
from scheduler.report.leadership import supporters_from_people
from scheduler.solve.fairness import FLAG_RATIO
from scheduler.store.base import default_db_path
from scheduler.store.publications import PublicationStore

auth.require("supporter")
inputs = uploads.read_inputs() if uploads.has_inputs() else None
rules = uploads.effective_rules(inputs)
st.title(t("supporter_title"))
st.markdown(t("supporter_intro", months=rules.history_months))

until = app_history.window_end(st, t("followup_until"), t("followup_until_help", months=rules.history_months))
start = until + dt.timedelta(days=1)
history, loads = app_history.carried(start, rules)
recent, _ = app_history.recent(start, rules)
supporters = uploads.effective_supporters(inputs) if inputs is not None else {}
if not supporters:
    try:
        in_force = PublicationStore(default_db_path()).rota_in_force()
    except Exception:
        in_force = None
    supporters = supporters_from_people(in_force.tables.get("people")) if in_force is not None else {}
names = app_history.names(inputs.employees if inputs is not None else None)
ids = sorted(set(history.carried) | set(supporters), key=lambda s: (names.get(s, s), s))
if not ids:
    st.info(t("supporter_nobody"), icon=":material/info:")
    widgets.end_page()


def who(sid: str) -> str:
    return f"{names[sid]} ({sid})" if names.get(sid) else sid


pick = widgets.localized_selectbox(st, t("supporter_pick"), ids, "supporter_pick", who)
carried = history.carried.get(pick)
if carried is None:
    st.info(t("supporter_none"), icon=":material/info:")
else:
    ratio = carried.ratio
    st.markdown(t_plain("supporter_summary", who=who(pick), duties=fmt_num(round(carried.duties, 1)),
                  hours=fmt_num(round(carried.hours, 1)), nights=fmt_num(round(carried.nights, 1)),
                  weekends=fmt_num(round(carried.weekend_duties, 1)), contacts=fmt_num(round(carried.contacts, 1)),
                  ratio=fmt_ratio(ratio) if ratio is not None else "–", share=fmt_num(round(carried.fair_share_hours, 1))))
    lately = recent.carried.get(pick)
    if lately is not None:
        st.markdown(t("supporter_recent", duties=fmt_num(round(lately.duties, 1)),
                      ratio=fmt_ratio(lately.ratio) if lately.ratio is not None else "–"))
activity = {sid: s.recent_activity for sid, s in supporters.items()}
flags = [f for f in load_flags(history, recent, activity) if f.supporter_id == pick]
st.markdown(t("supporter_flags", flags=", ".join(t(f"flag_{f.code}", line=fmt_num(FLAG_RATIO)) for f in flags))
            if flags else t("supporter_no_flags"))
if pick in supporters:
    s = supporters[pick]
    st.markdown(t("supporter_training", until=fmt_date(s.training_valid_until, year=True) if s.training_valid_until
                  else t("not_given"),
                  refresher=fmt_date(s.last_refresher, year=True) if s.last_refresher else t("not_given")))
    if pick in activity:
        st.markdown(t("supporter_activity", n=activity[pick]))

mine = [r for r in loads if r.supporter_id == pick]
if mine:
    rows = pd.DataFrame([{
        "period": f"{fmt_date(r.first, year=True)}–{fmt_date(r.last, year=True)}", "first": r.first.isoformat(),
        "duties": round(r.duties, 1), "hours": round(r.hours, 1), "nights": round(r.nights, 1),
        "weekend_duties": round(r.weekend_duties, 1), "contacts": round(r.contacts, 1),
        "fair_share_hours": round(r.fair_share_hours or 0.0, 1),
        "ratio": r.hours / r.fair_share_hours if r.fair_share_hours else None} for r in mine]).sort_values("first")
    st.dataframe(pd.DataFrame({
        t("col_period"): rows["period"],
        **{t(label): [fmt_num(x, 1) for x in rows[column]] for label, column in (
            ("col_duties", "duties"), ("col_hours", "hours"), ("col_nights", "nights"),
            ("col_weekend_duties", "weekend_duties"), ("col_contacts", "contacts"), ("col_fair_share", "fair_share_hours"))},
        t("col_load_ratio"): [t("times_share", x=fmt_ratio(r)) if pd.notna(r) else "–" for r in rows["ratio"]],
    }), hide_index=True, width="stretch", key="supporter_periods", placeholder="")
    st.subheader(t("supporter_chart"))
    long = rows.melt(id_vars=["period", "first"], value_vars=["hours", "fair_share_hours"], var_name="what", value_name="n")
    long["what"] = long["what"].map({"hours": t("col_hours"), "fair_share_hours": t("col_fair_share")})
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("period:N", sort=rows["period"].tolist(), title=None, axis=alt.Axis(labelAngle=0, labelLimit=300)),
        xOffset=alt.XOffset("what:N", sort=[t("col_hours"), t("col_fair_share")]), y=alt.Y("n:Q", title=t("col_hours")),
        color=alt.Color("what:N", title="", scale=alt.Scale(domain=[t("col_hours"), t("col_fair_share")],
                                                            range=["#0072B2", "#D55E00"]), legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("period:N", title=t("col_period")), alt.Tooltip("what:N", title=""),
                 alt.Tooltip("n:Q", title=t("col_hours"))])
    st.altair_chart(chart.properties(height=260), width="stretch", key="supporter_chart")
