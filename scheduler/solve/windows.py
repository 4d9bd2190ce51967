"""A window of weeks of a large hospital, as an instance of its own with the rest of the rota given.

A year of 100 wards is a model of 130,000 variables that CP-SAT improves slowly; two weeks of it
are a model of a few thousand that it solves in a second or two. Only few rules reach across a
window's edge, and each is carried in:
- duties on the `max_consecutive_days` days just outside the window stay as they are (they are
  in the window's model, fixed), so no run of days grows too long across the edge;
- period limits (duties and nights over the horizon) are lowered by the duties outside;
- loads for fairness include the duty hours outside (constants in the objectives).
Windows start on a Monday and hold whole ISO weeks, so weekly limits never cross an edge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scheduler.domain import Instance, SlotKind, Supporter
from scheduler.model.eligibility import EligibilityCache, SupporterProfile, profile
from scheduler.solve.objectives import night_or_weekend
from scheduler.units import centi_hours

__all__ = ["Window", "window", "week_starts", "outside_load", "carve", "short_slots"]


@dataclass(frozen=True)
class Window:
    """The sub-instance of one window and what lies outside it."""

    instance: Instance
    slot_range: tuple[int, int]  # the slots the window decides
    fixed: frozenset[tuple[str, int]]  # duties just outside, kept as they are
    outside_hours: dict[str, int]  # hundredths of duty hours per supporter outside the model
    outside_nights_weekends: dict[tuple[str, str], int]

    def inside(self, duties: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
        lo, hi = self.slot_range
        return {k for k in duties if lo <= k[1] < hi}


def week_starts(instance: Instance) -> list[int]:
    """Day numbers (from the first date) on which an ISO week starts, plus the first day."""
    if not instance.slots:
        return []
    first = instance.slots[0].date
    days = (instance.slots[-1].date - first).days + 1
    return sorted({0} | {d for d in range(days) if (first.toordinal() + d) % 7 == 1})  # ordinal 1 is a Monday


def window(instance: Instance, first_day: int, end_day: int, duties: set[tuple[str, int]]) -> Window:
    """The window of days [first_day, end_day) with everything else of `duties` given."""
    per_day = len(instance.rules.slots)
    lo, hi = first_day * per_day, end_day * per_day
    sub, fixed, hours, night_weekend = carve(instance, ((lo, hi),), duties)
    return Window(sub, (lo, hi), fixed, hours, night_weekend)


def carve(instance: Instance, ranges: Sequence[tuple[int, int]], duties: Iterable[tuple[str, int]]
          ) -> tuple[Instance, frozenset[tuple[str, int]], dict[str, int], dict[tuple[str, str], int]]:
    """The sub-instance deciding the slot `ranges` ([first, end), earliest first, not touching):
    their demand and availability, the duties on the `max_consecutive_days` days next to them
    fixed, and what every other duty uses (outside_load) — with those fixed duties, and the
    outside duties' hours and nights and weekends."""
    margin = instance.rules.max_consecutive_days * len(instance.rules.slots)
    near = [(max(0, lo - margin), min(len(instance.slots), hi + margin)) for lo, hi in ranges]

    def within(t: int, spans: Iterable[tuple[int, int]]) -> bool:
        return any(lo <= t < hi for lo, hi in spans)

    duties = list(duties)
    fixed = frozenset(k for k in duties if within(k[1], near) and not within(k[1], ranges))
    outside = [k for k in duties if not within(k[1], near)]

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
    return sub, fixed, hours, night_weekend


def _mask(slots: pd.Series, ranges: Iterable[tuple[int, int]]) -> np.ndarray:
    values = slots.to_numpy()
    out = np.zeros(len(values), dtype=bool)
    for lo, hi in ranges:
        out |= (values >= lo) & (values < hi)
    return out


def outside_load(instance: Instance, outside: Iterable[tuple[str, int]]
                 ) -> tuple[dict[str, Supporter], dict[str, int], dict[tuple[str, str], int]]:
    """What the duties outside a window's model use: the supporters with their period limits
    lowered by them, their duty hours (hundredths) and their nights and weekends per label."""
    counts: dict[str, int] = defaultdict(int)
    nights: dict[str, int] = defaultdict(int)
    hours: dict[str, int] = defaultdict(int)
    night_weekend: dict[tuple[str, str], int] = defaultdict(int)
    for sid, t in outside:
        counts[sid] += 1
        nights[sid] += instance.slots[t].kind is SlotKind.NIGHT
        hours[sid] += centi_hours(instance.slots[t].load_hours)
        for label, yes in night_or_weekend(instance, t).items():
            night_weekend[sid, label] += yes
    rules = instance.rules
    supporters = dict(instance.supporters)
    for sid in counts:
        s = supporters[sid]
        update = {}
        period = rules.period_duties(s)
        if period is not None:
            update["max_duties_per_period"] = max(0, period - counts[sid])
        night_limit = rules.period_nights(s)
        if night_limit is not None:
            update["max_nights_per_period"] = max(0, night_limit - nights[sid])
        if update:
            supporters[sid] = s.model_copy(update=update)
    return supporters, dict(hours), dict(night_weekend)


def short_slots(instance: Instance, duties: Iterable[tuple[str, int]], reference: Iterable[tuple[str, int]]) -> set[int]:
    """The slots where `duties` cover fewer wards with demand, or fewer of their staff, than
    `reference` does (who may cover which ward: scheduler.model.eligibility)."""
    fits = EligibilityCache(instance)
    profiles: dict[str, SupporterProfile] = {}
    demand: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for ward, t, heads in zip(*(instance.demand[c].tolist() for c in ("ward", "slot", "headcount")), strict=True):
        demand[int(t)].append((ward, int(heads)))

    def covered(rota: Iterable[tuple[str, int]]) -> dict[int, tuple[int, int]]:
        on: dict[int, list[str]] = defaultdict(list)
        for sid, t in rota:
            on[t].append(sid)
        out = {}
        for t, people in on.items():
            who = [profiles.setdefault(s, profile(instance, s)) for s in people]
            reached = [heads for w, heads in demand.get(t, []) if any(fits(p, w) for p in who)]
            out[t] = (len(reached), sum(reached))
        return out

    have, had = covered(duties), covered(reference)
    return {t for t, (wards, staff) in had.items() if have.get(t, (0, 0))[0] < wards or have.get(t, (0, 0))[1] < staff}
