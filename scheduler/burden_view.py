"""The coordinator's view of the burden: per supporter, load against fair share and limits.

`burden.csv` (docs/outputs.md) has one row per supporter with duties, nights, weekend duties,
hours, the fair-share target and load ÷ target. This module adds what the coordinator reads it
with: the number of ISO weeks in the period, each person's duty limit over the period, a
display name, the busiest first, and the totals. Pure pandas, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from scheduler.domain import Slot

__all__ = ["BurdenView", "burden_view", "weeks_in"]

_NUMERIC = ("duties", "nights", "weekend_duties", "hours", "target", "load_ratio", "max_duties_per_week",
            "recent_activity")


@dataclass(frozen=True)
class BurdenView:
    """`table`: burden.csv with numbers as numbers plus `who` and `limit_period`, busiest first."""

    table: pd.DataFrame
    weeks: int
    duties: int
    nights: int
    weekend_duties: int
    largest_ratio: float | None

    @property
    def order(self) -> list[str]:
        """Display names, busiest (highest load ÷ fair share) first."""
        return self.table["who"].tolist()


def weeks_in(slots: Iterable[Slot]) -> int:
    """How many ISO weeks the period touches (at least 1)."""
    return max(1, len({s.date.isocalendar()[:2] for s in slots}))


def burden_view(burden: pd.DataFrame, slots: Iterable[Slot],
                period_limits: Mapping[str, int | None] | None = None) -> BurdenView:
    """The burden table ready to show.

    `limit_period` is the most duties a supporter may have over the period: their weekly limit
    times the weeks, or their limit for the period when that is lower (`period_limits`, by
    supporter id; known for a draft, not kept with a publication).
    """
    weeks = weeks_in(slots)
    table = burden.copy()
    for c in _NUMERIC:
        if c in table.columns:
            table[c] = pd.to_numeric(table[c], errors="coerce")
    by_week = table["max_duties_per_week"] * weeks
    if period_limits:
        own = table["supporter_id"].map(lambda s: period_limits.get(s)).astype("Float64")
        by_week = by_week.where(own.isna() | (by_week <= own), own)
    table["limit_period"] = by_week
    names = table["name"].fillna("").astype(str)
    table["who"] = names.where(names != "", table["supporter_id"].astype(str))
    table = table.sort_values(["load_ratio", "who"], ascending=[False, True], na_position="last", kind="stable")
    ratio = table["load_ratio"]
    return BurdenView(table=table.reset_index(drop=True), weeks=weeks, duties=int(table["duties"].sum()),
                      nights=int(table["nights"].sum()), weekend_duties=int(table["weekend_duties"].sum()),
                      largest_ratio=float(ratio.max()) if ratio.notna().any() else None)
