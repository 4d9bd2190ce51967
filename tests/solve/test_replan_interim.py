"""A local re-plan offers its rota while its later tiers run (scheduler.solve.replan_interim), as the
full model does: from the fewest changes on, each a plan the independent checker passes, keeping
the coverage, the last one the re-plan itself."""

from __future__ import annotations

import datetime as dt

from conftest import days, make_inputs, plan_and_verify

from scheduler.check.report import format_verify_report, verify
from scheduler.domain import Rules, SolverSettings, Supporter
from scheduler.model.demand import build_instance
from scheduler.solve.interim import TierRota
from scheduler.solve.plan import make_plan, plan_of_rota
from scheduler.solve.results import SolveControl

WARDS = "ABCD"
RULES = Rules(max_duties_per_week=3, max_consecutive_days=3)


def _rows() -> list[tuple[str, str, dt.date, str]]:
    return [(f"{w.lower()}{i}", w, d, "D") for d in days(28) for w in WARDS for i in (1, 2, 3)]


def test_a_local_replan_offers_checked_plans_from_the_fewest_changes_on() -> None:
    first, _ = plan_and_verify(make_inputs(_rows(), [f"{w.lower()}{i}" for w in WARDS for i in (1, 2)], rules=RULES))
    published = first.rota.duties
    week3 = [d.isoformat() for d in days(28)[14:21]]
    sid, date = next((s, d) for s, d in published[["supporter_id", "date"]].itertuples(index=False) if d in week3)
    supporters = [Supporter(employee_id=f"{w.lower()}{i}",
                            unavailable=frozenset({dt.date.fromisoformat(date)}) if f"{w.lower()}{i}" == sid else frozenset())
                  for w in WARDS for i in (1, 2)]
    inputs = make_inputs(_rows(), supporters, rules=RULES)
    instance = build_instance(inputs)
    control = SolveControl()
    offered: list[TierRota] = []
    control.on_rota = offered.append
    final = make_plan(instance, previous=published, settings=SolverSettings(time_limit=10, workers=1, deterministic=True),
                      control=control, measure_limits=False)
    assert final.result.model_stats["local_replan"] == 1
    names = [t.name for t in final.result.tiers]
    assert [o.number for o in offered] == list(range(names.index("changed_duties") + 1, len(names) + 1))
    for o in offered:
        plan = plan_of_rota(instance, o, previous=True)
        report = verify(inputs, plan.rota.assignments, plan.rota.duties)
        assert report.ok, format_verify_report(report, "en")
        assert [t.name for t in o.result.tiers] == names[:o.number]
        assert plan.summary["model"]["tiers_not_begun"] == len(names) - o.number
        assert plan.summary["counts"]["uncovered"] == final.summary["counts"]["uncovered"]  # coverage held
        assert o.result.tier("changed_duties").value == final.result.tier("changed_duties").value  # changes held
    assert plan.rota.duties.equals(final.rota.duties)

