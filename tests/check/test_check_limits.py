"""scheduler/check/limits.py: the load limits — each breach caught by its check in the three-day world
of checker_world.py, and releasing several from one ward at once (the extension)."""

from __future__ import annotations

import pytest
from checker_world import (
    BASE_RULES,
    D1,
    D2,
    D3,
    Case,
    assert_caught_by_its_check,
    frames,
    plan_edit,
    rules_hit,
    valid_plan,
    world,
)

from scheduler.check.report import verify
from scheduler.domain import Rules, Ward

CASES: list[Case] = [
    # (name, world kwargs, plan edit, rule, supporter, date)
    ("two duties one day", {}, plan_edit(d2_dag_C="005", d3_kveld_C=None), "one_duty_per_day", "005", D2),
    ("weekly duties", {"supporters": {"005": {"max_duties_per_week": 2}}}, lambda p: p,
     "weekly_duties", "005", D1),
    ("weekly protected hours", {"supporters": {"005": {"protected_hours_per_week": 2.5}}}, lambda p: p,
     "weekly_protected_hours", "005", D1),
    ("period duties", {"supporters": {"005": {"max_duties_per_period": 2}}}, lambda p: p,
     "period_duties", "005", D3),
    ("period nights", {"supporters": {"003": {"max_nights_per_period": 0}}}, lambda p: p,
     "period_nights", "003", D1),
    ("consecutive days", {"rules": Rules(max_consecutive_days=2)}, lambda p: p, "consecutive_days", "005", D3),
    ("two from one ward", {}, plan_edit(d2_dag_B="004", d2_dag_C="001"), "max_on_duty_per_ward", "001", D2),
    ("wards per duty", {"rules": BASE_RULES.model_copy(update={"max_wards_per_duty": 1})}, lambda p: p,
     "wards_per_duty", "001", D1),
    ("staff per duty", {"rules": BASE_RULES.model_copy(update={"max_staff_per_duty": 4})}, lambda p: p,
     "staff_per_duty", "001", D1),  # 001 covers B (4 at work) and C (1): 5 staff
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_limit_breach_is_caught_by_its_check(case: Case) -> None:
    assert_caught_by_its_check(case)


def test_release_for_two_at_once_is_the_extension() -> None:
    # A has 4 at work in dag, minimum 3: each of 001 and 004 alone may go, both together may not.
    inputs = world(rules=BASE_RULES.model_copy(update={"max_on_duty_per_ward": 2}),
                   wards={"A": Ward(ward_id="A", min_staff_day=3)})
    report = verify(inputs, *frames(plan_edit(d2_dag_B="004", d2_dag_C="001")(valid_plan())))
    assert rules_hit(report) == {"release_keeps_minimum_staffing"}
    (v,) = report.violations
    assert v.ward == "A" and v.date == D2 and "001" in v.text_no and "004" in v.text_no
    assert "1 short" in v.text_en
