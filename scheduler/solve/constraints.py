"""The rota's hard rules added to its CP-SAT model, and the user's pins.

Every rule is defined once in :mod:`scheduler.solve.limits` (constraint, check, reason text,
relaxation); this module adds them all to the model of a rota. Availability is already in the
variables: a duty variable exists only where a supporter is available (docs/semantics.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from scheduler.domain import Instance, Pin
from scheduler.errors import Message, PinConflict, Severity
from scheduler.model.eligibility import eligible
from scheduler.solve.limit_parts import Duty, LimitContext
from scheduler.solve.limits import HARD_RULES
from scheduler.solve.variables import ModelVariables

__all__ = ["HARD_RULES", "add_hard_rules", "apply_pins"]


def add_hard_rules(v: ModelVariables, instance: Instance, fixed: Iterable[Duty] = (),
                   check: Callable[[str], None] | None = None) -> None:
    """Every hard rule of :data:`scheduler.solve.limits.HARD_RULES`, in order. `fixed` duties (a
    published rota) count against the limits without being variables of the model. `check` is
    called before each rule (none takes half a second at a trust's year): it raises to stop."""
    context = LimitContext(instance)
    fixed = tuple(fixed)
    for rule in HARD_RULES.values():
        if check is not None:
            check(f"rule {rule.id}")
        rule.constrain(v, context, fixed)


def _who(instance: Instance, supporter_id: str) -> str:
    """A person as a message names them: «Kari Hansen (11468)», or the id alone without a name."""
    person = instance.employees.get(supporter_id)
    return f"{person.name} ({supporter_id})" if person is not None and person.name else supporter_id


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
            who, day = _who(instance, pin.supporter_id), f"{pin.date:%d.%m.%Y}"
            problems.append(
                Message(
                    severity=Severity.ERROR,
                    text_no=f"Låst støttevakt for {who} {day} ({pin.slot}) er ikke mulig: "
                    "personen er ikke tilgjengelig i denne vakta (ikke på jobb, utløpt opplæring, "
                    "utilgjengelig dato eller posten kan ikke avgi personen).",
                    text_en=f"Locked duty for {who} on {pin.date:%Y-%m-%d} ({pin.slot}) is impossible: "
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
                        text_no=f"{_who(instance, pin.supporter_id)} kan ikke låses til post {pin.ward}: egen post, "
                        "leder posten eller annet sted.",
                        text_en=f"{_who(instance, pin.supporter_id)} cannot be locked to ward {pin.ward}: own ward, "
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
