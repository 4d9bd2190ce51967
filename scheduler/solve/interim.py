"""The rota after each finished tier, offered while later tiers still run (issue 20, «Anytime»).

A plan of a year runs for minutes; the first fair rota exists long before. After every tier from
fairness on, the planner hands the rota it holds — every tier done at the level it reached — to
`SolveControl.on_rota`; the app makes a plan of it (scheduler.solve.plan.plan_of_rota) that the
person can look at and take at once. Nothing is offered before fairness: a rota of coverage
alone has no fair shares yet and would show one person carrying many times their share.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.solve.results import RunStatus, SolveResult

__all__ = ["TierRota", "offer"]


@dataclass(frozen=True)
class TierRota:
    """The rota held after tier `number` of `tiers`, as a result of its own (status FEASIBLE: the
    tiers after it not yet run)."""

    number: int
    tiers: int
    result: SolveResult


def offer(planner, number: int, total: int) -> None:
    """Hand the planner's rota after tier `number` to the control's `on_rota`, once fairness ran.
    Cheap: copies of the duties and the values; the plan is made by whoever listens."""
    on_rota = planner.control.on_rota
    if on_rota is None or planner.fairness is None or not any(t.kind == "ratio" for t, _ in planner.done):
        return
    result = SolveResult(
        status=RunStatus.OPTIMAL if number == total and planner.status is RunStatus.OPTIMAL else RunStatus.FEASIBLE,
        duties=set(planner.duties), tiers=list(planner.tiers), build_seconds=0.0,
        solve_seconds=planner.clock.elapsed(), settings=planner.settings, uncoverable=list(planner.v.uncoverable),
        ward_locks=list(planner.ward_locks), fairness=planner.fairness,
        model_stats={"duty_variables": len(planner.v.duty), "ward_slots": planner.ward_slots,
                     "uncoverable": len(planner.v.uncoverable), "windows": int(planner.large),
                     "tiers_not_begun": total - number})
    on_rota(TierRota(number, total, result))
