"""Coverage (ward managers): is every shift in my ward covered, by whom — and the printable notice."""

import altair as alt
import streamlit as st

from app_i18n import lang, t
from app_pages.common import view_or_stop
from app_state import widgets
from scheduler.io.outputs import safe_filename

st.title(t("coverage_title"))
st.markdown(t("coverage_intro"))

view = view_or_stop()

coverage = view.coverage.copy()
if coverage.empty:
    st.info(t("no_demand"), icon="ℹ️")
    st.stop()
ward_names = {w: view.instance.wards[w].name if w in view.instance.wards else w for w in view.wards()}
people = {e: emp.name or e for e, emp in view.instance.employees.items()}
wards = sorted(set(coverage["ward"]))
ward_labels = {"": t("all_wards"), **{w: f"{w} – {ward_names.get(w, w)}" for w in wards}}
choice = widgets.localized_selectbox(st, t("filter_ward"), ["", *wards], "coverage_ward", ward_labels.get)
if choice:
    coverage = coverage[coverage["ward"] == choice]

covered = coverage["covered"].astype(str).str.lower().isin(["true", "1"])
backup = coverage["backup_id"].fillna("").astype(str) != ""
labels = {"backup": t("status_covered_backup"), "covered": t("status_covered"), "uncovered": t("status_uncovered")}
coverage["status"] = [labels["uncovered"] if not c else labels["backup"] if b else labels["covered"]
                      for c, b in zip(covered, backup, strict=True)]
slot_order = {s.name: i for i, s in enumerate(view.rules.slots)}
coverage["rad"] = coverage["ward"] + " · " + coverage["slot"]
coverage["order"] = coverage["ward"] + coverage["slot"].map(lambda s: f"{slot_order.get(s, 9):02d}")
coverage["call"] = coverage["supporter_id"].map(lambda s: people.get(s, s) if s else "")
coverage["backup"] = coverage["backup_id"].fillna("").map(lambda s: people.get(s, s) if s else "")

n = len(coverage)
n_cov = int(covered.sum())
c1, c2, c3 = st.columns(3)
c1.metric(t("metric_ward_slots"), n)
c2.metric(t("metric_covered"), f"{n_cov} ({n_cov / n:.0%})" if n else "–")
c3.metric(t("metric_uncovered"), n - n_cov)

rows = sorted(set(coverage["rad"]), key=lambda r: coverage.loc[coverage["rad"] == r, "order"].iloc[0])
chart = (
    alt.Chart(coverage)
    .mark_rect(stroke="white", strokeWidth=0.5)
    .encode(
        x=alt.X("date:O", title=t("col_date"), axis=alt.Axis(labelAngle=-60)),
        y=alt.Y("rad:N", title=t("col_ward_slot"), sort=rows, axis=alt.Axis(labelOverlap=False)),
        color=alt.Color("status:N", title=t("col_status"),
                        scale=alt.Scale(domain=[labels["backup"], labels["covered"], labels["uncovered"]],
                                        range=["#1b7837", "#a6dba0", "#d73027"])),
        tooltip=[alt.Tooltip("date:N", title=t("col_date")), alt.Tooltip("slot:N", title=t("col_slot")),
                 alt.Tooltip("ward:N", title=t("col_ward")), alt.Tooltip("headcount:Q", title=t("col_headcount")),
                 alt.Tooltip("call:N", title=t("col_call")), alt.Tooltip("backup:N", title=t("col_backup")),
                 alt.Tooltip("reason:N", title=t("col_reason"))],
    )
    .properties(height=max(120, 16 * len(rows)))
)
st.altair_chart(chart, width="stretch", key="coverage_heatmap")
st.caption(t("heatmap_help"))

st.subheader(t("uncovered_title"))
uncovered = coverage[~covered.to_numpy()].copy()
if view.kind == "draft" and view.rota.reasons:
    # A draft still knows each reason in both languages: show the one chosen now.
    slot_index = {(s.date.isoformat(), s.name): s.index for s in view.instance.slots}
    uncovered["reason"] = [
        view.rota.reasons[key].text(lang()) if (key := (w, slot_index.get((d, sl)))) in view.rota.reasons else r
        for w, d, sl, r in uncovered[["ward", "date", "slot", "reason"]].itertuples(index=False)
    ]
if uncovered.empty:
    st.success(t("all_covered"), icon="✅")
else:
    st.dataframe(uncovered[["date", "slot", "ward", "headcount", "reason"]].rename(columns={
        "date": t("col_date"), "slot": t("col_slot"), "ward": t("col_ward"), "headcount": t("col_headcount"),
        "reason": t("col_reason")}), hide_index=True, width="stretch", key="uncovered_table")
    if view.kind == "published" and lang() == "en":
        st.caption(t("reasons_language_note"))

st.subheader(t("notice_title"))
st.caption(t("notice_help"))
notice_ward = st.selectbox(t("notice_ward"), wards, index=wards.index(choice) if choice in wards else 0,
                           key="notice_ward_coverage", format_func=lambda w: f"{w} – {ward_names.get(w, w)}")
html = view.notice(notice_ward, lang())
st.download_button(t("download_notice"), html.encode("utf-8"), file_name=f"oppslag_{safe_filename(notice_ward)}.html",
                   mime="text/html", key="dl_notice_coverage", on_click="ignore", icon="🖨️")
with st.expander(t("notice_preview")):
    st.html(html)

with st.expander(t("who_covers_table")):
    st.dataframe(coverage[["date", "slot", "ward", "headcount", "call", "backup", "status"]].rename(columns={
        "date": t("col_date"), "slot": t("col_slot"), "ward": t("col_ward"), "headcount": t("col_headcount"),
        "call": t("col_call"), "backup": t("col_backup"), "status": t("col_status")}),
        hide_index=True, width="stretch", key="coverage_table")
