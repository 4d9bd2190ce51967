"""The cost of load above the fair share at whole duties (tier `load_above_fair_share`, and the
fairness tier's cost above the follow-up line): one variable per supporter at or above the cost's
secants, so the relaxation knows a share of 1.67 duties is served by 1 or 2, never 1.67
(docs/fairness.md, «What is proven»)."""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from scheduler.domain import Instance
from scheduler.solve.hint import Hint
from scheduler.solve.variables import ModelVariables
from scheduler.units import centi_hours

__all__ = ["above_cost", "above_secants", "duty_units", "above_share_cost"]


def duty_units(v: ModelVariables, instance: Instance, sid: str) -> tuple[int, list[tuple[int, int]]]:
    """A supporter's modelled load as whole units: the largest g (hundredths of an hour) dividing
    every slot's load they may take, and per slot its units. Their load is then
    outside + g × (an integer), which is what makes the secants of `above_secants` valid."""
    slots = v.slots_of.get(sid, [])
    cents = [centi_hours(instance.slots[t].load_hours) for t in slots]
    g = math.gcd(*cents) if cents else 0
    return g, [(t, c // g) for t, c in zip(slots, cents, strict=True)] if g else []


def above_cost(outside: int, unit: int, thresholds: list[tuple[int, int]], m: int) -> int:
    """The cost of a load of outside + unit × m: Σ weight × (load − threshold) over the bands it is above."""
    load = outside + unit * m
    return sum(weight * max(0, load - threshold) for threshold, weight in thresholds)


def above_secants(outside: int, unit: int, thresholds: list[tuple[int, int]], most: int) -> list[tuple[int, int]]:
    """The lines (slope, intercept in m) through the cost at m and m + 1, one for each run of whole
    m on which the cost's slope is the same. Why they are valid and exact: the cost is convex in
    the load, so its values at whole m are convex too; each line through two neighbouring whole
    points lies at or below the cost at every whole m, and the largest of them at m is the cost
    itself (the line of the run m begins or lies in passes through it). The slope changes only at
    m = 0 and at the two whole steps around each band's threshold, so those lines are all there
    are (tests/solve/test_above_share.py checks it against every m)."""
    starts = {0, most - 1}
    for threshold, _ in thresholds:
        k = (threshold - outside) // unit
        starts |= {k - 1, k, k + 1}
    lines = []
    for m0 in sorted(s for s in starts if 0 <= s < most):
        f0 = above_cost(outside, unit, thresholds, m0)
        slope = above_cost(outside, unit, thresholds, m0 + 1) - f0
        lines.append((slope, f0 - slope * m0))
    return sorted(set(lines))


def above_share_cost(v: ModelVariables, instance: Instance, hint: Hint, sid: str, outside: int,
                     thresholds: list[tuple[int, int]]) -> cp_model.LinearExprT:
    """A supporter's cost above their share: a constant without modelled slots, else a variable at
    or above every secant of the cost at whole duty units (`above_secants`). The plain form (one
    variable per band, ≥ load − threshold) lets the relaxation give everyone a fraction of a duty
    and proved 1.7 against 12.3 on a 40-ward quarter; at whole units a share of 10.4 duties costs
    its 0.6 above at 11, as every rota pays it."""
    unit, units = duty_units(v, instance, sid)
    if not units:
        return above_cost(outside, 1, thresholds, 0)
    most = sum(n for _, n in units)
    top, least = above_cost(outside, unit, thresholds, most), above_cost(outside, unit, thresholds, 0)
    if top == least:
        return least
    # The units as one integer, so each secant is a row of two terms, not one per slot.
    m = v.model.new_int_var(0, most, f"duty_units[{sid}]")
    v.model.add(m == sum(n * v.duty[sid, t] for t, n in units))
    cost = v.model.new_int_var(least, top, f"above_share[{sid}]")
    for slope, intercept in above_secants(outside, unit, thresholds, most):
        v.model.add(cost >= slope * m + intercept)
    hinted = sum(n * hint.get(v.duty[sid, t]) for t, n in units)
    hint.set(m, hinted)
    hint.set(cost, above_cost(outside, unit, thresholds, hinted))
    return cost
