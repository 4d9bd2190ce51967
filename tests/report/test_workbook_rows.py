"""rota.xlsx's data rows written in bulk are the file xlsxwriter's own cell calls write, byte for byte.

The reference writes every cell as the workbook did before (one xlsxwriter call per cell); both
workbooks are compared member by member (only docProps/core.xml, which holds the time of writing,
may differ) on tables with every kind of awkward cell.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from scheduler.report import workbook
from scheduler.report.workbook import workbook_bytes


def _per_cell(sheet, columns) -> None:
    """The old way: every cell through xlsxwriter, row by row, None and "" left empty."""
    for r in range(max((len(values) for _, _, values in columns), default=0)):
        for c, (text_format, number_format, values) in enumerate(columns):
            value = values[r]
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet._write_string(r + 1, c, value, text_format)
            else:
                sheet._write_number(r + 1, c, value, number_format)


def _members(data: bytes) -> dict[str, bytes]:
    book = zipfile.ZipFile(io.BytesIO(data))
    return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}


TABLES = {
    "assignments": pd.DataFrame({
        "date": ["2027-01-04", "x<y", "", None, "2027-01-05", "2027-01-06"],
        "slot": ["dag", " lead", "trail ", "a&b<c>", "_x0041_ \x01ctl", "Hansen,\nKari"],
        "ward": ["0674", "=SUM(A1)", "<r>rich</r>", "", "http://x", "S/INT3"],
        "supporter_id": ["001", None, "nan", "\ufffe", "x" * 40000, "ø" * 20000],
        "role": ["primary"] * 6, "reason": ["", "long reason " * 10, "\n", '"q"', "æøå", "\u00a0nbsp"]}),
    "burden": pd.DataFrame({
        "supporter_id": ["1", "2", "3", "4", "5"], "hours": [1.0, 2.5, np.nan, 0.0, 1e20],
        "load_ratio": [1.2345678901234567, None, 0.1, 3, 2], "duties": [1, 2, 3, 4, 5],
        "covered": [True, False, True, None, False], "carried_ratio": [None, None, 1.5, None, None],
        "other": [1.5, 2, 3, 4, 5], "count": pd.array([1, None, 3, 4, 5], dtype="Int64"),
        "start": ["2027-01-04T23:00", "", "bad", "2027-01-05T07:00", None]}),
    "coverage": pd.DataFrame({"date": pd.Series([], dtype=str), "slot": pd.Series([], dtype=str)}),
    "duties": pd.DataFrame({"a": ["", "", ""], "b": [None, None, None], "c": ["", "x", ""]}),
}


@pytest.mark.parametrize("tables", [TABLES, {"plain": pd.DataFrame({"ward": ["A", "B"] * 50, "hours": [1.5] * 100})},
                                    {"empty": pd.DataFrame({"a": ["", None]})},
                                    {"later": pd.DataFrame({"date": ["x", "y", "2027-01-04"], "hours": [1.0, 2.0, None],
                                                            "reason": [None, "a", "b"]})},
                                    {"unused": pd.DataFrame({"date": ["x", "y"], "hours": [1.0, 2.0]})}])
def test_bulk_rows_are_the_cells_xlsxwriter_writes(tables, monkeypatch) -> None:
    fast = workbook_bytes(tables)
    monkeypatch.setattr(workbook, "write_rows", _per_cell)
    slow = workbook_bytes(tables)
    assert _members(fast) == _members(slow)
