"""Coverage, all wards: one cell per ward and week (scheduler/views/overview.py), the wards with
shifts nobody covers first, and one click (a cell, or the list of what to look at first) into a
ward and its week. At a trust-year the page sends a few thousand cells, not 100,000."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app_i18n import fmt_date, plural, t
from app_state import keys
from scheduler.views.overview import problems_first, wards_first

#: The chosen ward's week, kept by the week selectbox (app_pages/coverage.py).
WEEK = "coverage_week"
COLOURS = {"ok": "#9ecae1", "thin": "#0072B2", "uncovered": "#E69F00"}


def go_to(ward: str, week: str) -> None:
    """Open `ward` at the week starting `week` (ISO Monday): the ward pick and the week pick follow."""
    st.session_state[keys.COVERAGE_WARD] = ward
    st.session_state[WEEK] = dt.date.fromisoformat(week)


def _go_to_problem() -> None:
    picked = st.session_state.get("coverage_go_to")
    if picked:
        go_to(*picked.split("|", 1))
        st.session_state["coverage_go_to"] = ""


def show_overview(overview: pd.DataFrame, ward_label, backup_wanted: bool) -> None:
    """Wards × weeks: each cell the shifts nobody covers that week (a mark and a number), worst wards on top."""
    order = wards_first(overview)
    text = {"uncovered": t("overview_uncovered"), "thin": t("overview_thin"), "ok": t("overview_ok")}
    shown = overview.assign(
        state=["uncovered" if u else "thin" if th else "ok" for u, th in zip(overview["uncovered"], overview["thin"], strict=True)],
        label=[ward_label(w) for w in overview["ward"]],
        week_text=[t("overview_week", week=w, first=fmt_date(dt.date.fromisoformat(m)))
                   for w, m in zip(overview["iso_week"], overview["week"], strict=True)],
    )
    shown["status"] = shown["state"].map(text)
    shown["mark"] = [str(u) if u else (str(th) if th else "") for u, th in zip(shown["uncovered"], shown["thin"], strict=True)]
    # Sent as categories (each text once, then small numbers): at 100 wards × 52 weeks a third of the bytes.
    shown = shown.drop(columns=["state", "iso_week"]).astype(
        {c: "category" for c in ("ward", "week", "label", "week_text", "status", "mark")})
    weeks = sorted(set(shown["week"]))
    labels = [ward_label(w) for w in order]
    domain = [text[k] for k in ("uncovered", "thin", "ok") if k != "thin" or backup_wanted]
    colours = [COLOURS[k] for k in ("uncovered", "thin", "ok") if k != "thin" or backup_wanted]
    pick = alt.selection_point(fields=["ward", "week"], name="pick", on="click")
    base = alt.Chart(shown).encode(
        x=alt.X("week:O", sort=weeks, title=t("overview_weeks_axis"),
                axis=alt.Axis(orient="top", labelAngle=0, labelExpr="toNumber(slice(datum.value, 8, 10)) + '.' + "
                              "toNumber(slice(datum.value, 5, 7)) + '.'", labelOverlap=True)),
        y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelOverlap=False, labelLimit=260)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("status:N", title=None, scale=alt.Scale(domain=domain, range=colours),
                        legend=alt.Legend(orient="top", direction="horizontal", labelLimit=400)),
        tooltip=[alt.Tooltip("label:N", title=t("col_ward")), alt.Tooltip("week_text:N", title=t("week_choice")),
                 alt.Tooltip("ward_slots:Q", title=t("col_ward_slots_week")),
                 alt.Tooltip("uncovered:Q", title=t("overview_uncovered")),
                 *([alt.Tooltip("thin:Q", title=t("overview_thin"))] if backup_wanted else [])],
    ).add_params(pick)
    marks = base.mark_text(fontSize=10, fontWeight="bold", color="black").encode(text="mark:N")
    event = st.altair_chart((cells + marks).properties(height=alt.Step(16)), width="stretch", key="coverage_overview",
                            on_select="rerun", selection_mode="pick")
    st.caption(t("overview_help"))
    chosen = (getattr(event, "selection", None) or {}).get("pick") or []
    if chosen and chosen[0].get("ward") and chosen[0].get("week"):
        go_to(str(chosen[0]["ward"]), str(chosen[0]["week"])[:10])
        st.session_state.pop("coverage_overview", None)
        st.rerun()

    problems = problems_first(overview)
    st.markdown(f"**{t('overview_first_title')}**")
    if problems.empty:
        st.success(t("all_covered"), icon=":material/check_circle:")
        return
    options = ["", *[f"{w}|{m}" for w, m in zip(problems["ward"], problems["week"], strict=True)]]
    words = {f"{w}|{m}": t("overview_problem", ward=ward_label(w), week=iso,
                           first=fmt_date(dt.date.fromisoformat(m)),
                           what=plural(int(u), "overview_n_uncovered_one", "overview_n_uncovered_many") if u else
                           plural(int(th), "overview_n_thin_one", "overview_n_thin_many"))
             for w, m, iso, u, th in problems[["ward", "week", "iso_week", "uncovered", "thin"]].itertuples(index=False)}
    st.selectbox(t("overview_go_to"), options, key="coverage_go_to", on_change=_go_to_problem,
                 format_func=lambda o: words.get(o, t("overview_go_to_pick")),
                 help=plural(len(problems), "overview_weeks_one", "overview_weeks_many"))
