"""The checks a turnus file's rows pass, and the messages they give, per row and per file.

Cells cleaned once per distinct text; a column with too many distinct values refused; dates out of
the sane years or far from the file's middle; the same employee twice on one date, within a file
and across files (the first kept, a conflict named with both rows); and the file's summary (rows,
employees, dates, codes seen, unknown codes). A message quotes ids, dates and codes — never a name
(docs/inputs.md). The rows are :class:`~scheduler.io.turnus_layout.Parts` (scheduler.io.turnus_layout).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from scheduler.io.cleaning import cleaned
from scheduler.io.factorized import Factorized
from scheduler.io.input_limits import (
    DATE_WINDOW_DAYS,
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_EMPLOYEES,
    MAX_WARDS,
)
from scheduler.io.messages import capped, error, info, warning
from scheduler.io.turnus_layout import Parts
from scheduler.io.types import ReadingReport

__all__ = ["row_messages", "row_errors", "clean_parts", "too_varied", "first_per_day", "far_rows", "summarise",
           "resolve_duplicates"]

#: Distinct values one column may hold before the file is refused as not a turnus (or the wrong
#: column): every distinct value is parsed once, so this bounds the time spent per file.
_MAX_DISTINCT = {"employee_id": MAX_EMPLOYEES, "ward": MAX_WARDS, "shift_code": 20_000, "date": 100_000,
                 "start": 20_000, "end": 20_000}
#: Distinct unknown codes listed one by one; the rest are counted.
_CODES_LISTED = 200
#: Fields whose text may be quoted in a message: never a name (docs/inputs.md).
_QUOTABLE = frozenset({"employee_id", "date", "shift_code", "ward", "start", "end"})


def _cell(parts: Parts, field: str, i: int) -> str:
    col = parts.cols[field]
    return col.uniques[int(col.codes[i])] if field in _QUOTABLE else ""


def row_messages(report: ReadingReport, parts: Parts, mask: np.ndarray, column: str | None,
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


def row_errors(report: ReadingReport, parts: Parts, mask: np.ndarray, column: str | None,
               text_no: str, text_en: str, fix_no: str, fix_en: str, raw_field: str | None = None) -> None:
    row_messages(report, parts, mask, column, text_no, text_en, fix_no, fix_en, raw_field)


def clean_parts(parts: Parts, by: dict[str, int], header: list[str], report: ReadingReport) -> None:
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
                row_messages(report, parts, flag[col.codes], column, no, en, "Rett cellen i filen.", "Correct the cell in the file.",
                             raw_field=field, skipped=False)


def too_varied(parts: Parts, by: dict[str, int], header: list[str], report: ReadingReport) -> bool:
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


def first_per_day(report: ReadingReport, file: str, emp: Factorized, dates: np.ndarray, code: Factorized,
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


def far_rows(report: ReadingReport, parts: Parts, dates: np.ndarray, ok: np.ndarray,
             column: str | None) -> np.ndarray:
    """Rows whose date is outside the sane years or far from the middle of the file's dates: a
    typing error (9999-12-31, 2927, "5.1.99" read as 2099) that would otherwise stretch the
    planning period over decades. Reported with the date as written; the rows are not read."""
    days = dates.astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    bad_year = ok & ((years < EARLIEST_YEAR) | (years > LATEST_YEAR))
    row_errors(report, parts, bad_year, column,
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
    row_errors(report, parts, far, column,
               f"Datoen ligger mer enn {DATE_WINDOW_DAYS} dager fra midten av filens datoer ({middle}); raden er ikke lest.",
               f"The date is more than {DATE_WINDOW_DAYS} days from the middle of the file's dates ({middle}); "
               "the row was not read.",
               "Rett årstallet (f.eks. 2927 → 2027, 5.1.99 → 5.1.27).", "Correct the year (e.g. 2927 → 2027, 5.1.99 → 5.1.27).",
               "date")
    return bad_year | far


def summarise(out: pd.DataFrame, report: ReadingReport, code_column: str | None) -> None:
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


def resolve_duplicates(frame: pd.DataFrame, reports: dict[str, ReadingReport]) -> pd.DataFrame:
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
