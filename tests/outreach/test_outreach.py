"""Incident outreach planned in tiny named worlds: one rule or preference per test, every plan
passed through the independent checker (scheduler/check/outreach.py), never the model.

The world: wards A, B, C (C in another department and, with a wards file, another site) with
staff at work, and supporters from each ward on day shifts; an incident on ward A.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from conftest import MONDAY, days, make_inputs

from scheduler.check.outreach import format_outreach_report, verify_outreach
from scheduler.domain import Rules, SolverSettings, Supporter, Ward
from scheduler.incidents import Incident
from scheduler.io.filenames import safe_filename
from scheduler.io.types import Inputs
from scheduler.model.demand import build_instance
from scheduler.outreach.files import invitations
from scheduler.outreach.needs import contact_start, involved_groups
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


# --- when ------------------------------------------------------------------------------------------


def test_first_contact_is_in_the_earliest_slot_that_qualifies():
    """10:00 is inside the day slot 08–15 with 5 of 7 hours left (≥ half): the contact starts at 10:00."""
    plan = plan_and_check(world(), [incident()])
    first = rows(plan, "first").iloc[0]
    assert (first["date"], first["slot"], first["start"]) == ("2027-01-05", "dag", "2027-01-05T10:00")


def test_a_slot_with_less_than_half_left_does_not_qualify():
    plan = plan_and_check(world(), [incident(occurred=AT.replace(hour=13, minute=0))])
    first = rows(plan, "first").iloc[0]  # 2 of 7 hours left on Tuesday: Wednesday's day slot
    assert (first["date"], first["start"]) == ("2027-01-06", "2027-01-06T08:00")
    assert contact_start(dt.datetime(2027, 1, 5, 8), dt.datetime(2027, 1, 5, 15), AT.replace(hour=11, minute=30), 0.5) \
        == AT.replace(hour=11, minute=30)


def test_follow_up_is_closest_to_28_days_and_never_outside_21_to_35():
    plan = plan_and_check(world(), [incident()])
    follow = rows(plan, "follow_up").iloc[0]
    assert follow["date"] == (AT + dt.timedelta(days=28)).date().isoformat()
    # nobody at work on days 26–30: the nearest day inside the window with someone at work
    codes = {}
    inputs = world(codes=codes)
    away = {(AT + dt.timedelta(days=d)).date() for d in range(26, 31)}
    inputs.turnus = inputs.turnus[~(inputs.turnus["employee_id"].isin(["b1", "c1"])
                                    & inputs.turnus["date"].dt.date.isin(away))]
    follow = rows(plan_and_check(inputs, [incident()]), "follow_up").iloc[0]
    assert follow["date"] in {(AT + dt.timedelta(days=25)).date().isoformat(), (AT + dt.timedelta(days=31)).date().isoformat()}


def test_follow_up_outside_the_turnus_is_reported_with_its_reason():
    plan = plan_and_check(world(n_days=14), [incident()])
    follow = rows(plan, "follow_up").iloc[0]
    assert follow["supporter_id"] == "" and follow["reason_code"] == "outside_turnus"
    assert "outside the turnus period" in follow["reason_if_unplanned"]


def test_a_defusing_is_within_eight_hours_and_before_the_first_talk():
    inputs = world(codes={"b1": "D", "c1": "A"})
    plan = plan_and_check(inputs, [incident(defusing=True)])
    defusing, first = rows(plan, "defusing").iloc[0], rows(plan, "first").iloc[0]
    assert defusing["start"] == "2027-01-05T10:00"  # b1 in the day slot
    assert (first["date"], first["slot"]) == ("2027-01-05", "kveld")  # c1, the next slot after the defusing


# --- who -------------------------------------------------------------------------------------------


def test_never_from_an_involved_ward_and_never_one_of_the_involved():
    inputs = world(supporters=("a1", "b1", "c1"))
    plan = plan_and_check(inputs, [incident(involved_ids=("b1",), involved_counts={})])
    chosen = set(rows(plan)["supporter_id"])
    assert chosen <= {"c1"} and "c1" in chosen  # a1 is from ward A, b1 is involved


def test_nobody_left_gives_the_reason_in_the_words_of_uncovered_ward_slots():
    inputs = world(supporters=("a1",))
    plan = plan_and_check(inputs, [incident()])
    first = rows(plan, "first").iloc[0]
    assert first["reason_code"] == "only_ineligible"
    assert first["reason_if_unplanned"].startswith("Only supporters who may not make this contact are at work")
    assert "a1" not in first["reason_if_unplanned"]  # counted, never named


def test_a_supporter_who_leads_the_ward_is_not_sent():
    inputs = world(sup_objects={"b1": Supporter(employee_id="b1", leads_wards=frozenset({"A"}))})
    plan = plan_and_check(inputs, [incident()])
    assert set(rows(plan)["supporter_id"]) == {"c1"}


def test_a_team_of_two_when_three_or_more_meet_and_the_team_size_the_incident_asks_for():
    plan = plan_and_check(world(), [incident(involved_counts={"sykepleier": 3})])
    first = rows(plan, "first")
    assert len(first) == 2 and set(first["supporter_id"]) == {"b1", "c1"} and first["date"].nunique() == 1
    plan = plan_and_check(world(), [incident(involved_counts={"sykepleier": 3}, team_size=1)])
    assert len(rows(plan, "first")) == 1


def test_one_group_per_profession_ids_take_theirs_from_the_turnus():
    inputs = world(professions={"a2": "lege", "a3": "sykepleier"})
    groups = involved_groups(incident(involved_ids=("a2", "a3", "zz9"), involved_counts={"lege": 2}), inputs.employees)
    assert [(g.profession, g.people, g.label, g.ids) for g in groups] == [
        ("", 1, "–×1", ("zz9",)), ("lege", 3, "lege×3", ("a2",)), ("sykepleier", 1, "sykepleier×1", ("a3",))]


# --- preferences -----------------------------------------------------------------------------------


def test_the_groups_profession_is_preferred_then_another_department_then_the_same_site():
    wards = [Ward(ward_id="A", department="med", site="N"), Ward(ward_id="B", department="med", site="N"),
             Ward(ward_id="C", department="kir", site="S"), Ward(ward_id="D", department="kir", site="N")]

    def with_d(professions=None):
        return world(supporters=("b1", "c1", "d1"), wards=wards, professions=professions)

    # everyone a nurse: another department (C, D) before the same department (B); then the same site (D)
    plan = plan_and_check(with_d(), [incident()])
    assert rows(plan, "first").iloc[0]["supporter_id"] == "d1"
    # the profession outweighs department and site: only b1 is a doctor
    plan = plan_and_check(with_d(professions={"b1": "lege", "c1": "sykepleier", "d1": "sykepleier"}),
                          [incident(involved_counts={"lege": 1})])
    assert rows(plan, "first").iloc[0]["supporter_id"] == "b1"


def test_several_incidents_share_the_supporters_fairly():
    """Two incidents on following days, two equal supporters: the four contacts two each; and when
    one of them already carries rota duties, the other takes more."""
    inputs = world(rules=Rules(max_duties_per_week=5, max_consecutive_days=7))
    both = [incident(), incident(incident_id="H2", occurred=AT + dt.timedelta(days=1))]
    plan = plan_and_check(inputs, both)
    assert sorted(rows(plan)["supporter_id"].value_counts().tolist()) == [2, 2]
    rota = pd.DataFrame({"supporter_id": ["b1"] * 3, "date": ["2027-01-11", "2027-01-13", "2027-01-15"],
                         "slot": ["dag"] * 3})
    plan = plan_and_check(inputs, both, rota)
    taken = rows(plan)["supporter_id"].value_counts().to_dict()
    assert taken.get("c1", 0) > taken.get("b1", 0), taken


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


def test_the_weekly_limit_counts_the_rotas_duties():
    inputs = world(sup_objects={"b1": Supporter(employee_id="b1", max_duties_per_week=1)}, supporters=("b1",))
    rota = pd.DataFrame({"supporter_id": ["b1"], "date": ["2027-01-04"], "slot": ["dag"]})
    plan = plan_and_check(inputs, [incident()], rota)
    first = rows(plan, "first").iloc[0]
    assert first["supporter_id"] == "" and first["reason_code"] == "all_at_limit"
    assert "weekly duty limit reached (1 person)" in first["reason_if_unplanned"]


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


@pytest.mark.parametrize("kind", ["defusing", "first", "follow_up"])
def test_every_contact_has_a_row_even_when_nobody_is_at_work(kind):
    inputs = world(supporters=("b1",), codes={"b1": "F"})
    plan = plan_and_check(inputs, [incident(defusing=True)])
    row = rows(plan, kind).iloc[0]
    assert row["supporter_id"] == "" and row["reason_code"] == "no_supporter_at_work"


def test_a_place_the_first_model_leaves_empty_is_filled_from_the_rest_of_the_window():
    """The first model sees the six slots nearest the preferred one; eight follow-ups for one supporter
    need eight days of the window, so the planner widens it rather than leave places empty."""
    inputs = world(supporters=("b1",), rules=Rules(max_duties_per_week=7, max_consecutive_days=31))
    many = [incident(incident_id=f"H{k}") for k in range(8)]
    plan = plan_and_check(inputs, many)
    follow = rows(plan, "follow_up")
    assert (follow["supporter_id"] == "b1").all() and follow["date"].nunique() == 8
