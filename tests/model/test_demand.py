"""Demand and availability on small rosters where the answer is known (docs/semantics.md)."""

from __future__ import annotations

import datetime as dt

from conftest import MONDAY, days, make_inputs

from scheduler.domain import Rules, Supporter, Ward
from scheduler.model.demand import build_instance


def _slot(instance, date: dt.date, name: str) -> int:
    return next(s.index for s in instance.slots if s.date == date and s.name == name)


def _demand(instance) -> dict[tuple[str, int], int]:
    return {(w, int(t)): int(h) for w, t, h in instance.demand[["ward", "slot", "headcount"]].itertuples(index=False)}


def test_night_shift_belongs_to_the_night_slot_of_its_start_date() -> None:
    inst = build_instance(make_inputs([("n1", "A", MONDAY, "N"), ("x", "A", MONDAY + dt.timedelta(days=1), "F")], []))
    assert _demand(inst) == {("A", _slot(inst, MONDAY, "natt")): 1}


def test_day_shift_covers_day_slot_only() -> None:
    inst = build_instance(make_inputs([("d1", "A", MONDAY, "D"), ("d2", "A", MONDAY, "D")], []))
    assert _demand(inst) == {("A", _slot(inst, MONDAY, "dag")): 2}


def test_min_overlap_boundary_counts_exactly_half() -> None:
    # A (15:00-22:30) overlaps kveld 15:30-22:00 fully; with a 2-hour dag-overlap it would not count.
    rules = Rules(min_overlap=0.5)
    inst = build_instance(make_inputs([("a1", "A", MONDAY, "A")], [], rules=rules))
    assert set(_demand(inst)) == {("A", _slot(inst, MONDAY, "kveld"))}


def test_off_and_absence_create_no_demand() -> None:
    inst = build_instance(make_inputs([("f", "A", MONDAY, "F"), ("fe", "A", MONDAY, "FE")], []))
    assert inst.demand.empty


def test_ward_without_need_for_coverage_has_no_demand_but_staffing() -> None:
    wards = [Ward(ward_id="ADM", needs_coverage=False)]
    inst = build_instance(make_inputs([("d1", "ADM", MONDAY, "D")], [], wards=wards))
    assert inst.demand.empty
    assert inst.staffing["headcount"].tolist() == [1]


def test_supporter_available_only_where_at_work() -> None:
    inst = build_instance(make_inputs([("s", "A", MONDAY, "D"), ("s", "A", MONDAY + dt.timedelta(days=1), "F")], ["s"]))
    assert inst.availability[["supporter_id", "slot", "via"]].values.tolist() == [["s", _slot(inst, MONDAY, "dag"), "work"]]


def test_expired_training_blocks_after_the_last_valid_day() -> None:
    supporter = Supporter(employee_id="s", training_valid_until=MONDAY)
    inst = build_instance(make_inputs([("s", "A", d, "D") for d in days(2)], [supporter]))
    assert inst.availability["slot"].tolist() == [_slot(inst, MONDAY, "dag")]
    assert inst.blocked["reason"].tolist() == ["training"]


def test_unavailable_date_blocks() -> None:
    supporter = Supporter(employee_id="s", unavailable=frozenset({MONDAY}))
    inst = build_instance(make_inputs([("s", "A", d, "D") for d in days(2)], [supporter]))
    assert inst.availability["slot"].tolist() == [_slot(inst, MONDAY + dt.timedelta(days=1), "dag")]
    assert inst.blocked["reason"].tolist() == ["unavailable"]


def test_release_rule_keeps_minimum_staffing() -> None:
    rows = [("s", "A", MONDAY, "D"), ("o1", "A", MONDAY, "D"), ("o2", "A", MONDAY, "D")]
    can_release = build_instance(make_inputs(rows, ["s"], wards=[Ward(ward_id="A", min_staff_day=2)]))
    cannot = build_instance(make_inputs(rows, ["s"], wards=[Ward(ward_id="A", min_staff_day=3)]))
    assert len(can_release.availability) == 1
    assert cannot.availability.empty and cannot.blocked["reason"].tolist() == ["release"]


def test_support_shift_needs_no_release_and_creates_no_demand() -> None:
    rows = [("s", "A", MONDAY, "KS"), ("o1", "A", MONDAY, "D")]
    inst = build_instance(make_inputs(rows, ["s"], wards=[Ward(ward_id="A", min_staff_day=1)]))
    assert inst.availability["via"].tolist() == ["support"]
    assert _demand(inst) == {("A", _slot(inst, MONDAY, "dag")): 1}


def test_horizon_from_rules_limits_slots() -> None:
    rules = Rules(horizon_start=MONDAY + dt.timedelta(days=1), horizon_end=MONDAY + dt.timedelta(days=1))
    inst = build_instance(make_inputs([("d", "A", d, "D") for d in days(3)], [], rules=rules))
    assert {s.date for s in inst.slots} == {MONDAY + dt.timedelta(days=1)}
    assert len(inst.demand) == 1


def test_profession_is_the_most_common_at_work() -> None:
    rows = [("l1", "A", MONDAY, "D"), ("s1", "A", MONDAY, "D"), ("s2", "A", MONDAY, "D")]
    professions = {"l1": "lege", "s1": "sykepleier", "s2": "sykepleier"}
    inst = build_instance(make_inputs(rows, [], professions=professions))
    assert inst.demand["profession"].tolist() == ["sykepleier"]
