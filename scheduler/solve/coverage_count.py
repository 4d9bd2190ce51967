"""How much of the demand a set of duties covers, counted without a model.

Large hospitals are improved in windows of weeks from a fair re-selection that may leave a few
ward-slots uncovered; these counts tell the solver whether the rota has won back the coverage
the coverage tiers reached (scheduler.solve.planner). Same definitions as the coverage objectives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from scheduler.domain import Instance
from scheduler.model.eligibility import EligibilityCache, profile

__all__ = ["CoverageCount", "count_coverage"]


@dataclass(frozen=True)
class CoverageCount:
    uncovered_ward_slots: int
    uncovered_staff_shifts: int
    missing_backups: int
    gaps: tuple[tuple[str, int], ...] = ()  # the uncovered (ward, slot)s, sorted


    def value(self, tier: str) -> int:
        return getattr(self, tier)


def count_coverage(instance: Instance, duties: Iterable[tuple[str, int]]) -> CoverageCount:
    """Uncovered ward-slots (and which), their staff, and (redundancy 2) covered ward-slots without
    a backup. A ward with more staff at work than `max_staff_per_duty` is never covered
    (docs/semantics.md)."""
    on: dict[int, list[str]] = defaultdict(list)
    for sid, t in duties:
        on[t].append(sid)
    fits = EligibilityCache(instance)
    profiles = {sid: profile(instance, sid) for sid in {s for people in on.values() for s in people}}
    gaps: list[tuple[str, int]] = []
    staff, backups = 0, 0
    cap = instance.rules.max_staff_per_duty
    for ward, t, heads in instance.demand[["ward", "slot", "headcount"]].itertuples(index=False):
        n = 0 if cap is not None and heads > cap else sum(1 for s in on.get(int(t), []) if fits(profiles[s], ward))
        if n == 0:
            gaps.append((ward, int(t)))
            staff += int(heads)
        elif n == 1 and instance.rules.redundancy == 2:
            backups += 1
    return CoverageCount(len(gaps), staff, backups, tuple(sorted(gaps)))
