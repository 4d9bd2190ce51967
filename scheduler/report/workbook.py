"""The rota's tables as one Excel workbook, formula-safe and ready to sort, filter and print
(docs/outputs.md, «rota.xlsx»).

What a spreadsheet in a Norwegian office needs, measured in LibreOffice Calc (nb-NO): dates and
times as real date cells (ISO text stays text there: it cannot be sorted or filtered as a date),
ids as text (`0674` keeps its zero), yes/no as words (a boolean cell shows SANN/0), and a print
set-up — A4, fit to the page's width, landscape where the table is wide, the header row on every
page, the long `reason` column wrapped — so a sheet prints as a table, not as 174 pages.
"""

from __future__ import annotations

import io
import math

import pandas as pd

from scheduler.io.table_words import cell_word, header, sheet_name
from scheduler.report.workbook_rows import write_rows

__all__ = ["workbook_bytes", "XLSX_OPTIONS", "YES_NO", "DATE_FORMAT", "DATETIME_FORMAT"]


#: Every workbook this program writes: text stays text. Without these, a name or ward id that
#: starts with `=` becomes a live formula and a web address a link (formula injection).
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}

#: How a yes/no cell reads with canonical headers (the CSVs write True/False; a language: table_words).
YES_NO = {True: "ja", False: "nei"}
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"

#: Columns by what they hold; any other column is written as its values are (text, numbers).
_DATE_COLUMNS = frozenset({"date"})
_DATETIME_COLUMNS = frozenset({"start", "end"})
_ID_COLUMNS = frozenset({"supporter_id", "backup_id", "employee_id", "ward", "home_ward", "wards_covered"})
_RATIO_COLUMNS = frozenset({"load_ratio", "carried_ratio"})
_YES_NO_COLUMNS = frozenset({"covered"})
#: Numbers however the table holds them (a published rota's tables are read back as text).
_DECIMAL_COLUMNS = frozenset({"hours", "target", "base_target", "exposure"})
_COUNT_COLUMNS = frozenset({"headcount", "duties", "nights", "weekend_duties", "max_duties_per_week", "recent_activity",
                            "staff_covered"})
_WRAPPED_WIDTH = {"reason": 60, "name": 28, "wards_covered": 30}
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Wider than this (in characters, all columns) a sheet prints landscape.
_PORTRAIT_CHARS = 95


def workbook_bytes(tables: dict[str, pd.DataFrame], lang: str | None = None) -> bytes:
    """One .xlsx with a sheet per table (assignments, duties, burden, coverage), for a reader of
    `lang` ("no", "en"): sheet names, headers and coded words (`primary`, yes/no) in their language
    (scheduler/io/table_words.py); `None` keeps the canonical names of the CSVs.

    Text cells are written as text, never as formulas, links or numbers; `date` columns as dates
    (`dd.mm.yyyy`), `start` and `end` as date-times (`dd.mm.yyyy hh:mm`), yes/no as «ja»/«nei»,
    ids as text, hours with one decimal and ratios with two. Each sheet has its header frozen and
    filterable and prints on A4 to the page's width with the header on every page (docs/outputs.md).
    The header row and the sheet's set-up by xlsxwriter, the data rows as XML built column by column
    (:mod:`scheduler.report.workbook_rows`): a year of 100 wards in about a second, where a call per
    cell took ten."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {**XLSX_OPTIONS, "constant_memory": True})
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#EEEEEE", "bottom": 1}),
        "date": book.add_format({"num_format": DATE_FORMAT, "align": "left"}),
        "datetime": book.add_format({"num_format": DATETIME_FORMAT, "align": "left"}),
        "text": None,
        "wrap": book.add_format({"num_format": "@", "text_wrap": True, "valign": "top"}),
        "hours": book.add_format({"num_format": "0.0"}),
        "ratio": book.add_format({"num_format": "0.00"}),
        "int": book.add_format({"num_format": "0"}),
    }
    for name, frame in tables.items():
        sheet = book.add_worksheet(sheet_name(name, lang)[:31])
        columns = [_column(frame[c], str(c), lang) for c in frame.columns]
        widths = []
        for i, (column, (kind, _)) in enumerate(zip(frame.columns, columns, strict=True)):
            width = _width(frame[column], str(column), kind)
            widths.append(width)
            sheet.set_column(i, i, width, formats["wrap"] if str(column) in _WRAPPED_WIDTH else None)
        sheet.write_row(0, 0, [header(str(c), lang) for c in frame.columns], formats["header"])
        # A text cell's format (wrapped where the column wraps), a number's by what the column holds.
        write_rows(sheet, [(formats["wrap"] if str(column) in _WRAPPED_WIDTH else None, formats[kind], values)
                           for column, (kind, values) in zip(frame.columns, columns, strict=True)])
        _print_setup(sheet, sheet_name(name, lang), len(frame), len(frame.columns), sum(widths), lang)
    book.close()
    return buffer.getvalue()


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _column(series: pd.Series, name: str, lang: str | None = None) -> tuple[str, list]:
    """What a column holds and its values as cells take them: Excel serial days for dates
    (text that is not a date stays text), words for yes/no, text for ids, numbers as numbers."""
    if name in _DATE_COLUMNS or name in _DATETIME_COLUMNS:
        moments = pd.to_datetime(series.astype("string"), errors="coerce", format="ISO8601")
        serial = ((moments - _EXCEL_EPOCH) / pd.Timedelta(days=1)).tolist()
        kind = "date" if name in _DATE_COLUMNS else "datetime"
        return kind, [s if not _missing(s) else (None if _missing(v) or v == "" else str(v))
                      for s, v in zip(serial, series.tolist(), strict=True)]
    if series.dtype == bool or name in _YES_NO_COLUMNS:
        return "text", [None if _missing(v) else _yes_no(v, lang) for v in series.tolist()]
    if name == "role":
        return "text", [None if _missing(v) else cell_word(name, str(v), lang) for v in series.tolist()]
    for kind, names in (("ratio", _RATIO_COLUMNS), ("hours", _DECIMAL_COLUMNS), ("int", _COUNT_COLUMNS)):
        numbers = _as_numbers(series) if name in names else None
        if numbers is not None:
            return kind, [None if _missing(v) else int(v) if kind == "int" and float(v).is_integer() else float(v)
                          for v in numbers.tolist()]
    if name in _ID_COLUMNS or not pd.api.types.is_numeric_dtype(series):
        kind = "wrap" if name in _WRAPPED_WIDTH else "text"
        if isinstance(series.dtype, pd.StringDtype) and not series.isna().any():
            return kind, series.tolist()  # text in every cell: as it is (the common case, without a look at each)
        return kind, [None if _missing(v) else v if isinstance(v, str) else _plain(v) for v in series.tolist()]
    if pd.api.types.is_integer_dtype(series):
        return "int", [None if _missing(v) else int(v) for v in series.tolist()]
    return "hours", [None if _missing(v) else float(v) for v in series.tolist()]


def _as_numbers(series: pd.Series) -> pd.Series | None:
    """A column of numbers, also when written as text (`1.0`, `3`, blanks); None when a cell is not
    a number (then the column stays as written)."""
    if pd.api.types.is_numeric_dtype(series):
        return series
    given = series.astype("string").str.strip().replace("", pd.NA)
    numbers = pd.to_numeric(given, errors="coerce")
    return None if (numbers.isna() & given.notna()).any() else numbers


def _yes_no(value: object, lang: str | None = None) -> str:
    """«ja»/«nei» (yes/no in English) for a yes/no, also as the text True/False a stored table holds;
    anything else as text."""
    text = str(value)
    return cell_word("covered", text, lang) if text in ("True", "False") else text


def _plain(value: object) -> str:
    """A non-text value in a text column as the CSV writes it (an id read as a number: `674`, not `674.0`)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value.item() if hasattr(value, "item") else value)


def _width(series: pd.Series, name: str, kind: str) -> int:
    if name in _WRAPPED_WIDTH:
        return _WRAPPED_WIDTH[name]
    if kind == "date":
        return 12
    if kind == "datetime":
        return 17
    longest = max([len(name)] + [len(str(x)) for x in series.head(200)])
    return min(longest + 2, 40)


def _print_setup(sheet, name: str, rows: int, cols: int, chars: int, lang: str | None = None) -> None:
    """A4, fit to the page's width (as many pages down as it takes), landscape when wide, the header
    row on every page and frozen on screen, a filter on it, the sheet's name and page numbers."""
    sheet.set_paper(9)  # A4
    if chars > _PORTRAIT_CHARS:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.print_area(0, 0, max(rows, 1), max(cols - 1, 0))
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header(f"&L{name.replace('&', '&&')}&RKollegastøtte")
    sheet.set_footer("&Rpage &P of &N" if lang == "en" else "&Rside &P av &N")
    sheet.freeze_panes(1, 0)
    if cols:
        sheet.autofilter(0, 0, max(rows, 1), cols - 1)
