"""The hard rules of SPEC §3 as CP-SAT constraints: one function per rule, one signature.

Each function takes the variables and the instance and adds its constraints. Availability and
demand are already in the variables (a duty variable exists only where a supporter is
available). The independent checker (scheduler.verify) re-checks every rule by the same name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from ortools.sat.python import cp_model

from scheduler.domain import Instance, Pin, SlotKind
from scheduler.eligibility import eligible
from scheduler.errors import PinConflict
from scheduler.io.types import Message, Severity
from scheduler.variables import ModelVariables

__all__ = [
    "HARD_RULES",
    "add_hard_rules",
    "coverage_only_by_eligible_supporters",
    "one_duty_per_day",
    "weekly_duties",
    "weekly_protected_hours",
    "period_duties",
    "period_nights",
    "consecutive_days",
    "max_on_duty_per_ward",
    "release_keeps_minimum_staffing",
    "wards_per_duty",
    "apply_pins",
    "HOURS_SCALE",
]

#: Duty hours are whole hundredths in the model (CP-SAT is integer).
HOURS_SCALE = 100

Rule = Callable[[ModelVariables, Instance], None]


def _by(v: ModelVariables, instance: Instance, key: Callable[[int], object]) -> Iterable[tuple[str, list[int]]]:
    """Each supporter's slots grouped by `key(slot index)` (a date, an ISO week, …)."""
    for sid, slots in v.slots_of.items():
        groups: dict[object, list[int]] = defaultdict(list)
        for t in slots:
            groups[key(t)].append(t)
        for group in groups.values():
            yield sid, group


def coverage_only_by_eligible_supporters(v: ModelVariables, instance: Instance) -> None:
    """A ward-slot counts as covered only if someone eligible for it is on duty.

    Eligible means from another ward (or department), not its manager, and on the same site when
    `same_site` is set: people talk more easily to a supporter who is not a close colleague or
    their leader. With redundancy 2 a backup needs a second, distinct eligible supporter.
    """
    for key, is_covered in v.covered.items():
        if key in v.backup:
            v.model.add(is_covered + v.backup[key] <= v.eligible_sum[key])
            v.model.add(v.backup[key] <= is_covered)
        else:
            v.model.add(is_covered <= v.eligible_sum[key])


def one_duty_per_day(v: ModelVariables, instance: Instance) -> None:
    """At most `max_duties_per_day` duties on one date: support work must fit in the working day."""
    limit = instance.rules.max_duties_per_day
    for sid, slots in _by(v, instance, lambda t: instance.slots[t].date):
        if len(slots) > limit:
            v.model.add(sum(v.duty[sid, t] for t in slots) <= limit)


def weekly_duties(v: ModelVariables, instance: Instance) -> None:
    """At most the weekly duty limit per ISO week: being a supporter is a burden; limit it."""
    for sid, slots in _by(v, instance, lambda t: instance.slots[t].iso_week):
        limit = instance.rules.weekly_duties(instance.supporters[sid])
        if len(slots) > limit:
            v.model.add(sum(v.duty[sid, t] for t in slots) <= limit)


def _centi_hours(instance: Instance, t: int) -> int:
    return round(instance.slots[t].duty_hours * HOURS_SCALE)


def weekly_protected_hours(v: ModelVariables, instance: Instance) -> None:
    """Duty hours per ISO week within the supporter's protected hours: support is paid work time."""
    for sid, slots in _by(v, instance, lambda t: instance.slots[t].iso_week):
        hours = instance.rules.weekly_hours(instance.supporters[sid])
        if hours is None:
            continue
        cap = round(hours * HOURS_SCALE)
        if sum(_centi_hours(instance, t) for t in slots) > cap:
            v.model.add(sum(_centi_hours(instance, t) * v.duty[sid, t] for t in slots) <= cap)


def period_duties(v: ModelVariables, instance: Instance) -> None:
    """At most `max_duties_per_period` duties over the horizon (the coordinator's load ceiling)."""
    for sid, slots in v.slots_of.items():
        limit = instance.rules.period_duties(instance.supporters[sid])
        if limit is not None and len(slots) > limit:
            v.model.add(sum(v.duty[sid, t] for t in slots) <= limit)


def period_nights(v: ModelVariables, instance: Instance) -> None:
    """At most `max_nights_per_period` night duties: nights weigh heavier on the supporter."""
    for sid, slots in v.slots_of.items():
        limit = instance.rules.period_nights(instance.supporters[sid])
        nights = [t for t in slots if instance.slots[t].kind is SlotKind.NIGHT]
        if limit is not None and len(nights) > limit:
            v.model.add(sum(v.duty[sid, t] for t in nights) <= limit)


def consecutive_days(v: ModelVariables, instance: Instance) -> None:
    """No more than `max_consecutive_days` dates in a row with a duty: time to recover."""
    run = instance.rules.max_consecutive_days
    per_day = instance.rules.max_duties_per_day
    first = instance.slots[0].date if instance.slots else None
    for sid, slots in v.slots_of.items():
        days: dict[int, list[int]] = defaultdict(list)
        for t in slots:
            days[(instance.slots[t].date - first).days].append(t)
        worked: dict[int, cp_model.LinearExprT] = {}
        for day, day_slots in days.items():
            terms = [v.duty[sid, t] for t in day_slots]
            if per_day == 1 or len(terms) == 1:
                worked[day] = sum(terms)
            else:
                flag = v.model.new_bool_var(f"has_duty[{sid}][day {day}]")
                v.model.add_max_equality(flag, terms)
                worked[day] = flag
        for day in worked:
            window = [worked.get(day + k) for k in range(run + 1)]
            if all(w is not None for w in window):
                v.model.add(sum(window) <= run)


def max_on_duty_per_ward(v: ModelVariables, instance: Instance) -> None:
    """At most `max_on_duty_per_ward` supporters from one ward on duty at a time, so no ward loses
    several people to support work at once."""
    cap = instance.rules.max_on_duty_per_ward
    for t, sids in v.supporters_in.items():
        by_ward: dict[str, list[str]] = defaultdict(list)
        for sid in sids:
            by_ward[v.profiles[sid].home_ward].append(sid)
        for members in by_ward.values():
            if len(members) > cap:
                v.model.add(sum(v.duty[s, t] for s in members) <= cap)


def release_keeps_minimum_staffing(v: ModelVariables, instance: Instance) -> None:
    """Releasing several supporters of one ward at once never takes it below its minimum staffing.

    Extension of SPEC §3's release rule (which speaks of one supporter) to several at once.
    """
    headcount = {(w, int(t)): int(h) for w, t, h in instance.staffing[["ward", "slot", "headcount"]].itertuples(index=False)}
    for t, sids in v.supporters_in.items():
        by_ward: dict[str, list[str]] = defaultdict(list)
        for sid in sids:
            if v.via[sid, t] == "work":
                by_ward[v.profiles[sid].home_ward].append(sid)
        kind = instance.slots[t].kind
        for ward_id, members in by_ward.items():
            ward = instance.wards.get(ward_id)
            minimum = ward.min_staff(kind) if ward else None
            if minimum is None:
                continue
            spare = headcount.get((ward_id, t), 0) - minimum
            if len(members) > spare:
                v.model.add(sum(v.duty[s, t] for s in members) <= max(spare, 0))


def wards_per_duty(v: ModelVariables, instance: Instance) -> None:
    """At most `max_wards_per_duty` wards named for one duty, so one person is not everybody's call.

    Only with a limit does the model need to decide who covers which ward; it does so per class
    of interchangeable supporters (flow variables), not per supporter.
    """
    limit = instance.rules.max_wards_per_duty
    if limit is None:
        return
    by_slot: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for ward, t in v.covered:
        by_slot[t].append((ward, t))
    for t, keys in by_slot.items():
        size: dict = defaultdict(int)  # supporters of each class available in the slot
        for s in v.supporters_in.get(t, []):
            size[v.profiles[s]] += 1
        classes = list(size)  # first-seen order: a set's order would change with the hash seed
        load = {c: [] for c in classes}
        served: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        for key in keys:
            for c in classes:
                if v.fits(c, key[0]):
                    a = v.model.new_int_var(0, size[c], f"names[{c.home_ward}][{key[0]}][{t}]")
                    v.model.add(a <= v.class_sums[c, t])
                    load[c].append(a)
                    served[key].append(a)
        for c, terms in load.items():
            if terms:
                v.model.add(sum(terms) <= limit * v.class_sums[c, t])
        for key in keys:
            need = v.covered[key] + (v.backup[key] if key in v.backup else 0)
            v.model.add(sum(served[key]) >= need)


HARD_RULES: dict[str, Rule] = {
    "coverage_only_by_eligible_supporters": coverage_only_by_eligible_supporters,
    "one_duty_per_day": one_duty_per_day,
    "weekly_duties": weekly_duties,
    "weekly_protected_hours": weekly_protected_hours,
    "period_duties": period_duties,
    "period_nights": period_nights,
    "consecutive_days": consecutive_days,
    "max_on_duty_per_ward": max_on_duty_per_ward,
    "release_keeps_minimum_staffing": release_keeps_minimum_staffing,
    "wards_per_duty": wards_per_duty,
}


def add_hard_rules(v: ModelVariables, instance: Instance) -> None:
    for rule in HARD_RULES.values():
        rule(v, instance)


def apply_pins(v: ModelVariables, instance: Instance, pins: Iterable[Pin]) -> list[Pin]:
    """Locked duties stay, forbidden ones never appear. Returns the pins that name a ward.

    A lock on a duty the supporter cannot have (not at work, training expired, …) is a
    PinConflict with a message saying which pin and why, instead of an infeasible model.
    """
    problems: list[Message] = []
    ward_locks: list[Pin] = []
    for pin in pins:
        t = instance.slot_index(pin.date, pin.slot)
        var = v.duty.get((pin.supporter_id, t)) if t is not None else None
        if pin.action == "forbid":
            if var is not None:
                v.model.add(var == 0)
            continue
        if var is None:
            problems.append(
                Message(
                    severity=Severity.ERROR,
                    text_no=f"Låst vakt for {pin.supporter_id} {pin.date} {pin.slot} er ikke mulig: "
                    "personen er ikke tilgjengelig i denne vakta (ikke på jobb, utløpt opplæring, "
                    "utilgjengelig dato eller posten kan ikke avgi personen).",
                    text_en=f"Locked duty for {pin.supporter_id} {pin.date} {pin.slot} is impossible: "
                    "the person is not available in that slot (not at work, training expired, "
                    "unavailable date, or the ward cannot release them).",
                    fix_no="Fjern låsen eller velg en vakt der personen er på jobb.",
                    fix_en="Remove the lock or pick a slot where the person is at work.",
                )
            )
            continue
        v.model.add(var == 1)
        if pin.ward:
            if not eligible(instance, v.profiles[pin.supporter_id], pin.ward):
                problems.append(
                    Message(
                        severity=Severity.ERROR,
                        text_no=f"{pin.supporter_id} kan ikke låses til post {pin.ward}: egen post, "
                        "leder posten eller annet sted.",
                        text_en=f"{pin.supporter_id} cannot be locked to ward {pin.ward}: own ward, "
                        "leads it, or another site.",
                        fix_no="Velg en annen post eller fjern posten fra låsen.",
                        fix_en="Choose another ward or remove the ward from the pin.",
                    )
                )
            else:
                ward_locks.append(pin)
    if problems:
        raise PinConflict(problems)
    return ward_locks
