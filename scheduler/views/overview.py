"""The coverage overview for many wards: one cell per ward and week instead of one per ward-slot.

At a trust-year (100 wards × 52 weeks × 3 slots) a cell per ward-slot is 100,000 cells squeezed to
slivers; a ward × week grid is 5,200 cells a person can read, and it says where to look first:
the weeks of a ward with shifts nobody covers, then those without a backup where the rules ask
for one ("thin"). Built from `coverage.csv`'s columns (docs/outputs.md).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

__all__ = ["OVERVIEW_COLUMNS", "ward_week_overview", "wards_first", "problems_first"]

OVERVIEW_COLUMNS = ("ward", "week", "iso_week", "ward_slots", "uncovered", "thin")


def _truthy(values: pd.Series) -> pd.Series:
    return values.astype(str).str.lower().isin(["true", "1"])


def ward_week_overview(coverage: pd.DataFrame, *, backup_wanted: bool = False) -> pd.DataFrame:
    """One row per ward and ISO week (`week` is its Monday, ISO text): the ward-slots needing cover,
    those nobody covers, and — when the rules ask for a backup — those covered without one (`thin`)."""
    if coverage.empty:
        return pd.DataFrame(columns=list(OVERVIEW_COLUMNS))
    dates = pd.to_datetime(coverage["date"].astype(str).str.slice(0, 10))
    monday = (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    covered = _truthy(coverage["covered"])
    backup = coverage["backup_id"].fillna("").astype(str).str.strip().ne("") if "backup_id" in coverage else False
    frame = pd.DataFrame({"ward": coverage["ward"].astype(str).to_numpy(), "week": monday.to_numpy(),
                          "uncovered": (~covered).astype(int).to_numpy(),
                          "thin": ((covered & ~backup).astype(int) if backup_wanted else covered * 0).to_numpy()})
    out = frame.groupby(["ward", "week"], sort=True).agg(ward_slots=("uncovered", "size"), uncovered=("uncovered", "sum"),
                                                          thin=("thin", "sum")).reset_index()
    out["iso_week"] = [dt.date.fromisoformat(w).isocalendar().week for w in out["week"]]
    return out[list(OVERVIEW_COLUMNS)]


def wards_first(overview: pd.DataFrame) -> list[str]:
    """The wards in the order to look at them: most uncovered shifts first, then most thin, then by id."""
    if overview.empty:
        return []
    per_ward = overview.groupby("ward")[["uncovered", "thin"]].sum().reset_index()
    per_ward = per_ward.sort_values(["uncovered", "thin", "ward"], ascending=[False, False, True])
    return per_ward["ward"].tolist()


def problems_first(overview: pd.DataFrame) -> pd.DataFrame:
    """The ward-weeks with a shift nobody covers (or, thin, without a backup), worst first, then by week."""
    bad = overview[(overview["uncovered"] > 0) | (overview["thin"] > 0)]
    return bad.sort_values(["uncovered", "thin", "week", "ward"], ascending=[False, False, True, True]).reset_index(drop=True)
