"""A local re-plan's rota offered while its later tiers run (issue 20, «Anytime»; scheduler.solve.interim).

The full model hands its rota to `SolveControl.on_rota` after each tier from fairness on; a local
re-plan (scheduler.solve.local_replan) now does the same in its last window, from the tier held
after fairness is kept (the fewest changes) on: the published rota with that window's best in place,
each tier done counted on it, the tiers after it not begun. Before the last window the rota still
lacks the change in a later window, so nothing is offered then. The app makes a plan of it
(scheduler.solve.plan.plan_of_rota), which the person can look at and take at once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from scheduler.domain import Instance, Pin
from scheduler.solve.coverage_count import count_coverage
from scheduler.solve.interim import TierRota
from scheduler.solve.results import RunStatus, SolveResult

__all__ = ["offer_local", "ward_locks"]


def ward_locks(instance: Instance, pins: Iterable[Pin]) -> list[Pin]:
    """The locks that name a ward, within the horizon: the rota names them there."""
    return [p for p in pins if p.action == "lock" and p.ward and instance.slot_index(p.date, p.slot) is not None]


def offer_local(run, number: int, duties: set[tuple[str, int]]) -> None:
    """Hand `duties` (the rota after tier `number`) to the control's `on_rota`, with the values of
    the tiers done counted on it. Only when someone listens: counting costs a pass over the rota."""
    on_rota = run.control.on_rota
    plan = run.plan
    changes_at = next(i for i, t in enumerate(plan, start=1) if t.counts_changes)
    if on_rota is None or run.fairness is None or number < changes_at:
        return
    tiers = run.tier_results(time.perf_counter() - run.started, count_coverage(run.instance, duties), duties, number)
    done = number == len(plan) and all(t.optimal for t in tiers)
    lookups = run.lookups
    result = SolveResult(
        status=RunStatus.OPTIMAL if done else RunStatus.FEASIBLE, duties=set(duties), tiers=tiers, build_seconds=0.0,
        solve_seconds=time.perf_counter() - run.started, settings=run.settings,
        uncoverable=list(lookups.uncoverable) if lookups is not None else [],
        ward_locks=ward_locks(run.instance, run.pins), fairness=run.fairness,
        model_stats={"local_replan": 1, "tiers_not_begun": len(plan) - number,
                     "shares_from_previous": int(run.basis is not None)})
    on_rota(TierRota(number, len(plan), result))
