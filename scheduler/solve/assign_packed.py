"""Names who to call when a duty's wards are packed by their staff: `max_staff_per_duty`, or
fairness over exposure (`fair_share_basis = "exposure"`). Per slot, a greedy packing improved by
moves, and a small CP-SAT model where the greedy one leaves a ward a duty could take.

The min-cost flow of scheduler.solve.assign splits wards freely but cannot count the staff a duty
covers: wards are not split, so a cap on staff is a bin packing, and an even exposure is a
partition. Per slot, with the duties decided, this names each ward's supporters:

1. as many wards covered as possible (exactly: a CP-SAT model when the greedy packing leaves a ward
   some duty could take), then backups (redundancy 2);
2. ward locks kept;
3. exposure balanced: the largest (exposure so far + this slot's) ÷ fair share among the duties of
   the slot, slots taken in time order — with no fair shares (hours basis) the most staff on one
   duty of the slot, so the staff are spread; not proven, a greedy choice improved by moves;
4. the peer principle (before 3 on the hours basis, after it on exposure, as the priorities run).

:func:`add_duties_for_packing` is the repair for what the model cannot see: the model keeps only the
necessary conditions of the packing per class (scheduler.solve.limits `_staff_per_duty`), so
where the wards of a slot do not pack into its duties, one more duty within every limit is added
for a ward left over, when there is one; the rest stays uncovered with its reason
(scheduler.solve.explain). Never a duty over the cap (docs/fairness.md, «Exposure»).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.model.eligibility import SupporterProfile, eligible, profile
from scheduler.solve.cpsat import solver_parameters
from scheduler.units import centi_hours

__all__ = ["uses_packing", "name_packed", "add_duties_for_packing", "SlotWard"]

_PRIMARY = 10**6
_BACKUP = 10**3
_LOCK = 1
#: A slot's packing: one worker, a deterministic time budget, so the same duties name the same wards.
_SECONDS_PER_SLOT = 0.5
#: The exact packings of one rota together (wall seconds): a year's slots that the greedy packing
#: cannot fill would otherwise take minutes; after it, the greedy packing stands.
_EXACT_SECONDS = 20.0
_SETTINGS = SolverSettings(workers=1, seed=0, deterministic=True)


@dataclass(frozen=True)
class SlotWard:
    ward: str
    staff: int
    profession: str


def uses_packing(instance: Instance) -> bool:
    """True when the wards of a duty must be packed by their staff rather than by a flow."""
    rules = instance.rules
    return rules.max_staff_per_duty is not None or rules.fair_share_basis == "exposure"


def _wards_by_slot(instance: Instance) -> dict[int, list[SlotWard]]:
    out: dict[int, list[SlotWard]] = defaultdict(list)
    for ward, t, heads, prof in instance.demand[["ward", "slot", "headcount", "profession"]].itertuples(index=False):
        out[int(t)].append(SlotWard(ward, int(heads), prof or ""))
    return out


@dataclass
class _Packing:
    """One slot's naming as it is built: who is named for which ward, and what each duty holds."""

    primary: dict[str, str]  # ward -> supporter
    backup: dict[str, str]
    staff: dict[str, int]  # supporter -> staff of the wards named (any role), for the cap
    wards: dict[str, int]  # supporter -> wards named (any role)
    exposure: dict[str, int]  # supporter -> staff of the wards they are the first to call for

    def room(self, s: str, w: SlotWard, cap: int | None, most_wards: int | None) -> bool:
        return (cap is None or self.staff[s] + w.staff <= cap) and (most_wards is None or self.wards[s] < most_wards)

    def name(self, s: str, w: SlotWard, primary: bool) -> None:
        (self.primary if primary else self.backup)[w.ward] = s
        self.staff[s] += w.staff
        self.wards[s] += 1
        if primary:
            self.exposure[s] += w.staff

    def unname(self, s: str, w: SlotWard) -> None:
        del self.primary[w.ward]
        self.staff[s] -= w.staff
        self.wards[s] -= 1
        self.exposure[s] -= w.staff


class _Slot:
    """One slot's wards and duties, and the order of preference between duties for a ward."""

    def __init__(self, instance: Instance, t: int, on_duty: list[str], wards: list[SlotWard], profiles: Mapping,
                 locked: set[tuple[str, str]], so_far: Mapping[str, int], targets: Mapping[str, int] | None) -> None:
        rules = instance.rules
        self.cap, self.most_wards, self.redundancy = rules.max_staff_per_duty, rules.max_wards_per_duty, rules.redundancy
        self.on_duty, self.locked, self.so_far, self.targets = on_duty, locked, so_far, targets
        self.hours = centi_hours(instance.slots[t].duty_hours)
        self.can = {s: {w.ward for w in wards if (self.cap is None or w.staff <= self.cap)
                        and eligible(instance, profiles[s], w.ward)} for s in on_duty}
        self.mismatch = {(s, w.ward): int(bool(w.profession) and profiles[s].profession != w.profession)
                         for s in on_duty for w in wards}
        # wards with the fewest duties that may take them first, then the largest
        self.wards = sorted((w for w in wards if any(w.ward in self.can[s] for s in on_duty)),
                            key=lambda w: (sum(w.ward in self.can[s] for s in on_duty), -w.staff, w.ward))

    def load(self, s: str, exposure: int) -> float:
        """What balancing keeps low: exposure so far + this slot's ÷ fair share, or the slot's staff."""
        if self.targets is None:
            return float(exposure)
        return (self.so_far.get(s, 0) + self.hours * exposure) / max(1, self.targets.get(s, 1))

    def key(self, s: str, w: SlotWard, pack: _Packing) -> tuple:
        after = self.load(s, pack.exposure[s] + w.staff)
        mismatch = self.mismatch[s, w.ward]
        # fairness over exposure comes before the peer principle (the priorities' order); without
        # it the peer principle first, then the staff spread
        return (after, mismatch, s) if self.targets is not None else (mismatch, after, s)

    def fits_all(self) -> bool:
        """The slot's wards hold no more staff than its duties may cover together (a necessary
        condition of covering them all, which the model keeps per class)."""
        return self.cap is None or sum(w.staff for w in self.wards) <= self.cap * len(self.on_duty)

    def greedy(self) -> _Packing:
        """Locked wards first; then the wards with fewest duties that may take them, largest first —
        or, when not all can fit, smallest first: as many wards as possible."""
        pack = _Packing({}, {}, dict.fromkeys(self.on_duty, 0), dict.fromkeys(self.on_duty, 0),
                        dict.fromkeys(self.on_duty, 0))
        order = self.wards if self.fits_all() else sorted(self.wards, key=lambda w: (w.staff, w.ward))
        for w in sorted(order, key=lambda w: not any((s, w.ward) in self.locked for s in self.on_duty)):
            able = [s for s in self.on_duty if w.ward in self.can[s] and pack.room(s, w, self.cap, self.most_wards)]
            if able:
                locked = [s for s in able if (s, w.ward) in self.locked]
                pack.name(locked[0] if locked else min(able, key=lambda s: self.key(s, w, pack)), w, True)
        self.improve(pack)
        return pack

    def improve(self, pack: _Packing) -> None:
        """Move a ward from the duty with the highest load to another while that lowers the highest."""
        by_ward = {w.ward: w for w in self.wards}
        for _ in range(4 * len(self.wards)):
            top = max(self.on_duty, key=lambda s: (self.load(s, pack.exposure[s]), s))
            now = self.load(top, pack.exposure[top])
            best = None
            for ward, s in pack.primary.items():
                if s != top or (s, ward) in self.locked:
                    continue
                w = by_ward[ward]
                for other in self.on_duty:
                    if other == top or ward not in self.can[other] or not pack.room(other, w, self.cap, self.most_wards):
                        continue
                    if self.targets is None and self.mismatch[other, ward] > self.mismatch[top, ward]:
                        continue  # without exposure fairness the peer principle comes first
                    after = max(self.load(top, pack.exposure[top] - w.staff), self.load(other, pack.exposure[other] + w.staff))
                    if after < now - 1e-9 and (best is None or after < best[0]):
                        best = (after, w, other)
            if best is None:
                return
            _, w, other = best
            pack.unname(top, w)
            pack.name(other, w, True)

    def backups(self, pack: _Packing) -> None:
        if self.redundancy < 2:
            return
        for w in self.wards:
            first = pack.primary.get(w.ward)
            able = [s for s in self.on_duty if s != first and w.ward in self.can[s]
                    and pack.room(s, w, self.cap, self.most_wards)]
            if first is not None and able:
                pack.name(min(able, key=lambda s: (self.mismatch[s, w.ward], pack.staff[s], s)), w, False)

    def exact(self, hint: _Packing) -> _Packing | None:
        """As many wards covered as any packing covers (then backups): a small CP-SAT model, from
        the greedy packing; None when it finds nothing better."""
        model = cp_model.CpModel()
        x: dict[tuple[str, str], cp_model.IntVar] = {}
        p: dict[tuple[str, str], cp_model.IntVar] = {}
        for s in self.on_duty:
            for w in self.wards:
                if w.ward in self.can[s]:
                    x[s, w.ward] = model.new_bool_var("")
                    p[s, w.ward] = model.new_bool_var("")
                    model.add(p[s, w.ward] <= x[s, w.ward])
                    model.add_hint(p[s, w.ward], hint.primary.get(w.ward) == s)
                    model.add_hint(x[s, w.ward], s in (hint.primary.get(w.ward), hint.backup.get(w.ward)))
        terms = []
        for w in self.wards:
            named = [x[s, w.ward] for s in self.on_duty if (s, w.ward) in x]
            primary = [p[s, w.ward] for s in self.on_duty if (s, w.ward) in x]
            model.add(sum(primary) <= 1)
            model.add(sum(named) <= self.redundancy)
            terms.append(_PRIMARY * sum(primary) + _BACKUP * (sum(named) - sum(primary)))
            terms.append(sum(_LOCK * p[s, w.ward] for s in self.on_duty if (s, w.ward) in self.locked and (s, w.ward) in p))
        for s in self.on_duty:
            mine = [w for w in self.wards if (s, w.ward) in x]
            if self.most_wards is not None:
                model.add(sum(x[s, w.ward] for w in mine) <= self.most_wards)
            if self.cap is not None:
                model.add(sum(w.staff * x[s, w.ward] for w in mine) <= self.cap)
        model.maximize(sum(terms))
        solver = solver_parameters(_SETTINGS, _SECONDS_PER_SLOT)
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        pack = _Packing({}, {}, dict.fromkeys(self.on_duty, 0), dict.fromkeys(self.on_duty, 0),
                        dict.fromkeys(self.on_duty, 0))
        for (s, ward), var in p.items():
            w = next(w for w in self.wards if w.ward == ward)
            if solver.value(var):
                pack.name(s, w, True)
            elif solver.value(x[s, ward]):
                pack.name(s, w, False)
        if len(pack.primary) <= len(hint.primary):
            return None
        self.improve(pack)
        return pack


def _pack_slot(instance: Instance, t: int, on_duty: list[str], wards: list[SlotWard], profiles: Mapping,
               locked: set[tuple[str, str]], so_far: Mapping[str, int], targets: Mapping[str, int] | None,
               exact_left: list[float]) -> dict[str, list[str]]:
    """One slot: ward → supporters named, primary first. A greedy packing (fewest options first,
    the lowest load), improved by moving wards off the highest load; only when it leaves a ward
    that some duty could take and all might fit, the exact model (a bin packing is where greedy
    fails), within what is left of `exact_left` seconds for the whole rota."""
    slot = _Slot(instance, t, on_duty, wards, profiles, locked, so_far, targets)
    pack = slot.greedy()
    slot.backups(pack)
    if len(pack.primary) < len(slot.wards) and slot.fits_all() and exact_left[0] > 0:
        started = time.perf_counter()
        pack = slot.exact(pack) or pack
        exact_left[0] -= time.perf_counter() - started
    out: dict[str, list[str]] = {ward: [s] for ward, s in pack.primary.items()}
    for ward, s in pack.backup.items():
        out.setdefault(ward, []).append(s)
    return out


def name_packed(instance: Instance, duties: set[tuple[str, int]], ward_locks: Iterable[Pin] = (),
                targets: Mapping[str, float] | None = None) -> dict[tuple[str, int], list[str]]:
    """(ward, slot index) → supporters to call, primary first, every duty within the staff cap.
    `targets`: fair shares in staff-hours (exposure basis) to balance against; without them the
    staff of each slot are spread evenly over its duties."""
    profiles = {sid: profile(instance, sid) for sid, _ in duties}
    locks = {(p.supporter_id, p.ward, p.date, p.slot) for p in ward_locks}
    on: dict[int, list[str]] = defaultdict(list)
    for sid, t in sorted(duties):
        on[t].append(sid)
    hundredths = None if targets is None else {s: round(v * 100) for s, v in targets.items()}
    so_far: dict[str, int] = defaultdict(int)
    exact_left = [_EXACT_SECONDS]
    result: dict[tuple[str, int], list[str]] = {}
    for t, wards in sorted(_wards_by_slot(instance).items()):
        supporters = on.get(t, [])
        if not supporters:
            continue
        slot = instance.slots[t]
        locked = {(s, w) for s, w, d, n in locks if d == slot.date and n == slot.name}
        named = _pack_slot(instance, t, supporters, wards, profiles, locked, so_far, hundredths, exact_left)
        staff = {w.ward: w.staff for w in wards}
        for ward, people in named.items():
            result[ward, t] = people
            so_far[people[0]] += centi_hours(slot.duty_hours) * staff[ward]
    return result


def add_duties_for_packing(instance: Instance, duties: set[tuple[str, int]], ward_locks: Iterable[Pin] = (),
                           forbidden: set[tuple[str, int]] = frozenset()) -> set[tuple[str, int]]:
    """Duties with one more added, within every limit, in each slot where a ward some duty could
    cover alone within the cap is left over by the packing — so the cap never costs coverage that
    another duty can give. Slots are repaired one at a time, each added duty counted against every
    limit with the rest, the one with the fewest duties first; a ward nobody more may take stays
    uncovered, with its reason."""
    from scheduler.solve.limits import DutyLoad

    cap = instance.rules.max_staff_per_duty
    if cap is None:
        return set(duties)
    duties = set(duties)
    locks = list(ward_locks)
    named = name_packed(instance, duties, locks)
    profiles: dict[str, SupporterProfile] = {}

    def prof(sid: str) -> SupporterProfile:
        if sid not in profiles:
            profiles[sid] = profile(instance, sid)
        return profiles[sid]

    on: dict[int, set[str]] = defaultdict(set)
    for sid, t in duties:
        on[t].add(sid)
    left: dict[int, list[str]] = defaultdict(list)
    for t, wards in _wards_by_slot(instance).items():
        for w in wards:
            if (w.ward, t) not in named and w.staff <= cap and any(eligible(instance, prof(s), w.ward) for s in on[t]):
                left[t].append(w.ward)
    if not left:
        return duties
    load = DutyLoad.of_rota(instance, duties)
    available: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for sid, t, via in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False):
        if int(t) in left:
            available[int(t)].append((sid, via))
    count = Counter(sid for sid, _ in duties)
    for t in sorted(left):
        for sid, via in sorted(available[t], key=lambda a: (count[a[0]], a[0])):
            if sid in on[t] or (sid, t) in forbidden or not any(eligible(instance, prof(sid), w) for w in left[t]):
                continue
            if load.blocking_limit(sid, t, via):
                continue
            duties.add((sid, t))
            count[sid] += 1
            on[t].add(sid)
            load.add(sid, t, via)
            break
    return duties
