"""Hvor lære opp? (the coordinator): where one more trained supporter helps coverage and fairness
most — `scheduler whatif` on the draft's inputs, with progress, checked proposals and a download
(docs/whatif.md)."""

import os
import time

import streamlit as st

from app_i18n import fmt_num, t, t_plain
from app_state import auth, keys, uploads, widgets
from scheduler.domain import SolverSettings
from scheduler.views.downloads import csv_bytes
from scheduler.whatif.checked import check_evaluation
from scheduler.whatif.cluster import dask_runner, serial_runner
from scheduler.whatif.files import picks_table
from scheduler.whatif.search import sweep

auth.require("whatif")
st.title(t("whatif_title"))
st.markdown(t("whatif_intro"))

inputs = uploads.read_inputs() if uploads.has_inputs() else None
if inputs is None or not inputs.supporters:
    st.info(t("whatif_needs_inputs"), icon=":material/info:")
    widgets.end_page()

c1, c2 = st.columns(2)
train = c1.number_input(t("whatif_train"), min_value=1, max_value=10, value=3, step=1)
seconds = c2.slider(t("whatif_seconds"), min_value=1, max_value=30, value=10, help=t("whatif_seconds_help"))


def _run() -> None:
    """The sweep on Dask (KOLLEGASTOTTE_DASK: a cluster's address, or `serial`; default this machine's cores)."""
    settings = SolverSettings(time_limit=float(seconds), workers=1, deterministic=True)
    bar = st.progress(0.0, text=t("whatif_running", label="—", done=0, planned="…"))

    def progress(done: int, planned: int, label: str) -> None:
        bar.progress(min(1.0, done / max(planned, 1)), text=t_plain("whatif_running", label=label, done=done,
                                                                    planned=planned))

    started = time.perf_counter()
    where = os.environ.get("KOLLEGASTOTTE_DASK", "").strip()
    if where == "serial":
        result = sweep(inputs, int(train), settings, serial_runner(inputs, settings), on_progress=progress)
    else:
        try:
            with dask_runner(inputs, settings, address=where or None) as runner:
                result = sweep(inputs, int(train), settings, runner, on_progress=progress)
        except OSError:
            bar.empty()
            st.error(t_plain("whatif_cluster_failed", address=where), icon=":material/cloud_off:")
            return
    bar.empty()
    if any(check_evaluation(inputs, p.after) for p in result.picks):
        st.error(t("whatif_refused"), icon=":material/error:")
        return
    st.session_state[keys.WHATIF_RESULT] = (uploads.inputs_key(), result, round(time.perf_counter() - started))


if st.button(t("whatif_run"), type="primary", icon=":material/school:"):
    _run()

kept = st.session_state.get(keys.WHATIF_RESULT)
if kept is None or kept[0] != uploads.inputs_key():
    widgets.end_page()
_, result, took = kept
st.success(t("whatif_done", n=len(result.evaluated) + 1, seconds=took) + " " + t("whatif_checked"),
           icon=":material/check_circle:")
if not result.picks:
    st.info(t("whatif_none"), icon=":material/info:")
    widgets.end_page()
shown = [{t("whatif_col_rank"): p.rank, t("whatif_col_ward"): p.candidate.ward,
          t("whatif_col_profession"): p.candidate.profession,
          t("whatif_col_uncovered"): f"{p.before.uncovered} → {p.after.uncovered}",
          t("whatif_col_ratio"): f"{fmt_num(p.before.largest_ratio)} → {fmt_num(p.after.largest_ratio)}",
          t("whatif_col_duties"): f"{p.before.duties} → {p.after.duties}"} for p in result.picks]
st.dataframe(shown, hide_index=True, use_container_width=True)
if result.stopped == "no_improvement":
    st.caption(t("whatif_none"))
st.download_button(t("whatif_download"), csv_bytes(picks_table(result)), file_name="hvor_lære_opp.csv",
                   mime="text/csv", icon=":material/download:")
