"""The independent checker: a valid hand-made rota passes, and each hard rule catches its breach.

The world (Mon 2027-01-04 .. Wed 2027-01-06, wards A, B, C):

    staff      a1 a2 (A) D · b1 b2 (B) D · b3 (B) N on day 1 · c1 (C) D · c2 (C) A (evening)
    supporters 001 004 (A) D · 002 (B) D · 003 (C) N day 1, D days 2–3 · 005 (B) LD 08–22

Demand per day: dag A, B, C; kveld B (005 itself) and C; natt B and C on day 1 only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest

import scheduler.check.completeness as completeness
import scheduler.check.eligibility as eligibility
import scheduler.check.limits as limits
from scheduler.check import calendars, changes, excel, notices, output_files, summary, tables
from scheduler.check.context import build_context
from scheduler.check.folder import OUTPUT_CHECKS, compare_input_checksums, verify_dir
from scheduler.check.report import VerifyReport, format_verify_report, verify
from scheduler.check.rules import HARD_RULE_CHECKS
from scheduler.check.written import parse_rota
from scheduler.domain import TURNUS_COLUMNS, Employee, Pin, Rules, Supporter, Ward
from scheduler.io.types import Inputs

D1, D2, D3 = dt.date(2027, 1, 4), dt.date(2027, 1, 5), dt.date(2027, 1, 6)
DATES = (D1, D2, D3)
SHIFTS = {  # code -> (kind, start_min, end_min)
    "D": ("work", 420, 900),
    "A": ("work", 900, 1350),
    "N": ("work", 1365, 1875),
    "LD": ("work", 480, 1320),
    "KS": ("support", 480, 930),
    "F": ("off", None, None),
}
HOME = {"a1": "A", "a2": "A", "b1": "B", "b2": "B", "b3": "B", "c1": "C", "c2": "C",
        "001": "A", "002": "B", "003": "C", "004": "A", "005": "B"}
BASE_RULES = Rules(max_consecutive_days=3)


def turnus_rows(codes: dict[str, list[str]], home: dict[str, str] | None = None,
                dates: tuple[dt.date, ...] = DATES) -> pd.DataFrame:
    """A turnus in TURNUS_COLUMNS form from {employee: [code per date]}."""
    home = home or HOME
    rows = []
    for emp, per_day in codes.items():
        for date, code in zip(dates, per_day, strict=True):
            kind, start, end = SHIFTS[code]
            rows.append({"employee_id": emp, "date": pd.Timestamp(date), "shift_code": code, "kind": kind,
                         "start_min": start, "end_min": end, "ward": home[emp], "name": "",
                         "profession": "sykepleier", "source": "test.csv", "row": len(rows) + 2})
    frame = pd.DataFrame(rows, columns=list(TURNUS_COLUMNS))
    frame["start_min"] = frame["start_min"].astype("Float64")
    frame["end_min"] = frame["end_min"].astype("Float64")
    return frame


def world_codes() -> dict[str, list[str]]:
    return {
        "a1": ["D"] * 3, "a2": ["D"] * 3, "b1": ["D"] * 3, "b2": ["D"] * 3, "b3": ["N", "F", "F"],
        "c1": ["D"] * 3, "c2": ["A"] * 3,
        "001": ["D"] * 3, "002": ["D"] * 3, "003": ["N", "D", "D"], "004": ["D"] * 3, "005": ["LD"] * 3,
    }


def world(rules: Rules = BASE_RULES, wards: dict[str, Ward] | None = None,
          supporters: dict[str, dict] | None = None, codes: dict[str, list[str]] | None = None,
          pins: list[Pin] | None = None) -> Inputs:
    extra = supporters or {}
    return Inputs(
        turnus=turnus_rows(codes or world_codes()),
        employees={e: Employee(employee_id=e, name=f"Navn {e}", ward=w) for e, w in HOME.items()},
        supporters={s: Supporter(employee_id=s, **extra.get(s, {})) for s in ("001", "002", "003", "004", "005")},
        wards=wards or {},
        rules=rules,
        pins=pins or [],
    )


Plan = dict[tuple[dt.date, str, str], str | None]


def valid_plan() -> Plan:
    return {
        (D1, "dag", "A"): "002", (D1, "dag", "B"): "001", (D1, "dag", "C"): "001",
        (D1, "kveld", "B"): None, (D1, "kveld", "C"): "005",
        (D1, "natt", "B"): "003", (D1, "natt", "C"): None,
        (D2, "dag", "A"): "003", (D2, "dag", "B"): "003", (D2, "dag", "C"): "004",
        (D2, "kveld", "B"): None, (D2, "kveld", "C"): "005",
        (D3, "dag", "A"): "002", (D3, "dag", "B"): "004", (D3, "dag", "C"): "002",
        (D3, "kveld", "B"): None, (D3, "kveld", "C"): "005",
    }


def frames(plan: Plan, backups: Plan | None = None, rules: Rules = BASE_RULES) -> tuple[pd.DataFrame, pd.DataFrame]:
    """assignments.csv and duties.csv (docs/outputs.md) written consistently from a plan."""
    assignments, named = [], {}
    for role, part in (("primary", plan), ("backup", backups or {})):
        for (date, slot, ward), sid in part.items():
            assignments.append({"date": date.isoformat(), "slot": slot, "ward": ward, "supporter_id": sid or "",
                                "role": role, "reason": "" if sid else "ingen kvalifisert kollegastøtte"})
            if sid:
                named.setdefault((sid, date, slot), set()).add(ward)
    duties = []
    for (sid, date, slot_name), wards in sorted(named.items()):
        slot = rules.slot_def(slot_name).on(date, 0)
        duties.append({"supporter_id": sid, "name": f"Navn {sid}", "home_ward": HOME[sid],
                       "date": date.isoformat(), "slot": slot_name, "start": slot.start.isoformat(),
                       "end": slot.end.isoformat(), "wards_covered": ";".join(sorted(wards)),
                       "hours": f"{slot.duty_hours:.2f}"})
    return pd.DataFrame(assignments), pd.DataFrame(duties)


def rules_hit(report: VerifyReport) -> set[str]:
    return {v.rule for v in report.violations}


def slot_index(inputs: Inputs, date: dt.date, name: str) -> int:
    return build_context(inputs).slot_at[(date, name)].index


# --- the valid rota ----------------------------------------------------------------------------


def test_valid_rota_passes_with_counts_and_burden() -> None:
    report = verify(world(), *frames(valid_plan()))
    assert report.violations == [], format_verify_report(report, "en")
    assert report.ok
    assert report.counts == {"ward_slots": 17, "uncovered": 4, "uncovered_staff_shifts": 4,
                             "missing_backup": 0, "duties": 10}
    burden = report.burden.set_index("supporter_id")
    assert burden.loc["005", "duties"] == 3 and burden.loc["005", "hours"] == 3.0
    assert burden.loc["003", "nights"] == 1 and burden.loc["001", "duties"] == 1
    cov = report.coverage.set_index(["date", "slot", "ward"])
    assert cov.loc[("2027-01-04", "dag", "A"), "headcount"] == 4
    assert cov.loc[("2027-01-04", "dag", "A"), "supporter_id"] == "002"
    assert not cov.loc[("2027-01-04", "natt", "C"), "covered"]
    assert "Ingen brudd på harde regler" in format_verify_report(report)
    assert "No hard-rule violations" in format_verify_report(report, "en")


def test_every_rule_has_its_check() -> None:
    assert set(HARD_RULE_CHECKS) == {name.removeprefix("check_") for module in (eligibility, limits, completeness)
                                     for name in dir(module) if name.startswith("check_")}
    assert all(fn.__name__ == f"check_{rule}" for rule, fn in HARD_RULE_CHECKS.items())
    compares = {name for module in (output_files, tables, notices, calendars, excel, summary, changes)
                for name in dir(module) if name.startswith("compare_")}
    assert {fn.__name__ for fn in OUTPUT_CHECKS.values()} == compares
    assert not set(OUTPUT_CHECKS) & set(HARD_RULE_CHECKS)


def _hard(report: VerifyReport) -> list:
    return [v for v in report.violations if v.rule in HARD_RULE_CHECKS]


def test_verify_dir_keeps_leading_zeros(tmp_path) -> None:
    assignments, duties = frames(valid_plan())
    assignments.to_csv(tmp_path / "assignments.csv", index=False)
    duties.to_csv(tmp_path / "duties.csv", index=False)
    report = verify_dir(tmp_path, world())
    assert _hard(report) == []
    # Only the two tables were written: every other file of a rota is reported missing.
    missing = {v.file for v in report.violations if v.rule == "outputs_present"}
    assert {"coverage.csv", "burden.csv", "summary.json", "rota.xlsx", "notices/", "calendars/"} <= missing
    broken = dict(valid_plan())
    broken[(D1, "dag", "A")] = "001"  # own ward
    assignments, duties = frames(broken)
    assignments.to_csv(tmp_path / "assignments.csv", index=False)
    duties.to_csv(tmp_path / "duties.csv", index=False)
    report = verify_dir(tmp_path, world())
    assert [v.supporter_id for v in _hard(report)] == ["001"]


def test_verify_dir_names_a_missing_file(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="assignments.csv"):
        verify_dir(tmp_path, world())


# --- each rule caught by its own check -------------------------------------------------------


def _replace(**changes: str | None) -> Callable[[Plan], Plan]:
    """Plan edits written as d1_dag_A="001"."""
    def edit(plan: Plan) -> Plan:
        plan = dict(plan)
        for key, sid in changes.items():
            day, slot, ward = key.split("_")
            plan[(DATES[int(day[1]) - 1], slot, ward)] = sid
        return plan
    return edit


Case = tuple[str, dict, Callable[[Plan], Plan], str, str, dt.date]
CASES: list[Case] = [
    # (name, world kwargs, plan edit, rule, supporter, date)
    ("own ward", {}, _replace(d1_dag_A="001"), "never_covers_own_ward", "001", D1),
    ("own department",
     {"rules": BASE_RULES.model_copy(update={"separation": "department"}),
      "wards": {"A": Ward(ward_id="A", department="med"), "B": Ward(ward_id="B", department="med"),
                "C": Ward(ward_id="C", department="kir")}},
     lambda p: p, "never_covers_own_ward", "002", D1),
    ("led ward", {"supporters": {"003": {"leads_wards": frozenset({"A"})}}}, lambda p: p,
     "never_covers_led_ward", "003", D2),
    ("other site",
     {"rules": BASE_RULES.model_copy(update={"same_site": True}),
      "wards": {"A": Ward(ward_id="A", site="nord"), "B": Ward(ward_id="B", site="nord"),
                "C": Ward(ward_id="C", site="sør")}},
     lambda p: p, "same_site", "005", D1),
    ("two duties one day", {}, _replace(d2_dag_C="005", d3_kveld_C=None), "one_duty_per_day", "005", D2),
    ("weekly duties", {"supporters": {"005": {"max_duties_per_week": 2}}}, lambda p: p,
     "weekly_duties", "005", D1),
    ("weekly protected hours", {"supporters": {"005": {"protected_hours_per_week": 2.5}}}, lambda p: p,
     "weekly_protected_hours", "005", D1),
    ("period duties", {"supporters": {"005": {"max_duties_per_period": 2}}}, lambda p: p,
     "period_duties", "005", D3),
    ("period nights", {"supporters": {"003": {"max_nights_per_period": 0}}}, lambda p: p,
     "period_nights", "003", D1),
    ("consecutive days", {"rules": Rules(max_consecutive_days=2)}, lambda p: p, "consecutive_days", "005", D3),
    ("two from one ward", {}, _replace(d2_dag_B="004", d2_dag_C="001"), "max_on_duty_per_ward", "001", D2),
    ("wards per duty", {"rules": BASE_RULES.model_copy(update={"max_wards_per_duty": 1})}, lambda p: p,
     "wards_per_duty", "001", D1),
    ("lock not kept", {"pins": [Pin(supporter_id="001", date=D2, slot="dag", action="lock")]}, lambda p: p,
     "pins", "001", D2),
    ("forbidden duty", {"pins": [Pin(supporter_id="005", date=D1, slot="kveld", action="forbid")]},
     lambda p: p, "pins", "005", D1),
    ("lock to ward", {"pins": [Pin(supporter_id="002", date=D1, slot="dag", action="lock", ward="C")]},
     lambda p: p, "pins", "002", D1),
    ("training expired", {"supporters": {"004": {"training_valid_until": D2}}}, lambda p: p,
     "supporter_available", "004", D3),
    ("unavailable date", {"supporters": {"004": {"unavailable": frozenset({D3})}}}, lambda p: p,
     "supporter_available", "004", D3),
    ("not at work", {"codes": {**world_codes(), "004": ["D", "D", "F"]}}, lambda p: p,
     "supporter_available", "004", D3),
    ("not a supporter", {}, _replace(d1_dag_C="a1"), "supporter_available", "a1", D1),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_breach_is_caught_by_its_check(case: Case) -> None:
    _, kwargs, edit, rule, sid, date = case
    inputs = world(**kwargs)
    assignments, duties = frames(edit(valid_plan()), rules=inputs.rules)
    report = verify(inputs, assignments, duties)
    assert rules_hit(report) == {rule}, format_verify_report(report, "en")
    hits = [v for v in report.violations if sid in v.supporter_id.split(";") and v.date == date]
    assert hits, format_verify_report(report, "en")
    assert all(sid in v.text_no and sid in v.text_en for v in hits)
    # The check itself, called alone, finds it too.
    ctx = build_context(inputs)
    assert any(v.supporter_id == hits[0].supporter_id for v in HARD_RULE_CHECKS[rule](ctx, parse_rota(ctx, assignments, duties)))


def test_named_supporter_without_duty_row() -> None:
    assignments, duties = frames(valid_plan())
    duties = duties[~((duties["supporter_id"] == "004") & (duties["date"] == "2027-01-06"))]
    report = verify(world(), assignments, duties)
    assert rules_hit(report) == {"named_supporter_on_duty"}
    (v,) = report.violations
    assert (v.supporter_id, v.date, v.slot) == ("004", D3, "dag") and "2027-01-06" in v.text_en


def test_release_for_two_at_once_is_the_extension() -> None:
    # A has 4 at work in dag, minimum 3: each of 001 and 004 alone may go, both together may not.
    inputs = world(rules=BASE_RULES.model_copy(update={"max_on_duty_per_ward": 2}),
                   wards={"A": Ward(ward_id="A", min_staff_day=3)})
    report = verify(inputs, *frames(_replace(d2_dag_B="004", d2_dag_C="001")(valid_plan())))
    assert rules_hit(report) == {"release_keeps_minimum_staffing"}
    (v,) = report.violations
    assert v.ward == "A" and v.date == D2 and "001" in v.text_no and "004" in v.text_no
    assert "1 short" in v.text_en


def test_release_for_one_is_also_availability() -> None:
    inputs = world(wards={"A": Ward(ward_id="A", min_staff_day=4)})
    report = verify(inputs, *frames(valid_plan()))
    assert rules_hit(report) == {"supporter_available", "release_keeps_minimum_staffing"}
    unavailable = {(v.supporter_id, v.date) for v in report.violations if v.rule == "supporter_available"}
    assert unavailable == {("001", D1), ("004", D2), ("004", D3)}


def _reported(edit: Callable[[pd.DataFrame], pd.DataFrame], rules: Rules = BASE_RULES,
              backups: Plan | None = None) -> VerifyReport:
    assignments, duties = frames(valid_plan(), backups=backups, rules=rules)
    return verify(world(rules=rules), edit(assignments), duties)


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
    report = _reported(edit)
    assert "every_demand_ward_slot_reported" in rules_hit(report)
    assert any(needle in v.text_en for v in report.violations if v.rule == "every_demand_ward_slot_reported")


def test_backups_only_with_redundancy_two_and_never_the_primary() -> None:
    backup = {(D2, "dag", "C"): "002"}
    report = _reported(lambda a: a, backups=backup)
    assert rules_hit(report) == {"every_demand_ward_slot_reported"}
    assert "redundancy is 1" in report.violations[0].text_en

    two = BASE_RULES.model_copy(update={"redundancy": 2})
    report = _reported(lambda a: a, rules=two, backups=backup)
    assert report.ok and report.counts["missing_backup"] == 12
    assert report.coverage.set_index(["date", "slot", "ward"]).loc[("2027-01-05", "dag", "C"), "has_backup"]

    report = _reported(lambda a: a, rules=two, backups={(D1, "dag", "A"): "002"})
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


def test_report_text_lists_violations() -> None:
    report = verify(world(), *frames(_replace(d1_dag_A="001")(valid_plan())))
    text = format_verify_report(report)
    assert "Brudd på harde regler: 1" in text and "[never_covers_own_ward]" in text and "001" in text
    assert "Hard-rule violations: 1" in format_verify_report(report, "en")
    assert report.violations_frame().loc[0, "date"] == "2027-01-04"


# --- demand and availability recomputed ------------------------------------------------------


def mini(codes: dict[str, list[str]], home: dict[str, str], *, dates: tuple[dt.date, ...] = (D1, D2),
         wards: dict[str, Ward] | None = None, supporter: dict | None = None,
         times: dict[str, tuple[int, int]] | None = None) -> Inputs:
    """A one-ward-ish world; `times` overrides a code's start/end minutes."""
    turnus = turnus_rows(codes, home, dates)
    for code, (start, end) in (times or {}).items():
        turnus.loc[turnus["shift_code"] == code, ["start_min", "end_min"]] = (start, end)
    return Inputs(turnus=turnus, employees={e: Employee(employee_id=e, ward=w) for e, w in home.items()},
                  supporters={"s": Supporter(employee_id="s", **(supporter or {}))}, wards=wards or {})


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


# --- the inputs a rota was made from ---------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"t.csv": "1", "r.toml": "2"}, []),
        ({"t.csv": "1", "regler-kopi.toml": "2"}, []),  # a renamed copy
        ({"t.csv": "1", "r.toml": "3"}, [("r.toml", "changed since")]),
        ({"t.csv": "2", "r.toml": "1"}, [("r.toml", "changed since"), ("t.csv", "changed since")]),  # swapped
        ({"t.csv": "1", "r.toml": "2", "p.csv": "9"}, [("p.csv", "not among the inputs")]),
        ({"t.csv": "1"}, [("r.toml", "not given now")]),
        ({"t.csv": "1", "looser.toml": "7"}, [("looser.toml", "not among the inputs"), ("r.toml", "not given now")]),
    ],
)
def test_input_checksums_by_name_and_content(given: dict[str, str], expected: list[tuple[str, str]]) -> None:
    messages = compare_input_checksums({"t.csv": "1", "r.toml": "2"}, given)
    assert len(messages) == len(expected)
    for message, (file, needle) in zip(messages, expected, strict=True):
        assert message.file == file and needle in message.text_en, message.text_en
    assert all(m.text_no and m.fix_no and m.fix_en for m in messages)
