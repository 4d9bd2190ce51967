"""scheduler/check/outreach_duty.py: a defusing by the supporter on duty is accepted only when the
rule is on and nobody else could take it (the planner's own cases are in
tests/outreach/test_outreach_duty.py)."""

from __future__ import annotations

import datetime as dt

from test_outreach import SETTINGS, incident, world
from test_outreach_duty import ROTA, _defusing

from scheduler.check.outreach import verify_outreach
from scheduler.domain import Rules
from scheduler.model.demand import build_instance
from scheduler.outreach.plan import plan_outreach


def test_the_checker_refuses_a_duty_supporter_when_someone_else_could():
    inputs, plan, _ = _defusing(Rules(), supporters=("b1", "c1"))
    table = plan.table("en")
    defusing = table["contact"] == "defusing"
    table.loc[defusing, "supporter_id"] = "b1"
    found = verify_outreach(inputs, [incident(defusing=True)], table, ROTA)
    assert [v.rule for v in found.violations] == ["defusing_by_duty_supporter"], found.violations


def test_the_checker_refuses_a_duty_supporter_with_the_rule_off():
    inputs, _, _ = _defusing(Rules(defusing_by_duty_supporter=False))
    on = world(supporters=("b1",), rules=Rules())
    plan = plan_outreach(build_instance(on), [incident(defusing=True)],
                         [("b1", build_instance(on).slot_index(dt.date(2027, 1, 5), "dag"))], settings=SETTINGS)
    found = verify_outreach(inputs, [incident(defusing=True)], plan.table("en"), ROTA)
    assert {v.rule for v in found.violations} == {"contact_not_on_duty"}, found.violations


def test_the_checker_refuses_a_wrong_only_duty_supporter_reason():
    inputs, plan, _ = _defusing(Rules(defusing_by_duty_supporter=False), supporters=("b1", "c1"))
    table = plan.table("en")
    defusing = table["contact"] == "defusing"
    table.loc[defusing, ["supporter_id", "date", "slot", "start", "end"]] = ""
    table.loc[defusing, ["reason_code", "reason_if_unplanned"]] = ["only_duty_supporter", "only the supporter on duty"]
    found = verify_outreach(inputs, [incident(defusing=True)], table, ROTA)
    assert "defusing_by_duty_supporter" in {v.rule for v in found.violations}, found.violations
