"""The supporters file: trained peer supporters, their own limits and dates (training valid until,
the last yearly refresher), the number to call them on (`phone`, optional) and whether they may be
on call from home (`on_call`, ja/nei, optional; docs/inputs.md).

Empty limits mean "use the rule's default" (None). Every cell that cannot be read is an error
naming the row and column; the supporter is then left out rather than read with a wrong limit.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from scheduler.domain import Supporter
from scheduler.io.dates import has_trailing_text, parse_date, parse_date_list
from scheduler.io.messages import error, warning
from scheduler.io.records import (
    Record,
    allowed_range,
    bounds,
    parse_bool,
    parse_number,
    read_records,
)
from scheduler.io.types import ReadingReport, Source

__all__ = ["read_supporters"]

_ALIASES = {
    "employee_id": ("employeeid", "supporterid", "ansattnr", "ansattnummer", "ansnr", "persnr", "ansattid",
                    "employee", "id"),
    "name": ("name", "navn", "fulltnavn"),
    "max_duties_per_week": ("maxdutiesperweek", "maksvakterperuke", "maxvakterperuke", "vakterperuke"),
    "max_duties_per_period": ("maxdutiesperperiod", "maksvakterperperiode", "maxvakterperperiode", "vakterperperiode"),
    "max_nights_per_period": ("maxnightsperperiod", "maksnetterperperiode", "maxnetterperperiode", "netterperperiode"),
    "protected_hours_per_week": ("protectedhoursperweek", "beskyttedetimerperuke", "beskyttettidperuke",
                                 "timerperuke"),
    "training_valid_until": ("trainingvaliduntil", "opplæringgyldigtil", "opplaeringgyldigtil", "kursgyldigtil",
                             "gyldigtil"),
    "last_refresher": ("lastrefresher", "refresher", "refresherdate", "sisteoppfriskning", "oppfriskning",
                       "oppfriskningskurs", "sisterepetisjon", "repetisjonskurs", "repetisjon"),
    "leads_wards": ("leadswards", "lederposter", "lederfor", "leder"),
    "unavailable": ("unavailable", "utilgjengelig", "ikketilgjengelig", "ikkeledig"),
    "recent_activity": ("recentactivity", "antallsamtaler", "samtaler", "aktivitet"),
    "phone": ("phone", "telefon", "telefonnummer", "telefonnr", "tlf", "tlfnr", "mobil", "mobilnummer", "mobilnr",
              "phonenumber", "mobile"),
    "on_call": ("oncall", "beredskap", "ibredskap", "iberedskap", "hjemmevakt", "vaktfrahjemmet"),
}
#: A phone number as people write it: digits with spaces, dashes, dots, brackets, an optional leading +.
_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-/]*$")
_INTS = ("max_duties_per_week", "max_duties_per_period", "max_nights_per_period", "recent_activity")


def _bad(report: ReadingReport, r: Record, field: str, no: str, en: str, fix_no: str, fix_en: str) -> None:
    error(report, f"«{r.raw(field)}» {no}", f"«{r.raw(field)}» {en}", row=r.line, column=r.column(field),
          fix_no=fix_no, fix_en=fix_en, raw=r.raw(field))


def _trailing_text(report: ReadingReport, r: Record, field: str) -> None:
    """A date with text after it: the date is used, the text is neither read nor kept — and the
    message does not repeat it (it may say why someone is away)."""
    parts = [p for p in re.split(r"[;,|]", r.get(field)) for e in re.split(r"\.\.|–|—|\s-\s", p) if has_trailing_text(e)]
    if parts:
        warning(report, "Teksten etter datoen er ikke lest og blir ikke tatt vare på; bare datoen brukes.",
                "The text after the date was not read and is not kept; only the date is used.", row=r.line,
                column=r.column(field), fix_no="Skriv bare datoer her (hvorfor noen er borte, hører ikke hjemme i fila).",
                fix_en="Write only dates here (why someone is away does not belong in the file).")


def _parse_row(report: ReadingReport, r: Record) -> dict[str, object] | None:
    values: dict[str, object] = {"employee_id": r.get("employee_id"), "name": r.get("name")}
    good = True
    for field in ("training_valid_until", "last_refresher", "unavailable"):
        if r.get(field):
            _trailing_text(report, r, field)
    for f in _INTS:
        if not r.get(f):
            continue
        n = parse_number(r.get(f))
        lo, hi = bounds(Supporter, f)
        if n is None or n != int(n) or n < (lo or 0) or (hi is not None and n > hi):
            span = allowed_range(Supporter, f)
            _bad(report, r, f, f"er ikke et helt tall i {span}.", f"is not a whole number in {span}.",
                 "Skriv et helt tall, eller la feltet stå tomt for standardverdien.",
                 "Write a whole number, or leave the cell empty for the default.")
            good = False
        else:
            values[f] = int(n)
    if r.get("protected_hours_per_week"):
        h = parse_number(r.get("protected_hours_per_week"))
        lo, hi = bounds(Supporter, "protected_hours_per_week")
        if h is None or h < (lo or 0) or (hi is not None and h > hi):
            span = allowed_range(Supporter, "protected_hours_per_week")
            _bad(report, r, "protected_hours_per_week", f"er ikke et tall i {span}.", f"is not a number in {span}.",
                 "Skriv timer som 7,5 eller 7.5.", "Write hours as 7.5 or 7,5.")
            good = False
        else:
            values["protected_hours_per_week"] = h
    if r.get("training_valid_until"):
        d = parse_date(r.get("training_valid_until"))
        if d is None:
            _bad(report, r, "training_valid_until", "er ikke en dato.", "is not a date.",
                 "Skriv datoen som 2027-06-30 eller 30.06.2027.", "Write the date as 2027-06-30 or 30.06.2027.")
            good = False
        else:
            values["training_valid_until"] = d
    if r.get("last_refresher"):
        d = parse_date(r.get("last_refresher"))
        if d is None:
            _bad(report, r, "last_refresher", "er ikke en dato.", "is not a date.",
                 "Skriv datoen for siste oppfriskningskurs som 2026-09-15 eller 15.09.2026.",
                 "Write the date of the last refresher as 2026-09-15 or 15.09.2026.")
            good = False
        else:
            values["last_refresher"] = d
    values["leads_wards"] = frozenset(w.strip() for w in re.split(r"[;,|]", r.get("leads_wards")) if w.strip())
    if r.get("unavailable"):
        dates, bad = parse_date_list(r.get("unavailable"))
        if bad:
            _bad(report, r, "unavailable", f"har deler som ikke er datoer: {', '.join(bad)}.",
                 f"has parts that are not dates: {', '.join(bad)}.",
                 "Skriv datoer og perioder som 2027-01-04..2027-01-10;2027-02-01.",
                 "Write dates and ranges as 2027-01-04..2027-01-10;2027-02-01.")
            good = False
        values["unavailable"] = frozenset(dates)
    if r.get("phone"):
        phone = " ".join(r.get("phone").split())
        digits = sum(c.isdigit() for c in phone)
        if not _PHONE.match(phone) or not 3 <= digits <= 15 or len(phone) > 32:
            _bad(report, r, "phone", "er ikke et telefonnummer.", "is not a phone number.",
                 "Skriv nummeret med sifre, gjerne med landskode: +47 22 11 80 00, eller et internnummer som 61234.",
                 "Write the number in digits, with the country code if you like: +47 22 11 80 00, or an extension "
                 "such as 61234.")
            good = False
        else:
            values["phone"] = phone
    if r.get("on_call"):
        opted = parse_bool(r.get("on_call"))
        if opted is None:
            _bad(report, r, "on_call", "er ikke ja/nei.", "is not yes/no.",
                 "Skriv ja om kollegastøtten kan ha beredskap hjemmefra, ellers nei (eller la feltet stå tomt).",
                 "Write yes if the supporter may be on call from home, else no (or leave the cell empty).")
            good = False
        else:
            values["on_call"] = opted
    return values if good else None


def read_supporters(src: Source) -> tuple[dict[str, Supporter], ReadingReport]:
    records, report = read_records(src, "supporters", _ALIASES, ["employee_id"])
    out: dict[str, Supporter] = {}
    for r in records:
        if not r.get("employee_id"):
            error(report, "Raden mangler ansattnummer.", "The row has no employee id.", row=r.line,
                  column=r.column("employee_id"), fix_no="Fyll inn ansattnummeret.", fix_en="Fill in the employee id.")
            report.rows_skipped += 1
            continue
        values = _parse_row(report, r)
        if values is None:
            report.rows_skipped += 1
            continue
        emp = str(values["employee_id"])
        if emp in out:
            warning(report, f"Kollegastøtte {emp} står flere ganger; den første raden gjelder.",
                    f"Supporter {emp} appears more than once; the first row applies.", row=r.line,
                    column=r.column("employee_id"), raw=r.raw("employee_id"))
            report.rows_skipped += 1
            continue
        try:
            out[emp] = Supporter(**values)  # type: ignore[arg-type]
        except ValidationError as exc:
            first = exc.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else ""
            error(report, f"Raden kan ikke brukes: {first['msg']}", f"The row cannot be used: {first['msg']}",
                  row=r.line, column=r.column(field) if field else None, raw=r.raw(field) if field else "")
            report.rows_skipped += 1
            continue
        report.rows_read += 1
    report.employees = len(out)
    return out, report
