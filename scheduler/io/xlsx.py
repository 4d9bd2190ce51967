"""Reading an .xlsx sheet into rows of text cells, bounded before anything is unpacked.

The zip's directory is checked (declared sizes, parts) before openpyxl inflates anything; the
sheet's XML is read row element by row element within a cell and row budget
(scheduler.io.input_limits, docs/inputs.md), straight from the XML so rows not in the file are
never made, and only cells with a value are kept. The rows then become a :class:`~scheduler.io.grid.Table`
under the best header row (:func:`grid_table`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import numpy as np

from scheduler.io.cleaning import clean_cell, printable
from scheduler.io.grid import HeaderScore, Table, best_header, no_header, text_columns, too_large
from scheduler.io.input_limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_XLSX_CELLS,
    MAX_XLSX_ROWS,
    MAX_XLSX_SHARED_STRINGS,
    MAX_XLSX_UNCOMPRESSED,
)
from scheduler.io.messages import error, warning
from scheduler.io.types import ReadingReport, Source

__all__ = ["xlsx_rows", "grid_table"]

_MAX_ZIP_MEMBERS = 10_000


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


def xlsx_rows(source: Source, report: ReadingReport) -> list[tuple[int, list[str]]] | None:
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


def grid_table(grid: list[tuple[int, list[str]]], score: HeaderScore, report: ReadingReport,
               expected: str) -> Table | None:
    texts = [cells for _, cells in grid]
    s, h = best_header(texts, score)
    if h < 0:
        no_header(report, ";".join(texts[0]) if texts else "", expected)
        return None
    header = [clean_cell(c.strip()) for c in texts[h]]
    while header and not header[-1]:
        header.pop()
    body = texts[h + 1:]
    width = max([len(header)] + [len(r) for r in body])
    if width * len(body) > MAX_CELLS:
        too_large(report, f"{len(body)} rader × {width} kolonner", f"{len(body)} rows × {width} columns")
        return None
    header += [""] * (width - len(header))
    numbers = np.asarray([n for n, _ in grid[h + 1:]], dtype=np.int64)
    return Table(header, text_columns(body, width), numbers, "xlsx")
