"""A defusing by the supporter on duty (scheduler/outreach/candidates.py `duty_candidates`, the
rule `defusing_by_duty_supporter`): when only the supporter holding a support duty in the slot
could take a same-shift defusing, it is planned with them with the rule on and left unplanned,
saying why, with it off — each plan passed through the independent checker (scheduler/check/outreach_duty.py)."""

from __future__ import annotations

import pandas as pd
from test_outreach import incident, plan_and_check, rows, world

from scheduler.domain import Rules

#: b1 holds the rota's day duty on Tuesday, the day of the incident (10:00 on ward A)
ROTA = pd.DataFrame({"supporter_id": ["b1"], "date": ["2027-01-05"], "slot": ["dag"]})


def _defusing(rules: Rules, supporters=("b1",)):
    inputs = world(supporters=supporters, rules=rules)
    plan = plan_and_check(inputs, [incident(defusing=True)], ROTA)
    return inputs, plan, rows(plan, "defusing").iloc[0]


def test_only_the_duty_supporter_can_so_they_take_the_defusing():
    _, _, row = _defusing(Rules())
    assert (row["supporter_id"], row["date"], row["slot"], row["hours"]) == ("b1", "2027-01-05", "dag", 0.0)


def test_with_the_rule_off_the_defusing_is_left_with_its_reason():
    _, _, row = _defusing(Rules(defusing_by_duty_supporter=False))
    assert row["supporter_id"] == "" and row["reason_code"] == "only_duty_supporter"
    assert "defusing_by_duty_supporter" in row["reason_if_unplanned"]


def test_someone_else_free_goes_before_the_duty_supporter():
    _, _, row = _defusing(Rules(), supporters=("b1", "c1"))
    assert row["supporter_id"] == "c1"
