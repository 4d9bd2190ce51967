"""A fair first rota for large hospitals: the same ward-slots covered, by those furthest below their share.

CP-SAT finds the best coverage of a year quickly, but the rota it returns is shaped by the
search, not by fairness (its busiest supporter can carry ten times their share). Going through
the slots — those with the least choice first — this picks for each slot again who covers the
ward-slots that rota covers: each time the supporter with the lowest load ÷ fair share after the
duty, within every hard limit (the limit checks do not depend on the order duties are added in).
Where the limits leave a ward-slot without anyone, it stays uncovered here and the windows of
weeks that follow (scheduler.solve.planner) win it back — coverage comes first there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from scheduler.domain import Instance, Pin
from scheduler.model.eligibility import EligibilityCache, SupporterProfile, profile
from scheduler.solve.limits import DutyLoad

__all__ = ["fair_reselection"]


def fair_reselection(instance: Instance, duties: set[tuple[str, int]], targets: Mapping[str, float],
                     pins: Iterable[Pin] = (), keep: Iterable[tuple[str, int]] = (),
                     check: Callable[[str], None] | None = None) -> set[tuple[str, int]]:
    """Duties covering (as far as the limits allow) the ward-slots `duties` cover, spread by fair share.

    `keep` (on a re-plan: the duties of `duties` that the published rota has) stays as it is, like a
    lock; only what it leaves short is chosen again, so the changes are at most about as many as
    `duties` has (docs/fairness.md, "Re-planning"). `check` is called once per slot: it raises to
    stop (SolveControl.check; at a trust's year this took half a minute under load)."""
    available: dict[int, dict[str, str]] = defaultdict(dict)
    for sid, t, via in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False):
        available[int(t)][sid] = via
    interned: dict[SupporterProfile, SupporterProfile] = {}
    profiles = {sid: interned.setdefault(p, p) for sid in instance.supporters if sid in instance.employees
                for p in [profile(instance, sid)]}
    fits = EligibilityCache(instance)
    # The few wards each class may not cover (its own, led, …): every count below is "all but those"
    # — asking each supporter about each ward was 7 M questions at a trust's year (13 s under load).
    barred = {id(p): frozenset(w for w in instance.wards if not fits(p, w)) for p in interned}
    may = {sid: barred[id(p)] for sid, p in profiles.items()}  # the wards each supporter may NOT cover
    on: dict[int, list[str]] = defaultdict(list)
    for sid, t in duties:
        on[t].append(sid)
    demand: dict[int, list[str]] = defaultdict(list)
    for ward, t in instance.demand[["ward", "slot"]].itertuples(index=False):
        demand[int(t)].append(ward)
    forbidden = {(p.supporter_id, t) for p in pins if p.action == "forbid"
                 for t in [instance.slot_index(p.date, p.slot)] if t is not None}
    locked = {(p.supporter_id, t) for p in pins if p.action == "lock"
              for t in [instance.slot_index(p.date, p.slot)] if t is not None and p.supporter_id in available.get(t, {})}
    locked |= {(sid, t) for sid, t in keep if sid in available.get(t, {})}
    locked_in: dict[int, list[str]] = defaultdict(list)
    for sid, t in locked:
        locked_in[t].append(sid)
    tracker = DutyLoad(instance)
    load: dict[str, float] = defaultdict(float)
    chosen: set[tuple[str, int]] = set()
    for sid, t in sorted(locked, key=lambda k: k[1]):
        tracker.add(sid, t, available[t][sid])
        load[sid] += instance.slots[t].load_hours
        chosen.add((sid, t))
    need = instance.rules.redundancy

    def _choice(t: int) -> int:
        """How many could cover the scarcest ward the rota covers in slot `t` (slots with the least
        choice go first, so the fair choices elsewhere never use up the only ones who can go)."""
        wards = [w for w in demand.get(t, []) if any(w not in may[s] for s in on.get(t, []))]
        if not wards:
            return 10**6
        here = [s for s in available.get(t, {}) if s in profiles]
        barring: dict[str, int] = defaultdict(int)
        for s in here:
            for w in may[s]:
                barring[w] += 1
        return min(len(here) - barring[w] for w in wards)

    def _fairest(t: int, hours: float, short: list[str]) -> str | None:
        """Within every limit, the lowest load ÷ share after the duty (then the most short wards
        covered, then the id); the limits are asked in that order only until one passes."""
        wanted = set(short)
        candidates = []
        for sid in available.get(t, {}):
            if (sid, t) in chosen or (sid, t) in forbidden or targets.get(sid, 0) <= 0:
                continue
            gain = len(wanted) - len(wanted & may[sid])
            if gain:
                candidates.append(((load[sid] + hours) / targets[sid], -gain, sid))
        for _, _, sid in sorted(candidates):
            if not tracker.blocking_limit(sid, t, available[t][sid]):
                return sid
        return None

    # Per slot, what each ward the rota covers should have and what the locks (and `keep`) give it;
    # only slots left short are chosen again (on a re-plan, a handful).
    gaps: dict[int, tuple[dict[str, int], dict[str, int]]] = {}
    for t in on:
        if check is not None:
            check("fair re-selection")
        covered = [w for w in demand.get(t, []) if any(w not in may[s] for s in on[t])]
        wanted = {w: min(need, sum(1 for s in on[t] if w not in may[s])) for w in covered}
        have = {w: sum(1 for s in locked_in.get(t, []) if w not in may[s]) for w in covered}
        if any(have[w] < wanted[w] for w in covered):
            gaps[t] = (wanted, have)
    choice = {}
    for t in gaps:
        if check is not None:
            check("fair re-selection")
        choice[t] = _choice(t)
    for t in sorted(gaps, key=lambda t: (choice[t], t)):
        if check is not None:
            check("fair re-selection")
        slot = instance.slots[t]
        wanted, have = gaps[t]
        short = [w for w in wanted if have[w] < wanted[w]]
        while short:
            best = _fairest(t, slot.load_hours, short)
            if best is None:
                break
            tracker.add(best, t, available[t][best])
            load[best] += slot.load_hours
            chosen.add((best, t))
            for w in short:
                have[w] += w not in may[best]
            short = [w for w in short if have[w] < wanted[w]]
    return chosen
