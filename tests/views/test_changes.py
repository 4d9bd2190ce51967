"""The change list after a re-plan: every duty gained or lost, nothing else."""

import pandas as pd

from scheduler.views.changes import duty_changes


def _duties(rows):
    return pd.DataFrame([{"supporter_id": s, "name": f"N{s}", "date": d, "slot": sl, "start": f"{d}T{h}",
                          "wards_covered": "3B", "hours": 1.0} for s, d, sl, h in rows])


def test_gained_and_lost_duties_in_time_order():
    before = _duties([("1", "2027-01-04", "natt", "23:00"), ("2", "2027-01-04", "dag", "08:00"),
                      ("3", "2027-01-05", "dag", "08:00")])
    after = _duties([("1", "2027-01-04", "natt", "23:00"), ("4", "2027-01-04", "dag", "08:00"),
                     ("3", "2027-01-06", "dag", "08:00")])
    changes = duty_changes(before, after)
    assert changes[["date", "slot", "supporter_id", "change"]].values.tolist() == [
        ["2027-01-04", "dag", "4", "added"], ["2027-01-04", "dag", "2", "removed"],
        ["2027-01-05", "dag", "3", "removed"], ["2027-01-06", "dag", "3", "added"]]
    assert changes["name"].tolist() == ["N4", "N2", "N3", "N3"]


def test_the_same_rota_has_no_changes_even_with_other_types():
    before = _duties([("0319", "2027-01-04", "natt", "23:00")])
    after = before.astype(str)
    assert duty_changes(before, after).empty
    assert list(duty_changes(before, after).columns)[:3] == ["date", "slot", "start"]
