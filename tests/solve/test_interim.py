"""The rota after each finished tier is offered while later tiers run (issue 20, «Anytime»): from
fairness on, each a valid plan the independent checker passes, never worse than the one before on
the tiers both finished."""

from __future__ import annotations

from conftest import days, make_inputs

from scheduler.check.report import format_verify_report, verify
from scheduler.domain import SolverSettings
from scheduler.model.demand import build_instance
from scheduler.solve.interim import TierRota
from scheduler.solve.plan import make_plan, plan_of_rota
from scheduler.solve.results import SolveControl


def test_each_tier_from_fairness_on_offers_a_checked_plan():
    rows = [(f"{w.lower()}{i}", w, d, "D" if i < 3 else "N") for d in days(7) for w in "ABCD" for i in (1, 2, 3)]
    inputs = make_inputs(rows, ["a1", "b1", "c1", "d1", "a3", "c3"])
    instance = build_instance(inputs)
    control = SolveControl()
    offered: list[TierRota] = []
    control.on_rota = offered.append
    final = make_plan(instance, settings=SolverSettings(time_limit=10, workers=1, deterministic=True),
                      control=control, measure_limits=False)
    names = [t.name for t in final.result.tiers]
    fairness_at = names.index("largest_load_ratio") + 1
    assert [o.number for o in offered] == list(range(fairness_at, len(names) + 1))
    assert all(o.tiers == len(names) for o in offered)
    for o in offered:
        plan = plan_of_rota(instance, o)  # the last is the final rota: the tiers after it are none
        report = verify(inputs, plan.rota.assignments, plan.rota.duties)
        assert report.ok, format_verify_report(report, "en")
        assert plan.summary["interim"] == {"tier": o.number, "tiers": o.tiers}
        assert plan.summary["counts"]["uncovered"] == final.summary["counts"]["uncovered"]  # coverage held
    assert plan.rota.duties.equals(final.rota.duties)
