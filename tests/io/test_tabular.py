"""Encodings, delimiters, quoting, title rows, file types and broken rows (docs/inputs.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from iohelpers import src, turnus, xlsx

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


@pytest.mark.parametrize(("data", "word"), [
    (b"", "tom"), (b"   \n", "tom"), (b"%PDF-1.4\n%\xe2\xe3", "PDF"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
    (b"PK\x03\x04garbage", "zip"), (b"\x00\x01\x02\x00" * 100, "binær"),
])
def test_wrong_file_types_give_a_clear_message(data: bytes, word: str) -> None:
    df, emps, (rep,) = turnus(src("x.csv", data))
    assert len(df) == 0 and emps == {}
    assert not rep.ok and word in rep.errors[0].text_no


def test_broken_xlsx_is_a_message() -> None:
    data = xlsx([["Ansattnr", "Dato", "Vakt", "Post"]])[:200]
    _, _, (rep,) = turnus(src("x.xlsx", b"PK\x03\x04" + data[4:] + b"xl/"))
    assert not rep.ok


def test_no_header_found() -> None:
    _, _, (rep,) = turnus(src("x.csv", "a;b;c\n1;2;3\n"))
    assert not rep.ok
    assert rep.errors[0].row == 1 and rep.errors[0].raw == ""  # the first line may be a data row with names
    assert "header" in rep.errors[0].text_en


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


def test_xlsx_long_with_dates_serials_and_named_sheet() -> None:
    rows = [["Turnus for 3A"], [], ["Ans.nr", "Navn", "Avdeling", "Vaktdato", "Vaktkode"],
            ["0012", "Kari", "3A", dt.date(2027, 1, 4), "D"],
            ["0012", "Kari", "3A", 46392, "N"],  # an Excel serial number typed as a number
            ["0013", "Per", "3A", "06.01.2027", "a"]]
    data = xlsx(rows, sheet="Turnus", extra_sheet_first=True)
    df, emps, (rep,) = turnus(src("t.xlsx", data, sheet="Turnus"))
    assert rep.ok, rep.messages
    assert "xlsx" in rep.layout and rep.layout.startswith("long")
    assert df["date"].dt.date.tolist() == [dt.date(2027, 1, 4), dt.date(2027, 1, 5), dt.date(2027, 1, 6)]
    assert df["row"].tolist() == [4, 5, 6]
    assert df["shift_code"].tolist() == ["D", "N", "A"]
    assert "0012" in emps  # leading zeros kept


def test_xlsx_first_sheet_by_default_and_missing_sheet() -> None:
    data = xlsx([["employee_id", "ward", "date", "shift_code"], ["1", "3A", "2027-01-04", "D"]])
    df, _, _ = turnus(src("t.xlsx", data))
    assert len(df) == 1
    _, _, (rep,) = turnus(src("t.xlsx", data, sheet="Nope"))
    assert not rep.ok and "Ark1" in rep.errors[0].fix_no


def test_xlsx_inline_and_rich_inline_strings() -> None:
    import io
    import zipfile

    book = xlsx([["employee_id", "ward", "date", "shift_code"], ["1", "3A", "2027-01-04", "D"]])
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>employee_id</t></is></c><c r="B1" t="inlineStr"><is><t>ward</t></is></c>'
             '<c r="C1" t="inlineStr"><is><t>date</t></is></c><c r="D1" t="inlineStr"><is><t>shift_code</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><r><t>00</t></r><r><t>7</t></r></is></c>'
             '<c r="B2" t="inlineStr"><is><t>3A</t></is></c><c r="C2" s="0"><v>46391</v></c>'
             '<c r="D2" t="inlineStr"><is><t>N</t></is></c></row></sheetData></worksheet>')
    src_zip = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src_zip.infolist():
            z.writestr(info.filename, sheet if info.filename == "xl/worksheets/sheet1.xml" else src_zip.read(info.filename))
    df, _, (rep,) = turnus(src("t.xlsx", out.getvalue()))
    assert rep.ok, rep.messages
    assert df[["employee_id", "ward", "shift_code"]].values.tolist() == [["007", "3A", "N"]]
    assert df["date"].dt.date.tolist() == [dt.date(2027, 1, 4)]
