"""One what-if evaluation: the rota planned again with some candidates trained, as far as coverage,
fairness and the number of duties — the priorities a new supporter changes (docs/whatif.md).

An evaluation is a pure function of its inputs and settings: deterministic solver time, one
worker, a fixed seed. So a sweep gives the same answer run one by one, on this machine's cores or
on a cluster of many machines — and a test checks exactly that.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from scheduler.domain import SolverSettings
from scheduler.io.types import Inputs
from scheduler.model.demand import build_instance
from scheduler.solve.coverage_count import count_coverage
from scheduler.solve.planner import solve
from scheduler.tiers import tier_order
from scheduler.whatif.candidates import Candidate, with_candidates

__all__ = ["Evaluation", "evaluate", "last_tier_evaluated", "EVALUATED_TIERS"]

#: What a new supporter changes: who has someone to call, the busiest against their share, and how
#: many duties that takes. Later tiers (preferences) would only cost time here.
EVALUATED_TIERS = frozenset({"uncovered_ward_slots", "uncovered_staff_shifts", "missing_backups",
                             "largest_load_ratio", "total_duties"})


@dataclass(frozen=True)
class Evaluation:
    """What the rota reaches with `chosen` trained (none: the rota as it is)."""

    chosen: tuple[Candidate, ...]
    uncovered: int  # ward-slots without a supporter
    largest_ratio: float  # the busiest supporter's duty hours ÷ their fair share
    duties: int
    proven: bool  # every evaluated tier proven optimal
    seconds: float
    worker: str = ""  # where it ran (a Dask worker's address; "" here)
    uncovered_slots: tuple[tuple[str, int], ...] = ()
    duty_keys: tuple[tuple[str, int], ...] = ()
    ratios: tuple[tuple[str, float], ...] = ()

    @property
    def key(self) -> tuple[int, float, int]:
        """Better is smaller: fewer uncovered, then a less burdened busiest, then fewer duties."""
        return (self.uncovered, round(self.largest_ratio, 3), self.duties)

    def same_result(self, other: Evaluation) -> bool:
        return (self.chosen, self.key, self.duty_keys) == (other.chosen, other.key, other.duty_keys)


def last_tier_evaluated(inputs: Inputs) -> str:
    """The last of EVALUATED_TIERS in the run's own order of priorities."""
    rules = inputs.rules
    plan = tier_order(rules.priorities, redundancy=rules.redundancy, previous=False,
                      exposure=rules.fair_share_basis == "exposure")
    return [t.name for t in plan if t.name in EVALUATED_TIERS][-1]


def _worker_address() -> str:
    try:
        from distributed import get_worker
    except ImportError:
        return ""
    try:
        return get_worker().address
    except ValueError:  # not inside a Dask worker
        return ""


def evaluate(inputs: Inputs, chosen: Sequence[Candidate], settings: SolverSettings) -> Evaluation:
    """Plan with `chosen` trained and return what the evaluated tiers reached."""
    started = time.perf_counter()
    instance = build_instance(with_candidates(inputs, chosen))
    result = solve(instance, pins=inputs.pins, settings=settings, stop_after=last_tier_evaluated(inputs))
    values = {t.name: t for t in result.tiers}
    hours: dict[str, float] = {}
    for sid, t in result.duties:
        hours[sid] = hours.get(sid, 0.0) + instance.slots[t].duty_hours
    ratios = {}
    if result.fairness is not None:
        ratios = {sid: r for sid, r in result.fairness.shares.ratios(hours).items() if r is not None}
    gaps = count_coverage(instance, result.duties).gaps
    return Evaluation(
        chosen=tuple(chosen),
        uncovered=round(values["uncovered_ward_slots"].value),
        largest_ratio=round(max(ratios.values(), default=0.0), 4),
        duties=len(result.duties),
        proven=all(t.status == "OPTIMAL" for t in result.tiers),
        seconds=round(time.perf_counter() - started, 3),
        worker=_worker_address(),
        uncovered_slots=tuple(gaps),
        duty_keys=tuple(sorted(result.duties)),
        ratios=tuple(sorted(ratios.items())),
    )
