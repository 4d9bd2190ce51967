"""Writes the output folder (docs/outputs.md) and reads a written rota back (for verify and re-planning).

Where the folder goes and what may be replaced is decided by :mod:`scheduler.io.out_folder`:
never a folder this program did not write.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from scheduler.errors import InputError, Message, Severity
from scheduler.io.cleaning import clean_cell, printable
from scheduler.io.dates import parse_date
from scheduler.io.filenames import hashed_filename, safe_filename
from scheduler.io.input_limits import MAX_FILE_BYTES
from scheduler.io.out_folder import write_folder_safely

__all__ = ["write_output_folder", "read_previous_duties", "previous_duties_checksum", "safe_filename", "excel_csv_bytes",
           "FORMULA_STARTS"]

#: A text cell starting with one of these is a formula (or starts one) when a spreadsheet
#: opens the file; in the CSVs meant for Excel such cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _excel_cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excel_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as a CSV for Excel with Norwegian settings (docs/outputs.md): `;` between fields,
    UTF-8 with BOM (so Excel reads æøå), decimal comma, CRLF, and text cells that would start a
    formula (`=`, `+`, `-`, `@`, tab, carriage return) prefixed with an apostrophe.

    The canonical CSVs (comma, UTF-8, exact text) stay the machine-readable form; this one is
    only for opening in a spreadsheet.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_excel_cell(str(c)) for c in frame.columns])
    columns = [_excel_column(frame.iloc[:, i]) for i in range(frame.shape[1])]
    if columns:
        writer.writerows(zip(*columns, strict=True))
    else:
        writer.writerows([] for _ in range(len(frame)))
    return buffer.getvalue().encode("utf-8-sig")


def _excel_column(series: pd.Series) -> list[str]:
    """One column's cells as :func:`_excel_cell` writes them, a whole column at a time where its
    type allows (text without gaps, whole numbers, yes/no, decimals); anything else cell by cell."""
    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype) and not series.isna().any():
        formula = series.str.startswith(FORMULA_STARTS).to_numpy(dtype=bool)
        values = series.tolist()
        return [("'" + v) if f else v for v, f in zip(values, formula.tolist(), strict=True)] if formula.any() else values
    if dtype == np.dtype(bool) or (pd.api.types.is_integer_dtype(dtype) and isinstance(dtype, np.dtype)):
        return [str(v) for v in series.tolist()]
    if dtype == np.float64:
        return ["" if math.isnan(v) else repr(v).replace(".", ",") for v in series.tolist()]
    return [_excel_cell(v.item() if hasattr(v, "item") else v) for v in series.tolist()]


def write_output_folder(
    out: Path,
    tables: dict[str, pd.DataFrame],
    summary: dict,
    notices: dict[str, str],
    calendars: dict[str, bytes],
    workbook: bytes | None = None,
    extra_files: Mapping[str, bytes] | None = None,
) -> Path:
    """Write `<name>.csv` per table (and `excel/<name>.csv` for spreadsheets), summary.json,
    notices/*.html, calendars/*.ics and rota.xlsx (docs/outputs.md).

    Notices and calendars are named by :func:`safe_filename`, one file per id; two ids never
    share a file (on a system that ignores letter case, the second of `3b`/`3B` gets its
    :func:`hashed_filename`), so nothing is ever overwritten.
    `extra_files` (name → bytes, at the top of the folder, e.g. reading_report.json) are written too.

    Returns the folder written: `out`, or a time-stamped sibling when `out` filled up with the
    user's own files while the solver ran.
    """

    def fill(staging: Path) -> None:
        (staging / "excel").mkdir()
        for name, frame in tables.items():
            frame.to_csv(staging / f"{name}.csv", index=False, encoding="utf-8")
            (staging / "excel" / f"{name}.csv").write_bytes(excel_csv_bytes(frame))
        (staging / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        for folder, files, suffix in (("notices", notices, ".html"), ("calendars", calendars, ".ics")):
            (staging / folder).mkdir()
            for ident, content in files.items():
                path = staging / folder / f"{safe_filename(ident)}{suffix}"
                if path.exists():  # ids differing only in case, on a system that ignores case
                    path = staging / folder / f"{hashed_filename(ident)}{suffix}"
                if path.exists():
                    raise RuntimeError(f"{folder}: {ident!r} would overwrite {path.name}")
                if isinstance(content, str):
                    path.write_text(content, encoding="utf-8")
                else:
                    path.write_bytes(content)
        if workbook is not None:
            (staging / "rota.xlsx").write_bytes(workbook)
        for name, data in (extra_files or {}).items():
            if Path(name).name != name or name.startswith("."):
                raise ValueError(f"not a plain file name: {name!r}")
            (staging / name).write_bytes(data)

    return write_folder_safely(Path(out), fill)


_PREVIOUS_COLUMNS = ("supporter_id", "date", "slot")


def _previous_error(folder: Path, no: str, en: str, row: int | None = None, column: str | None = None,
                    raw: str = "") -> InputError:
    return InputError(Message(severity=Severity.ERROR, file=str(folder / "duties.csv"), row=row, column=column,
                              text_no=f"Forrige vaktplan kan ikke brukes: {no}", text_en=f"The previous rota cannot be used: {en}",
                              fix_no="Oppgi mappen som `scheduler solve --out` skrev (med duties.csv).",
                              fix_en="Give the folder `scheduler solve --out` wrote (with duties.csv).", raw=raw))


def previous_duties_checksum(folder: Path) -> str:
    """SHA-256 of a previous rota's duties.csv, kept in summary.json (`previous_duties_sha256`) so
    that `scheduler verify` counts the changes against the very file the re-plan was made from."""
    return hashlib.sha256((Path(folder) / "duties.csv").read_bytes()).hexdigest()


def read_previous_duties(folder: Path) -> pd.DataFrame:
    """duties.csv of a published rota (`--previous DIR`), checked: supporter_id, date and slot as
    clean text, dates as ISO text. Anything else is an InputError saying what and where."""
    folder = Path(folder)
    path = folder / "duties.csv"
    if not folder.is_dir():
        raise _previous_error(folder, "mappen finnes ikke.", "the folder does not exist.", raw=str(folder))
    if not path.is_file():
        raise _previous_error(folder, "mappen har ingen duties.csv.", "the folder has no duties.csv.", raw=str(folder))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _previous_error(folder, "duties.csv er for stor.", "duties.csv is too large.")
    try:
        duties = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _previous_error(folder, "duties.csv er ikke en vaktliste som denne planleggeren skriver.",
                              "duties.csv is not a duty list as this planner writes it.",
                              raw=printable(f"{type(exc).__name__}: {exc}")[:200]) from None
    missing = [c for c in _PREVIOUS_COLUMNS if c not in duties.columns]
    if missing:
        raise _previous_error(folder, f"duties.csv mangler kolonnene {', '.join(missing)}.",
                              f"duties.csv lacks the columns {', '.join(missing)}.",
                              raw=printable(", ".join(map(str, duties.columns[:20]))))
    duties = duties.copy()
    for c in _PREVIOUS_COLUMNS:
        duties[c] = duties[c].map(lambda v: clean_cell(str(v)).strip())
    dates = {d: parse_date(d) for d in duties["date"].unique()}
    for i, d in enumerate(duties["date"].tolist()):
        if dates[d] is None:
            raise _previous_error(folder, f"«{d}» er ikke en dato.", f"«{d}» is not a date.", row=i + 2, column="date", raw=d)
    duties["date"] = duties["date"].map(lambda d: dates[d].isoformat())  # type: ignore[union-attr]
    return duties
