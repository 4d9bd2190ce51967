"""scheduler/check/context.py: demand and availability recomputed from the turnus, to the minute of
docs/semantics.md — night shifts, the min_overlap boundary, release, support shifts, training and
unavailable dates, headcount and home wards."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from checker_world import D1, D2, DATES, mini, world

from scheduler.check.context import build_context
from scheduler.domain import Rules, Ward


def test_night_shift_belongs_to_its_start_date_and_crosses_midnight() -> None:
    ctx = build_context(world())
    night = ctx.slot_at[(D1, "natt")]
    assert night.end == dt.datetime(2027, 1, 5, 7, 0)
    assert ctx.demand[("B", night.index)] == 1  # b3, N 22:45–07:15
    assert ctx.demand[("B", ctx.slot_at[(D2, "dag")].index)] == 4  # b3's night does not reach 08:00
    assert ("B", ctx.slot_at[(D2, "natt")].index) not in ctx.demand
    assert ctx.available[("003", night.index)] == "work"


@pytest.mark.parametrize(("end_min", "qualifies"), [(1440 + 690, True), (1440 + 689, False)])
def test_night_reaches_next_morning_only_with_half_the_slot(end_min: int, qualifies: bool) -> None:
    # 22:00 → 11:30 overlaps next day's dag 08:00–15:00 by 210 of 420 minutes: exactly 50 %.
    inputs = mini({"x": ["N", "F"], "s": ["F", "F"]}, {"x": "X", "s": "Y"}, times={"N": (1320, end_min)})
    ctx = build_context(inputs)
    assert (("X", ctx.slot_at[(D2, "dag")].index) in ctx.demand) is qualifies
    assert ("X", ctx.slot_at[(D1, "natt")].index) in ctx.demand


@pytest.mark.parametrize(("start", "dag", "kveld"), [(690, True, True), (691, False, True)])
def test_min_overlap_boundary_is_inclusive(start: int, dag: bool, kveld: bool) -> None:
    # 11:30–19:00: dag overlap 210/420 (50 %), kveld 15:30–19:00 = 210/390.
    inputs = mini({"x": ["D", "F"], "s": ["F", "F"]}, {"x": "X", "s": "Y"}, times={"D": (start, 1140)})
    ctx = build_context(inputs)
    assert (("X", ctx.slot_at[(D1, "dag")].index) in ctx.demand) is dag
    assert (("X", ctx.slot_at[(D1, "kveld")].index) in ctx.demand) is kveld


@pytest.mark.parametrize(("minimum", "available"), [(2, True), (3, False)])
def test_release_rule_with_minimum_staffing(minimum: int, available: bool) -> None:
    inputs = mini({"x1": ["D", "D"], "x2": ["D", "D"], "s": ["D", "D"]}, {"x1": "X", "x2": "X", "s": "X"},
                  wards={"X": Ward(ward_id="X", min_staff_day=minimum)})
    ctx = build_context(inputs)
    t = ctx.slot_at[(D1, "dag")].index
    assert ctx.staff[("X", t)] == 3
    assert ((("s", t) in ctx.available) is available)
    assert available or ctx.blocked[("s", t)] == "release"


def test_support_shift_needs_no_release_and_creates_no_demand() -> None:
    inputs = mini({"x1": ["D", "D"], "s": ["KS", "D"]}, {"x1": "X", "s": "X"},
                  wards={"X": Ward(ward_id="X", min_staff_day=5)})
    ctx = build_context(inputs)
    d1, d2 = ctx.slot_at[(D1, "dag")].index, ctx.slot_at[(D2, "dag")].index
    assert ctx.available[("s", d1)] == "support"
    assert ctx.demand[("X", d1)] == 1  # the KS shift is not ward work
    assert ctx.blocked[("s", d2)] == "release"  # a work shift on day 2 needs release: 2 − 1 < 5


def test_training_expiry_and_unavailable_dates() -> None:
    codes, home = {"s": ["D", "D", "D"]}, {"s": "Y"}
    ctx = build_context(mini(codes, home, dates=DATES,
                             supporter={"training_valid_until": D2, "unavailable": frozenset({D1})}))
    d1, d2, d3 = (ctx.slot_at[(d, "dag")].index for d in DATES)
    assert ctx.blocked[("s", d1)] == "unavailable"
    assert ctx.available[("s", d2)] == "work"  # valid through its last day
    assert ctx.blocked[("s", d3)] == "training"


def test_headcount_counts_people_and_horizon_and_needs_coverage() -> None:
    inputs = mini({"x": ["D", "D"], "s": ["D", "D"]}, {"x": "X", "s": "Y"},
                  wards={"Y": Ward(ward_id="Y", needs_coverage=False)})
    extra = inputs.turnus.iloc[[0]].assign(shift_code="D2")  # a second row for x on day 1
    inputs.turnus = pd.concat([inputs.turnus, extra], ignore_index=True)
    inputs.rules = Rules(horizon_start=D2)
    ctx = build_context(inputs)
    assert [s.date for s in ctx.slots] == [D2, D2, D2] and ctx.slots[0].index == 0
    assert ctx.demand == {("X", 0): 1}
    assert ctx.staff[("Y", 0)] == 1  # counted for the release rule, though Y needs no cover
    inputs.rules = Rules()
    assert build_context(inputs).demand[("X", 0)] == 1  # x twice on day 1 is one person


def test_home_ward_falls_back_to_most_frequent_turnus_ward() -> None:
    inputs = mini({"s": ["D", "D"]}, {"s": "Y"})
    inputs.turnus.loc[0, "ward"] = "Z"
    inputs.employees = {}
    assert build_context(inputs).home["s"] == "Y"  # Y and Z once each: alphabetically first
