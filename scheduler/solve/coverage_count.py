"""How much of the demand a set of duties covers, counted without a model.

Large hospitals are improved in windows of weeks from a fair re-selection that may leave a few
ward-slots uncovered; these counts tell the solver whether the rota has won back the coverage
the coverage tiers reached (scheduler.solve.planner). Same definitions as the coverage objectives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from scheduler.domain import Instance
from scheduler.solve.duty_pairs import eligibility, same_slot_pairs

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
    duties = list(duties)
    demand = instance.demand
    wards, slots = demand["ward"].tolist(), demand["slot"].to_numpy(dtype=np.int64)
    heads = demand["headcount"].to_numpy(dtype=np.int64)
    cap = instance.rules.max_staff_per_duty
    # How many on duty may cover each ward-slot, over arrays (scheduler.solve.duty_pairs).
    n = np.zeros(len(demand), dtype=np.int64)
    if duties:
        supporters = sorted({sid for sid, _ in duties})
        index = {sid: i for i, sid in enumerate(supporters)}
        ward_names = list(dict.fromkeys(wards))
        w_index = {w: i for i, w in enumerate(ward_names)}
        may, _ = eligibility(instance, supporters, ward_names)
        duty_sup = np.array([index[sid] for sid, _ in duties], dtype=np.int64)
        d, r = same_slot_pairs(np.array([t for _, t in duties], dtype=np.int64), slots)
        row_ward = np.array([w_index[w] for w in wards], dtype=np.int64)
        n = np.bincount(r[may[duty_sup[d], row_ward[r]]], minlength=len(demand))
    if cap is not None:
        n[heads > cap] = 0
    gap_rows = np.flatnonzero(n == 0).tolist()
    gaps = [(wards[i], int(slots[i])) for i in gap_rows]
    staff = int(heads[gap_rows].sum()) if gap_rows else 0
    backups = int(np.count_nonzero(n == 1)) if instance.rules.redundancy == 2 else 0
    if cap is not None:
        on = Counter(t for _, t in duties)
        reached: dict[int, list[tuple[int, str]]] = defaultdict(list)  # slot -> (staff, ward) some duty may cover
        for i in np.flatnonzero(n > 0).tolist():
            reached[int(slots[i])].append((int(heads[i]), wards[i]))
        for t, fits in reached.items():
            room = cap * on[t]
            for staff_here, ward in sorted(fits):  # the smallest fit first: as many wards as the room allows
                room -= staff_here
                if room < 0:
                    gaps.append((ward, t))
                    staff += staff_here
    return CoverageCount(len(gaps), staff, backups, tuple(sorted(gaps)))
