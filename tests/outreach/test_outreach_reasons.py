"""Why a team place stays empty (scheduler/outreach/reasons.py), in the tiny named worlds of
test_outreach.py: every contact has a row, and an unplanned one its reason in the words of
uncovered ward-slots — people counted, never named."""

from __future__ import annotations

import pandas as pd
import pytest
from test_outreach import incident, plan_and_check, rows, world

from scheduler.domain import Supporter


def test_follow_up_outside_the_turnus_is_reported_with_its_reason():
    plan = plan_and_check(world(n_days=14), [incident()])
    follow = rows(plan, "follow_up").iloc[0]
    assert follow["supporter_id"] == "" and follow["reason_code"] == "outside_turnus"
    assert "outside the turnus period" in follow["reason_if_unplanned"]


def test_nobody_left_gives_the_reason_in_the_words_of_uncovered_ward_slots():
    inputs = world(supporters=("a1",))
    plan = plan_and_check(inputs, [incident()])
    first = rows(plan, "first").iloc[0]
    assert first["reason_code"] == "only_ineligible"
    assert first["reason_if_unplanned"].startswith("Only supporters who may not make this contact are at work")
    assert "a1" not in first["reason_if_unplanned"]  # counted, never named


def test_the_weekly_limit_counts_the_rotas_duties():
    inputs = world(sup_objects={"b1": Supporter(employee_id="b1", max_duties_per_week=1)}, supporters=("b1",))
    rota = pd.DataFrame({"supporter_id": ["b1"], "date": ["2027-01-04"], "slot": ["dag"]})
    plan = plan_and_check(inputs, [incident()], rota)
    first = rows(plan, "first").iloc[0]
    assert first["supporter_id"] == "" and first["reason_code"] == "all_at_limit"
    assert "weekly duty limit reached (1 person)" in first["reason_if_unplanned"]


@pytest.mark.parametrize("kind", ["defusing", "first", "follow_up"])
def test_every_contact_has_a_row_even_when_nobody_is_at_work(kind):
    inputs = world(supporters=("b1",), codes={"b1": "F"})
    plan = plan_and_check(inputs, [incident(defusing=True)])
    row = rows(plan, kind).iloc[0]
    assert row["supporter_id"] == "" and row["reason_code"] == "no_supporter_at_work"
