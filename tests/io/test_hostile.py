"""Every hostile input of tests/io/hostile_cases.py gets a clear message or a correct result, fast.

Run in-process here (the heavy cases only with HOSTILE_HEAVY=1); benchmarks/hostile.py runs each
in a fresh process and measures wall time and peak memory.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile_cases import CASES, SURNAME, Case, selected

from scheduler.cli.main import main


def test_case_names_are_unique_and_there_are_enough() -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", selected(), ids=lambda c: c.name)
def test_hostile_input(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = case.make(tmp_path)
    capsys.readouterr()
    started = time.perf_counter()
    code = main(argv)
    seconds = time.perf_counter() - started
    out, err = capsys.readouterr()
    text = out + err
    assert code in case.exits, f"exit {code}, expected {sorted(case.exits)}\n{text[-3000:]}"
    assert code != 70 and "Traceback" not in text
    for words in case.says:
        assert words in text, f"{words!r} not in output:\n{text[-3000:]}"
    assert "\x1b" not in text and "\x07" not in text  # nothing from a file reaches the terminal raw
    if not case.names_allowed:
        assert SURNAME not in err, err[-2000:]  # no names on stderr
    if code == 2:  # a refusal is a message for a person: file or option, and what to do
        assert err.strip(), "exit 2 without a message"
    if case.after is not None:
        case.after(tmp_path, text)
    assert seconds < 30, f"{seconds:.1f} s"  # the benchmark holds the 10 s target in a fresh process
