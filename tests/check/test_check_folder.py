"""scheduler/check/folder.py: `verify_dir` on a folder of the two tables (every other file reported
missing, ids with leading zeros kept), the inputs held to the checksums the rota was made from, and
every output check registered. The whole folder altered file by file: test_altered_rotas.py."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from checker_world import D1, frames, valid_plan, world

import scheduler.check as check
from scheduler.check.folder import OUTPUT_CHECKS, compare_input_checksums, verify_dir
from scheduler.check.report import VerifyReport
from scheduler.check.rules import HARD_RULE_CHECKS


def test_every_output_check_is_registered() -> None:
    modules = [importlib.import_module(f"scheduler.check.{m.name}") for m in pkgutil.iter_modules(check.__path__)]
    compares = {name for module in modules for name, fn in vars(module).items()
                if name.startswith("compare_") and name != "compare_input_checksums"
                and getattr(fn, "__module__", "") == module.__name__}
    assert {fn.__name__ for fn in OUTPUT_CHECKS.values()} == compares
    assert not set(OUTPUT_CHECKS) & set(HARD_RULE_CHECKS)


def _hard(report: VerifyReport) -> list:
    return [v for v in report.violations if v.rule in HARD_RULE_CHECKS]


def test_verify_dir_keeps_leading_zeros(tmp_path) -> None:
    assignments, duties = frames(valid_plan())
    assignments.to_csv(tmp_path / "assignments.csv", index=False)
    duties.to_csv(tmp_path / "duties.csv", index=False)
    report = verify_dir(tmp_path, world())
    assert _hard(report) == []
    # Only the two tables were written: every other file of a rota is reported missing.
    missing = {v.file for v in report.violations if v.rule == "outputs_present"}
    assert {"coverage.csv", "burden.csv", "summary.json", "rota.xlsx", "notices/", "calendars/"} <= missing
    broken = dict(valid_plan())
    broken[(D1, "dag", "A")] = "001"  # own ward
    assignments, duties = frames(broken)
    assignments.to_csv(tmp_path / "assignments.csv", index=False)
    duties.to_csv(tmp_path / "duties.csv", index=False)
    report = verify_dir(tmp_path, world())
    assert [v.supporter_id for v in _hard(report)] == ["001"]


def test_verify_dir_names_a_missing_file(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="assignments.csv"):
        verify_dir(tmp_path, world())


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"t.csv": "1", "r.toml": "2"}, []),
        ({"t.csv": "1", "regler-kopi.toml": "2"}, []),  # a renamed copy
        ({"t.csv": "1", "r.toml": "3"}, [("r.toml", "changed since")]),
        ({"t.csv": "2", "r.toml": "1"}, [("r.toml", "changed since"), ("t.csv", "changed since")]),  # swapped
        ({"t.csv": "1", "r.toml": "2", "p.csv": "9"}, [("p.csv", "not among the inputs")]),
        ({"t.csv": "1"}, [("r.toml", "not given now")]),
        ({"t.csv": "1", "looser.toml": "7"}, [("looser.toml", "not among the inputs"), ("r.toml", "not given now")]),
    ],
)
def test_input_checksums_by_name_and_content(given: dict[str, str], expected: list[tuple[str, str]]) -> None:
    messages = compare_input_checksums({"t.csv": "1", "r.toml": "2"}, given)
    assert len(messages) == len(expected)
    for message, (file, needle) in zip(messages, expected, strict=True):
        assert message.file == file and needle in message.text_en, message.text_en
    assert all(m.text_no and m.fix_no and m.fix_en for m in messages)
