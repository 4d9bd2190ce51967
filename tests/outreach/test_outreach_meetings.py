"""Further meetings (scheduler/outreach/meetings.py, docs/outreach.md «Further meetings»): when the
named people of a group work different shifts, `meetings=2` meets those not at work at the first
meeting in a second one, where they are at work; the independent checker recounts and bounds it.

The world (test_outreach_worktime.py): ward A's night nurses n1, n2 and day staff; here a day nurse
d1 (D on weekdays) and the night nurse n1 are involved together.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from conftest import MONDAY
from test_outreach import SETTINGS, incident
from test_outreach_worktime import night_world

from scheduler.check.outreach import format_outreach_report, verify_outreach
from scheduler.io.types import Inputs
from scheduler.model.demand import build_instance
from scheduler.outreach.files import invitation_calendar
from scheduler.outreach.plan import OutreachPlan, plan_outreach

AT = dt.datetime.combine(MONDAY + dt.timedelta(days=1), dt.time(5, 30))
INCIDENTS = [incident(occurred=AT, involved_ids=("n1", "a2"), involved_counts={})]


def world() -> Inputs:
    inputs = night_world()
    inputs.employees["a2"] = inputs.employees["a2"].model_copy(update={"profession": "sykepleier"})
    return inputs


def planned(meetings: int) -> tuple[Inputs, OutreachPlan, pd.DataFrame]:
    inputs = world()
    plan = plan_outreach(build_instance(inputs), INCIDENTS, settings=SETTINGS, meetings=meetings)
    table = plan.table("en")
    report = verify_outreach(inputs, INCIDENTS, table)
    assert report.ok, format_outreach_report(report, "en")
    return inputs, plan, table


def test_one_meeting_meets_one_of_two_on_different_shifts_a_second_meets_the_other():
    _, one, _ = planned(1)
    assert one.worktime_by_incident()["H1"]["named_at_work"] == 2  # one of two, at each contact
    inputs, two, table = planned(2)
    assert two.worktime_by_incident()["H1"] == {"named": 4, "named_at_work": 4, "named_in_window": 4, "notes": {},
                                                "share_met": 1.0}
    further = table[table["meeting"] == 2]
    assert set(further["contact"]) == {"first", "follow_up"} and (further["named_at_work"] == 1).all()
    first = table[table["contact"] == "first"].set_index("meeting")
    assert {first.loc[1, "slot"], first.loc[2, "slot"]} == {"dag", "natt"}  # each where one of them works
    assert verify_outreach(inputs, INCIDENTS, table).worktime["H1"]["named_at_work"] == 4  # recounted
    assert two.counts()["further_meetings"] == 2 and two.counts()["contacts"] == 2


def test_the_checker_holds_further_meetings_to_their_rule():
    inputs, _, table = planned(2)

    def rules(t: pd.DataFrame) -> set[str]:
        return {v.rule for v in verify_outreach(inputs, INCIDENTS, t).violations}

    i = table.index[(table["contact"] == "first") & (table["meeting"] == 2)][0]
    j = table.index[(table["contact"] == "first") & (table["meeting"] == 1)][0]
    same = table.copy()
    same.loc[i, ["date", "slot", "start", "end", "supporter_id"]] = table.loc[j, ["date", "slot", "start", "end",
                                                                                  "supporter_id"]]
    assert "every_contact_reported" in rules(same)  # not a slot of its own
    nobody = table.copy()
    nobody.loc[i, "meeting"] = 3  # not numbered in turn
    assert "every_contact_reported" in rules(nobody)
    useless = table.copy()  # meeting 2 a day after meeting 1, in the same kind of slot: nobody new at work
    day = dt.timedelta(days=1)
    moved = [(dt.datetime.fromisoformat(table.loc[j, c]) + day).isoformat(timespec="minutes") for c in ("start", "end")]
    useless.loc[i, ["date", "slot", "start", "end"]] = [
        (dt.date.fromisoformat(table.loc[j, "date"]) + day).isoformat(), table.loc[j, "slot"], *moved]
    found = [v for v in verify_outreach(inputs, INCIDENTS, useless).violations if v.rule == "worktime_recounted"]
    assert any("nobody new" in v.text_en for v in found)


def test_a_further_meeting_is_invited_to_meet_those_still_to_meet():
    _, plan, _ = planned(2)
    m = next(m for m in plan.planned() if m.need.meeting == 2 and m.need.kind == "first")
    text = invitation_calendar(plan, m.supporter_id, "no").decode("utf-8").replace("\r\n ", "")
    assert "Møt 1 sykepleier på posten." in text and "n1" not in text and "a2" not in text


def test_the_rule_sets_the_meetings_and_a_kept_plan_keeps_its_further_meetings():
    """`outreach_meetings = 2` in rules.toml; the app keeps the places (a further meeting's at
    position ≥ 4) and rebuilds the plan from them for its invitations and its check."""
    from scheduler.domain import Rules
    from scheduler.views.outreach import plan_of_stored, stored_contacts

    inputs = world()
    inputs.rules = Rules(outreach_meetings=2)
    instance = build_instance(inputs)
    plan = plan_outreach(instance, INCIDENTS, settings=SETTINGS)
    assert plan.counts()["further_meetings"] == 2
    kept = stored_contacts(plan)
    assert sorted(c.position for c in kept) == [0, 0, 4, 4]
    rebuilt = plan_of_stored(instance, INCIDENTS[0], kept)
    table = rebuilt.table("en")
    shown = ["contact", "meeting", "supporter_id", "date", "slot", "named_at_work", "named_in_window"]
    assert table[shown].sort_values(shown).reset_index(drop=True).equals(
        plan.table("en")[shown].sort_values(shown).reset_index(drop=True))  # the keys are the store's
    assert verify_outreach(inputs, INCIDENTS, table).ok
