"""Pins (locked or forbidden duties) the user set, e.g. in the app, saved as CSV."""

from __future__ import annotations

from scheduler.domain import Pin
from scheduler.io.dates import parse_date
from scheduler.io.messages import error
from scheduler.io.records import read_records
from scheduler.io.types import ReadingReport, Source

__all__ = ["read_pins"]

_ALIASES = {
    "supporter_id": ("supporterid", "employeeid", "ansattnr", "ansnr", "kollegastøtte", "kollegastotte", "id"),
    "date": ("date", "dato"),
    "slot": ("slot", "vakt", "periode", "tid"),
    "action": ("action", "handling", "type"),
    "ward": ("ward", "post", "wardid"),
}
_ACTIONS = {"lock": "lock", "locked": "lock", "laas": "lock", "lås": "lock", "låst": "lock", "laast": "lock",
            "forbid": "forbid", "forbidden": "forbid", "forby": "forbid", "forbudt": "forbid", "sperr": "forbid"}


def read_pins(src: Source) -> tuple[list[Pin], ReadingReport]:
    records, report = read_records(src, "pins", _ALIASES, ["supporter_id", "date", "slot", "action"])
    out: list[Pin] = []
    for r in records:
        problems: list[tuple[str, str, str, str, str]] = []
        if not r.get("supporter_id"):
            problems.append(("supporter_id", "mangler ansattnummer.", "has no employee id.", "Fyll inn ansattnummeret.",
                             "Fill in the employee id."))
        date = parse_date(r.get("date"))
        if date is None:
            problems.append(("date", f"«{r.get('date')}» er ikke en dato.", f"«{r.get('date')}» is not a date.",
                             "Skriv datoen som 2027-01-04.", "Write the date as 2027-01-04."))
        if not r.get("slot"):
            problems.append(("slot", "mangler vaktperiode (slot).", "has no slot.", "Skriv f.eks. dag, kveld eller natt.",
                             "Write e.g. dag, kveld or natt."))
        action = _ACTIONS.get(r.get("action").lower())
        if action is None:
            problems.append(("action", f"«{r.get('action')}» er ikke lock/forbid.", f"«{r.get('action')}» is not lock/forbid.",
                             "Skriv lock (lås) eller forbid (forby).", "Write lock (lås) or forbid (forby)."))
        for field, no, en, fix_no, fix_en in problems:
            error(report, f"Raden {no}", f"The row {en}", row=r.line, column=r.column(field), fix_no=fix_no,
                  fix_en=fix_en, raw=r.raw(field))
        if problems or date is None or action is None:
            report.rows_skipped += 1
            continue
        out.append(Pin(supporter_id=r.get("supporter_id"), date=date, slot=r.get("slot"), action=action,  # type: ignore[arg-type]
                       ward=r.get("ward") or None))
        report.rows_read += 1
    return out, report
