"""Who on duty may cover which ward-slot, as arrays: every (duty, ward-slot) pair of the same slot
and who may cover which ward, asked once per supporter and ward instead of once per slot.

Naming who to call (scheduler.solve.assign) and counting coverage without a model
(scheduler.solve.coverage_count) both go over these pairs: a year of 100 wards has 300,000 of them,
and a loop in Python per pair took most of a stop's time after the solver (issue 25).
"""

from __future__ import annotations

import numpy as np

from scheduler.domain import Instance
from scheduler.model.eligibility import EligibilityCache, profile

__all__ = ["eligibility", "same_slot_pairs"]


def eligibility(instance: Instance, supporters: list[str], wards: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(may cover, profession) per supporter × ward and per supporter (docs/semantics.md, «Eligibility»)."""
    eligible = EligibilityCache(instance)
    profiles = [profile(instance, sid) for sid in supporters]
    may = np.array([[eligible(p, w) for w in wards] for p in profiles], dtype=bool).reshape(len(supporters), len(wards))
    return may, np.array([p.profession for p in profiles], dtype=object)


def same_slot_pairs(duty_slot: np.ndarray, row_slot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (duty, ward-slot row) of the same slot as two index arrays, slot by slot in slot order."""
    d_order, r_order = np.argsort(duty_slot, kind="stable"), np.argsort(row_slot, kind="stable")
    slots = np.union1d(duty_slot, row_slot)
    d_lo, d_hi = np.searchsorted(duty_slot[d_order], slots), np.searchsorted(duty_slot[d_order], slots, side="right")
    r_lo, r_hi = np.searchsorted(row_slot[r_order], slots), np.searchsorted(row_slot[r_order], slots, side="right")
    duties, rows = [], []
    for a, b, c, e in zip(d_lo.tolist(), d_hi.tolist(), r_lo.tolist(), r_hi.tolist(), strict=True):
        if a == b or c == e:
            continue
        duties.append(np.repeat(d_order[a:b], e - c))
        rows.append(np.tile(r_order[c:e], b - a))
    if not duties:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(duties), np.concatenate(rows)
