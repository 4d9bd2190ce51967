"""A fast greedy rota: the optimiser's warm start and the benchmarks' simplest baseline.

Slot by slot, it puts on duty the available supporter who covers the most still-uncovered wards
without breaking a hard rule (scheduler.solve.limits), preferring those with the fewest duties so far.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from scheduler.domain import Instance, Pin
from scheduler.model.eligibility import EligibilityCache, SupporterProfile, profile
from scheduler.solve.limits import DutyLoad

__all__ = ["greedy_rota", "prune_redundant_duties"]


def greedy_rota(instance: Instance, pins: Iterable[Pin] = (),
                keep: Iterable[tuple[str, int]] = (),
                check: Callable[[str], None] | None = None) -> set[tuple[str, int]]:
    """Duties (supporter, slot index) of a valid rota that covers what a greedy pass can.

    `keep` (a published rota, when re-planning) goes in first, every duty of it that is still
    possible — available, not forbidden, within every limit — so the warm start is the published
    rota with only its gaps filled (the changes tier's start, scheduler.solve.planner)."""
    available: dict[int, dict[str, str]] = defaultdict(dict)
    for sid, t, via in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False):
        available[int(t)][sid] = via
    interned: dict[SupporterProfile, SupporterProfile] = {}
    profiles: dict[str, SupporterProfile] = {sid: interned.setdefault(p, p) for sid in instance.supporters
                                             if sid in instance.employees for p in [profile(instance, sid)]}
    eligible = EligibilityCache(instance)
    # The few wards each class may not cover (its own, led, …): a duty's gain is the short wards less those.
    barred = {id(p): frozenset(w for w in instance.wards if not eligible(p, w)) for p in interned}
    demand: dict[int, list[str]] = defaultdict(list)
    heads: dict[tuple[str, int], int] = {}
    for ward, t, n in instance.demand[["ward", "slot", "headcount"]].itertuples(index=False):
        demand[int(t)].append(ward)
        heads[ward, int(t)] = int(n)
    cap = instance.rules.max_staff_per_duty
    forbidden = {(p.supporter_id, p.date, p.slot) for p in pins if p.action == "forbid"}
    locked = [p for p in pins if p.action == "lock"]
    load = DutyLoad(instance)
    on_duty: dict[int, list[str]] = defaultdict(list)
    total: dict[str, int] = defaultdict(int)
    chosen: set[tuple[str, int]] = set()

    def take(sid: str, t: int) -> None:
        load.add(sid, t, available[t][sid])
        on_duty[t].append(sid)
        total[sid] += 1
        chosen.add((sid, t))

    def _best_candidate(t: int, date: object, name: str, short: list[str]) -> str | None:
        """The supporter with the most short wards covered (then fewest duties, then id) within every
        limit. The limits are asked best-first and only until one passes (the same choice)."""
        gains: dict[int, int] = {}
        wanted = set(short)
        candidates = []
        for sid in available[t]:
            if (sid, t) in chosen or (sid, date, name) in forbidden:
                continue
            who = id(profiles[sid])
            gain = gains.get(who)
            if gain is None:
                gain = gains[who] = len(wanted) - len(wanted & barred[who])
            if gain:
                candidates.append((gain, -total[sid], sid))
        for _, _, sid in sorted(candidates, reverse=True):
            if not load.blocking_limit(sid, t, available[t][sid]):
                return sid
        return None

    slot_of = {(s.date, s.name): s.index for s in instance.slots}
    for pin in locked:
        t = slot_of.get((pin.date, pin.slot))
        if t is not None and pin.supporter_id in available.get(t, {}):
            take(pin.supporter_id, t)
    for sid, t in sorted(set(keep), key=lambda k: (k[1], k[0])):
        if sid in available.get(t, {}) and (sid, t) not in chosen and sid in profiles \
                and (sid, instance.slots[t].date, instance.slots[t].name) not in forbidden \
                and not load.blocking_limit(sid, t, available[t][sid]):
            take(sid, t)
    need = instance.rules.redundancy
    for slot in instance.slots:
        t = slot.index
        wards = demand.get(t, [])
        if not wards:
            continue
        if check is not None:
            check("greedy start")
        # Counted once per slot and then kept up to date: recounting after every duty taken was
        # half of building a trust's year (3.5 M eligibility look-ups).
        cover = {w: sum(1 for s in on_duty[t] if eligible(profiles[s], w)) for w in wards}
        while True:
            short = [w for w in wards if cover[w] < need]
            if not short and cap is not None:
                # with a staff cap, duties until the staff of the wards reached fit in them
                reached = sum(heads[w, t] for w in wards if cover[w] and heads[w, t] <= cap)
                if reached > cap * len(on_duty[t]):
                    short = [w for w in wards if heads[w, t] <= cap]
            if not short:
                break
            best = _best_candidate(t, slot.date, slot.name, short)
            if best is None:
                break
            take(best, t)
            for w in wards:
                cover[w] += eligible(profiles[best], w)
    return chosen


def prune_redundant_duties(
    instance: Instance,
    duties: set[tuple[str, int]],
    locked: set[tuple[str, int]] = frozenset(),
) -> set[tuple[str, int]]:
    """Drop duties whose ward-slots stay just as covered without them (primary and backup).

    Removing a duty never breaks a limit, so the result is valid whenever the input was; it
    gives the 'fewest duties' tier a far better start than a rota found for coverage alone.
    """
    eligible = EligibilityCache(instance)
    interned: dict[SupporterProfile, SupporterProfile] = {}
    profiles = {sid: interned.setdefault(p, p) for sid in {sid for sid, _ in duties} for p in [profile(instance, sid)]}
    # The few wards each may not cover (as in greedy_rota): 1.5 M eligibility look-ups at L otherwise.
    barred = {id(p): frozenset(w for w in instance.wards if not eligible(p, w)) for p in interned}
    may_not = {sid: barred[id(p)] for sid, p in profiles.items()}
    need = instance.rules.redundancy
    demand: dict[int, list[str]] = defaultdict(list)
    for ward, t in zip(instance.demand["ward"].tolist(), instance.demand["slot"].tolist(), strict=True):
        demand[int(t)].append(ward)
    on: dict[int, list[str]] = defaultdict(list)
    for sid, t in duties:
        on[t].append(sid)
    kept: set[tuple[str, int]] = set()
    for t, people in on.items():
        wards = demand.get(t, [])
        here = set(wards)
        count = {w: sum(1 for s in people if w not in may_not[s]) for w in wards}
        # Try to drop those who cover the fewest wards first.
        for sid in sorted(people, key=lambda s: (len(here) - len(here & may_not[s]), s)):
            if (sid, t) in locked:
                continue
            mine = [w for w in wards if w not in may_not[sid]]
            if all(count[w] - 1 >= min(need, count[w]) for w in mine) or not mine:
                for w in mine:
                    count[w] -= 1
                people = [p for p in people if p != sid]
        kept.update((sid, t) for sid in people)
    return kept
