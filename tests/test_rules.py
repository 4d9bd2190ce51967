"""Each hard rule of the model on its own: with the rule the limit holds, without it the optimiser
would break it. Counts are read from the solved variables of a tiny model that wants all duties."""

from __future__ import annotations

import pytest
from conftest import MONDAY, days, make_inputs
from ortools.sat.python import cp_model

from scheduler.demand import build_instance
from scheduler.domain import Pin, Rules, Supporter, Ward
from scheduler.errors import PinConflict
from scheduler.limits import HARD_RULES
from scheduler.rules import apply_pins
from scheduler.variables import create_variables


def _max_duties(inputs, rule: str | None = None, extra=None):
    """Solve 'as many duties as possible' under one rule (or none); return chosen (supporter, slot)."""
    instance = build_instance(inputs)
    v = create_variables(instance)
    if rule is not None:
        HARD_RULES[rule].add(v, instance)
    if extra is not None:
        extra(v, instance)
    v.model.maximize(sum(v.duty.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(v.model) == cp_model.OPTIMAL
    return instance, {k for k, var in v.duty.items() if solver.value(var)}


def _world(n_days: int = 7, codes=("D", "A", "N"), supporters=("s",), rules: Rules | None = None, wards=()):
    ids = [s.employee_id if isinstance(s, Supporter) else s for s in supporters]
    rows = []
    for date in days(n_days):
        for code in codes:
            for sid in ids:
                rows.append((sid, "A", date, code))
        rows.append(("other", "B", date, "D"))
    return make_inputs(rows, list(supporters), rules=rules, wards=wards)


def test_one_duty_per_day() -> None:
    inputs = _world(3)
    _, free = _max_duties(inputs)
    instance, limited = _max_duties(inputs, "one_duty_per_day")
    assert len(free) == 9
    assert len(limited) == 3 and len({instance.slots[t].date for _, t in limited}) == 3


def test_weekly_duties() -> None:
    inputs = _world(7, codes=("D",), rules=Rules(max_duties_per_week=2))
    _, chosen = _max_duties(inputs, "weekly_duties")
    assert len(chosen) == 2


def test_weekly_duties_supporter_limit_overrides_rules() -> None:
    inputs = _world(7, codes=("D",), supporters=(Supporter(employee_id="s", max_duties_per_week=1),))
    _, chosen = _max_duties(inputs, "weekly_duties")
    assert len(chosen) == 1


def test_weekly_protected_hours() -> None:
    inputs = _world(7, codes=("D",), rules=Rules(protected_hours_per_week=2.5))
    _, chosen = _max_duties(inputs, "weekly_protected_hours")
    assert len(chosen) == 2  # 1.0 duty hour each


def test_period_duties() -> None:
    inputs = _world(7, codes=("D",), rules=Rules(max_duties_per_period=4))
    _, chosen = _max_duties(inputs, "period_duties")
    assert len(chosen) == 4


def test_period_nights() -> None:
    inputs = _world(7, codes=("N",), supporters=(Supporter(employee_id="s", max_nights_per_period=1),))
    _, chosen = _max_duties(inputs, "period_nights")
    assert len(chosen) == 1


def test_consecutive_days() -> None:
    inputs = _world(7, codes=("D",), rules=Rules(max_consecutive_days=2))
    instance, chosen = _max_duties(inputs, "consecutive_days")
    dates = sorted(instance.slots[t].date for _, t in chosen)
    run = longest = 1
    for a, b in zip(dates, dates[1:], strict=False):
        run = run + 1 if (b - a).days == 1 else 1
        longest = max(longest, run)
    assert longest == 2 and len(chosen) == 5  # pattern xx.xx.x


def test_max_on_duty_per_ward() -> None:
    inputs = _world(1, codes=("D",), supporters=("s", "t", "u"))
    _, chosen = _max_duties(inputs, "max_on_duty_per_ward")
    assert len(chosen) == 1


def test_release_keeps_minimum_staffing_for_several_supporters() -> None:
    rules = Rules(max_on_duty_per_ward=3)
    rows = [(sid, "A", MONDAY, "D") for sid in ("s", "t", "u", "o1")] + [("b", "B", MONDAY, "D")]
    inputs = make_inputs(rows, ["s", "t", "u"], rules=rules, wards=[Ward(ward_id="A", min_staff_day=2)])
    _, chosen = _max_duties(inputs, "release_keeps_minimum_staffing")
    assert len(chosen) == 2  # headcount 4, minimum 2: two may go


def test_coverage_only_by_eligible_supporters() -> None:
    inputs = make_inputs([("s", "A", MONDAY, "D"), ("b", "B", MONDAY, "D")], ["s"])
    instance = build_instance(inputs)
    v = create_variables(instance)
    HARD_RULES["coverage_only_by_eligible_supporters"].add(v, instance)
    v.model.maximize(sum(v.covered.values()))
    v.model.add(sum(v.duty.values()) == 0)
    solver = cp_model.CpSolver()
    assert solver.solve(v.model) == cp_model.OPTIMAL
    assert solver.objective_value == 0  # with nobody on duty, nothing counts as covered
    assert ("A", 0) in v.uncoverable  # s is from A: A can never be covered by s


def test_wards_per_duty_limits_wards_named() -> None:
    rules = Rules(max_wards_per_duty=1)
    rows = [("s", "A", MONDAY, "D"), ("b", "B", MONDAY, "D"), ("c", "C", MONDAY, "D")]
    instance = build_instance(make_inputs(rows, ["s"], rules=rules))
    v = create_variables(instance)
    HARD_RULES["coverage_only_by_eligible_supporters"].add(v, instance)
    HARD_RULES["wards_per_duty"].add(v, instance)
    v.model.maximize(sum(v.covered.values()))
    solver = cp_model.CpSolver()
    assert solver.solve(v.model) == cp_model.OPTIMAL
    assert solver.objective_value == 1


def test_forbid_pin_removes_the_duty() -> None:
    inputs = _world(1, codes=("D",))
    _, chosen = _max_duties(inputs, extra=lambda v, i: apply_pins(v, i, [Pin(supporter_id="s", date=MONDAY, slot="dag", action="forbid")]))
    assert chosen == set()


def test_lock_pin_on_impossible_duty_is_a_clear_conflict() -> None:
    inputs = _world(1, codes=("D",))
    instance = build_instance(inputs)
    v = create_variables(instance)
    with pytest.raises(PinConflict) as error:
        apply_pins(v, instance, [Pin(supporter_id="s", date=MONDAY, slot="natt", action="lock")])
    assert "s" in error.value.messages[0].text_en and "not available" in error.value.messages[0].text_en
