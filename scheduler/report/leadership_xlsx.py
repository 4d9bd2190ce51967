"""The leadership report as an .xlsx workbook: one sheet per table, with charts.

Text is always text, never a formula (the workbook options of scheduler.report.workbook), sheet
names are those Excel takes, and the labels are the page's (scheduler.report.leadership_words).
"""

from __future__ import annotations

import io

import pandas as pd

from scheduler.report.leadership import LeadershipReport
from scheduler.report.leadership_outcomes_show import outcome_tables
from scheduler.report.leadership_words import (
    PALETTE,
    day_text,
    quarter_label,
    reason_label,
    training_rows,
    word,
)

__all__ = ["report_workbook"]


def report_workbook(report: LeadershipReport, lang: str = "no", names: bool = False) -> bytes:
    """The report as .xlsx: one sheet per table, with charts; text is always text, never a formula."""
    from scheduler.report.workbook import XLSX_OPTIONS

    w = lambda key, **v: word(key, lang, **v)  # noqa: E731
    buffer = io.BytesIO()
    ov = report.overview.copy()
    ov["quarter"] = [quarter_label(report, q, lang) for q in ov["quarter"]]
    ov["contacts"] = ov["contacts"].astype("object").where(ov["contacts"].notna(), w("not_recorded"))
    sheets: dict[str, pd.DataFrame] = {
        w("overview"): ov.rename(columns={"quarter": w("quarter"), "ward_slots": w("ward_slots"), "covered": w("covered"),
                                          "uncovered": w("uncovered"), "share": w("share"), "duties": w("duties"),
                                          "supporters_on_duty": w("supporters_on_duty"), "contacts": w("contacts")}),
        w("by_site"): report.by_site.assign(quarter=[quarter_label(report, q, lang) for q in report.by_site["quarter"]])
        .rename(columns={"site": w("site"), "quarter": w("quarter"), "ward_slots": w("ward_slots"), "covered": w("covered"),
                         "uncovered": w("uncovered"), "share": w("share")}),
        w("by_ward"): report.by_ward.rename(columns={"site": w("site"), "ward": w("ward"), "name": w("name"),
                                                     "ward_slots": w("ward_slots"), "covered": w("covered"),
                                                     "uncovered": w("uncovered"), "share": w("share")}),
        w("reasons"): report.reasons.assign(reason=[reason_label(c, lang) for c in report.reasons["reason"]],
                                            quarter=[quarter_label(report, q, lang) for q in report.reasons["quarter"]])
        .rename(columns={"reason": w("reason"), "quarter": w("quarter"), "uncovered": w("uncovered")}),
        w("duty_groups"): report.duty_groups.rename(columns={"group": w("duties"), "supporters": w("supporters")}),
        w("ratio_groups"): report.ratio_groups.rename(columns={"group": w("ratio"), "supporters": w("supporters")}),
        w("outreach"): report.contacts.assign(quarter=[quarter_label(report, q, lang) for q in report.contacts["quarter"]])
        .rename(columns={"quarter": w("quarter"), "contacts": w("contacts")}),
        w("training", date=day_text(report.training_on)): pd.DataFrame(training_rows(report, lang), columns=["", w("count")]),
    }
    sheets.update(outcome_tables(report, lang, raw=True))  # the outcomes (scheduler.report.leadership_outcomes)
    if names:
        sheets[w("per_supporter")] = report.per_supporter.rename(columns={
            "supporter_id": "supporter_id", "name": w("name"), "duties": w("duties"), "hours": w("hours"),
            "fair_share_hours": w("fair_share"), "ratio": w("ratio")})
    used: set[str] = set()
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": XLSX_OPTIONS}) as writer:
        book = writer.book
        for title, frame in sheets.items():
            name = _sheet_name(title, used)
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for i, column in enumerate(frame.columns):
                width = max([len(str(column))] + [len(str(x)) for x in frame[column].head(200)])
                sheet.set_column(i, i, min(width + 2, 60))
            rows = len(frame)
            if rows and title in (w("overview"), w("duty_groups"), w("ratio_groups"), w("reasons")):
                chart = book.add_chart({"type": "column" if title == w("overview") else "bar"})
                if title == w("overview"):
                    for col, color in ((2, PALETTE[0]), (3, PALETTE[1])):
                        chart.add_series({"name": [name, 0, col], "categories": [name, 1, 0, rows - 1, 0],
                                          "values": [name, 1, col, rows - 1, col], "fill": {"color": color}})
                    chart.set_y_axis({"name": w("ward_slots")})
                else:
                    value_col = 2 if title == w("reasons") else 1
                    chart.add_series({"name": [name, 0, value_col], "categories": [name, 1, 0, rows, 0],
                                      "values": [name, 1, value_col, rows, value_col], "fill": {"color": PALETTE[2]}})
                    chart.set_legend({"none": True})
                chart.set_title({"name": title})
                sheet.insert_chart(1, len(frame.columns) + 1, chart)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel takes: at most 31 characters, none of []:*?/\\, unique."""
    name = "".join("-" if c in "[]:*?/\\" else c for c in title)[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name
