"""scheduler/views/release.py: the release list as the app shows it — release.csv's rows for the home
wards the reader may see (or one ward), each with the number of wards its duty covers."""

from __future__ import annotations

import pandas as pd

from scheduler.report.release import release_frame
from scheduler.views.release import RELEASE_VIEW_COLUMNS, release_rows

DUTIES = pd.DataFrame({
    "supporter_id": ["0319", "11468", "0319", "2001"], "name": ["Lars", "Mohammed", "Lars", "Eva"],
    "home_ward": ["A", "B", "A", "C"], "date": ["2027-01-05", "2027-01-04", "2027-01-04", "2027-01-04"],
    "slot": ["natt", "dag", "dag", "kveld"],
    "start": ["2027-01-05T23:00", "2027-01-04T08:00", "2027-01-04T08:00", "2027-01-04T15:30"],
    "end": ["2027-01-06T07:00", "2027-01-04T15:00", "2027-01-04T15:00", "2027-01-04T22:00"],
    "wards_covered": ["B;C;D", "A", "B;C", ""], "hours": [1.0, 1.0, 1.0, 1.0],
})


def test_every_ward_is_release_csv_with_the_count_of_wards_covered() -> None:
    rows = release_rows(DUTIES)
    assert list(rows.columns) == list(RELEASE_VIEW_COLUMNS)
    pd.testing.assert_frame_equal(rows.drop(columns="wards_covered_count"), release_frame(DUTIES))
    assert list(zip(rows["employee_id"], rows["date"], rows["wards_covered_count"], strict=True)) == [
        ("0319", "2027-01-04", 2), ("0319", "2027-01-05", 3), ("11468", "2027-01-04", 1), ("2001", "2027-01-04", 0)]


def test_a_reader_sees_only_the_home_wards_they_may_see_and_a_chosen_ward_only_its_own() -> None:
    assert set(release_rows(DUTIES, lambda w: w in {"A", "C"})["home_ward"]) == {"A", "C"}
    assert list(release_rows(DUTIES, lambda w: w in {"A", "C"}, "C")["name"]) == ["Eva"]
    assert release_rows(DUTIES, lambda w: w == "A", "B").empty  # another ward's staff: nothing
    assert release_rows(DUTIES.iloc[0:0]).empty
