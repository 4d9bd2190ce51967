"""The data rows of a rota.xlsx sheet written as XML in bulk, the cells exactly as xlsxwriter writes them.

xlsxwriter's cell calls cost about ten microseconds a cell (a year of 100 wards has 1.2 million
cells: ten seconds). In `constant_memory` mode it writes each row as `<row>` XML with inline
strings into a temporary file; here the same XML is built a column at a time with one format
string per cell and written into that file at once. A string with anything to escape (`&<>`,
control characters, `_xHHHH_`, leading or trailing white space, an over-long text) is written by
xlsxwriter's own cell writer, so the result is the same file, byte for byte
(tests/report/test_workbook_rows.py compares the two).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellStringTuple

__all__ = ["write_rows", "MAX_ROWS"]

#: Excel's last row (1-based); xlsxwriter leaves out cells below it, and so does this.
MAX_ROWS = 1_048_576
#: A string xlsxwriter changes as it writes it (escapes, white space kept, control characters,
#: rich text, truncation past 32,767 UTF-16 units): written through xlsxwriter's own cell writer.
_SPECIAL = re.compile(r'[&<>"\n\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$|^<r>')
#: The same in parts, for one search of a column's strings joined by line breaks (`<r>` starts with `<`;
#: white space at either end, a line break in a cell and over-long text are looked for apart).
_ESCAPED = re.compile('[&<>"\x00-\x08\x0b-\x1f\ufffe\uffff]')
_CONTROL_LOOKALIKE = re.compile("_x[0-9a-fA-F]{4}_")
_LONG = 16_383

Column = tuple[object, object, Sequence[object]]  # text format, number format, the cells' values


def _attribute(cell_format, column_format) -> str:
    chosen = cell_format if cell_format is not None else column_format
    return f' s="{chosen._get_xf_index()}"' if chosen is not None else ""


def _column_format(sheet, col: int):
    info = sheet.col_info.get(col)
    return info.column_format if info is not None else None


def _register_formats(sheet, columns: Sequence[Column]) -> None:
    """A format gets its number in styles.xml when a cell first uses it: in the order of the cells
    (row by row), and not at all when no cell does — as the cell calls would have numbered them."""
    first: list[tuple[int, int, object]] = []
    for col, (text_format, number_format, values) in enumerate(columns):
        column_format = _column_format(sheet, col)
        for wanted, chosen in ((True, text_format), (False, number_format)):
            chosen = chosen if chosen is not None else column_format
            if chosen is None:
                continue
            row = next((r for r, v in enumerate(values)
                        if v is not None and v != "" and isinstance(v, str) == wanted), None)
            if row is not None:
                first.append((row, col, chosen))
    for _, _, chosen in sorted(first, key=lambda use: (use[0], use[1])):
        chosen._get_xf_index()  # type: ignore[attr-defined]


def _special_cell(sheet, row: int, col: int, value: str, cell_format) -> str:
    """One string cell as xlsxwriter writes it (its own truncation, escaping and format lookup)."""
    if len(value) > sheet.xls_strmax // 2:
        from xlsxwriter.worksheet import _utf16_len, _utf16_truncate

        if _utf16_len(value) > sheet.xls_strmax:
            value = _utf16_truncate(value, sheet.xls_strmax)
    kept, sheet.fh = sheet.fh, io.StringIO()
    try:
        sheet._write_cell(row, col, CellStringTuple(value, cell_format))
        return sheet.fh.getvalue()
    finally:
        sheet.fh = kept


def _cells(sheet, col: int, column: Column, rows: list[str]) -> list[str]:
    """The `<c>` elements of one column, "" where the cell is left empty (None or "")."""
    text_format, number_format, values = column
    column_format = _column_format(sheet, col)
    letter = xl_col_to_name(col)
    # Formats are numbered by _register_formats; one no cell uses is not asked for its number.
    text_attr = _attribute(text_format, column_format) if any(isinstance(v, str) and v for v in values) else ""
    number_attr = _attribute(number_format, column_format) if any(
        v is not None and v != "" and not isinstance(v, str) for v in values) else ""
    texts = [v for v in values if isinstance(v, str) and v]
    joined = "\n".join(texts)
    # One search of the whole column; only a column with something to escape is searched cell by cell.
    found = (joined.count("\n") > max(len(texts) - 1, 0) or _ESCAPED.search(joined) is not None
             or ("_x" in joined and _CONTROL_LOOKALIKE.search(joined) is not None)
             or sum(map(len, map(str.strip, texts))) != len(joined) - max(len(texts) - 1, 0)  # white space at an end
             or max(map(len, texts), default=0) > _LONG)
    special = _SPECIAL.search if found else None
    out: list[str] = []
    append = out.append
    for r, value in zip(rows, values, strict=False):
        if value is None or value == "":
            append("")
        elif isinstance(value, str):
            if special is not None and (len(value) > _LONG or special(value)):
                append(_special_cell(sheet, int(r) - 1, col, value, text_format))
            else:
                append(f'<c r="{letter}{r}"{text_attr} t="inlineStr"><is><t>{value}</t></is></c>')
        else:
            if isinstance(value, float) and not math.isfinite(value):
                raise TypeError("NAN/INF not supported in write_number() without 'nan_inf_to_errors' Workbook() option")
            append(f'<c r="{letter}{r}"{number_attr}><v>{value:.16G}</v></c>')
    return out


def write_rows(sheet, columns: Sequence[Column]) -> None:
    """Rows 2… of `sheet` (a constant_memory worksheet whose header row is written): one column per
    entry of `columns`, each (text format, number format, values); a None or "" leaves a cell empty."""
    n = min(max((len(c[2]) for c in columns), default=0), MAX_ROWS - 1)
    if n == 0:
        return
    sheet._write_single_row(1)  # the header row goes out first, as the next row's first cell would send it
    rows = [str(r) for r in range(2, n + 2)]
    _register_formats(sheet, columns)
    cells = [_cells(sheet, col, column, rows) for col, column in enumerate(columns)]
    written_cols = [col for col, column in enumerate(cells) if any(column)]
    if not written_cols:
        return
    parts: list[str] = []
    last = 0
    for r, row in enumerate(zip(*cells, strict=False)):
        body = "".join(row)
        if body:
            parts.append(f'<row r="{r + 2}">{body}</row>')
            last = r + 1
    sheet.fh.write("".join(parts))
    # What xlsxwriter's cell calls would have noted: the sheet's used range and the next row to write.
    first = next(r for r in range(n) if any(column[r] for column in cells)) + 1
    sheet.dim_rowmin = first if sheet.dim_rowmin is None else min(sheet.dim_rowmin, first)
    sheet.dim_rowmax = last if sheet.dim_rowmax is None else max(sheet.dim_rowmax, last)
    sheet.dim_colmin = written_cols[0] if sheet.dim_colmin is None else min(sheet.dim_colmin, written_cols[0])
    sheet.dim_colmax = written_cols[-1] if sheet.dim_colmax is None else max(sheet.dim_colmax, written_cols[-1])
    sheet.previous_row = last + 1
