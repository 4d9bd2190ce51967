"""The turnus reader (scheduler/io/turnus.py): long layouts, aliases, cells, codes, wards, night shift dating;
wide files: tests/io/test_turnus_layout.py; rows' checks: tests/io/test_turnus_checks.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from iohelpers import src, turnus

from scheduler.domain import TURNUS_COLUMNS, Employee


def test_canonical_long_form_columns_and_types() -> None:
    text = ("employee_id,date,shift_code,ward,name,profession\n"
            "001,2027-01-04,D,3A,Kari,sykepleier\n001,2027-01-05,N,3A,Kari,sykepleier\n"
            "001,2027-01-06,F,3A,Kari,sykepleier\n")
    df, emps, (rep,) = turnus(src("t.csv", text))
    assert tuple(df.columns) == TURNUS_COLUMNS
    assert df["date"].dtype == "datetime64[us]"
    assert str(df["start_min"].dtype) == "Int64"
    assert df["start_min"].tolist()[:2] == [450, 1335]
    assert df["end_min"].tolist()[:2] == [930, 1440 + 465]
    assert df["start_min"].isna().tolist() == [False, False, True]
    assert df["kind"].tolist() == ["work", "work", "off"]
    assert emps == {"001": Employee(employee_id="001", name="Kari", ward="3A", profession="sykepleier")}
    assert (rep.rows_read, rep.employees, rep.date_from, rep.date_to) == (3, 1, dt.date(2027, 1, 4), dt.date(2027, 1, 6))
    assert rep.codes_seen == {"D": 1, "N": 1, "F": 1}


@pytest.mark.parametrize("header", [
    "Ansattnr;Navn;Post;Dato;Vakt", "Ans.nr;NAVN;Avdeling;Vaktdato;Vaktkode", "Pers.nr;Name;Enhet;Shiftdate;Kode",
    "AnsattNr;navn;Seksjon;DATO;Vakttype", "Ansattnummer;Navn;Gruppe;Dato;TemplateCode", "Id;Navn;LocationName;Date;Vakt",
    "ansatt-nr;Navn;Avd;dato;vakt kode",
])
def test_header_aliases(header: str) -> None:
    df, _, (rep,) = turnus(src("t.csv", header + "\n42;Kari;3A;04.01.2027;d\n"))
    assert rep.ok, rep.messages
    assert df[["employee_id", "ward", "shift_code"]].iloc[0].tolist() == ["42", "3A", "D"]


def test_profession_alias_and_name_as_id_when_no_id_column() -> None:
    df, emps, (rep,) = turnus(src("t.csv", "Navn;Stilling;Post;Dato;Vakt\nKari;lege;3A;04.01.2027;D\n"))
    assert list(emps) == ["Kari"] and emps["Kari"].profession == "lege"


@pytest.mark.parametrize("date", ["2027-01-04", "04.01.2027", "4.1.2027", "04.01.27", "46391"])
def test_long_date_forms(date: str) -> None:
    df, _, _ = turnus(src("t.csv", f"employee_id;ward;date;shift_code\n1;3A;{date};D\n"))
    assert df["date"].dt.date.tolist() == [dt.date(2027, 1, 4)]


def test_cells_times_parentheses_case_and_unknown_codes() -> None:
    text = ("employee_id;ward;date;shift_code\n1;3A;2027-01-04;07:00-15:00\n1;3A;2027-01-05;22:15–07:45\n"
            "1;3A;2027-01-06;(K1) FE\n1;3A;2027-01-07; n \n1;3A;2027-01-08;ZZ\n2;3A;2027-01-08;zz\n")
    df, _, (rep,) = turnus(src("t.csv", text))
    rows = df.set_index(df["date"].dt.day)
    assert rows.loc[4, ["shift_code", "kind", "start_min", "end_min"]].tolist() == ["07:00-15:00", "work", 420, 900]
    assert rows.loc[5, ["shift_code", "kind", "start_min", "end_min"]].tolist() == ["22:15–07:45", "work", 1335, 1905]
    assert rows.loc[6, ["shift_code", "kind"]].tolist() == ["FE", "absence"]
    assert rows.loc[7, ["shift_code", "kind"]].tolist() == ["N", "work"]
    assert df.loc[df["shift_code"] == "ZZ", "kind"].tolist() == ["unknown", "unknown"]
    assert df.loc[df["shift_code"] == "ZZ", "start_min"].isna().all()
    assert rep.unknown_codes == {"ZZ": 2}
    (warn,) = [m for m in rep.messages if "ZZ" in m.text_en]
    assert warn.raw == "ZZ" and "2 rows" in warn.text_en


def test_from_to_columns_give_times() -> None:
    text = "Ansattnr;Post;Dato;Vakt;Fra;Til\n1;3A;04.01.2027;;07:00;15:00\n1;3A;05.01.2027;XX;22:00;07:00\n1;3A;06.01.2027;FE;;\n"
    df, _, (rep,) = turnus(src("t.csv", text))
    assert df["kind"].tolist() == ["work", "work", "absence"]
    assert df["start_min"].tolist()[:2] == [420, 1320] and df["end_min"].tolist()[:2] == [900, 1860]
    assert df["shift_code"].tolist()[0] == "07:00-15:00"


def test_blank_codes_in_long_form_are_no_shift() -> None:
    df, _, (rep,) = turnus(src("t.csv", "employee_id;ward;date;shift_code\n1;3A;2027-01-04;\n1;3A;2027-01-05;D\n"))
    assert len(df) == 1 and rep.ok


def test_ward_from_column_then_source_then_staff_register() -> None:
    text = "employee_id;ward;date;shift_code\n1;3A;2027-01-04;D\n2;;2027-01-04;D\n"
    df, _, (rep,) = turnus(src("t.csv", text, ward="9Z"))
    assert df["ward"].tolist() == ["3A", "9Z"]
    staff = {"2": Employee(employee_id="2", ward="5B", name="Reg", profession="lege")}
    df, emps, (rep,) = turnus(src("t.csv", text), staff=staff)
    assert df["ward"].tolist() == ["3A", "5B"]
    assert emps["2"] == Employee(employee_id="2", ward="5B", name="Reg", profession="lege")
    df, _, (rep,) = turnus(src("t.csv", text))
    assert df["ward"].tolist() == ["3A"]
    (err,) = rep.errors
    assert err.row == 3 and err.raw == "" and err.column == "ward"  # an empty cell; the row number says where


def test_home_ward_is_most_frequent_then_alphabetical() -> None:
    text = ("employee_id;ward;date;shift_code\n1;B;2027-01-04;D\n1;A;2027-01-05;D\n1;B;2027-01-06;D\n"
            "2;Y;2027-01-04;D\n2;X;2027-01-05;D\n")
    _, emps, _ = turnus(src("t.csv", text))
    assert emps["1"].ward == "B" and emps["2"].ward == "X"


def test_staff_register_ward_wins_for_home_ward() -> None:
    staff = {"1": Employee(employee_id="1", ward="HOME")}
    _, emps, _ = turnus(src("t.csv", "employee_id;ward;date;shift_code\n1;B;2027-01-04;D\n"), staff=staff)
    assert emps["1"].ward == "HOME"


def test_night_shift_date_most_hours() -> None:
    text = "employee_id;ward;date;shift_code;start;end\n1;3A;2027-01-05;N;;\n1;3A;2027-01-07;ZZ;23:00;07:00\n1;3A;2027-01-08;;20:00;02:00\n1;3A;2027-01-09;D;;\n"
    df, _, _ = turnus(src("t.csv", text), night_shift_date="most_hours")
    assert df.sort_values("row")["date"].dt.day.tolist() == [4, 6, 8, 9]
    df, _, _ = turnus(src("t.csv", text))
    assert df.sort_values("row")["date"].dt.day.tolist() == [5, 7, 8, 9]


def test_custom_codes_override_defaults() -> None:
    from scheduler.domain import ShiftCode, ShiftKind
    from scheduler.io import DEFAULT_SHIFT_CODES, read_turnus

    codes = {**DEFAULT_SHIFT_CODES, "D": ShiftCode(code="D", kind=ShiftKind.WORK, start=dt.time(8), end=dt.time(16)),
             "q1": ShiftCode(code="Q1", kind=ShiftKind.OFF)}
    df, _, _ = read_turnus([src("t.csv", "employee_id;ward;date;shift_code\n1;3A;2027-01-04;d\n1;3A;2027-01-05;Q1\n")], codes)
    assert df["start_min"].tolist()[0] == 480 and df["kind"].tolist() == ["work", "off"]


def test_empty_input_list_and_empty_table() -> None:
    df, emps, reps = turnus()
    assert tuple(df.columns) == TURNUS_COLUMNS and len(df) == 0 and emps == {} and reps == []
    df, emps, (rep,) = turnus(src("t.csv", "employee_id;ward;date;shift_code\n"))
    assert len(df) == 0 and rep.ok and isinstance(df, pd.DataFrame)


def test_a_file_with_only_its_header_is_a_warning_naming_the_file_and_its_ward() -> None:
    """An export of an empty selection: none of its rows were read, said for the file — and, when the
    ward is known (FILE=WARD, or the file name), that the ward's whole turnus is missing."""
    from scheduler.io import load_inputs

    _, _, (rep,) = turnus(src("turnus_3B.csv", "Ansattnr;Dato;Vakt\n", ward="3B"))
    (m,) = [m for m in rep.messages if m.severity == "warning"]
    assert m.file == "turnus_3B.csv" and "none of its rows were read" in m.text_en and "«3B»" in m.text_en
    assert "ingen av radene er lest" in m.text_no and "«3B»" in m.text_no and m.fix_no and m.fix_en
    _, _, (rep,) = turnus(src("eksport.csv", "employee_id;ward;date;shift_code\n"))
    (m,) = rep.messages
    assert m.severity == "warning" and m.file == "eksport.csv" and "ward" not in m.text_en
    inputs = load_inputs([src("turnus_3B.csv", "Ansattnr;Dato;Vakt\n")], src("s.csv", "employee_id\n1\n"))
    shown = [m.render("en") for m in inputs.messages if m.file == "turnus_3B.csv" and m.severity == "warning"]
    assert shown and "The whole turnus of ward «3B» is missing" in shown[0]
