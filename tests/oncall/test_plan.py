"""The on-call stage end to end: every needed slot gets someone who may, fairly and within the
limits, or a reason; the written folder passes the independent checker; without `[on_call]`
nothing changes."""

from __future__ import annotations

import pandas as pd
from check_helpers_on_call import on_call_rows
from oncall_world import PHONES, on_call_world, plan_on_call

from scheduler.check.report import format_verify_report
from scheduler.domain import OnCallRules


def test_every_uncovered_night_gets_someone_on_call_shared_fairly(tmp_path) -> None:
    plan, report = plan_on_call(on_call_world(3), tmp_path / "out")
    assert report.ok, format_verify_report(report, "en")
    rows = on_call_rows(tmp_path / "out")
    assert [r["slot"] for r in rows] == ["natt"] * 3
    people = sorted(r["supporter_id"] for r in rows)
    assert set(people) == {"b1", "c1"} and people.count("b1") in (1, 2)  # a1 works the nights: never on call
    assert all(r["phone"] == PHONES[r["supporter_id"]] and not r["reason"] for r in rows)
    tiers = {t["tier"]: t for t in plan.summary["on_call"]["tiers"]}
    assert tiers["on_call_coverage"]["value"] == 3 and all(t["proven"] for t in tiers.values())
    burden = plan.burden.set_index("supporter_id")
    assert burden["on_call"].to_dict() == {sid: people.count(sid) for sid in burden.index}


def test_a_slot_left_without_says_why_in_counts(tmp_path) -> None:
    plan, report = plan_on_call(on_call_world(3, on_call=OnCallRules(max_per_period=1), opted=("a1", "b1")),
                                tmp_path / "out")
    assert report.ok, format_verify_report(report, "en")
    without = plan.on_call[plan.on_call["supporter_id"] == ""]
    assert len(without) == 2
    assert set(without["reason"]) == {"Of 2 who may be on call: 1 at work (own shift or support duty), "
                                      "1 at their on-call limit."}
    assert plan.summary["on_call"]["without"] == 2
    notice = (tmp_path / "out" / "notices" / "A.html").read_text(encoding="utf-8")
    assert notice.count("ring Bedriftshelsetjenesten (se under)") == 2  # no on-call step with nobody in it
    assert notice.count("(i beredskap)") == 1 and "Kollegastøtte i beredskap" not in notice


def test_nobody_opted_in(tmp_path) -> None:
    plan, report = plan_on_call(on_call_world(2, opted=()), tmp_path / "out")
    assert report.ok, format_verify_report(report, "en")
    assert set(plan.on_call["reason"]) == {"No supporter has opted in to be on call (on_call in supporters.csv)."}


def test_without_on_call_rules_nothing_changes(tmp_path) -> None:
    plan, report = plan_on_call(on_call_world(2, on_call=None), tmp_path / "out")
    assert report.ok, format_verify_report(report, "en")
    assert plan.on_call is None and "on_call" not in plan.summary
    assert not (tmp_path / "out" / "on_call.csv").exists()
    assert "on_call" not in pd.read_csv(tmp_path / "out" / "burden.csv").columns


def test_the_notice_and_the_calendar_name_the_one_on_call(tmp_path) -> None:
    plan, _ = plan_on_call(on_call_world(2), tmp_path / "out")
    first = plan.on_call.iloc[0]
    notice = (tmp_path / "out" / "notices" / "A.html").read_text(encoding="utf-8")
    assert f"Ingen kollegastøtte på stedet – ring Person {first.supporter_id} (i beredskap)" in notice
    assert f"tel:{PHONES[first.supporter_id].replace(' ', '')}" in notice
    calendar = (tmp_path / "out" / "calendars" / f"{first.supporter_id}.ics").read_text(encoding="utf-8")
    assert "SUMMARY:Kollegastøtte i beredskap (natt)" in calendar


def test_under_exposure_an_on_call_night_weighs_the_staff_it_stands_for(tmp_path) -> None:
    # Fair shares are staff-hours here: an on-call night adds weight × the 2 staff of ward A at night
    # (0.5 staff-hours), not 0.25 hours; the checker counts it again from the turnus.
    plan, report = plan_on_call(on_call_world(3, basis="exposure"), tmp_path / "out")
    assert report.ok, format_verify_report(report, "en")
    assert plan.summary["on_call"]["basis"] == "exposure"
    burden = plan.burden.set_index("supporter_id")
    for sid, r in burden.iterrows():
        want = round((r["exposure"] + 0.25 * 2 * r["on_call"]) / r["target"], 3) if r["target"] > 0 else 0.0
        assert r["on_call_load"] == want, sid
    assert burden["on_call"].sum() == 3
