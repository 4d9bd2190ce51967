"""Who could cover which ward-slot, without a CP-SAT model: the look-ups the fairness bounds read.

The model's variables carry these look-ups (scheduler.solve.variables); building them for a year
of 100 wards also builds 130,000 variables (about 4 s on this machine, 10 s under load). A local
re-plan (scheduler.solve.local_replan) needs only the look-ups, for the fair shares' base
(scheduler.solve.fair_bounds), so it reads them from the instance directly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from scheduler.domain import Instance
from scheduler.model.eligibility import EligibilityCache, SupporterProfile, pool_of_ward, profile

__all__ = ["CoverLookups", "cover_lookups"]

WardSlot = tuple[str, int]


@dataclass(frozen=True)
class CoverLookups:
    """The same names and meanings as in `ModelVariables`: `covered` holds the ward-slots with
    demand that someone available may cover (the model's coverage variables), `uncoverable` the
    rest."""

    profiles: dict[str, SupporterProfile]
    slots_of: dict[str, list[int]]
    supporters_in: dict[int, list[str]]
    covered: dict[WardSlot, bool]
    uncoverable: list[WardSlot]
    fits: EligibilityCache


def cover_lookups(instance: Instance) -> CoverLookups:
    """The look-ups of `create_variables(instance)`, without its variables."""
    slots_of: dict[str, list[int]] = defaultdict(list)
    supporters_in: dict[int, list[str]] = defaultdict(list)
    for sid, t in instance.availability[["supporter_id", "slot"]].itertuples(index=False):
        slots_of[sid].append(int(t))
        supporters_in[int(t)].append(sid)
    interned: dict[SupporterProfile, SupporterProfile] = {}
    profiles = {sid: interned.setdefault(p, p) for sid in slots_of for p in [profile(instance, sid)]}
    fits = EligibilityCache(instance)
    same_site = instance.rules.same_site
    classes_in = {t: {(profiles[s].site if same_site else "", profiles[s]) for s in sids}
                  for t, sids in supporters_in.items()}
    covered: dict[WardSlot, bool] = {}
    uncoverable: list[WardSlot] = []
    for ward, t in instance.demand[["ward", "slot"]].itertuples(index=False):
        key = (ward, int(t))
        pool = pool_of_ward(instance, ward)
        if any(p == pool and fits(c, ward) for p, c in classes_in.get(key[1], ())):
            covered[key] = True
        else:
            uncoverable.append(key)
    return CoverLookups(dict(profiles), dict(slots_of), dict(supporters_in), covered, uncoverable, fits)
