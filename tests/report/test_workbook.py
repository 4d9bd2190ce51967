"""rota.xlsx as a spreadsheet reads it: real date cells, ids as text, yes/no as words, a print set-up.

Read back with openpyxl, cell by cell: the data type and number format LibreOffice and Excel show
(docs/outputs.md, «rota.xlsx»).
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from conftest import days, make_inputs, plan_and_verify

from scheduler.domain import Supporter
from scheduler.report.workbook import workbook_bytes
from scheduler.solve.plan import plan_tables


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    """Wards 0674 and 10 staffed by day and night for three days; supporter ids with leading zeros."""
    rows = [(e, ward, d, code) for d in days(3) for ward in ("0674", "10")
            for e, code in ((f"0{ward}1", "D"), (f"0{ward}2", "N"))]
    supporters = [Supporter(employee_id=e) for e in ("006741", "006742", "0101", "0102")]
    plan, _ = plan_and_verify(make_inputs(rows, supporters))
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(plan_tables(plan))))


def _column(sheet, name: str) -> list:
    header = [c.value for c in sheet[1]]
    return [row[header.index(name)] for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize(("sheet", "column", "number_format"), [
    ("assignments", "date", "dd.mm.yyyy"), ("coverage", "date", "dd.mm.yyyy"), ("duties", "date", "dd.mm.yyyy"),
    ("duties", "start", "dd.mm.yyyy hh:mm"), ("duties", "end", "dd.mm.yyyy hh:mm")])
def test_dates_and_times_are_date_cells_in_a_norwegian_format(book, sheet: str, column: str, number_format: str) -> None:
    cells = _column(book[sheet], column)
    assert cells and all(c.data_type == "d" and c.is_date and isinstance(c.value, dt.datetime) for c in cells)
    assert {c.number_format for c in cells} == {number_format}
    assert min(c.value for c in cells) >= dt.datetime(2027, 1, 4)


def test_a_night_ends_the_next_morning(book) -> None:
    nights = [(s.value, e.value) for s, e in zip(_column(book["duties"], "start"), _column(book["duties"], "end"),
                                                  strict=True) if s.value.hour == 23]
    assert nights and all(e - s == dt.timedelta(hours=8) for s, e in nights)


@pytest.mark.parametrize(("sheet", "column"), [("assignments", "ward"), ("assignments", "supporter_id"),
                                               ("coverage", "ward"), ("duties", "supporter_id"),
                                               ("duties", "home_ward"), ("burden", "supporter_id")])
def test_ids_are_text_and_keep_their_leading_zeros(book, sheet: str, column: str) -> None:
    values = [c for c in _column(book[sheet], column) if c.value is not None]
    assert values and all(c.data_type == "s" for c in values)
    assert any(str(c.value).startswith("0") for c in values)


def test_yes_no_is_words_not_a_boolean_cell(book) -> None:
    covered = _column(book["coverage"], "covered")
    assert {c.value for c in covered} <= {"ja", "nei"} and "ja" in {c.value for c in covered}
    assert all(c.data_type == "s" for c in covered)
    assert not [c for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "b"]


def test_numbers_are_numbers_with_their_decimals(book) -> None:
    hours = _column(book["duties"], "hours")
    assert all(c.data_type == "n" and c.number_format == "0.0" for c in hours)
    ratio = [c for c in _column(book["burden"], "load_ratio") if c.value is not None]
    assert ratio and all(c.data_type == "n" and c.number_format == "0.00" for c in ratio)
    assert all(c.data_type == "n" and isinstance(c.value, int) for c in _column(book["coverage"], "headcount"))


@pytest.mark.parametrize("name", ["assignments", "duties", "burden", "coverage"])
def test_every_sheet_prints_to_the_page_width_with_its_header_on_every_page(book, name: str) -> None:
    sheet = book[name]
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.page_setup.paperSize == 9  # A4
    last = openpyxl.utils.get_column_letter(sheet.max_column)
    assert sheet.print_area == f"'{name}'!$A$1:${last}${sheet.max_row}"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"


def test_wide_sheets_print_landscape_and_the_reason_wraps(book) -> None:
    assert book["coverage"].page_setup.orientation == "landscape"
    assert book["burden"].page_setup.orientation == "landscape"
    reasons = [c for c in _column(book["coverage"], "reason") if c.value]
    assert reasons and all(c.alignment.wrap_text for c in reasons)
    header = [c.value for c in book["coverage"][1]]
    letter = openpyxl.utils.get_column_letter(header.index("reason") + 1)
    assert book["coverage"].column_dimensions[letter].width <= 61


def test_a_narrow_table_prints_portrait() -> None:
    frame = pd.DataFrame({"date": ["2027-01-04"], "ward": ["A"]})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"t": frame})))["t"]
    assert sheet.page_setup.orientation in (None, "portrait")


def test_text_that_is_not_a_date_stays_text_and_blanks_stay_blank() -> None:
    frame = pd.DataFrame({"date": ["2027-01-04", "ukjent", ""], "covered": [True, False, None],
                          "supporter_id": ["0674", None, "91313"]})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"t": frame})))["t"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values == [[dt.datetime(2027, 1, 4), "ja", "0674"], ["ukjent", "nei", None], [None, None, "91313"]]


def test_a_published_rotas_tables_read_back_as_text_make_the_same_cells(book) -> None:
    """The app's download of a published rota: its tables come back from the store as text."""
    frames = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        frames[sheet.title] = pd.DataFrame(rows[1:], columns=rows[0])
    as_text = {}
    for name, frame in frames.items():
        text = frame.copy()
        for column in text.columns:
            text[column] = [
                "" if v is None or (isinstance(v, float) and pd.isna(v)) else v.strftime("%Y-%m-%dT%H:%M" if column in ("start", "end") else "%Y-%m-%d")
                if isinstance(v, dt.datetime) else {"ja": "True", "nei": "False"}.get(v, str(v)) for v in text[column]]
        as_text[name] = text
    again = openpyxl.load_workbook(io.BytesIO(workbook_bytes(as_text)))
    for sheet in book.worksheets:
        for a, b in zip(sheet.iter_rows(), again[sheet.title].iter_rows(), strict=True):
            assert [(c.value, c.data_type, c.number_format) for c in a] == \
                [(c.value, c.data_type, c.number_format) for c in b], sheet.title
