"""The release list and the turnus import: every duty once, under the home ward, with clock times;
the turnus system's activity code is the rules'."""

from __future__ import annotations

import pandas as pd
import pytest
from pydantic import ValidationError

from scheduler.domain import Rules
from scheduler.report.release import release_frame, turnus_import_frame

DUTIES = pd.DataFrame([
    {"supporter_id": "0319", "name": "Aas, Kari", "home_ward": "N-MED1", "date": "2027-01-05", "slot": "natt",
     "start": "2027-01-05T23:00", "end": "2027-01-06T07:00", "wards_covered": "S-NEV1", "hours": 1.0},
    {"supporter_id": "2201", "name": "Berg, Ola", "home_ward": "A-KIR", "date": "2027-01-04", "slot": "dag",
     "start": "2027-01-04T08:00", "end": "2027-01-04T15:00", "wards_covered": "N-MED1", "hours": 1.5},
    {"supporter_id": "0319", "name": "Aas, Kari", "home_ward": "N-MED1", "date": "2027-01-04", "slot": "kveld",
     "start": "2027-01-04T15:30", "end": "2027-01-04T22:00", "wards_covered": "A-KIR", "hours": 1.0},
])


def test_the_release_list_is_by_home_ward_then_time_with_clock_times() -> None:
    release = release_frame(DUTIES)
    assert list(release["home_ward"]) == ["A-KIR", "N-MED1", "N-MED1"]
    assert list(release["date"]) == ["2027-01-04", "2027-01-04", "2027-01-05"]
    night = release.iloc[2]
    assert (night["start"], night["end"], night["employee_id"]) == ("23:00", "07:00", "0319")


def test_the_turnus_import_has_one_row_per_duty_with_the_code_given() -> None:
    rows = turnus_import_frame(DUTIES, "KS1")
    assert len(rows) == len(DUTIES) and set(rows["activity_code"]) == {"KS1"}
    assert list(rows.columns) == ["employee_id", "date", "start", "end", "activity_code", "ward"]
    assert rows.iloc[0].tolist() == ["0319", "2027-01-04", "15:30", "22:00", "KS1", "N-MED1"]


def test_the_activity_code_is_a_short_code_not_text() -> None:
    assert Rules().turnus_activity_code == "KST"
    for wrong in ("", "samtale etter dødsfall", "A;B"):
        with pytest.raises(ValidationError):
            Rules(turnus_activity_code=wrong)
