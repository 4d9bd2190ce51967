"""A turnus file's rows checked (scheduler/io/turnus_checks.py): bad dates and ids named, conflicts within and
across files, a wide row's problems once per row."""

from __future__ import annotations

from iohelpers import src, turnus


def test_bad_date_is_an_error_quoting_the_cell() -> None:
    df, _, (rep,) = turnus(src("t.csv", "employee_id;ward;date;shift_code\n1;3A;32.01.2027;D\n2;3A;2027-01-04;D\n"))
    assert df["employee_id"].tolist() == ["2"]
    (err,) = rep.errors
    assert (err.file, err.row, err.column, err.raw) == ("t.csv", 2, "date", "32.01.2027")


def test_missing_employee_id_is_an_error() -> None:
    df, _, (rep,) = turnus(src("t.csv", "employee_id;ward;date;shift_code\n;3A;2027-01-04;D\n"))
    assert len(df) == 0 and rep.errors[0].row == 2 and rep.errors[0].column == "employee_id"


def test_conflicts_across_files_keep_first_and_name_both() -> None:
    a = src("a.csv", "employee_id;ward;date;shift_code\n1;3A;2027-01-04;D\n1;3A;2027-01-05;A\n")
    b = src("b.csv", "employee_id;ward;date;shift_code\n1;3A;2027-01-04;N\n1;3A;2027-01-05;A\n")
    df, _, (ra, rb) = turnus(a, b)
    assert df.sort_values("date")["shift_code"].tolist() == ["D", "A"]
    assert df["source"].tolist() == ["a.csv", "a.csv"]
    (warn,) = [m for m in rb.messages if m.severity == "warning"]
    assert "a.csv" in warn.text_en and "b.csv" in warn.text_en and "«D»" in warn.text_en and "«N»" in warn.text_en
    assert warn.row == 2 and warn.file == "b.csv"
    assert rb.rows_skipped == 2  # one identical duplicate, one conflict
    assert not ra.messages


def test_conflict_within_one_file() -> None:
    df, _, (rep,) = turnus(src("a.csv", "employee_id;ward;date;shift_code\n1;3A;2027-01-04;D\n1;3A;04.01.2027;FE\n"))
    assert df["shift_code"].tolist() == ["D"]
    assert any("row 2" in m.text_en and "row 3" in m.text_en for m in rep.messages)


def test_wide_row_problems_are_reported_once_per_row() -> None:
    text = "Ansattnr;Post;04.01.2027;05.01.2027;06.01.2027\n1;;D;A;N\n;3A;D;D;D\n2;3A;D;;\n"
    df, _, (rep,) = turnus(src("w.csv", text))
    assert df["employee_id"].tolist() == ["2"]
    assert [(m.row, m.column) for m in rep.errors] == [(3, "Ansattnr"), (2, "Post")]
    assert rep.rows_skipped == 2
