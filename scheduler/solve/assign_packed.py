"""Names who to call when a duty's wards are packed by their staff: `max_staff_per_duty`, or
fairness over exposure (`fair_share_basis = "exposure"`). A small CP-SAT model per slot.

The min-cost flow of scheduler.solve.assign splits wards freely but cannot count the staff a duty
covers: wards are not split, so a cap on staff is a bin packing, and an even exposure is a
partition. Per slot, with the duties decided, this names each ward's supporters:

1. as many wards covered as possible, then as many backups (redundancy 2);
2. ward locks kept;
3. exposure balanced: the largest (exposure so far + this slot's) ÷ fair share among the duties of
   the slot, slots taken in time order — with no fair shares (hours basis) the most staff on one
   duty of the slot, so the staff are spread;
4. the peer principle: the fewest wards named for someone of another profession.

:func:`add_duties_for_packing` is the repair for what the model cannot see: the model keeps only the
necessary conditions of the packing per class (scheduler.solve.limits `_staff_per_duty`), so
where the wards of a slot do not pack into its duties, one more duty within every limit is added
for a ward left over, when there is one; the rest stays uncovered with its reason
(scheduler.solve.explain). Never a duty over the cap (docs/fairness.md, «Exposure»).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import Instance, Pin
from scheduler.model.eligibility import eligible, profile
from scheduler.units import centi_hours

__all__ = ["uses_packing", "name_packed", "add_duties_for_packing", "SlotWard"]

_PRIMARY = 10**10
_BACKUP = 10**9
_LOCK = 10**7
_BALANCE = 100
_MISMATCH = 10
_SECONDS_PER_SLOT = 2.0


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


def _pack_slot(instance: Instance, t: int, on_duty: list[str], wards: list[SlotWard], profiles: Mapping,
               locked: set[tuple[str, str]], so_far: Mapping[str, int], targets: Mapping[str, int] | None,
               ) -> dict[str, list[str]]:
    """One slot: ward → supporters named, primary first."""
    rules = instance.rules
    cap = rules.max_staff_per_duty
    model = cp_model.CpModel()
    x: dict[tuple[str, str], cp_model.IntVar] = {}
    p: dict[tuple[str, str], cp_model.IntVar] = {}
    cost: dict[tuple[str, str], int] = {}
    for s in on_duty:
        for w in wards:
            if (cap is not None and w.staff > cap) or not eligible(instance, profiles[s], w.ward):
                continue
            key = (s, w.ward)
            x[key] = model.new_bool_var(f"x[{s}][{w.ward}]")
            p[key] = x[key] if rules.redundancy == 1 else model.new_bool_var(f"p[{s}][{w.ward}]")
            if p[key] is not x[key]:
                model.add(p[key] <= x[key])
            cost[key] = (_MISMATCH if w.profession and profiles[s].profession != w.profession else 0) \
                - (_LOCK if key in locked else 0)
    if not x:
        return {}
    terms = []
    for w in wards:
        named = [x[s, w.ward] for s in on_duty if (s, w.ward) in x]
        if not named:
            continue
        primary = [p[s, w.ward] for s in on_duty if (s, w.ward) in x]
        model.add(sum(primary) <= 1)
        model.add(sum(named) <= rules.redundancy)
        model.add(sum(named) >= sum(primary))
        terms.append(-_PRIMARY * sum(primary))
        if rules.redundancy == 2:
            terms.append(-_BACKUP * (sum(named) - sum(primary)))
    hours = centi_hours(instance.slots[t].duty_hours)
    ratio = model.new_int_var(0, 10**9, "largest")
    for s in on_duty:
        mine = [w for w in wards if (s, w.ward) in x]
        if rules.max_wards_per_duty is not None:
            model.add(sum(x[s, w.ward] for w in mine) <= rules.max_wards_per_duty)
        if cap is not None:
            model.add(sum(w.staff * x[s, w.ward] for w in mine) <= cap)
        exposure = sum(w.staff * p[s, w.ward] for w in mine)
        if targets is None:
            model.add(exposure <= ratio)
        else:  # thousandths of the fair share, the exposure before this slot included
            target = max(1, targets.get(s, 1))
            model.add(1000 * (so_far.get(s, 0) + hours * exposure) <= ratio * target)
    terms.append(_BALANCE * ratio)
    terms.append(sum(c * x[k] for k, c in cost.items()))
    model.minimize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = _SECONDS_PER_SLOT
    solver.parameters.random_seed = 0
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}
    out: dict[str, list[str]] = {}
    for w in wards:
        chosen = [s for s in on_duty if (s, w.ward) in x and solver.value(x[s, w.ward])]
        if chosen:
            chosen.sort(key=lambda s: (-solver.value(p[s, w.ward]), cost[s, w.ward], s))
            out[w.ward] = chosen
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
    result: dict[tuple[str, int], list[str]] = {}
    for t, wards in sorted(_wards_by_slot(instance).items()):
        supporters = on.get(t, [])
        if not supporters:
            continue
        slot = instance.slots[t]
        locked = {(s, w) for s, w, d, n in locks if d == slot.date and n == slot.name}
        named = _pack_slot(instance, t, supporters, wards, profiles, locked, so_far, hundredths)
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
    limit with the rest; a ward nobody more may take stays uncovered, with its reason."""
    from scheduler.solve.limits import DutyLoad

    cap = instance.rules.max_staff_per_duty
    if cap is None:
        return set(duties)
    duties = set(duties)
    locks = list(ward_locks)
    named = name_packed(instance, duties, locks)
    profiles: dict[str, object] = {}

    def prof(sid: str):  # noqa: ANN202 - a SupporterProfile
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
    for t in sorted(left):
        for sid, via in sorted(available[t]):
            if sid in on[t] or (sid, t) in forbidden or not any(eligible(instance, prof(sid), w) for w in left[t]):
                continue
            if load.blocking_limit(sid, t, via):
                continue
            duties.add((sid, t))
            on[t].add(sid)
            load.add(sid, t, via)
            break
    return duties
