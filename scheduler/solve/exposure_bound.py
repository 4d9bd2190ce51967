"""A proven lower bound on the exposure fairness tier: heavy duties only for large shares
(docs/fairness.md, «Exposure»).

Over exposure one duty of a weekday day slot weighs several times a night's, and in whole duties a
supporter whose fair share is smaller than a duty's weight cannot take it at all without going
above ratio 1. CP-SAT's linear relaxation lets them take a fraction of it, so its bound stayed at
1.02–1.15 × on M-1 while the rota was at 1.65 ×. This bound removes exactly that freedom.

The claim. At ratio R (thousandths) every valid rota of the fairness model has, per supporter s,
load(s) ≤ R × target(s), and so x[s,t] = 0 wherever one duty of slot t alone weighs more than that.
Every slot keeps at least the duties it had in the first rota (`hold_slot_counts`), and each
supporter keeps their duties per day, per week (duties and hours), in the period and nights in the
period. Drop everything else (coverage of each ward, rest, days in a row, pins): what is left is
a relaxation of the model at R, and its linear relaxation is weaker still. So when that LP has no
solution, no rota of the model reaches R, and the tier's optimum is above R. Feasibility only
grows with R (more duties allowed, looser caps), so the smallest R at which the LP is feasible,
found by bisection, is a proven lower bound. It is in the model's own integers: loads in
hundredths (`centi_hours`), targets in hundredths rounded down, ratio in thousandths.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from scheduler.domain import Instance, SlotKind
from scheduler.solve.limits import limit_week
from scheduler.tiers import RATIO_SCALE
from scheduler.units import centi_hours

if TYPE_CHECKING:
    from scheduler.solve.variables import ModelVariables

__all__ = ["heavy_duty_bound", "feasible_at"]


def feasible_at(v: ModelVariables, instance: Instance, targets: Mapping[str, int], counts: Mapping[int, int],
                ratio: int) -> bool:
    """Whether the relaxation above has a solution at `ratio` (thousandths); targets in hundredths."""
    from ortools.linear_solver import pywraplp

    lp = pywraplp.Solver.CreateSolver("GLOP")
    rules = instance.rules
    weight = {t: centi_hours(instance.slots[t].load_hours) for t in counts}
    x: dict[tuple[str, int], object] = {}
    by_slot: dict[int, list] = defaultdict(list)
    for sid, slots in v.slots_of.items():
        target = targets.get(sid, 0)
        for t in slots:
            if t in counts and RATIO_SCALE * weight[t] <= ratio * target:
                var = lp.NumVar(0.0, 1.0, "")
                x[sid, t] = var
                by_slot[t].append(var)
    for t, n in counts.items():
        if n > len(by_slot[t]):
            return False  # fewer who may take one than the duties the slot keeps
        lp.Add(lp.Sum(by_slot[t]) >= n)
    mine: dict[str, list[int]] = defaultdict(list)
    for sid, t in x:
        mine[sid].append(t)
    for sid, slots in mine.items():
        supporter = instance.supporters[sid]
        terms = [x[sid, t] for t in slots]
        lp.Add(lp.Sum([weight[t] * x[sid, t] for t in slots]) * RATIO_SCALE <= ratio * targets.get(sid, 0))
        days: dict[object, list[int]] = defaultdict(list)
        weeks: dict[object, list[int]] = defaultdict(list)
        for t in slots:
            days[instance.slots[t].date].append(t)
            weeks[limit_week(instance.slots[t])].append(t)
        for ts in days.values():
            if len(ts) > rules.max_duties_per_day:
                lp.Add(lp.Sum([x[sid, t] for t in ts]) <= rules.max_duties_per_day)
        hours = rules.weekly_hours(supporter)
        for ts in weeks.values():
            lp.Add(lp.Sum([x[sid, t] for t in ts]) <= rules.weekly_duties(supporter))
            if hours is not None:
                lp.Add(lp.Sum([instance.slots[t].duty_hours * x[sid, t] for t in ts]) <= hours + 1e-9)
        period = rules.period_duties(supporter)
        if period is not None:
            lp.Add(lp.Sum(terms) <= period)
        nights = rules.period_nights(supporter)
        if nights is not None:
            lp.Add(lp.Sum([x[sid, t] for t in slots if instance.slots[t].kind is SlotKind.NIGHT]) <= nights)
    return lp.Solve() in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)


def heavy_duty_bound(v: ModelVariables, instance: Instance, targets: Mapping[str, int], counts: Mapping[int, int],
                     above: int) -> int:
    """The smallest ratio (thousandths) at which the relaxation is feasible, searched up to `above`
    (a rota's own ratio, at which it always is); 0 when nothing is held or `above` is not feasible
    (then the relaxation says nothing, and no bound is claimed)."""
    if not counts or not targets or above <= 0 or not feasible_at(v, instance, targets, counts, above):
        return 0
    lo, hi = 0, above  # infeasible at lo - 1 is unknown; feasible at hi
    while lo < hi:
        mid = (lo + hi) // 2
        if feasible_at(v, instance, targets, counts, mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
