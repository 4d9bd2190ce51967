"""The rota in force per ward and date (scheduler/model/in_force.py, docs/access.md «A rota in force per ward»):
a publication replaces its own wards on its dates, never the whole hospital's rota."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from scheduler.model.in_force import (
    Scope,
    compose,
    duties_in_force,
    in_force,
    on_call_in_force,
    rows_in_force,
)

D = dt.date
MONDAY, SUNDAY = D(2027, 1, 4), D(2027, 1, 10)


def _scope(pid: int, wards: set[str], first: D = MONDAY, last: D = SUNDAY, everything: bool = False):
    return Scope(pid, first, last, frozenset(wards), everything)


def test_one_wards_publication_replaces_that_ward_only():
    forced = in_force([_scope(1, {"A", "B", "C"}), _scope(2, {"A"})])
    assert forced.owner["A", D(2027, 1, 5)] == 2
    assert forced.owner["B", D(2027, 1, 5)] == 1 and forced.owner["C", D(2027, 1, 10)] == 1
    assert forced.publications() == [1, 2]


def test_a_later_period_keeps_the_earlier_dates_of_the_earlier_rota():
    forced = in_force([_scope(1, {"A", "B"}), _scope(2, {"A", "B"}, D(2027, 1, 8), D(2027, 1, 20))])
    assert forced.owner["B", D(2027, 1, 7)] == 1 and forced.owner["B", D(2027, 1, 8)] == 2
    assert forced.share_in_force(1) == 4 / 7


def test_only_a_publication_that_replaces_all_drops_other_wards():
    forced = in_force([_scope(1, {"A", "B", "C"}), _scope(2, {"A"}, everything=True)])
    assert ("B", D(2027, 1, 5)) not in forced.owner and forced.owner["A", D(2027, 1, 5)] == 2
    assert forced.publications() == [2]


def test_the_composed_rota_takes_each_wards_rows_from_its_publication():
    hospital = {"assignments": pd.DataFrame([{"date": "2027-01-04", "slot": "dag", "ward": w, "supporter_id": "h1",
                                              "role": "primary", "reason": ""} for w in ("A", "B")]),
                "duties": pd.DataFrame([{"supporter_id": "h1", "date": "2027-01-04", "slot": "dag",
                                         "wards_covered": "A;B", "hours": 1.0}]),
                "burden": pd.DataFrame([{"supporter_id": "h1", "target": 2.0}])}
    ward_a = {"assignments": pd.DataFrame([{"date": "2027-01-04", "slot": "dag", "ward": "A", "supporter_id": "a1",
                                            "role": "primary", "reason": ""}]),
              "duties": pd.DataFrame([{"supporter_id": "a1", "date": "2027-01-04", "slot": "dag",
                                       "wards_covered": "A", "hours": 1.0}]),
              "burden": pd.DataFrame([{"supporter_id": "a1", "target": 1.0}])}
    forced = in_force([_scope(1, {"A", "B"}), _scope(2, {"A"})])
    tables = compose([(1, hospital), (2, ward_a)], forced)
    assert dict(zip(tables["assignments"]["ward"], tables["assignments"]["supporter_id"], strict=True)) == \
        {"A": "a1", "B": "h1"}
    # h1's duty now covers only B (A is ward 2's); both supporters are on the rota
    assert dict(zip(tables["duties"]["supporter_id"], tables["duties"]["wards_covered"], strict=True)) == \
        {"h1": "B", "a1": "A"}
    burden = tables["burden"].set_index("supporter_id")
    assert burden.loc["h1", "target"] == 1.0 and burden.loc["a1", "target"] == 1.0  # half of h1's ward-days held
    assert len(rows_in_force(hospital["assignments"], 1, forced)) == 1
    assert len(duties_in_force(ward_a["duties"], 2, forced)) == 1


def test_the_on_call_in_force_is_the_newest_publications_on_its_dates():
    forced = in_force([_scope(1, {"A", "B"}), _scope(2, {"A"}, D(2027, 1, 6), D(2027, 1, 6))])
    old = pd.DataFrame([{"date": d, "slot": "natt", "start": f"{d}T23:00", "supporter_id": "s1", "phone": "1"}
                        for d in ("2027-01-05", "2027-01-06")])
    new = pd.DataFrame([{"date": "2027-01-06", "slot": "natt", "start": "2027-01-06T23:00", "supporter_id": "s2",
                         "phone": "2"}])
    rows = on_call_in_force([(1, old), (2, new)], forced)
    assert rows[["date", "supporter_id"]].values.tolist() == [["2027-01-05", "s1"], ["2027-01-06", "s2"]]
