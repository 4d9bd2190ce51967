"""A straightforward CP-SAT baseline in the style of OR-Tools' shift_scheduling_sat.py.

One bool per available (supporter, slot) duty and one per eligible (supporter, ward, slot)
assignment; one coverage row per ward-slot over all eligible supporters' assignments; the same
hard limits as docs/semantics.md; objective = big-M × uncovered ward-slots + duties. Default CP-SAT
parameters except the time limit (no workers, no linearization level).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from scheduler.domain import Instance, SlotKind
from scheduler.model.eligibility import eligible, profile

Key = tuple[str, int]


@dataclass
class NaiveModel:
    model: cp_model.CpModel
    duty: dict[Key, cp_model.IntVar]
    covered: dict[tuple[str, int], cp_model.IntVar]
    constant_uncovered: int
    big_m: int
    assignments: int = 0
    stats: dict[str, int] = field(default_factory=dict)


def build_naive(instance: Instance) -> NaiveModel:
    """The model as a first attempt would write it: a variable per supporter × ward × slot."""
    m = cp_model.CpModel()
    rules = instance.rules
    duty: dict[Key, cp_model.IntVar] = {}
    via: dict[Key, str] = {}
    for sid, t, how in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False):
        duty[sid, int(t)] = m.new_bool_var(f"d_{sid}_{t}")
        via[sid, int(t)] = how
    profiles = {sid: profile(instance, sid) for sid, _ in duty}
    wards_in: dict[int, list[str]] = defaultdict(list)
    for ward, t in instance.demand[["ward", "slot"]].itertuples(index=False):
        wards_in[int(t)].append(ward)

    # Assignments x[s, w, t] <= d[s, t], at most max_wards_per_duty per duty.
    serving: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    n_assign = 0
    for (sid, t), d in duty.items():
        xs = []
        for ward in wards_in.get(t, []):
            if eligible(instance, profiles[sid], ward):
                x = m.new_bool_var(f"x_{sid}_{ward}_{t}")
                m.add_implication(x, d)
                serving[ward, t].append(x)
                xs.append(x)
        n_assign += len(xs)
        if rules.max_wards_per_duty is not None and len(xs) > rules.max_wards_per_duty:
            m.add(sum(xs) <= rules.max_wards_per_duty * d)

    # Coverage: one row per ward-slot.
    covered: dict[tuple[str, int], cp_model.IntVar] = {}
    constant = 0
    for ward, t in instance.demand[["ward", "slot"]].itertuples(index=False):
        xs = serving.get((ward, int(t)), [])
        if not xs:
            constant += 1
            continue
        c = m.new_bool_var(f"c_{ward}_{t}")
        m.add(sum(xs) >= c)
        covered[ward, int(t)] = c

    # Per-supporter limits.
    by_sup: dict[str, list[int]] = defaultdict(list)
    for sid, t in duty:
        by_sup[sid].append(t)
    first = instance.slots[0].date if instance.slots else None
    for sid, ts in by_sup.items():
        sup = instance.supporters[sid]
        per_day: dict[int, list[int]] = defaultdict(list)
        per_week: dict[Any, list[int]] = defaultdict(list)
        for t in ts:
            per_day[(instance.slots[t].date - first).days].append(t)  # type: ignore[operator]
            per_week[instance.slots[t].date.isocalendar()[:2]].append(t)
        for day_ts in per_day.values():
            if len(day_ts) > rules.max_duties_per_day:
                m.add(sum(duty[sid, t] for t in day_ts) <= rules.max_duties_per_day)
        for week_ts in per_week.values():
            m.add(sum(duty[sid, t] for t in week_ts) <= rules.weekly_duties(sup))
            hours = rules.weekly_hours(sup)
            if hours is not None:
                m.add(sum(round(instance.slots[t].duty_hours * 100) * duty[sid, t] for t in week_ts)
                      <= round(hours * 100))
        if (limit := rules.period_duties(sup)) is not None:
            m.add(sum(duty[sid, t] for t in ts) <= limit)
        if (limit := rules.period_nights(sup)) is not None:
            m.add(sum(duty[sid, t] for t in ts if instance.slots[t].kind is SlotKind.NIGHT) <= limit)
        worked: dict[int, cp_model.LinearExprT] = {}
        for day, day_ts in per_day.items():
            if len(day_ts) == 1 or rules.max_duties_per_day == 1:
                worked[day] = sum(duty[sid, t] for t in day_ts)
            else:
                w = m.new_bool_var(f"w_{sid}_{day}")
                m.add_max_equality(w, [duty[sid, t] for t in day_ts])
                worked[day] = w
        run = rules.max_consecutive_days
        for day in worked:
            window = [worked[day + k] for k in range(run + 1) if day + k in worked]
            if len(window) > run:
                m.add(sum(window) <= run)

    # Per slot and home ward: max on duty, and the release rule for several at once.
    headcount = {(w, int(t)): int(h) for w, t, h in instance.staffing[["ward", "slot", "headcount"]].itertuples(index=False)}
    home_in: dict[tuple[int, str], list[str]] = defaultdict(list)
    for sid, t in duty:
        home_in[t, profiles[sid].home_ward].append(sid)
    for (t, home), sids in home_in.items():
        if len(sids) > rules.max_on_duty_per_ward:
            m.add(sum(duty[s, t] for s in sids) <= rules.max_on_duty_per_ward)
        ward = instance.wards.get(home)
        minimum = ward.min_staff(instance.slots[t].kind) if ward else None
        released = [s for s in sids if via[s, t] == "work"]
        if minimum is not None and released:
            spare = max(headcount.get((home, t), 0) - minimum, 0)
            if len(released) > spare:
                m.add(sum(duty[s, t] for s in released) <= spare)

    big_m = len(duty) + 1
    m.minimize(big_m * (constant + sum(1 - c for c in covered.values())) + sum(duty.values()))
    return NaiveModel(m, duty, covered, constant, big_m, n_assign,
                      {"variables": len(m.proto.variables), "constraints": len(m.proto.constraints),
                       "duty_variables": len(duty), "assignment_variables": n_assign})


class _FirstReach(cp_model.CpSolverSolutionCallback):
    """Records every improving solution and when the uncovered count first reached the target."""

    def __init__(self, naive: NaiveModel, started: float, target: float | None) -> None:
        super().__init__()
        self.naive, self.started, self.target = naive, started, target
        self.trace: list[tuple[float, int, int]] = []
        self.reached_at: float | None = None

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.started
        obj = round(self.objective_value)
        uncovered, duties = divmod(obj, self.naive.big_m)
        self.trace.append((round(now, 3), uncovered, duties))
        if self.reached_at is None and self.target is not None and uncovered <= self.target:
            self.reached_at = now


def solve_naive(instance: Instance, time_limit: float, target: float | None) -> dict[str, Any]:
    """Build and solve; times (from the start of the build) and the duties chosen."""
    started = time.perf_counter()
    naive = build_naive(instance)
    build = time.perf_counter() - started
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit  # everything else: CP-SAT defaults
    watch = _FirstReach(naive, started, target)
    code = solver.solve(naive.model, watch)
    solve_seconds = time.perf_counter() - started - build
    has = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    duties = {k for k, d in naive.duty.items() if solver.value(d)} if has else set()
    obj = round(solver.objective_value) if has else None
    bound = solver.best_objective_bound
    return {
        "status": solver.status_name(code),
        "build_seconds": build,
        "solve_seconds": solve_seconds,
        "uncovered": None if obj is None else obj // naive.big_m,
        "duties_count": None if obj is None else obj % naive.big_m,
        "uncovered_lower_bound": max(0, -(-(round(bound) - naive.big_m + 1) // naive.big_m)),
        "time_to_target": watch.reached_at,
        "target": target,
        "trace": watch.trace[-50:],
        "num_workers_default": solver.parameters.num_workers,
        "model_stats": naive.stats,
        "duties": sorted(duties),
    }
