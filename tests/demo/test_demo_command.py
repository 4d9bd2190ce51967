"""`python -m scheduler.demo.command` (scheduler/demo/command.py, also `scheduler generate`): the
generator's command line writes the canonical files."""

from __future__ import annotations

from pathlib import Path

from scheduler.demo.command import main


def test_command_line_writes_the_files(tmp_path: Path) -> None:
    assert main(["--size", "S", "--seed", "1", "--out", str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} == {"turnus.csv", "supporters.csv", "wards.csv", "rules.toml"}
