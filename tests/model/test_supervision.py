"""scheduler/model/supervision.py: a supervision meeting goes where most supporters are at work by
their own shift, then where fewest are on duty, then the earliest; one per period (and site)."""

from __future__ import annotations

import datetime as dt

from conftest import MONDAY

from scheduler.domain import Supervision, Supporter
from scheduler.model.supervision import (
    allowed_starts,
    meeting_periods,
    place_meetings,
    supervision_frame,
)


def _at(day: int, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(hh, mm))


RULE = Supervision(every_weeks=1, minutes=90, days=("mon",), earliest=dt.time(8), latest_end=dt.time(16, 30))
PEOPLE = {"s1": Supporter(employee_id="s1"), "s2": Supporter(employee_id="s2")}
SHIFTS = {"s1": [(_at(0, 7, 30), _at(0, 15, 30))], "s2": [(_at(0, 10), _at(0, 18))]}


def _one(rule=RULE, people=PEOPLE, shifts=SHIFTS, duties=None, site_of=None):
    return place_meetings(rule, MONDAY, MONDAY, people, site_of or {}, shifts, duties or {})


def test_the_start_with_most_at_work_wins_then_the_earliest():
    [m] = _one()
    assert (m.start, m.end, sorted(m.at_work)) == (_at(0, 10), _at(0, 11, 30), ["s1", "s2"])


def test_a_tie_goes_to_fewest_on_duty():
    [m] = _one(duties={"s2": [(_at(0, 10), _at(0, 12))]})
    assert (m.start, len(m.at_work), len(m.on_duty)) == (_at(0, 12), 2, 0)


def test_only_trained_and_available_supporters_are_invited():
    people = {**PEOPLE, "s3": Supporter(employee_id="s3", training_valid_until=MONDAY - dt.timedelta(days=1)),
              "s4": Supporter(employee_id="s4", unavailable=frozenset({MONDAY}))}
    [m] = _one(people=people, shifts={**SHIFTS, "s3": SHIFTS["s1"], "s4": SHIFTS["s1"]})
    assert sorted(m.invited) == ["s1", "s2"]
    assert supervision_frame([m]).iloc[0][["invited", "at_work", "start", "end"]].tolist() == [2, 2, "10:00", "11:30"]


def test_per_site_one_meeting_each():
    rule = RULE.model_copy(update={"per_site": True})
    meetings = _one(rule=rule, site_of={"s1": "Nord", "s2": "Sør"})
    assert [(m.site, m.start.time(), sorted(m.at_work)) for m in meetings] == [
        ("Nord", dt.time(8), ["s1"]), ("Sør", dt.time(10), ["s2"])]


def test_periods_and_allowed_starts():
    assert meeting_periods(MONDAY, MONDAY + dt.timedelta(days=41), 4) == [
        (MONDAY, MONDAY + dt.timedelta(days=27)), (MONDAY + dt.timedelta(days=28), MONDAY + dt.timedelta(days=41))]
    starts = allowed_starts(RULE, MONDAY, MONDAY + dt.timedelta(days=6))
    assert (starts[0], starts[-1], len(starts)) == (_at(0, 8), _at(0, 15), 29)
