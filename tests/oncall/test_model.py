"""The on-call model: every needed slot first, then the busiest (on-site hours + weight × on-call,
over the fair share) as low as it goes, then spread evenly — each tier proven on a small world.
(Its results on whole plans are checked by the independent checker in test_plan.py.)"""

from __future__ import annotations

import pandas as pd
from oncall_world import on_call_world

from scheduler.domain import OnCallRules, SolverSettings
from scheduler.model.demand import build_instance
from scheduler.oncall.candidates import on_call_candidates
from scheduler.oncall.model import solve_on_call
from scheduler.oncall.need import Need

SETTINGS = SolverSettings(time_limit=5, workers=1, deterministic=True)
NO_DUTIES = pd.DataFrame(columns=["supporter_id", "date", "slot"])


def _solve(rules: OnCallRules, hours: dict[str, float], targets: dict[str, float]):
    instance = build_instance(on_call_world(3, on_call=rules))
    needs = [Need(s.index, "uncovered", ("A",)) for s in instance.slots if s.name == "natt"]
    candidates = on_call_candidates(instance, needs, NO_DUTIES)
    solution = solve_on_call(instance, needs, candidates, hours, targets, SETTINGS, 5.0)
    counts = pd.Series(list(solution.chosen.values())).value_counts().to_dict()
    return solution, counts


def test_the_one_carrying_least_on_site_is_on_call_most_within_the_weekly_limit() -> None:
    solution, counts = _solve(OnCallRules(), {"b1": 0.0, "c1": 3.0}, {"b1": 1.0, "c1": 1.0})
    assert counts == {"b1": 2, "c1": 1}  # b1 would take all three, but two a week is the limit
    assert [t["tier"] for t in solution.tiers] == ["on_call_coverage", "on_call_busiest", "on_call_spread"]
    assert all(t["proven"] and t["value"] == t["bound"] for t in solution.tiers)
    assert solution.tiers[0]["value"] == 3


def test_the_busiest_ratio_is_held_down_by_the_fair_share() -> None:
    # b1's share is four times c1's: b1 may carry more before being the busiest.
    solution, counts = _solve(OnCallRules(max_per_week=3, weight=1.0), {"b1": 1.0, "c1": 1.0}, {"b1": 4.0, "c1": 1.0})
    assert counts == {"b1": 3}
    assert solution.tiers[1]["value"] == 1000  # c1's own 1 h ÷ 1 h: nobody on call above that


def test_fewest_slots_without_comes_first() -> None:
    solution, counts = _solve(OnCallRules(max_per_period=1), {"b1": 0.0, "c1": 9.0}, {"b1": 1.0, "c1": 1.0})
    assert counts == {"b1": 1, "c1": 1} and solution.tiers[0] == {"tier": "on_call_coverage", "value": 2, "bound": 2,
                                                                   "proven": True}


def test_slots_of_unequal_weight_go_where_the_ratio_stays_lowest() -> None:
    # Exposure: each night weighs what it stands for (here 1, 1 and 6 staff-hours). b1 and c1 start
    # even, so the heavy night goes to one and both light ones to the other; every tier proven.
    instance = build_instance(on_call_world(3, on_call=OnCallRules(max_per_week=3), basis="exposure"))
    needs = [Need(s.index, "uncovered", ("A",)) for s in instance.slots if s.name == "natt"]
    loads = dict(zip([n.t for n in needs], (1.0, 1.0, 6.0), strict=True))
    solution = solve_on_call(instance, needs, on_call_candidates(instance, needs, NO_DUTIES), {"b1": 0.0, "c1": 0.0},
                             {"b1": 10.0, "c1": 10.0}, SETTINGS, 5.0, loads)
    heavy = solution.chosen[needs[2].t]
    assert {solution.chosen[needs[0].t], solution.chosen[needs[1].t]} == {"b1", "c1"} - {heavy}
    assert solution.tiers[1]["value"] == 600 and all(t["proven"] for t in solution.tiers)
