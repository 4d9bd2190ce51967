"""The leadership report's folder: report.html, report.xlsx, report.json and, where WeasyPrint works, report.pdf.

What `scheduler report --out` writes, safely (scheduler.io.out_folder: never over a folder it did
not make); report.json holds the counts, for comparing reports and for other tools.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from scheduler.report.leadership import LeadershipReport
from scheduler.report.leadership_html import report_html, report_pdf
from scheduler.report.leadership_xlsx import report_workbook

__all__ = ["report_json", "write_report"]


def report_json(report: LeadershipReport) -> dict:
    """The report's counts as JSON (report.json): for comparing reports and for other tools."""
    def records(frame: pd.DataFrame) -> list[dict]:
        return json.loads(frame.to_json(orient="records", force_ascii=False))

    return {"from": report.first.isoformat(), "to": report.last.isoformat(),
            "quarters": [{"label": q.label_en, "from": q.first.isoformat(), "to": q.last.isoformat()} for q in report.quarters],
            "publications": report.publications, "days_with_rota": report.days_with_rota, "days": report.days,
            "overview": records(report.overview), "by_site": records(report.by_site), "by_ward": records(report.by_ward),
            "reasons": records(report.reasons), "duty_groups": records(report.duty_groups),
            "ratio_groups": records(report.ratio_groups), "duty_stats": report.duty_stats,
            "contacts": records(report.contacts), "training": report.training,
            "training_on": report.training_on.isoformat(),
            "outcomes": None if report.outcomes is None else {
                name: records(getattr(report.outcomes, name))
                for name in ("incidents", "contacts", "conversations", "hours", "training", "helps", "supervision")}}


def write_report(report: LeadershipReport, out: Path, lang: str = "no", names: bool = False, made: str = "") -> tuple[Path, bool]:
    """report.html, report.xlsx, report.json and — where WeasyPrint works — report.pdf, written
    safely (scheduler.io.out_folder). Returns the folder written and whether the PDF is in it."""
    from scheduler.io.out_folder import write_folder_safely

    page = report_html(report, lang, names, made)
    pdf = report_pdf(page)
    data = {"report.html": page.encode("utf-8"), "report.xlsx": report_workbook(report, lang, names),
            "report.json": json.dumps(report_json(report), ensure_ascii=False, indent=1).encode("utf-8")}
    if pdf is not None:
        data["report.pdf"] = pdf

    def fill(folder: Path) -> None:
        for name, content in data.items():
            (folder / name).write_bytes(content)

    return write_folder_safely(out, fill, kind="report"), pdf is not None
