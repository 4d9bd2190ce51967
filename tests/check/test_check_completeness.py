"""scheduler/check/completeness.py: pins kept, every ward-slot needing cover reported once, backups as
the rules allow, and duties.csv agreeing with assignments.csv — in the three-day world of checker_world.py."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest
from checker_world import (
    BASE_RULES,
    D1,
    D2,
    Case,
    assert_caught_by_its_check,
    frames,
    rules_hit,
    valid_plan,
    verify_edited,
    world,
)

from scheduler.check.report import verify
from scheduler.domain import Pin

CASES: list[Case] = [
    # (name, world kwargs, plan edit, rule, supporter, date)
    ("lock not kept", {"pins": [Pin(supporter_id="001", date=D2, slot="dag", action="lock")]}, lambda p: p,
     "pins", "001", D2),
    ("forbidden duty", {"pins": [Pin(supporter_id="005", date=D1, slot="kveld", action="forbid")]},
     lambda p: p, "pins", "005", D1),
    ("lock to ward", {"pins": [Pin(supporter_id="002", date=D1, slot="dag", action="lock", ward="C")]},
     lambda p: p, "pins", "002", D1),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_pin_breach_is_caught_by_its_check(case: Case) -> None:
    assert_caught_by_its_check(case)


@pytest.mark.parametrize(
    ("name", "edit", "needle"),
    [
        ("missing row", lambda a: a[~((a["date"] == "2027-01-05") & (a["slot"] == "kveld") & (a["ward"] == "B"))],
         "no row"),
        ("duplicate row", lambda a: pd.concat([a, a.iloc[[0]]]), "2 primary rows"),
        ("uncovered without reason", lambda a: a.assign(reason=""), "without a reason"),
        ("no demand", lambda a: pd.concat([a, pd.DataFrame([{"date": "2027-01-04", "slot": "kveld", "ward": "A",
                                                             "supporter_id": "", "role": "primary",
                                                             "reason": "x"}])]), "needs no cover"),
        ("unknown slot", lambda a: a.replace({"slot": {"natt": "nat"}}), "not a slot"),
        ("bad role", lambda a: a.replace({"role": {"primary": "main"}}), "unknown role"),
    ],
)
def test_every_demand_ward_slot_reported(name: str, edit: Callable[[pd.DataFrame], pd.DataFrame],
                                         needle: str) -> None:
    report = verify_edited(edit)
    assert "every_demand_ward_slot_reported" in rules_hit(report)
    assert any(needle in v.text_en for v in report.violations if v.rule == "every_demand_ward_slot_reported")


def test_backups_only_with_redundancy_two_and_never_the_primary() -> None:
    backup = {(D2, "dag", "C"): "002"}
    report = verify_edited(lambda a: a, backups=backup)
    assert rules_hit(report) == {"every_demand_ward_slot_reported"}
    assert "redundancy is 1" in report.violations[0].text_en

    two = BASE_RULES.model_copy(update={"redundancy": 2})
    report = verify_edited(lambda a: a, rules=two, backups=backup)
    assert report.ok and report.counts["missing_backup"] == 12
    assert report.coverage.set_index(["date", "slot", "ward"]).loc[("2027-01-05", "dag", "C"), "has_backup"]

    report = verify_edited(lambda a: a, rules=two, backups={(D1, "dag", "A"): "002"})
    assert rules_hit(report) == {"every_demand_ward_slot_reported"}
    (v,) = report.violations
    assert v.supporter_id == "002" and "both primary and backup" in v.text_en


@pytest.mark.parametrize(
    ("column", "value", "needle"),
    [("end", "2027-01-06T14:00:00", "start/end"), ("hours", "2,50", "hours"), ("home_ward", "C", "home ward"),
     ("wards_covered", "B", "wards_covered"), ("date", "06.01.2027", "not a slot")],
)
def test_duty_rows_consistent(column: str, value: str, needle: str) -> None:
    assignments, duties = frames(valid_plan())
    row = duties.index[(duties["supporter_id"] == "002") & (duties["date"] == "2027-01-06")][0]
    duties.loc[row, column] = value
    report = verify(world(), assignments, duties)
    rules = rules_hit(report)
    assert "duty_rows_consistent" in rules
    # A duty row on an unreadable date leaves the assignments without their duty row.
    assert rules <= {"duty_rows_consistent", "named_supporter_on_duty"}
    (v,) = [v for v in report.violations if v.rule == "duty_rows_consistent"]
    assert v.supporter_id == "002" and needle in v.text_en and "002" in v.text_no


def test_duplicate_duty_row() -> None:
    assignments, duties = frames(valid_plan())
    report = verify(world(), assignments, pd.concat([duties, duties.iloc[[0]]]))
    assert rules_hit(report) == {"duty_rows_consistent"}
    assert "more than once" in report.violations[0].text_en
