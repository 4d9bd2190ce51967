"""`scheduler check` and `scheduler solve` (scheduler/cli/solve.py) as a rostering officer uses them:
every file reported, messages naming file, row and column and the fix, refusals with exit 2."""

from __future__ import annotations

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
