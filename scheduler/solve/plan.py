"""One call from an Instance to everything the output folder holds (docs/outputs.md), shared by the command line and the app."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace

import pandas as pd

from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.solve.assign_packed import add_duties_for_packing
from scheduler.solve.interim import TierRota
from scheduler.solve.planner import WINDOWS_FROM_DUTIES, solve
from scheduler.solve.replan_shares import ReplanBasis
from scheduler.solve.results import SolveControl, SolveProgress, SolveResult
from scheduler.solve.rota import Rota, build_rota, duty_keys
from scheduler.solve.sensitivity import RELAXATIONS, LimitEffect, binding_limits
from scheduler.solve.tables import burden_table, coverage_table, summary

__all__ = ["Plan", "make_plan", "plan_of_rota", "plan_tables"]

#: Share of the time limit kept for measuring which limits bind (when something stays uncovered),
#: and for laying out the rota after the solve.
_LIMITS_SHARE = 0.15
_AFTER_SHARE = 0.02
_AFTER_PER_ROW = 3e-5  # seconds per ward-slot with demand (measured since naming by arrays: 1.5 s for 81,090 at load 5; twice that kept)


@dataclass
class Plan:
    instance: Instance
    result: SolveResult
    rota: Rota
    burden: pd.DataFrame
    coverage: pd.DataFrame
    summary: dict
    limits: list[LimitEffect] = field(default_factory=list)
    on_call: pd.DataFrame | None = None  # on_call.csv when the rules plan an on-call supporter (scheduler.oncall)
    basis: ReplanBasis | None = None  # what a later local re-plan may keep of its fair shares (replan_shares)


def make_plan(
    instance: Instance,
    *,
    pins: Iterable[Pin] = (),
    previous: pd.DataFrame | None = None,
    settings: SolverSettings | None = None,
    on_progress: Callable[[SolveProgress], None] | None = None,
    control: SolveControl | None = None,
    measure_limits: bool = True,
    lang: str = "no",
    timings: dict[str, float] | None = None,
    previous_basis: ReplanBasis | None = None,
) -> Plan:
    """Solve, name who to call, explain what is uncovered, and measure which limits bind.

    The time limit covers the solve and the measuring of binding limits together: the solve may
    use all but `_LIMITS_SHARE` of it (it ends sooner when every tier is proven), and the
    measuring gets what is left (docs/semantics.md, "Time limit"). `previous_basis`: the published
    rota's fair-share base, kept by a local re-plan when sound (scheduler.solve.replan_shares)."""
    pins = list(pins)
    started = time.perf_counter()
    limit = settings or instance.rules.solver
    # Measuring re-solves coverage once per limit; on a hospital too large for that to fit in the
    # share kept for it, the solve keeps the time (docs/semantics.md, "Time limit").
    fits = len(instance.availability) < WINDOWS_FROM_DUTIES
    limits_note = "" if fits or not measure_limits else "too large to re-solve once per limit within the time limit"
    measure_limits = measure_limits and fits
    # Naming who covers, the tables, the summary — and writing them (a year of 100 wards writes
    # 100,000 rows twice, workbook included): kept out of the solve's time.
    after = max(0.5, _AFTER_SHARE * limit.time_limit) + _AFTER_PER_ROW * len(instance.demand)
    deadline = started + limit.time_limit * ((1 - _LIMITS_SHARE) if measure_limits else 1.0) - after
    previous_keys = duty_keys(instance, previous) if previous is not None else None
    result = solve(instance, pins=pins, previous=previous_keys, settings=settings, on_progress=on_progress,
                   control=control, deadline=deadline, previous_basis=previous_basis)
    solved = time.perf_counter()
    if control is not None:
        control.mark("rota")
    if result.model_stats.get("local_replan") and measure_limits:
        # A local re-plan re-opened a few weeks; measuring each limit re-solves the whole horizon.
        measure_limits, limits_note = False, "a local re-plan: measured when the whole horizon is planned"
    forbidden = _forbidden(instance, pins)
    targets = result.fairness.shares.targets if result.fairness else None
    with collector_paused():
        rota = build_rota(instance, result.duties, result.ward_locks, forbidden, lang, targets)
    uncovered = len(rota.uncovered)
    limits: list[LimitEffect] = []
    unexplained = uncovered - len(result.uncoverable)
    if measure_limits and unexplained > 0 and not (control and control.stopped):
        left = started + limit.time_limit - after - time.perf_counter()
        measured = sum(1 for relaxation in RELAXATIONS.values() if relaxation.apply(instance) is not None)
        seconds_each = min(10.0, left / max(1, measured))
        if seconds_each >= max(0.3, 1.2 * result.build_seconds):
            if control is not None:
                control.mark("limits")
            limits = binding_limits(instance, uncovered, pins=pins, settings=limit, control=control,
                                    seconds_each=seconds_each, deadline=started + limit.time_limit - after)
        else:
            limits_note = "no time left within the time limit"
    measured = time.perf_counter()
    if control is not None:
        control.mark("tables")
    shares = result.fairness.shares if result.fairness else None
    with collector_paused():
        burden = burden_table(instance, rota, shares)
        coverage = coverage_table(instance, rota)
    times = {**(timings or {}), "solve_total": solved - started, "limits": measured - solved,
             "plan_total": time.perf_counter() - started}
    extra = {"binding_limits": [asdict(e) | {"gain": e.gain} for e in limits],
             "previous_rota": previous is not None, "pins": len(pins)}
    if limits_note:
        extra["binding_limits_skipped"] = limits_note
    return Plan(instance, result, rota, burden, coverage, summary(instance, rota, result, times, extra, burden), limits)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while a rota is laid out: it makes 100,000s of small objects at a
    trust's year, and each full collection walks the whole instance and model (0.3–0.5 s each,
    5 in one stop's few seconds at L, benchmarks/PAGES.md). Collected as usual afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _forbidden(instance: Instance, pins: list[Pin]) -> set[tuple[str, int]]:
    return {(p.supporter_id, t) for p in pins if p.action == "forbid"
            for t in [instance.slot_index(p.date, p.slot)] if t is not None}


def plan_of_rota(instance: Instance, offered: TierRota, *, pins: Iterable[Pin] = (), previous: bool = False,
                 lang: str = "no") -> Plan:
    """A plan of the rota held after a finished tier (scheduler.solve.interim), while later tiers
    still run: named, explained and tabled as a finished plan is, so it can be shown, checked and
    taken as it is. Its limits are not measured (that re-solves coverage once per limit)."""
    with collector_paused():
        return _plan_of_rota(instance, offered, list(pins), previous, lang)


def _plan_of_rota(instance: Instance, offered: TierRota, pins: list[Pin], previous: bool, lang: str) -> Plan:
    started = time.perf_counter()
    forbidden = _forbidden(instance, pins)
    result = replace(offered.result, duties=add_duties_for_packing(instance, offered.result.duties,
                                                                   offered.result.ward_locks, forbidden))
    targets = result.fairness.shares.targets if result.fairness else None
    rota = build_rota(instance, result.duties, result.ward_locks, forbidden, lang, targets)
    shares = result.fairness.shares if result.fairness else None
    burden = burden_table(instance, rota, shares)
    times = {"solve_total": result.solve_seconds, "limits": 0.0,
             "plan_total": result.solve_seconds + time.perf_counter() - started}
    extra = {"binding_limits": [], "previous_rota": previous, "pins": len(pins),
             "binding_limits_skipped": "a plan taken before its last tier",
             "interim": {"tier": offered.number, "tiers": offered.tiers}}
    return Plan(instance, result, rota, burden, coverage_table(instance, rota),
                summary(instance, rota, result, times, extra, burden))


def plan_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    return {
        "assignments": plan.rota.assignments,
        "duties": plan.rota.duties,
        "burden": plan.burden,
        "coverage": plan.coverage,
    }
