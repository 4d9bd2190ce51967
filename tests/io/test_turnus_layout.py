"""Wide turnus files (scheduler/io/turnus_layout.py): dates from the header, weekdays and years, .xlsx date headers."""

from __future__ import annotations

import datetime as dt

from iohelpers import src, turnus, xlsx


def test_wide_csv_with_weekday_headers_and_year_crossing() -> None:
    text = ("Turnus Post 3A;;;;;\n;;;;;\nAnsattnr;Navn;ma 28.12;ti 29.12;fr 1.1;lø 2.1\n"
            '7;"Hansen, Kari";D;;N;F\n8;Per;(K1) FE;22:15-07:45;;\n')
    df, emps, (rep,) = turnus(src("w.csv", text, ward="3A"))
    assert rep.layout.startswith("wide") and rep.ok, rep.messages
    assert sorted(zip(df["employee_id"], df["date"].dt.date, df["shift_code"], strict=True)) == [
        ("7", dt.date(2026, 12, 28), "D"), ("7", dt.date(2027, 1, 1), "N"), ("7", dt.date(2027, 1, 2), "F"),
        ("8", dt.date(2026, 12, 28), "FE"), ("8", dt.date(2026, 12, 29), "22:15-07:45")]
    assert set(df["row"]) == {4, 5}
    assert emps["7"].name == "Hansen, Kari" and emps["7"].ward == "3A"


def test_wide_year_hint_and_written_years() -> None:
    text = "Ansattnr;Post;Man 04.01;Tir 05.01\n1;3A;D;A\n"
    df, _, _ = turnus(src("w.csv", text), year_hint=2027)
    assert df["date"].dt.date.tolist() == [dt.date(2027, 1, 4), dt.date(2027, 1, 5)]
    df, _, _ = turnus(src("w.csv", "Ansattnr;Post;ma 04.01.27;ti 05.01.27\n1;3A;D;A\n"))
    assert df["date"].dt.date.tolist() == [dt.date(2027, 1, 4), dt.date(2027, 1, 5)]


def test_wide_xlsx_with_datetime_headers() -> None:
    rows = [["Vaktplan"], ["Ansattnr", "Navn", "Post", dt.date(2027, 1, 4), dt.date(2027, 1, 5), 46393],
            ["01", "Kari", "3A", "D", None, "n"], ["02", "Ola", "3B", None, "KS", "EM"]]
    df, emps, (rep,) = turnus(src("w.xlsx", xlsx(rows)))
    assert rep.layout.startswith("wide") and rep.ok
    got = sorted(zip(df["employee_id"], df["date"].dt.day, df["kind"], strict=True))
    assert got == [("01", 4, "work"), ("01", 6, "work"), ("02", 5, "support"), ("02", 6, "absence")]
    assert df.loc[df["employee_id"] == "01", "row"].unique().tolist() == [3]


def test_wide_without_any_date_column_is_an_error() -> None:
    _, _, (rep,) = turnus(src("w.csv", "Ansattnr;Navn;Post\n1;Kari;3A\n"))
    assert not rep.ok and "date" in rep.errors[0].text_en
