"""A ward manager's week: whom to call each slot, the fallback when nobody covers, no reasons."""

from __future__ import annotations

import datetime as dt

from conftest import MONDAY, days, make_inputs, plan_and_verify

from scheduler.domain import Supporter
from scheduler.views.week import slot_now, tonight, ward_week, week_of, week_starts


def test_the_week_of_a_ward_names_whom_to_call_and_marks_uncovered_slots():
    first, second = days(2)
    rows = [(e, w, d, "D") for d in (first, second) for e, w in (("a1", "A"), ("a2", "A"), ("b1", "B"))]
    plan, _ = plan_and_verify(make_inputs(rows, [Supporter(employee_id="b1", unavailable=frozenset({second})), "a1"]))
    week = ward_week(plan.instance, plan.rota.assignments, "A", MONDAY)
    day = week[week["slot"] == "dag"].set_index("date")
    assert day.loc[first, "status"] == "covered" and day.loc[first, "call_name"] == "Person b1"
    assert day.loc[first, "call_ward"] == "B"
    assert day.loc[second, "status"] == "uncovered" and day.loc[second, "call_name"] == ""
    assert set(week[week["slot"] != "dag"]["status"]) == {"none"}  # nobody at work in the evening or night
    assert "reason" not in week.columns
    assert list(week["date"].drop_duplicates()) == [first, second]  # only the days of the period


def test_weeks_today_and_tonight():
    plan, _ = plan_and_verify(make_inputs([("a1", "A", d, "D") for d in days(9)], ["a1"]))
    slots = plan.instance.slots
    starts = week_starts(slots)
    assert starts == [MONDAY, MONDAY + dt.timedelta(7)]
    assert week_of(MONDAY + dt.timedelta(8), starts) == starts[1]
    assert week_of(dt.date(2026, 11, 26), starts) == starts[0] and week_of(dt.date(2027, 6, 1), starts) == starts[1]
    night = tonight(slots, MONDAY)
    assert night.name == "natt" and night.start == dt.datetime(2027, 1, 4, 23, 0)
    assert slot_now(slots, dt.datetime(2027, 1, 5, 2, 0)) == night
    assert slot_now(slots, dt.datetime(2027, 1, 4, 7, 0)) is None
