"""`max_staff_per_duty` (scheduler.solve.limits `_staff_per_duty`, scheduler.solve.assign_packed):
no duty is the call for more staff than the cap — every rota here passed by the independent
checker, which counts each duty's staff from the turnus."""

from __future__ import annotations

import pytest
from conftest import days, make_inputs, plan_and_verify
from pydantic import ValidationError

from scheduler.domain import Rules
from scheduler.model.demand import build_instance
from scheduler.solve.assign_packed import add_duties_for_packing, name_packed
from scheduler.solve.sensitivity import RELAXATIONS

_FREE = {"max_duties_per_week": 7, "max_consecutive_days": 31}


def _rows(n_days: int, wards: dict[str, int]) -> list:
    rows = []
    for date in days(n_days):
        for ward, n in wards.items():
            rows += [(f"{ward.lower()}{i}", ward, date, "D") for i in range(n)]
        rows += [("x", "X", date, "D"), ("y", "Y", date, "D"), ("z", "Z", date, "D")]
    return rows


def _staff_of_duties(plan) -> dict:
    staff = {}
    demand = {(w, int(t)): int(h) for w, t, h in plan.instance.demand[["ward", "slot", "headcount"]].itertuples(index=False)}
    index = {(s.date.isoformat(), s.name): t for t, s in enumerate(plan.instance.slots)}
    for sid, date, slot, wards in plan.rota.duties[["supporter_id", "date", "slot", "wards_covered"]].itertuples(index=False):
        staff[sid, date] = sum(demand[w, index[date, slot]] for w in wards.split(";") if w)
    return staff


def test_the_cap_spreads_the_wards_over_more_duties_and_still_covers_all() -> None:
    rows = _rows(2, {"A": 3, "B": 3, "C": 3})
    capped, _ = plan_and_verify(make_inputs(rows, ["x", "y", "z"], rules=Rules(max_staff_per_duty=6, **_FREE)), time_limit=5)
    free, _ = plan_and_verify(make_inputs(rows, ["x", "y", "z"], rules=Rules(**_FREE)), time_limit=5)
    assert len(capped.rota.uncovered) == 0
    assert max(_staff_of_duties(capped).values()) <= 6 < max(_staff_of_duties(free).values())
    assert len(capped.rota.duties) > len(free.rota.duties)


def test_a_ward_with_more_staff_than_the_cap_stays_uncovered_with_its_reason() -> None:
    plan, _ = plan_and_verify(make_inputs(_rows(1, {"A": 7}), ["x", "y", "z"], rules=Rules(max_staff_per_duty=6, **_FREE)),
                              time_limit=5)
    uncovered = plan.rota.uncovered
    assert list(uncovered["ward"]) == ["A"]
    reason = plan.rota.reasons["A", 0]
    assert reason.code == "staff_above_cap" and "7" in reason.text_en and "max_staff_per_duty = 6" in reason.text_en
    assert plan.summary["tiers"][0]["value"] == 1  # the model counts it uncovered too


def test_where_the_wards_do_not_pack_a_duty_is_added_within_the_limits() -> None:
    # A, B, C have 4 staff each, X, Y, Z 1 each; cap 8. x and y alone: x never covers X, y never Y,
    # so one of them is left over; z (from Z) can take it.
    instance = build_instance(make_inputs(_rows(1, {"A": 4, "B": 4, "C": 4}), ["x", "y", "z"],
                                          rules=Rules(max_staff_per_duty=8, **_FREE)))
    two = {("x", 0), ("y", 0)}
    assert len(name_packed(instance, two)) == 5  # six wards, one left over
    repaired = add_duties_for_packing(instance, two)
    assert repaired == two | {("z", 0)}
    named = name_packed(instance, repaired)
    assert len(named) == 6


def test_the_relaxation_is_five_more_staff_and_only_when_set() -> None:
    instance = build_instance(make_inputs(_rows(1, {"A": 2}), ["x", "y"], rules=Rules(max_staff_per_duty=10)))
    assert RELAXATIONS["staff_per_duty"].apply(instance).rules.max_staff_per_duty == 15
    assert RELAXATIONS["staff_per_duty"].apply(build_instance(make_inputs(_rows(1, {"A": 2}), ["x", "y"]))) is None


@pytest.mark.parametrize(("field", "value"), [("max_staff_per_duty", 0), ("fair_share_basis", "staff")])
def test_bad_values_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError, match=field):
        Rules(**{field: value})


def test_coverage_counted_without_a_model_sees_the_cap() -> None:
    # x covers A, B, C (4 staff each) and Y, Z alone: 14 staff, cap 8 — some must stay uncovered,
    # so dropping y and z (the spare duties by eligibility alone) is seen to lose coverage.
    from scheduler.solve.coverage_count import count_coverage

    instance = build_instance(make_inputs(_rows(1, {"A": 4, "B": 4, "C": 4}), ["x", "y", "z"],
                                          rules=Rules(max_staff_per_duty=8, **_FREE)))
    alone = count_coverage(instance, {("x", 0)})
    assert alone.uncovered_ward_slots == 1 + 2  # X (x's own) + the two largest beyond 8 staff
    assert count_coverage(instance, {("x", 0), ("y", 0), ("z", 0)}).uncovered_ward_slots == 0
