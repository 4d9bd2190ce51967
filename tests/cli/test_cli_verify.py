"""`scheduler verify` (scheduler/cli/verify.py): the independent checker accepts the rota `solve`
wrote, finding the inputs from summary.json, and catches a rota changed by hand."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from scheduler.cli.main import main

DATA = Path(__file__).resolve().parents[2] / "data"


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
    # The sample runs the scheme as a whole (data/README.md): someone on call where nobody is on site,
    # and supervision meetings in working time — written, and (below) re-checked from the inputs.
    assert summary["on_call"]["planned"] == summary["on_call"]["needed"] > 0 and summary["on_call"]["opted_in"] == 17
    meetings = list(csv.DictReader((out / "supervision.csv").open(encoding="utf-8")))
    assert len(meetings) == 2 and all(int(m["at_work"]) > 0 for m in meetings)
    calendars = "".join(p.read_text(encoding="utf-8") for p in (out / "calendars").glob("*.ics"))
    assert "Veiledning for kollegastøtter" in calendars and "Kollegastøtte i beredskap" in calendars
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
