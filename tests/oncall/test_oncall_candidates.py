"""Who may be on call: opted in, not at work or on duty, not away, trained, rested after a night,
and not from the only ward without cover."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from oncall_world import on_call_world

from scheduler.domain import OnCallRules
from scheduler.model.demand import build_instance
from scheduler.oncall.candidates import on_call_candidates
from scheduler.oncall.need import Need

NO_DUTIES = pd.DataFrame(columns=["supporter_id", "date", "slot"])


def _slot(instance, date: str, name: str) -> int:
    return instance.slot_index(dt.date.fromisoformat(date), name)


def test_only_those_who_opted_in_and_are_free() -> None:
    instance = build_instance(on_call_world(2, opted=("a1", "b1")))
    night = _slot(instance, "2027-01-04", "natt")
    found = on_call_candidates(instance, [Need(night, "uncovered", ("A",))], NO_DUTIES)
    assert found.may[night] == ["b1"]
    assert found.blocked[night] == {"at_work": 1}  # a1 works the night (and is from ward A)
    assert found.opted_in == ("a1", "b1")


def test_away_untrained_and_own_ward() -> None:
    inputs = on_call_world(2, opted=("b1", "c1"), extra_rows=(("c1", "C", dt.date(2027, 1, 5), "FE"),))
    inputs.supporters["b1"] = inputs.supporters["b1"].model_copy(update={"training_valid_until": dt.date(2027, 1, 4)})
    instance = build_instance(inputs)
    night = _slot(instance, "2027-01-05", "natt")
    found = on_call_candidates(instance, [Need(night, "uncovered", ("A",))], NO_DUTIES)
    assert found.may[night] == [] and found.blocked[night] == {"absent": 1, "training": 1}
    own = on_call_candidates(instance, [Need(_slot(instance, "2027-01-04", "natt"), "uncovered", ("C",))], NO_DUTIES)
    assert own.blocked[_slot(instance, "2027-01-04", "natt")] == {"own_ward": 1}


def test_rest_after_a_night_at_work_unless_the_rules_say_otherwise() -> None:
    for rest, expected in ((True, {"rest": 1}), (False, {})):
        instance = build_instance(on_call_world(2, on_call=OnCallRules(rest_after_night=rest), opted=("a1",)))
        morning = _slot(instance, "2027-01-05", "dag")
        found = on_call_candidates(instance, [Need(morning, "holiday")], NO_DUTIES)
        assert found.blocked[morning] == expected


def test_an_on_site_duty_is_work() -> None:
    instance = build_instance(on_call_world(2, opted=("b1",)))
    evening = _slot(instance, "2027-01-04", "kveld")
    duties = pd.DataFrame([{"supporter_id": "b1", "date": "2027-01-04", "slot": "kveld"}])
    assert on_call_candidates(instance, [Need(evening, "holiday")], duties).blocked[evening] == {"at_work": 1}
