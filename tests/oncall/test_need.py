"""Which slots need an on-call supporter: those a ward is left without a supporter on site, and
nights and public holidays only when the rules ask."""

from __future__ import annotations

import datetime as dt

from oncall_world import on_call_world

from scheduler.domain import OnCallRules
from scheduler.model.demand import build_instance
from scheduler.oncall.need import needed_slots, public_holidays
from scheduler.solve.plan import make_plan


def _needs(rules: OnCallRules):
    inputs = on_call_world(2, on_call=rules)
    instance = build_instance(inputs)
    plan = make_plan(instance, measure_limits=False)
    return instance, needed_slots(instance, plan.rota.assignments, rules)


def test_the_uncovered_nights_need_someone_on_call_with_their_wards() -> None:
    instance, needs = _needs(OnCallRules())
    assert [(instance.slots[n.t].label, n.why, n.wards) for n in needs] == [
        ("2027-01-04 natt", "uncovered", ("A",)), ("2027-01-05 natt", "uncovered", ("A",))]


def test_every_night_only_when_asked() -> None:
    _, needs = _needs(OnCallRules(also_nights=True))
    assert [n.why for n in needs] == ["uncovered", "uncovered"]  # the nights are uncovered anyway


def test_public_holidays_are_norways_without_sundays() -> None:
    days = {dt.date(2027, 5, 9), dt.date(2027, 5, 16), dt.date(2027, 5, 17), dt.date(2027, 12, 25), dt.date(2027, 1, 5)}
    assert public_holidays(days) == {dt.date(2027, 5, 16), dt.date(2027, 5, 17), dt.date(2027, 12, 25)}  # Pentecost, not any Sunday
