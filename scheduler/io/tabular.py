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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scheduler.io.cleaning import clean_cell, printable
from scheduler.io.encoding import Decoded, decode_text, sniff_type
from scheduler.io.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_CELLS,
    MAX_XLSX_SHARED_STRINGS,
    MAX_XLSX_UNCOMPRESSED,
    max_bytes,
)
from scheduler.io.messages import capped, error, warning
from scheduler.io.types import ReadingReport, Source

__all__ = ["Table", "read_table", "HeaderScore", "DELIMITERS", "line_shape"]

HeaderScore = Callable[[Sequence[str]], int]
DELIMITERS = (";", ",", "\t", "|")
_HEADER_SEARCH_ROWS = 60
_SAMPLE_CHARS = 500_000
_SAMPLE_LINE_CHARS = 65_536  # a header of MAX_COLUMNS dates is about 12,000 characters
_REPAIRED_SHOWN = 20
_MAX_ZIP_MEMBERS = 10_000
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


def _zip_problem(data: bytes) -> tuple[str, str] | None:
    """Why an .xlsx is refused before openpyxl inflates anything, from the zip's own directory:
    too many members, or members that declare more uncompressed bytes than the limits. (Python's
    zipfile never inflates a member past its declared size, so the declared sizes are binding.)"""
    import zipfile

    tail = data[-(65_536 + 22):]
    end = tail.rfind(b"PK\x05\x06")
    if end >= 0 and len(tail) >= end + 12:
        members = int.from_bytes(tail[end + 10:end + 12], "little")
        if members >= _MAX_ZIP_MEMBERS:
            return (f"Excel-filen har {members} deler; en arbeidsbok har sjelden over hundre.",
                    f"The Excel file has {members} parts; a workbook rarely has more than a hundred.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    if len(infos) >= _MAX_ZIP_MEMBERS:
        return (f"Excel-filen har {len(infos)} deler.", f"The Excel file has {len(infos)} parts.")
    total = sum(i.file_size for i in infos)
    if total > MAX_XLSX_UNCOMPRESSED:
        return (f"Excel-filen pakker seg ut til {total / 2**20:,.0f} MB (grense {MAX_XLSX_UNCOMPRESSED / 2**20:,.0f} MB).",
                f"The Excel file unpacks to {total / 2**20:,.0f} MB (limit {MAX_XLSX_UNCOMPRESSED / 2**20:,.0f} MB).")
    shared = sum(i.file_size for i in infos if i.filename.lower().endswith("sharedstrings.xml"))
    if shared > MAX_XLSX_SHARED_STRINGS:
        return (f"Excel-filens teksttabell er {shared / 2**20:,.0f} MB (grense {MAX_XLSX_SHARED_STRINGS / 2**20:,.0f} MB).",
                f"The Excel file's text table is {shared / 2**20:,.0f} MB (limit {MAX_XLSX_SHARED_STRINGS / 2**20:,.0f} MB).")
    return None


def _column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _sheet_rows(ws: object) -> Iterator[tuple[int, list[tuple[int, object]]]]:
    """(sheet row number, [(column, value)]) for rows with at least one value, straight from the
    sheet's XML: rows that are not in the file are never made (openpyxl's own iterator pads every
    row to the widest and yields each missing row, so one cell at XFD1048576 costs gigabytes)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = ws.parent  # type: ignore[attr-defined]
    with ws._get_source() as handle:  # type: ignore[attr-defined]
        parser = WorkSheetParser(handle, ws._shared_strings, data_only=True, epoch=book.epoch,  # type: ignore[attr-defined]
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            parser.row_dimensions.clear()  # row heights are kept per row otherwise
            values = [(c["column"], c["value"]) for c in cells if c["value"] is not None]
            if values:
                yield number, values


def _xlsx_rows(source: Source, report: ReadingReport) -> list[tuple[int, list[str]]] | None:
    """(sheet row number, cells as text) for the non-empty rows of the chosen sheet, read within
    the limits of scheduler.io.limits; None with an error in the report when it cannot be."""
    from openpyxl import load_workbook

    try:
        problem = _zip_problem(source.data)
    except Exception as exc:  # noqa: BLE001 - a broken zip is a message
        problem = ("Excel-filen er ikke en gyldig zip-fil.", f"The Excel file is not a valid zip archive ({exc}).")
    if problem is not None:
        error(report, problem[0], problem[1], fix_no="Lagre arbeidsboken på nytt i Excel, eller eksporter CSV.",
              fix_en="Save the workbook again in Excel, or export CSV.")
        return None
    try:
        wb = load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any broken workbook becomes a message
        error(report, "Excel-filen kan ikke åpnes.", "The Excel file cannot be opened.",
              fix_no="Åpne den i Excel og lagre på nytt som .xlsx, eller eksporter CSV.",
              fix_en="Open it in Excel and save again as .xlsx, or export CSV.", raw=printable(str(exc))[:300])
        return None
    try:
        if source.sheet is not None:
            if source.sheet not in wb.sheetnames:
                error(report, f"Arket «{source.sheet}» finnes ikke.", f"Sheet «{source.sheet}» does not exist.",
                      fix_no=f"Ark i filen: {', '.join(wb.sheetnames[:50])}.",
                      fix_en=f"Sheets in the file: {', '.join(wb.sheetnames[:50])}.")
                return None
            ws = wb[source.sheet]
        else:
            ws = wb.worksheets[0]
        report.layout = f"xlsx, ark «{clean_cell(ws.title)}»"
        rows: list[tuple[int, list[str]]] = []
        n_cells = padded = 0
        beyond: list[tuple[int, int]] = []
        for number, values in _sheet_rows(ws):
            inside = [(c, v) for c, v in values if c <= MAX_COLUMNS]
            if len(inside) < len(values):
                beyond += [(number, c) for c, _ in values if c > MAX_COLUMNS][:1]
            if not inside:
                continue
            n_cells += len(inside)
            if n_cells > MAX_XLSX_CELLS or len(rows) >= MAX_ROWS:
                error(report, f"Arket har mer enn {MAX_XLSX_CELLS:,} celler med innhold; det er for stort å lese som Excel.".replace(",", " "),
                      f"The sheet has more than {MAX_XLSX_CELLS:,} cells with content; too large to read as Excel.",
                      row=number, fix_no="Eksporter turnusen som CSV (tåler mer), eller del den i flere filer.",
                      fix_en="Export the roster as CSV (reads more), or split it into several files.")
                return None
            width = max(c for c, _ in inside)
            padded += width
            if padded > MAX_CELLS:
                error(report, "Arket er for stort: for mange rader ganger kolonner.",
                      "The sheet is too large: too many rows times columns.", row=number,
                      fix_no="Eksporter turnusen som CSV, eller slett innhold langt ute til høyre.",
                      fix_en="Export the roster as CSV, or delete content far to the right.")
                return None
            cells = [""] * width
            for c, v in inside:
                cells[c - 1] = _cell_text(v)
            rows.append((number, cells))
        if beyond:
            number, col = beyond[0]
            warning(report, f"Celler lenger til høyre enn kolonne {_column_letters(MAX_COLUMNS)} er ikke lest "
                            f"({len(beyond)} rader, første i {_column_letters(col)}{number}).",
                    f"Cells to the right of column {_column_letters(MAX_COLUMNS)} were not read "
                    f"({len(beyond)} rows, the first at {_column_letters(col)}{number}).",
                    row=number, column=_column_letters(col),
                    fix_no="Slett innholdet der hvis det ikke hører til turnusen.",
                    fix_en="Delete what is there if it is not part of the roster.")
        return rows
    except Exception as exc:  # noqa: BLE001
        error(report, "Excel-arket kan ikke leses.", "The Excel sheet cannot be read.", raw=printable(str(exc))[:300])
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


def _from_grid(grid: list[tuple[int, list[str]]], score: HeaderScore, report: ReadingReport,
               expected: str) -> Table | None:
    texts = [cells for _, cells in grid]
    s, h = _best_header(texts, score)
    if h < 0:
        _no_header(report, ";".join(texts[0]) if texts else "", expected)
        return None
    header = [clean_cell(c.strip()) for c in texts[h]]
    while header and not header[-1]:
        header.pop()
    body = texts[h + 1:]
    width = max([len(header)] + [len(r) for r in body])
    if width * len(body) > MAX_CELLS:
        _too_large(report, f"{len(body)} rader × {width} kolonner", f"{len(body)} rows × {width} columns")
        return None
    header += [""] * (width - len(header))
    data = _frame(body, width)
    numbers = np.asarray([n for n, _ in grid[h + 1:]], dtype=np.int64)
    return Table(header, data, numbers, "xlsx")


def _too_large(report: ReadingReport, what_no: str, what_en: str, row: int | None = None) -> None:
    error(report, f"Filen er for stor å lese: {what_no}.", f"The file is too large to read: {what_en}.", row=row,
          fix_no="Del filen (f.eks. én fil per post eller per kvartal), eller fjern innhold som ikke er turnus. "
                 "Grensene står i docs/inputs.md.",
          fix_en="Split the file (e.g. one file per ward or per quarter), or remove content that is not roster. "
                 "The limits are in docs/inputs.md.")


def line_shape(body: bytes, delim: str) -> tuple[int, int, int]:
    """(lines, most fields on one line, 1-based line with that many) of CSV bytes, counting raw
    delimiters (a quoted delimiter counts too, so this never underestimates), in chunks, with
    numpy: the shape of a 200 MB file in well under a second, before any cell exists."""
    arr = np.frombuffer(body, dtype=np.uint8)
    d = ord(delim)
    lines = widest = widest_line = carry = 0
    chunk = 1 << 22
    for off in range(0, len(arr), chunk):
        part = arr[off:off + chunk]
        nls = np.flatnonzero(part == 10)
        ds = np.flatnonzero(part == d)
        if len(nls):
            before = np.searchsorted(ds, nls)
            counts = np.diff(before, prepend=0)
            counts[0] += carry
            i = int(counts.argmax())
            if int(counts[i]) + 1 > widest:
                widest, widest_line = int(counts[i]) + 1, lines + i + 1
            carry = len(ds) - int(before[-1])
            lines += len(nls)
        else:
            carry += len(ds)
    if len(arr) and arr[-1] != 10:
        lines += 1
        if carry + 1 > widest:
            widest, widest_line = carry + 1, lines
    return lines, widest, widest_line


def _csv_slow(rest: str, delim: str, width: int, first_line: int,
              report: ReadingReport) -> tuple[list[list[str]], list[int]]:
    """Python's csv module, record by record, so a bad line can be named."""
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
            bad.append((line, delim.join(rec[width:])))
            continue
        rows.append(rec[:width])
        numbers.append(line)
    _extra_fields(report, bad, width)
    return rows, numbers


def _extra_fields(report: ReadingReport, bad: list[tuple[int, str]], width: int) -> None:
    for line, raw in capped(report, bad, len(bad), "for mange felt", "too many fields"):
        error(report, f"Raden har flere felt enn overskriften ({width}); raden er ikke lest.",
              f"The row has more fields than the header ({width}); the row was not read.",
              row=line, fix_no="Sett tekst med skilletegn i anførselstegn, f.eks. \"Hansen, Kari\".",
              fix_en="Quote text containing the delimiter, e.g. \"Hansen, Kari\".", raw=printable(raw)[:200])
    report.rows_skipped += len(bad)


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


def _repaired_lines(report: ReadingReport, decoded: Decoded) -> None:
    if not decoded.repaired_count:
        return
    for line in decoded.repaired[:_REPAIRED_SHOWN]:
        warning(report, "Linjen er ikke UTF-8 som resten av filen; den er lest som Windows-1252 (ANSI).",
                "The line is not UTF-8 like the rest of the file; it was read as Windows-1252 (ANSI).", row=line,
                fix_no="Sjekk æ, ø og å på linjen; lagre filen som UTF-8.",
                fix_en="Check the letters æ, ø, å on the line; save the file as UTF-8.")
    if decoded.repaired_count > _REPAIRED_SHOWN:
        warning(report, f"I alt {decoded.repaired_count} linjer er lest som Windows-1252 (ANSI).",
                f"In all {decoded.repaired_count} lines were read as Windows-1252 (ANSI).",
                fix_no="Lagre filen som UTF-8.", fix_en="Save the file as UTF-8.")


def _from_csv(source: Source, score: HeaderScore, report: ReadingReport, expected: str) -> Table | None:
    decoded = decode_text(source.data)
    text, enc = decoded.text, decoded.encoding
    report.encoding = enc
    _repaired_lines(report, decoded)
    if "\x00" in text:
        text = text.replace("\x00", "")
    # The header search looks at the start of the first lines only: a 100,000-column line costs
    # no more than a normal one here, and is refused below.
    first_lines = text[:_SAMPLE_CHARS].split("\n")[:_HEADER_SEARCH_ROWS]
    sample_lines = [ln[:_SAMPLE_LINE_CHARS] for ln in first_lines]
    best: tuple[int, int, int, str] = (0, 0, -1, ";")
    for delim in DELIMITERS:
        try:
            sample = [next(csv.reader([ln.rstrip("\r")], delimiter=delim), [])[:MAX_COLUMNS + 1] for ln in sample_lines]
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
    if h == len(first_lines) - 1 and len(text) > _SAMPLE_CHARS:
        _too_large(report, f"overskriftslinjen er over {_SAMPLE_CHARS} tegn", f"the header line is over {_SAMPLE_CHARS} characters",
                   row=h + 1)
        return None
    header_line = first_lines[h].rstrip("\r")
    body = _body_bytes(source.data, text, enc, h)
    del text
    header_width = header_line.count(delim) + 1
    if header_width > MAX_COLUMNS:
        _too_large(report, f"overskriften har {header_width} kolonner (grense {MAX_COLUMNS})",
                   f"the header has {header_width} columns (limit {MAX_COLUMNS})", row=h + 1)
        return None
    header = [clean_cell(c.strip()) for c in next(csv.reader([header_line], delimiter=delim))]
    width = len(header)
    if not body.strip():
        return Table(header, _frame([], width), np.zeros(0, dtype=np.int64), "csv")
    lines, widest, widest_line = line_shape(body, delim)
    if lines > MAX_ROWS:
        _too_large(report, f"{lines:,} linjer (grense {MAX_ROWS:,})".replace(",", " "), f"{lines:,} lines (limit {MAX_ROWS:,})")
        return None
    if widest > MAX_COLUMNS:
        _too_large(report, f"linjen har {widest} felt (grense {MAX_COLUMNS})", f"the line has {widest} fields (limit {MAX_COLUMNS})",
                   row=h + 1 + widest_line)
        return None
    n_cols = max(width, widest)
    if lines * n_cols > MAX_CELLS:
        _too_large(report, f"{lines:,} linjer × {n_cols} kolonner (grense {MAX_CELLS:,} celler)".replace(",", " "),
                   f"{lines:,} lines × {n_cols} columns (limit {MAX_CELLS:,} cells)")
        return None
    try:
        data = pd.read_csv(io.BytesIO(body), sep=delim, header=None, names=range(n_cols), dtype=str,
                           keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c", quotechar='"',
                           encoding=_PANDAS_ENCODING.get(enc, "utf-8"), encoding_errors="replace")
        del body
        rows = np.arange(len(data), dtype=np.int64) + h + 2
        if data.isna().to_numpy().any():
            data = data.fillna("")
        if n_cols > width:
            extra = data.iloc[:, width:]
            wrong = (extra.apply(lambda c: c.str.strip()) != "").to_numpy().any(axis=1)
            if wrong.any():
                bad = [(int(rows[i]), delim.join(str(v) for v in extra.iloc[i].tolist()).rstrip(delim))
                       for i in np.flatnonzero(wrong)]
                _extra_fields(report, bad, width)
                data, rows = data.loc[~wrong], rows[~wrong]
            data = data.iloc[:, :width].reset_index(drop=True)
        data.columns = range(data.shape[1])
    except (pd.errors.ParserError, ValueError, csv.Error, OverflowError, UnicodeError):
        rest = body.decode(_PANDAS_ENCODING.get(enc, "utf-8"), errors="replace")
        del body
        recs, numbers = _csv_slow(rest, delim, width, h + 2, report)
        data = _frame(recs, width)
        rows = np.asarray(numbers, dtype=np.int64)
    return Table(header, data, rows, "csv")


def read_table(source: Source, report: ReadingReport, score: HeaderScore, expected: str) -> Table | None:
    """The table under the best header row, or None with an error in the report. Never raises.

    Header cells are cleaned (scheduler.io.cleaning); data cells are returned as written, for the
    caller to clean once per distinct value."""
    try:
        limit = max_bytes(report.kind)
        if len(source.data) > limit:
            _too_large(report, f"{len(source.data) / 2**20:,.0f} MB (grense {limit / 2**20:,.0f} MB)",
                       f"{len(source.data) / 2**20:,.0f} MB (limit {limit / 2**20:,.0f} MB)")
            return None
        kind = sniff_type(source.data)
        if kind not in ("text", "xlsx"):
            _wrong_type(report, kind, printable(source.data[:60].decode("latin-1").replace("\x00", "")))
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
              fix_en="Save the file as CSV (UTF-8) or .xlsx and try again.",
              raw=printable(f"{type(exc).__name__}: {exc}")[:300])
        return None
