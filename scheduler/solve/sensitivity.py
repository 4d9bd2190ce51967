"""Which limits bind most: re-solve coverage with one limit relaxed at a time and measure the gain.

Each relaxation (defined with its rule in scheduler.solve.limits) is a real solve of the first tier on
a changed instance, so "one more duty a week would cover 12 more ward-slots" is a fact about
this turnus, not an estimate. A limit that is not set is not measured.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.solve.limit_parts import Relaxation, Words
from scheduler.solve.limits import HARD_RULES
from scheduler.solve.planner import solve
from scheduler.solve.relaxations import unblock
from scheduler.solve.results import SolveControl

__all__ = ["LimitEffect", "RELAXATIONS", "binding_limits"]


@dataclass(frozen=True)
class LimitEffect:
    limit: str
    label_no: str
    label_en: str
    uncovered_before: int
    uncovered_after: int
    proven: bool
    seconds: float
    supporters: int | None = None  # for `training`: how many supporters' training had run out

    @property
    def gain(self) -> int:
        return self.uncovered_before - self.uncovered_after


def _renew_training(instance: Instance) -> Instance | None:
    """Not a hard rule but worth measuring: supporters whose training has expired made available."""
    return unblock(instance, "training") if (instance.blocked["reason"] == "training").any() else None


#: limit id -> its relaxation: every hard rule that has one (scheduler.solve.limits), then training.
RELAXATIONS: dict[str, Relaxation] = {
    **{rule_id: rule.relax for rule_id, rule in HARD_RULES.items() if isinstance(rule.relax, Relaxation)},
    "training": Relaxation(Words("Fornye utløpt opplæring", "Renew expired training"), _renew_training),
}


def binding_limits(
    instance: Instance,
    uncovered_before: int,
    *,
    pins: Iterable[Pin] = (),
    seconds_each: float = 5.0,
    settings: SolverSettings | None = None,
    control: SolveControl | None = None,
    deadline: float | None = None,
) -> list[LimitEffect]:
    """Tier-1 value with each limit relaxed alone, most gain first (only when something is uncovered).

    A stop (control) or the `deadline` (a `time.perf_counter()` value: the run's time limit) ends
    the measuring early; the limits measured so far are returned.
    """
    if uncovered_before == 0:
        return []
    base = settings or instance.rules.solver
    effects = []
    for limit, relaxation in RELAXATIONS.items():
        if control is not None and control.stopped:
            break
        started = time.perf_counter()
        if deadline is not None and started >= deadline:
            break
        relaxed = relaxation.apply(instance)
        if relaxed is None:  # the limit is not set, or nobody is blocked by it: nothing to measure
            continue
        ends = started + seconds_each if deadline is None else min(deadline, started + seconds_each)
        result = solve(relaxed, pins=pins, settings=base.model_copy(update={"time_limit": seconds_each}),
                       stop_after="uncovered_ward_slots", control=control, deadline=ends)
        if control is not None and control.stopped:
            break
        tier = result.tier("uncovered_ward_slots")
        after = int(round(tier.value)) if tier else uncovered_before
        freed = (int(instance.blocked.loc[instance.blocked["reason"] == "training", "supporter_id"].nunique())
                 if limit == "training" else None)
        effects.append(LimitEffect(limit, relaxation.label.no, relaxation.label.en, uncovered_before, after,
                                   bool(tier and tier.optimal), time.perf_counter() - started, freed))
    return sorted(effects, key=lambda e: (-e.gain, e.limit))
