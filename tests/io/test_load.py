"""load_inputs / load_paths: everything together, cross-file checks, and the printed report."""

from __future__ import annotations

from pathlib import Path

from iohelpers import src

from scheduler.io import Inputs, format_reports, load_inputs, load_paths

TURNUS = "employee_id;ward;date;shift_code;name\n1;3A;2027-01-04;D;Kari\n2;3B;2027-01-04;QQ;Ola\n"
SUPPORTERS = "employee_id;leads_wards\n1;3B\n9;ZZ\n"


def test_load_inputs_combines_and_cross_checks() -> None:
    inputs = load_inputs([src("t.csv", TURNUS)], src("s.csv", SUPPORTERS),
                         wards=src("w.csv", "ward;site\n3A;Ullevål\n"),
                         shift_codes=src("c.csv", "code;start;end;kind\nQQ;08:00;12:00;work\n"),
                         rules=src("r.toml", b"min_overlap = 0.8\n"))
    assert isinstance(inputs, Inputs)
    assert inputs.turnus["kind"].tolist() == ["work", "work"]  # QQ from the codes file
    assert "D" in inputs.shift_codes and "QQ" in inputs.shift_codes
    assert inputs.rules.min_overlap == 0.8
    assert set(inputs.supporters) == {"1", "9"}
    assert set(inputs.checksums) == {"t.csv", "s.csv", "w.csv", "c.csv", "r.toml"}
    assert len(inputs.checksums["t.csv"]) == 64
    texts = [m.text_en for m in inputs.messages]
    assert any("Supporter 9 is not in any turnus file" in t for t in texts)
    assert any("leads ward «ZZ»" in t for t in texts)
    assert any("3B" in t and "missing from the wards file" in t for t in texts)
    assert not inputs.errors


def test_load_inputs_staff_and_pins() -> None:
    inputs = load_inputs([src("t.csv", "employee_id;date;shift_code\n1;2027-01-04;D\n")], src("s.csv", "employee_id\n1\n"),
                         staff=src("staff.csv", "employee_id;ward;profession\n1;3A;lege\n"),
                         pins=src("p.csv", "supporter_id;date;slot;action\n1;2027-01-04;dag;lock\n"))
    assert inputs.turnus["ward"].tolist() == ["3A"] and inputs.employees["1"].profession == "lege"
    assert len(inputs.pins) == 1 and not inputs.errors


def test_load_inputs_night_rule_applies() -> None:
    inputs = load_inputs([src("t.csv", "employee_id;ward;date;shift_code\n1;3A;2027-01-05;N\n")], src("s.csv", "employee_id\n1\n"),
                         rules=src("r.toml", b'night_shift_date = "most_hours"\n'))
    assert inputs.turnus["date"].dt.day.tolist() == [4]


def test_load_paths_with_ward_suffix_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("employee_id;date;shift_code\n1;2027-01-04;D\n", encoding="utf-8")
    (tmp_path / "s.csv").write_text("employee_id\n1\n", encoding="utf-8")
    inputs = load_paths([f"{tmp_path / 't.csv'}=3A", tmp_path / "missing.csv"], tmp_path / "s.csv",
                        wards_path=tmp_path / "nowards.csv")
    assert inputs.turnus["ward"].tolist() == ["3A"]
    missing = [m for m in inputs.errors if "cannot be opened" in m.text_en]
    assert len(missing) == 2
    inputs = load_paths([tmp_path / "t.csv"], tmp_path / "nosup.csv")
    assert any("nosup.csv" in m.raw for m in inputs.errors)


def test_format_reports_lists_everything() -> None:
    inputs = load_inputs([src("t.csv", TURNUS.encode("cp1252") + b"3;3A;bad;D;X\n")], src("s.csv", SUPPORTERS))
    text = format_reports(inputs.reports, lang="en")
    for part in ("t.csv (turnus)", "layout: long csv", "encoding: utf-8", "delimiter: ;", "rows read: 2",
                 "rows skipped: 1", "employees: 2", "2027-01-04 – 2027-01-04", "shift codes: D 1, QQ 1",
                 "unknown codes: 1 (QQ 1)", "[error] t.csv, row 4, column «date»", "[bad]"):
        assert part in text, part
    norsk = format_reports(inputs.reports)
    assert "rader lest: 2" in norsk and "ukjente koder" in norsk and "rad 4" in norsk


def test_pins_are_checked_against_slots_and_supporters_and_names_filled() -> None:
    inputs = load_inputs([src("t.csv", TURNUS)], src("s.csv", "employee_id\n1\n"),
                         pins=src("p.csv", "supporter_id;date;slot;action\n1;2027-01-04;lunsj;lock\n5;2027-01-04;dag;forbid\n"))
    assert [m.column for m in inputs.errors] == ["slot"]
    assert any("5" in m.text_en and m.severity == "warning" for m in inputs.messages)
    assert inputs.supporters["1"].name == "Kari"
