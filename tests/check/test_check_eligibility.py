"""scheduler/check/eligibility.py: who may be on duty, and for which ward — each breach caught by its
check in the three-day world of checker_world.py."""

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
    world_codes,
)

from scheduler.check.report import verify
from scheduler.domain import Ward

CASES: list[Case] = [
    # (name, world kwargs, plan edit, rule, supporter, date)
    ("own ward", {}, plan_edit(d1_dag_A="001"), "never_covers_own_ward", "001", D1),
    ("own department",
     {"rules": BASE_RULES.model_copy(update={"separation": "department"}),
      "wards": {"A": Ward(ward_id="A", department="med"), "B": Ward(ward_id="B", department="med"),
                "C": Ward(ward_id="C", department="kir")}},
     lambda p: p, "never_covers_own_ward", "002", D1),
    ("led ward", {"supporters": {"003": {"leads_wards": frozenset({"A"})}}}, lambda p: p,
     "never_covers_led_ward", "003", D2),
    ("other site",
     {"rules": BASE_RULES.model_copy(update={"same_site": True}),
      "wards": {"A": Ward(ward_id="A", site="nord"), "B": Ward(ward_id="B", site="nord"),
                "C": Ward(ward_id="C", site="sør")}},
     lambda p: p, "same_site", "005", D1),
    ("training expired", {"supporters": {"004": {"training_valid_until": D2}}}, lambda p: p,
     "supporter_available", "004", D3),
    ("unavailable date", {"supporters": {"004": {"unavailable": frozenset({D3})}}}, lambda p: p,
     "supporter_available", "004", D3),
    ("not at work", {"codes": {**world_codes(), "004": ["D", "D", "F"]}}, lambda p: p,
     "supporter_available", "004", D3),
    ("not a supporter", {}, plan_edit(d1_dag_C="a1"), "supporter_available", "a1", D1),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_eligibility_breach_is_caught_by_its_check(case: Case) -> None:
    assert_caught_by_its_check(case)


def test_named_supporter_without_duty_row() -> None:
    assignments, duties = frames(valid_plan())
    duties = duties[~((duties["supporter_id"] == "004") & (duties["date"] == "2027-01-06"))]
    report = verify(world(), assignments, duties)
    assert rules_hit(report) == {"named_supporter_on_duty"}
    (v,) = report.violations
    assert (v.supporter_id, v.date, v.slot) == ("004", D3, "dag") and "2027-01-06" in v.text_en


def test_release_for_one_is_also_availability() -> None:
    inputs = world(wards={"A": Ward(ward_id="A", min_staff_day=4)})
    report = verify(inputs, *frames(valid_plan()))
    assert rules_hit(report) == {"supporter_available", "release_keeps_minimum_staffing"}
    unavailable = {(v.supporter_id, v.date) for v in report.violations if v.rule == "supporter_available"}
    assert unavailable == {("001", D1), ("004", D2), ("004", D3)}
