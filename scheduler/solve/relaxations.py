"""Each limit loosened one step, on a changed copy of the instance: what a limit costs in coverage
is measured by re-solving with it relaxed (scheduler.solve.sensitivity)."""


from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd

from scheduler.domain import Instance

if TYPE_CHECKING:

    pass


__all__ = ["unblock", "one_more", "one_more_rule", "no_limit", "ignore_minimum_staffing", "one_more_ward", "five_more_staff"]


def _with(instance: Instance, rules: dict | None = None, supporters: dict | None = None, **fields: Any) -> Instance:
    update = dict(fields)
    if rules:
        update["rules"] = instance.rules.model_copy(update=rules)
    if supporters is not None:
        update["supporters"] = supporters
    return instance.model_copy(update=update)


def _supporters_with(instance: Instance, field: str, change: Callable[[Any], Any]) -> dict:
    return {sid: s.model_copy(update={field: change(getattr(s, field))}) for sid, s in instance.supporters.items()}


def _plus_one(value: int | None) -> int | None:
    return None if value is None else value + 1


def one_more(field: str) -> Callable[[Instance], Instance]:
    """The rule's value and every supporter's own value one higher."""
    def apply(i: Instance) -> Instance:
        return _with(i, {field: getattr(i.rules, field) + 1}, _supporters_with(i, field, _plus_one))
    return apply


def one_more_rule(field: str) -> Callable[[Instance], Instance]:
    def apply(i: Instance) -> Instance:
        return _with(i, {field: getattr(i.rules, field) + 1})
    return apply


def no_limit(field: str) -> Callable[[Instance], Instance | None]:
    """Neither the rule nor any supporter sets the limit; None when nobody had one."""
    def apply(i: Instance) -> Instance | None:
        if getattr(i.rules, field) is None and all(getattr(s, field) is None for s in i.supporters.values()):
            return None
        return _with(i, {field: None}, _supporters_with(i, field, lambda _: None))
    return apply


def unblock(instance: Instance, reason: str) -> Instance:
    """Supporters blocked for `reason` ("training", "release", …) made available."""
    freed = instance.blocked[instance.blocked["reason"] == reason][["supporter_id", "slot", "via"]]
    availability = pd.concat([instance.availability, freed], ignore_index=True)
    blocked = instance.blocked[instance.blocked["reason"] != reason].reset_index(drop=True)
    return _with(instance, availability=availability, blocked=blocked)


_MINIMUMS = ("min_staff_day", "min_staff_evening", "min_staff_night")


def ignore_minimum_staffing(i: Instance) -> Instance | None:
    """No minimum staffing anywhere: whoever is at work may be released."""
    if not any(getattr(w, m) is not None for w in i.wards.values() for m in _MINIMUMS):
        return None
    wards = {wid: w.model_copy(update=dict.fromkeys(_MINIMUMS)) for wid, w in i.wards.items()}
    return unblock(_with(i, wards=wards), "release")


def one_more_ward(i: Instance) -> Instance | None:
    limit = i.rules.max_wards_per_duty
    return None if limit is None else _with(i, {"max_wards_per_duty": limit + 1})




def five_more_staff(i: Instance) -> Instance | None:
    """`max_staff_per_duty` five staff higher: a ward of a few more staff fits with another."""
    limit = i.rules.max_staff_per_duty
    return None if limit is None else _with(i, {"max_staff_per_duty": limit + 5})
