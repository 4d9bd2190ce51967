"""Oppfølging (the coordinator): each supporter's load over the history window with flags, training
that runs out and refreshers due, and history imported from a file (docs/history.md)."""

import datetime as dt
import hashlib

import altair as alt
import pandas as pd
import streamlit as st

from app_i18n import fmt_date, fmt_num, fmt_ratio, lang, plural, t
from app_pages.common import link, uploader_in_words
from app_state import auth, keys, uploads, widgets
from app_state import history as app_history
from scheduler.history.carried import history_frame
from scheduler.history.followup import load_followup_table
from scheduler.history.training import SOON_DAYS, training_notes
from scheduler.io.history import read_history
from scheduler.io.types import Source
from scheduler.localtime import shown
from scheduler.model.demand import horizon
from scheduler.report.leadership import supporters_from_people
from scheduler.solve.fairness import FLAG_RATIO
from scheduler.store.base import default_db_path
from scheduler.store.publications import PublicationStore
from scheduler.views.downloads import csv_bytes

auth.require("followup")
inputs = uploads.read_inputs() if uploads.has_inputs() else None
rules = uploads.effective_rules(inputs)
months = rules.history_months
st.title(t("followup_page_title"))
st.markdown(t("followup_page_intro", months=months))

until = app_history.window_end(st, t("followup_until"), t("followup_until_help", months=months))
start = until + dt.timedelta(days=1)
history, loads = app_history.carried(start, rules)
recent, _ = app_history.recent(start, rules)
supporters = uploads.effective_supporters(inputs) if inputs is not None else {}
activity = {sid: s.recent_activity for sid, s in supporters.items()}
names = app_history.names(inputs.employees if inputs is not None else None)


def who(sid: str) -> str:
    return f"{names[sid]} ({sid})" if names.get(sid) else sid


def flag_words(codes: str) -> str:
    words = [t(f"flag_{c}", line=fmt_num(FLAG_RATIO)) for c in codes.split(";") if c]
    return ", ".join(words)


if history.empty:
    st.info(t("followup_none"), icon=":material/info:")
else:
    st.caption(t("followup_window", first=fmt_date(history.first, year=True), last=fmt_date(history.last, year=True),
                 periods=plural(history.periods, "periods_one", "periods_many")))
    table = load_followup_table(history, recent, activity)
    ratios = table["ratio"].dropna()
    c1, c2, c3 = st.columns(3)
    c1.metric(t("metric_history_supporters"), len(table))
    c2.metric(t("metric_flagged"), int((table["flags"] != "").sum()))
    c3.metric(t("metric_largest_carried"), t("times_share", x=fmt_ratio(float(ratios.max()))) if len(ratios) else "–")

    shown_table = pd.DataFrame({
        t("col_name"): [who(s) for s in table["supporter_id"]],  # a table cell is text, not Markdown
        t("col_flags"): [flag_words(f) for f in table["flags"]],
        t("col_duties"): [fmt_num(x, 1) for x in table["duties"]],
        t("col_hours"): [fmt_num(x, 1) for x in table["hours"]],
        t("col_nights"): [fmt_num(x, 1) for x in table["nights"]],
        t("col_weekend_duties"): [fmt_num(x, 1) for x in table["weekend_duties"]],
        t("col_contacts"): [fmt_num(x, 1) for x in table["contacts"]],
        t("col_fair_share"): [fmt_num(x, 1) for x in table["fair_share_hours"]],
        t("col_carried"): [t("times_share", x=fmt_ratio(r)) if pd.notna(r) else "–" for r in table["ratio"]],
        t("col_recent"): [t("times_share", x=fmt_ratio(r)) if pd.notna(r) else "–" for r in table["recent_ratio"]],
        t("col_recent_activity"): table["recent_activity"],
    })
    st.dataframe(shown_table, hide_index=True, width="stretch", key="followup_table", placeholder="")
    st.caption(t("followup_flags_help"))

    st.subheader(t("followup_chart"))
    chart_data = table.dropna(subset=["ratio"]).assign(who=lambda f: [who(s) for s in f["supporter_id"]],
                                                        text=lambda f: [t("times_share", x=fmt_ratio(r)) for r in f["ratio"]])
    order = chart_data.sort_values("ratio", ascending=False)["who"].tolist()
    bars = alt.Chart(chart_data).mark_bar(color="#0072B2").encode(
        y=alt.Y("who:N", sort=order, title=None, axis=alt.Axis(labelLimit=240)),
        x=alt.X("ratio:Q", title=t("col_carried")),
        tooltip=[alt.Tooltip("who:N", title=t("col_supporter")), alt.Tooltip("text:N", title=t("col_carried"))])
    lines = alt.Chart(pd.DataFrame({"x": [1.0, FLAG_RATIO]})).mark_rule(color="#D55E00", strokeDash=[4, 3]).encode(x="x:Q")
    st.altair_chart((bars + lines).properties(height=alt.Step(20)), width="stretch", key="followup_chart")
    st.caption(t("followup_chart_help"))
    link(st, "supporter", t("go_supporter"), ":material/person_search:")
    st.download_button(t("download_history"), csv_bytes(history_frame(loads)),
                       file_name=f"historikk_{history.first}_{history.last}.csv", mime="text/csv", key="dl_history",
                       on_click="ignore", icon=":material/download:")

# --- training -----------------------------------------------------------------------------------------
st.divider()
st.subheader(t("training_title"))
period, source_text, training_supporters = None, "", {}
if inputs is not None and len(inputs.turnus):
    period = horizon(inputs.turnus, rules)
    training_supporters = supporters
    source_text = t("training_from_upload", first=fmt_date(period[0], year=True), last=fmt_date(period[1], year=True),
                    days=SOON_DAYS)
else:
    try:
        in_force = PublicationStore(default_db_path()).rota_in_force()
    except Exception:
        in_force = None
    if in_force is not None and (in_force.summary.get("horizon") or {}).get("from"):
        span = in_force.summary["horizon"]
        period = (dt.date.fromisoformat(span["from"]), dt.date.fromisoformat(span["to"]))
        training_supporters = supporters_from_people(in_force.tables.get("people"))
        source_text = t("training_from_published", id=", ".join(str(i) for i in in_force.publications),
                        first=fmt_date(period[0], year=True), last=fmt_date(period[1], year=True), days=SOON_DAYS)
if period is None or not training_supporters:
    st.caption(t("training_no_dates"))
else:
    st.caption(source_text)
    notes = training_notes(training_supporters, period[0], period[1])
    if not notes:
        st.success(t("training_none"), icon=":material/check_circle:")
    for note in notes:
        text = widgets.plain(note.text(lang(), who(note.supporter_id)))
        (st.warning if note.warning else st.info)(text, icon=":material/school:")

# --- importing history ----------------------------------------------------------------------------------
st.divider()
st.subheader(t("import_title"))
st.markdown(t("import_intro"))
uploader_in_words()
upload = st.file_uploader(t("import_upload"), type=["csv", "txt", "xlsx"], key="history_upload")
if upload is not None:
    data = upload.getvalue()
    rows, report = read_history(Source(upload.name, data))
    for message in report.messages:
        (st.error if message.severity.value == "error" else st.warning)(widgets.plain(message.render(lang())),
                                                                       icon=":material/warning:")
    if report.errors and rows:
        st.caption(t("import_has_errors"))
    if rows and st.button(t("import_button", n=len(rows)), key="import_button", type="primary",
                          icon=":material/upload:"):
        number = app_history.store().save_import(rows, hashlib.sha256(data).hexdigest(), auth.actor())
        app_history.forget()
        st.session_state[keys.HISTORY_IMPORTED] = number
        st.rerun()
if st.session_state.get(keys.HISTORY_IMPORTED):
    st.success(t("import_done", id=st.session_state[keys.HISTORY_IMPORTED]), icon=":material/check_circle:")

imports = app_history.store().imports()
st.markdown(f"**{t('imports_title')}**")
if not imports:
    st.caption(t("imports_none"))
else:
    st.dataframe(pd.DataFrame([{
        t("col_id"): i.id, t("col_imported"): shown(i.imported_at, lang()), t("col_who"): i.actor,
        t("col_rows"): i.rows,
        t("col_period"): f"{fmt_date(i.first, year=True)}–{fmt_date(i.last, year=True)}" if i.first else "–",
        t("col_in_force"): t("withdrawn") if i.withdrawn else t("yes")} for i in imports]),
        hide_index=True, width="stretch", key="imports_table", placeholder="")
    pick = st.selectbox(t("import_pick"), [i.id for i in imports], key="import_pick",
                        format_func=lambda n: t("import_no", id=n))
    chosen = next(i for i in imports if i.id == pick)
    if chosen.withdrawn:
        if st.button(t("import_restore", id=pick), key="import_restore", icon=":material/redo:"):
            app_history.store().set_import_withdrawn(pick, False, auth.actor())
            app_history.forget()
            st.rerun()
    elif st.button(t("import_withdraw", id=pick), key="import_withdraw", icon=":material/undo:"):
        app_history.store().set_import_withdrawn(pick, True, auth.actor())
        app_history.forget()
        st.rerun()
