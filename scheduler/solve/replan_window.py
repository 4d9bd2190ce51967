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

from scheduler.domain import Instance
from scheduler.solve.windows import Window, carve

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


def weeks_window(instance: Instance, days: Sequence[tuple[int, int]], duties: set[Key]) -> WeeksWindow:
    """The runs of days `days` ([first day, end day), earliest first, not touching) decided in one
    model, everything else of `duties` given."""
    per_day = len(instance.rules.slots)
    ranges = tuple((first * per_day, end * per_day) for first, end in days)
    sub, fixed, hours, night_weekend = carve(instance, ranges, duties)
    span = (ranges[0][0], ranges[-1][1]) if ranges else (0, 0)
    return WeeksWindow(sub, span, fixed, hours, night_weekend, ranges, tuple(days))
