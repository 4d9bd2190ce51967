"""The cells of the count files (attendance, conversations): a whole number from 0 to a bound, and
each problem one error naming the file, row and column, quoting only what the reader allows."""

from __future__ import annotations

import pytest

from scheduler.io.records import cell_errors, count_problem, read_records, whole_count
from scheduler.io.types import Source


@pytest.mark.parametrize(("text", "count"), [("12", 12), ("12,0", 12), (" 0 ", 0), ("500", 500), ("501", None),
                                             ("-1", None), ("2,5", None), ("", None), ("mange", None)])
def test_a_count_is_a_whole_number_within_its_bound(text, count):
    assert whole_count(text, 500) == count


def test_each_problem_names_row_and_column_and_quotes_what_it_may():
    src = Source(name="møter.csv", data="dato,fremmøtt\n19.13.2027,mange\n".encode())
    records, report = read_records(src, "outreach-status", {"date": ("dato",), "attended": ("fremmøtt",)},
                                   ["date", "attended"])
    problems = [("date", "er ikke en dato.", "is not a date.", "Skriv 2027-01-19.", "Write 2027-01-19."),
                count_problem("attended", 500, "Skriv antallet.", "Write the number.")]
    cell_errors(report, records[0], problems, lambda record, field: "" if field == "attended" else record.raw(field))
    found = [(m.row, m.column, m.raw, m.text_en) for m in report.errors]
    assert found == [(2, "dato", "19.13.2027", "The cell is not a date."),
                     (2, "fremmøtt", "", "The cell is not a whole number from 0 to 500.")]
