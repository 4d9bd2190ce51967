"""The on-call model (CP-SAT): one on-call supporter per needed slot where someone may, within the
limits, chosen lexicographically — first the fewest needed slots without anyone on call, then the
fairest: the busiest supporter's load (on-site load + what their on-call slots weigh, both on the
rules' basis — scheduler/oncall/basis.py) relative to their fair share as low as it goes, then that
load spread evenly (a convex cost per supporter). Each tier reports its value, its proven bound and
whether it was proven (docs/domain.md)."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.domain import Instance, SolverSettings
from scheduler.oncall.candidates import Candidates
from scheduler.oncall.need import Need
from scheduler.solve.cpsat import solver_parameters

__all__ = ["OnCallSolution", "solve_on_call", "RATIO_SCALE"]

#: Load ratios are kept in thousandths in the model.
RATIO_SCALE = 1000


@dataclass
class OnCallSolution:
    """Who is on call in which needed slot, and each tier's value, bound and proof."""

    chosen: dict[int, str] = field(default_factory=dict)
    tiers: list[dict] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Model:
    model: cp_model.CpModel
    x: dict[tuple[str, int], cp_model.IntVar]
    covered: cp_model.LinearExpr
    busiest: cp_model.IntVar
    spread: cp_model.LinearExpr


def _hundredths(value: float) -> int:
    return int(round(value * 100))


def _limits(instance: Instance, m: cp_model.CpModel, x: Mapping[tuple[str, int], cp_model.IntVar]) -> None:
    """At most one on-call supporter per slot; per supporter at most one on-call slot per date,
    `max_per_week` per ISO week and `max_per_period` over the period."""
    rules = instance.rules.on_call
    assert rules is not None
    per_slot: dict[int, list] = {}
    per_day: dict[tuple[str, object], list] = {}
    per_week: dict[tuple[str, tuple[int, int]], list] = {}
    per_person: dict[str, list] = {}
    for (sid, t), var in x.items():
        date = instance.slots[t].date
        iso = date.isocalendar()
        per_slot.setdefault(t, []).append(var)
        per_day.setdefault((sid, date), []).append(var)
        per_week.setdefault((sid, (iso.year, iso.week)), []).append(var)
        per_person.setdefault(sid, []).append(var)
    for group in (*per_slot.values(), *per_day.values()):
        m.add(sum(group) <= 1)
    for group in per_week.values():
        m.add(sum(group) <= rules.max_per_week)
    if rules.max_per_period is not None:
        for group in per_person.values():
            m.add(sum(group) <= rules.max_per_period)


def _spread_cost(m: cp_model.CpModel, sid: str, base: int, target: int,
                 own: list[tuple[int, cp_model.IntVar]]) -> cp_model.IntVar:
    """((base + added)² − base²) ÷ target: convex in what the on-call slots add. With one weight for
    every slot (the hours basis) a table over the count; else a square of the added load."""
    weights = {w for w, _ in own}
    if len(weights) == 1:
        w = weights.pop()
        n = m.new_int_var(0, len(own), f"on_call_count[{sid}]")
        m.add(n == sum(var for _, var in own))
        table = [((base + w * k) ** 2 - base ** 2) // target for k in range(len(own) + 1)]
        cost = m.new_int_var(0, table[-1], f"on_call_cost[{sid}]")
        m.add_element(n, table, cost)
        return cost
    most = sum(w for w, _ in own)
    added = m.new_int_var(0, most, f"on_call_added[{sid}]")
    m.add(added == sum(w * var for w, var in own))
    square = m.new_int_var(0, most * most, f"on_call_added_squared[{sid}]")
    m.add_multiplication_equality(square, [added, added])
    cost = m.new_int_var(0, ((base + most) ** 2 - base ** 2) // target + 1, f"on_call_cost[{sid}]")
    m.add(target * cost >= 2 * base * added + square)
    return cost


def _build(instance: Instance, needs: Sequence[Need], candidates: Candidates, base_load: Mapping[str, float],
           targets: Mapping[str, float], slot_load: Mapping[int, float]) -> _Model:
    m = cp_model.CpModel()
    x = {(sid, n.t): m.new_bool_var(f"on_call[{sid}][{instance.slots[n.t].label}]")
         for n in needs for sid in candidates.may.get(n.t, [])}
    _limits(instance, m, x)
    people: dict[str, list[tuple[int, cp_model.IntVar]]] = {}
    for (sid, t), var in x.items():
        people.setdefault(sid, []).append((_hundredths(slot_load[t]), var))
    ratios, costs = [], []
    top = 1
    for sid, own in sorted(people.items()):
        base, target = _hundredths(base_load.get(sid, 0.0)), max(1, _hundredths(targets.get(sid, 0.0)))
        most = base + sum(w for w, _ in own)
        ratio = m.new_int_var(0, RATIO_SCALE * most // target + 1, f"on_call_ratio[{sid}]")
        m.add(target * ratio >= RATIO_SCALE * (base + sum(w * var for w, var in own)))
        top = max(top, RATIO_SCALE * most // target + 1)
        ratios.append(ratio)
        costs.append(_spread_cost(m, sid, base, target, own))
    busiest = m.new_int_var(0, top, "on_call_busiest_ratio")
    for ratio in ratios:
        m.add(busiest >= ratio)
    return _Model(m, x, sum(x.values()), busiest, sum(costs))


def solve_on_call(instance: Instance, needs: Sequence[Need], candidates: Candidates, base_load: Mapping[str, float],
                  targets: Mapping[str, float], settings: SolverSettings, seconds: float,
                  slot_load: Mapping[int, float] | None = None) -> OnCallSolution:
    """The three tiers, each held while the next is solved; `seconds` bounds them together.
    `base_load` is each supporter's on-site load and `slot_load` what one on-call slot adds, both on
    the fair shares' basis (default: `weight` hours a slot)."""
    started = time.perf_counter()
    if slot_load is None:
        weight = instance.rules.on_call.weight if instance.rules.on_call else 0.0
        slot_load = {n.t: weight for n in needs}
    built = _build(instance, needs, candidates, base_load, targets, slot_load)
    out = OnCallSolution()
    if not built.x:
        out.tiers = [{"tier": "on_call_coverage", "value": 0, "bound": 0, "proven": True}]
        return out
    tiers = (("on_call_coverage", built.covered, True), ("on_call_busiest", built.busiest, False),
             ("on_call_spread", built.spread, False))
    best: dict[tuple[str, int], int] | None = None
    for number, (name, expr, maximize) in enumerate(tiers):
        left = seconds - (time.perf_counter() - started)
        solver = solver_parameters(settings, max(0.05, left / (len(tiers) - number)))
        (built.model.maximize if maximize else built.model.minimize)(expr)
        if best is not None:
            built.model.clear_hints()
            for key, var in built.x.items():
                built.model.add_hint(var, best[key])
        code = solver.solve(built.model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        value = int(round(solver.objective_value))
        bound = int(round(solver.best_objective_bound))
        out.tiers.append({"tier": name, "value": value, "bound": bound, "proven": code == cp_model.OPTIMAL})
        best = {key: int(solver.value(var)) for key, var in built.x.items()}
        built.model.add(expr >= value if maximize else expr <= value)
    if best is not None:
        out.chosen = {t: sid for (sid, t), v in best.items() if v}
    out.seconds = time.perf_counter() - started
    return out
