"""Fairness over exposure (`fair_share_basis = "exposure"`, scheduler.solve.exposure): a duty
weighs the staff it is the call for × its hours. Every rota here passed the independent checker;
burden.csv's load ratio is then exposure ÷ fair share, which the checker recounts from the rota."""

from __future__ import annotations

from conftest import days, make_inputs, plan_and_verify

from scheduler.domain import Rules
from scheduler.model.demand import build_instance
from scheduler.solve.exposure import exposure_needed, with_exposure_weights
from scheduler.solve.variables import create_variables

_FREE = {"max_duties_per_week": 7, "max_consecutive_days": 31}


def _rows(n_days: int) -> list:
    """A big ward (A, 9 at work) and small ones; five supporters from small wards."""
    rows = []
    for date in days(n_days):
        for ward, n in (("A", 9), ("B", 2), ("C", 2), ("D", 1)):
            rows += [(f"{ward.lower()}{i}", ward, date, "D") for i in range(n)]
        rows += [("x", "X", date, "D"), ("y", "Y", date, "D"), ("z", "Z", date, "D")]
    return rows


def _busiest_by_exposure(plan) -> float:
    """Largest exposure ÷ (all exposure × the supporter's weight), on either basis."""
    b = plan.burden[plan.burden["target"] > 0]
    weights = b["target"] / b["target"].sum()
    return float((b["exposure"] / (b["exposure"].sum() * weights)).max())


def test_exposure_fairness_evens_out_what_the_duties_cover() -> None:
    supporters = ["x", "y", "z", "b0", "c0"]
    hours, _ = plan_and_verify(make_inputs(_rows(14), supporters, rules=Rules(**_FREE)), time_limit=8)
    exposure, _ = plan_and_verify(make_inputs(_rows(14), supporters, rules=Rules(fair_share_basis="exposure", **_FREE)),
                                  time_limit=8)
    assert len(hours.rota.uncovered) == len(exposure.rota.uncovered) == 0
    assert _busiest_by_exposure(exposure) < _busiest_by_exposure(hours) - 0.1
    b = exposure.burden
    # The targets share out all staff-hours covered; the ratios are exposure ÷ target.
    assert abs(b["target"].sum() - b["exposure"].sum()) < 0.05
    assert all(abs(r - e / t) < 1e-3 for r, e, t in zip(b["load_ratio"], b["exposure"], b["target"], strict=True))
    assert exposure.summary["fairness"]["largest_ratio"] == max(b["load_ratio"])


def test_a_slot_weighs_its_staff_times_hours_over_its_duties() -> None:
    instance = build_instance(make_inputs(_rows(1), ["x", "y"], rules=Rules(fair_share_basis="exposure")))
    v = create_variables(instance)
    staff = sum(int(h) for h in instance.demand["headcount"])  # every ward here may be covered
    weighted = with_exposure_weights(instance, v, {("x", 0), ("y", 0)})
    assert weighted.slots[0].load_hours == staff * instance.slots[0].duty_hours / 2
    assert weighted.slots[0].duty_hours == instance.slots[0].duty_hours  # the limits still count hours
    assert exposure_needed(v, instance, 0) == (float(staff), True)
    biggest = int(instance.demand["headcount"].max())
    assert exposure_needed(v, instance, 1) == (float(staff - biggest), False)


def test_the_checker_recounts_the_ratios_on_the_exposure_basis(tmp_path) -> None:
    import json

    import pandas as pd

    from scheduler.check.folder import verify_dir
    from scheduler.report.folder import write_plan

    inputs = make_inputs(_rows(3), ["x", "y", "z"], rules=Rules(fair_share_basis="exposure", **_FREE))
    plan, _ = plan_and_verify(inputs, time_limit=5)
    folder = write_plan(plan, tmp_path / "rota")
    about = {"burden_matches_duties", "summary_matches_rota"}

    def found() -> set[str]:
        report = verify_dir(folder, inputs, allow_changed_inputs=True)
        return {f"{v.rule}:{v.column or v.key}" for v in report.violations if v.rule in about}

    assert found() == set()
    burden = pd.read_csv(folder / "burden.csv", dtype=str, keep_default_na=False)
    by_hours = [float(h) / float(t) for h, t in zip(burden["hours"], burden["target"], strict=True)]
    burden.assign(load_ratio=[f"{r:.3f}" for r in by_hours]).to_csv(folder / "burden.csv", index=False)
    assert found() == {"burden_matches_duties:load_ratio"}  # ratios by hours, where the rules say exposure
    burden.to_csv(folder / "burden.csv", index=False)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    summary["fairness"]["largest_ratio"] = round(max(by_hours), 4)
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    assert found() == {"summary_matches_rota:fairness.largest_ratio"}


def test_each_slot_keeps_the_duties_of_the_first_rota() -> None:
    from ortools.sat.python import cp_model

    from scheduler.solve.exposure import hold_slot_counts

    instance = build_instance(make_inputs(_rows(1), ["x", "y", "z"], rules=Rules(fair_share_basis="exposure")))
    v = create_variables(instance)
    hold_slot_counts(v, {("x", 0), ("y", 0)})  # two duties in the first rota's slot
    v.model.minimize(sum(v.duty.values()))
    solver = cp_model.CpSolver()
    assert solver.solve(v.model) == cp_model.OPTIMAL
    assert solver.objective_value == 2  # never fewer, so no duty carries more than its modelled even share


def test_the_fairness_tier_starts_from_a_rota_even_by_staff_hours() -> None:
    # A start made outside the model (docs/fairness.md, «Exposure»): every ward-slot the given rota
    # covers still covered, every slot at the duties it is held at, within every limit (the
    # independent checker says so) — and the busiest by modelled exposure far lower than a rota
    # that gives the big ward's slots to one supporter.
    from scheduler.check.report import format_verify_report, verify
    from scheduler.solve.exposure import even_exposure_start, slot_counts
    from scheduler.solve.rota import build_rota

    inputs = make_inputs(_rows(7), ["x", "y", "z", "b0", "c0"], rules=Rules(fair_share_basis="exposure", **_FREE))
    instance = build_instance(inputs)
    v = create_variables(instance)
    skewed = {("x", t) for t in range(len(instance.slots)) if ("x", t) in v.duty}
    skewed |= {("b0", t) for t in range(len(instance.slots)) if ("b0", t) in v.duty}  # x cannot cover X: b0 does
    weighted = with_exposure_weights(instance, v, skewed)
    targets = dict.fromkeys(["x", "y", "z", "b0", "c0"], 1.0)
    start = even_exposure_start(weighted, skewed, targets, slot_counts(skewed))

    def busiest(duties) -> float:
        load: dict[str, float] = {}
        for sid, t in duties:
            load[sid] = load.get(sid, 0.0) + weighted.slots[t].load_hours
        return max(load.values())

    assert all(slot_counts(start).get(t, 0) >= n for t, n in slot_counts(skewed).items())
    rota = build_rota(weighted, start)
    assert len(rota.uncovered) == len(build_rota(weighted, skewed).uncovered) == 0
    report = verify(inputs, rota.assignments, rota.duties)
    assert report.ok, format_verify_report(report, "en")
    assert busiest(start) < 0.7 * busiest(skewed)


def test_the_hours_tier_counts_hours_against_each_share_of_the_held_hours(tmp_path) -> None:
    # Over exposure, tier largest_hours_ratio holds the busiest by hours (docs/fairness.md,
    # «Exposure»): hours ÷ (weight × the hours of the held slot counts). The model, the count on a
    # rota and the independent checker (from burden.csv and summary.json) agree; a wrong value is found.
    import json

    from scheduler.check.folder import verify_dir
    from scheduler.report.folder import write_plan
    from scheduler.solve.tier_values import tier_value

    inputs = make_inputs(_rows(3), ["x", "y", "z"], rules=Rules(fair_share_basis="exposure", **_FREE))
    plan, _ = plan_and_verify(inputs, time_limit=5)
    tiers = {t["name"]: t for t in plan.summary["tiers"]}
    names = list(tiers)
    assert names.index("largest_load_ratio") < names.index("largest_hours_ratio") < names.index("total_duties")
    shares = plan.result.fairness.shares
    assert shares.hours_base and plan.summary["fairness"]["hours_base"] == round(shares.hours_base, 3)
    counted = tier_value("largest_hours_ratio", plan.instance, set(plan.result.duties), shares=shares) / 1000
    assert abs(tiers["largest_hours_ratio"]["value"] - counted) < 1e-9
    folder = write_plan(plan, tmp_path / "rota")

    def found() -> set[str]:
        report = verify_dir(folder, inputs, allow_changed_inputs=True)
        return {f"{v.rule}:{v.column or v.key}" for v in report.violations if v.rule == "summary_matches_rota"}

    assert found() == set()
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    for tier in summary["tiers"]:
        if tier["name"] == "largest_hours_ratio":
            tier["value"] += 0.25
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    assert found() == {"summary_matches_rota:tiers.largest_hours_ratio"}


def test_in_windows_of_weeks_the_hours_tier_is_counted_not_improved(monkeypatch) -> None:
    # A year is improved in windows of weeks, whose outside loads are exposure, not hours: the tier
    # is then the rota's count, reported without a bound and not held (scheduler.tiers, whole_model).
    from scheduler.solve import planner
    from scheduler.solve.tier_values import tier_value

    monkeypatch.setattr(planner, "WINDOWS_FROM_DUTIES", 1)
    inputs = make_inputs(_rows(8), ["x", "y", "z"], rules=Rules(fair_share_basis="exposure", **_FREE))
    plan, _ = plan_and_verify(inputs, time_limit=5)
    tier = next(t for t in plan.result.tiers if t.name == "largest_hours_ratio")
    counted = tier_value("largest_hours_ratio", plan.instance, set(plan.result.duties), shares=plan.result.fairness.shares)
    assert tier.bound == 0.0 and tier.status == "FEASIBLE"
    assert plan.result.model_stats["windows"] == 1 and tier.value == counted / 1000  # the rota returned
