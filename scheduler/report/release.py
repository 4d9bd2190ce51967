"""What the home wards and the turnus system need to know (docs/outputs.md):

- `release.csv`, the release list: per home ward, which of its staff are on support duty when —
  the ward's manager plans with it, as they may be called away from the ward during those hours;
- `turnus_import.csv`, one row per duty in the generic form turnus systems import (employee id,
  date, start, end, activity code), so rostering staff can enter the duty where they keep the
  turnus. The activity code is the rule `turnus_activity_code` (default `KST`).

Both are made from duties.csv alone, and the independent checker compares them with it.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["RELEASE_COLUMNS", "IMPORT_COLUMNS", "release_frame", "turnus_import_frame", "clock"]

RELEASE_COLUMNS = ("home_ward", "employee_id", "name", "date", "slot", "start", "end", "hours")
IMPORT_COLUMNS = ("employee_id", "date", "start", "end", "activity_code", "ward")


def clock(timestamp: str) -> str:
    """`2027-01-04T23:00` → `23:00`; the date is the duty's own (a night ends the next morning)."""
    return timestamp[11:16]


def _by_ward_and_time(duties: pd.DataFrame) -> pd.DataFrame:
    return duties.sort_values(["home_ward", "date", "start", "supporter_id"], kind="stable")


def release_frame(duties: pd.DataFrame) -> pd.DataFrame:
    """The release list of every home ward (one row per duty of one of its staff)."""
    rows = _by_ward_and_time(duties)
    return pd.DataFrame({
        "home_ward": rows["home_ward"].astype(str), "employee_id": rows["supporter_id"].astype(str),
        "name": rows["name"].astype(str), "date": rows["date"].astype(str), "slot": rows["slot"].astype(str),
        "start": rows["start"].astype(str).map(clock), "end": rows["end"].astype(str).map(clock),
        "hours": rows["hours"],
    }, columns=list(RELEASE_COLUMNS)).reset_index(drop=True)


def turnus_import_frame(duties: pd.DataFrame, activity_code: str) -> pd.DataFrame:
    """One row per duty for the turnus system: the duty as an activity of `activity_code`."""
    rows = duties.sort_values(["supporter_id", "date", "start"], kind="stable")
    return pd.DataFrame({
        "employee_id": rows["supporter_id"].astype(str), "date": rows["date"].astype(str),
        "start": rows["start"].astype(str).map(clock), "end": rows["end"].astype(str).map(clock),
        "activity_code": activity_code, "ward": rows["home_ward"].astype(str),
    }, columns=list(IMPORT_COLUMNS)).reset_index(drop=True)
