"""The supporters who can move: which other weeks a local re-plan re-opens when the weeks a change
touches cannot keep the published coverage alone (docs/fairness.md, «A local re-plan»).

On a trust-year a lost night can often be covered only by a supporter already at their period
(year-long) night limit: the sick week alone leaves it uncovered, and widening it by a week or two
does not help. What helps is freeing one of that supporter's nights in another week — a night
someone else also covers there, or one another supporter can take over — so they can take the
lost one. For each ward-slot the re-opened weeks lost, the supporters who may cover it and are
kept from it only by a period limit (counted with the duties outside the re-opened weeks) are
found, and for each the week of the duty cheapest to free: a spare one first, then one someone
else can take over, the nearest first. Those weeks are re-opened with the change's own, in one
model (scheduler.solve.replan_window).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from scheduler.domain import Instance, SlotKind
from scheduler.model.eligibility import EligibilityCache, profile
from scheduler.solve.limits import DutyLoad, limit_week
from scheduler.solve.replan_scope import reopened_windows

__all__ = ["mover_weeks", "joined", "PERIOD_LIMITS"]

Key = tuple[str, int]
#: The limits counted over the whole horizon: only freeing a duty elsewhere can lift them.
PERIOD_LIMITS = frozenset({"period_duties", "period_nights"})
#: At most this many supporters per lost ward-slot, and this many weeks in all, are re-opened.
_PER_GAP = 2
_MOST_WEEKS = 4
#: At most this many of a supporter's duties, nearest first, are tried for someone to take over.
_TRIES = 6


class _Rota:
    """The duties outside the re-opened weeks, slot by slot, and the limits they use."""

    def __init__(self, instance: Instance, outside: set[Key], forbidden: set[Key]) -> None:
        self.instance, self.forbidden = instance, forbidden
        self.via: dict[Key, str] = {}
        self.available: dict[int, list[str]] = defaultdict(list)
        for sid, t, how in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False):
            self.via[sid, int(t)] = how
            self.available[int(t)].append(sid)
        self.load = DutyLoad(instance, [(sid, t, self.via[sid, t]) for sid, t in sorted(outside, key=lambda k: (k[1], k[0]))
                                        if (sid, t) in self.via])
        self.outside = outside
        self.on: dict[int, set[str]] = defaultdict(set)
        self.of: dict[str, list[int]] = defaultdict(list)
        for sid, t in outside:
            self.on[t].add(sid)
            self.of[sid].append(t)
        self.wards: dict[int, list[str]] = defaultdict(list)
        for ward, t in instance.demand[["ward", "slot"]].itertuples(index=False):
            self.wards[int(t)].append(ward)
        self.fits = EligibilityCache(instance)
        self.profiles = {sid: profile(instance, sid) for sid in instance.supporters if sid in instance.employees}

    def may_cover(self, sid: str, ward: str) -> bool:
        return sid in self.profiles and self.fits(self.profiles[sid], ward)

    def held_by_period(self, sid: str, t: int) -> set[str]:
        """The period limits that alone keep `sid` from a duty in slot `t` (empty: something else does, or nothing)."""
        if (sid, t) in self.forbidden or (sid, t) not in self.via:
            return set()
        limits = self.load.blocking_limits(sid, t, self.via[sid, t])
        return limits if limits and limits <= PERIOD_LIMITS else set()

    def spare(self, sid: str, u: int) -> list[str]:
        """The wards only `sid`'s duty in slot `u` covers (empty: the duty is spare)."""
        return [w for w in self.wards.get(u, ()) if self.may_cover(sid, w)
                and not any(self.may_cover(o, w) for o in self.on[u] if o != sid)]

    def taken_over(self, sid: str, u: int, alone: list[str]) -> bool:
        """Whether another supporter within every limit — counted without `sid`'s duty in `u` —
        may take that duty over, covering the wards only it covers."""
        others = [o for o in self.available.get(u, ()) if o not in self.on[u] and (o, u) not in self.forbidden
                  and all(self.may_cover(o, w) for w in alone)]
        if not others or any(not self.load.blocking_limit(o, u, self.via[o, u]) for o in others):
            return bool(others)
        # a limit of the slot (staff a ward may release, supporters of a ward on duty) may be
        # `sid`'s own duty there: counted again without it
        rest = sorted(self.outside - {(sid, u)}, key=lambda k: (k[1], k[0]))
        load = DutyLoad(self.instance, [(s, t, self.via[s, t]) for s, t in rest if (s, t) in self.via])
        return any(not load.blocking_limit(o, u, self.via[o, u]) for o in others)

    def cheapest_duty(self, sid: str, limits: set[str], t: int, used: set[Key]) -> tuple[int, int] | None:
        """(cost, slot) of `sid`'s duty, not in `used`, whose freeing lifts `limits` at the least
        cost, nearest `t` first: 0 for a spare duty, 1 for one another supporter may take over,
        None for neither."""
        nights_only = "period_nights" in limits
        duties = sorted((u for u in self.of.get(sid, ()) if (sid, u) not in used
                         and (not nights_only or self.instance.slots[u].kind is SlotKind.NIGHT)),
                        key=lambda u: (abs(u - t), u))
        alone = {u: self.spare(sid, u) for u in duties}
        spare = next((u for u in duties if not alone[u]), None)
        if spare is not None:
            return 0, spare
        taken = next((u for u in duties[:_TRIES] if self.taken_over(sid, u, alone[u])), None)
        return None if taken is None else (1, taken)


def mover_weeks(instance: Instance, duties: set[Key], windows: Sequence[tuple[int, int]],
                lost: Iterable[tuple[str, int]], forbidden: set[Key], locked: Iterable[Key] = ()) -> list[tuple[int, int]]:
    """The weeks ([first day, end day), consecutive ones joined) to re-open besides `windows` so that
    the supporters held from the `lost` ward-slots (ward, slot) only by a period limit can take
    them — a duty freed per lost ward-slot, so one supporter two lost nights need frees two (no
    more in a week than their weekly limit lets them take), never a `locked` one; empty when
    nobody is."""
    per_day = len(instance.rules.slots)
    ranges = [(first * per_day, end * per_day) for first, end in windows]
    outside = {k for k in duties if not any(lo <= k[1] < hi for lo, hi in ranges)}
    rota = _Rota(instance, outside, forbidden)
    used: set[Key] = set(locked)
    weeks = set()
    taking: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)  # lost ward-slots given a supporter per week
    for ward, t in sorted(lost, key=lambda g: (g[1], g[0])):
        found: list[tuple[int, int, str, int]] = []
        week = limit_week(instance.slots[t])
        for sid in sorted(set(rota.available.get(t, ()))):
            if not rota.may_cover(sid, ward) or taking[sid, week] >= instance.rules.weekly_duties(instance.supporters[sid]):
                continue
            limits = rota.held_by_period(sid, t)
            cheapest = rota.cheapest_duty(sid, limits, t, used) if limits else None
            if cheapest is not None:
                found.append((cheapest[0], abs(cheapest[1] - t), sid, cheapest[1]))
        for _, _, sid, u in sorted(found)[:_PER_GAP]:
            days = reopened_windows(instance, [u])[0]
            if days in weeks or len(weeks) < _MOST_WEEKS:
                used.add((sid, u))
                weeks.add(days)
                taking[sid, week] += 1
    return joined(weeks)


def joined(*days: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of days ([first day, end day)) merged: overlapping or touching ones become one."""
    out: list[tuple[int, int]] = []
    for first, end in sorted(r for group in days for r in group):
        if out and first <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((first, end))
    return out
