"""Which other weeks a local re-plan re-opens (scheduler.solve.replan_movers): those where a
supporter held from a lost ward-slot only by a period limit may free a duty — a spare one first,
then one someone else may take over, nearest first."""

from __future__ import annotations

from conftest import days, make_inputs

from scheduler.domain import Rules, Supporter
from scheduler.model.demand import build_instance
from scheduler.solve.replan_movers import joined, mover_weeks


def _instance(limit: int, unavailable: int = 33):
    d = days(42)
    rows = [("a0", "A", date, "D") for date in d] + [("b2", "B", date, "D") for date in d]
    rows += [("b1" if date.weekday() < 4 else "b3", "B", date, "D") for date in d]
    supporters = ["b1", Supporter(employee_id="b2", max_duties_per_period=limit),
                  Supporter(employee_id="b3", unavailable=frozenset({d[unavailable]}))]
    instance = build_instance(make_inputs(rows, supporters, rules=Rules(max_duties_per_week=4, max_consecutive_days=4)))
    rota = {("b1" if date.weekday() < 4 else "b3", instance.slot_index(date, "dag")) for date in d if date != d[33]}
    return instance, d, rota


def test_the_week_of_a_duty_someone_else_may_take_over() -> None:
    instance, d, rota = _instance(1)
    rota = (rota - {("b3", instance.slot_index(d[5], "dag"))}) | {("b2", instance.slot_index(d[5], "dag"))}
    lost = [("A", instance.slot_index(d[33], "dag"))]
    assert mover_weeks(instance, rota, [(28, 35)], lost, set()) == [(0, 7)]
    forbidden = {("b3", instance.slot_index(d[5], "dag"))}  # nobody else may take it: no week helps
    assert mover_weeks(instance, rota, [(28, 35)], lost, forbidden) == []


def test_a_spare_duty_comes_before_a_nearer_one_to_take_over() -> None:
    instance, d, rota = _instance(2)
    b2 = {("b2", instance.slot_index(d[5], "dag")), ("b2", instance.slot_index(d[26], "dag"))}
    rota = (rota - {("b3", instance.slot_index(d[5], "dag"))}) | b2  # on day 26 b3 covers A too: b2's is spare
    lost = [("A", instance.slot_index(d[33], "dag"))]
    assert mover_weeks(instance, rota, [(28, 35)], lost, set()) == [(21, 28)]


def test_runs_of_days_are_joined_where_they_touch() -> None:
    assert joined([(28, 35)], [(0, 7), (21, 28)]) == [(0, 7), (21, 35)]


def test_a_locked_duty_is_never_the_one_freed() -> None:
    instance, d, rota = _instance(1)
    b2 = ("b2", instance.slot_index(d[5], "dag"))
    rota = (rota - {("b3", instance.slot_index(d[5], "dag"))}) | {b2}
    assert mover_weeks(instance, rota, [(28, 35)], [("A", instance.slot_index(d[33], "dag"))], set(), {b2}) == []
