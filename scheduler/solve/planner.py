"""Builds the CP-SAT model, runs the priorities one after another, reports values and bounds.

The only module that creates a CP-SAT solver. Every run states its settings (workers, time limit,
seed) and returns per tier the value reached, the best proven bound and the wall time. The time
limit bounds the whole run: model building and every tier (docs/semantics.md, "Time limit").

How (docs/fairness.md):
- coverage tiers are solved on the model of the whole horizon, where CP-SAT proves them quickly;
- before fairness, the fewest duties the coverage needs is measured (not kept): it is the base of
  every fair share;
- fairness is solved level by level: the largest load ÷ fair share, then — for those not held
  there by coverage — the largest among the rest, until everyone left is at or under
  `FLAG_RATIO`; each level is held as a cap per supporter;
- on large hospitals (a year of 100 wards) the later tiers are improved in windows of two weeks
  (scheduler.solve.windows), starting from a fair re-selection of the coverage rota
  (scheduler.solve.rebalance): a window is small enough for CP-SAT to solve in a second or two;
- every tier holds the levels the earlier ones reached; a rota made outside a model (the fair
  re-selection, spare duties dropped) is taken only when it keeps them (`_Planner.taken`), so a
  re-plan's changes stay as the changes tier left them (docs/fairness.md, "Re-planning").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.errors import Stopped
from scheduler.solve import objectives as obj
from scheduler.solve.assign_packed import add_duties_for_packing
from scheduler.solve.constraints import add_hard_rules, apply_pins
from scheduler.solve.cpsat import (
    Watcher,
    duties_of,
    hint_from_duties,
    solve_model,
)
from scheduler.solve.cuts import min_duties_cuts
from scheduler.solve.exposure import uses_exposure
from scheduler.solve.fair_steps import FairnessSteps
from scheduler.solve.greedy import greedy_rota, prune_redundant_duties
from scheduler.solve.hint import Hint
from scheduler.solve.interim import offer
from scheduler.solve.levels import LevelsHeld
from scheduler.solve.local_replan import replan_locally
from scheduler.solve.replan_shares import ReplanBasis
from scheduler.solve.results import (
    FairnessResult,
    RunStatus,
    SolveControl,
    SolveProgress,
    SolveResult,
    TierResult,
)
from scheduler.solve.variables import create_variables
from scheduler.solve.window_steps import WindowSteps
from scheduler.tiers import Tier, coverage_tier, tier_order

__all__ = ["solve"]

#: Measuring the fewest duties that fair shares are based on is not a tier, but takes time like one
#: (each tier's own share of the time is its `time_weight`, scheduler.tiers).
_MEASURE_SHARES_WEIGHT = 2
#: From this many duty variables on, the tiers after coverage are improved in windows of weeks.
#: A 40-ward hospital over 12 weeks has about 4,000 and proves fairness on its whole model; a
#: 100-ward year has about 40,000 and does not (benchmarks/RESULTS.md).
WINDOWS_FROM_DUTIES = 12_000
#: A large hospital's first tier of coverage rarely presolves in less; later tiers get at least
#: this much of the first tier's time so they are not cut off in presolve.
_MIN_TIER_SHARE = 1.5
#: The changes tier's objective reaches every duty: on a year its presolve took twice the first
#: tier's (11 s against 5.6 s, generated L-1). The tiers after it move only where duties changed.
_MIN_CHANGES_SHARE = 4.0
_MIN_LEFT_SHARE = 0.25


class _Clock:
    """The run's deadline: the time limit counts from the start of model building."""

    def __init__(self, settings: SolverSettings, deadline: float | None) -> None:
        self.started = time.perf_counter()
        self.deadline = deadline if deadline is not None else self.started + settings.time_limit

    def left(self) -> float:
        return max(0.0, self.deadline - time.perf_counter())

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def _forbidden(instance: Instance, pins: Iterable[Pin]) -> set[tuple[str, int]]:
    return {(p.supporter_id, t) for p in pins if p.action == "forbid"
            for t in [instance.slot_index(p.date, p.slot)] if t is not None}


def _locked_keys(instance: Instance, pins: Iterable[Pin]) -> set[tuple[str, int]]:
    return {(p.supporter_id, t) for p in pins if p.action == "lock"
            for t in [instance.slot_index(p.date, p.slot)] if t is not None}


class _Planner(LevelsHeld, FairnessSteps, WindowSteps):
    """One run: the whole-horizon model, the tiers in order, and what each reached."""

    def __init__(self, instance: Instance, pins: list[Pin], previous: set[tuple[str, int]] | None,
                 settings: SolverSettings, on_progress: Callable[[SolveProgress], None] | None,
                 control: SolveControl, clock: _Clock) -> None:
        self.instance, self.pins, self.settings, self.control, self.clock = instance, pins, settings, control, clock
        self.previous = frozenset(previous or ())
        self.on_progress = on_progress
        # Building a year of 100 wards takes 6–15 s: every step looks at the stop (raises Stopped).
        check = control.check
        self.v = create_variables(instance, check=check)
        add_hard_rules(self.v, instance, check=check)
        check("pins")
        self.ward_locks = apply_pins(self.v, instance, pins)
        self.locked = _locked_keys(instance, pins)
        self.duties = greedy_rota(instance, pins, check=check)
        check("warm start")
        self.hint = hint_from_duties(self.v, self.duties)
        self.large = len(self.v.duty) >= WINDOWS_FROM_DUTIES
        self.tiers: list[TierResult] = []
        self.done: list[tuple[Tier, float]] = []  # tiers held, with the model value reached
        self.counted_only: list[Tier] = []  # whole-model tiers counted, not held, in windows of weeks
        self.caps: dict[str, int] = {}  # fairness caps (hundredths of hours) once fairness ran
        self.fairness: FairnessResult | None = None
        self.by_pool: dict[str, int] | None = None  # uncovered ward-slots per site, when proven
        self.even: dict[str, int] = {}
        self.status = RunStatus.OPTIMAL
        self.ward_slots = len(self.v.covered) + len(self.v.uncoverable)
        self.first_tier_seconds = 0.0
        self.all_weights = _MEASURE_SHARES_WEIGHT  # with every tier's, once the tiers of the run are known
        self.skipped: list[str] = []  # tiers not begun: the time limit was spent before them

    # --- time and progress --------------------------------------------------------------------------

    def budget(self, weight: int, remaining: list[int], *, more_to_presolve: bool = False) -> float:
        """The seconds for a step of `weight` with the steps of `remaining` weights (itself
        included) still to run; `more_to_presolve`: it starts from another rota than the one the
        model holds (the changes tier), so it gets more of the first tier's time."""
        if self.settings.deterministic:
            # Repeatable: each step's share of the time limit, whatever the wall clock says.
            return self.settings.time_limit * weight / self.all_weights
        left = self.clock.left()
        weights = sum(remaining)
        share = left * weight / weights if weights else left
        # Most tiers are proven long before their share runs out and leave the rest to the next;
        # none is cut off before it could start: at least a quarter of what is left, and on a
        # large hospital at least 1.5 × what the first tier took (presolve of the whole model).
        share = max(share, _MIN_LEFT_SHARE * left)
        if self.tiers:
            share = max(share, (_MIN_CHANGES_SHARE if more_to_presolve else _MIN_TIER_SHARE) * self.first_tier_seconds)
        return min(max(share, 0.05), max(left, 0.05))

    def out_of_time(self) -> bool:
        """The time limit is spent (deterministic runs count their budgets instead, never the clock)."""
        return not self.settings.deterministic and self.clock.left() <= 0.0

    def reporter(self, tier: Tier, number: int, total: int, scale: float) -> Callable[[float, float, int], None]:
        def report(value: float, bound: float, count: int) -> None:
            if self.on_progress is None:
                return
            if tier.covers_ward_slots:
                uncovered = round(value) if value == value else None  # NaN until the first solution
            else:
                uncovered = self.uncovered_reached()
            self.on_progress(SolveProgress(
                tier=tier.name, tier_number=number, tiers=total, objective=value / scale, bound=bound / scale,
                elapsed=self.clock.elapsed(), solutions=count, uncovered=uncovered, ward_slots=self.ward_slots,
                label_no=tier.label_no, label_en=tier.label_en))
        return report

    def watch(self, tier: Tier, number: int, total: int, scale: float) -> tuple[Watcher, Callable[[float], None] | None]:
        report = self.reporter(tier, number, total, scale)
        watcher = Watcher(report)
        if self.on_progress is None:
            return watcher, None
        return watcher, (lambda bound: report(watcher.last if watcher.count else float("nan"), bound, watcher.count))

    def record(self, tier: Tier, value: float, bound: float, code: int, seconds: float, scale: float = 1.0) -> None:
        state = cp_model_pb2.CpSolverStatus.Name(code)
        bound = min(bound, value)
        if value - bound <= 1e-9:
            state = "OPTIMAL"
        self.tiers.append(TierResult(tier.name, tier.label_no, tier.label_en, value / scale, bound / scale, state, seconds))
        if state != "OPTIMAL" and self.status is RunStatus.OPTIMAL:
            self.status = RunStatus.FEASIBLE

    def context(self, hint: Hint | None = None) -> obj.TierContext:
        return obj.TierContext(self.v, self.instance, hint or self.hint, self.fairness.shares if self.fairness else None,
                               self.previous, even=self.even)

    def adopt(self, hint: Hint) -> None:
        self.hint = hint
        self.duties = duties_of(self.v, hint)

    def start_from(self, duties: set[tuple[str, int]]) -> Hint:
        """A complete hint for other duties: theirs where they decide, the held tiers' auxiliaries kept."""
        return self.hint.updated(hint_from_duties(self.v, duties))

    # --- the tiers --------------------------------------------------------------------------------

    def run(self, plan: list[Tier]) -> None:
        """The tiers in order. A stop while a tier's model is built (Stopped) ends the run with
        the rota of the tiers done; before the first tier has a rota there is none to keep."""
        try:
            self.run_tiers(plan)
        except Stopped:
            if not self.tiers:
                raise
            self.status = RunStatus.STOPPED

    def run_tiers(self, plan: list[Tier]) -> None:
        weights = [t.time_weight for t in plan]
        self.all_weights = _MEASURE_SHARES_WEIGHT + sum(weights)
        check = self.control.check
        for number, tier in enumerate(plan, start=1):
            if self.control.stopped:
                self.status = RunStatus.STOPPED
                return
            if number > 1 and self.out_of_time() and not self.fair_anyway(tier):
                # The limit is spent (building a year under load can take most of it): the tiers left
                # are not begun — each would still take seconds to load — and the run says so.
                self.status = RunStatus.FEASIBLE
                self.skipped.append(tier.name)
                continue
            rest = weights[number - 1:]
            if tier.needs_fair_shares and self.fairness is None:
                self.measure_fair_shares(self.budget(_MEASURE_SHARES_WEIGHT, [_MEASURE_SHARES_WEIGHT, *rest]))
                check("fair shares")
            if tier.needs_even_split:
                self.even = obj.even_shares(self.instance, sorted(self.duties), self.v.slots_of)
                check("even split")
            repair_from = None
            if tier.counts_changes:
                # The published rota with its gaps filled: a few changes from the optimum, where the
                # coverage tiers' rota may be thousands away. When it lacks some of the coverage
                # reached, CP-SAT repairs it (docs/fairness.md, "Re-planning").
                published = greedy_rota(self.instance, self.pins, keep=self.previous, check=check)
                if not self.broken(published):
                    self.adopt(self.start_from(published))
                else:
                    repair_from = self.start_from(published)
            if tier.counts_duties and not self.large:
                # Coverage alone leaves spare duties; dropping them gives this tier a far better start
                # — unless that breaks a level held (a re-plan's changes: a spare duty may be published).
                pruned = prune_redundant_duties(self.instance, self.duties, self.locked)
                if not self.broken(pruned):
                    self.adopt(self.start_from(pruned))
            check(f"tier {tier.name}")
            # Said at once: a year's first tier may presolve for many seconds before its first report.
            self.reporter(tier, number, len(plan), tier.scale)(float("nan"), float("nan"), 0)
            budget = self.large_coverage_budget(tier, self.budget(tier.time_weight, rest, more_to_presolve=tier.counts_changes))
            started = time.perf_counter()
            if self.large and not tier.coverage:
                self.run_in_windows(tier, number, len(plan), budget)
                ok = True
            elif tier.kind == "ratio":
                ok = self.run_fairness_levels(tier, number, len(plan), budget)
            else:
                ok = self.run_whole(tier, number, len(plan), budget, repair_from)
            if not ok:
                self.status = RunStatus.INFEASIBLE
                return
            if tier.covers_ward_slots:
                self.first_tier_seconds = time.perf_counter() - started
                all_covered = round(self.tiers[-1].value) == len(self.v.uncoverable)
                if all_covered:
                    for var in self.v.covered.values():
                        self.v.model.add(var == 1)
                if not self.control.stopped and not self.out_of_time():  # only later tiers use them
                    min_duties_cuts(self.v, self.instance, all_covered, alone_counts=not self.large)
                    self.by_pool = self.uncovered_by_pool()
            if self.control.stopped:
                self.status = RunStatus.STOPPED
                return
            offer(self, number, len(plan))  # the rota so far, to show while later tiers run

    def run_whole(self, tier: Tier, number: int, total: int, budget: float, repair_from: Hint | None = None) -> bool:
        """A tier on the whole-horizon model: minimise, then hold the value reached. `repair_from` is
        a start that may break a level held: CP-SAT repairs it, and the current rota stands when
        nothing is found."""
        started = time.perf_counter()
        objective = obj.build(tier, self.context())
        self.control.check(f"objective {tier.name}")
        if tier.counts_duties and self.fairness is not None:
            # Fairness only restricts: the fewest duties possible at this coverage is a bound here
            # too, and so is the count with each supporter's fairness cap (docs/fairness.md).
            self.v.model.add(objective.expr >= max(self.fairness.fewest_duties_bound, self.fewest_under_caps()))
        self.v.model.minimize(objective.expr)
        watcher, on_bound = self.watch(tier, number, total, objective.scale)
        run = solve_model(self.v, self.settings, budget, repair_from or self.hint, self.control, watcher, on_bound,
                           second_worker=not tier.coverage, repair=repair_from is not None)
        if run.code == cp_model.INFEASIBLE:
            return False
        if run.solution is not None:
            self.adopt(run.solution)
            value = run.value
        else:  # nothing new in the time: the rota stands, with its value in this tier
            value = self.hint.objective_value(self.v.model)
        self.record(tier, value, run.bound, run.code, time.perf_counter() - started, objective.scale)
        objective.hold(self.v.model, round(value))
        self.done.append((tier, value))
        return True

    # --- fairness ---------------------------------------------------------------------------------

    def coverage_result(self) -> TierResult | None:
        """What the first tier (fewest ward-slots without a supporter) reached, once it has run."""
        first = coverage_tier().name
        return next((t for t in self.tiers if t.name == first), None)

    def uncovered_reached(self) -> int | None:
        result = self.coverage_result()
        return round(result.value) if result is not None else None

    def uncovered_allowed(self) -> int:
        """Coverable ward-slots the coverage reached leaves uncovered (all, before coverage ran)."""
        reached = self.uncovered_reached()
        if reached is None:
            return len(self.v.covered)
        return max(0, round(reached) - len(self.v.uncoverable))



def solve(
    instance: Instance,
    *,
    pins: Iterable[Pin] = (),
    previous: set[tuple[str, int]] | None = None,
    settings: SolverSettings | None = None,
    on_progress: Callable[[SolveProgress], None] | None = None,
    control: SolveControl | None = None,
    stop_after: str | None = None,
    deadline: float | None = None,
    previous_basis: ReplanBasis | None = None,
) -> SolveResult:
    """Plan the duties: the priorities in order, each optimised and held for the next.

    `previous` (re-planning) holds the published duties as (supporter, slot index);
    `stop_after` names the last tier to run (e.g. only coverage, when measuring limits);
    `deadline` (a `time.perf_counter()` value) ends the run earlier than the time limit would.
    `previous_basis`: the published rota's fair-share base, for a local re-plan (replan_shares).
    """
    settings = settings or instance.rules.solver
    control = control or SolveControl()
    clock = _Clock(settings, deadline)
    pins = list(pins)
    plan = tier_order(instance.rules.priorities, redundancy=instance.rules.redundancy, previous=previous is not None,
                      exposure=uses_exposure(instance))
    # Fairness over exposure weighs duties by a first rota of the whole horizon (docs/fairness.md,
    # «Exposure»): a re-plan of a few weeks does not have one, so it plans the whole horizon.
    if previous is not None and settings.local_replan and stop_after is None and not uses_exposure(instance):
        # Only the weeks the change touches, the rest as published; the full model when that
        # cannot keep the published coverage there (docs/fairness.md, "Re-planning").
        local = replan_locally(instance, list(pins), previous, settings, plan, control=control,
                               deadline=clock.deadline, on_progress=on_progress, basis=previous_basis)
        if local is not None:
            return replace(local, duties=add_duties_for_packing(instance, set(local.duties), local.ward_locks,
                                                                _forbidden(instance, pins)))
    planner = _Planner(instance, list(pins), previous, settings, on_progress, control, clock)
    build_seconds = clock.elapsed()
    if stop_after is not None:
        names = [t.name for t in plan]
        plan = plan[: names.index(stop_after) + 1]
    solve_started = time.perf_counter()
    planner.run(plan)
    if control.discarded:
        raise Stopped("another rota was taken")
    if planner.status is not RunStatus.INFEASIBLE:
        # The model keeps the staff cap per class; where a slot's wards do not pack into its
        # duties, one more duty within every limit (scheduler.solve.assign_packed).
        planner.duties = add_duties_for_packing(instance, planner.duties, planner.ward_locks, _forbidden(instance, pins))
        planner.restate()
    if planner.fairness is None and stop_after is None and planner.status is not RunStatus.INFEASIBLE:
        planner.measure_fair_shares(0.0)  # reports need the shares even when no fairness tier ran
    proto = planner.v.model.proto
    return SolveResult(
        status=planner.status,
        duties=planner.duties,
        tiers=planner.tiers,
        build_seconds=build_seconds,
        solve_seconds=time.perf_counter() - solve_started,
        settings=settings,
        uncoverable=list(planner.v.uncoverable),
        ward_locks=planner.ward_locks,
        fairness=planner.fairness,
        model_stats={
            "variables": len(proto.variables),
            "constraints": len(proto.constraints),
            "duty_variables": len(planner.v.duty),
            "ward_slots": planner.ward_slots,
            "uncoverable": len(planner.v.uncoverable),
            "windows": int(planner.large),
            "tiers_not_begun": len(planner.skipped),
        },
    )
