"""Incident outreach planned in tiny named worlds: one rule or preference per test, every plan
passed through the independent checker (scheduler/check/outreach.py), never the model.

The world: wards A, B, C (C in another department and, with a wards file, another site) with
staff at work, and supporters from each ward on day shifts; an incident on ward A. The world and
its helpers are here for every outreach test (test_outreach_needs.py, _candidates.py, _reasons.py,
and the checker's and the store's); the tests here are of the plan (scheduler/outreach/plan.py) and
its model (model.py): the rota's limits, alternatives, a window widened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
from conftest import MONDAY, days, make_inputs

from scheduler.check.outreach import format_outreach_report, verify_outreach
from scheduler.domain import Rules, SolverSettings, Supporter
from scheduler.incidents import Incident
from scheduler.io.filenames import safe_filename
from scheduler.io.types import Inputs
from scheduler.model.demand import build_instance
from scheduler.outreach.files import invitations
from scheduler.outreach.plan import OutreachPlan, plan_outreach
from scheduler.solve.limits import HARD_RULES

SETTINGS = SolverSettings(time_limit=10, workers=1, deterministic=True)
#: an incident on ward A on Tuesday 5 January at 10:00
AT = dt.datetime.combine(MONDAY + dt.timedelta(days=1), dt.time(10, 0))


def world(n_days: int = 42, supporters=("b1", "c1"), codes: dict[str, str] | None = None,
          professions: dict[str, str] | None = None, wards=(), rules: Rules | None = None,
          sup_objects: dict[str, Supporter] | None = None) -> Inputs:
    """Staff a2..a4, b2, c2 at work every day; supporters on day shifts (`codes` per supporter,
    default D) every day."""
    rows = []
    for date in days(n_days):
        for ward in "ABC":
            for k in (2, 3, 4) if ward == "A" else (2,):
                rows.append((f"{ward.lower()}{k}", ward, date, "D"))
        for sid in supporters:
            rows.append((sid, sid[0].upper(), date, (codes or {}).get(sid, "D")))
    sups = [(sup_objects or {}).get(s, Supporter(employee_id=s)) for s in supporters]
    return make_inputs(rows, sups, wards=wards, rules=rules, professions=professions)


def plan_and_check(inputs: Inputs, incidents: list[Incident], rota: pd.DataFrame | None = None,
                   **kw) -> OutreachPlan:
    instance = build_instance(inputs)
    pairs = []
    if rota is not None:
        for sid, date, slot in rota[["supporter_id", "date", "slot"]].itertuples(index=False):
            pairs.append((sid, instance.slot_index(dt.date.fromisoformat(date), slot)))
    plan = plan_outreach(instance, incidents, pairs, settings=SETTINGS, **kw)
    calendars = {f"{safe_filename(sid)}.ics": data for sid, data in invitations(plan).items()}
    report = verify_outreach(inputs, incidents, plan.table(), rota, invitations=calendars)
    assert report.ok, format_outreach_report(report, "en")
    return plan


def incident(**kw) -> Incident:
    values = {"incident_id": "H1", "wards": ("A",), "occurred": AT, "involved_counts": {"sykepleier": 1}} | kw
    return Incident(**values)


def rows(plan: OutreachPlan, contact: str | None = None) -> pd.DataFrame:
    t = plan.table("en")
    return t if contact is None else t[t["contact"] == contact].reset_index(drop=True)


# --- the rota's limits, with the rota ----------------------------------------------------------------


def test_a_contact_counts_with_the_rota_against_one_duty_a_day():
    inputs = world()
    rota = pd.DataFrame({"supporter_id": ["c1"], "date": ["2027-01-05"], "slot": ["dag"]})
    plan = plan_and_check(inputs, [incident()], rota)
    first = rows(plan, "first").iloc[0]
    assert first["supporter_id"] == "b1"  # c1 has a rota duty that day
    rota = pd.DataFrame({"supporter_id": ["b1", "c1"], "date": ["2027-01-05"] * 2, "slot": ["dag"] * 2})
    first = rows(plan_and_check(inputs, [incident()], rota), "first").iloc[0]
    assert first["date"] == "2027-01-06"  # both on duty on Tuesday: Wednesday


def test_the_planner_uses_the_rotas_own_rule_entries(monkeypatch):
    """One definition: with the entry for one duty a day made a no-op, the planner puts the contact
    on the day of the rota duty — the checker (written separately) then catches it."""
    inputs = world(supporters=("b1",))
    rota = pd.DataFrame({"supporter_id": ["b1"], "date": ["2027-01-05"], "slot": ["kveld"]})
    instance = build_instance(inputs)
    pairs = [("b1", instance.slot_index(dt.date(2027, 1, 5), "kveld"))]
    before = plan_outreach(instance, [incident()], pairs, settings=SETTINGS)
    assert rows(before, "first").iloc[0]["date"] == "2027-01-06"
    entry = HARD_RULES["one_duty_per_day"]
    monkeypatch.setitem(HARD_RULES, "one_duty_per_day",
                        dataclasses.replace(entry, constrain=lambda *a: None, check=_NeverBlocks))
    after = plan_outreach(instance, [incident()], pairs, settings=SETTINGS)
    assert rows(after, "first").iloc[0]["date"] == "2027-01-05"
    report = verify_outreach(inputs, [incident()], after.table(), rota)
    assert {v.rule for v in report.violations} == {"one_duty_per_day"}


class _NeverBlocks:
    def __init__(self, ctx) -> None:
        pass

    def blocks(self, *args) -> bool:
        return False

    def add(self, *args) -> None:
        pass


def test_alternatives_are_others_who_could_take_the_place_in_the_same_slot():
    inputs = world(supporters=("b1", "c1"))
    instance = build_instance(inputs)
    plan = plan_outreach(instance, [incident()], settings=SETTINGS, alternatives=3)
    first = next(m for m in plan.members if m.need.kind == "first")
    assert first.alternatives and first.supporter_id not in first.alternatives
    assert set(first.alternatives) | {first.supporter_id} == {"b1", "c1"}


def test_a_place_the_first_model_leaves_empty_is_filled_from_the_rest_of_the_window():
    """The first model sees the six slots nearest the preferred one; eight follow-ups for one supporter
    need eight days of the window, so the planner widens it rather than leave places empty."""
    inputs = world(supporters=("b1",), rules=Rules(max_duties_per_week=7, max_consecutive_days=31))
    many = [incident(incident_id=f"H{k}") for k in range(8)]
    plan = plan_and_check(inputs, many)
    follow = rows(plan, "follow_up")
    assert (follow["supporter_id"] == "b1").all() and follow["date"].nunique() == 8
