"""A stop is looked at between the steps of building a model (issue 25: a stop within 2 s at a trust's
year, where building alone takes 6–15 s), and the time limit counts the building.

The stop is pressed at a named building step through `SolveControl.at_step`, so no test races the clock."""

from __future__ import annotations

import time

import pytest
from conftest import days, make_inputs

from scheduler.check.report import format_verify_report, verify
from scheduler.domain import SolverSettings
from scheduler.errors import Stopped
from scheduler.model.demand import build_instance
from scheduler.solve.plan import make_plan
from scheduler.solve.planner import solve
from scheduler.solve.results import RunStatus, SolveControl


@pytest.fixture(scope="module")
def week():
    """Four wards, a week, day and night staff; a supporter on every ward."""
    rows = []
    for date in days(7):
        for ward in "ABCD":
            rows += [(f"{ward.lower()}1", ward, date, "D"), (f"{ward.lower()}2", ward, date, "D"),
                     (f"{ward.lower()}3", ward, date, "N")]
    inputs = make_inputs(rows, ["a1", "b1", "c1", "d1", "a3", "c3"])
    return inputs, build_instance(inputs)


def _stop_at(control: SolveControl, step: str, nth: int = 1) -> list[str]:
    """Press stop the `nth` time a building step whose name starts with `step` is reached; returns
    every step seen (also after the stop: none should be)."""
    seen: list[str] = []

    def hook(name: str) -> None:
        seen.append(name)
        if sum(1 for s in seen if s.startswith(step)) == nth:
            control.stop()

    control.at_step = hook
    return seen


@pytest.mark.parametrize("step", ["duty variables", "class sums", "coverage variables", "rule weekly_duties",
                                  "pins", "greedy start", "warm start"])
def test_a_stop_while_the_model_is_built_returns_at_once_without_a_rota(week, step):
    _, instance = week
    control = SolveControl()
    seen = _stop_at(control, step)
    started = time.perf_counter()
    with pytest.raises(Stopped):
        solve(instance, settings=SolverSettings(time_limit=30, workers=1, deterministic=True), control=control)
    assert time.perf_counter() - started < 2.0
    assert seen[-1].startswith(step)  # nothing built after the stop


def test_a_stop_while_a_later_tier_is_built_keeps_the_rota_of_the_tiers_done(week):
    inputs, instance = week
    control = SolveControl()
    seen = _stop_at(control, "tier ", nth=2)  # the second tier, after the first has a rota
    settings = SolverSettings(time_limit=30, workers=1, deterministic=True)
    plan = make_plan(instance, settings=settings, control=control, measure_limits=False)
    assert plan.result.status is RunStatus.STOPPED
    first = next(s for s in seen if s.startswith("tier ")).removeprefix("tier ")
    assert [t.name for t in plan.result.tiers] == [first] and plan.result.duties
    assert seen[-1].startswith("tier ") and seen[-1] != f"tier {first}"  # nothing built after the stop
    report = verify(inputs, plan.rota.assignments, plan.rota.duties)
    assert report.ok, format_verify_report(report, "en")


def test_the_time_limit_counts_the_building(week):
    """Building that takes most of the limit leaves the tiers only the rest (docs/semantics.md, "Time limit")."""
    _, instance = week
    control = SolveControl()
    control.at_step = lambda step: time.sleep(2.0) if step == "warm start" else None  # a slow build
    started = time.perf_counter()
    plan = make_plan(instance, settings=SolverSettings(time_limit=3.0, workers=1), control=control,
                     measure_limits=False)
    assert time.perf_counter() - started < 3.0 + 1.0  # 2 s building + the tiers' own 3 s were 5 s
    assert plan.result.build_seconds >= 2.0


def test_a_stop_in_the_fair_reselection_of_a_large_hospital_keeps_the_rota_so_far(week, monkeypatch):
    """At a trust's year the fairness tier first re-selects who covers, slot by slot (half a minute
    under load): a stop there returns the coverage tiers' rota."""
    import scheduler.solve.planner as planner_module

    inputs, instance = week
    monkeypatch.setattr(planner_module, "WINDOWS_FROM_DUTIES", 0)  # windows, as at a trust's year
    control = SolveControl()
    seen = _stop_at(control, "fair re-selection")
    plan = make_plan(instance, settings=SolverSettings(time_limit=30, workers=1, deterministic=True),
                     control=control, measure_limits=False)
    assert seen[-1] == "fair re-selection" and plan.result.status is RunStatus.STOPPED
    assert all(t.coverage for t in _tiers(plan)) and plan.result.duties
    report = verify(inputs, plan.rota.assignments, plan.rota.duties)
    assert report.ok, format_verify_report(report, "en")


def _tiers(plan):
    from scheduler.tiers import tier

    return [tier(t.name) for t in plan.result.tiers]
