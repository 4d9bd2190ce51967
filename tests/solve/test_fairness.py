"""Fair shares, the proven bounds behind them, and fairness first — on tiny named worlds.

Every rota here passes the independent checker (conftest.plan_and_verify).
"""

from __future__ import annotations

import itertools

from conftest import days, make_inputs, plan_and_verify

from scheduler.domain import Rules, Supporter, Ward
from scheduler.model.demand import build_instance
from scheduler.solve.constraints import add_hard_rules
from scheduler.solve.fair_bounds import fewest_duties_lower_bound, forced_loads
from scheduler.solve.fairness import FairShares, share_weights
from scheduler.solve.variables import create_variables


def _slots_of(instance) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for s, t in instance.availability[["supporter_id", "slot"]].itertuples(index=False):
        out.setdefault(s, []).append(int(t))
    return out


def test_weights_follow_capacity_weeks_and_recent_activity() -> None:
    rows = [(sid, w, d, "D") for d in days(14) for sid, w in (("a1", "A"), ("b1", "B"), ("c1", "C"), ("a2", "A"))]
    supporters = [Supporter(employee_id="a1", max_duties_per_week=2), Supporter(employee_id="b1", max_duties_per_week=1),
                  Supporter(employee_id="c1", max_duties_per_week=2, recent_activity=10)]
    instance = build_instance(make_inputs(rows, supporters, rules=Rules(activity_weight=0.1)))
    weights = share_weights(instance, _slots_of(instance))
    # a1: 2 a week × 2 weeks; b1: 1 × 2; c1: 2 × 2 ÷ (1 + 0.1 × 10) = 2.
    assert abs(weights["a1"] - 4 / 8) < 1e-9 and abs(weights["b1"] - 2 / 8) < 1e-9 and abs(weights["c1"] - 2 / 8) < 1e-9


def test_ratio_is_measured_against_needed_hours_not_the_rota_total() -> None:
    shares = FairShares(needed_hours=10.0, needed_proven=True, weights={"a": 0.5, "b": 0.5})
    assert shares.ratio("a", 5.0) == 1.0
    # Adding duties to b (e.g. to dilute a's ratio) changes nothing for a, and worsens b.
    assert shares.ratio("a", 5.0) == 1.0 and shares.ratio("b", 8.0) == 1.6


def _world(n_days: int, unit: int = 0):
    """Wards A–D with day staff; supporters from A–D, plus `unit` supporters of an office (U)
    that needs no cover and is on a support shift every day: each can cover every ward alone."""
    rows = [(f"{w.lower()}{i}", w, d, "D") for d in days(n_days) for w in "ABCD" for i in (1, 2)]
    rows += [(f"u{i}", "U", d, "KS") for d in days(n_days) for i in range(1, unit + 1)]
    wards = [Ward(ward_id=w) for w in "ABCD"] + [Ward(ward_id="U", needs_coverage=False)]
    supporters = ["a1", "b1", "c1", "d1"] + [f"u{i}" for i in range(1, unit + 1)]
    return make_inputs(rows, supporters, wards=wards, rules=Rules(max_duties_per_week=5, max_consecutive_days=5))


def test_fairness_first_keeps_a_staff_unit_from_carrying_everything() -> None:
    # With fewest duties first, the office supporter (who covers all four wards alone) would take
    # every day: 5 duties against a fair share of 1. Fairness first spreads them.
    plan, _ = plan_and_verify(_world(5, unit=1))
    burden = plan.burden.set_index("supporter_id")
    assert plan.result.tier("largest_load_ratio").optimal
    assert burden.loc["u1", "duties"] < 5
    ratios = burden["load_ratio"].dropna()
    assert ratios.max() <= plan.result.tier("largest_load_ratio").value + 1e-9
    summary = plan.summary["fairness"]
    assert summary["fewest_duties"] == 5 and summary["needed_hours_proven"]
    assert summary["price_of_fairness_found"] == plan.summary["counts"]["duties"] - 5 >= 0
    # The price is the fairness's own: no rota this fair has fewer duties (proven, the duties tier).
    assert plan.result.tier("total_duties").optimal
    assert summary["fewest_duties_at_fairness_bound"] == plan.summary["counts"]["duties"] > 5


def test_those_who_cover_alone_held_to_their_share_force_the_ratio() -> None:
    # Five days; the office supporter covers a day alone, the others need two a day. The fewest (5)
    # gives everyone a share of 1; at ratio z the office takes ⌊z⌋ days alone, so 1 is short
    # (1 + 4 × 2 = 9 duties, 5 carried) and 2 is the bound — and the proven optimum.
    plan, _ = plan_and_verify(_world(5, unit=1))
    forced = [f for f in plan.result.fairness.shares.forced if "cover alone" in f.group_en]
    assert forced and abs(forced[0].ratio - 2.0) < 1e-9 and forced[0].duties == 8
    tier = plan.result.tier("largest_load_ratio")
    assert tier.optimal and abs(tier.value - 2.0) < 1e-9
    assert abs(plan.summary["fairness"]["largest_ratio_bound"] - 2.0) < 1e-9


def test_fewest_duties_lower_bound_never_exceeds_the_fewest() -> None:
    for unit in (0, 1, 2):
        inputs = _world(3, unit=unit)
        instance = build_instance(inputs)
        v = create_variables(instance)
        add_hard_rules(v, instance)
        plan, _ = plan_and_verify(inputs)
        assert fewest_duties_lower_bound(v, instance, 0) <= plan.summary["fairness"]["fewest_duties"]
    # Without the office: two supporters per day, always (one never covers their own ward).
    instance = build_instance(_world(3))
    v = create_variables(instance)
    assert fewest_duties_lower_bound(v, instance, 0) == 6


def test_a_small_site_forces_load_and_the_bound_names_its_supporters() -> None:
    # Site S has one ward and one supporter from another of its wards; the big site has many.
    rows = [(f"{w.lower()}{i}", w, d, "D") for d in days(4) for w in ("A", "B", "C", "S1", "S2") for i in (1, 2)]
    wards = [Ward(ward_id=w, site="Big") for w in "ABC"] + [Ward(ward_id=w, site="Small") for w in ("S1", "S2")]
    inputs = make_inputs(rows, ["a1", "b1", "c1", "s21"], wards=wards, rules=Rules(same_site=True, max_duties_per_week=5,
                                                                                        max_consecutive_days=5))
    plan, _ = plan_and_verify(inputs)
    forced = plan.result.fairness.shares.forced
    small = [f for f in forced if "Small" in f.group_en]
    assert small and small[0].supporters == ("s21",) and small[0].duties == 4
    # s21 must cover S1 every day: 4 duties; the bound says so, and the solver proves the ratio.
    share = plan.result.fairness.shares.target("s21")
    assert abs(small[0].ratio - 4 / share) < 1e-6
    assert plan.result.tier("largest_load_ratio").optimal
    assert abs(plan.result.tier("largest_load_ratio").bound - plan.result.tier("largest_load_ratio").value) < 1e-9


def test_ward_slots_left_uncovered_on_one_site_do_not_lighten_another() -> None:
    # Big: a1 may take one duty a week, so B stays uncovered 3 of 4 days. Small: S1 needs s21 every
    # day. Counting the Big site's 3 uncovered against the Small one would leave s21 only 1 forced.
    rows = [(f"{w.lower()}{i}", w, d, "D") for d in days(4) for w in ("A", "B", "S1", "S2") for i in (1, 2)]
    wards = [Ward(ward_id=w, site="Big") for w in "AB"] + [Ward(ward_id=w, site="Small") for w in ("S1", "S2")]
    supporters = [Supporter(employee_id="a1", max_duties_per_week=1), "s21"]
    inputs = make_inputs(rows, supporters, wards=wards,
                         rules=Rules(same_site=True, max_duties_per_week=5, max_consecutive_days=5))
    plan, _ = plan_and_verify(inputs)
    small = [f for f in plan.result.fairness.shares.forced if f.supporters == ("s21",)]
    assert small and max(f.duties for f in small) == 4
    # Per site, the fewest duties too: 1 on Big, 4 on Small.
    assert plan.summary["fairness"]["fewest_duties_bound"] == 5
    assert plan.result.tier("largest_load_ratio").optimal


def test_forced_bound_is_a_lower_bound_on_every_valid_rota() -> None:
    inputs = _world(2, unit=1)
    instance = build_instance(inputs)
    v = create_variables(instance)
    plan, _ = plan_and_verify(inputs)
    shares = plan.result.fairness.shares
    bound = max((f.ratio for f in forced_loads(v, instance, shares, 0)), default=0.0)
    options = [(s, int(t)) for s, t in instance.availability[["supporter_id", "slot"]].itertuples(index=False)]
    home = {s: instance.employees[s].ward for s in instance.supporters}
    demand = [(w, int(t)) for w, t in instance.demand[["ward", "slot"]].itertuples(index=False)]
    for r in range(len(options) + 1):
        for chosen in itertools.combinations(options, r):
            if len({(s, instance.slots[t].date) for s, t in chosen}) < len(chosen):
                continue  # two duties one day
            if all(any(tt == t and home[s] != w for s, tt in chosen) for w, t in demand):
                largest = max(shares.ratio(s, sum(1.0 for x, _ in chosen if x == s)) or 0 for s in shares.weights)
                assert largest >= bound - 1e-9
