"""From a Source to columns of text cells under a recognised header row, for CSV and .xlsx alike.

Title rows and blank rows above the header are skipped by scoring each of the first rows with the
caller's header test (per candidate delimiter). Everything is bounded before it is built
(scheduler.io.input_limits, docs/inputs.md):

- CSV: the bytes are measured first (lines, fields on the widest line) with numpy; then pandas' C
  engine parses the upload in place, in chunks of rows, each chunk turned into codes at once
  (:class:`Factorized`). Rows with more fields than the header are named and left out; a structural
  error (an unclosed quote) falls back to Python's csv module, which can say where.
- .xlsx: the zip's directory is checked (declared sizes, parts) before anything is unpacked; the
  sheet's XML is read row element by row element within a cell and row budget, and only cells
  with a value are kept.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scheduler.io.cleaning import clean_cell, printable
from scheduler.io.encoding import Encoded, as_parseable, sniff_type
from scheduler.io.factorized import Factorized
from scheduler.io.input_limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_CELLS,
    MAX_XLSX_ROWS,
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
_SAMPLE_BYTES = 500_000
_SAMPLE_LINE_CHARS = 65_536  # a header of MAX_COLUMNS dates is about 12,000 characters
_REPAIRED_SHOWN = 20
_CHUNK_ROWS = 250_000
_SWALLOWED_LINES = 20  # line breaks in one cell beyond which a quote was surely never closed
_MAX_ZIP_MEMBERS = 10_000


@dataclass
class Table:
    """Cells as text ("" when empty) under `header`, one :class:`Factorized` column per header position
    (a few thousand distinct values, not a Python string per cell); `rows` are 1-based file lines
    or sheet rows."""

    header: list[str]
    columns: list[Factorized]
    rows: np.ndarray
    fmt: str  # "csv" or "xlsx"

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, pos: int) -> Factorized:
        return self.columns[pos]

    def keep(self, mask: np.ndarray) -> None:
        index = np.flatnonzero(mask)
        self.columns = [c.take(index) for c in self.columns]
        self.rows = self.rows[index]

    def records(self) -> list[list[str]]:
        """Row by row, for the small files (the caller checks the row count first)."""
        values = [c.values().tolist() for c in self.columns]
        return [list(r) for r in zip(*values, strict=True)] if values else [[] for _ in range(len(self))]


def _wrong_type(report: ReadingReport, kind: str) -> None:
    what = {
        "empty": ("Filen er tom.", "The file is empty.", "Velg filen med innholdet.", "Choose the file with the content."),
        "pdf": ("Filen er en PDF, ikke en tabell.", "The file is a PDF, not a table.",
                "Eksporter turnusen som CSV eller Excel (.xlsx).", "Export the roster as CSV or Excel (.xlsx)."),
        "xls": ("Filen er i det gamle Excel-formatet (.xls).", "The file is in the old Excel format (.xls).",
                "Lagre den som .xlsx eller CSV.", "Save it as .xlsx or CSV."),
        "encrypted": ("Excel-filen er beskyttet med passord.", "The Excel file is protected by a password.",
                      "Lagre en kopi uten passord, eller eksporter CSV.", "Save a copy without a password, or export CSV."),
        "zip": ("Filen er en zip-fil, ikke en Excel-arbeidsbok.", "The file is a zip archive, not an Excel workbook.",
                "Pakk ut og velg CSV- eller .xlsx-filen.", "Unzip it and choose the CSV or .xlsx file."),
        "binary": ("Filen er ikke tekst (binære data).", "The file is not text (binary data).",
                   "Velg en CSV- eller .xlsx-fil.", "Choose a CSV or .xlsx file."),
    }[kind]
    error(report, what[0], what[1], fix_no=what[2], fix_en=what[3])


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
        return (f"Excel-filen pakker seg ut til {total / 2**20:.0f} MB (grense {MAX_XLSX_UNCOMPRESSED / 2**20:.0f} MB).",
                f"The Excel file unpacks to {total / 2**20:.0f} MB (limit {MAX_XLSX_UNCOMPRESSED / 2**20:.0f} MB).")
    shared = sum(i.file_size for i in infos if i.filename.lower().endswith("sharedstrings.xml"))
    if shared > MAX_XLSX_SHARED_STRINGS:
        return (f"Excel-filens teksttabell er {shared / 2**20:.0f} MB (grense {MAX_XLSX_SHARED_STRINGS / 2**20:.0f} MB).",
                f"The Excel file's text table is {shared / 2**20:.0f} MB (limit {MAX_XLSX_SHARED_STRINGS / 2**20:.0f} MB).")
    return None


def _column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


class _EmptyCell:
    """An inline-string cell element seen without its content, so openpyxl only reads where it is."""

    def __init__(self, element: object) -> None:
        self._element = element

    def get(self, key: str, default: object = None) -> object:
        return "n" if key == "t" else self._element.get(key, default)  # type: ignore[attr-defined]

    def findtext(self, tag: str, default: object = None) -> object:
        return default

    def find(self, tag: str) -> None:
        return None


def _sheet_rows(ws: object) -> Iterator[tuple[int, int, list[tuple[int, object]]]]:
    """(sheet row number, cells in the XML, [(column, value)]) for every row element, straight from
    the sheet's XML: rows that are not in the file are never made (openpyxl's own iterator pads
    every row to the widest and yields each missing row, so one cell at XFD1048576 costs gigabytes)."""
    from openpyxl.worksheet._reader import INLINE_STRING, WorkSheetParser

    text_tag, run_tag = INLINE_STRING[:-2] + "t", INLINE_STRING[:-2] + "r"

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element):  # type: ignore[no-untyped-def]
            """Inline strings (what many exporters write) without openpyxl's rich-text objects,
            which cost three times a shared string."""
            if element.get("t") != "inlineStr":
                return super().parse_cell(element)
            child = element.find(INLINE_STRING)
            value = None
            if child is not None:
                value = "".join(t.text or "" for t in child if t.tag == text_tag) + "".join(
                    t.text or "" for r in child if r.tag == run_tag for t in r if t.tag == text_tag)
            cell = super().parse_cell(_EmptyCell(element))
            cell["value"], cell["data_type"] = value or None, "s"
            return cell

    book = ws.parent  # type: ignore[attr-defined]
    with ws._get_source() as handle:  # type: ignore[attr-defined]
        parser = Parser(handle, ws._shared_strings, data_only=True, epoch=book.epoch,  # type: ignore[attr-defined]
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            parser.row_dimensions.clear()  # row heights are kept per row otherwise
            yield number, len(cells), [(c["column"], c["value"]) for c in cells if c["value"] is not None]


def _xlsx_rows(source: Source, report: ReadingReport) -> list[tuple[int, list[str]]] | None:
    """(sheet row number, cells as text) for the non-empty rows of the chosen sheet, read within
    the limits of scheduler.io.input_limits; None with an error in the report when it cannot be."""
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
        parsed_rows = 0
        for number, parsed, values in _sheet_rows(ws):
            n_cells += parsed  # every cell element costs parsing time, formatted empty ones too
            parsed_rows += 1
            if n_cells > MAX_XLSX_CELLS or parsed_rows > MAX_XLSX_ROWS:
                error(report, f"Arket har mer enn {MAX_XLSX_CELLS} celler eller {MAX_XLSX_ROWS} rader (også tomme, "
                              "formaterte); det er for stort å lese som Excel.",
                      f"The sheet has more than {MAX_XLSX_CELLS} cells or {MAX_XLSX_ROWS} rows (empty formatted ones "
                      "included); too large to read as Excel.",
                      row=number, fix_no="Eksporter turnusen som CSV (tåler mer), eller del den i flere filer.",
                      fix_en="Export the roster as CSV (reads more), or split it into several files.")
                return None
            inside = [(c, v) for c, v in values if c <= MAX_COLUMNS]
            if len(inside) < len(values):
                beyond += [(number, c) for c, _ in values if c > MAX_COLUMNS][:1]
            if not inside:
                continue
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
    """The first line is not quoted: without a header it is a data row, and rows hold names."""
    error(report, "Fant ingen overskriftsrad med kjente kolonnenavn.",
          "Found no header row with known column names.", row=1,
          fix_no=f"Filen trenger en overskriftsrad med {expected}.",
          fix_en=f"The file needs a header row with {expected}.")


def _columns(rows: list[list[str]], width: int) -> list[Factorized]:
    return [Factorized.of(np.array([r[j] if j < len(r) else "" for r in rows], dtype=object)) for j in range(width)]


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
    numbers = np.asarray([n for n, _ in grid[h + 1:]], dtype=np.int64)
    return Table(header, _columns(body, width), numbers, "xlsx")


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


class _Slice(io.RawIOBase):
    """A read-only file over a slice of a buffer, so pandas parses the upload without a copy."""

    def __init__(self, data: bytes | bytearray, start: int) -> None:
        self._view = memoryview(data)
        self._pos = start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), len(self._view) - self._pos)
        buffer[:n] = self._view[self._pos:self._pos + n]
        self._pos += n
        return n


def _reader(data: bytes | bytearray, start: int) -> io.BufferedReader:
    return io.BufferedReader(_Slice(data, start), buffer_size=1 << 20)


_NOT_SPACE = re.compile(rb"\S")


def _repaired_lines(report: ReadingReport, encoded: Encoded) -> None:
    if not encoded.repaired_count:
        return
    for line in encoded.repaired[:_REPAIRED_SHOWN]:
        warning(report, "Linjen er ikke UTF-8 som resten av filen; den er lest som Windows-1252 (ANSI).",
                "The line is not UTF-8 like the rest of the file; it was read as Windows-1252 (ANSI).", row=line,
                fix_no="Sjekk æ, ø og å på linjen; lagre filen som UTF-8.",
                fix_en="Check the letters æ, ø, å on the line; save the file as UTF-8.")
    if encoded.repaired_count > _REPAIRED_SHOWN:
        warning(report, f"I alt {encoded.repaired_count} linjer er lest som Windows-1252 (ANSI).",
                f"In all {encoded.repaired_count} lines were read as Windows-1252 (ANSI).",
                fix_no="Lagre filen som UTF-8.", fix_en="Save the file as UTF-8.")


def _parse_csv(data: bytes | bytearray, body: int, delim: str, n_cols: int, width: int, encoding: str,
               first_line: int, report: ReadingReport) -> tuple[list[Factorized], np.ndarray]:
    """pandas' C parser over the body in chunks of rows, each chunk turned into codes at once, so
    no more than one chunk of Python strings exists at a time."""
    parts: list[list[Factorized]] = []
    numbers: list[np.ndarray] = []
    bad: list[tuple[int, str]] = []
    seen = 0
    chunks = pd.read_csv(_reader(data, body), sep=delim, header=None, names=range(n_cols), dtype=object,  # type: ignore[call-overload]
                         keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c", quotechar='"',
                         encoding=encoding, encoding_errors="replace", chunksize=_CHUNK_ROWS)
    for chunk in chunks:
        lines = np.arange(seen, seen + len(chunk), dtype=np.int64) + first_line
        seen += len(chunk)
        coded = [Factorized.of(chunk[j].to_numpy(dtype=object)) for j in range(n_cols)]  # NaN (a missing field) → ""
        del chunk
        if n_cols > width:
            wrong = np.logical_or.reduce([c.map(lambda u: bool(u.strip()), bool) for c in coded[width:]])
            if wrong.any():
                index = np.flatnonzero(wrong)
                texts = [c.take(index).values() for c in coded[width:]]
                bad += [(int(lines[i]), delim.join(str(t[k]) for t in texts).rstrip(delim)) for k, i in enumerate(index)]
                keep = np.flatnonzero(~wrong)
                coded, lines = [c.take(keep) for c in coded], lines[keep]
        parts.append(coded[:width])
        numbers.append(lines)
    _extra_fields(report, bad, width)
    columns = [Factorized.concat([p[j] for p in parts]) for j in range(width)] if parts else _columns([], width)
    return columns, np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)


def _unclosed_quote(report: ReadingReport, columns: list[Factorized], rows: np.ndarray) -> None:
    """A cell holding many line breaks: a quote opened and never closed swallowed the lines after it."""
    worst = (0, -1, -1)  # (line breaks, column, unique)
    for j, col in enumerate(columns):
        for k, u in enumerate(col.uniques):
            n = u.count("\n")
            if n > worst[0]:
                worst = (n, j, k)
    breaks, j, k = worst
    if breaks <= _SWALLOWED_LINES:
        return
    row = int(rows[int(np.flatnonzero(columns[j].codes == k)[0])])
    report.rows_skipped += breaks
    error(report, f"Et anførselstegn («\"») i raden lukkes ikke, så de {breaks} linjene etter er lest som én celle og "
                  "ikke som rader.",
          f"A quote mark («\"») in this row is never closed, so the {breaks} lines after it were read as one cell, "
          "not as rows.", row=row, fix_no="Fjern anførselstegnet eller lukk det.", fix_en="Remove or close the quote mark.")


def _from_csv(source: Source, score: HeaderScore, report: ReadingReport, expected: str) -> Table | None:
    enc = as_parseable(source.data)
    report.encoding = enc.encoding
    _repaired_lines(report, enc)
    data = enc.data if isinstance(enc.data, bytes | bytearray) else bytes(enc.data)
    # The header search looks at the start of the first lines only: a 100,000-column line costs
    # no more than a normal one here, and is refused below.
    first_lines = enc.text(_SAMPLE_BYTES).split("\n")[:_HEADER_SEARCH_ROWS]
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
        _no_header(report, "", expected)
        return None
    report.delimiter = delim
    start = enc.start
    for _ in range(h):
        start = data.find(b"\n", start) + 1
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    header_width = data.count(delim.encode(), start, end) + 1
    if header_width > MAX_COLUMNS:
        _too_large(report, f"overskriften har {header_width} kolonner (grense {MAX_COLUMNS})",
                   f"the header has {header_width} columns (limit {MAX_COLUMNS})", row=h + 1)
        return None
    header_line = codecs.decode(data[start:end], enc.parser_encoding, "replace").rstrip("\r")
    header = [clean_cell(c.strip()) for c in next(csv.reader([header_line], delimiter=delim), [""])]
    width = len(header)
    body = end + 1
    if _NOT_SPACE.search(data, body) is None:
        return Table(header, _columns([], width), np.zeros(0, dtype=np.int64), "csv")
    lines, widest, widest_line = line_shape(memoryview(data)[body:], delim)
    if lines > MAX_ROWS:
        _too_large(report, f"{lines} linjer (grense {MAX_ROWS})", f"{lines} lines (limit {MAX_ROWS})")
        return None
    if widest > MAX_COLUMNS:
        _too_large(report, f"linjen har {widest} felt (grense {MAX_COLUMNS})", f"the line has {widest} fields (limit {MAX_COLUMNS})",
                   row=h + 1 + widest_line)
        return None
    n_cols = max(width, widest)
    if lines * n_cols > MAX_CELLS:
        _too_large(report, f"{lines} linjer × {n_cols} kolonner (grense {MAX_CELLS} celler)",
                   f"{lines} lines × {n_cols} columns (limit {MAX_CELLS} cells)")
        return None
    try:
        columns, rows = _parse_csv(data, body, delim, n_cols, width, enc.parser_encoding, h + 2, report)
    except (pd.errors.ParserError, ValueError, csv.Error, OverflowError, UnicodeError):
        rest = codecs.decode(memoryview(data)[body:], enc.parser_encoding, "replace")
        recs, numbers = _csv_slow(rest, delim, width, h + 2, report)
        del rest
        columns, rows = _columns(recs, width), np.asarray(numbers, dtype=np.int64)
    if lines - len(rows) > _SWALLOWED_LINES:
        _unclosed_quote(report, columns, rows)
    return Table(header, columns, rows, "csv")


def read_table(source: Source, report: ReadingReport, score: HeaderScore, expected: str) -> Table | None:
    """The table under the best header row, or None with an error in the report. Never raises.

    Header cells are cleaned (scheduler.io.cleaning); data cells are returned as written, for the
    caller to clean once per distinct value."""
    try:
        limit = max_bytes(report.kind)
        if len(source.data) > limit:
            _too_large(report, f"{len(source.data) / 2**20:.0f} MB (grense {limit / 2**20:.0f} MB)",
                       f"{len(source.data) / 2**20:.0f} MB (limit {limit / 2**20:.0f} MB)")
            return None
        kind = sniff_type(source.data)
        if kind not in ("text", "xlsx"):
            _wrong_type(report, kind)
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
        blank = np.logical_and.reduce([c.empty() for c in table.columns]) if table.columns else \
            np.ones(len(table), dtype=bool)
        if blank.any():
            table.keep(~blank)
        return table
    except Exception as exc:  # noqa: BLE001 - a reader never lets bad bytes become a traceback
        error(report, "Filen kunne ikke leses.", "The file could not be read.",
              fix_no="Lagre filen som CSV (UTF-8) eller .xlsx og prøv igjen.",
              fix_en="Save the file as CSV (UTF-8) or .xlsx and try again.",
              raw=printable(f"{type(exc).__name__}: {exc}")[:300])
        return None
