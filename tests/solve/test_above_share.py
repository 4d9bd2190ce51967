"""The cost above the fair share at whole duties: its secants are valid and exact at every whole
number of duties, and their relaxation proves what whole duties cost."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from ortools.sat.python import cp_model

from scheduler.solve import objectives as obj
from scheduler.solve.above_share import above_cost, above_secants, duty_units
from scheduler.solve.fairness import FairShares
from scheduler.solve.hint import Hint


@pytest.mark.parametrize(("outside", "unit", "target"), list(itertools.product((0, 100, 1250), (100, 50, 700), (1, 233, 1040, 2999))))
def test_the_secants_give_the_cost_at_every_whole_number_of_units(outside: int, unit: int, target: int) -> None:
    """Brute force: at every whole m the largest secant is the cost itself, never above it."""
    thresholds = [(int(start * target), weight * 7) for start, weight in ((1.0, 1), (1.25, 3), (1.5, 9), (2.0, 27), (3.0, 81))]
    most = 40
    lines = above_secants(outside, unit, thresholds, most)
    for m in range(most + 1):
        cost = above_cost(outside, unit, thresholds, m)
        assert all(slope * m + intercept <= cost for slope, intercept in lines)
        assert max(slope * m + intercept for slope, intercept in lines) == cost


def test_the_cost_above_the_share_is_proven_by_the_relaxation_at_whole_duties() -> None:
    """Ten duties, one per slot, among six supporters whose shares are 10/6 duties each: every rota
    gives four of them two duties, 0.34 h each above their share. The relaxation of the secants
    proves that cost with no presolve and five conflicts; the plain form's (one variable per band
    ≥ load − threshold, as before) lets everyone take 1.67 duties and stays at a bound of 0."""
    model = cp_model.CpModel()
    sids = [f"s{i}" for i in range(6)]
    duty = {(s, t): model.new_bool_var(f"duty[{s}][{t}]") for s in sids for t in range(10)}
    for t in range(10):
        model.add(sum(duty[s, t] for s in sids) == 1)
    v = SimpleNamespace(model=model, duty=duty, slots_of={s: list(range(10)) for s in sids})
    instance = SimpleNamespace(slots=[SimpleNamespace(load_hours=1.0)] * 10)
    shares = FairShares(10.0, True, dict.fromkeys(sids, 1 / 6))
    objective = obj.load_above_fair_share(obj.TierContext(v, instance, Hint(), shares))
    model.minimize(objective.expr)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_presolve = False
    solver.parameters.max_number_of_conflicts = 5
    solver.parameters.linearization_level = 2
    assert solver.solve(model) == cp_model.OPTIMAL
    per_share = round(100 * 100 / 166)  # the weight of an hour above, per unit of a share of 1.66 h
    assert solver.objective_value == solver.best_objective_bound == 4 * (200 - 166) * per_share


def test_duty_units_are_the_largest_step_every_slot_s_load_is_a_multiple_of() -> None:
    """Slots of 1.0 and 1.5 hours: the load moves in half hours, a slot is 2 or 3 of them, and
    the secants at whole half hours are exact at every load the supporter can have."""
    v = SimpleNamespace(slots_of={"a": [0, 1, 2]})
    instance = SimpleNamespace(slots=[SimpleNamespace(load_hours=h) for h in (1.0, 1.5, 1.5)])
    unit, units = duty_units(v, instance, "a")
    assert (unit, units) == (50, [(0, 2), (1, 3), (2, 3)])
    thresholds = [(120, 1), (150, 3), (180, 9)]
    lines = above_secants(0, unit, thresholds, 8)
    for chosen in itertools.product((0, 1), repeat=3):
        m = sum(n for (_, n), on in zip(units, chosen, strict=True) if on)
        assert max(slope * m + intercept for slope, intercept in lines) == above_cost(0, unit, thresholds, m)
