"""Counting a tier without a model gives the value its objective has on the model, tier by tier."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.domain import SolverSettings
from scheduler.io import load_paths
from scheduler.model.demand import build_instance
from scheduler.solve import objectives as obj
from scheduler.solve.constraints import add_hard_rules
from scheduler.solve.cpsat import hint_from_duties
from scheduler.solve.plan import make_plan
from scheduler.solve.tier_values import tier_value
from scheduler.solve.variables import create_variables
from scheduler.tiers import TIERS

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def sample():
    inputs = load_paths([DATA / "turnus.csv"], DATA / "supporters.csv", wards_path=DATA / "wards.csv",
                        rules_path=DATA / "rules.toml")
    instance = build_instance(inputs)
    plan = make_plan(instance, settings=SolverSettings(time_limit=4, workers=1, deterministic=True), measure_limits=False)
    return instance, plan


@pytest.mark.parametrize("name", [t.name for t in TIERS])
def test_count_equals_the_objective_on_the_model(sample, name: str) -> None:
    instance, plan = sample
    duties = plan.result.duties
    previous = frozenset(sorted(duties)[::2])  # half of the rota, as if it had been published
    v = create_variables(instance)
    add_hard_rules(v, instance)
    hint = hint_from_duties(v, duties)
    even = obj.even_shares(instance, sorted(duties), v.slots_of)
    ctx = obj.TierContext(v, instance, hint, plan.result.fairness.shares, previous, even=even)
    objective = obj.build(next(t for t in TIERS if t.name == name), ctx)
    v.model.minimize(objective.expr)
    assert tier_value(name, instance, duties, shares=ctx.shares, previous=previous, even=even) == \
        pytest.approx(hint.objective_value(v.model))


def test_hours_above_the_line_go_to_the_largest_share_when_weighed_per_share(sample) -> None:
    """A local re-plan's forced hours above the line (objectives.load_above_caps, per_share): one
    duty that must be given, two supporters who may take it, every cap at nothing — per unit of
    share the one with the larger fair share takes it; counted in plain hours they tie."""
    from ortools.sat.python import cp_model

    instance, plan = sample
    shares = plan.result.fairness.shares
    targets = shares.hundredths()
    v = create_variables(instance)
    t, pair = next((t, sorted(sids, key=lambda s: targets[s])) for t, sids in sorted(v.supporters_in.items())
                   if len({targets.get(s) for s in sids} - {None}) >= 2 and all(s in targets for s in sids))
    small, large = pair[0], pair[-1]
    assert targets[small] < targets[large]
    for key, var in v.duty.items():
        if key not in {(small, t), (large, t)}:
            v.model.add(var == 0)
    v.model.add(v.duty[small, t] + v.duty[large, t] == 1)
    ctx = obj.TierContext(v, instance, hint_from_duties(v, set()), shares, frozenset())
    v.model.minimize(obj.load_above_caps(ctx, dict.fromkeys(targets, 0), per_share=True).expr)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(v.model) == cp_model.OPTIMAL
    assert solver.value(v.duty[large, t]) == 1 and solver.value(v.duty[small, t]) == 0
