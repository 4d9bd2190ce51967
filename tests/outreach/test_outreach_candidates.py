"""Who may take a place on a team, and at what cost (scheduler/outreach/candidates.py), in the tiny
named worlds of test_outreach.py: never from an involved ward, never one of the involved, never a
manager of the ward; the group's profession, then another department, then the same site; the
contacts shared fairly."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from test_outreach import AT, SETTINGS, incident, plan_and_check, rows, world

from scheduler.domain import Rules, Supporter, Ward
from scheduler.model.demand import build_instance
from scheduler.outreach.candidates import OutreachContext
from scheduler.outreach.plan import plan_outreach
from scheduler.outreach.reasons import INELIGIBLE


def test_never_from_an_involved_ward_and_never_one_of_the_involved():
    inputs = world(supporters=("a1", "b1", "c1"))
    plan = plan_and_check(inputs, [incident(involved_ids=("b1",), involved_counts={})])
    chosen = set(rows(plan)["supporter_id"])
    assert chosen <= {"c1"} and "c1" in chosen  # a1 is from ward A, b1 is involved


def test_a_supporter_who_leads_the_ward_is_not_sent():
    inputs = world(sup_objects={"b1": Supporter(employee_id="b1", leads_wards=frozenset({"A"}))})
    plan = plan_and_check(inputs, [incident()])
    assert set(rows(plan)["supporter_id"]) == {"c1"}


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


def test_a_supporter_without_an_employee_record_has_a_reason_of_its_own_not_own_ward():
    """Only the rota's eligibility says "their own ward" (scheduler/model/eligibility.py); a supporter
    the planner finds at work but who has no employee record is not from an involved ward — they are
    in no turnus, and the reason says so in both languages."""
    instance = build_instance(world(supporters=("a1", "b1")))
    without_b1 = {k: v for k, v in instance.employees.items() if k != "b1"}
    instance = instance.model_copy(update={"employees": without_b1})
    plan = plan_outreach(instance, [incident()], settings=SETTINGS)
    first = next(m for m in plan.members if m.need.kind == "first")
    assert not first.planned and first.reason_code == "only_ineligible"
    assert first.reason_en == ("Only supporters who may not make this contact are at work — from an involved ward "
                               "(1 person); not in the turnus (1 person).")
    assert first.reason_no == ("Bare kollegastøtter som ikke kan ta kontakten er på jobb — fra en involvert post "
                               "(1 person); står ikke i turnusen (1 person).")
    ctx = OutreachContext(instance, [])
    assert (ctx.why_not("a1", incident()), ctx.why_not("b1", incident())) == ("own_ward", "not_in_turnus")
    assert set(INELIGIBLE) >= {"own_ward", "not_in_turnus"}
