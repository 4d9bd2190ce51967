"""incidents.csv: read like every input (headers, dates, messages with file, row, column and fix),
checked against the turnus, and never a description of what happened."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.domain import Employee, Supporter, Ward
from scheduler.errors import Severity
from scheduler.io.incidents import check_incidents, parse_involved, parse_occurred, read_incidents
from scheduler.io.types import Source

EMPLOYEES = {"12345": Employee(employee_id="12345", ward="N-MED1", profession="sykepleier", name="Eide, Kari"),
             "23456": Employee(employee_id="23456", ward="N-MED1", profession="lege", name="Brekke, Synnøve"),
             "34567": Employee(employee_id="34567", ward="S-NEV2", profession="sykepleier", name="Li, Ola")}
WARDS = {w: Ward(ward_id=w) for w in ("N-MED1", "S-NEV2")}
SUPPORTERS = {"34567": Supporter(employee_id="34567")}
PERIOD = (dt.date(2027, 1, 4), dt.date(2027, 2, 28))


def read(text: str, name: str = "incidents.csv", encoding: str = "utf-8"):
    return read_incidents(Source(name, text.encode(encoding)))


def checked(text: str):
    incidents, report = read(text)
    return check_incidents(incidents, report, employees=EMPLOYEES, wards=WARDS, supporters=SUPPORTERS,
                           period=PERIOD), report


def only(report, severity: Severity = Severity.ERROR):
    return [m for m in report.messages if m.severity is severity]


@pytest.mark.parametrize("text, expected", [
    ("2027-03-04 14:20", dt.datetime(2027, 3, 4, 14, 20)),
    ("2027-03-04T14:20:00", dt.datetime(2027, 3, 4, 14, 20)),
    ("04.03.2027 kl. 14:20", dt.datetime(2027, 3, 4, 14, 20)),
    ("4.3.2027 14.20", dt.datetime(2027, 3, 4, 14, 20)),
    ("04.03.27 kl 9:05", dt.datetime(2027, 3, 4, 9, 5)),
])
def test_times_as_people_write_them(text, expected):
    assert parse_occurred(text) == (expected, "")


def test_a_date_without_a_time_is_not_a_moment():
    assert parse_occurred("2027-03-04") == (None, "no_time")
    assert parse_occurred("2027-03-04", "14:20") == (dt.datetime(2027, 3, 4, 14, 20), "")
    assert parse_occurred("i går") == (None, "bad")
    assert parse_occurred("2027-03-04 25:00") == (None, "bad")


def test_involved_as_ids_or_counts_per_profession():
    assert parse_involved("12345; 23456") == (["12345", "23456"], {}, [])
    assert parse_involved("Sykepleier:3;lege=1") == ([], {"sykepleier": 3, "lege": 1}, [])
    assert parse_involved("12345;lege:1") == (["12345"], {"lege": 1}, [])
    assert parse_involved("Kari Hansen") == ([], {}, ["Kari Hansen"])


def test_norwegian_headers_semicolons_and_windows_1252():
    text = "Hendelsesid;Post;Tidspunkt;Involverte;Team;Avlastningssamtale\nH-1;N-MED1;04.03.2027 kl. 14:20;sykepleier:3;2;ja\n"
    incidents, report = read(text, encoding="cp1252")
    assert report.ok and report.rows_read == 1
    (i,) = incidents
    assert (i.incident_id, i.wards, i.occurred, dict(i.involved_counts), i.team_size, i.defusing) == (
        "H-1", ("N-MED1",), dt.datetime(2027, 3, 4, 14, 20), {"sykepleier": 3}, 2, True)


def test_a_missing_id_is_generated_from_the_time_with_the_running_number_of_its_minute():
    incidents, report = read("ward,occurred,involved\nN-MED1,2027-01-12 14:20,12345\nS-NEV2,2027-01-12 14:20,lege:1\n"
                             "N-MED1,2027-01-12 14:21,lege:1\n")
    assert [i.incident_id for i in incidents] == ["H-20270112-1420-1", "H-20270112-1420-2", "H-20270112-1421-1"]
    # a number given in that form is taken: the next free one is generated
    incidents, report = read("incident_id,ward,occurred,involved\n,N-MED1,2027-01-12 14:20,lege:1\n"
                             "H-20270112-1420-1,N-MED1,2027-01-12 14:20,lege:1\n")
    assert report.ok and [i.incident_id for i in incidents] == ["H-20270112-1420-2", "H-20270112-1420-1"]


def read_with_turnus(text: str):
    return read_incidents(Source("incidents.csv", text.encode()), employees=EMPLOYEES, supporters=SUPPORTERS)


@pytest.mark.parametrize("given", ["SYN-987654", "90817263", "AVV-2027-0142", "H-2027-001", "H-20270112-1420-3",
                                   "syn123"])
def test_a_reference_number_or_the_programs_own_form_is_accepted(given):
    incidents, report = read_with_turnus(f"incident_id,ward,occurred,involved\n{given},N-MED1,2027-01-12 14:20,lege:1\n")
    assert report.ok and [i.incident_id for i in incidents] == [given]


@pytest.mark.parametrize("given, words", [
    ("Eide-selvmordsforsok", "neither a reference number"),  # the security officer's free text
    ("selvmordsforsøk", "neither a reference number"),
    ("AVVIK-12", "neither a reference number"),  # more than 4 letters
    ("12 34", "neither a reference number"),
    ("H-20270112-1420-x", "neither a reference number"),
    ("EIDE-2027", "part of a name"),  # a name in the turnus, in any case
    ("ola-7", "part of a name"),
    ("SYN-234567", "contains an employee id"),  # 23456, someone in the turnus
    ("X-34567", "contains an employee id"),
    ("H-99-77777", "contains an employee id"),  # someone involved, not in the turnus
])
def test_an_id_that_could_say_what_happened_or_who_is_refused_naming_file_row_column_and_fix(given, words):
    text = f"incident_id,ward,occurred,involved\nA-1,N-MED1,2027-01-12 14:20,lege:1\n{given},N-MED1,2027-01-12 15:00,77777\n"
    incidents, report = read_with_turnus(text)
    assert [i.incident_id for i in incidents] == ["A-1"]
    (m,) = only(report)
    assert (m.file, m.row, m.column) == ("incidents.csv", 3, "incident_id")
    assert words in m.text_en and m.text_no != m.text_en
    assert "Leave the cell empty to get a generated id" in m.fix_en and "La feltet stå tomt" in m.fix_no
    assert m.raw == "" and given not in m.render("no") and given not in m.render("en")  # never quoted


def test_the_programs_own_id_is_not_refused_for_the_digits_of_its_time():
    """In the id the program would make itself only the running number is free: its date and time
    are the incident's, whoever's employee id they happen to contain."""
    employees = {"20270": Employee(employee_id="20270", ward="N-MED1")}
    incidents, report = read_incidents(Source("i.csv", b"incident_id,ward,occurred,involved\n"
                                                       b"H-20270112-1420-1,N-MED1,2027-01-12 14:20,lege:1\n"
                                                       b"H-20270112-1421-1,N-MED1,2027-01-12 14:22,lege:1\n"),
                                       employees=employees)
    assert [i.incident_id for i in incidents] == ["H-20270112-1420-1"]  # the other is not this incident's time
    assert [m.row for m in only(report)] == [3]


def test_several_wards():
    incidents, _ = read("ward,occurred,involved\nN-MED1;S-NEV2,2027-01-12 14:20,12345\n")
    assert incidents[0].wards == ("N-MED1", "S-NEV2")


@pytest.mark.parametrize("row, column, words", [
    ("N-MED1,i går,12345,,", "occurred", "is not a time"),
    ("N-MED1,2027-01-12,12345,,", "occurred", "has no time of day"),
    (",2027-01-12 14:20,12345,,", "ward", "no ward"),
    ("N-MED1,2027-01-12 14:20,,,", "involved", "does not say who is involved"),
    ("N-MED1,2027-01-12 14:20,Kari Hansen,,", "involved", "neither an employee id nor profession:count"),
    ("N-MED1,2027-01-12 14:20,12345,9,", "team_size", "not a whole number from 1 to 4"),
    ("N-MED1,2027-01-12 14:20,12345,,kanskje", "defusing", "is not yes/no"),
])
def test_bad_cells_are_errors_naming_row_column_and_the_fix(row, column, words):
    incidents, report = read(f"ward,occurred,involved,team_size,defusing\n{row}\n")
    assert incidents == [] and report.rows_skipped == 1
    (m,) = only(report)
    assert (m.file, m.row, m.column) == ("incidents.csv", 2, column)
    assert words in m.text_en and m.fix_no and m.fix_en


def test_a_repeated_id_and_an_id_that_names_someone_involved_are_errors():
    incidents, report = read("incident_id,ward,occurred,involved\nA1,N-MED1,2027-01-12 14:20,lege:1\n"
                             "A1,N-MED1,2027-01-13 14:20,lege:1\nX-12345,N-MED1,2027-01-13 14:20,12345\n")
    assert [i.incident_id for i in incidents] == ["A1"]
    assert [m.row for m in only(report)] == [3, 4]
    assert all("X-12345" not in m.render("en") for m in report.messages)


def test_a_description_column_is_not_read_and_the_report_says_so():
    text = "ward,occurred,involved,Beskrivelse\nN-MED1,2027-01-12 14:20,lege:1,Feil medisin gitt til pasient\n"
    incidents, report = read(text)
    assert len(incidents) == 1 and "Feil medisin" not in incidents[0].model_dump_json()
    (m,) = only(report, Severity.WARNING)
    assert "Beskrivelse" in m.text_en and "not read and are not kept" in m.text_en


def test_unknown_ward_and_profession_are_errors_and_the_incident_is_left_out():
    incidents, report = checked("ward,occurred,involved\nX-99,2027-01-12 14:20,lege:1\nN-MED1,2027-01-12 14:20,"
                                "feil medisin:1\nN-MED1,2027-01-12 15:00,Sykepleier:2\n")
    assert [dict(i.involved_counts) for i in incidents] == [{"sykepleier": 2}]  # the turnus's spelling
    errors = only(report)
    assert [(m.row, m.column) for m in errors] == [(2, "ward"), (3, "involved")]
    assert "lege, sykepleier" in errors[1].fix_en
    assert "feil medisin" not in errors[1].render("en")  # a word that is no profession is not repeated


def test_an_unknown_employee_stays_involved_and_an_involved_supporter_is_kept_and_said():
    incidents, report = checked("ward,occurred,involved\nS-NEV2,2027-01-20 03:10,34567;99999\n")
    assert incidents[0].involved_ids == ("34567", "99999")
    warnings = only(report, Severity.WARNING)
    assert any("is a supporter" in m.text_en and "not put on a team" in m.text_en and not m.raw for m in warnings)
    unknown = [m for m in warnings if "not in the turnus" in m.text_en]
    assert unknown and "employee id no. 2" in unknown[0].text_en and "ansattnummer nr. 2" in unknown[0].text_no
    assert all("99999" not in m.render("en") for m in report.messages)  # written to the output folder: never the id


def test_an_incident_after_the_turnus_is_a_warning_and_a_follow_up_past_it_is_said():
    _, report = checked("ward,occurred,involved\nN-MED1,2027-04-01 10:00,lege:1\nN-MED1,2027-02-10 10:00,lege:1\n")
    assert [m.row for m in only(report, Severity.WARNING)] == [2]
    assert [m.row for m in only(report, Severity.INFO)] == [3]


def test_more_than_the_limit_of_incidents_is_refused():
    body = "".join(f"N-MED1,2027-01-12 14:{i % 60:02d},lege:1\n" for i in range(201))
    incidents, report = read("ward,occurred,involved\n" + body)
    assert incidents == [] and "at most 200" in only(report)[0].text_en


def test_hostile_files_give_messages_never_an_exception():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None)
    @given(st.binary(max_size=2000) | st.text(max_size=2000).map(lambda s: ("ward,occurred,involved\n" + s).encode()))
    def read_anything(data: bytes) -> None:
        incidents, report = read_incidents(Source("incidents.csv", data))
        check_incidents(incidents, report, employees=EMPLOYEES, wards=WARDS, supporters=SUPPORTERS, period=PERIOD)
        assert all(m.text_no and m.text_en for m in report.messages)

    read_anything()
    _, report = read(b"\x00\xff PDF-1.4 binary".decode("latin-1"))
    assert not report.ok and report.rows_read == 0
