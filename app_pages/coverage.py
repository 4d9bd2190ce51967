"""Coverage (ward managers): whom to call tonight and this week, the whole period, the notice.

First the manager's own ward this week — weekdays, today and tonight marked, readable on a phone —
then the whole period as a heatmap, the uncovered shifts with their reasons, and the printable
notice. Colours are told apart without red and green (blue, light blue, orange), and every status
also has a mark and a word, so nobody needs colour to read it.
"""

import datetime as dt

import altair as alt
import streamlit as st

from app_i18n import fmt_count, fmt_date, fmt_share_down, lang, t
from app_pages.common import stale_warning, view_or_stop, week_html
from app_pages.coverage_overview import WEEK, show_overview
from app_pages.duty_actions import duty_actions
from app_pages.lazy_downloads import notice_maker
from app_pages.release_section import show_release
from app_state import auth, keys, widgets
from scheduler.io.outputs import safe_filename
from scheduler.localtime import today, wall_clock
from scheduler.views.overview import ward_week_overview
from scheduler.views.week import slot_now, tonight, ward_week, week_of, week_starts

# Okabe–Ito colours, safe for the common colour-vision deficiencies; the mark says it again.
COLOURS = {"backup": "#0072B2", "covered": "#9ecae1", "uncovered": "#E69F00"}
MARKS = {"backup": "R", "covered": "", "uncovered": "!"}
OVERVIEW_MEMO = "_coverage_overview"  # (what it was made from, the ward × week overview)
TABLE_ROWS = 60  # more uncovered shifts than this: the first ones in full, and how many more

access = auth.require("coverage")
st.title(t("coverage_title"))
st.markdown(t("coverage_intro"))

view = view_or_stop()
stale_warning(view)

coverage = view.coverage
if coverage.empty:
    st.info(t("no_demand"), icon=":material/info:")
    widgets.end_page()
# A ward manager (and rostering staff of some wards) see their own wards only.
if not access.all_wards:
    mine = {w for w in set(coverage["ward"].astype(str)) if access.sees(w)}
    coverage = coverage[coverage["ward"].astype(str).isin(mine)]
if coverage.empty:
    st.info(t("coverage_not_your_wards"), icon=":material/info:")
    widgets.end_page()
ward_names = {w: view.instance.wards[w].name if w in view.instance.wards else w for w in view.wards()}
people = {e: emp.name or e for e, emp in view.instance.employees.items()}
wards = sorted(set(coverage["ward"]))


def ward_label(w: str) -> str:
    name = ward_names.get(w) or ""
    return f"{w} – {name}" if name and name != w else w


labels = {"": t("all_wards") if access.all_wards else t("all_my_wards"), **{w: ward_label(w) for w in wards}}
if len(wards) == 1 and keys.COVERAGE_WARD not in st.session_state:
    st.session_state[keys.COVERAGE_WARD] = wards[0]  # a manager of one ward: straight to its week
choice = widgets.localized_selectbox(st, t("filter_ward"), ["", *wards], keys.COVERAGE_WARD, labels.get)

# --- this week, for one ward -------------------------------------------------------------------------
starts = week_starts(view.instance.slots)
if choice:
    st.subheader(t("week_title"))
if choice and starts:
    day = today()
    week_label = {m: t("week_label", week=m.isocalendar().week, first=fmt_date(m), last=fmt_date(m + dt.timedelta(days=6)))
                  for m in starts}
    if st.session_state.get(WEEK) not in starts:  # the week is kept in the state, never also given as a default
        st.session_state[WEEK] = week_of(day, starts)
    monday = widgets.localized_selectbox(st, t("week_choice"), starts, WEEK, week_label.get)
    week = ward_week(view.instance, view.assignments, choice, monday)
    now_slot = slot_now(view.instance.slots, wall_clock())
    night = tonight(view.instance.slots, day)
    st.html(week_html(week, day, now_slot, night))
    st.caption(t("week_help"))
    # Those who plan: each duty of this week one click from lock, forbid or swap (their draft only).
    week_days = {(monday + dt.timedelta(days=i)).isoformat() for i in range(7)}
    mine = view.duties[view.duties["date"].astype(str).str.slice(0, 10).isin(week_days)
                       & view.duties["wards_covered"].astype(str).str.split(";").map(lambda ws: choice in ws)]
    duty_actions(view, mine, "coverage_duty")

# --- the whole period ----------------------------------------------------------------------------------
st.subheader(t("period_title"))
shown = coverage[coverage["ward"] == choice].copy() if choice else coverage
covered = shown["covered"].astype(str).str.lower().isin(["true", "1"])
n = len(shown)
n_cov = int(covered.sum())
c1, c2, c3 = st.columns(3)
c1.metric(t("metric_ward_slots"), fmt_count(n), help=t("metric_ward_slots_help"))
c2.metric(t("metric_covered"), f"{fmt_count(n_cov)} ({fmt_share_down(n_cov, n)})")
c3.metric(t("metric_uncovered"), fmt_count(n - n_cov))

if not choice:
    # All wards: one cell per ward and week, the wards to look at first on top; a click opens a ward's week.
    # Kept for this rota in the session: at a trust-year it is made from 100,000 rows.
    # (The frame itself is kept with it and compared by identity: an id alone can be reused.)
    memo_key = (access.all_wards, view.rules.redundancy, tuple(wards))
    memo = st.session_state.get(OVERVIEW_MEMO)
    if not memo or memo[0] is not view.coverage or memo[1] != memo_key:
        memo = (view.coverage, memo_key, ward_week_overview(shown, backup_wanted=view.rules.redundancy == 2))
        st.session_state[OVERVIEW_MEMO] = memo
    show_overview(memo[2], ward_label, view.rules.redundancy == 2)
else:
    backup = shown["backup_id"].fillna("").astype(str) != ""
    status_text = {"backup": t("status_covered_backup"), "covered": t("status_covered"), "uncovered": t("status_uncovered")}
    state = ["uncovered" if not c else "backup" if b else "covered" for c, b in zip(covered, backup, strict=True)]
    shown["status"] = [status_text[s] for s in state]
    shown["mark"] = [MARKS[s] for s in state]
    shown["day"] = [fmt_date(d, weekday=True) for d in shown["date"]]
    slot_order = {s.name: i for i, s in enumerate(view.rules.slots)}
    shown["row"] = shown["ward"] + " · " + shown["slot"]
    shown["call"] = shown["supporter_id"].map(lambda s: people.get(s, s) if s else "")
    shown["backup"] = shown["backup_id"].fillna("").map(lambda s: people.get(s, s) if s else "")
    rows = sorted(set(shown["row"]), key=lambda r: (r.split(" · ")[0], slot_order.get(r.split(" · ")[1], 99)))
    dates = sorted(set(shown["date"]))
    domain = [status_text[k] for k in ("backup", "covered", "uncovered")]
    base = alt.Chart(shown).encode(
        x=alt.X("date:O", title=t("col_date"), sort=dates,
                axis=alt.Axis(labelAngle=-60, labelExpr="slice(datum.value, 8, 10) + '.' + slice(datum.value, 5, 7) + '.'")),
        y=alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(labelOverlap=False, labelLimit=220)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("status:N", title=t("col_status"),
                        scale=alt.Scale(domain=domain, range=[COLOURS["backup"], COLOURS["covered"], COLOURS["uncovered"]]),
                        legend=alt.Legend(orient="top", direction="vertical", labelLimit=300)),
        tooltip=[alt.Tooltip("day:N", title=t("col_date")), alt.Tooltip("slot:N", title=t("col_slot")),
                 alt.Tooltip("ward:N", title=t("col_ward")), alt.Tooltip("status:N", title=t("col_status")),
                 alt.Tooltip("call:N", title=t("col_call")), alt.Tooltip("backup:N", title=t("col_backup"))],
    )
    marks = base.mark_text(fontSize=11, fontWeight="bold", color="black").encode(text="mark:N")
    chart = (cells + marks).properties(height=alt.Step(20))
    # Rows are 20 px whatever the number of wards (a fixed total height shrank one ward's rows to
    # nothing); a new element per ward, so a kept chart is never re-sized to another ward's rows.
    st.altair_chart(chart, width="stretch", key=f"coverage_heatmap_{safe_filename(choice)}")
    st.caption(t("heatmap_help"))

# --- uncovered shifts and why (for the manager and the rostering office) ------------------------------
st.subheader(t("uncovered_title"))
uncovered = shown[~covered.to_numpy()].copy()
if uncovered.empty:
    st.success(t("all_covered"), icon=":material/check_circle:")
else:
    uncovered["day"] = [fmt_date(d, weekday=True) for d in uncovered["date"]]
    uncovered["reason"] = view.reasons(uncovered)  # named only to whom may see names (docs/access.md)
    table = uncovered[["day", "slot", "ward", "headcount", "reason"]].rename(columns={
        "day": t("col_date"), "slot": t("col_slot"), "ward": t("col_ward"), "headcount": t("col_headcount"),
        "reason": t("col_reason")})
    # Every reason in full, wrapped — for one ward and for all (a grid cuts a long reason off); at a
    # trust's size the first TABLE_ROWS, and how many more (a table of hundreds would be pages long).
    # st.table draws Markdown: names are escaped.
    st.table(table.head(TABLE_ROWS).astype(str).map(widgets.plain).set_index(t("col_date")))
    if len(table) > TABLE_ROWS:
        st.caption(t("uncovered_more", n=fmt_count(len(table) - TABLE_ROWS)))
    if not choice:
        st.caption(t("uncovered_pick_ward"))
    if view.kind != "draft" and lang() == "en":
        st.caption(t("reasons_language_note"))

# --- the release list: the ward's own staff on support duty (issue 19) ----------------------------------
show_release(view, access, choice)

# --- the printable notice ------------------------------------------------------------------------------
st.subheader(t("notice_title"))
st.caption(t("notice_help"))
# The notice follows the ward picked above (also when a click on the overview picked it); another
# ward may be chosen here. Kept in the state only — never also given as a default (a Streamlit warning).
if st.session_state.get("_notice_follows") != choice or st.session_state.get("notice_ward_coverage") not in wards:
    st.session_state["notice_ward_coverage"] = choice if choice in wards else wards[0]
    st.session_state["_notice_follows"] = choice
notice_ward = st.selectbox(t("notice_ward"), wards, key="notice_ward_coverage", format_func=ward_label)
language = lang()
make_notice = notice_maker(view)
st.download_button(t("download_notice"), lambda: make_notice(notice_ward, language).encode("utf-8"),
                   file_name=f"oppslag_{safe_filename(notice_ward)}.html", mime="text/html", key="dl_notice_coverage",
                   on_click="ignore", icon=":material/print:")
with st.expander(t("notice_preview")):  # one ward's notice: a year of it is about 0.2 MB
    st.html(make_notice(notice_ward, language))
if choice:  # the table of every shift, for the ward picked only (all wards' would be megabytes)
    with st.expander(t("who_covers_table")):
        st.dataframe(shown[["day", "slot", "ward", "headcount", "call", "backup", "status"]].rename(columns={
            "day": t("col_date"), "slot": t("col_slot"), "ward": t("col_ward"), "headcount": t("col_headcount"),
            "call": t("col_call"), "backup": t("col_backup"), "status": t("col_status")}),
            hide_index=True, width="stretch", key="coverage_table", placeholder="")
