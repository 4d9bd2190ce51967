"""The wards file: departments, sites, minimum staffing and whether a ward needs cover."""

from __future__ import annotations

from pydantic import ValidationError

from scheduler.domain import Ward
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

__all__ = ["read_wards"]

_ALIASES = {
    "ward": ("ward", "wardid", "post", "postid", "enhet", "id", "kode"),
    "name": ("name", "navn", "postnavn", "wardname"),
    "department": ("department", "avdeling", "klinikk", "dept", "seksjon"),
    "site": ("site", "sted", "lokasjon", "sykehus", "location"),
    "min_staff_day": ("minstaffday", "mindag", "minbemanningdag", "bemanningdag"),
    "min_staff_evening": ("minstaffevening", "minkveld", "minbemanningkveld", "bemanningkveld"),
    "min_staff_night": ("minstaffnight", "minnatt", "minbemanningnatt", "bemanningnatt"),
    "needs_coverage": ("needscoverage", "trengerdekning", "dekning", "coverage"),
}


def _min_staff(report: ReadingReport, r: Record, field: str) -> tuple[int | None, bool]:
    text = r.get(field)
    if not text:
        return None, True
    value = parse_number(text)
    lo, hi = bounds(Ward, field)
    if value is None or value != int(value) or value < (lo or 0) or (hi is not None and value > hi):
        span = allowed_range(Ward, field)
        error(report, f"«{text}» er ikke et helt tall i {span}.", f"«{text}» is not a whole number in {span}.", raw=text,
              row=r.line, column=r.column(field), fix_no="Skriv et helt tall, eller la feltet stå tomt.",
              fix_en="Write a whole number, or leave the cell empty.")
        return None, False
    return int(value), True


def read_wards(src: Source) -> tuple[dict[str, Ward], ReadingReport]:
    records, report = read_records(src, "wards", _ALIASES, ["ward"])
    out: dict[str, Ward] = {}
    for r in records:
        ward = r.get("ward")
        if not ward:
            error(report, "Raden mangler post-id.", "The row has no ward id.", row=r.line, column=r.column("ward"),
                  fix_no="Fyll inn post-id.", fix_en="Fill in the ward id.")
            report.rows_skipped += 1
            continue
        values: dict[str, object] = {}
        good = True
        for f in ("min_staff_day", "min_staff_evening", "min_staff_night"):
            values[f], ok = _min_staff(report, r, f)
            good &= ok
        cover = True
        if r.get("needs_coverage"):
            parsed = parse_bool(r.get("needs_coverage"))
            if parsed is None:
                error(report, f"«{r.get('needs_coverage')}» er ikke ja/nei.", f"«{r.get('needs_coverage')}» is not yes/no.",
                      row=r.line, column=r.column("needs_coverage"), fix_no="Skriv ja eller nei (true/false, 1/0).",
                      fix_en="Write yes or no (ja/nei, true/false, 1/0).")
                good = False
            else:
                cover = parsed
        if not good:
            report.rows_skipped += 1
            continue
        if ward in out:
            warning(report, f"Posten {ward} står flere ganger; den første raden gjelder.",
                    f"Ward {ward} appears more than once; the first row applies.", row=r.line,
                    column=r.column("ward"), raw=r.raw("ward"))
            report.rows_skipped += 1
            continue
        try:
            out[ward] = Ward(ward_id=ward, name=r.get("name"), department=r.get("department"), site=r.get("site"),
                             needs_coverage=cover, **values)  # type: ignore[arg-type]
        except ValidationError as exc:
            error(report, "Raden kan ikke brukes.", "The row cannot be used.", row=r.line, raw=r.raw("ward"),
                  fix_no=str(exc.errors()[0]["msg"]), fix_en=str(exc.errors()[0]["msg"]))
            report.rows_skipped += 1
            continue
        report.rows_read += 1
    return out, report
