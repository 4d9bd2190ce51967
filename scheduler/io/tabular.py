"""From a Source to a grid of text cells under a recognised header row, for CSV and .xlsx alike.

Title rows and blank rows above the header are skipped by scoring each of the first rows with the
caller's header test (per candidate delimiter). Large CSVs go through pandas' C engine with every
cell as text; only a file whose rows disagree in length falls back to Python's csv module, which
can say exactly which line was bad.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scheduler.io.encoding import decode, sniff_type
from scheduler.io.messages import capped, error
from scheduler.io.types import ReadingReport, Source

__all__ = ["Table", "read_table", "HeaderScore", "DELIMITERS"]

HeaderScore = Callable[[Sequence[str]], int]
DELIMITERS = (";", ",", "\t", "|")
_HEADER_SEARCH_ROWS = 60
_DELIMITER_NAMES = {";": "semikolon ;", ",": "komma ,", "\t": "tab", "|": "|"}


@dataclass
class Table:
    """Cells as text ("" when empty) under `header`; `rows` are 1-based file lines or sheet rows."""

    header: list[str]
    data: pd.DataFrame  # columns 0..len(header)-1
    rows: np.ndarray
    fmt: str  # "csv" or "xlsx"

    def column(self, pos: int) -> pd.Series:
        return self.data[pos]


def _wrong_type(report: ReadingReport, kind: str, raw: str) -> None:
    what = {
        "empty": ("Filen er tom.", "The file is empty.", "Velg filen med innholdet.", "Choose the file with the content."),
        "pdf": ("Filen er en PDF, ikke en tabell.", "The file is a PDF, not a table.",
                "Eksporter turnusen som CSV eller Excel (.xlsx).", "Export the roster as CSV or Excel (.xlsx)."),
        "xls": ("Filen er i det gamle Excel-formatet (.xls).", "The file is in the old Excel format (.xls).",
                "Lagre den som .xlsx eller CSV.", "Save it as .xlsx or CSV."),
        "zip": ("Filen er en zip-fil, ikke en Excel-arbeidsbok.", "The file is a zip archive, not an Excel workbook.",
                "Pakk ut og velg CSV- eller .xlsx-filen.", "Unzip it and choose the CSV or .xlsx file."),
        "binary": ("Filen er ikke tekst (binære data).", "The file is not text (binary data).",
                   "Velg en CSV- eller .xlsx-fil.", "Choose a CSV or .xlsx file."),
    }[kind]
    error(report, what[0], what[1], fix_no=what[2], fix_en=what[3], raw=raw)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        if value.date() in (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1)):
            return value.strftime("%H:%M")  # a time typed into a cell formatted as date-time
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _xlsx_rows(source: Source, report: ReadingReport) -> list[list[str]] | None:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any broken workbook becomes a message
        error(report, "Excel-filen kan ikke åpnes.", "The Excel file cannot be opened.",
              fix_no="Åpne den i Excel og lagre på nytt som .xlsx, eller eksporter CSV.",
              fix_en="Open it in Excel and save again as .xlsx, or export CSV.", raw=str(exc)[:300])
        return None
    try:
        if source.sheet is not None:
            if source.sheet not in wb.sheetnames:
                error(report, f"Arket «{source.sheet}» finnes ikke.", f"Sheet «{source.sheet}» does not exist.",
                      fix_no=f"Ark i filen: {', '.join(wb.sheetnames)}.",
                      fix_en=f"Sheets in the file: {', '.join(wb.sheetnames)}.")
                return None
            ws = wb[source.sheet]
        else:
            ws = wb.worksheets[0]
        report.layout = f"xlsx, ark «{ws.title}»"
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # exporters often write a wrong sheet size; read what is there
        return [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    except Exception as exc:  # noqa: BLE001
        error(report, "Excel-arket kan ikke leses.", "The Excel sheet cannot be read.", raw=str(exc)[:300])
        return None
    finally:
        wb.close()


def _best_header(sample: Sequence[Sequence[str]], score: HeaderScore) -> tuple[int, int]:
    """(score, index) of the best-scoring row among the first rows; the earliest wins a tie."""
    best = (0, -1)
    for i, cells in enumerate(sample[:_HEADER_SEARCH_ROWS]):
        s = score([c.strip() for c in cells]) if any(c.strip() for c in cells) else 0
        if s > best[0]:
            best = (s, i)
    return best


def _no_header(report: ReadingReport, first_line: str, expected: str) -> None:
    error(report, "Fant ingen overskriftsrad med kjente kolonnenavn.",
          "Found no header row with known column names.",
          fix_no=f"Filen trenger en overskriftsrad med {expected}.",
          fix_en=f"The file needs a header row with {expected}.", raw=first_line[:300])


def _frame(rows: list[list[str]], width: int) -> pd.DataFrame:
    padded = [(r + [""] * (width - len(r)))[:width] for r in rows]
    return pd.DataFrame(padded, columns=range(width), dtype=str) if padded else \
        pd.DataFrame({i: pd.Series([], dtype=str) for i in range(width)})


def _from_grid(grid: list[list[str]], score: HeaderScore, report: ReadingReport, expected: str) -> Table | None:
    s, h = _best_header(grid, score)
    if h < 0:
        _no_header(report, ";".join(grid[0]) if grid else "", expected)
        return None
    header = [c.strip() for c in grid[h]]
    while header and not header[-1]:
        header.pop()
    body = grid[h + 1:]
    width = max([len(header)] + [len(r) for r in body])
    header += [""] * (width - len(header))
    data = _frame(body, width)
    return Table(header, data, np.arange(len(body), dtype=np.int64) + h + 2, "xlsx")


def _csv_slow(rest: str, delim: str, width: int, first_line: int,
              report: ReadingReport) -> tuple[list[list[str]], list[int]]:
    """Python's csv module, record by record, so a bad line can be named and kept as raw text."""
    reader = csv.reader(io.StringIO(rest), delimiter=delim)
    rows: list[list[str]] = []
    numbers: list[int] = []
    bad: list[tuple[int, str]] = []
    prev = 0
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            bad.append((first_line + reader.line_num - 1, str(exc)))
            prev = reader.line_num
            if len(bad) > 100_000:
                break
            continue
        line = first_line + prev
        prev = reader.line_num
        if len(rec) > width and any(c.strip() for c in rec[width:]):
            bad.append((line, delim.join(rec)))
            continue
        rows.append(rec[:width])
        numbers.append(line)
    for line, raw in capped(report, bad, len(bad), "for mange felt", "too many fields"):
        error(report, f"Raden har flere felt enn overskriften ({width}); raden er ikke lest.",
              f"The row has more fields than the header ({width}); the row was not read.",
              row=line, fix_no="Sett tekst med skilletegn i anførselstegn, f.eks. \"Hansen, Kari\".",
              fix_en="Quote text containing the delimiter, e.g. \"Hansen, Kari\".", raw=raw[:500])
    report.rows_skipped += len(bad)
    return rows, numbers


_PANDAS_ENCODING = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "cp1252": "cp1252"}


def _body_bytes(data: bytes, text: str, enc: str, h: int) -> bytes:
    """The bytes after the header line: sliced from the upload when its encoding keeps line breaks
    byte-for-byte (no copy of the text through a 4-bytes-per-character StringIO), else re-encoded."""
    if enc in _PANDAS_ENCODING and b"\x00" not in data:
        pos = 3 if enc == "utf-8-sig" else 0
        for _ in range(h + 1):
            nxt = data.find(b"\n", pos)
            if nxt < 0:
                return b""
            pos = nxt + 1
        return data[pos:]
    parts = text.split("\n", h + 1)
    return parts[h + 1].encode("utf-8") if len(parts) > h + 1 else b""


def _from_csv(source: Source, score: HeaderScore, report: ReadingReport, expected: str) -> Table | None:
    text, enc = decode(source.data)
    report.encoding = enc
    if "\x00" in text:
        text = text.replace("\x00", "")
    sample_lines = text[:500_000].split("\n")[:_HEADER_SEARCH_ROWS]
    best: tuple[int, int, int, str] = (0, 0, -1, ";")
    for delim in DELIMITERS:
        try:
            sample = [next(csv.reader([ln.rstrip("\r")], delimiter=delim), []) for ln in sample_lines]
        except csv.Error:
            continue
        s, h = _best_header(sample, score)
        if h >= 0 and (s, len(sample[h])) > best[:2]:
            best = (s, len(sample[h]), h, delim)
    _, _, h, delim = best
    if h < 0:
        _no_header(report, sample_lines[0] if sample_lines else "", expected)
        return None
    report.delimiter = delim
    header = [c.strip() for c in next(csv.reader([sample_lines[h].rstrip("\r")], delimiter=delim))]
    width = len(header)
    body = _body_bytes(source.data, text, enc, h)
    del text
    if not body.strip():
        return Table(header, _frame([], width), np.zeros(0, dtype=np.int64), "csv")
    try:
        data = pd.read_csv(io.BytesIO(body), sep=delim, header=None, dtype=str, keep_default_na=False,
                           na_filter=False, skip_blank_lines=False, engine="c", quotechar='"',
                           encoding=_PANDAS_ENCODING.get(enc, "utf-8"), encoding_errors="replace")
        if data.shape[1] > width:
            extra = data.iloc[:, width:]
            if (extra != "").to_numpy().any():
                raise pd.errors.ParserError("more fields than the header")
            data = data.iloc[:, :width]
        data.columns = range(data.shape[1])
        for i in range(data.shape[1], width):
            data[i] = ""
        if data.isna().to_numpy().any():
            data = data.fillna("")
        rows = np.arange(len(data), dtype=np.int64) + h + 2
    except (pd.errors.ParserError, ValueError, csv.Error, OverflowError, UnicodeError):
        rest = body.decode(_PANDAS_ENCODING.get(enc, "utf-8"), errors="replace")
        recs, numbers = _csv_slow(rest, delim, width, h + 2, report)
        data = _frame(recs, width)
        rows = np.asarray(numbers, dtype=np.int64)
    return Table(header, data, rows, "csv")


def read_table(source: Source, report: ReadingReport, score: HeaderScore, expected: str) -> Table | None:
    """The table under the best header row, or None with an error in the report. Never raises."""
    try:
        kind = sniff_type(source.data)
        if kind not in ("text", "xlsx"):
            _wrong_type(report, kind, source.data[:60].decode("latin-1").replace("\x00", ""))
            return None
        if kind == "xlsx":
            report.encoding = "xlsx"
            grid = _xlsx_rows(source, report)
            if grid is None:
                return None
            table = _from_grid(grid, score, report, expected)
        else:
            report.layout = "csv"
            table = _from_csv(source, score, report, expected)
        if table is None:
            return None
        blank = (table.data == "").all(axis=1).to_numpy() if table.data.shape[1] else np.ones(len(table.data), bool)
        if blank.any():
            table.data = table.data.loc[~blank].reset_index(drop=True)
            table.rows = table.rows[~blank]
        return table
    except Exception as exc:  # noqa: BLE001 - a reader never lets bad bytes become a traceback
        error(report, "Filen kunne ikke leses.", "The file could not be read.",
              fix_no="Lagre filen som CSV (UTF-8) eller .xlsx og prøv igjen.",
              fix_en="Save the file as CSV (UTF-8) or .xlsx and try again.", raw=f"{type(exc).__name__}: {exc}"[:300])
        return None
