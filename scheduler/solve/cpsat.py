"""The one place a CP-SAT solver is created and run: its parameters (workers, time, seed, stated
every time), a solve with a watcher for progress, and a rota read from or written to a hint."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import SolverSettings
from scheduler.errors import SolverError
from scheduler.solve.hint import Hint
from scheduler.solve.results import SolveControl
from scheduler.solve.variables import ModelVariables

__all__ = ["solver_parameters", "Watcher", "Run", "solve_model", "hint_from_duties", "duties_of"]


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


class Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[float, float, int], None]) -> None:
        super().__init__()
        self._report = report
        self.count = 0
        self.last = float("nan")

    def on_solution_callback(self) -> None:
        self.count += 1
        self.last = self.objective_value
        self._report(self.objective_value, self.best_objective_bound, self.count)


@dataclass
class Run:
    code: int  # the best CP-SAT status over the phases
    solution: Hint | None  # the best solution found, if any
    value: float | None
    bound: float


def _solve_once(v: ModelVariables, settings: SolverSettings, seconds: float, hint: Hint, control: SolveControl,
                watcher: cp_model.CpSolverSolutionCallback | None, on_bound: Callable[[float], None] | None,
                repair: bool = False) -> Run:
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
        return Run(code, Hint.from_solution(solver), solver.objective_value, solver.best_objective_bound)
    return Run(code, None, None, solver.best_objective_bound if code != cp_model.INFEASIBLE else math.inf)


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


def solve_model(v: ModelVariables, settings: SolverSettings, seconds: float, hint: Hint,
                 control: SolveControl, watcher: cp_model.CpSolverSolutionCallback | None = None,
                 on_bound: Callable[[float], None] | None = None, second_worker: bool = False,
                 repair: bool = False) -> Run:
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
        return Run(second.code, None, None, bound)
    code = cp_model.OPTIMAL if best.value <= bound + 1e-9 else cp_model.FEASIBLE
    return Run(code, best.solution, best.value, bound)


def hint_from_duties(v: ModelVariables, duties: Iterable[tuple[str, int]]) -> Hint:
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


def duties_of(v: ModelVariables, hint: Hint) -> set[tuple[str, int]]:
    return {key for key, var in v.duty.items() if hint.get(var)}

