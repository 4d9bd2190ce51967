"""The independent checker re-verifies on_call.csv from the inputs alone: an edited on-call list,
burden, notice or calendar is caught, naming the file (scheduler/check/on_call.py)."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from oncall_world import on_call_world, plan_on_call

from scheduler.check.folder import verify_dir
from scheduler.check.report import format_verify_report


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("on_call") / "out"
    _, report = plan_on_call(on_call_world(3), folder)
    assert report.ok, format_verify_report(report, "en")
    return folder


def _edit(folder: Path, name: str, edit: Callable[[list[dict[str, str]]], None]) -> None:
    with open(folder / name, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = list(reader.fieldnames or []), list(reader)
    edit(rows)
    with open(folder / name, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set(**values: str) -> Callable[[list[dict[str, str]]], None]:
    def edit(rows: list[dict[str, str]]) -> None:
        rows[0].update(values)
    return edit


def _phone_of_row(rows: list[dict[str, str]]) -> None:
    rows[0]["phone"] = "999 99 999"


def _emptied(rows: list[dict[str, str]]) -> None:
    rows[0].update(supporter_id="", phone="", reason="Nobody.")


def _burden_count(rows: list[dict[str, str]]) -> None:
    row = next(r for r in rows if r["supporter_id"] == "b1")
    row["on_call"] = str(int(row["on_call"]) + 1)


EDITS = [
    ("a supporter who did not opt in", "on_call.csv", _set(supporter_id="c2", phone="900 00 005"), "on_call_follows_rules",
     "has not opted in"),
    ("a supporter at work that night", "on_call.csv", _set(supporter_id="a1", phone="900 00 001"), "on_call_follows_rules",
     "is at work"),
    ("another phone", "on_call.csv", _phone_of_row, "on_call_follows_rules", "supporters.csv gives"),
    ("a row deleted", "on_call.csv", lambda rows: rows.pop(0), "on_call_follows_rules", "lacks 2027-01-04 natt"),
    ("a slot emptied though someone could", "on_call.csv", _emptied, "on_call_follows_rules", "could have been"),
    ("the burden's count", "burden.csv", _burden_count, "on_call_in_burden", "on_call.csv gives"),
]


@pytest.mark.parametrize(("kind", "file", "edit", "rule", "needle"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edited_on_call_list_is_caught(planned: Path, tmp_path: Path, kind, file, edit, rule, needle) -> None:
    folder = tmp_path / "out"
    shutil.copytree(planned, folder)
    _edit(folder, file, edit)
    report = verify_dir(folder, on_call_world(3))
    hits = [v for v in report.violations if v.rule == rule]
    assert any(needle in v.text_en for v in hits), f"{kind}: " + format_verify_report(report, "en")
    assert all(v.file and v.file in v.text_no for v in hits)


def test_a_notice_that_hides_the_one_on_call_is_caught(planned: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    shutil.copytree(planned, folder)
    notice = folder / "notices" / "A.html"
    text = notice.read_text(encoding="utf-8")
    notice.write_text(text.replace("(i beredskap)", "(hjemme)", 1), encoding="utf-8")
    report = verify_dir(folder, on_call_world(3))
    assert any(v.rule == "notices_match_assignments" and "(hjemme)" in v.text_en for v in report.violations)


def test_a_calendar_without_its_on_call_night_is_caught(planned: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    shutil.copytree(planned, folder)
    with open(folder / "on_call.csv", encoding="utf-8") as f:
        sid = next(csv.DictReader(f))["supporter_id"]
    path = folder / "calendars" / f"{sid}.ics"
    text = path.read_text(encoding="utf-8")
    start = text.rindex("BEGIN:VEVENT", 0, text.index("Kollegastøtte i beredskap"))
    path.write_text(text[:start] + text[text.index("END:VEVENT", start) + len("END:VEVENT\r\n"):], encoding="utf-8")
    report = verify_dir(folder, on_call_world(3))
    assert any(v.rule == "calendars_match_duties" and "lacks the on-call slot" in v.text_en for v in report.violations), \
        format_verify_report(report, "en")


@pytest.mark.parametrize("garbage", [bytes(range(256)) * 4, b"",
                                     b"date,slot,start,end,need,wards,supporter_id,phone,reason\n\"" + b"x" * 200_000 + b"\"\n"],
                         ids=["binary", "empty", "huge field"])
def test_garbage_instead_of_the_on_call_list_is_a_finding_not_a_crash(planned: Path, tmp_path: Path, garbage) -> None:
    folder = tmp_path / "out"
    shutil.copytree(planned, folder)
    (folder / "on_call.csv").write_bytes(garbage)
    report = verify_dir(folder, on_call_world(3))
    assert any(v.rule == "on_call_follows_rules" and v.file == "on_call.csv" for v in report.violations)


def test_an_on_call_load_in_hours_under_exposure_is_caught(tmp_path: Path) -> None:
    # With fair shares in staff-hours an on-call night weighs 0.25 × the staff it stands for;
    # the hours-based figure ((hours + 0.25 × n) ÷ target), written before, is a finding.
    inputs = on_call_world(3, basis="exposure")
    _, report = plan_on_call(inputs, tmp_path / "out")
    assert report.ok, format_verify_report(report, "en")

    def in_hours(rows: list[dict[str, str]]) -> None:
        for r in rows:
            if float(r["target"]) > 0 and int(r["on_call"]):
                r["on_call_load"] = str(round((float(r["hours"]) + 0.25 * int(r["on_call"])) / float(r["target"]), 3))

    _edit(tmp_path / "out", "burden.csv", in_hours)
    hits = [v for v in verify_dir(tmp_path / "out", inputs).violations if v.rule == "on_call_in_burden"]
    assert hits and all("(exposure + on call) ÷ share" in v.text_en and v.column == "on_call_load" for v in hits)


def test_an_on_call_list_or_columns_without_on_call_rules_are_caught(tmp_path: Path) -> None:
    inputs = on_call_world(2, on_call=None)
    _, report = plan_on_call(inputs, tmp_path / "out")
    assert report.ok, format_verify_report(report, "en")
    (tmp_path / "out" / "on_call.csv").write_text("date,slot,start,end,need,wards,supporter_id,phone,reason\n",
                                                 encoding="utf-8")
    burden = tmp_path / "out" / "burden.csv"
    lines = burden.read_text(encoding="utf-8").splitlines()
    burden.write_text("\n".join([lines[0] + ",on_call", *(line + ",1" for line in lines[1:])]) + "\n", encoding="utf-8")
    found = {v.rule: v.text_en for v in verify_dir(tmp_path / "out", inputs).violations}
    assert "plan nobody on call" in found["on_call_follows_rules"] and "plan nobody on call" in found["on_call_in_burden"]
