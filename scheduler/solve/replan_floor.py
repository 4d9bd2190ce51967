"""The coverage no rota can beat in the weeks a local re-plan re-opens (docs/fairness.md, «A local
re-plan»).

A local re-plan must keep the coverage the published rota had there, or the full model plans it.
Sometimes no rota can: on the generated trust-year two nights lost to a sick week may be covered
only by one supporter, who may take one duty a week — the full model ran 152 s to reach what one
week's model shows in one. The floor is the fewest ward-slots left uncovered in those weeks by the
weeks' own model with the days around them free and each supporter's period limits whole, as if
they had no duty elsewhere, so it is a lower bound for every rota of the horizon there; a local re-plan that reaches it has kept all the
coverage any re-plan could.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ortools.sat.python import cp_model

from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.solve import objectives as obj
from scheduler.solve.constraints import add_hard_rules, apply_pins
from scheduler.solve.cpsat import hint_from_duties, solve_model
from scheduler.solve.replan_window import weeks_window
from scheduler.solve.results import SolveControl
from scheduler.solve.variables import create_variables

__all__ = ["coverage_floor"]

Key = tuple[str, int]


def coverage_floor(instance: Instance, days: Sequence[tuple[int, int]], pins: Sequence[Pin], start: set[Key],
                   settings: SolverSettings, seconds: float, control: SolveControl) -> int:
    """A proven lower bound on the ward-slots any rota leaves uncovered in the runs of days `days`
    ([first day, end day)): their model alone, nothing around it — each period limit whole, as if
    the supporter had no duty elsewhere. `start` is a rota of those days within their rules (the
    local model's best), the search's first solution."""
    w = weeks_window(instance, days, set())
    alone = w.instance
    v = create_variables(alone, slot_range=w.slot_range)
    add_hard_rules(v, alone)
    apply_pins(v, alone, [p for p in pins if (t := instance.slot_index(p.date, p.slot)) is not None and w.decides(t)])
    ctx = obj.TierContext(v, alone, hint_from_duties(v, {k for k in start if k in v.duty}), None, frozenset())
    objective = obj.uncovered_ward_slots(ctx)
    v.model.minimize(objective.expr)
    run = solve_model(v, settings, seconds, ctx.hint, control)
    if run.code == cp_model.INFEASIBLE:
        return 0
    return math.ceil(run.bound - 1e-6)
