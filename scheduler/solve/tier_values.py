"""A tier's value for a whole rota, counted without a model (in the model's units).

Large hospitals are improved in windows of weeks; the value of the whole rota is then counted
here rather than by building the tier's objective on the model of the whole year (which would
add a hundred thousand variables to say one number). tests/solve/test_tier_values.py checks that
every count equals its objective's value on the model, tier by tier.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from scheduler.domain import Instance
from scheduler.model.eligibility import EligibilityCache, profile
from scheduler.solve.coverage_count import count_coverage
from scheduler.solve.fairness import FairShares
from scheduler.solve.objectives import OVER_SHARE_BANDS, night_or_weekend
from scheduler.tiers import RATIO_SCALE
from scheduler.units import HOURS_SCALE, centi_hours

__all__ = ["tier_value", "COUNTERS"]


def _centi_loads(instance: Instance, duties: Iterable[tuple[str, int]]) -> dict[str, int]:
    loads: dict[str, int] = defaultdict(int)
    for sid, t in duties:
        loads[sid] += centi_hours(instance.slots[t].load_hours)
    return loads


def _targets(shares: FairShares) -> dict[str, int]:
    return shares.hundredths()


def _largest_ratio(instance: Instance, duties: set[tuple[str, int]], shares: FairShares) -> float:
    loads = _centi_loads(instance, duties)
    return float(max([math.ceil(loads.get(s, 0) * RATIO_SCALE / t) for s, t in _targets(shares).items()], default=0))


def _largest_hours_ratio(instance: Instance, duties: set[tuple[str, int]], shares: FairShares) -> float:
    """The busiest by duty hours ÷ their hours share (objectives.largest_hours_ratio), thousandths."""
    loads: dict[str, int] = defaultdict(int)
    for sid, t in duties:
        loads[sid] += centi_hours(instance.slots[t].duty_hours)
    return float(max([math.ceil(loads.get(s, 0) * RATIO_SCALE / t) for s, t in shares.hours_shares().items()], default=0))


def _above_share(instance: Instance, duties: set[tuple[str, int]], shares: FairShares, from_ratio: float = 1.0) -> float:
    loads = _centi_loads(instance, duties)
    total = 0
    for sid, target in _targets(shares).items():
        per_share = max(1, round(100 * HOURS_SCALE / target))
        for start, weight in OVER_SHARE_BANDS:
            if start < from_ratio - 1e-9:
                continue
            total += weight * per_share * max(0, loads.get(sid, 0) - math.floor(start * target))
    return float(total)


def _profession_mismatches(instance: Instance, duties: set[tuple[str, int]]) -> float:
    on: dict[int, list[str]] = defaultdict(list)
    for sid, t in duties:
        on[t].append(sid)
    fits = EligibilityCache(instance)
    profiles = {sid: profile(instance, sid) for sid in {s for people in on.values() for s in people}}
    count = 0
    for ward, t, prof in instance.demand[["ward", "slot", "profession"]].itertuples(index=False):
        if not prof:
            continue
        eligible = [s for s in on.get(int(t), []) if fits(profiles[s], ward)]
        if eligible and not any(profiles[s].profession == prof for s in eligible):
            count += 1
    return float(count)


def _uneven(instance: Instance, duties: set[tuple[str, int]], even: Mapping[str, int]) -> float:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for sid, t in duties:
        for label, yes in night_or_weekend(instance, t).items():
            counts[sid, label] += yes
    return float(sum(max(0, n - even.get(label, 0)) for (_, label), n in counts.items()))


def _changed(duties: set[tuple[str, int]], previous: frozenset[tuple[str, int]]) -> float:
    return float(len(duties ^ set(previous)))


def _coverage(name: str):
    def count(instance: Instance, duties: set[tuple[str, int]], **_: object) -> float:
        return float(count_coverage(instance, duties).value(name))
    return count


#: How each tier's value is counted on a whole rota, by the tier's name (scheduler.tiers).
COUNTERS: Mapping[str, Callable[..., float]] = {
    "uncovered_ward_slots": _coverage("uncovered_ward_slots"),
    "uncovered_staff_shifts": _coverage("uncovered_staff_shifts"),
    "missing_backups": _coverage("missing_backups"),
    "changed_duties": lambda instance, duties, *, previous, **_: _changed(duties, previous),
    "total_duties": lambda instance, duties, **_: float(len(duties)),
    "largest_load_ratio": lambda instance, duties, *, shares, **_: _largest_ratio(instance, duties, _need(shares)),
    "largest_hours_ratio": lambda instance, duties, *, shares, **_: _largest_hours_ratio(instance, duties, _need(shares)),
    "load_above_fair_share": lambda instance, duties, *, shares, **_: _above_share(instance, duties, _need(shares)),
    "profession_mismatches": lambda instance, duties, **_: _profession_mismatches(instance, duties),
    "uneven_nights_weekends": lambda instance, duties, *, even, **_: _uneven(instance, duties, even or {}),
}


def _need(shares: FairShares | None) -> FairShares:
    if shares is None:
        raise ValueError("this tier is counted against fair shares: measure them first")
    return shares


def tier_value(name: str, instance: Instance, duties: set[tuple[str, int]], *, shares: FairShares | None = None,
               previous: frozenset[tuple[str, int]] = frozenset(), even: Mapping[str, int] | None = None) -> float:
    """The value of tier `name` for the rota `duties`, as its objective would have it."""
    return COUNTERS[name](instance, duties, shares=shares, previous=previous, even=even)
