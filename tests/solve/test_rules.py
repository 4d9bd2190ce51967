"""The coverage rules and the pins in the model, each on its own (the duty limits are in
tests/solve/test_limits.py). Counts are read from the solved variables of a tiny model."""

from __future__ import annotations

import pytest
from conftest import MONDAY, days, make_inputs
from ortools.sat.python import cp_model

from scheduler.domain import Pin, Rules, Supporter
from scheduler.errors import PinConflict
from scheduler.model.demand import build_instance
from scheduler.solve.constraints import apply_pins
from scheduler.solve.limits import HARD_RULES
from scheduler.solve.variables import create_variables


def _max_duties(inputs, extra):
    """Solve 'as many duties as possible' with `extra` added; return chosen (supporter, slot)."""
    instance = build_instance(inputs)
    v = create_variables(instance)
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


def test_lock_pin_conflict_names_the_person_and_a_norwegian_date() -> None:
    """Issue 23: «Låst vakt for 11468 2027-01-12 kveld» — a number and an ISO date; now the name and 12.01.2027."""
    inputs = _world(1, codes=("D",))
    instance = build_instance(inputs)
    with pytest.raises(PinConflict) as error:
        apply_pins(create_variables(instance), instance, [Pin(supporter_id="s", date=MONDAY, slot="natt", action="lock")])
    text = error.value.messages[0].text_no
    assert f"Person s (s) {MONDAY:%d.%m.%Y} (natt)" in text and MONDAY.isoformat() not in text, text
