"""Reading turnus files (docs/inputs.md) into the TURNUS_COLUMNS table and Employee records.

Long (one row per employee and date) and wide (one row per employee, one column per date) files,
CSV or .xlsx. Everything expensive is done once per distinct value (ids, dates, codes, wards) and
mapped back with pandas/numpy, so a 1.4-million-row file reads in seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from scheduler.domain import TURNUS_COLUMNS, Employee, ShiftCode
from scheduler.io.cleaning import cleaned
from scheduler.io.dates import (
    has_trailing_text,
    parse_date,
    parse_header_date,
    resolve_header_dates,
)
from scheduler.io.factorized import Factorized
from scheduler.io.grid import Table
from scheduler.io.headers import TURNUS, match_columns
from scheduler.io.input_limits import (
    DATE_WINDOW_DAYS,
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_EMPLOYEES,
    MAX_WARDS,
)
from scheduler.io.messages import capped, error, info, warning
from scheduler.io.shift_codes import interpret_cell
from scheduler.io.tabular import read_table
from scheduler.io.times import parse_minutes
from scheduler.io.types import ReadingReport, Source

__all__ = ["read_turnus", "empty_turnus"]

_EXPECTED = "ansattnummer (employee_id), dato (date) og vaktkode (shift_code) — eller én kolonne per dato"
#: Distinct values one column may hold before the file is refused as not a turnus (or the wrong
#: column): every distinct value is parsed once, so this bounds the time spent per file.
_MAX_DISTINCT = {"employee_id": MAX_EMPLOYEES, "ward": MAX_WARDS, "shift_code": 20_000, "date": 100_000,
                 "start": 20_000, "end": 20_000}
#: Distinct unknown codes listed one by one; the rest are counted.
_CODES_LISTED = 200
#: Fields whose text may be quoted in a message: never a name (docs/inputs.md).
_QUOTABLE = frozenset({"employee_id", "date", "shift_code", "ward", "start", "end"})


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


@dataclass
class _Parts:
    """Aligned columns of one file before checks; `pos` is the data row in the table (for raw text)."""

    cols: dict[str, Factorized]
    row: np.ndarray
    pos: np.ndarray

    def __len__(self) -> int:
        return len(self.row)


_FIELDS = ("employee_id", "date", "shift_code", "ward", "name", "profession", "start", "end")


def _long_parts(table: Table, by: dict[str, int]) -> _Parts:
    n = len(table)
    cols = {f: table.column(by[f]) if f in by else Factorized.constant("", n) for f in _FIELDS}
    return _Parts(cols, table.rows, np.arange(n))


def _wide_parts(table: Table, by: dict[str, int], date_cols: list[tuple[int, dt.date]]) -> _Parts:
    n, k = len(table), len(date_cols)
    if k and n:  # row by row: row 1's dates, then row 2's
        merged = Factorized.concat([table.column(p) for p, _ in date_cols])
        cells = Factorized(merged.codes.reshape(k, n).T.reshape(-1), merged.uniques).strip()
    else:
        cells = Factorized.constant("", 0)
    keep = ~cells.empty()
    rep = np.repeat(np.arange(n), k)[keep]
    cols = {f: (table.column(by[f]) if f in by else Factorized.constant("", n)).take(rep)
            for f in ("employee_id", "ward", "name", "profession")}
    day_codes = np.tile(np.arange(k), n)[keep]
    cols["date"] = Factorized(day_codes, [d.isoformat() for _, d in date_cols])
    cols["shift_code"] = cells.take(np.flatnonzero(keep))
    cols["start"] = cols["end"] = Factorized.constant("", len(rep))
    return _Parts(cols, table.rows[rep] if n else np.zeros(0, dtype=np.int64), rep)


def _header_dates(table: Table, cols: dict[int, str], year_hint: int | None,
                  report: ReadingReport) -> list[tuple[int, dt.date]]:
    parts = [(p, parse_header_date(h)) for p, h in enumerate(table.header) if p not in cols and h]
    found = [(p, pd_) for p, pd_ in parts if pd_ is not None]
    dates, how = resolve_header_dates([pd_ for _, pd_ in found], year_hint)
    if how == "weekday":
        info(report, "Året er utledet av ukedagene i overskriftene.", "The year was inferred from the weekdays in the headers.")
    elif how == "guess":
        warning(report, "Overskriftene har ikke årstall; inneværende år er brukt.",
                "The headers have no year; the current year was used.",
                fix_no="Skriv årstall i datoene eller oppgi år.", fix_en="Write the year in the dates or give a year.")
    out: list[tuple[int, dt.date]] = []
    center = _middle([d for d in dates if d is not None and EARLIEST_YEAR <= d.year <= LATEST_YEAR])
    for (p, part), d in zip(found, dates, strict=True):
        if d is None:
            error(report, f"Overskriften «{table.header[p]}» er ikke en gyldig dato.",
                  f"The header «{table.header[p]}» is not a valid date.", column=table.header[p], raw=table.header[p])
            continue
        far = _far_date(d, center)
        if far is not None:
            error(report, f"Kolonnen med datoen {d.isoformat()} er ikke lest: {far[0]}",
                  f"The column dated {d.isoformat()} was not read: {far[1]}", column=table.header[p],
                  raw=table.header[p], fix_no="Rett årstallet i overskriften.", fix_en="Correct the year in the header.")
            continue
        if part.weekday is not None and d.weekday() != part.weekday:
            warning(report, f"Ukedagen i «{table.header[p]}» stemmer ikke med datoen {d.isoformat()}.",
                    f"The weekday in «{table.header[p]}» does not match the date {d.isoformat()}.",
                    column=table.header[p], raw=table.header[p])
        out.append((p, d))
    return out


def _middle(dates: Sequence[dt.date]) -> dt.date | None:
    """The median date: the middle of what a file plans, robust to a few mistyped years."""
    if not dates:
        return None
    return sorted(dates)[len(dates) // 2]


def _far_date(d: dt.date, center: dt.date | None) -> tuple[str, str] | None:
    """Why a date cannot be a date of this turnus (no, en), or None."""
    if not EARLIEST_YEAR <= d.year <= LATEST_YEAR:
        return (f"året {d.year} er utenfor {EARLIEST_YEAR}–{LATEST_YEAR}.", f"the year {d.year} is outside {EARLIEST_YEAR}–{LATEST_YEAR}.")
    if center is not None and abs((d - center).days) > DATE_WINDOW_DAYS:
        return (f"den ligger {abs((d - center).days)} dager fra midten av filens datoer ({center.isoformat()}); "
                f"grensen er {DATE_WINDOW_DAYS}.",
                f"it is {abs((d - center).days)} days from the middle of the file's dates ({center.isoformat()}); "
                f"the limit is {DATE_WINDOW_DAYS}.")
    return None


def _cell(parts: _Parts, field: str, i: int) -> str:
    col = parts.cols[field]
    return col.uniques[int(col.codes[i])] if field in _QUOTABLE else ""


def _row_messages(report: ReadingReport, parts: _Parts, mask: np.ndarray, column: str | None,
                  text_no: str, text_en: str, fix_no: str, fix_en: str, raw_field: str | None = None,
                  skipped: bool = True) -> None:
    """One message per row in `mask` (a wide row once, not per cell), capped; an error for rows
    not read (`skipped`), else a warning. The message quotes the cell of `raw_field`, never a name."""
    idx = np.flatnonzero(mask)
    if not len(idx):
        return
    idx = np.sort(idx[np.unique(parts.pos[idx], return_index=True)[1]])
    if skipped:
        report.rows_skipped += len(idx)
    add = error if skipped else warning
    for i in capped(report, idx.tolist(), len(idx), text_no, text_en):
        add(report, text_no, text_en, row=int(parts.row[i]), column=column, fix_no=fix_no, fix_en=fix_en,
            raw=_cell(parts, raw_field, i) if raw_field else "")


def _row_errors(report: ReadingReport, parts: _Parts, mask: np.ndarray, column: str | None,
                text_no: str, text_en: str, fix_no: str, fix_en: str, raw_field: str | None = None) -> None:
    _row_messages(report, parts, mask, column, text_no, text_en, fix_no, fix_en, raw_field)


def _clean(parts: _Parts, by: dict[str, int], header: list[str], report: ReadingReport) -> None:
    """Every cell as the readers keep it (scheduler.io.cleaning), once per distinct text; rows
    whose cells held line breaks or control characters, or were cut, get a warning."""
    for field, col in parts.cols.items():
        results = [cleaned(u) for u in col.uniques]
        if all(new == old for (new, _), old in zip(results, col.uniques, strict=True)):
            continue
        parts.cols[field] = Factorized(col.codes, [new for new, _ in results])
        column = header[by[field]] if field in by else None
        for what, no, en in (("controls", "Cellen hadde linjeskift eller kontrolltegn; de er byttet med mellomrom eller fjernet.",
                              "The cell held line breaks or control characters; they were replaced by spaces or removed."),
                             ("length", "Cellen var lengre enn grensen og er kuttet.", "The cell was longer than the limit and was cut.")):
            flag = np.array([w == what for _, w in results], dtype=bool)
            if flag.any():
                _row_messages(report, parts, flag[col.codes], column, no, en, "Rett cellen i filen.", "Correct the cell in the file.",
                              raw_field=field, skipped=False)


def _too_varied(parts: _Parts, by: dict[str, int], header: list[str], report: ReadingReport) -> bool:
    for field, limit in _MAX_DISTINCT.items():
        n = len(set(parts.cols[field].uniques))
        if n > limit:
            column = header[by[field]] if field in by else None
            error(report, f"Kolonnen har {n} ulike verdier (grense {limit}); er det riktig kolonne? Filen er ikke lest.",
                  f"The column has {n} different values (limit {limit}); is it the right column? The file was not read.",
                  column=column, fix_no="Sjekk at overskriftene står over riktige kolonner, eller del filen.",
                  fix_en="Check that the headers are above the right columns, or split the file.")
            return True
    return False


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
        frame = _long_parts(table, by)
        report.unused_columns = [h for p, h in enumerate(table.header) if p not in cols and h]
    else:
        date_cols = _header_dates(table, cols, year_hint, report)
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
        frame = _wide_parts(table, by, date_cols)
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


def _finish(parts: _Parts, header: list[str], by: dict[str, int], src: Source, codes: Mapping[str, ShiftCode],
            staff: Mapping[str, Employee] | None, night_shift_date: str, year_hint: int | None,
            report: ReadingReport) -> pd.DataFrame:
    _clean(parts, by, header, report)
    if _too_varied(parts, by, header, report):
        return empty_turnus()
    col = parts.cols
    emp = col["employee_id"].strip()
    ok = ~emp.empty()
    _row_errors(report, parts, ~ok, header[by["employee_id"]],
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
    _row_errors(report, parts, bad_date, date_column,
                "Datoen kan ikke leses; raden er ikke lest.", "The date cannot be read; the row was not read.",
                "Skriv datoen som 2027-01-04 eller 04.01.2027.", "Write the date as 2027-01-04 or 04.01.2027.", "date")
    ok &= ~bad_date
    ok &= ~_far_rows(report, parts, dates, ok, date_column)
    if "date" in by:  # a long file's date cells with a note after the date: the note is neither read nor kept
        _row_messages(report, parts, ok & col["date"].map(has_trailing_text, bool), date_column,
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
    _row_errors(report, parts, no_ward, header[by["ward"]] if "ward" in by else None,
                "Raden har ingen post (ward); raden er ikke lest.", "The row has no ward; it was not read.",
                "Legg til en kolonne Post, oppgi post for hele filen (FIL=POST) eller gi et personalregister.",
                "Add a ward column, give the ward for the whole file (FILE=WARD) or give a staff register.")
    ok &= ~no_ward

    keep = np.flatnonzero(ok)
    start, end, d = start[keep], end[keep], dates[keep]
    if night_shift_date == "most_hours":
        back = (start >= 0) & (end > 1440) & ((end - 1440) > (1440 - start))
        d = np.where(back, d - np.timedelta64(1, "D"), d)
    first = _first_per_day(report, src.name, emp.take(keep), d, code.take(keep), parts.row[keep])
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
    _summarise(out, report, header[by["shift_code"]] if "shift_code" in by else None)
    return out


def _first_per_day(report: ReadingReport, file: str, emp: Factorized, dates: np.ndarray, code: Factorized,
                   rows: np.ndarray) -> np.ndarray:
    """Which rows to keep: the first per employee and date within this file (files are compared
    later, on what is left). Worked out on integer codes before any text column is built, so a
    file that repeats its rows twenty times costs no more than one that does not."""
    n = len(dates)
    if n < 2:
        return np.ones(n, dtype=bool)
    emp = emp.transform(lambda x: x)  # one code per distinct text
    code = code.transform(lambda x: x)
    day = dates.astype("datetime64[D]").astype(np.int64)
    key = emp.codes.astype(np.int64) * (int(day.max() - day.min()) + 1) + (day - day.min())
    order = np.argsort(key, kind="stable")
    starts = np.ones(n, dtype=bool)
    starts[1:] = key[order][1:] != key[order][:-1]
    first_of = np.empty(n, dtype=np.int64)
    first_of[order] = order[np.maximum.accumulate(np.where(starts, np.arange(n), 0))]
    later = first_of != np.arange(n)
    if not later.any():
        return np.ones(n, dtype=bool)
    same = later & (code.codes == code.codes[first_of])
    if same.any():
        report.rows_skipped += int(same.sum())
        info(report, f"{int(same.sum())} like dublettrader er hoppet over.", f"{int(same.sum())} identical duplicate rows were skipped.")
    conflict = np.flatnonzero(later & ~same)
    report.rows_skipped += len(conflict)
    for i in capped(report, conflict.tolist(), len(conflict), "motstridende vakter", "conflicting shifts"):
        j = int(first_of[i])
        e, day_text = emp.uniques[emp.codes[i]], str(dates[i].astype("datetime64[D]"))
        c, c1 = code.uniques[code.codes[i]], code.uniques[code.codes[j]]
        warning(report, f"Ansatt {e} har to ulike vakter {day_text}: «{c1}» ({file} rad {int(rows[j])}) og «{c}» "
                        f"({file} rad {int(rows[i])}); den første er brukt.",
                f"Employee {e} has two different shifts on {day_text}: «{c1}» ({file} row {int(rows[j])}) and «{c}» "
                f"({file} row {int(rows[i])}); the first is used.", row=int(rows[i]), raw=c,
                fix_no="Fjern den ene av radene.", fix_en="Remove one of the rows.")
    return ~later


def _far_rows(report: ReadingReport, parts: _Parts, dates: np.ndarray, ok: np.ndarray,
              column: str | None) -> np.ndarray:
    """Rows whose date is outside the sane years or far from the middle of the file's dates: a
    typing error (9999-12-31, 2927, "5.1.99" read as 2099) that would otherwise stretch the
    planning period over decades. Reported with the date as written; the rows are not read."""
    days = dates.astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    bad_year = ok & ((years < EARLIEST_YEAR) | (years > LATEST_YEAR))
    _row_errors(report, parts, bad_year, column,
                f"Året er utenfor {EARLIEST_YEAR}–{LATEST_YEAR}; raden er ikke lest.",
                f"The year is outside {EARLIEST_YEAR}–{LATEST_YEAR}; the row was not read.",
                "Rett årstallet.", "Correct the year.", "date")
    rest = ok & ~bad_year
    if not rest.any():
        return bad_year
    numbers = days[rest].astype(np.int64)
    center = int(np.partition(numbers, len(numbers) // 2)[len(numbers) // 2])
    far = np.zeros(len(ok), dtype=bool)
    far[rest] = np.abs(numbers - center) > DATE_WINDOW_DAYS
    middle = (np.datetime64(center, "D")).astype(dt.date).isoformat()
    _row_errors(report, parts, far, column,
                f"Datoen ligger mer enn {DATE_WINDOW_DAYS} dager fra midten av filens datoer ({middle}); raden er ikke lest.",
                f"The date is more than {DATE_WINDOW_DAYS} days from the middle of the file's dates ({middle}); "
                "the row was not read.",
                "Rett årstallet (f.eks. 2927 → 2027, 5.1.99 → 5.1.27).", "Correct the year (e.g. 2927 → 2027, 5.1.99 → 5.1.27).",
                "date")
    return bad_year | far


def _summarise(out: pd.DataFrame, report: ReadingReport, code_column: str | None) -> None:
    report.rows_read = len(out)
    report.employees = int(out["employee_id"].nunique())
    if len(out):
        report.date_from = out["date"].min().date()
        report.date_to = out["date"].max().date()
    counts = out["shift_code"].value_counts()
    report.codes_seen = {str(k): int(v) for k, v in counts.head(_CODES_LISTED).items()}
    unknown = out.loc[out["kind"] == "unknown"]
    if len(unknown):
        first = unknown.drop_duplicates("shift_code").set_index("shift_code")["row"]
        unknown_counts = unknown["shift_code"].value_counts()
        report.unknown_codes = {str(k): int(v) for k, v in unknown_counts.head(_CODES_LISTED).items()}
        if len(unknown_counts) > _CODES_LISTED:
            rest = unknown_counts.iloc[_CODES_LISTED:]
            warning(report, f"{len(rest)} ukjente vaktkoder til ({int(rest.sum())} rader) er ikke listet enkeltvis; "
                            "de regnes som ikke på jobb.",
                    f"{len(rest)} more unknown shift codes ({int(rest.sum())} rows) are not listed one by one; "
                    "they are treated as not at work.", column=code_column,
                    fix_no="Sjekk at vaktkodekolonnen er riktig kolonne.", fix_en="Check that the shift-code column is the right column.")
        for code, n in report.unknown_codes.items():
            warning(report, f"Ukjent vaktkode «{code}» ({n} rader, første på rad {int(first[code])}) regnes som ikke på jobb.",
                    f"Unknown shift code «{code}» ({n} rows, first on row {int(first[code])}) is treated as not at work.",
                    column=code_column, raw=code,
                    fix_no="Legg koden i en vaktkodefil (code,start,end,kind).",
                    fix_en="Add the code to a shift-code file (code,start,end,kind).")


def _resolve_duplicates(frame: pd.DataFrame, reports: dict[str, ReadingReport]) -> pd.DataFrame:
    """Keep the first row per employee and date; report different codes as conflicts."""
    keys = ["employee_id", "date"]
    dup = frame.duplicated(keys, keep=False).to_numpy()
    if not dup.any():
        return frame
    sub = frame.loc[dup]
    first = sub.drop_duplicates(keys, keep="first")
    later = sub.loc[sub.duplicated(keys, keep="first")]
    pair = later.merge(first[keys + ["shift_code", "source", "row"]], on=keys, suffixes=("", "_first"))
    same = pair["shift_code"] == pair["shift_code_first"]
    for src, n in pair.loc[same, "source"].value_counts().items():
        rep = reports[str(src)]
        rep.rows_skipped += int(n)
        info(rep, f"{int(n)} like dublettrader er hoppet over.", f"{int(n)} identical duplicate rows were skipped.")
    diff = pair.loc[~same]
    for src, group in diff.groupby("source", sort=False):
        rep = reports[str(src)]
        rep.rows_skipped += len(group)
        items = zip(*(group[c].tolist() for c in ("employee_id", "date", "shift_code", "row",
                                                   "source_first", "row_first", "shift_code_first")), strict=True)
        for emp, date, code, row, src1, row1, code1 in capped(rep, items, len(group), "motstridende vakter",
                                                               "conflicting shifts"):
            day = pd.Timestamp(date).date().isoformat()
            warning(rep, f"Ansatt {emp} har to ulike vakter {day}: «{code1}» ({src1} rad {row1}) og «{code}» "
                         f"({src} rad {row}); den første er brukt.",
                    f"Employee {emp} has two different shifts on {day}: «{code1}» ({src1} row {row1}) and «{code}» "
                    f"({src} row {row}); the first is used.", row=int(row), raw=str(code),
                    fix_no="Fjern den ene av radene.", fix_en="Remove one of the rows.")
    return frame.loc[~frame.duplicated(keys, keep="first").to_numpy()].reset_index(drop=True)


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
    turnus = _resolve_duplicates(turnus, by_name)
    turnus = turnus[list(TURNUS_COLUMNS)]
    return turnus, _employees(turnus, staff), reports
