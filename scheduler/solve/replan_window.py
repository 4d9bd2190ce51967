"""One model of several, not necessarily adjacent, runs of weeks: what a local re-plan re-opens
(docs/fairness.md, «A local re-plan»).

A sick week alone cannot always keep the published coverage: the one supporter who could take a
lost night may be at their period night limit, and only freeing one of their nights in another
week lets them take it (scheduler.solve.replan_movers). The weeks re-opened are then far apart,
and the period limits link them, so they are decided in one model: each run of weeks as a
window (scheduler.solve.windows) — duties on the `max_consecutive_days` days next to it fixed —
and every duty between them and around them given. Period limits are lowered by the duties
outside the model, and the fixed ones count inside it, so they hold over the whole horizon.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scheduler.domain import Instance
from scheduler.solve.windows import Window, outside_load

__all__ = ["WeeksWindow", "weeks_window"]

Key = tuple[str, int]


@dataclass(frozen=True)
class WeeksWindow(Window):
    """A window of several runs of days; `slot_range` spans them all, `ranges` are decided."""

    ranges: tuple[tuple[int, int], ...] = ()  # [first slot, end slot) of each run decided, earliest first
    days: tuple[tuple[int, int], ...] = ()  # the same runs as [first day, end day)

    def decides(self, t: int) -> bool:
        return any(lo <= t < hi for lo, hi in self.ranges)

    def inside(self, duties: Iterable[Key]) -> set[Key]:
        return {k for k in duties if self.decides(k[1])}


def _mask(slots: pd.Series, ranges: Iterable[tuple[int, int]]) -> np.ndarray:
    values = slots.to_numpy()
    out = np.zeros(len(values), dtype=bool)
    for lo, hi in ranges:
        out |= (values >= lo) & (values < hi)
    return out


def weeks_window(instance: Instance, days: Sequence[tuple[int, int]], duties: set[Key]) -> WeeksWindow:
    """The runs of days `days` ([first day, end day), earliest first, not touching) decided in one
    model, everything else of `duties` given."""
    per_day = len(instance.rules.slots)
    n = len(instance.slots)
    ranges = tuple((first * per_day, end * per_day) for first, end in days)
    margin = instance.rules.max_consecutive_days * per_day
    near = [(max(0, lo - margin), min(n, hi + margin)) for lo, hi in ranges]

    def decided(t: int) -> bool:
        return any(lo <= t < hi for lo, hi in ranges)

    def nearby(t: int) -> bool:
        return any(lo <= t < hi for lo, hi in near)

    fixed = frozenset(k for k in duties if nearby(k[1]) and not decided(k[1]))
    outside = [k for k in duties if not nearby(k[1])]

    availability = instance.availability
    core = availability[_mask(availability["slot"], ranges)]
    fixed_rows = availability.iloc[0:0]
    if fixed:
        around = availability[_mask(availability["slot"], near) & ~_mask(availability["slot"], ranges)]
        keep = [(sid, int(t)) in fixed for sid, t in around[["supporter_id", "slot"]].itertuples(index=False)]
        fixed_rows = around[keep]
    demand = instance.demand[_mask(instance.demand["slot"], ranges)]
    staffing = instance.staffing[_mask(instance.staffing["slot"], near)]
    supporters, hours, night_weekend = outside_load(instance, outside)
    sub = instance.model_copy(update={
        "availability": pd.concat([core, fixed_rows]).reset_index(drop=True),
        "demand": demand.reset_index(drop=True),
        "staffing": staffing.reset_index(drop=True),
        "supporters": supporters,
    })
    span = (ranges[0][0], ranges[-1][1]) if ranges else (0, 0)
    return WeeksWindow(sub, span, fixed, hours, night_weekend, ranges, tuple(days))
