"""The command line's dispatch (scheduler/cli/main.py): every failure is a message and its exit code —
2 bad input, 3 locks that cannot all be kept, 70 a fault of ours — never a traceback. Each command's
own tests are in test_cli_<command>.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.cli.main import main

DATA = Path(__file__).resolve().parents[2] / "data"


def test_missing_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "scheduler", "solve", str(tmp_path / "nope.csv"), "--supporters",
                          str(tmp_path / "none.csv"), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "nope.csv" in run.stderr


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
