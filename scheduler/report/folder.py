"""The output folder of a plan (docs/outputs.md): the tables as CSV (and for Excel), summary.json, the
workbook, a notice per ward and a calendar per supporter (on call too), on_call.csv when an on-call
supporter is planned, written so a kill never leaves half."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from scheduler.io.outputs import write_output_folder
from scheduler.model.supervision import meetings_for, supervision_frame
from scheduler.report.calendars import supporter_calendars
from scheduler.report.call_now import call_page_url
from scheduler.report.notices import ward_notice_html
from scheduler.report.release import release_frame, turnus_import_frame
from scheduler.report.workbook import workbook_bytes
from scheduler.solve.plan import Plan, plan_tables

__all__ = ["write_plan"]


def write_plan(plan: Plan, out: Path, lang: str = "no", extra_files: Mapping[str, bytes] | None = None, *,
               public_url: str = "") -> Path:
    """The whole output folder: CSVs, summary.json, a notice per ward, a calendar per supporter, and
    `extra_files` (e.g. the command line's reading_report.json). With `public_url` (the app's
    address as people reach it) each notice carries a QR code that opens the call page for its ward,
    as the app's notices do (docs/outputs.md, «notices and calendars»). rota.xlsx speaks `lang` (its
    sheet names, headers and coded words; the CSVs keep their canonical names).

    Returns the folder written (see :func:`scheduler.io.outputs.write_output_folder`)."""
    instance = plan.instance
    assignments = plan.rota.assignments
    wards = sorted(set(assignments["ward"]))
    by_ward = dict(tuple(assignments.groupby("ward", sort=False)))  # split once: each notice reads its own rows
    notices = {w: ward_notice_html(instance, replace(plan.rota, assignments=by_ward.get(w, assignments.iloc[:0])), w,
                                   lang, qr_url=call_page_url(public_url, w) if public_url else "", on_call=plan.on_call)
               for w in wards}
    meetings = meetings_for(instance, plan.rota.duties)  # supervision in paid time (docs/supervision.md)
    calendars = supporter_calendars(instance, plan.rota, meetings, plan.on_call)  # a duty, a meeting or on call
    tables = plan_tables(plan)
    for_the_wards = {  # the home wards' release list and the turnus system's import (report/release.py)
        "release.csv": release_frame(plan.rota.duties).to_csv(index=False).encode("utf-8"),
        "turnus_import.csv": turnus_import_frame(plan.rota.duties, instance.rules.turnus_activity_code)
        .to_csv(index=False).encode("utf-8"),
    }
    if plan.on_call is not None:  # who is on call from home (scheduler.oncall; docs/outputs.md)
        for_the_wards["on_call.csv"] = plan.on_call.to_csv(index=False).encode("utf-8")
    if instance.rules.supervision is not None:
        for_the_wards["supervision.csv"] = supervision_frame(meetings).to_csv(index=False).encode("utf-8")
    return write_output_folder(Path(out), tables, plan.summary, notices, calendars, workbook_bytes(tables, lang),
                               extra_files={**for_the_wards, **(extra_files or {})})
