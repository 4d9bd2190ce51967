"""Reading turnus files (docs/inputs.md) into the TURNUS_COLUMNS table and Employee records.

Long (one row per employee and date) and wide (one row per employee, one column per date) files,
CSV or .xlsx. Everything expensive is done once per distinct value (ids, dates, codes, wards) and
mapped back with pandas/numpy, so a 1.4-million-row file reads in seconds. The two layouts become
one (scheduler.io.turnus_layout); the rows' checks and messages are in scheduler.io.turnus_checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from scheduler.domain import TURNUS_COLUMNS, Employee, ShiftCode
from scheduler.io.dates import has_trailing_text, parse_date, parse_header_date
from scheduler.io.factorized import Factorized
from scheduler.io.headers import TURNUS, match_columns
from scheduler.io.messages import error, info, warning
from scheduler.io.shift_codes import interpret_cell
from scheduler.io.tabular import read_table
from scheduler.io.times import parse_minutes
from scheduler.io.turnus_checks import (
    clean_parts,
    far_rows,
    first_per_day,
    resolve_duplicates,
    row_errors,
    row_messages,
    summarise,
    too_varied,
)
from scheduler.io.turnus_layout import Parts, header_dates, long_parts, wide_parts
from scheduler.io.types import ReadingReport, Source

__all__ = ["read_turnus", "empty_turnus"]

_EXPECTED = "ansattnummer (employee_id), dato (date) og vaktkode (shift_code) — eller én kolonne per dato"


def empty_turnus() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=str) for c in TURNUS_COLUMNS})
    frame["date"] = pd.Series([], dtype="datetime64[us]")
    frame["start_min"] = pd.Series([], dtype="Int64")
    frame["end_min"] = pd.Series([], dtype="Int64")
    frame["row"] = pd.Series([], dtype="int64")
    return frame


@lru_cache(maxsize=65536)
def _is_date_header(text: str) -> bool:
    return parse_header_date(text) is not None


def _score(cells: Sequence[str]) -> int:
    cols = match_columns(cells, TURNUS)
    fields = set(cols.values())
    if not fields & {"employee_id", "name"}:
        return 0
    n_dates = sum(1 for p, c in enumerate(cells) if p not in cols and c and _is_date_header(c))
    bonus = 5 if {"date", "shift_code"} <= fields else min(n_dates, 5) if n_dates >= 2 else 0
    return len(fields) + bonus


def _to_datetime64(d: dt.date | None) -> np.datetime64:
    return np.datetime64(d, "us") if d is not None else np.datetime64("NaT", "us")


def _read_one(src: Source, codes: Mapping[str, ShiftCode], staff: Mapping[str, Employee] | None,
              night_shift_date: str, year_hint: int | None) -> tuple[pd.DataFrame, ReadingReport]:
    report = ReadingReport(file=src.name, kind="turnus")
    table = read_table(src, report, _score, _EXPECTED)
    if table is None:
        return empty_turnus(), report
    cols = match_columns(table.header, TURNUS)
    by = {f: p for p, f in cols.items()}
    report.columns = {table.header[p]: f for p, f in cols.items()}
    fmt = report.layout or table.fmt
    if "employee_id" not in by:
        if "name" not in by:
            error(report, "Fant ingen kolonne for ansattnummer.", "Found no employee id column.",
                  fix_no="Kall kolonnen Ansattnr eller employee_id.", fix_en="Name the column Ansattnr or employee_id.",
                  raw=";".join(table.header))
            return empty_turnus(), report
        by["employee_id"] = by["name"]
        warning(report, "Ingen kolonne for ansattnummer: navnet brukes som id. To med samme navn blir én person, "
                        "og navnene vises der id-er vises (meldinger, utdata).",
                "No employee id column: the name is used as the id. Two people with one name become one, and "
                "names appear where ids appear (messages, outputs).", column=table.header[by["name"]],
                fix_no="Ta med ansattnummer i eksporten (Ansattnr).", fix_en="Include the employee id in the export (Ansattnr).")
    if "date" in by and ("shift_code" in by or {"start", "end"} <= by.keys()):
        report.layout = f"long {fmt}"
        frame = long_parts(table, by)
        report.unused_columns = [h for p, h in enumerate(table.header) if p not in cols and h]
    else:
        date_cols = header_dates(table, cols, year_hint, report)
        if not date_cols:
            missing = [f for f in ("date", "shift_code") if f not in by]
            error(report, f"Mangler kolonne for {' og '.join(missing)}, og ingen kolonner med datoer.",
                  f"Missing column for {' and '.join(missing)}, and no columns with dates.",
                  fix_no="Bruk lang form (ansattnr;dato;vakt) eller bred form (én kolonne per dato).",
                  fix_en="Use long form (employee_id,date,shift_code) or wide form (one column per date).",
                  raw=";".join(table.header))
            return empty_turnus(), report
        report.layout = f"wide {fmt}"
        used = set(cols) | {p for p, _ in date_cols}
        report.unused_columns = [h for p, h in enumerate(table.header) if p not in used and h]
        for p, d in date_cols:
            report.columns[table.header[p]] = f"date {d.isoformat()}"
        frame = wide_parts(table, by, date_cols)
    if not len(table):
        _no_rows(report, src)
        return empty_turnus(), report
    header = table.header
    del table  # the parts hold every cell now; the text table can go
    return _finish(frame, header, by, src, codes, staff, night_shift_date, year_hint, report), report


def _no_rows(report: ReadingReport, src: Source) -> None:
    """A file with its header and no rows (an export of an empty selection): said, with the ward
    whose whole turnus is then missing when the file (or FILE=WARD) names it."""
    ward_no = f" Hele turnusen for post «{src.ward}» mangler." if src.ward else ""
    ward_en = f" The whole turnus of ward «{src.ward}» is missing." if src.ward else ""
    warning(report, f"Fila har overskrifter, men ingen rader: ingen av radene er lest.{ward_no}",
            f"The file has a header but no rows: none of its rows were read.{ward_en}",
            fix_no="Eksporter turnusen på nytt med radene (sjekk periode og utvalg i eksporten).",
            fix_en="Export the turnus again with its rows (check the period and selection of the export).")


def _finish(parts: Parts, header: list[str], by: dict[str, int], src: Source, codes: Mapping[str, ShiftCode],
            staff: Mapping[str, Employee] | None, night_shift_date: str, year_hint: int | None,
            report: ReadingReport) -> pd.DataFrame:
    clean_parts(parts, by, header, report)
    if too_varied(parts, by, header, report):
        return empty_turnus()
    col = parts.cols
    emp = col["employee_id"].strip()
    ok = ~emp.empty()
    row_errors(report, parts, ~ok, header[by["employee_id"]],
               "Raden mangler ansattnummer; raden er ikke lest.", "The row has no employee id; it was not read.",
               "Fyll inn ansattnummeret.", "Fill in the employee id.")

    def date_of(text: str) -> np.datetime64:
        d = parse_date(text)
        if d is None and year_hint is not None:
            part = parse_header_date(text)
            if part is not None and part.year is None:
                try:
                    d = dt.date(year_hint, part.month, part.day)
                except ValueError:
                    d = None
        return _to_datetime64(d)

    dates = col["date"].map(date_of, "datetime64[us]")
    date_column = header[by["date"]] if "date" in by else None
    bad_date = ok & np.isnat(dates)
    row_errors(report, parts, bad_date, date_column,
               "Datoen kan ikke leses; raden er ikke lest.", "The date cannot be read; the row was not read.",
               "Skriv datoen som 2027-01-04 eller 04.01.2027.", "Write the date as 2027-01-04 or 04.01.2027.", "date")
    ok &= ~bad_date
    ok &= ~far_rows(report, parts, dates, ok, date_column)
    if "date" in by:  # a long file's date cells with a note after the date: the note is neither read nor kept
        row_messages(report, parts, ok & col["date"].map(has_trailing_text, bool), date_column,
                     "Teksten etter datoen er ikke lest og blir ikke tatt vare på; bare datoen brukes.",
                     "The text after the date was not read and is not kept; only the date is used.",
                     "Skriv bare datoen i datokolonnen.", "Write only the date in the date column.", skipped=False)

    cells = col["shift_code"]
    meaning = {u: interpret_cell(u, codes) for u in cells.uniques}
    code = cells.transform(lambda u: m.code if (m := meaning[u]) else "")
    kind = cells.transform(lambda u: m.kind if (m := meaning[u]) else "")
    start = cells.map(lambda u: -1 if (m := meaning[u]) is None or m.start_min is None else m.start_min, np.int32)
    end = cells.map(lambda u: -1 if (m := meaning[u]) is None or m.end_min is None else m.end_min, np.int32)

    if {"start", "end"} <= by.keys() and len(parts):
        s_min = col["start"].map(lambda t: -1 if (v := parse_minutes(t)) is None else v, np.int32)
        e_min = col["end"].map(lambda t: -1 if (v := parse_minutes(t)) is None else v, np.int32)
        timed = (s_min >= 0) & (e_min >= 0) & kind.map(lambda k: k in ("", "unknown", "work", "support"), bool)
        if timed.any():
            st = s_min[timed] % 1440
            en = e_min[timed] % 1440
            start[timed], end[timed] = st, np.where(en <= st, en + 1440, en)
            kind = kind.where(timed & kind.map(lambda k: k in ("", "unknown"), bool), Factorized.constant("work", len(kind)))
            fill = timed & code.empty()
            if fill.any():
                labels = [f"{a // 60:02d}:{a % 60:02d}-{b // 60 % 24:02d}:{b % 60:02d}"
                          for a, b in zip(s_min[fill].tolist(), e_min[fill].tolist(), strict=True)]
                code = code.where(fill, Factorized((np.cumsum(fill) - 1).astype(np.int32), labels))
    no_shift = ok & kind.empty()
    if no_shift.any() and report.layout.startswith("long"):
        info(report, f"{int(no_shift.sum())} rader uten vaktkode er lest som «ingen vakt».",
             f"{int(no_shift.sum())} rows without a shift code were read as no shift.")
    ok &= ~no_shift

    ward = col["ward"].strip()
    if src.ward:
        ward = ward.where(ward.empty(), Factorized.constant(src.ward.strip(), len(ward)))
    if staff:
        need = ward.empty()
        if need.any():
            staff_ward = {k: e.ward.strip() for k, e in staff.items()}
            ward = ward.where(need, emp.transform(lambda e: staff_ward.get(e, "")))
    no_ward = ok & ward.empty()
    row_errors(report, parts, no_ward, header[by["ward"]] if "ward" in by else None,
               "Raden har ingen post (ward); raden er ikke lest.", "The row has no ward; it was not read.",
               "Legg til en kolonne Post, oppgi post for hele filen (FIL=POST) eller gi et personalregister.",
               "Add a ward column, give the ward for the whole file (FILE=WARD) or give a staff register.")
    ok &= ~no_ward

    keep = np.flatnonzero(ok)
    start, end, d = start[keep], end[keep], dates[keep]
    if night_shift_date == "most_hours":
        back = (start >= 0) & (end > 1440) & ((end - 1440) > (1440 - start))
        d = np.where(back, d - np.timedelta64(1, "D"), d)
    first = first_per_day(report, src.name, emp.take(keep), d, code.take(keep), parts.row[keep])
    if not first.all():
        keep, start, end, d = keep[first], start[first], end[first], d[first]
    untimed = start < 0
    out = pd.DataFrame({
        "employee_id": emp.take(keep).series(),
        "date": pd.Series(d.astype("datetime64[us]")),
        "shift_code": code.take(keep).series(),
        "kind": kind.take(keep).series(),
        "start_min": pd.Series(pd.arrays.IntegerArray(np.where(untimed, 0, start).astype(np.int64), untimed)),
        "end_min": pd.Series(pd.arrays.IntegerArray(np.where(untimed, 0, end).astype(np.int64), untimed.copy())),
        "ward": ward.take(keep).series(),
        "name": col["name"].strip().take(keep).series(),
        "profession": col["profession"].strip().take(keep).series(),
        "source": Factorized.constant(src.name, len(keep)).series(),
        "row": pd.Series(parts.row[keep].astype(np.int64)),
    })
    summarise(out, report, header[by["shift_code"]] if "shift_code" in by else None)
    return out


def _employees(frame: pd.DataFrame, staff: Mapping[str, Employee] | None) -> dict[str, Employee]:
    if not len(frame):
        return {}
    counts = frame.groupby(["employee_id", "ward"], sort=False).size().reset_index(name="n")
    home = counts.sort_values(["employee_id", "n", "ward"], ascending=[True, False, True]) \
        .drop_duplicates("employee_id").set_index("employee_id")["ward"]

    def first_nonempty(col: str) -> pd.Series:
        rows = frame.loc[frame[col] != "", ["employee_id", col]]
        return rows.drop_duplicates("employee_id").set_index("employee_id")[col]

    names, profs = first_nonempty("name"), first_nonempty("profession")
    out: dict[str, Employee] = {}
    for emp, ward in home.items():
        reg = staff.get(str(emp)) if staff else None
        out[str(emp)] = Employee(
            employee_id=str(emp),
            name=(reg.name if reg and reg.name else str(names.get(emp, ""))),
            ward=(reg.ward if reg and reg.ward else str(ward)),
            profession=(reg.profession if reg and reg.profession else str(profs.get(emp, ""))),
        )
    return out


def read_turnus(sources: Sequence[Source], codes: Mapping[str, ShiftCode], *,
                staff: Mapping[str, Employee] | None = None, night_shift_date: str = "start",
                year_hint: int | None = None) -> tuple[pd.DataFrame, dict[str, Employee], list[ReadingReport]]:
    """All turnus files as one TURNUS_COLUMNS table, the employees in it, and one report per file.

    Never raises for what is in the files: every problem is a message in a report.
    """
    codes = {k.strip().upper(): v for k, v in codes.items()}
    frames: list[pd.DataFrame] = []
    reports: list[ReadingReport] = []
    by_name: dict[str, ReadingReport] = {}
    for src in sources:
        try:
            frame, report = _read_one(src, codes, staff, night_shift_date, year_hint)
        except Exception as exc:  # noqa: BLE001 - a last guard: bad input must never become a traceback
            frame, report = empty_turnus(), ReadingReport(file=src.name, kind="turnus")
            error(report, "Filen kunne ikke leses.", "The file could not be read.", raw=f"{type(exc).__name__}: {exc}"[:300])
        if src.name in by_name:  # two uploads with one name: keep the reports apart
            frame = frame.assign(source=f"{src.name}#{len(reports) + 1}")
            report.file = f"{src.name}#{len(reports) + 1}"
        frames.append(frame)
        reports.append(report)
        by_name[report.file] = report
    nonempty = [f for f in frames if len(f)]
    turnus = (nonempty[0] if len(nonempty) == 1 else pd.concat(nonempty, ignore_index=True)) if nonempty else empty_turnus()
    turnus = resolve_duplicates(turnus, by_name)
    turnus = turnus[list(TURNUS_COLUMNS)]
    return turnus, _employees(turnus, staff), reports
