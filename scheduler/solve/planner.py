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

import math
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.errors import SolverError
from scheduler.model.eligibility import profile
from scheduler.solve import objectives as obj
from scheduler.solve.constraints import add_hard_rules, apply_pins
from scheduler.solve.fairness import (
    FLAG_RATIO,
    FairShares,
    fewest_duties_lower_bound,
    forced_loads,
    share_weights,
)
from scheduler.solve.greedy import greedy_rota, prune_redundant_duties
from scheduler.solve.hint import Hint
from scheduler.solve.rebalance import fair_reselection
from scheduler.solve.sites import site_instance, supporters_by_site
from scheduler.solve.tier_values import tier_value
from scheduler.solve.variables import ModelVariables, create_variables
from scheduler.solve.windows import week_starts, window
from scheduler.tiers import RATIO_SCALE, Tier, coverage_tier, tier_order
from scheduler.units import HOURS_SCALE

__all__ = [
    "RunStatus",
    "SolveProgress",
    "SolveControl",
    "TierResult",
    "FairnessResult",
    "SolveResult",
    "solve",
    "solver_parameters",
]


class RunStatus(StrEnum):
    """How a run ended."""

    OPTIMAL = "OPTIMAL"  # every tier proven
    FEASIBLE = "FEASIBLE"  # a valid rota; not every tier proven in the time
    STOPPED = "STOPPED"  # stopped by the user; the best rota so far
    INFEASIBLE = "INFEASIBLE"  # locked duties clash with a hard rule


@dataclass(frozen=True)
class SolveProgress:
    """A snapshot for a progress line or bar: which tier, how good, how sure, how long."""

    tier: str
    tier_number: int
    tiers: int
    objective: float
    bound: float
    elapsed: float
    solutions: int
    uncovered: int | None
    ward_slots: int
    label_no: str = ""
    label_en: str = ""

    @property
    def gap(self) -> float:
        return _gap(self.objective, self.bound)

    @property
    def coverage(self) -> float | None:
        if self.uncovered is None or not self.ward_slots:
            return None
        return 1 - self.uncovered / self.ward_slots


class SolveControl:
    """Lets another thread stop a running solve; the best rota found so far is kept."""

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._solver: cp_model.CpSolver | None = None
        self._lock = threading.Lock()

    def stop(self) -> None:
        self._stopped.set()
        with self._lock:
            if self._solver is not None:
                self._solver.stop_search()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def _attach(self, solver: cp_model.CpSolver | None) -> None:
        with self._lock:
            self._solver = solver
        if solver is not None and self.stopped:
            solver.stop_search()


@dataclass(frozen=True)
class TierResult:
    name: str
    label_no: str
    label_en: str
    value: float
    bound: float
    status: str
    seconds: float

    @property
    def gap(self) -> float:
        return _gap(self.value, self.bound)

    @property
    def optimal(self) -> bool:
        return self.status == "OPTIMAL"


@dataclass(frozen=True)
class FairnessResult:
    """What fairness cost and reached (docs/fairness.md): the base, the levels, the price."""

    shares: FairShares
    fewest_duties: int | None  # the fewest duties found for the coverage (an upper bound on the fewest)
    fewest_duties_bound: int  # proven: no rota at this coverage has fewer
    levels: tuple[tuple[float, tuple[str, ...]], ...] = ()  # (ratio, supporters held there), busiest first
    largest_ratio_bound: float = 0.0

    def to_dict(self) -> dict:
        return {
            "needed_hours": round(self.shares.needed_hours, 3),
            "needed_hours_proven": self.shares.needed_proven,
            "fewest_duties": self.fewest_duties,
            "fewest_duties_bound": self.fewest_duties_bound,
            "largest_ratio_bound": round(self.largest_ratio_bound, 4),
            "levels": [{"ratio": round(r, 4), "supporters": list(s)} for r, s in self.levels],
            "forced": [{"ratio": round(f.ratio, 4), "group_no": f.group_no, "group_en": f.group_en,
                        "duties": f.duties, "supporters": list(f.supporters)} for f in self.shares.forced[:10]],
        }


@dataclass
class SolveResult:
    """The duties chosen, and how good and how sure the run was."""

    status: RunStatus
    duties: set[tuple[str, int]]
    tiers: list[TierResult]
    build_seconds: float
    solve_seconds: float
    settings: SolverSettings
    uncoverable: list[tuple[str, int]] = field(default_factory=list)
    ward_locks: list[Pin] = field(default_factory=list)
    fairness: FairnessResult | None = None
    model_stats: dict[str, int] = field(default_factory=dict)

    def tier(self, name: str) -> TierResult | None:
        return next((t for t in self.tiers if t.name == name), None)

    @property
    def targets(self) -> dict[str, float]:
        """Each supporter's fair share in hours (empty when no fairness tier ran)."""
        return self.fairness.shares.targets if self.fairness else {}


def _gap(value: float, bound: float) -> float:
    if value == bound:
        return 0.0
    return abs(value - bound) / max(abs(value), 1e-9)


def solver_parameters(settings: SolverSettings, seconds: float, repair_hint: bool = False) -> cp_model.CpSolver:
    """One worker with linearization level 2 proves the coverage and fairness models here in
    seconds, where CP-SAT's default portfolio of two workers stalled for minutes on coverage
    (benchmarks/RESULTS.md). With `repair_hint`, a hint that breaks a constraint is repaired by a
    short search from it rather than dropped."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.repair_hint = repair_hint
    p.num_workers = settings.workers
    p.random_seed = settings.seed
    p.linearization_level = 2
    if settings.deterministic:
        p.max_deterministic_time = max(seconds, 0.01)
        p.interleave_search = False
    else:
        p.max_time_in_seconds = max(seconds, 0.01)
    p.log_search_progress = bool(os.environ.get("CPLOG"))  # CP-SAT's own log, for measuring
    return solver


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[float, float, int], None]) -> None:
        super().__init__()
        self._report = report
        self.count = 0
        self.last = float("nan")

    def on_solution_callback(self) -> None:
        self.count += 1
        self.last = self.objective_value
        self._report(self.objective_value, self.best_objective_bound, self.count)


#: Measuring the fewest duties that fair shares are based on is not a tier, but takes time like one
#: (each tier's own share of the time is its `time_weight`, scheduler.tiers).
_MEASURE_SHARES_WEIGHT = 2
#: From this many duty variables on, the tiers after coverage are improved in windows of weeks.
#: A 40-ward hospital over 12 weeks has about 4,000 and proves fairness on its whole model; a
#: 100-ward year has about 40,000 and does not (benchmarks/RESULTS.md).
WINDOWS_FROM_DUTIES = 12_000
#: Days per window, and the most seconds a window's solve may take.
_WINDOW_DAYS = 14
_WINDOW_SECONDS = 1.5
#: Share of a windowed fairness tier spent on whole-year site models when sites share nobody.
_SITES_SHARE = 0.7
#: Weight of the largest ratio against the convex cost of load above shares in a window's objective,
#: and of coverage being won back against both.
_RATIO_WEIGHT = 1_000_000
_RESTORE_WEIGHT = 100_000_000_000
#: A large hospital's first tier of coverage rarely presolves in less; later tiers get at least
#: this much of the first tier's time so they are not cut off in presolve.
_MIN_TIER_SHARE = 1.5
#: The changes tier's objective reaches every duty: on a year its presolve took twice the first
#: tier's (11 s against 5.6 s, generated L-1). The tiers after it move only where duties changed.
_MIN_CHANGES_SHARE = 4.0
_MIN_LEFT_SHARE = 0.25
_FINISH_PER_ROW = 2e-5  # seconds per ward-slot with demand to finish a windowed tier


class _Clock:
    """The run's deadline: the time limit counts from the start of model building."""

    def __init__(self, settings: SolverSettings, deadline: float | None) -> None:
        self.started = time.perf_counter()
        self.deadline = deadline if deadline is not None else self.started + settings.time_limit

    def left(self) -> float:
        return max(0.0, self.deadline - time.perf_counter())

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


@dataclass
class _Run:
    code: int  # the best CP-SAT status over the phases
    solution: Hint | None  # the best solution found, if any
    value: float | None
    bound: float


def _solve_once(v: ModelVariables, settings: SolverSettings, seconds: float, hint: Hint, control: SolveControl,
                watcher: cp_model.CpSolverSolutionCallback | None, on_bound: Callable[[float], None] | None,
                repair: bool = False) -> _Run:
    solver = solver_parameters(settings, seconds, repair)
    if on_bound is not None:
        solver.best_bound_callback = on_bound  # a long proof otherwise looks like a hang
    hint.apply(v.model)
    control._attach(solver)
    code = solver.solve(v.model, watcher) if watcher is not None else solver.solve(v.model)
    control._attach(None)
    if code == cp_model.MODEL_INVALID:
        raise SolverError(f"CP-SAT says the model is invalid ({v.model.validate()})")
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _Run(code, Hint.from_solution(solver), solver.objective_value, solver.best_objective_bound)
    return _Run(code, None, None, solver.best_objective_bound if code != cp_model.INFEASIBLE else math.inf)


def _objective_at_least(model: cp_model.CpModel, bound: float) -> None:
    """Hold the objective at or above a bound CP-SAT proved, so that a later search stops as soon
    as it reaches it instead of proving it again (valid for every later tier too: each holds this
    tier's value, which is never below its bound)."""
    objective = model.proto.objective
    scale = objective.scaling_factor or 1.0
    if not math.isfinite(bound) or scale <= 0 or not objective.vars or any(ref < 0 for ref in objective.vars):
        return
    expr = sum(coeff * model.get_int_var_from_proto_index(ref) for ref, coeff in zip(objective.vars, objective.coeffs, strict=True))
    model.add(expr >= math.ceil(bound / scale - objective.offset - 1e-6))


def _solve_model(v: ModelVariables, settings: SolverSettings, seconds: float, hint: Hint,
                 control: SolveControl, watcher: cp_model.CpSolverSolutionCallback | None = None,
                 on_bound: Callable[[float], None] | None = None, second_worker: bool = False,
                 repair: bool = False) -> _Run:
    """CP-SAT on the model's current objective from a complete hint (with `repair`, one that may
    break a constraint: CP-SAT repairs it).

    With `second_worker`, a search that has not proven its tier in a third of its time goes on with
    two workers from the best solution: the single worker's LP finds the bound, the second
    worker's neighbourhood search closes the gap from above (measured on a 40-ward hospital:
    the fairness bound was proven in 5 s, the rota that reaches it came from the second phase).
    Deterministic runs keep to one worker."""
    if not second_worker or settings.deterministic or seconds < 1.0:
        return _solve_once(v, settings, seconds, hint, control, watcher, on_bound, repair)
    started = time.perf_counter()
    first = _solve_once(v, settings, 0.35 * seconds, hint, control, watcher, on_bound, repair)
    if first.code in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or control.stopped:
        return first
    left = seconds - (time.perf_counter() - started)
    if left <= 0.05:
        return first
    _objective_at_least(v.model, first.bound)
    second = _solve_once(v, settings.model_copy(update={"workers": max(2, settings.workers)}), left,
                         first.solution or hint, control, watcher, on_bound)
    bound = max(first.bound, second.bound)
    best = second if second.solution is not None and (first.value is None or second.value <= first.value) else first
    if best.solution is None:
        return _Run(second.code, None, None, bound)
    code = cp_model.OPTIMAL if best.value <= bound + 1e-9 else cp_model.FEASIBLE
    return _Run(code, best.solution, best.value, bound)


def _hint_from_duties(v: ModelVariables, duties: Iterable[tuple[str, int]]) -> Hint:
    """A complete warm start from a set of duties: coverage, backups and every sum follow from it."""
    duties = set(duties)
    hint = Hint()
    for key, var in v.duty.items():
        hint.set(var, key in duties)
    on: dict[int, list[str]] = {}
    for sid, t in duties:
        if (sid, t) in v.duty:
            on.setdefault(t, []).append(sid)
    for (ward, t), var in v.covered.items():
        n = sum(1 for s in on.get(t, []) if v.fits(v.profiles[s], ward))
        hint.set(var, n >= 1)
        if (ward, t) in v.backup:
            hint.set(v.backup[ward, t], n >= 2)
    for total, terms in v.sums:
        hint.set(total, sum(hint.get(x) for x in terms))
    return hint


def _min_duties_cuts(v: ModelVariables, instance: Instance, all_covered: bool, alone_counts: bool = True) -> int:
    """Valid inequalities on the duties of a slot, site by site when sites cover only themselves:
    one supporter never covers their own ward, so covering every ward of a slot takes two duties
    unless someone who covers them all alone is on duty — Σ others + 2 × Σ those alone ≥ 2 (with
    redundancy 2, two duties in any case) — less one for each of its ward-slots left uncovered when
    the coverage reached leaves some uncovered (and one for each without a backup). Without them the
    LP covers three wards with three half duties; with them its bound is the fewest duties, also
    under fairness caps.

    Without `alone_counts` (a year, whose later tiers run in windows and site models), only slots
    nobody covers alone get the cut, over all sites at once: the per-site cuts changed the
    coverage rota the site-by-site fairness starts from, and it lost its proof (4.26 × proven on
    the generated L-hard year became 2.41 ×); the later tiers there never see the whole model."""
    wards_in: dict[tuple[str, int], list[str]] = {}
    for ward, t in v.covered:
        pool = instance.wards[ward].site if instance.rules.same_site and alone_counts else ""
        wards_in.setdefault((pool, t), []).append(ward)
    added = 0
    for (_, t), wards in wards_in.items():
        sids = [s for s in v.supporters_in.get(t, []) if any(v.fits(v.profiles[s], w) for w in wards)]
        alone = {s for s in sids if all(v.fits(v.profiles[s], w) for w in wards)}
        slack = 0 if all_covered else sum(1 - v.covered[w, t] for w in wards)
        if instance.rules.redundancy > 1:
            # Backups are a priority, not a rule: each ward-slot without one frees a duty too.
            missing = sum(1 - v.backup[w, t] for w in wards if (w, t) in v.backup)
            if len(sids) >= instance.rules.redundancy:
                v.model.add(sum(v.duty[s, t] for s in sids) >= instance.rules.redundancy - slack - missing)
                added += 1
        elif len(wards) >= 2 and len(alone) < len(sids) and (alone_counts or not alone):
            v.model.add(sum((2 if s in alone else 1) * v.duty[s, t] for s in sids) >= 2 - slack)
            added += 1
    return added


def _duties_of(v: ModelVariables, hint: Hint) -> set[tuple[str, int]]:
    return {key for key, var in v.duty.items() if hint.get(var)}


def _locked_keys(instance: Instance, pins: Iterable[Pin]) -> set[tuple[str, int]]:
    return {(p.supporter_id, t) for p in pins if p.action == "lock"
            for t in [instance.slot_index(p.date, p.slot)] if t is not None}


class _Planner:
    """One run: the whole-horizon model, the tiers in order, and what each reached."""

    def __init__(self, instance: Instance, pins: list[Pin], previous: set[tuple[str, int]] | None,
                 settings: SolverSettings, on_progress: Callable[[SolveProgress], None] | None,
                 control: SolveControl, clock: _Clock) -> None:
        self.instance, self.pins, self.settings, self.control, self.clock = instance, pins, settings, control, clock
        self.previous = frozenset(previous or ())
        self.on_progress = on_progress
        self.v = create_variables(instance)
        add_hard_rules(self.v, instance)
        self.ward_locks = apply_pins(self.v, instance, pins)
        self.locked = _locked_keys(instance, pins)
        self.duties = greedy_rota(instance, pins)
        self.hint = _hint_from_duties(self.v, self.duties)
        self.large = len(self.v.duty) >= WINDOWS_FROM_DUTIES
        self.tiers: list[TierResult] = []
        self.done: list[tuple[Tier, float]] = []  # tiers held, with the model value reached
        self.caps: dict[str, int] = {}  # fairness caps (hundredths of hours) once fairness ran
        self.fairness: FairnessResult | None = None
        self.by_pool: dict[str, int] | None = None  # uncovered ward-slots per site, when proven
        self.even: dict[str, int] = {}
        self.status = RunStatus.OPTIMAL
        self.ward_slots = len(self.v.covered) + len(self.v.uncoverable)
        self.first_tier_seconds = 0.0
        self.all_weights = _MEASURE_SHARES_WEIGHT  # with every tier's, once the tiers of the run are known

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

    def watch(self, tier: Tier, number: int, total: int, scale: float) -> tuple[_Watcher, Callable[[float], None] | None]:
        report = self.reporter(tier, number, total, scale)
        watcher = _Watcher(report)
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
        self.duties = _duties_of(self.v, hint)

    def start_from(self, duties: set[tuple[str, int]]) -> Hint:
        """A complete hint for other duties: theirs where they decide, the held tiers' auxiliaries kept."""
        return self.hint.updated(_hint_from_duties(self.v, duties))

    # --- the tiers --------------------------------------------------------------------------------

    def run(self, plan: list[Tier]) -> None:
        weights = [t.time_weight for t in plan]
        self.all_weights = _MEASURE_SHARES_WEIGHT + sum(weights)
        for number, tier in enumerate(plan, start=1):
            if self.control.stopped:
                self.status = RunStatus.STOPPED
                return
            rest = weights[number - 1:]
            if tier.needs_fair_shares and self.fairness is None:
                self.measure_fair_shares(self.budget(_MEASURE_SHARES_WEIGHT, [_MEASURE_SHARES_WEIGHT, *rest]))
            if tier.needs_even_split:
                self.even = obj.even_shares(self.instance, sorted(self.duties), self.v.slots_of)
            repair_from = None
            if tier.counts_changes:
                # The published rota with its gaps filled: a few changes from the optimum, where the
                # coverage tiers' rota may be thousands away. When it lacks some of the coverage
                # reached, CP-SAT repairs it (docs/fairness.md, "Re-planning").
                published = greedy_rota(self.instance, self.pins, keep=self.previous)
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
            budget = self.budget(tier.time_weight, rest, more_to_presolve=tier.counts_changes)
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
                _min_duties_cuts(self.v, self.instance, all_covered, alone_counts=not self.large)
                self.by_pool = self.uncovered_by_pool()
            if self.control.stopped:
                self.status = RunStatus.STOPPED
                return

    # --- the levels held --------------------------------------------------------------------------

    def broken(self, duties: set[tuple[str, int]]) -> list[Tier]:
        """The tiers already run whose level a rota does not keep: its value, counted on the whole
        rota without a model (scheduler.solve.tier_values), above the value the tier reached — for
        fairness, someone above their cap.

        Each tier holds every earlier one at the level it reached: as a constraint on the whole
        model, and in every window and site model at the value the current rota has there, which
        is the level only while the current rota keeps it. A rota made outside a model (spare
        duties dropped, the fair re-selection) knows nothing of those levels; `taken` checks it
        before it replaces the current rota (docs/fairness.md, "Re-planning")."""
        out = []
        loads = _hours(self.instance, duties)
        for tier, value in self.done:
            if tier.kind == "ratio" and self.caps:
                if any(round(loads.get(sid, 0.0) * HOURS_SCALE) > cap for sid, cap in self.caps.items()):
                    out.append(tier)
            elif self.value_on_whole(tier, duties) > round(value):
                out.append(tier)
        return out

    def restate(self) -> None:
        """Each tier's value as the rota returned has it. Later tiers hold every level at or below
        the value reached and may lower it where it was not proven; the figures stated (command
        line, summary.json, the app) are then those of the files (docs/semantics.md, "Priorities")."""
        held = {tier.name: tier for tier, _ in self.done}
        for i, result in enumerate(self.tiers):
            tier = held.get(result.name)
            if tier is None:
                continue
            value = self.value_on_whole(tier) / tier.scale
            if abs(value - result.value) <= 1e-9:
                continue
            bound = min(result.bound, value)
            self.tiers[i] = replace(result, value=value, bound=bound,
                                    status="OPTIMAL" if value - bound <= 1e-9 else result.status)

    @staticmethod
    def won_back(tier: Tier) -> bool:
        """Coverage a window wins back first when a rota lost it; a re-plan's changes are not won
        back — a window can only keep what the rota it starts from has."""
        return tier.coverage and not tier.counts_changes

    def taken(self, candidate: set[tuple[str, int]], otherwise: set[tuple[str, int]], *,
              win_back: bool = False) -> set[tuple[str, int]]:
        """`candidate` when it keeps every level held (with `win_back`: when it loses only coverage,
        which the windows win back first), else `otherwise`. On a re-plan this keeps the fair
        re-selection and the dropping of spare duties from undoing the changes tier: on a year they
        had turned 20 changed duties into 1,541 (docs/fairness.md, "Re-planning")."""
        lost = self.broken(candidate)
        if lost and (not win_back or self.holds_changes() or not all(self.won_back(t) for t in lost)):
            return otherwise  # a window wins coverage back by changing duties: not when changes are held
        return candidate

    def holds_changes(self) -> bool:
        """A re-plan whose changes tier has run: every later step keeps its changes."""
        return any(t.counts_changes for t, _ in self.done)

    def settled(self, first_day: int, end_day: int) -> bool:
        """A window of a re-plan that holds no change: with the changes held, every duty in it must
        stay as published, so solving it cannot change anything (its time goes to those that can)."""
        if not self.holds_changes():
            return False
        per_day = len(self.instance.rules.slots)
        return not any(first_day * per_day <= t < end_day * per_day for _, t in self.duties ^ self.previous)

    def run_whole(self, tier: Tier, number: int, total: int, budget: float, repair_from: Hint | None = None) -> bool:
        """A tier on the whole-horizon model: minimise, then hold the value reached. `repair_from` is
        a start that may break a level held: CP-SAT repairs it, and the current rota stands when
        nothing is found."""
        started = time.perf_counter()
        objective = obj.build(tier, self.context())
        if tier.counts_duties and self.fairness is not None:
            # Fairness only restricts: the fewest duties possible at this coverage is a bound here
            # too, and so is the count with each supporter's fairness cap (docs/fairness.md).
            self.v.model.add(objective.expr >= max(self.fairness.fewest_duties_bound, self.fewest_under_caps()))
        self.v.model.minimize(objective.expr)
        watcher, on_bound = self.watch(tier, number, total, objective.scale)
        run = _solve_model(self.v, self.settings, budget, repair_from or self.hint, self.control, watcher, on_bound,
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

    def uncovered_by_pool(self) -> dict[str, int] | None:
        """Per site, the coverable ward-slots the coverage rota leaves uncovered; every rota at the
        coverage reached leaves exactly as many there when supporters only cover their own site
        and the coverage is proven: sites share nobody, so each sits at its own least. None
        otherwise (docs/fairness.md)."""
        tier = self.coverage_result()
        if tier is None or not tier.optimal or not self.instance.rules.same_site:
            return None
        on: dict[int, list[str]] = defaultdict(list)
        for sid, t in self.duties:
            on[t].append(sid)
        by_pool: dict[str, int] = defaultdict(int)
        for ward, t in self.v.covered:
            if not any(self.v.fits(self.v.profiles[s], ward) for s in on.get(t, ())):
                by_pool[self.instance.wards[ward].site] += 1
        if sum(by_pool.values()) != self.uncovered_allowed():
            return None  # the rota is not at the coverage proven: no per-site claim
        return dict(by_pool)

    def measure_fair_shares(self, budget: float) -> None:
        """The base of fair shares: the fewest duty hours the coverage reached needs (measured on
        the model, not held), or a proven lower bound on them (docs/fairness.md)."""
        weights = share_weights(self.instance, self.v.slots_of)
        allowed, by_pool = self.uncovered_allowed(), self.by_pool
        hours_each = [s.duty_hours for s in self.instance.slots] or [1.0]
        least_hours, most_hours = min(hours_each), max(hours_each)
        fewest_bound = fewest_duties_lower_bound(self.v, self.instance, allowed, uncovered_by_pool=by_pool)
        needed, proven, found, found_hours = fewest_bound * least_hours, False, None, None
        if not self.large and budget > 0.05 and self.v.duty:
            self.v.model.minimize(sum(round(self.instance.slots[t].duty_hours * HOURS_SCALE) * var
                                      for (_, t), var in self.v.duty.items()))
            start = self.start_from(self.taken(prune_redundant_duties(self.instance, self.duties, self.locked), self.duties))
            run = _solve_model(self.v, self.settings, budget, start, self.control)
            if run.solution is not None:
                found = len(_duties_of(self.v, run.solution))
                found_hours = run.value / HOURS_SCALE
                proven = run.value - run.bound <= 1e-9
                needed = found_hours if proven else max(needed, run.bound / HOURS_SCALE)
                fewest_bound = found if proven else max(fewest_bound, math.ceil(run.bound / HOURS_SCALE / most_hours - 1e-9))
        if needed <= 0:  # nothing needs cover: shares of nothing; ratios stay 0
            needed = least_hours
        shares = FairShares(needed, proven, weights, found_hours)
        forced = tuple(forced_loads(self.v, self.instance, shares, allowed, by_pool))
        shares = FairShares(needed, proven, weights, found_hours, forced)
        self.fairness = FairnessResult(shares, found, fewest_bound,
                                       largest_ratio_bound=max([f.ratio for f in forced], default=0.0))

    def fewest_under_caps(self) -> int:
        """A proven lower bound on the duties any rota needs within the fairness caps."""
        if not self.caps:
            return 0
        least = min((round(s.duty_hours * HOURS_SCALE) for s in self.instance.slots), default=0)
        duties = {sid: cap // least for sid, cap in self.caps.items()} if least > 0 else None
        return fewest_duties_lower_bound(self.v, self.instance, self.uncovered_allowed(), duties,
                                         uncovered_by_pool=self.by_pool)

    def targets(self) -> dict[str, int]:
        """Fair shares in hundredths of an hour (those with a positive share)."""
        assert self.fairness is not None
        return self.fairness.shares.hundredths()

    def fairness_pools(self) -> list[set[str] | None]:
        """Who the largest ratio is minimised over, one group at a time: each site on its own when
        sites share nobody (`by_pool`), else everybody at once (None). A small site's min-max is
        proven in about a second where the whole model's was not in 30 (docs/fairness.md)."""
        if self.by_pool is None:
            return [None]
        pools: dict[str, set[str]] = defaultdict(set)
        for sid in self.targets():
            pools[profile(self.instance, sid).site].add(sid)
        return list(pools.values()) if len(pools) > 1 else [None]

    def worst_group_first(self, groups: list[set[str] | None], seconds: float, part: float,
                          solve_group: Callable[[set[str] | None, float], float | None]) -> float | None:
        """The largest ratio minimised group by group (sites that share nobody, or None for all):
        the group whose busiest is furthest above first, and a group only while its busiest is
        above what is proven — the optimum is the largest of the independent groups' own. The
        worst gets `part` of the time left (a proof returns the rest). `solve_group` returns the
        bound it proved (thousandths), or None when the locked duties leave no valid rota.
        Returns the proven bound, or None in that case."""
        assert self.fairness is not None
        proven = self.fairness.largest_ratio_bound * RATIO_SCALE
        pending = list(groups)
        started, budget_left = time.perf_counter(), seconds
        while pending and not self.control.stopped:
            current = [self.largest_ratio(self.duties, among) for among in pending]
            worst = max(range(len(pending)), key=current.__getitem__)
            if current[worst] <= proven + 1e-9:
                break  # the rota is at a proven bound: every group left is at or under it
            among = pending.pop(worst)
            left = budget_left if self.settings.deterministic else seconds - (time.perf_counter() - started)
            share = max(0.05, (part if pending else 1.0) * left)
            budget_left -= share  # deterministic runs count each share as spent
            bound = solve_group(among, share)
            if bound is None:
                return None
            proven = max(proven, bound)
        return proven

    def lowest_largest_ratio(self, tier: Tier, number: int, total: int, seconds: float) -> tuple[float, float, bool]:
        """The smallest largest load ÷ fair share (thousandths) on the whole model, and its proven
        bound; False when the locked duties leave no valid rota. Site by site when sites share
        nobody, with everyone capped meanwhile at the rota's largest ratio — it never rises, so
        one site's search cannot make another worse."""
        targets = self.targets()

        def solve_group(among: set[str] | None, share: float) -> float | None:
            if among is not None:  # a cap for all at the rota's largest: valid, and never below the optimum
                top = self.largest_ratio(self.duties)
                obj.load_caps(self.context(), {sid: math.floor(top * t / RATIO_SCALE + 1e-9) for sid, t in targets.items()})
            objective = obj.largest_load_ratio(self.context(), among=among)
            self.v.model.minimize(objective.expr)
            watcher, on_bound = self.watch(tier, number, total, objective.scale)
            run = _solve_model(self.v, self.settings, share, self.hint, self.control, watcher, on_bound,
                               second_worker=True)
            if run.code == cp_model.INFEASIBLE:
                return None
            if run.solution is not None:
                self.adopt(run.solution)
            return min(run.bound, self.largest_ratio(self.duties, among))  # the rota's own, if an unproven z is above it

        proven = self.worst_group_first(self.fairness_pools(), seconds, 0.7, solve_group)
        if proven is None:
            return 0.0, 0.0, False
        value = self.largest_ratio(self.duties)
        return value, max(min(proven, value), 0.0), True

    def run_fairness_levels(self, tier: Tier, number: int, total: int, budget: float) -> bool:
        """Fairness on the whole-horizon model (docs/fairness.md): first the largest load ÷ fair
        share, held as a cap per supporter; then, when that is above the follow-up line
        (`FLAG_RATIO`) because coverage holds someone there, the load above the line of everyone
        else, as a convex cost — one supporter a small site needs every night must not let the
        others drift up to their level."""
        assert self.fairness is not None
        started = time.perf_counter()
        deadline = started + budget
        targets = self.targets()
        value, bound, ok = self.lowest_largest_ratio(tier, number, total, 0.85 * budget)
        if not ok:
            return False
        self.caps = {sid: math.floor(round(value) * target / RATIO_SCALE + 1e-9) for sid, target in targets.items()}
        obj.load_caps(self.context(), self.caps)
        above_value = 0.0
        if value / RATIO_SCALE > FLAG_RATIO + 1e-9 and not self.control.stopped:
            above = obj.load_above_fair_share(self.context(), from_ratio=FLAG_RATIO)
            self.v.model.minimize(above.expr)
            seconds = 0.15 * budget if self.settings.deterministic else max(0.05, deadline - time.perf_counter())
            second = _solve_model(self.v, self.settings, seconds, self.hint, self.control)
            if second.solution is not None:
                self.adopt(second.solution)
            above_value = self.hint.objective_value(self.v.model)
            above.hold(self.v.model, round(above_value))
        self.record(tier, value, bound, cp_model.FEASIBLE, time.perf_counter() - started, RATIO_SCALE)
        ratios = self.fairness.shares.ratios(_hours(self.instance, self.duties))
        over = tuple(sorted(sid for sid, r in ratios.items() if r is not None and r > FLAG_RATIO + 1e-9))
        self.fairness = FairnessResult(self.fairness.shares, self.fairness.fewest_duties, self.fairness.fewest_duties_bound,
                                       ((value / RATIO_SCALE, over),),
                                       max(self.fairness.largest_ratio_bound, bound / RATIO_SCALE))
        self.done.append((tier, value))
        self.held_above_flag = above_value
        return True

    # --- large hospitals: windows of weeks --------------------------------------------------------

    def windows(self, sweep: int) -> list[tuple[int, int]]:
        """Windows of `_WINDOW_DAYS` from every other week start; odd sweeps shift by a week."""
        starts = week_starts(self.instance)
        days = (self.instance.slots[-1].date - self.instance.slots[0].date).days + 1 if self.instance.slots else 0
        return [(d, min(days, d + _WINDOW_DAYS)) for d in starts[sweep % 2::2]]

    def coverage_lost(self) -> list[Tier]:
        """Coverage tiers held at a value the current rota no longer reaches (the windows win it back)."""
        return [t for t in self.broken(self.duties) if self.won_back(t)]

    def fair_sites(self, tier: Tier, number: int, total: int, seconds: float) -> float:
        """Large hospitals whose sites share nobody: the largest ratio minimised site by site, each
        site on its own whole-year model (`worst_group_first`). Returns the proven bound
        (thousandths). On a generated 100-ward year with a small site and a staff unit the fair
        re-selection lost 1,218 ward-slots (night limits over the year), and the windows left the
        busiest at 5.8 ×; site by site it is 4.4 ×, with 4.2 × proven (docs/fairness.md)."""
        targets = self.targets()
        sites = sorted(supporters_by_site(self.instance).items())
        groups: list[set[str] | None] = [members & targets.keys() for _, members in sites]
        site_of = {id(group): site for group, (site, _) in zip(groups, sites, strict=True)}
        report = self.reporter(tier, number, total, RATIO_SCALE)
        solved = 0

        def solve_group(members: set[str] | None, share: float) -> float:
            nonlocal solved
            assert members is not None
            bound = self.improve_site(site_of[id(members)], members, share) if share > 0.2 else 0.0
            solved += 1
            report(self.largest_ratio(self.duties), min(bound, self.largest_ratio(self.duties)), solved)
            return bound

        return self.worst_group_first(groups, seconds, 0.6, solve_group) or 0.0

    def improve_site(self, site: str, members: set[str], seconds: float) -> float:
        """The largest ratio among a site's supporters minimised on the site's whole-year model,
        every earlier tier held at the site's own value; returns the proven bound (thousandths),
        0 when the held values are not each site's proven own (then only the rota improves)."""
        sub = site_instance(self.instance, site, members)
        v = create_variables(sub)
        if not v.duty:
            return 0.0
        add_hard_rules(v, sub)
        apply_pins(v, sub, [p for p in self.pins if p.supporter_id in members])
        mine = {k for k in self.duties if k[0] in members}
        hint = _hint_from_duties(v, mine)
        ctx = obj.TierContext(v, sub, hint, self.fairness.shares if self.fairness else None, self.previous, even=self.even)
        for done, _ in self.done:
            held = obj.build(done, ctx)
            v.model.minimize(held.expr)
            held.hold(v.model, round(hint.objective_value(v.model)))
        objective = obj.largest_load_ratio(ctx, among=members)
        v.model.minimize(objective.expr)
        run = _solve_model(v, self.settings, seconds, hint, self.control, second_worker=True)
        if run.solution is not None:
            self.duties = (self.duties - mine) | _duties_of(v, run.solution)
        # Each site at its own optimum of every earlier tier holds only for proven coverage tiers.
        results = {t.name: t for t in self.tiers}
        own = all(done.coverage and not done.counts_changes and results[done.name].optimal for done, _ in self.done)
        if not own or run.code == cp_model.INFEASIBLE:
            return 0.0
        return min(run.bound, self.largest_ratio(self.duties, members))

    def run_in_windows(self, tier: Tier, number: int, total: int, budget: float) -> None:
        """A tier improved window by window; every tier before it holds its value in each window."""
        started = time.perf_counter()
        # Counting the tier's value and rebuilding the whole-model hint afterwards take time of
        # their own on a large hospital; the windows stop early enough for it.
        deadline = started + budget - _FINISH_PER_ROW * len(self.instance.demand)
        scale = tier.scale
        safe = set(self.duties)  # valid and at the coverage reached: the fallback
        ratio_bound = self.fairness.largest_ratio_bound * RATIO_SCALE if self.fairness else 0.0
        if tier.kind == "ratio":
            start = self.taken(prune_redundant_duties(self.instance, self.duties, self.locked), self.duties)
            if self.by_pool is not None and len(supporters_by_site(self.instance)) > 1:
                self.duties = start  # each site all year from the coverage rota: coverage stays as proven
                ratio_bound = max(ratio_bound, self.fair_sites(tier, number, total, _SITES_SHARE * budget))
            else:  # on a re-plan, what the published rota has of `start` stays (docs/fairness.md, "Re-planning")
                fair = fair_reselection(self.instance, start, self.fairness.shares.targets, self.pins,
                                        keep=start & self.previous)
                self.duties = self.taken(fair, start, win_back=True)
        report = self.reporter(tier, number, total, scale)
        lost = self.coverage_lost()
        sweep, solved = 0, 0
        limit = 2 * len(self.windows(0)) + 2 if self.settings.deterministic else None

        def out_of_time() -> bool:
            return time.perf_counter() >= deadline if limit is None else solved >= limit

        def run_out() -> bool:  # the run's own deadline (not counted in deterministic runs)
            return not self.settings.deterministic and self.clock.left() <= _FINISH_PER_ROW * len(self.instance.demand)

        while not self.control.stopped and not run_out() and sweep < 50:
            for first_day, end_day in self.windows(sweep):
                if self.control.stopped or run_out() or (out_of_time() and not lost):
                    break
                if not lost and self.settled(first_day, end_day):
                    continue
                seconds = _WINDOW_SECONDS if self.settings.deterministic else \
                    min(_WINDOW_SECONDS, max(0.2, self.clock.left() if lost else deadline - time.perf_counter()))
                value = self.improve_window(tier, first_day, end_day, seconds, lost)
                solved += 1
                if value is not None and tier.kind == "ratio":
                    report(value, float("nan"), solved)
            sweep += 1
            lost = self.coverage_lost()
            if lost and sweep >= 2:
                # Not won back in two sweeps (a limit over the whole year, say): the coverage rota,
                # without its spare duties, is improved instead — coverage held in every window.
                self.duties = self.taken(prune_redundant_duties(self.instance, safe, self.locked), safe)
                lost = self.coverage_lost()
            if out_of_time() and not lost:
                break
        if lost:  # coverage could not be won back in time: the coverage rota stands
            self.duties = self.taken(prune_redundant_duties(self.instance, safe, self.locked), safe)
        self.hint = _hint_from_duties(self.v, self.duties)
        value = self.value_on_whole(tier)
        bound = 0.0
        if tier.kind == "ratio":
            bound = ratio_bound
        elif tier.counts_duties and self.fairness is not None:
            bound = float(max(self.fairness.fewest_duties_bound, self.fewest_under_caps()))
        self.record(tier, value, bound, cp_model.FEASIBLE, time.perf_counter() - started, scale)
        if tier.kind == "ratio":
            self.caps = self.caps_after_windows(value)
            self.fairness = FairnessResult(self.fairness.shares, self.fairness.fewest_duties,
                                           self.fairness.fewest_duties_bound,
                                           ((value / RATIO_SCALE, tuple(sorted(self.targets()))),),
                                           min(ratio_bound, value) / RATIO_SCALE)
        self.done.append((tier, value))

    def largest_ratio(self, duties: Iterable[tuple[str, int]], among: set[str] | None = None) -> float:
        """The largest load ÷ fair share of a rota (over `among`, default all), in thousandths
        (rounded up, as the model does)."""
        hours = _hours(self.instance, duties)
        return float(max([math.ceil(round(hours.get(s, 0) * HOURS_SCALE) * RATIO_SCALE / t)
                          for s, t in self.targets().items() if among is None or s in among], default=0))

    def value_on_whole(self, tier: Tier, duties: set[tuple[str, int]] | None = None) -> float:
        """A tier's value for a rota (default: the current one), in model units, counted without a model."""
        return tier_value(tier.name, self.instance, self.duties if duties is None else duties,
                          shares=self.fairness.shares if self.fairness else None, previous=self.previous, even=self.even)

    def caps_after_windows(self, value: float) -> dict[str, int]:
        """Caps that keep the fairness reached: nobody above the largest ratio, and nobody who is at
        or under `FLAG_RATIO` of their share rises above it later."""
        loads = {sid: round(h * HOURS_SCALE) for sid, h in _hours(self.instance, self.duties).items()}
        caps = {}
        for sid, target in self.targets().items():
            top = math.floor(round(value) * target / RATIO_SCALE + 1e-9)
            caps[sid] = min(top, max(loads.get(sid, 0), math.floor(FLAG_RATIO * target + 1e-9)))
        return caps

    def improve_window(self, tier: Tier, first_day: int, end_day: int, seconds: float, lost: list[Tier]) -> float | None:
        """Re-plan one window with everything outside it given; returns the tier's window value.

        Tiers before this one hold their window values, except coverage that the fair
        re-selection gave up (`lost`): the window wins it back first, in the same solve, with a
        weight above everything else."""
        w = window(self.instance, first_day, end_day, self.duties)
        v = create_variables(w.instance, slot_range=w.slot_range)
        if not v.duty:
            return None
        add_hard_rules(v, w.instance)
        lo, hi = w.slot_range
        apply_pins(v, w.instance, [p for p in self.pins
                                   if (t := self.instance.slot_index(p.date, p.slot)) is not None and lo <= t < hi])
        for key in w.fixed:
            if key in v.duty:
                v.model.add(v.duty[key] == 1)
        hint = _hint_from_duties(v, w.inside(self.duties) | set(w.fixed))
        ctx = obj.TierContext(v, w.instance, hint, self.fairness.shares if self.fairness else None, self.previous,
                              w.outside_hours, w.outside_nights_weekends, self.even)
        first_lost: obj.Objective | None = None
        for done, _ in self.done:
            if done.kind == "ratio":
                obj.load_caps(ctx, self.caps)
                continue
            held = obj.build(done, ctx)
            if done in lost and first_lost is None:
                first_lost = held  # won back in this solve, weighted above the tier itself
                continue
            v.model.minimize(held.expr)
            held.hold(v.model, round(hint.objective_value(v.model)))
        objective = obj.build(tier, ctx)
        expr = objective.expr
        if tier.kind == "ratio":
            if first_lost is None:  # the largest ratio never grows in a window
                v.model.minimize(objective.expr)
                v.model.add(objective.expr <= round(hint.objective_value(v.model)))
            expr = _RATIO_WEIGHT * objective.expr + obj.load_above_fair_share(ctx).expr
        if first_lost is not None:
            expr = _RESTORE_WEIGHT * first_lost.expr + expr
        v.model.minimize(expr)
        run = _solve_model(v, self.settings, seconds, hint, self.control)
        best = run.solution or hint
        self.duties = (self.duties - w.inside(self.duties)) | (_duties_of(v, best) - set(w.fixed))
        v.model.minimize(objective.expr)
        return best.objective_value(v.model)


def _hours(instance: Instance, duties: Iterable[tuple[str, int]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for sid, t in duties:
        out[sid] = out.get(sid, 0.0) + instance.slots[t].duty_hours
    return out


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
) -> SolveResult:
    """Plan the duties: the priorities in order, each optimised and held for the next.

    `previous` (re-planning) holds the published duties as (supporter, slot index);
    `stop_after` names the last tier to run (e.g. only coverage, when measuring limits);
    `deadline` (a `time.perf_counter()` value) ends the run earlier than the time limit would.
    """
    settings = settings or instance.rules.solver
    control = control or SolveControl()
    clock = _Clock(settings, deadline)
    planner = _Planner(instance, list(pins), previous, settings, on_progress, control, clock)
    build_seconds = clock.elapsed()
    plan = tier_order(instance.rules.priorities, redundancy=instance.rules.redundancy, previous=previous is not None)
    if stop_after is not None:
        names = [t.name for t in plan]
        plan = plan[: names.index(stop_after) + 1]
    solve_started = time.perf_counter()
    planner.run(plan)
    if planner.status is not RunStatus.INFEASIBLE:
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
        },
    )
