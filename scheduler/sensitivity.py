"""Which limits bind most: re-solve coverage with one limit relaxed at a time and measure the gain.

Found by measurement, not guessed: each relaxation is a real solve of tier 1 on a changed
instance, so "one more duty a week would cover 12 more ward-slots" is a fact about this turnus.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.solve import SolveControl, solve

__all__ = ["LimitEffect", "RELAXATIONS", "binding_limits"]


@dataclass(frozen=True)
class LimitEffect:
    limit: str
    label_no: str
    label_en: str
    uncovered_before: int
    uncovered_after: int
    proven: bool
    seconds: float

    @property
    def gain(self) -> int:
        return self.uncovered_before - self.uncovered_after


def _bump_supporters(instance: Instance, field: str, change: Callable[[object], object]) -> dict:
    return {sid: s.model_copy(update={field: change(getattr(s, field))}) for sid, s in instance.supporters.items()}


def _plus_one(value):
    return None if value is None else value + 1


def _with(instance: Instance, rules: dict | None = None, supporters: dict | None = None, **fields) -> Instance:
    update = dict(fields)
    if rules:
        update["rules"] = instance.rules.model_copy(update=rules)
    if supporters is not None:
        update["supporters"] = supporters
    return instance.model_copy(update=update)


def _unblock(instance: Instance, reason: str) -> Instance:
    freed = instance.blocked[instance.blocked["reason"] == reason][["supporter_id", "slot", "via"]]
    availability = pd.concat([instance.availability, freed], ignore_index=True)
    blocked = instance.blocked[instance.blocked["reason"] != reason].reset_index(drop=True)
    return _with(instance, availability=availability, blocked=blocked)


#: limit id -> (Norwegian label, English label, relaxation)
RELAXATIONS: dict[str, tuple[str, str, Callable[[Instance], Instance]]] = {
    "weekly_duties": ("Én støttevakt mer per uke", "One more duty per week", lambda i: _with(
        i, {"max_duties_per_week": i.rules.max_duties_per_week + 1}, _bump_supporters(i, "max_duties_per_week", _plus_one))),
    "consecutive_days": ("Én dag mer på rad", "One more day in a row",
                         lambda i: _with(i, {"max_consecutive_days": i.rules.max_consecutive_days + 1})),
    "one_duty_per_day": ("To støttevakter per dag", "Two duties per day",
                         lambda i: _with(i, {"max_duties_per_day": i.rules.max_duties_per_day + 1})),
    "period_nights": ("Ingen grense på netter i perioden", "No limit on nights per period", lambda i: _with(
        i, {"max_nights_per_period": None}, _bump_supporters(i, "max_nights_per_period", lambda v: None))),
    "period_duties": ("Ingen grense på vakter i perioden", "No limit on duties per period", lambda i: _with(
        i, {"max_duties_per_period": None}, _bump_supporters(i, "max_duties_per_period", lambda v: None))),
    "weekly_protected_hours": ("Ingen grense på beskyttet tid per uke", "No limit on protected hours per week", lambda i: _with(
        i, {"protected_hours_per_week": None}, _bump_supporters(i, "protected_hours_per_week", lambda v: None))),
    "max_on_duty_per_ward": ("Én mer fra samme post på vakt samtidig", "One more from the same ward on duty at once",
                             lambda i: _with(i, {"max_on_duty_per_ward": i.rules.max_on_duty_per_ward + 1})),
    "release": ("Se bort fra minstebemanning ved frigjøring", "Ignore minimum staffing when releasing",
                lambda i: _unblock(i, "release")),
    "training": ("Fornye utløpt opplæring", "Renew expired training", lambda i: _unblock(i, "training")),
}


def binding_limits(
    instance: Instance,
    uncovered_before: int,
    *,
    pins: Iterable[Pin] = (),
    seconds_each: float = 5.0,
    settings: SolverSettings | None = None,
    control: SolveControl | None = None,
) -> list[LimitEffect]:
    """Tier-1 value with each limit relaxed alone, most gain first (only when something is uncovered).

    A stop (control) ends the measuring early; the limits measured so far are returned.
    """
    if uncovered_before == 0:
        return []
    base = settings or instance.rules.solver
    effects = []
    for limit, (label_no, label_en, relax) in RELAXATIONS.items():
        if control is not None and control.stopped:
            break
        started = time.perf_counter()
        relaxed = relax(instance)
        result = solve(relaxed, pins=pins, settings=base.model_copy(update={"time_limit": seconds_each}),
                       stop_after="uncovered_ward_slots", control=control)
        if control is not None and control.stopped:
            break
        tier = result.tier("uncovered_ward_slots")
        after = int(round(tier.value)) if tier else uncovered_before
        effects.append(LimitEffect(limit, label_no, label_en, uncovered_before, after,
                                   bool(tier and tier.optimal), time.perf_counter() - started))
    return sorted(effects, key=lambda e: (-e.gain, e.limit))
