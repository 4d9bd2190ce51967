"""The checkers' hand-made world: three days, three wards, five supporters, and a valid rota for it.

The world (Mon 2027-01-04 .. Wed 2027-01-06, wards A, B, C):

    staff      a1 a2 (A) D · b1 b2 (B) D · b3 (B) N on day 1 · c1 (C) D · c2 (C) A (evening)
    supporters 001 004 (A) D · 002 (B) D · 003 (C) N day 1, D days 2–3 · 005 (B) LD 08–22

Demand per day: dag A, B, C; kveld B (005 itself) and C; natt B and C on day 1 only.
Shared by the tests of scheduler/check/ (tests/check/test_check_*.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from scheduler.check.context import build_context
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


def plan_edit(**changes: str | None) -> Callable[[Plan], Plan]:
    """Plan edits written as d1_dag_A="001"."""
    def edit(plan: Plan) -> Plan:
        plan = dict(plan)
        for key, sid in changes.items():
            day, slot, ward = key.split("_")
            plan[(DATES[int(day[1]) - 1], slot, ward)] = sid
        return plan
    return edit


#: (name, world kwargs, plan edit, rule, supporter, date)
Case = tuple[str, dict, Callable[[Plan], Plan], str, str, dt.date]


def assert_caught_by_its_check(case: Case) -> None:
    """The breach is the only rule hit, found for that supporter and date in both languages, and
    the check itself, called alone, finds it too."""
    _, kwargs, edit, rule, sid, date = case
    inputs = world(**kwargs)
    assignments, duties = frames(edit(valid_plan()), rules=inputs.rules)
    report = verify(inputs, assignments, duties)
    assert rules_hit(report) == {rule}, format_verify_report(report, "en")
    hits = [v for v in report.violations if sid in v.supporter_id.split(";") and v.date == date]
    assert hits, format_verify_report(report, "en")
    assert all(sid in v.text_no and sid in v.text_en for v in hits)
    ctx = build_context(inputs)
    assert any(v.supporter_id == hits[0].supporter_id for v in HARD_RULE_CHECKS[rule](ctx, parse_rota(ctx, assignments, duties)))


def verify_edited(edit: Callable[[pd.DataFrame], pd.DataFrame], rules: Rules = BASE_RULES,
              backups: Plan | None = None) -> VerifyReport:
    assignments, duties = frames(valid_plan(), backups=backups, rules=rules)
    return verify(world(rules=rules), edit(assignments), duties)


def mini(codes: dict[str, list[str]], home: dict[str, str], *, dates: tuple[dt.date, ...] = (D1, D2),
         wards: dict[str, Ward] | None = None, supporter: dict | None = None,
         times: dict[str, tuple[int, int]] | None = None) -> Inputs:
    """A one-ward-ish world; `times` overrides a code's start/end minutes."""
    turnus = turnus_rows(codes, home, dates)
    for code, (start, end) in (times or {}).items():
        turnus.loc[turnus["shift_code"] == code, ["start_min", "end_min"]] = (start, end)
    return Inputs(turnus=turnus, employees={e: Employee(employee_id=e, ward=w) for e, w in home.items()},
                  supporters={"s": Supporter(employee_id="s", **(supporter or {}))}, wards=wards or {})


