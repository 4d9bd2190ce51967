"""scheduler/check/excel.py on a workbook written for a reader (scheduler/io/table_words.py): the
Norwegian and the English rota.xlsx are checked as strictly as the canonical one — a changed cell,
a header or a coded word of another language is a finding. The whole folder altered: test_altered_rotas.py."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from scheduler.check.excel import compare_workbook
from scheduler.check.output_files import OutputFolder
from scheduler.report.workbook import workbook_bytes

TABLES = {
    "assignments": pd.DataFrame({"date": ["2027-01-04", "2027-01-04"], "slot": ["dag", "dag"], "ward": ["0674", "0674"],
                                 "supporter_id": ["0101", "0102"], "role": ["primary", "backup"], "reason": ["", ""]}),
    "coverage": pd.DataFrame({"date": ["2027-01-04", "2027-01-05"], "slot": ["dag", "natt"], "ward": ["0674", "0674"],
                              "headcount": [3, 2], "covered": [True, False], "reason": ["", "ingen på jobb"]}),
}


def _folder(book: bytes) -> OutputFolder:
    return OutputFolder(path=Path("."), csv_text={n: f.to_csv(index=False) for n, f in TABLES.items()}, workbook=book)


def _findings(book: bytes) -> list[str]:
    return [v.text_en for v in compare_workbook(None, None, _folder(book))]  # type: ignore[arg-type]


def _edit(book: bytes, sheet: str, cell: str, value: object) -> bytes:
    loaded = openpyxl.load_workbook(io.BytesIO(book))
    loaded[sheet][cell] = value
    out = io.BytesIO()
    loaded.save(out)
    return out.getvalue()


@pytest.mark.parametrize("lang", [None, "no", "en"])
def test_a_workbook_in_any_language_equals_its_csvs(lang) -> None:
    assert _findings(workbook_bytes(TABLES, lang)) == []


def test_the_norwegian_workbook_speaks_norwegian() -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(TABLES, "no")))
    assert book.sheetnames == ["Hvem dekker", "Dekning"]
    assert [c.value for c in book["Hvem dekker"][1]][:5] == ["Dato", "Vakt", "Post", "Ansattnr. kollegastøtte", "Rolle"]
    assert [r[4].value for r in book["Hvem dekker"].iter_rows(min_row=2)] == ["kollegastøtte", "reserve"]
    assert [r[4].value for r in book["Dekning"].iter_rows(min_row=2)] == ["ja", "nei"]
    english = openpyxl.load_workbook(io.BytesIO(workbook_bytes(TABLES, "en")))
    assert [r[4].value for r in english["Who covers"].iter_rows(min_row=2)] == ["supporter", "backup"]
    assert [r[4].value for r in english["Coverage"].iter_rows(min_row=2)] == ["yes", "no"]


@pytest.mark.parametrize(("sheet", "cell", "value", "needle"), [
    ("Hvem dekker", "D2", "0103", "cell D2 holds '0103', but assignments.csv row 2 has '0101'"),  # one id changed
    ("Hvem dekker", "E3", "kollegastøtte", "has 'backup' (in the sheet: 'reserve')"),  # a role swapped
    ("Dekning", "E2", "yes", "has 'True' (in the sheet: 'ja')"),  # a coded word in English in a Norwegian sheet
    ("Dekning", "A1", "date", "has 'date' (in the sheet: 'Dato')"),  # the canonical header in a Norwegian sheet
])
def test_one_cell_changed_in_a_norwegian_workbook_is_caught(sheet, cell, value, needle) -> None:
    findings = _findings(_edit(workbook_bytes(TABLES, "no"), sheet, cell, value))
    assert len(findings) == 1 and needle in findings[0], findings
