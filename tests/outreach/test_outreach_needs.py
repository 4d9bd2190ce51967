"""What the incidents need (scheduler/outreach/needs.py), planned in the tiny named worlds of
test_outreach.py: when a contact can start and in which slot it lands, the groups by profession
and the size of their team."""

from __future__ import annotations

import datetime as dt

from test_outreach import AT, incident, plan_and_check, rows, world

from scheduler.outreach.needs import contact_start, involved_groups


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


def test_a_defusing_is_within_eight_hours_and_before_the_first_talk():
    inputs = world(codes={"b1": "D", "c1": "A"})
    plan = plan_and_check(inputs, [incident(defusing=True)])
    defusing, first = rows(plan, "defusing").iloc[0], rows(plan, "first").iloc[0]
    assert defusing["start"] == "2027-01-05T10:00"  # b1 in the day slot
    # after the defusing, the next slot in which the group (ward A's day nurses) is at work: Wednesday's day
    assert (first["date"], first["slot"]) == ("2027-01-06", "dag")


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
