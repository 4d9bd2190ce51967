"""Outreach in the working time of those involved (scheduler/outreach/worktime.py, docs/outreach.md
«In working time»): a contact goes where most of its group are at work by their own turnus; every
plan passes the independent checker, which recounts the group's working time from the turnus.

The world: ward A, where the incident happens — night nurses n1, n2 (N every night), day staff a2,
a3 (D on weekdays); supporters b1 (ward B, D every day) and c1 (ward C, N every night).
"""

from __future__ import annotations

import datetime as dt

from conftest import MONDAY, days, make_inputs
from test_outreach import SETTINGS, incident, plan_and_check, rows

from scheduler.check.outreach import format_outreach_report, verify_outreach
from scheduler.domain import Supporter
from scheduler.io.types import Inputs
from scheduler.model.demand import build_instance
from scheduler.outreach.plan import plan_outreach

TUESDAY = MONDAY + dt.timedelta(days=1)


def night_world(n_days: int = 42, night_supporter: bool = True, off: dict[str, set[dt.date]] | None = None) -> Inputs:
    rows_ = []
    for date in days(n_days):
        for eid in ("n1", "n2"):
            if date not in (off or {}).get(eid, set()):
                rows_.append((eid, "A", date, "N"))
        if date.weekday() < 5:
            rows_ += [(eid, "A", date, "D") for eid in ("a2", "a3") if date not in (off or {}).get(eid, set())]
        rows_ += [("b2", "B", date, "D"), ("b1", "B", date, "D")]
        if night_supporter:
            rows_.append(("c1", "C", date, "N"))
    supporters = [Supporter(employee_id="b1"), *([Supporter(employee_id="c1")] if night_supporter else [])]
    return make_inputs(rows_, supporters, professions={"a2": "helsefagarbeider", "a3": "helsefagarbeider"})


def test_night_nurses_are_met_on_a_night_shift_not_the_next_morning():
    """At 05:30 the night is nearly over: the next day's day slot would meet them off duty."""
    at = dt.datetime.combine(TUESDAY, dt.time(5, 30))
    plan = plan_and_check(night_world(), [incident(occurred=at, involved_ids=("n1", "n2"), involved_counts={})])
    first = rows(plan, "first").iloc[0]
    assert (first["date"], first["slot"], first["supporter_id"]) == ("2027-01-05", "natt", "c1")
    assert (first["named_at_work"], first["named_in_window"], first["worktime_note"]) == (2, 2, "")
    assert plan.summary()["worktime"]["H1"]["share_met"] == 1.0


def test_a_defusing_waits_for_the_groups_next_shift_when_none_works_in_its_eight_hours():
    at = dt.datetime.combine(TUESDAY, dt.time(5, 30))
    plan = plan_and_check(night_world(), [incident(occurred=at, involved_ids=("n1", "n2"), involved_counts={},
                                                   defusing=True)])
    defusing, first = rows(plan, "defusing").iloc[0], rows(plan, "first").iloc[0]
    assert (defusing["date"], defusing["slot"], defusing["named_at_work"]) == ("2027-01-05", "natt", 2)
    assert (first["date"], first["slot"], first["named_at_work"]) == ("2027-01-06", "natt", 2)  # after it


def test_a_follow_up_avoids_the_weekend_the_group_is_off():
    """28 days after a Saturday is a Saturday; the day staff work weekdays only."""
    saturday = dt.datetime.combine(MONDAY + dt.timedelta(days=5), dt.time(10, 0))
    plan = plan_and_check(night_world(), [incident(occurred=saturday, involved_ids=("a2", "a3"), involved_counts={})])
    follow = rows(plan, "follow_up").iloc[0]
    assert dt.date.fromisoformat(follow["date"]).weekday() in (0, 4)  # the Friday or Monday next to it
    assert (follow["slot"], follow["named_at_work"]) == ("dag", 2)


def test_as_many_of_the_group_as_possible():
    """n2 is off on Tuesday night: Wednesday night meets both."""
    at = dt.datetime.combine(TUESDAY, dt.time(5, 30))
    inputs = night_world(off={"n2": {TUESDAY}})
    first = rows(plan_and_check(inputs, [incident(occurred=at, involved_ids=("n1", "n2"), involved_counts={})]),
                 "first").iloc[0]
    assert (first["date"], first["slot"], first["named_at_work"]) == ("2027-01-06", "natt", 2)


def test_nobody_of_the_group_at_work_in_the_window_gives_the_nearest_slot_and_a_note():
    at = dt.datetime.combine(TUESDAY, dt.time(10, 0))
    away = {TUESDAY + dt.timedelta(days=d) for d in range(4)}
    plan = plan_and_check(night_world(off={"a2": away}), [incident(occurred=at, involved_ids=("a2",),
                                                                   involved_counts={})])
    first, follow = rows(plan, "first").iloc[0], rows(plan, "follow_up").iloc[0]
    assert (first["date"], first["slot"], first["worktime_note"]) == ("2027-01-05", "dag", "none_at_work_in_window")
    assert (follow["named_at_work"], follow["worktime_note"]) == (1, "")


def test_a_group_at_work_only_where_no_supporter_is_gets_a_note():
    at = dt.datetime.combine(TUESDAY, dt.time(5, 30))
    plan = plan_and_check(night_world(night_supporter=False), [incident(occurred=at, involved_ids=("n1",),
                                                                        involved_counts={})])
    first = rows(plan, "first").iloc[0]
    assert (first["slot"], first["named_at_work"], first["worktime_note"]) == ("dag", 0, "not_at_work_in_slot")


def test_people_given_as_counts_are_estimated_from_the_wards_turnus():
    """Two nurses of ward A at 02:00 are among its night nurses: met on a night shift."""
    at = dt.datetime.combine(TUESDAY, dt.time(2, 0))
    plan = plan_and_check(night_world(), [incident(occurred=at, involved_counts={"sykepleier": 2})])
    first = rows(plan, "first").iloc[0]
    assert first["slot"] == "natt" and first["estimated_at_work"] == 2.0 and first["named_at_work"] == 0
    # a profession nobody of ward A had at work then: the turnus cannot tell, and the note says so
    plan = plan_and_check(night_world(), [incident(occurred=at, involved_counts={"lege": 1})])
    assert rows(plan, "first").iloc[0]["worktime_note"] == "worktime_unknown"


def test_the_checker_recounts_the_working_time_from_the_turnus_not_from_the_plan():
    """A plan that claims the group is at work where it is not, or hides that it is, is caught."""
    at = dt.datetime.combine(TUESDAY, dt.time(5, 30))
    inputs = night_world()
    incidents = [incident(occurred=at, involved_ids=("n1", "n2"), involved_counts={})]
    table = plan_outreach(build_instance(inputs), incidents, settings=SETTINGS).table("en")
    day = table.copy()
    day.loc[day["contact"] == "first", ["date", "slot", "start", "end"]] = [
        "2027-01-06", "dag", "2027-01-06T08:00", "2027-01-06T15:00"]  # moved to a day slot, figures kept
    found = {v.rule for v in verify_outreach(inputs, incidents, day).violations}
    assert "worktime_recounted" in found
    report = verify_outreach(inputs, incidents, table)
    assert report.ok and report.worktime["H1"] == {"named": 4, "named_at_work": 4, "named_in_window": 4}
    assert "  H1: 4 of 4 (at work in the window: 4)" in format_outreach_report(report, "en").splitlines()


def test_a_plan_rebuilt_from_kept_contacts_states_its_working_time_too():
    """The app rebuilds a kept plan (alternatives picked) from the store's rows and checks it."""
    from scheduler.views.outreach import plan_of_stored, stored_contacts

    at = dt.datetime.combine(TUESDAY, dt.time(5, 30))
    inputs = night_world()
    incidents = [incident(occurred=at, involved_ids=("n1", "n2"), involved_counts={})]
    instance = build_instance(inputs)
    kept = plan_of_stored(instance, incidents[0], stored_contacts(plan_outreach(instance, incidents, settings=SETTINGS)))
    report = verify_outreach(inputs, incidents, kept.table("en"))
    assert report.ok and report.counts["named_at_work"] == 4


def test_the_written_folder_states_it_and_the_checker_recounts_it_from_the_csv(tmp_path):
    """outreach.csv read back as text (as `scheduler verify` reads it) passes; summary.json has the
    share per incident; a table without the columns (an older plan) is told so."""
    import json

    import pandas as pd

    from scheduler.outreach.files import write_outreach_folder

    at = dt.datetime.combine(TUESDAY, dt.time(2, 0))
    inputs = night_world()
    incidents = [incident(occurred=at, involved_ids=("n1",), involved_counts={"sykepleier": 1})]
    plan = plan_outreach(build_instance(inputs), incidents, settings=SETTINGS)
    folder = write_outreach_folder(plan, tmp_path / "ut")
    table = pd.read_csv(folder / "outreach.csv", dtype=str, keep_default_na=False)
    assert verify_outreach(inputs, incidents, table).ok
    assert set(table["estimated_at_work"]) == {"1.0"} and set(table["named_at_work"]) == {"1"}
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["worktime"]["H1"] == {"named": 2, "named_at_work": 2, "named_in_window": 2, "notes": {},
                                         "share_met": 1.0}
    old = table.drop(columns=["named_at_work", "named_in_window", "estimated_at_work", "worktime_note"])
    (v, *_) = [v for v in verify_outreach(inputs, incidents, old).violations if v.rule == "worktime_recounted"]
    assert "missing" in v.text_en


def test_between_slots_the_incident_belongs_to_the_slot_that_just_ended():
    """15:10 is after the day slot (08:00–15:00) and before the evening (15:30): the day crew is the pool."""
    from scheduler.outreach.worktime import incident_slots

    instance = build_instance(night_world(n_days=3))
    slots = instance.slots
    assert [slots[t].name for t in incident_slots(slots, dt.datetime.combine(TUESDAY, dt.time(15, 10)))] == ["dag"]
    assert [slots[t].label for t in incident_slots(slots, dt.datetime.combine(TUESDAY, dt.time(3, 0)))] == [
        slots[2].label]  # Monday's night
    assert incident_slots(slots, dt.datetime.combine(MONDAY, dt.time(7, 0))) == []  # before the period
