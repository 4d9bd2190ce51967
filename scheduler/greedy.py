"""A fast greedy rota: the optimiser's warm start and the benchmarks' simplest baseline.

Slot by slot, it puts on duty the available supporter who covers the most still-uncovered wards
without breaking a hard rule, preferring those furthest below their fair share.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from scheduler.domain import Instance, Pin, SlotKind
from scheduler.eligibility import EligibilityCache, SupporterProfile, profile

__all__ = ["greedy_rota", "LimitTracker", "prune_redundant_duties"]


@dataclass
class LimitTracker:
    """Running counts of one rota so a new duty can be checked against every limit of SPEC §3."""

    instance: Instance
    per_day: dict[tuple[str, object], int] = field(default_factory=lambda: defaultdict(int))
    per_week: dict[tuple[str, object], int] = field(default_factory=lambda: defaultdict(int))
    hours_week: dict[tuple[str, object], float] = field(default_factory=lambda: defaultdict(float))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    nights: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    days: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    on_duty: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))

    def blocking_limit(self, sid: str, t: int, home: str, via: str, homes: dict[str, str]) -> str:
        """"" if `sid` may take slot `t`, else the name of the first limit it would break."""
        inst = self.instance
        rules = inst.rules
        slot = inst.slots[t]
        supporter = inst.supporters[sid]
        if self.per_day[sid, slot.date] >= rules.max_duties_per_day:
            return "one_duty_per_day"
        if self.per_week[sid, slot.iso_week] >= rules.weekly_duties(supporter):
            return "weekly_duties"
        cap = rules.weekly_hours(supporter)
        if cap is not None and self.hours_week[sid, slot.iso_week] + slot.duty_hours > cap + 1e-9:
            return "weekly_protected_hours"
        period = rules.period_duties(supporter)
        if period is not None and self.total[sid] >= period:
            return "period_duties"
        nights = rules.period_nights(supporter)
        if slot.kind is SlotKind.NIGHT and nights is not None and self.nights[sid] >= nights:
            return "period_nights"
        day = (slot.date - inst.slots[0].date).days
        if day not in self.days[sid]:
            before = 0
            while day - before - 1 in self.days[sid]:
                before += 1
            after = 0
            while day + after + 1 in self.days[sid]:
                after += 1
            if before + after + 1 > rules.max_consecutive_days:
                return "consecutive_days"
        same_ward = [s for s in self.on_duty[t] if homes[s] == home]
        if len(same_ward) >= rules.max_on_duty_per_ward:
            return "max_on_duty_per_ward"
        if via == "work":
            ward = inst.wards.get(home)
            minimum = ward.min_staff(slot.kind) if ward else None
            if minimum is not None:
                heads = self.headcount.get((home, t), 0)
                released = sum(1 for s in same_ward if self.via.get((s, t)) == "work")
                if heads - released - 1 < minimum:
                    return "release_keeps_minimum_staffing"
        return ""

    def add(self, sid: str, t: int, via: str) -> None:
        slot = self.instance.slots[t]
        self.per_day[sid, slot.date] += 1
        self.per_week[sid, slot.iso_week] += 1
        self.hours_week[sid, slot.iso_week] += slot.duty_hours
        self.total[sid] += 1
        self.nights[sid] += slot.kind is SlotKind.NIGHT
        self.days[sid].add((slot.date - self.instance.slots[0].date).days)
        self.on_duty[t].append(sid)
        self.via[sid, t] = via

    def __post_init__(self) -> None:
        self.via: dict[tuple[str, int], str] = {}
        self.headcount = {
            (w, int(t)): int(h) for w, t, h in self.instance.staffing[["ward", "slot", "headcount"]].itertuples(index=False)
        }


def greedy_rota(instance: Instance, pins: Iterable[Pin] = ()) -> set[tuple[str, int]]:
    """Duties (supporter, slot index) of a valid rota that covers what a greedy pass can."""
    available: dict[int, dict[str, str]] = defaultdict(dict)
    for sid, t, via in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False):
        available[int(t)][sid] = via
    profiles: dict[str, SupporterProfile] = {sid: profile(instance, sid) for sid in instance.supporters if sid in instance.employees}
    eligible = EligibilityCache(instance)
    homes = {sid: p.home_ward for sid, p in profiles.items()}
    demand: dict[int, list[str]] = defaultdict(list)
    for ward, t in instance.demand[["ward", "slot"]].itertuples(index=False):
        demand[int(t)].append(ward)
    by_slot = {s.date: [] for s in instance.slots}
    for slot in instance.slots:
        by_slot[slot.date].append(slot)
    forbidden = {(p.supporter_id, p.date, p.slot) for p in pins if p.action == "forbid"}
    locked = [p for p in pins if p.action == "lock"]
    tracker = LimitTracker(instance)
    chosen: set[tuple[str, int]] = set()
    slot_of = {(s.date, s.name): s.index for s in instance.slots}
    for pin in locked:
        t = slot_of.get((pin.date, pin.slot))
        if t is not None and pin.supporter_id in available.get(t, {}):
            tracker.add(pin.supporter_id, t, available[t][pin.supporter_id])
            chosen.add((pin.supporter_id, t))
    need = instance.rules.redundancy
    for slot in instance.slots:
        t = slot.index
        wards = demand.get(t, [])
        if not wards:
            continue
        while True:
            cover = {w: sum(1 for s in tracker.on_duty[t] if eligible(profiles[s], w)) for w in wards}
            short = [w for w in wards if cover[w] < need]
            if not short:
                break
            best, best_key = None, None
            for sid, via in available[t].items():
                if (sid, t) in chosen or (sid, slot.date, slot.name) in forbidden:
                    continue
                gain = sum(1 for w in short if eligible(profiles[sid], w))
                if gain == 0 or tracker.blocking_limit(sid, t, homes[sid], via, homes):
                    continue
                key = (gain, -tracker.total[sid], sid)
                if best_key is None or key > best_key:
                    best, best_key = sid, key
            if best is None:
                break
            tracker.add(best, t, available[t][best])
            chosen.add((best, t))
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
    profiles = {sid: profile(instance, sid) for sid, _ in duties}
    need = instance.rules.redundancy
    demand: dict[int, list[str]] = defaultdict(list)
    for ward, t in instance.demand[["ward", "slot"]].itertuples(index=False):
        demand[int(t)].append(ward)
    on: dict[int, list[str]] = defaultdict(list)
    for sid, t in duties:
        on[t].append(sid)
    kept: set[tuple[str, int]] = set()
    for t, people in on.items():
        wards = demand.get(t, [])
        count = {w: sum(1 for s in people if eligible(profiles[s], w)) for w in wards}
        # Try to drop those who cover the fewest wards first.
        for sid in sorted(people, key=lambda s: (sum(1 for w in wards if eligible(profiles[s], w)), s)):
            if (sid, t) in locked:
                continue
            mine = [w for w in wards if eligible(profiles[sid], w)]
            if all(count[w] - 1 >= min(need, count[w]) for w in mine) or not mine:
                for w in mine:
                    count[w] -= 1
                people = [p for p in people if p != sid]
        kept.update((sid, t) for sid in people)
    return kept
