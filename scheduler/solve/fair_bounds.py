"""Proven bounds for fairness (docs/fairness.md): the fewest duties the coverage needs at least —
the base of every fair share when it cannot be measured in time — and the loads coverage forces on
those who alone can cover some slots, so "busiest at 1.86×, at least 1.85× necessary" is proven."""


from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import combinations
from typing import TYPE_CHECKING

from scheduler.domain import Instance, SlotKind
from scheduler.solve.limits import limit_week

if TYPE_CHECKING:  # the model's look-ups (or the same without a model); no solver is created here
    from scheduler.solve.cover_lookups import CoverLookups
    from scheduler.solve.variables import ModelVariables

    CoverView = ModelVariables | CoverLookups

from scheduler.solve.fairness import FairShares, ForcedLoad

__all__ = ["fewest_duties_lower_bound", "forced_loads"]


# --- how many duties the coverage needs, at least -----------------------------------------------

def _pool_of_class(instance: Instance, cls) -> str:
    return cls.site if instance.rules.same_site else ""


def _pool_of_ward(instance: Instance, ward: str) -> str:
    return instance.wards[ward].site if instance.rules.same_site else ""


def _unfit_wards(v: CoverView) -> Callable[[object], frozenset[str]]:
    """Per class, the wards with demand it may not cover, asked once: a year of 100 wards asks
    "may this class cover all of these wards?" for 80,000 ward-slots (10 s one ward at a time)."""
    wards = {ward for ward, _ in v.covered}
    known: dict[object, frozenset[str]] = {}

    def unfit(cls: object) -> frozenset[str]:
        if cls not in known:
            known[cls] = frozenset(w for w in wards if not v.fits(cls, w))  # type: ignore[arg-type]
        return known[cls]
    return unfit


def _slot_needs(v: CoverView, instance: Instance) -> dict[tuple[str, int], tuple[int, list]]:
    """Per (pool, slot): the fewest supporters that cover every coverable ward there, ignoring
    limits (1, 2, or 3 meaning "three or more"), and the classes that cover it alone."""
    wards_in: dict[tuple[str, int], list[str]] = defaultdict(list)
    for ward, t in v.covered:
        wards_in[_pool_of_ward(instance, ward), t].append(ward)
    unfit = _unfit_wards(v)
    needs: dict[tuple[str, int], tuple[int, list]] = {}
    for (pool, t), wards in wards_in.items():
        here = frozenset(wards)
        classes = list({v.profiles[s] for s in v.supporters_in.get(t, []) if _pool_of_class(instance, v.profiles[s]) == pool})
        solo = [c for c in classes if unfit(c).isdisjoint(here)]
        if solo:
            needs[pool, t] = (1, solo)
        elif any((unfit(a) & unfit(b)).isdisjoint(here) for a, b in combinations(classes, 2)):
            needs[pool, t] = (2, [])
        else:
            needs[pool, t] = (3, [])
    return needs


def _alone_slots(v: CoverView, instance: Instance,
                 needs: Mapping[tuple[str, int], tuple[int, list]]) -> dict[tuple[str, int], list]:
    """The slots of two or more wards one supporter can cover alone, with the classes who can. A
    one-ward slot nobody may cover alone is simply left uncovered: it never needs a second duty."""
    wards_in: Counter[tuple[str, int]] = Counter((_pool_of_ward(instance, ward), t) for ward, t in v.covered)
    return {key: classes for key, (need, classes) in needs.items() if need == 1 and wards_in[key] >= 2}


def _available_in_pool(v: CoverView, instance: Instance, pool: str, slots: Iterable[int]) -> dict[str, list[int]]:
    """The pool's supporters available in any of `slots`, with the slots they are available in."""
    available: dict[str, list[int]] = defaultdict(list)
    for t in slots:
        for sid in v.supporters_in.get(t, []):
            if _pool_of_class(instance, v.profiles[sid]) == pool:
                available[sid].append(t)
    return available


def _place(pool: str) -> tuple[str, str]:
    """A pool's name in Norwegian and English: its site, or all wards."""
    return (pool, pool) if pool else ("alle poster", "all wards")


def _max_solo_service(v: CoverView, instance: Instance, solo_slots: Mapping[tuple[str, int], list],
                      caps: Mapping[str, int] | None = None) -> int:
    """The most slots that can be covered by one supporter alone, given each supporter's day,
    week and period limits and `caps` (duties at most, e.g. from fairness) — a max flow:
    slot → supporter-day → supporter-week → supporter."""
    from ortools.graph.python import max_flow

    flow = max_flow.SimpleMaxFlow()
    nodes: dict[object, int] = {}

    def node(key: object) -> int:
        return nodes.setdefault(key, len(nodes))

    source, sink = node("source"), node("sink")
    rules = instance.rules
    added: set[tuple] = set()
    for (pool, t), classes in solo_slots.items():
        slot = instance.slots[t]
        flow.add_arc_with_capacity(source, node(("slot", pool, t)), 1)
        for sid in v.supporters_in.get(t, []):
            if v.profiles[sid] not in classes:
                continue
            supporter = instance.supporters[sid]
            day, week = ("day", sid, slot.date), ("week", sid, limit_week(slot))
            flow.add_arc_with_capacity(node(("slot", pool, t)), node(day), 1)
            if day not in added:
                added.add(day)
                flow.add_arc_with_capacity(node(day), node(week), rules.max_duties_per_day)
            if week not in added:
                added.add(week)
                weekly = rules.weekly_duties(supporter)
                hours = rules.weekly_hours(supporter)
                if hours is not None and slot.duty_hours > 0:
                    weekly = min(weekly, math.floor(hours / slot.duty_hours + 1e-9))
                flow.add_arc_with_capacity(node(week), node(("who", sid)), weekly)
            if ("who", sid) not in added:
                added.add(("who", sid))
                period = rules.period_duties(supporter)
                most = min(period if period is not None else 10**6, (caps or {}).get(sid, 10**6))
                flow.add_arc_with_capacity(node(("who", sid)), sink, max(0, most))
    if not solo_slots:
        return 0
    flow.solve(source, sink)
    return flow.optimal_flow()


def fewest_duties_lower_bound(v: CoverView, instance: Instance, uncovered_allowed: int,
                              caps: Mapping[str, int] | None = None,
                              uncovered_by_pool: Mapping[str, int] | None = None) -> int:
    """A proven lower bound on the duties any rota needs at the coverage reached.

    Per pool and slot, the fewest supporters who cover every coverable ward there (one never
    covers their own ward, so usually two; one when someone's own ward needs no cover there).
    A slot of two or more wards fully covered without anyone who covers it alone takes two; how
    many slots can be covered alone is at most a max flow over the day, week and period limits
    (and `caps`, e.g. what fairness allows) of those who can. Each uncovered ward-slot saves at
    most one duty, wherever it is (a slot that needs two, or one that would need two for want of
    someone to cover it alone). So:
    Σ need + max(0, slots one could cover alone − that flow) − U, with U the ward-slots the
    coverage reached leaves uncovered — counted per pool when `uncovered_by_pool` knows each
    pool's own (separate sites share nobody, so the sum holds pool by pool).
    """
    needs = _slot_needs(v, instance)
    alone = _alone_slots(v, instance, needs)
    if uncovered_by_pool is None:
        pools: dict[str, int] = {"*": uncovered_allowed}
        pool_of = dict.fromkeys(needs, "*")
    else:
        pools = {pool: uncovered_by_pool.get(pool, 0) for pool, _ in needs}
        pool_of = {key: key[0] for key in needs}
    total = 0
    for pool, allowed in pools.items():
        keys = [key for key in needs if pool_of[key] == pool]
        solo = {key: alone[key] for key in keys if key in alone}
        need = sum(needs[key][0] for key in keys)
        served_alone = _max_solo_service(v, instance, solo, caps)
        total += max(0, need + max(0, len(solo) - served_alone) - allowed)
    return total


# --- loads that coverage forces -----------------------------------------------------------------

def _most_duties(v: CoverView, instance: Instance, sid: str, slots: list[int]) -> int:
    """How many of `slots` one supporter could take at most, by their own limits alone."""
    rules = instance.rules
    supporter = instance.supporters[sid]
    days: dict[object, set] = defaultdict(set)
    for t in slots:
        days[limit_week(instance.slots[t])].add(instance.slots[t].date)
    most = sum(min(rules.weekly_duties(supporter), len(d) * rules.max_duties_per_day) for d in days.values())
    period = rules.period_duties(supporter)
    if period is not None:
        most = min(most, period)
    if all(instance.slots[t].kind is SlotKind.NIGHT for t in slots):
        nights = rules.period_nights(supporter)
        if nights is not None:
            most = min(most, nights)
    return most


def _first_ratio_carrying(carry: Mapping[str, tuple[float, int]], short: Callable[[float], bool]) -> float:
    """The smallest ratio k ÷ share (over (share in duties, most) per supporter) that is not
    `short`; `short` must turn false as the ratio grows. Infinite when even the largest is short."""
    candidates = sorted({k / share for share, most in carry.values() if share > 0 for k in range(1, most + 1)})
    if not candidates or short(candidates[-1]):
        return math.inf
    lo, hi = 0, len(candidates) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if short(candidates[mid]):
            lo = mid + 1
        else:
            hi = mid
    return candidates[lo]


def _carried(z: float, carry: Mapping[str, tuple[float, int]]) -> dict[str, int]:
    """Each supporter's duties at ratio z at most: ⌊z × share⌋, and never above their own limits."""
    return {sid: min(math.floor(z * share + 1e-9), most) for sid, (share, most) in carry.items()}


def _lowest_ratio_carrying(need: int, caps: Mapping[str, tuple[float, int]]) -> float:
    """The smallest z with Σ min(⌊z × share⌋, most) ≥ need, over (share in duties, most) per supporter."""
    if need <= 0:
        return 0.0
    return _first_ratio_carrying(caps, lambda z: sum(_carried(z, caps).values()) < need)


def forced_loads(v: CoverView, instance: Instance, shares: FairShares, uncovered_allowed: int,
                 uncovered_by_pool: Mapping[str, int] | None = None) -> list[ForcedLoad]:
    """Lower bounds on the largest load ratio that coverage itself forces, largest first.

    For each group of slots (a site's slots, or a site's slots of one kind, e.g. its nights): the
    duties those slots need must be carried by the supporters available in them, each at most
    their own limits allow; in whole duties, someone among them reaches at least the returned
    ratio. Duty hours are taken per slot as the group's smallest, so the bound stays valid when
    slots have different duty hours. Uncovered ward-slots save duties: all `uncovered_allowed`
    of them, or a pool's own count when `uncovered_by_pool` knows it.
    """
    def allowed_in(pool: str) -> int:
        return uncovered_allowed if uncovered_by_pool is None else uncovered_by_pool.get(pool, 0)

    needs = _slot_needs(v, instance)
    groups: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for pool, t in needs:
        groups[pool, ""].append((pool, t))
        groups[pool, instance.slots[t].name].append((pool, t))
    out: list[ForcedLoad] = []
    for (pool, slot_name), keys in groups.items():
        slots = sorted({t for _, t in keys})
        need = max(0, sum(needs[k][0] for k in keys) - allowed_in(pool))
        hours = min(instance.slots[t].load_hours for t in slots)
        if need == 0 or hours <= 0:
            continue
        in_group = _available_in_pool(v, instance, pool, slots)
        caps = {sid: (shares.target(sid) / hours, _most_duties(v, instance, sid, ts)) for sid, ts in in_group.items()}
        ratio = _lowest_ratio_carrying(need, caps)
        if not math.isfinite(ratio):
            continue
        place_no, place_en = _place(pool)
        out.append(ForcedLoad(
            ratio=ratio,
            group_no=f"{slot_name}, {place_no}" if slot_name else f"alle vakter, {place_no}",
            group_en=f"{slot_name}, {place_en}" if slot_name else f"all slots, {place_en}",
            supporters=tuple(sorted(in_group)),
            duties=need,
        ))
    out += _sole_coverers(v, instance, shares, allowed_in)
    out += _alone_within_share(v, instance, shares, allowed_in)
    return sorted(out, key=lambda f: -f.ratio)


def _alone_within_share(v: CoverView, instance: Instance, shares: FairShares,
                        allowed_in: Callable[[str], int]) -> list[ForcedLoad]:
    """Per pool: at ratio z nobody carries more than ⌊z × share⌋ duties — also those who can cover
    a slot alone, so at most a max flow with those caps of the slots they could serve alone is
    served alone, and every other slot of two or more wards needs two duties. The smallest z at
    which the pool's supporters can carry what that leaves is a bound. The fair shares split the
    fewest duties, which lean on covering alone; fairness forbids leaning on a few, so on a
    generated trust-year this bound is well above the one that counts every slot's need once."""
    needs = _slot_needs(v, instance)
    alone = _alone_slots(v, instance, needs)
    out: list[ForcedLoad] = []
    for pool in sorted({p for p, _ in needs}):
        keys = [k for k in needs if k[0] == pool]
        solo = {k: alone[k] for k in keys if k in alone}
        slots = sorted({t for _, t in keys})
        hours = min((instance.slots[t].load_hours for t in slots), default=0.0)
        base = sum(needs[k][0] for k in keys) - allowed_in(pool)
        if not solo or hours <= 0 or base <= 0:
            continue
        in_pool = _available_in_pool(v, instance, pool, slots)
        carry = {sid: (shares.target(sid) / hours, _most_duties(v, instance, sid, ts)) for sid, ts in in_pool.items()}
        found = _lowest_ratio_alone_within_share(v, instance, solo, base, carry)
        if found is None:
            continue
        z, need = found
        place_no, place_en = _place(pool)
        out.append(ForcedLoad(
            ratio=z,
            group_no=f"alle vakter, {place_no} (når de som kan dekke alene også holdes til sin andel)",
            group_en=f"all slots, {place_en} (with those who can cover alone held to their share too)",
            supporters=tuple(sorted(in_pool)),
            duties=need,
        ))
    return out


def _lowest_ratio_alone_within_share(v: CoverView, instance: Instance, solo: Mapping[tuple[str, int], list],
                                     base: int, carry: Mapping[str, tuple[float, int]]) -> tuple[float, int] | None:
    """The smallest z (with the duties then needed) at which Σ min(⌊z × share⌋, most) carries
    `base` plus one more duty for each slot of `solo` not served alone within those caps.
    Carrying grows and the need shrinks with z, so the bisection over k ÷ share finds it."""
    def need_at(z: float) -> int:
        return base + max(0, len(solo) - _max_solo_service(v, instance, solo, _carried(z, carry)))

    z = _first_ratio_carrying(carry, lambda z: sum(_carried(z, carry).values()) < need_at(z))
    return None if not math.isfinite(z) else (z, need_at(z))


def _sole_coverers(v: CoverView, instance: Instance, shares: FairShares,
                   allowed_in: Callable[[str], int]) -> list[ForcedLoad]:
    """Supporters who are the only one able to cover some ward in some slots: those duties are
    theirs unless the ward-slot is left uncovered (each one their pool may leave saves one)."""
    sole: dict[str, set[int]] = defaultdict(set)
    unfit = _unfit_wards(v)
    by_class: dict[int, list[tuple[frozenset[str], list[str]]]] = {}
    for ward, t in v.covered:
        if t not in by_class:
            members: dict[object, list[str]] = defaultdict(list)
            for s in v.supporters_in.get(t, []):
                members[v.profiles[s]].append(s)
            by_class[t] = [(unfit(c), people) for c, people in members.items()]
        able = [people for no, people in by_class[t] if ward not in no]
        if len(able) == 1 and len(able[0]) == 1:
            sole[able[0][0]].add(t)
    out = []
    for sid, slots in sole.items():
        duties = len(slots) - allowed_in(_pool_of_class(instance, v.profiles[sid]))
        target = shares.target(sid)
        if duties <= 0 or target <= 0:
            continue
        hours = sorted(instance.slots[t].load_hours for t in slots)[:duties]
        out.append(ForcedLoad(ratio=sum(hours) / target, group_no="vakter der bare denne ene kan dekke en post",
                              group_en="shifts where only this one can cover a ward", supporters=(sid,), duties=duties))
    return out
