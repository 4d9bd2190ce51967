"""scheduler/check/supervision.py: supervision.csv and the meetings in the calendars recounted from
the inputs — a plan's folder passes, and a meeting moved off the best time, a count changed, a
meeting left out of a calendar or a file with no [supervision] each fail."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import days, make_inputs, plan_and_verify

from scheduler.check.folder import verify_dir
from scheduler.domain import Rules, Supervision
from scheduler.report.folder import write_plan

RULES = Rules(supervision=Supervision(every_weeks=1, minutes=90, days=("tue", "wed"), latest_end=dt.time(17)))


def _inputs(rules: Rules = RULES):
    """Wards A, B, C; supporters a1 and b1 on day shifts, c1 on evenings (15:00–22:30), for a week."""
    rows = []
    for date in days(7):
        for ward in "ABC":
            rows.append((f"{ward.lower()}2", ward, date, "D"))
        rows += [("a1", "A", date, "D"), ("b1", "B", date, "D"), ("c1", "C", date, "A")]
    return make_inputs(rows, ["a1", "b1", "c1"], rules=rules)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    inputs = _inputs()
    plan, _ = plan_and_verify(inputs)
    return inputs, write_plan(plan, tmp_path_factory.mktemp("sup") / "rota")


def _rules_broken(path, inputs) -> set[str]:
    return {v.rule for v in verify_dir(path, inputs).violations}


def test_the_written_meetings_pass_and_go_where_most_are_at_work(folder):
    inputs, path = folder
    table = pd.read_csv(path / "supervision.csv", dtype=str, keep_default_na=False)
    assert table[["date", "start", "end", "invited", "at_work"]].values.tolist() == [
        ["2027-01-05", "08:00", "09:30", "3", "2"]]
    assert not (path / "calendars" / "c1.ics").exists()  # no duty, and the evening shift misses the meeting
    assert "Veiledning for kollegast" in (path / "calendars" / "a1.ics").read_text(encoding="utf-8")
    assert _rules_broken(path, inputs) == set()


def _altered(path, tmp_path, change) -> object:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(path, copy)
    change(copy)
    return copy


def test_a_meeting_moved_off_the_best_time_fails(folder, tmp_path):
    inputs, path = folder

    def later(p):  # 15:00: c1 at work, a1 and b1 gone — fewer at work
        text = (p / "supervision.csv").read_text(encoding="utf-8").replace("08:00,09:30,3,2", "15:00,16:30,3,1")
        (p / "supervision.csv").write_text(text, encoding="utf-8")
    assert "supervision_matches_inputs" in _rules_broken(_altered(path, tmp_path, later), inputs)


def test_a_wrong_count_fails(folder, tmp_path):
    inputs, path = folder

    def more(p):
        text = (p / "supervision.csv").read_text(encoding="utf-8").replace("08:00,09:30,3,2", "08:00,09:30,3,3")
        (p / "supervision.csv").write_text(text, encoding="utf-8")
    assert _rules_broken(_altered(path, tmp_path, more), inputs) == {"supervision_matches_inputs"}


def test_a_meeting_left_out_of_a_calendar_fails(folder, tmp_path):
    inputs, path = folder

    def drop(p):
        head, *events = (p / "calendars" / "b1.ics").read_bytes().split(b"BEGIN:VEVENT")
        kept = [e for e in events if b"Veiledning" not in e]
        assert len(kept) == len(events) - 1
        (p / "calendars" / "b1.ics").write_bytes(b"BEGIN:VEVENT".join([head, *kept]))
    assert _rules_broken(_altered(path, tmp_path, drop), inputs) == {"calendars_match_duties"}


def test_meetings_without_the_rule_fail(folder):
    _, path = folder
    assert "supervision_matches_inputs" in _rules_broken(path, _inputs(Rules()))
