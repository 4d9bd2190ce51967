"""The command line as a rostering officer uses it: check, solve, verify, exit codes, no tracebacks."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.cli.main import main

DATA = Path(__file__).resolve().parents[2] / "data"
MESSY = sorted((DATA / "messy").glob("turnus_*"))


def test_check_on_messy_exports_reports_every_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", *map(str, MESSY), "--supporters", str(DATA / "supporters.csv"), "--wards", str(DATA / "wards.csv")])
    out = capsys.readouterr().out
    assert code == 0
    for path in MESSY:
        assert f"== {path.name} (turnus) — ingen feil" in out
    assert "tegnsett: cp1252" in out and "skilletegn: ;" in out
    assert "format: wide xlsx" in out and "format: long csv" in out
    assert "datoer: 2027-01-04 – 2027-02-28" in out
    assert "fra filnavnet" in out


def test_check_names_file_row_and_fix_for_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "turnus.csv"
    bad.write_text("Ansattnr;Vaktdato;Vaktkode;Post\n101;04.01.2027;D;A\n102;31.02.2027;D;A\n103;05.01.2027;ZZ;A\n",
                   encoding="utf-8")
    code = main(["check", str(bad), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    assert "turnus.csv, row 3" in out  # the impossible date, with its line
    assert "ZZ" in out  # the unknown code is listed


def test_missing_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "scheduler", "solve", str(tmp_path / "nope.csv"), "--supporters",
                          str(tmp_path / "none.csv"), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "nope.csv" in run.stderr


def test_a_turnus_with_only_its_header_names_the_file_and_the_ward(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "turnus_3B.csv"
    empty.write_text("employee_id,date,shift_code,name,profession\n", encoding="utf-8")
    code = main(["solve", str(empty), "--supporters", str(DATA / "supporters.csv"), "--out", str(tmp_path / "out"),
                 "--lang", "en", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and not (tmp_path / "out").exists()
    assert "turnus_3B.csv: The file has a header but no rows: none of its rows were read. The whole turnus of ward «3B»" in err
    assert "turnus_3B.csv: No turnus row could be read from the file" in err and "Export the turnus again" in err
    assert main(["check", str(empty), "--supporters", str(DATA / "supporters.csv")]) == 2
    assert "turnus_3B.csv: Ingen turnusrader kunne leses fra fila" in capsys.readouterr().err


def test_a_previous_rota_from_another_hospital_names_its_file_and_the_fix(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "annet_sykehus"
    other.mkdir()
    (other / "duties.csv").write_text("supporter_id,date,slot\nX1,2025-03-03,dag\nX2,2025-03-04,natt\n", encoding="utf-8")
    args = [str(DATA / "turnus.csv"), "--supporters", str(DATA / "supporters.csv"), "--wards", str(DATA / "wards.csv"),
            "--previous", str(other), "--out", str(tmp_path / "out"), "--quiet"]
    assert main(["solve", *args, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    duties = str(other / "duties.csv")
    assert f"{duties}, column «supporter_id»: The previous rota has no supporter in common" in err
    assert f"{duties}, column «date»: The previous rota (2025-03-03–2025-03-04) has no date in common" in err
    assert "run without --previous" in err
    assert main(["solve", *args]) == 2
    assert f"{duties}, kolonne «supporter_id»: Forrige vaktplan har ingen kollegastøtte felles" in capsys.readouterr().err


def test_solve_then_verify_on_sample(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(["solve", str(DATA / "turnus.csv"), "--supporters", str(DATA / "supporters.csv"),
                 "--wards", str(DATA / "wards.csv"), "--rules", str(DATA / "rules.toml"),
                 "--out", str(out), "--time-limit", "8", "--deterministic", "--no-limit-analysis", "--quiet"])
    assert code == 0
    for name in ("assignments.csv", "duties.csv", "burden.csv", "coverage.csv", "summary.json", "rota.xlsx"):
        assert (out / name).exists(), name
    assert any((out / "notices").glob("*.html")) and any((out / "calendars").glob("*.ics"))
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["tiers"][0]["name"] == "uncovered_ward_slots"
    assert summary["tiers"][0]["status"] == "OPTIMAL"
    assert set(summary["input_checksums"]) >= {"turnus.csv", "supporters.csv"}
    assert (out / "assignments.csv").read_text(encoding="utf-8").splitlines()[0] == "date,slot,ward,supporter_id,role,reason"
    # The independent checker accepts it, finding the inputs from summary.json.
    assert main(["verify", str(out)]) == 0


def test_verify_catches_a_tampered_rota(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = ["--supporters", str(DATA / "supporters.csv"), "--wards", str(DATA / "wards.csv"), "--rules", str(DATA / "rules.toml")]
    assert main(["solve", str(DATA / "turnus.csv"), *args, "--out", str(out), "--time-limit", "5",
                 "--deterministic", "--no-limit-analysis", "--quiet"]) == 0
    lines = (out / "assignments.csv").read_text(encoding="utf-8").splitlines()
    # Name someone from the covered ward itself: a supporter never covers their own ward. Whom to name
    # is taken from the inputs (a supporter's ward is their turnus ward), not from who happens to be
    # on duty in the rota made, so there always is one: the first ward-slot covered whose ward has a
    # supporter of its own.
    with open(DATA / "supporters.csv", encoding="utf-8", newline="") as f:
        supporters = {row["employee_id"] for row in csv.DictReader(f)}
    own_of: dict[str, str] = {}
    with open(DATA / "turnus.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["employee_id"] in supporters:
                own_of.setdefault(row["ward"], row["employee_id"])
    header, first = lines[0], next(line for line in lines[1:] if ",primary," in line and line.split(",")[3]
                                   and line.split(",")[2] in own_of)
    own = own_of[first.split(",")[2]]
    fields = first.split(",")
    fields[3] = own
    (out / "assignments.csv").write_text("\n".join([header, ",".join(fields)] + [x for x in lines[1:] if x != first]) + "\n",
                                         encoding="utf-8")
    capsys.readouterr()
    assert main(["verify", str(out), str(DATA / "turnus.csv"), *args, "--lang", "en"]) == 1
    assert "own ward" in capsys.readouterr().out.lower()


def test_impossible_lock_exits_3_with_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pins = tmp_path / "pins.csv"
    pins.write_text("supporter_id,date,slot,action\n0319,2027-01-04,natt,lock\n", encoding="utf-8")
    code = main(["solve", str(DATA / "turnus.csv"), "--supporters", str(DATA / "supporters.csv"), "--pins", str(pins),
                 "--out", str(tmp_path / "out"), "--time-limit", "3", "--quiet"])
    assert code == 3
    assert "0319" in capsys.readouterr().err


def test_a_solver_fault_is_exit_70_not_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import scheduler.solve.plan
    from scheduler.errors import SolverError

    def broken(*args, **kwargs):
        raise SolverError("CP-SAT says the model is invalid")

    monkeypatch.setattr(scheduler.solve.plan, "solve", broken)
    code = main(["solve", str(DATA / "turnus.csv"), "--supporters", str(DATA / "supporters.csv"),
                 "--out", str(tmp_path / "out"), "--quiet", "--lang", "en"])
    assert code == 70
    err = capsys.readouterr().err
    assert "model is invalid" in err and "not of the input" in err and "Traceback" not in err
