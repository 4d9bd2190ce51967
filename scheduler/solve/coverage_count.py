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
    a backup. With `max_staff_per_duty` a ward with more staff at work than the cap is never
    covered, and a slot's duties cover at most cap × their number of staff: the wards beyond that,
    largest first, count as uncovered (docs/semantics.md) — so a rota made outside a model (spare
    duties dropped) is never taken for one that keeps the coverage when its wards cannot be packed."""
    on: dict[int, list[str]] = defaultdict(list)
    for sid, t in duties:
        on[t].append(sid)
    fits = EligibilityCache(instance)
    profiles = {sid: profile(instance, sid) for sid in {s for people in on.values() for s in people}}
    gaps: list[tuple[str, int]] = []
    staff, backups = 0, 0
    cap = instance.rules.max_staff_per_duty
    reached: dict[int, list[tuple[int, str]]] = defaultdict(list)  # slot -> (staff, ward) some duty may cover
    for ward, t, heads in instance.demand[["ward", "slot", "headcount"]].itertuples(index=False):
        n = 0 if cap is not None and heads > cap else sum(1 for s in on.get(int(t), []) if fits(profiles[s], ward))
        if n == 0:
            gaps.append((ward, int(t)))
            staff += int(heads)
        else:
            reached[int(t)].append((int(heads), ward))
            if n == 1 and instance.rules.redundancy == 2:
                backups += 1
    if cap is not None:
        for t, wards in reached.items():
            room = cap * len(on[t])
            for heads, ward in sorted(wards):  # the smallest fit first: as many wards as the room allows
                room -= heads
                if room < 0:
                    gaps.append((ward, t))
                    staff += heads
    return CoverageCount(len(gaps), staff, backups, tuple(sorted(gaps)))
