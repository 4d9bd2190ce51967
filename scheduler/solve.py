"""Builds the CP-SAT model, runs the tiers of SPEC §4 one after another, reports values and bounds.

The only module that creates a solver. Every run states its settings (workers, time limit,
seed) and returns per tier the value reached, the best proven bound and the wall time.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

from scheduler import objectives as obj
from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.errors import SolverError
from scheduler.greedy import greedy_rota, prune_redundant_duties
from scheduler.hint import Hint
from scheduler.rules import add_hard_rules, apply_pins
from scheduler.variables import ModelVariables, create_variables

__all__ = ["SolveProgress", "SolveControl", "TierResult", "SolveResult", "solve", "solver_parameters"]


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


@dataclass
class SolveResult:
    """The duties chosen, and how good and how sure the run was."""

    status: str  # OPTIMAL (every tier proven), FEASIBLE (valid, not all proven), STOPPED, INFEASIBLE (locks clash)
    duties: set[tuple[str, int]]
    tiers: list[TierResult]
    build_seconds: float
    solve_seconds: float
    settings: SolverSettings
    uncoverable: list[tuple[str, int]] = field(default_factory=list)
    ward_locks: list[Pin] = field(default_factory=list)
    targets: dict[str, float] = field(default_factory=dict)
    model_stats: dict[str, int] = field(default_factory=dict)

    def tier(self, name: str) -> TierResult | None:
        return next((t for t in self.tiers if t.name == name), None)


def _gap(value: float, bound: float) -> float:
    if value == bound:
        return 0.0
    return abs(value - bound) / max(abs(value), 1e-9)


def solver_parameters(settings: SolverSettings, seconds: float) -> cp_model.CpSolver:
    """One worker with linearization level 2 proved coverage models in well under a second here,
    where CP-SAT's default 2-worker portfolio (LNS-heavy) stalled for minutes (ECOSYSTEM.md).
    Measured on the sample: two workers on the fairness tiers made them slower to prove, not
    faster, and `optimize_with_core` did not help either (benchmarks/RESULTS.md)."""
    solver = cp_model.CpSolver()
    p = solver.parameters
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


#: How the time limit is shared: a tier may use weight ÷ (sum of the remaining weights) of what is left.
_WEIGHTS = {
    "uncovered_ward_slots": 4,
    "uncovered_staff_shifts": 1,
    "missing_backups": 1,
    "changed_duties": 1,
    "total_duties": 3,
    "largest_load_ratio": 2,
    "total_target_deviation": 2,
    "profession_mismatches": 2,
    "uneven_nights_weekends": 1,
}


#: Share of a tier's time for the proving search (one worker); the rest goes to improving.
_PROVE_SHARE = 0.4
#: From this many duty variables on, tiers that are not proven quickly get an LNS phase. Measured:
#: the 8-week sample (753) proves every tier with one worker alone, and loses proofs when split;
#: the 12-week, 40-ward hospital (3,700) halves its fairness deviation with the LNS phase.
_LNS_FROM_DUTIES = 2000
#: From this many model variables on, the fairness and preference tiers skip CP-SAT's presolve.
#: Measured on the 100-ward, 52-week hospital (129k variables): presolve alone took 9–15 s per
#: tier, so these tiers ended with no solution at all; without it they improve the rota, with
#: weaker bounds (benchmarks/RESULTS.md).
_NO_PRESOLVE_FROM_VARIABLES = 60_000
_PRESOLVED_TIERS = frozenset({"uncovered_ward_slots", "uncovered_staff_shifts", "missing_backups",
                              "changed_duties", "total_duties"})


@dataclass
class _TierRun:
    code: int  # the best CP-SAT status over the phases
    solution: Hint | None  # the best solution found, if any
    value: float | None
    bound: float


def _run_tier(v: ModelVariables, settings: SolverSettings, budget: float, watcher: _Watcher,
              report: Callable[[float, float, int], None] | None, control: SolveControl, hint: Hint,
              presolve: bool = True) -> _TierRun:
    """Solve one tier: first the single-worker search that proves easy tiers in a blink (measured
    here); if that ends without a proof, the rest of the time goes to a multi-worker portfolio with
    LNS, which finds better fairness solutions on large hospitals, started from the best so far.
    Deterministic runs stay with one worker throughout."""
    phases = [(settings.workers, budget)]
    large = len(v.model.proto.variables) >= _NO_PRESOLVE_FROM_VARIABLES  # a second worker doubled the peak memory
    if not settings.deterministic and budget > 2.0 and len(v.duty) >= _LNS_FROM_DUTIES and not large:
        phases = [(settings.workers, budget * _PROVE_SHARE), (max(2, settings.workers), budget * (1 - _PROVE_SHARE))]
    best = _TierRun(cp_model.UNKNOWN, None, None, float("-inf"))
    for workers, seconds in phases:
        solver = solver_parameters(settings.model_copy(update={"workers": workers}), seconds)
        solver.parameters.cp_model_presolve = presolve
        if report is not None:
            # Bound-only improvements matter too: a long proof otherwise looks like a hang.
            solver.best_bound_callback = lambda bound, _w=watcher, _r=report: _r(
                _w.last if _w.count else float("nan"), bound, _w.count)
        (best.solution or hint).apply(v.model)
        control._attach(solver)
        code = solver.solve(v.model, watcher)
        control._attach(None)
        if code in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
            return _TierRun(code, None, None, float("-inf"))
        best.bound = max(best.bound, solver.best_objective_bound)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and (best.value is None or solver.objective_value <= best.value):
            best.code, best.value, best.solution = code, solver.objective_value, Hint.from_solution(solver)
        if best.code == cp_model.OPTIMAL or control.stopped:
            break
    if best.value is not None and best.bound >= best.value - 1e-9:
        best.code = cp_model.OPTIMAL  # the phases together proved it
    return best


def _hint_from_duties(v: ModelVariables, duties: set[tuple[str, int]]) -> Hint:
    """A complete warm start from a set of duties: coverage, backups and every sum follow from it."""
    hint = Hint()
    for key, var in v.duty.items():
        hint.set(var, key in duties)
    on: dict[int, list[str]] = {}
    for sid, t in duties:
        on.setdefault(t, []).append(sid)
    for (ward, t), var in v.covered.items():
        n = sum(1 for s in on.get(t, []) if v.fits(v.profiles[s], ward))
        hint.set(var, n >= 1)
        if (ward, t) in v.backup:
            hint.set(v.backup[ward, t], n >= 2)
    for total, terms in v.sums:
        hint.set(total, sum(hint.get(x) for x in terms))
    return hint


def _min_duties_cuts(v: ModelVariables, instance: Instance) -> int:
    """Valid inequalities once every coverable ward-slot must be covered: per slot, the fewest
    duties that can cover all its wards (one supporter never covers their own ward, so a slot
    whose demand spans the wards of every available supporter needs at least two)."""
    by_slot: dict[int, list[str]] = {}
    for ward, t in v.covered:
        by_slot.setdefault(t, []).append(ward)
    added = 0
    for t, wards in by_slot.items():
        sids = v.supporters_in.get(t, [])
        classes = {v.profiles[s] for s in sids}
        need = instance.rules.redundancy
        if all(any(not v.fits(c, w) for w in wards) for c in classes):
            need = max(need, 2)
        if need > 1 and len(sids) >= need:
            v.model.add(sum(v.duty[s, t] for s in sids) >= need)
            added += 1
    return added


def solve(
    instance: Instance,
    *,
    pins: Iterable[Pin] = (),
    previous: set[tuple[str, int]] | None = None,
    settings: SolverSettings | None = None,
    on_progress: Callable[[SolveProgress], None] | None = None,
    control: SolveControl | None = None,
    stop_after: str | None = None,
) -> SolveResult:
    """Plan the duties: lexicographic tiers, each optimised, fixed and hinted into the next.

    `previous` (re-planning) holds the published duties as (supporter, slot index);
    `stop_after` names the last tier to run (e.g. only coverage, when measuring limits).
    """
    settings = settings or instance.rules.solver
    control = control or SolveControl()
    pins = list(pins)
    started = time.perf_counter()
    v = create_variables(instance)
    add_hard_rules(v, instance)
    ward_locks = apply_pins(v, instance, pins)
    start_duties = greedy_rota(instance, pins)
    hint = _hint_from_duties(v, start_duties)
    build_seconds = time.perf_counter() - started

    plan: list[str] = ["uncovered_ward_slots", "uncovered_staff_shifts"]
    if instance.rules.redundancy == 2:
        plan.append("missing_backups")
    if previous is not None:
        plan.append("changed_duties")
    plan += ["total_duties", "largest_load_ratio", "total_target_deviation", "profession_mismatches",
             "uneven_nights_weekends"]
    if stop_after is not None:
        plan = plan[: plan.index(stop_after) + 1]
    ward_slots = len(v.covered) + len(v.uncoverable)

    tiers: list[TierResult] = []
    targets: dict[str, float] = {}
    duties = set(start_duties)
    status = "OPTIMAL"
    solve_started = time.perf_counter()
    for number, name in enumerate(plan, start=1):
        if control.stopped:
            status = "STOPPED"
            break
        if name == "largest_load_ratio":
            hours = sum(instance.slots[t].duty_hours for _, t in duties)
            targets = obj.fair_share_targets(instance, v.slots_of, hours)
        if name == "total_duties":
            # Coverage alone leaves spare duties; dropping them gives this tier a far better start.
            locks = {(p.supporter_id, t) for p in pins if p.action == "lock"
                     for t in [instance.slot_index(p.date, p.slot)] if t is not None}
            hint = _hint_from_duties(v, prune_redundant_duties(instance, duties, locks))
        objective = _objective(name, v, instance, previous, targets, duties, hint)
        remaining = settings.time_limit - (time.perf_counter() - solve_started)
        weights_left = sum(_WEIGHTS[n] for n in plan[number - 1:])
        budget = max(remaining, 0.05) * _WEIGHTS[name] / weights_left
        if tiers:
            # CP-SAT presolves the whole model again in every tier; on a large hospital a small share
            # ends before presolve does. A tier gets at least 1.5× what the first tier took.
            budget = min(max(budget, 1.5 * tiers[0].seconds), max(remaining, 0.05))
        v.model.minimize(objective.expr)
        tier_started = time.perf_counter()

        def report(value: float, bound: float, count: int, _name=name, _number=number, _objective=objective) -> None:
            if on_progress is None:
                return
            if _name == "uncovered_ward_slots":
                uncovered = round(value) if value == value else None  # NaN until the first solution
            else:
                uncovered = tiers[0].value if tiers else None
            on_progress(
                SolveProgress(
                    tier=_name, tier_number=_number, tiers=len(plan), objective=_objective.readable(value),
                    bound=_objective.readable(bound), elapsed=time.perf_counter() - started,
                    solutions=count, uncovered=None if uncovered is None else int(uncovered), ward_slots=ward_slots,
                )
            )

        watcher = _Watcher(report)
        presolve = name in _PRESOLVED_TIERS or len(v.model.proto.variables) < _NO_PRESOLVE_FROM_VARIABLES
        run = _run_tier(v, settings, budget, watcher, report if on_progress else None, control, hint, presolve)
        code = run.code
        seconds = time.perf_counter() - tier_started
        state = cp_model_pb2.CpSolverStatus.Name(code)
        if code == cp_model.MODEL_INVALID:
            raise SolverError(f"CP-SAT says the model is invalid ({v.model.validate()})")
        if code == cp_model.INFEASIBLE:
            # Only when locked duties clash with a limit: no duties at all is otherwise valid.
            status = "INFEASIBLE"
            break
        if run.solution is not None:
            value = run.value
            hint = run.solution
            duties = {key for key, var in v.duty.items() if hint.get(var)}
        else:
            # No solution in this tier's time: the previous rota stands (it is still valid), with
            # its value in this tier, and the run goes on to the next tier instead of ending.
            value = hint.objective_value(v.model)
        bound = min(run.bound, value)
        tiers.append(TierResult(name, objective.label_no, objective.label_en, objective.readable(value),
                                objective.readable(bound), state, seconds))
        if code != cp_model.OPTIMAL:
            status = "STOPPED" if control.stopped else "FEASIBLE"
        v.model.add(objective.expr <= round(value))
        if name == "uncovered_ward_slots" and round(value) == len(v.uncoverable):
            for var in v.covered.values():
                v.model.add(var == 1)
            _min_duties_cuts(v, instance)
        if status == "STOPPED":
            break
    proto = v.model.proto
    return SolveResult(
        status=status,
        duties=duties,
        tiers=tiers,
        build_seconds=build_seconds,
        solve_seconds=time.perf_counter() - solve_started,
        settings=settings,
        uncoverable=list(v.uncoverable),
        ward_locks=ward_locks,
        targets=targets or obj.fair_share_targets(
            instance, v.slots_of, sum(instance.slots[t].duty_hours for _, t in duties)
        ),
        model_stats={
            "variables": len(proto.variables),
            "constraints": len(proto.constraints),
            "duty_variables": len(v.duty),
            "ward_slots": ward_slots,
            "uncoverable": len(v.uncoverable),
        },
    )


def _objective(name: str, v: ModelVariables, instance: Instance, previous, targets, duties, hint: Hint) -> obj.Objective:
    if name == "uncovered_ward_slots":
        return obj.uncovered_ward_slots(v, instance)
    if name == "uncovered_staff_shifts":
        return obj.uncovered_staff_shifts(v, instance)
    if name == "missing_backups":
        return obj.missing_backups(v, instance)
    if name == "changed_duties":
        return obj.changed_duties(v, instance, previous or set())
    if name == "total_duties":
        return obj.total_duties(v, instance)
    if name == "largest_load_ratio":
        return obj.largest_load_ratio(v, instance, targets, hint)
    if name == "total_target_deviation":
        return obj.total_target_deviation(v, instance, targets, hint)
    if name == "profession_mismatches":
        return obj.profession_mismatches(v, instance, hint)
    if name == "uneven_nights_weekends":
        return obj.uneven_nights_weekends(v, instance, obj.even_shares(instance, sorted(duties), v.slots_of), hint)
    raise ValueError(name)

