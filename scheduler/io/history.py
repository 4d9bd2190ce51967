"""The history file: what each supporter carried in earlier periods, one row per supporter and
period (docs/history.md, «History file») — for the first period planned here, or a migration from
another tool. `scheduler history` writes the same columns.

| column | required | meaning |
|---|---|---|
| supporter_id | yes | employee id |
| period_start, period_end | yes | the period's first and last date |
| duties | one of duties, hours | support duties in the period |
| hours | one of duties, hours | duty hours (default: one hour per duty) |
| nights, weekend_duties, contacts | no | counts (default 0) |
| fair_share_hours | no | the supporter's fair share of the period in hours |
| load_ratio | no | hours ÷ fair share (used when fair_share_hours is empty) |

Without a fair share the period's hours are shared equally among the supporters listed for it.
Counts only: the file has no column for anything said or done in a conversation, and a column
the reader does not know is not read. A row that cannot be read is an error naming its row and
column; the other rows are read.
"""

from __future__ import annotations

import datetime as dt

from scheduler.carried import PeriodLoad
from scheduler.domain import MAX_PERIOD_DAYS
from scheduler.io.dates import parse_date
from scheduler.io.messages import MAX_ROW_MESSAGES, error, warning
from scheduler.io.records import Record, parse_number, read_records
from scheduler.io.types import ReadingReport, Source

__all__ = ["read_history"]

_ALIASES = {
    "supporter_id": ("supporterid", "employeeid", "ansattnr", "ansattnummer", "ansnr", "persnr", "ansattid",
                     "kollegastøtte", "employee", "id"),
    "period_start": ("periodstart", "periodefra", "periodestart", "fradato", "fra", "from", "start"),
    "period_end": ("periodend", "periodetil", "periodeslutt", "tildato", "til", "to", "end", "slutt"),
    "duties": ("duties", "vakter", "støttevakter", "antallvakter", "antallstøttevakter"),
    "hours": ("hours", "timer", "vakttimer", "antalltimer"),
    "nights": ("nights", "netter", "nattevakter"),
    "weekend_duties": ("weekendduties", "helgevakter", "helg", "weekends"),
    "contacts": ("contacts", "kontakter", "oppsøkendekontakter", "outreachcontacts"),
    "fair_share_hours": ("fairsharehours", "fairshare", "rettferdigandel", "andeltimer", "andel", "target", "mål"),
    "load_ratio": ("loadratio", "belastningsforhold", "belastning", "forhold", "ratio"),
}
#: At most this much is counted for one supporter in one period (a year of every slot, with room).
_MOST = 100_000.0


def _count(report: ReadingReport, r: Record, field: str) -> tuple[float | None, bool]:
    """A count ≥ 0 from a cell; (None, True) when empty, (None, False) after an error."""
    text = r.get(field)
    if not text:
        return None, True
    value = parse_number(text)
    if value is None or value < 0 or value > _MOST:
        error(report, f"«{r.raw(field)}» er ikke et tall fra 0 til {_MOST:,.0f}.".replace(",", " "),
              f"«{r.raw(field)}» is not a number from 0 to {_MOST:,.0f}.".replace(",", " "),
              row=r.line, column=r.column(field), raw=r.raw(field),
              fix_no="Skriv et tall som 12 eller 7,5, eller la cellen stå tom.",
              fix_en="Write a number such as 12 or 7.5, or leave the cell empty.")
        return None, False
    return value, True


def _date(report: ReadingReport, r: Record, field: str) -> dt.date | None:
    day = parse_date(r.get(field)) if r.get(field) else None
    if day is None:
        what_no, what_en = ("mangler", "is missing") if not r.get(field) else ("er ikke en dato", "is not a date")
        error(report, f"Periodens {'start' if field == 'period_start' else 'slutt'} {what_no}.",
              f"The period's {'start' if field == 'period_start' else 'end'} {what_en}.",
              row=r.line, column=r.column(field), raw=r.raw(field),
              fix_no="Skriv datoen som 2026-10-05 eller 05.10.2026.", fix_en="Write the date as 2026-10-05 or 05.10.2026.")
    return day


def _row(report: ReadingReport, r: Record, name: str) -> PeriodLoad | None:
    sid = r.get("supporter_id")
    if not sid:
        error(report, "Raden mangler ansattnummer.", "The row has no employee id.", row=r.line,
              column=r.column("supporter_id"), fix_no="Fyll inn ansattnummeret.", fix_en="Fill in the employee id.")
        return None
    first, last = _date(report, r, "period_start"), _date(report, r, "period_end")
    values: dict[str, float | None] = {}
    good = first is not None and last is not None
    for field in ("duties", "hours", "nights", "weekend_duties", "contacts", "fair_share_hours", "load_ratio"):
        values[field], ok = _count(report, r, field)
        good &= ok
    if not good:
        return None
    assert first is not None and last is not None
    if last < first or (last - first).days + 1 > MAX_PERIOD_DAYS:
        error(report, f"Perioden {first}–{last} er ikke en periode på 1 til {MAX_PERIOD_DAYS} dager.",
              f"The period {first}–{last} is not a period of 1 to {MAX_PERIOD_DAYS} days.", row=r.line,
              column=r.column("period_end"), raw=r.raw("period_end"),
              fix_no="Sjekk datoene: slutt kommer etter start.", fix_en="Check the dates: the end comes after the start.")
        return None
    if values["duties"] is None and values["hours"] is None:
        error(report, "Raden har verken vakter eller timer.", "The row has neither duties nor hours.", row=r.line,
              column=r.column("duties") if "duties" in r.header else r.column("hours"),
              fix_no="Fyll inn antall støttevakter (duties) eller timer (hours).",
              fix_en="Fill in the number of duties or the hours.")
        return None
    hours = values["hours"] if values["hours"] is not None else float(values["duties"] or 0.0)
    duties = values["duties"] if values["duties"] is not None else hours
    share = values["fair_share_hours"]
    if share is None and values["load_ratio"]:
        share = hours / values["load_ratio"] if hours > 0 else None
    return PeriodLoad(sid, first, last, duties=duties, hours=hours, nights=values["nights"] or 0.0,
                      weekend_duties=values["weekend_duties"] or 0.0, contacts=values["contacts"] or 0.0,
                      fair_share_hours=share, source=name)


def read_history(src: Source) -> tuple[list[PeriodLoad], ReadingReport]:
    """The rows of a history file, and the reading report (file, row and column of every problem)."""
    records, report = read_records(src, "history", _ALIASES, ["supporter_id", "period_start", "period_end"])
    if records and not ({"duties", "hours"} & set(records[0].header)):
        error(report, "Mangler kolonne: duties eller hours.", "Missing column: duties or hours.",
              fix_no="Filen trenger antall støttevakter (duties) eller timer (hours) per periode.",
              fix_en="The file needs the number of duties or the hours per period.")
        return [], report
    out: list[PeriodLoad] = []
    seen: dict[tuple[str, dt.date, dt.date], int] = {}
    quiet = ReadingReport(file=src.name, kind="history")  # row messages beyond the cap are only counted
    hidden = 0
    for r in records:
        hidden += len(quiet.messages)
        quiet.messages.clear()
        target = report if len(report.messages) < MAX_ROW_MESSAGES else quiet
        row = _row(target, r, src.name)
        if row is None:
            report.rows_skipped += 1
            continue
        key = (row.supporter_id, row.first, row.last)
        if key in seen:
            warning(target, f"{row.supporter_id} står to ganger for perioden {row.first}–{row.last} (også rad "
                            f"{seen[key]}); den første raden gjelder.",
                    f"{row.supporter_id} is listed twice for the period {row.first}–{row.last} (also row "
                    f"{seen[key]}); the first row applies.", row=r.line, column=r.column("supporter_id"),
                    raw=r.raw("supporter_id"))
            report.rows_skipped += 1
            continue
        seen[key] = r.line
        out.append(row)
        report.rows_read += 1
    hidden += len(quiet.messages)
    if hidden:
        warning(report, f"{hidden} flere meldinger om enkeltrader vises ikke.",
                f"{hidden} more messages about single rows are not shown.",
                fix_no="Rett de første og les filen på nytt.", fix_en="Fix the first ones and read the file again.")
    report.employees = len({r.supporter_id for r in out})
    if out:
        report.date_from = min(r.first for r in out)
        report.date_to = max(r.last for r in out)
    return out, report
