"""What a change to a published rota touches: the weeks a local re-plan re-opens (docs/fairness.md,
«Re-planning»).

A week is re-opened when the published rota cannot stand there as it is:
- one of its duties is no longer possible — the supporter is unavailable, not at work, no longer
  a supporter, a pin forbids the duty, or it breaks a limit counted with the published duties
  before it (in slot order, locked duties first);
- a locked duty is not in it;
- one more duty, within every limit, would cover a ward-slot it leaves uncovered (new turnus rows,
  a new supporter): coverage comes first, so the full model would take it.
Every other week keeps its duties as published. Weeks are whole ISO weeks, and consecutive
re-opened weeks form one window (scheduler.solve.windows carries the window's edges).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scheduler.domain import Instance, Pin
from scheduler.model.eligibility import EligibilityCache, profile
from scheduler.solve.limits import DutyLoad
from scheduler.solve.windows import week_starts

__all__ = ["ReplanScope", "replan_scope", "pinned", "kept_and_dropped", "growable_slots", "reopened_windows"]

Key = tuple[str, int]


@dataclass(frozen=True)
class ReplanScope:
    """The published rota split into what stands and what the change touches."""

    kept: frozenset[Key]  # published duties still possible, within every limit (locked duties too)
    dropped: frozenset[Key]  # published duties no longer possible
    locks: frozenset[Key]  # locked duties the published rota lacks
    growable: frozenset[int]  # slots where one more duty would cover a ward-slot left uncovered
    windows: tuple[tuple[int, int], ...]  # [first day, end day) of each window re-opened, earliest first

    @property
    def days(self) -> int:
        return sum(end - first for first, end in self.windows)


def pinned(instance: Instance, pins: Iterable[Pin], action: str) -> set[Key]:
    """(supporter, slot index) of the pins with `action` ("lock" or "forbid") inside the horizon."""
    return {(p.supporter_id, t) for p in pins if p.action == action
            for t in [instance.slot_index(p.date, p.slot)] if t is not None}


def kept_and_dropped(instance: Instance, previous: Iterable[Key], locks: set[Key],
                     forbidden: set[Key]) -> tuple[set[Key], set[Key], DutyLoad]:
    """The published duties that stand (with the locked ones, which go in first), those that do
    not, and the limits the standing ones use. A duty is checked against the duties before it in
    slot order, as the greedy start keeps a published rota (scheduler.solve.greedy)."""
    via = {(sid, int(t)): how for sid, t, how in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False)}
    load = DutyLoad(instance)
    kept: set[Key] = set()
    for key in sorted(locks, key=lambda k: (k[1], k[0])):
        if key in via:
            load.add(key[0], key[1], via[key])
            kept.add(key)
    dropped: set[Key] = set()
    for key in sorted(set(previous) - kept, key=lambda k: (k[1], k[0])):
        sid, t = key
        if key not in via or key in forbidden or sid not in instance.supporters or load.blocking_limit(sid, t, via[key]):
            dropped.add(key)
            continue
        load.add(sid, t, via[key])
        kept.add(key)
    return kept, dropped, load


def growable_slots(instance: Instance, kept: set[Key], load: DutyLoad, forbidden: set[Key]) -> set[int]:
    """Slots with a ward-slot that `kept` leaves uncovered and one more duty — available, eligible,
    not forbidden, within every limit with `kept` — would cover."""
    on: dict[int, list[str]] = defaultdict(list)
    for sid, t in kept:
        on[t].append(sid)
    available: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for sid, t, how in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False):
        available[int(t)].append((sid, how))
    fits = EligibilityCache(instance)
    profiles = {sid: profile(instance, sid) for sid in instance.supporters if sid in instance.employees}
    out: set[int] = set()
    for ward, t in instance.demand[["ward", "slot"]].itertuples(index=False):
        t = int(t)
        if t in out or any(fits(profiles[s], ward) for s in on.get(t, ())):
            continue
        if any((sid, t) not in kept and (sid, t) not in forbidden and fits(profiles[sid], ward)
               and not load.blocking_limit(sid, t, how) for sid, how in available.get(t, ())):
            out.add(t)
    return out


def reopened_windows(instance: Instance, slots: Iterable[int]) -> list[tuple[int, int]]:
    """The whole ISO weeks holding `slots`, consecutive weeks joined, as [first day, end day)."""
    per_day = len(instance.rules.slots)
    starts = week_starts(instance)
    if not starts:
        return []
    days = (instance.slots[-1].date - instance.slots[0].date).days + 1
    bounds = [*starts, days]
    weeks = sorted({_week_of(starts, t // per_day) for t in slots})
    windows: list[tuple[int, int]] = []
    for w in weeks:
        first, end = bounds[w], bounds[w + 1]
        if windows and windows[-1][1] == first:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((first, end))
    return windows


def _week_of(starts: Sequence[int], day: int) -> int:
    """The index in `starts` of the week holding `day`."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= day:
            lo = mid
        else:
            hi = mid - 1
    return lo


def replan_scope(instance: Instance, previous: Iterable[Key], pins: Iterable[Pin]) -> ReplanScope:
    """The windows a change re-opens, and the published duties that stand outside them."""
    pins = list(pins)
    locks, forbidden = pinned(instance, pins, "lock"), pinned(instance, pins, "forbid")
    previous = set(previous)
    kept, dropped, load = kept_and_dropped(instance, previous, locks, forbidden)
    missing = locks - previous
    grow = growable_slots(instance, kept, load, forbidden)
    touched = {t for _, t in dropped} | {t for _, t in missing} | grow
    return ReplanScope(frozenset(kept), frozenset(dropped), frozenset(missing), frozenset(grow),
                       tuple(reopened_windows(instance, touched)))
