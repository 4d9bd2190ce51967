"""An .xlsx sheet (scheduler/io/xlsx.py): dates and serials, the sheet chosen, inline strings, a broken workbook."""

from __future__ import annotations

import datetime as dt

from iohelpers import src, turnus, xlsx


def test_broken_xlsx_is_a_message() -> None:
    data = xlsx([["Ansattnr", "Dato", "Vakt", "Post"]])[:200]
    _, _, (rep,) = turnus(src("x.xlsx", b"PK\x03\x04" + data[4:] + b"xl/"))
    assert not rep.ok


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
