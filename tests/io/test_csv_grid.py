"""CSV (scheduler/io/csv_grid.py): encodings, delimiters, quoting, title rows, line endings, broken rows (docs/inputs.md)."""

from __future__ import annotations

import pytest
from iohelpers import src, turnus

LONG = "Ansattnr;Navn;Post;Dato;Vakt\n001;Åse Ødegård;3A;2027-01-04;D\n002;Bjørn Æsland;3B;2027-01-04;N\n"


@pytest.mark.parametrize(("encoding", "bom", "expected"), [
    ("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("cp1252", b"", "cp1252"),
])
def test_encodings_keep_norwegian_letters(encoding: str, bom: bytes, expected: str) -> None:
    df, emps, (rep,) = turnus(src("t.csv", bom + LONG.encode(encoding)))
    assert rep.encoding == expected
    assert emps["001"].name == "Åse Ødegård"
    assert emps["002"].name == "Bjørn Æsland"
    assert rep.ok


def test_utf16_with_bom() -> None:
    df, emps, (rep,) = turnus(src("t.csv", LONG.encode("utf-16")))
    assert emps["001"].name == "Åse Ødegård" and len(df) == 2


@pytest.mark.parametrize("delim", [";", ",", "\t"])
def test_delimiters_with_quoting(delim: str) -> None:
    text = delim.join(["employee_id", "name", "ward", "date", "shift_code"]) + "\n"
    text += delim.join(["7", '"Hansen, Kari; sykepleier"', "3A", "2027-01-04", "D"]) + "\n"
    df, emps, (rep,) = turnus(src("t.csv", text))
    assert rep.delimiter == delim
    assert emps["7"].name == "Hansen, Kari; sykepleier"
    assert df.loc[0, "shift_code"] == "D"


def test_title_and_blank_rows_above_header_and_line_numbers() -> None:
    text = "Turnusrapport Post 3A;;;;\nSkrevet ut 01.01.2027;;;;\n;;;;\n" + LONG + ";;;;\n003;X;3A;2027-01-05;A\n"
    df, _, (rep,) = turnus(src("t.csv", text))
    assert rep.layout.startswith("long")
    assert df["row"].tolist() == [5, 6, 8]
    assert df["source"].unique().tolist() == ["t.csv"]


def test_crlf_line_endings() -> None:
    df, _, (rep,) = turnus(src("t.csv", LONG.replace("\n", "\r\n")))
    assert df["shift_code"].tolist() == ["D", "N"] and rep.ok


def test_row_with_too_many_fields_is_reported_with_the_extra_fields() -> None:
    text = "employee_id;ward;date;shift_code\n1;3A;2027-01-04;D\n2;3A;2027-01-04;D;extra;more\n3;3A;2027-01-04;A\n"
    df, _, (rep,) = turnus(src("t.csv", text))
    assert df["employee_id"].tolist() == ["1", "3"]
    (err,) = rep.errors
    assert err.row == 3 and err.raw == "extra;more"  # the fields that do not fit, not the whole row (names)
    assert rep.rows_skipped == 1


def test_trailing_empty_fields_are_fine() -> None:
    text = "employee_id;ward;date;shift_code;;\n1;3A;2027-01-04;D;;\n2;3A;2027-01-04;D;;;;\n"
    df, _, (rep,) = turnus(src("t.csv", text))
    assert len(df) == 2 and rep.ok
