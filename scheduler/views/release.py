"""The release list as a ward manager reads it in the app: which of their ward's staff are on
support duty when (and may be called away), with how many wards each duty covers.

The rows are release.csv's (scheduler/report/release.py: one per duty of one of the ward's staff),
limited to the home wards the reader may see (scheduler/access.py) — a manager sees their own
wards' staff only — and with the count of wards the duty covers (from duties.csv's `wards_covered`).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from scheduler.report.release import RELEASE_COLUMNS, release_frame

__all__ = ["RELEASE_VIEW_COLUMNS", "release_rows"]

#: release.csv's columns and the number of wards each duty covers.
RELEASE_VIEW_COLUMNS = (*RELEASE_COLUMNS, "wards_covered_count")


def _ward_count(text: object) -> int:
    return len([w for w in str(text or "").split(";") if w.strip()])


def release_rows(duties: pd.DataFrame, sees: Callable[[str], bool] | None = None, ward: str = "") -> pd.DataFrame:
    """release.csv's rows for the home wards `sees` allows (None: every ward), or only `ward`'s
    staff when given, each with the number of wards its duty covers; by ward, date and start."""
    if duties.empty:
        return pd.DataFrame(columns=list(RELEASE_VIEW_COLUMNS))
    homes = duties["home_ward"].astype(str)
    keep = homes.map(lambda w: (sees is None or sees(w)) and (not ward or w == ward)).astype(bool)
    mine = duties[keep.to_numpy()]
    if mine.empty:
        return pd.DataFrame(columns=list(RELEASE_VIEW_COLUMNS))
    ordered = mine.sort_values(["home_ward", "date", "start", "supporter_id"], kind="stable")
    frame = release_frame(ordered)  # its own (stable) order is the same
    frame["wards_covered_count"] = [_ward_count(w) for w in ordered["wards_covered"]]
    return frame[list(RELEASE_VIEW_COLUMNS)]
