"""Supporters, wards, staff, pins, shift codes and rules: values, aliases and bad cells."""

from __future__ import annotations

import datetime as dt

import pytest
from iohelpers import src, xlsx

from scheduler.domain import ShiftKind, SlotKind
from scheduler.io import (
    DEFAULT_SHIFT_CODES,
    describe_default_codes,
    read_pins,
    read_rules,
    read_shift_codes,
    read_staff,
    read_supporters,
    read_wards,
)


def test_default_codes_table() -> None:
    assert set(DEFAULT_SHIFT_CODES) >= {"D", "A", "K", "N", "L", "LD", "LN", "M", "KS", "F", "F1", "F5", "FRI", "X",
                                        "FE", "S", "SYK", "EM", "AV", "P", "KURS"}
    assert DEFAULT_SHIFT_CODES["N"].crosses_midnight and DEFAULT_SHIFT_CODES["KS"].kind is ShiftKind.SUPPORT
    assert all(c.description for c in DEFAULT_SHIFT_CODES.values())
    table = describe_default_codes()
    assert table.startswith("| kode") and "| N | 22:15 | 07:45 | work | Nattvakt |" in table


def test_supporters_canonical_with_decimal_commas_and_ranges() -> None:
    text = ("employee_id;max_duties_per_week;max_duties_per_period;max_nights_per_period;protected_hours_per_week;"
            "training_valid_until;leads_wards;unavailable;recent_activity\n"
            '001;2;;1;7,5;30.06.2027;"3A;3B";"2027-01-04..2027-01-06;01.02.2027";4\n002;;;;;;;;\n')
    sups, rep = read_supporters(src("s.csv", text))
    assert rep.ok, rep.messages
    s = sups["001"]
    assert (s.max_duties_per_week, s.max_duties_per_period, s.max_nights_per_period) == (2, None, 1)
    assert s.protected_hours_per_week == 7.5 and s.training_valid_until == dt.date(2027, 6, 30)
    assert s.leads_wards == {"3A", "3B"} and len(s.unavailable) == 4 and s.recent_activity == 4
    assert sups["002"].max_duties_per_week is None and sups["002"].recent_activity == 0


def test_supporters_norwegian_aliases() -> None:
    sups, rep = read_supporters(src("s.csv", "Ansattnr;Navn;Maks vakter per uke\n0042;Kari Ås;3\n"))
    assert sups["0042"].name == "Kari Ås" and sups["0042"].max_duties_per_week == 3


@pytest.mark.parametrize(("column", "value"), [
    ("max_duties_per_week", "to"), ("max_duties_per_week", "-1"), ("max_duties_per_week", "1,5"),
    ("protected_hours_per_week", "mye"), ("training_valid_until", "snart"), ("unavailable", "2027-01-04..ukjent"),
    ("recent_activity", "x"), ("max_duties_per_week", "99999999"), ("max_nights_per_period", "401"),
])
def test_supporters_bad_cells_name_file_row_column(column: str, value: str) -> None:
    sups, rep = read_supporters(src("s.csv", f"employee_id;{column}\n1;ok\n" .replace("ok", "") + f"2;{value}\n"))
    assert "1" in sups and "2" not in sups
    (err,) = rep.errors
    assert (err.file, err.row, err.column) == ("s.csv", 3, column)
    assert value in err.text_en and err.raw == value and err.fix_en  # the cell, not the row (rows hold names)


def test_supporters_phone_is_read_as_written_and_a_bad_one_is_named() -> None:
    text = "Ansattnr;Telefon\n1;+47 22 11 80 00\n2;61234\n3;\n4;ring meg\n5;12\n"
    sups, rep = read_supporters(src("s.csv", text))
    assert sups["1"].phone == "+47 22 11 80 00" and sups["2"].phone == "61234" and sups["3"].phone == ""
    assert "4" not in sups and "5" not in sups
    assert [(e.row, e.column, e.raw) for e in rep.errors] == [(5, "Telefon", "ring meg"), (6, "Telefon", "12")]
    assert all("telefonnummer" in e.text_no and "phone number" in e.text_en and e.fix_no for e in rep.errors)


def test_supporters_on_call_opt_in_yes_no_and_a_bad_one_is_named() -> None:
    text = "Ansattnr;Beredskap\n1;ja\n2;Nei\n3;\n4;x\n5;kanskje\n"
    sups, rep = read_supporters(src("s.csv", text))
    assert [sups[s].on_call for s in ("1", "2", "3", "4")] == [True, False, False, True] and "5" not in sups
    (err,) = rep.errors
    assert (err.file, err.row, err.column, err.raw) == ("s.csv", 6, "Beredskap", "kanskje")
    assert "ja/nei" in err.text_no and "yes/no" in err.text_en and "beredskap" in err.fix_no


def test_supporters_missing_id_column_and_duplicates() -> None:
    _, rep = read_supporters(src("s.csv", "navn;x\nKari;1\n"))
    assert not rep.ok
    sups, rep = read_supporters(src("s.csv", "employee_id\n1\n1\n\n"))
    assert list(sups) == ["1"] and rep.ok and len(rep.messages) == 1


def test_wards_booleans_and_bad_values() -> None:
    text = ("ward,name,department,site,min_staff_day,min_staff_evening,min_staff_night,needs_coverage\n"
            "3A,Post 3A,Med,Ullevål,4,3,2,ja\n3B,,,,,,,nei\n3C,,,,,,,true\n3D,,,,x,,,\n3E,,,,,,,kanskje\n")
    wards, rep = read_wards(src("w.csv", text))
    assert wards["3A"].min_staff_day == 4 and wards["3A"].site == "Ullevål" and wards["3A"].needs_coverage
    assert not wards["3B"].needs_coverage and wards["3B"].department == "3B" and wards["3C"].needs_coverage
    assert set(wards) == {"3A", "3B", "3C"}
    assert [(m.row, m.column) for m in rep.errors] == [(5, "min_staff_day"), (6, "needs_coverage")]


@pytest.mark.parametrize(("word", "value"), [("1", True), ("0", False), ("yes", True), ("no", False), ("FALSE", False)])
def test_wards_bool_words(word: str, value: bool) -> None:
    wards, _ = read_wards(src("w.csv", f"ward;needs_coverage\nX;{word}\n"))
    assert wards["X"].needs_coverage is value


def test_staff_register_with_aliases() -> None:
    staff, rep = read_staff(src("p.csv", "Ans.nr;Navn;Post;Yrke\n007;\"Bond, James\";3A;lege\n;x;y;z\n"))
    assert staff["007"].name == "Bond, James" and staff["007"].ward == "3A" and staff["007"].profession == "lege"
    assert rep.errors[0].row == 3


def test_pins_actions_and_errors() -> None:
    text = ("supporter_id;date;slot;action;ward\n1;2027-01-04;dag;lock;3A\n2;04.01.2027;natt;Forby;\n"
            "3;2027-01-04;kveld;lås;\n4;x;dag;lock;\n5;2027-01-04;dag;maybe;\n")
    pins, rep = read_pins(src("pins.csv", text))
    assert [(p.supporter_id, p.action, p.ward) for p in pins] == [("1", "lock", "3A"), ("2", "forbid", None),
                                                                  ("3", "lock", None)]
    assert [(m.row, m.column) for m in rep.errors] == [(5, "date"), (6, "action")]


def test_shift_codes_file() -> None:
    text = "code;start;end;kind;description\nd;08:00;16:00;work;Dag\nQ;;;fri;\nZ;25:00;1;work;\nV;;;vakt;\nW;;;nope;\n"
    codes, rep = read_shift_codes(src("c.csv", text))
    assert codes["D"].start == dt.time(8) and codes["Q"].kind is ShiftKind.OFF
    assert set(codes) == {"D", "Q"}
    assert [(m.row, m.column) for m in rep.errors] == [(4, "start"), (5, "start"), (6, "kind")]


def test_shift_codes_from_xlsx_with_time_cells() -> None:
    data = xlsx([["Kode", "Fra", "Til", "Type"], ["N2", dt.time(21, 0), dt.time(7, 0), "work"]])
    codes, rep = read_shift_codes(src("c.xlsx", data))
    assert rep.ok and codes["N2"].crosses_midnight and codes["N2"].start == dt.time(21)


RULES = b"""
min_overlap = 0.6
separation = "department"
redundancy = 2
max_duties_per_week = 2
horizon_start = 2027-01-04
night_shift_date = "most_hours"
[[slots]]
name = "dag"
start = "08:00"
end = "15:00"
kind = "day"
[[slots]]
name = "natt"
start = "23:00"
end = "07:00"
kind = "natt"
duty_hours = 2
[solver]
time_limit = 30
workers = 2
[duty_hours]
dag = 1.5
"""


def test_rules_toml() -> None:
    rules, rep = read_rules(src("rules.toml", RULES))
    assert rep.ok and not rep.messages, rep.messages
    assert rules.min_overlap == 0.6 and rules.separation == "department" and rules.redundancy == 2
    assert rules.horizon_start == dt.date(2027, 1, 4) and rules.night_shift_date == "most_hours"
    assert [(s.name, s.kind, s.duty_hours) for s in rules.slots] == [("dag", SlotKind.DAY, 1.5), ("natt", SlotKind.NIGHT, 2)]
    assert rules.solver.time_limit == 30 and rules.solver.workers == 2


def test_rules_duty_hours_over_default_slots() -> None:
    rules, rep = read_rules(src("rules.toml", b"[duty_hours]\nnatt = 3\n"))
    assert rules.slot_def("natt").duty_hours == 3 and rules.slot_def("dag").duty_hours == 1.0


def test_rules_unknown_and_invalid_keys_become_messages() -> None:
    rules, rep = read_rules(src("rules.toml", b'typo_key = 1\nseparation = "floor"\nmin_overlap = 0.7\n[solver]\nworkers = 0\n'))
    assert rules.min_overlap == 0.7 and rules.separation == "ward" and rules.solver.workers == 1
    unknown = [m for m in rep.messages if m.severity == "warning"]
    assert unknown[0].column == "typo_key" and unknown[0].row == 1
    errors = {m.column: m for m in rep.errors}
    assert "'ward' or 'department'" in errors["separation"].text_en and errors["separation"].row == 2
    assert "solver.workers" in errors


def test_rules_supervision_is_off_unless_its_table_is_given() -> None:
    assert read_rules(src("rules.toml", b"min_overlap = 0.5\n"))[0].supervision is None
    rules, rep = read_rules(src("rules.toml", b'[supervision]\ndays = ["man", "ons"]\nearliest = "09:00"\n'))
    assert rep.ok and rules.supervision is not None
    assert (rules.supervision.every_weeks, rules.supervision.minutes, rules.supervision.weekdays,
            rules.supervision.earliest) == (4, 90, frozenset({0, 2}), dt.time(9))
    rules, rep = read_rules(src("rules.toml", b"[supervision]\nminutes = 600\n"))
    error = rep.errors[0]
    assert rules.supervision is None and error.column == "supervision.minutes" and error.row == 2
    assert "Allowed: 15–480" in error.text_en


@pytest.mark.parametrize("data", [b"min_overlap = = 1", b"\xff\xfe\x00garbage", b"horizon_start = 2027-02-01\nhorizon_end = 2027-01-01\n",
                                  b"[[slots]]\nname='x'\n", b"slots = 3\n"])
def test_rules_broken_files_fall_back_to_defaults(data: bytes) -> None:
    rules, rep = read_rules(src("rules.toml", data))
    assert not rep.ok and rules.slots
