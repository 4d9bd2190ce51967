"""Fair shares: how much of the support work each supporter should carry, and what no rota can avoid.

The definitions (docs/fairness.md):
- a supporter's **weight** is their weekly capacity (protected hours, else weekly duty limit ×
  mean duty hours) × the weeks they are available ÷ (1 + `activity_weight` × `recent_activity`),
  and with history, what they carried before is carried over (docs/history.md, «History»);
- the **needed hours** are the duty hours the coverage needs: the fewest possible for the
  coverage reached, or a proven lower bound on them when the fewest is not proven;
- a supporter's **fair share** (target) is the needed hours × their weight ÷ the sum of weights,
  and their **load ratio** is their duty hours ÷ that share.

Because the base is what coverage *needs*, not the rota's own total, a duty added only to
dilute the ratio makes every ratio worse, never better; and the targets are the same numbers
everywhere (burden.csv, summary.json, the app). Whole duties against shares of a few duties make
1.0 unreachable in general: with a share of 3.5 duties, 4 duties is 1.14 and 5 is 1.43.

Pure functions over the instance and the model's look-ups; nothing here solves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scheduler.carried import History
from scheduler.domain import Instance
from scheduler.solve.limits import limit_week

if TYPE_CHECKING:  # the model's look-ups; no solver is created here
    pass

__all__ = [
    "ForcedLoad",
    "FairShares",
    "FLAG_RATIO",
    "share_weights",
    "carried_over",
    "HISTORY_SHARE_RANGE",
]

#: Load above this many times the fair share is what the coordinator follows up (docs/fairness.md):
#: the fairness tier keeps refining below the busiest until everyone else is at or under it.
FLAG_RATIO = 1.5


#: With history, a share stays within this range of the share without history, so one heavy
#: period never takes a supporter out of the plan, nor makes another carry it alone.
HISTORY_SHARE_RANGE = (0.25, 4.0)


def carried_over(base: Mapping[str, float], history: History, weight: float, period_days: int) -> dict[str, float]:
    """Shares with what each supporter carried before carried over (docs/history.md, «History»).

    `base` are the shares without history (summing to 1). The period's needed hours are estimated
    from the history (its needed hours per day × `period_days`); each supporter's hours now are
    their base share of that, minus `weight` × what they carried above their fair share in the
    window (plus what they carried below it), kept within :data:`HISTORY_SHARE_RANGE` of the base
    share; then shared out again to sum to 1. With weight 1 a rota that meets the new shares
    makes the window and the new period together fair; 0 leaves the base shares.
    """
    carried = history.carried
    if weight <= 0 or not carried or history.days <= 0:
        return dict(base)
    per_day = sum(c.fair_share_hours for c in carried.values()) / history.days
    need = per_day * max(period_days, 1)
    if need <= 0:
        return dict(base)
    low, high = HISTORY_SHARE_RANGE
    hours: dict[str, float] = {}
    for sid, share in base.items():
        fair = share * need
        c = carried.get(sid)
        excess = (c.load_hours - c.fair_share_hours) if c is not None and c.fair_share_hours > 0 else 0.0
        hours[sid] = min(high * fair, max(low * fair, fair - weight * excess))
    total = sum(hours.values())
    return {sid: (h / total if total > 0 else 0.0) for sid, h in hours.items()}


def share_weights(instance: Instance, slots_of: Mapping[str, Iterable[int]], *,
                  history: History | None = None, history_weight: float | None = None) -> dict[str, float]:
    """Each available supporter's share of the needed work (the shares sum to 1).

    Proportional to weekly capacity × weeks with any availability, lowered for those who had
    many conversations lately (a count only: nothing of what was said is known or kept); with
    history, what each carried before is carried over (:func:`carried_over`): those who carried
    more than their share get less now. `history` defaults to the instance's and `history_weight`
    to the rules' `history_weight`; `history_weight=0` gives the shares without history.
    """
    rules = instance.rules
    mean_hours = sum(s.duty_hours for s in rules.slots) / len(rules.slots)
    raw: dict[str, float] = {}
    for sid, slots in slots_of.items():
        supporter = instance.supporters[sid]
        weekly = rules.weekly_hours(supporter)
        capacity = weekly if weekly is not None else rules.weekly_duties(supporter) * mean_hours
        weeks = len({limit_week(instance.slots[t]) for t in slots})
        raw[sid] = capacity * weeks / (1 + rules.activity_weight * supporter.recent_activity)
    total = sum(raw.values())
    base = {sid: (w / total if total > 0 else 0.0) for sid, w in raw.items()}
    weight = rules.history_weight if history_weight is None else history_weight
    days = len(instance.slots) // max(1, len(rules.slots))
    return carried_over(base, instance.history if history is None else history, weight, days)


@dataclass(frozen=True)
class ForcedLoad:
    """No rota at the coverage reached keeps every one of `supporters` below `ratio` of their
    fair share: the slots of `group` need `duties` duties, and only they can take them."""

    ratio: float
    group_no: str
    group_en: str
    supporters: tuple[str, ...]
    duties: int


@dataclass(frozen=True)
class FairShares:
    """The base of every load ratio the run reports (docs/fairness.md)."""

    needed_hours: float
    needed_proven: bool  # True: the fewest hours possible; False: a proven lower bound on them
    weights: Mapping[str, float]
    fewest_found_hours: float | None = None  # the fewest found (an upper bound), when measured
    forced: tuple[ForcedLoad, ...] = field(default_factory=tuple)
    #: with fairness over exposure, the duty hours of the first rota's slot counts (each slot held
    #: at least there): the base of the hours shares tier `largest_hours_ratio` counts against
    hours_base: float | None = None

    def hours_shares(self) -> dict[str, int]:
        """Shares of `hours_base` in hundredths of an hour (rounded down, as `hundredths`); empty
        without a base."""
        if not self.hours_base:
            return {}
        return {sid: t for sid, w in self.weights.items() if (t := math.floor(self.hours_base * w * 100 + 1e-9)) > 0}

    @property
    def targets(self) -> dict[str, float]:
        return {sid: self.needed_hours * w for sid, w in self.weights.items()}

    def hundredths(self) -> dict[str, int]:
        """Fair shares in hundredths of an hour, rounded down (so the model's ratios are never
        below the true ones), for those with a positive share: the model's integer targets."""
        return {sid: t for sid, h in self.targets.items() if (t := math.floor(h * 100 + 1e-9)) > 0}

    def target(self, supporter_id: str) -> float:
        return self.needed_hours * self.weights.get(supporter_id, 0.0)

    def ratio(self, supporter_id: str, hours: float) -> float | None:
        target = self.target(supporter_id)
        if target <= 0:
            return None if hours > 0 else 0.0
        return hours / target

    def ratios(self, hours: Mapping[str, float]) -> dict[str, float | None]:
        return {sid: self.ratio(sid, hours.get(sid, 0.0)) for sid in self.weights}

    def largest_ratio(self, hours: Mapping[str, float]) -> float:
        values = [r for r in self.ratios(hours).values() if r is not None]
        return max(values, default=0.0)
