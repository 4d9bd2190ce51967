"""The attendance file of `scheduler supervision-attendance --import` (docs/supervision.md,
«Attendance, as counts»): supervision.csv with a column `attended` filled in, or just `date, start,
site, attended` (`dato`, `start`/`fra`, `sted`, `fremmøtt`/`antall`). A count per meeting and
nothing else: every problem is a message naming the file, row and column and the fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from scheduler.io.records import Record, cell_errors, count_problem, read_records, whole_count
from scheduler.io.types import ReadingReport, Source

__all__ = ["AttendanceRow", "read_attendance", "ATTENDANCE_ALIASES", "MAX_ATTENDED"]

MAX_ATTENDED = 500
ATTENDANCE_ALIASES = {
    "date": ("date", "dato", "møtedato", "motedato"),
    "start": ("start", "fra", "klokkeslett"),
    "site": ("site", "sted", "lokasjon"),
    "attended": ("attended", "fremmøtt", "fremmott", "fremmøte", "antall", "deltakere"),
}
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.][0-5]\d$")


@dataclass(frozen=True)
class AttendanceRow:
    row: int
    date: str  # 2027-01-19
    start: str  # 08:00
    site: str
    attended: int


def _date(text: str) -> str | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _quoted(record: Record, field: str) -> str:
    """A message quotes the cell, never the count (it may not be one)."""
    return "" if field == "attended" else record.raw(field)[:20]


def read_attendance(src: Source) -> tuple[list[AttendanceRow], ReadingReport]:
    """The rows with a count (an empty `attended` changes nothing) and the reading report."""
    records, report = read_records(src, "outreach-status", ATTENDANCE_ALIASES, ["date", "start", "attended"])
    out: list[AttendanceRow] = []
    for r in records:
        if not r.get("attended"):
            report.rows_read += 1
            continue
        date, start = _date(r.get("date")), r.get("start").strip()
        number = whole_count(r.get("attended"), MAX_ATTENDED)
        problems = []
        if date is None:
            problems.append(("date", "er ikke en dato.", "is not a date.", "Skriv datoen som 2027-01-19.",
                             "Write the date as 2027-01-19."))
        if not _TIME.match(start):
            problems.append(("start", "er ikke et klokkeslett.", "is not a time of day.",
                             "Skriv starten slik supervision.csv har den (08:00).",
                             "Write the start as supervision.csv has it (08:00)."))
        if number is None:
            problems.append(count_problem("attended", MAX_ATTENDED, "Skriv hvor mange som møtte (bare antallet, aldri hvem).",
                                          "Write how many attended (the number only, never who)."))
        cell_errors(report, r, problems, _quoted)
        if problems or date is None or number is None:
            report.rows_skipped += 1
            continue
        hh, mm = re.split(r"[:.]", start)
        out.append(AttendanceRow(r.line, date, f"{int(hh):02d}:{mm}", r.get("site").strip(), number))
        report.rows_read += 1
    return out, report
