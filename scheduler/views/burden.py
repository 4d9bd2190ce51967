"""The coordinator's view of the burden: per supporter, load against fair share and limits.

`burden.csv` (docs/outputs.md) has one row per supporter with duties, nights, weekend duties,
hours, the fair-share target and load ÷ target. This module adds what the coordinator reads it
with: the number of ISO weeks in the period, each person's duty limit over the period, a
display name, the busiest first, the totals — and, per supporter, the facts that explain a high
load (:func:`load_facts`). Pure pandas, no Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from scheduler.domain import Instance, Slot
from scheduler.model.eligibility import eligible, profile
from scheduler.solve.limits import limit_week

__all__ = ["BurdenView", "burden_view", "weeks_in", "LoadFacts", "load_facts", "SORTS", "top_of"]

#: How the coordinator may order the list: column, descending. `ratio` is the default (busiest first).
SORTS = {"ratio": ("load_ratio", True), "duties": ("duties", True), "nights": ("nights", True),
         "weekends": ("weekend_duties", True), "hours": ("hours", True), "name": ("who", False)}

_NUMERIC = ("duties", "nights", "weekend_duties", "hours", "target", "load_ratio", "max_duties_per_week",
            "recent_activity", "base_target", "carried_ratio", "staff_covered", "exposure")


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
    return max(1, len({limit_week(s) for s in slots}))


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


def top_of(table: pd.DataFrame, sort: str = "ratio", n: int | None = 20, find: Iterable[str] = ()) -> pd.DataFrame:
    """The rows to draw: those in `find` (supporter ids) when any are given, else the first `n` in the
    order `sort` names (:data:`SORTS`; ties by name) — at 244 supporters a chart of all is 21 screens."""
    column, descending = SORTS.get(sort, SORTS["ratio"])
    ordered = table.sort_values([column, "who"], ascending=[not descending, True], na_position="last", kind="stable")
    wanted = {str(s) for s in find}
    if wanted:
        return ordered[ordered["supporter_id"].astype(str).isin(wanted)].reset_index(drop=True)
    return (ordered if n is None else ordered.head(n)).reset_index(drop=True)


@dataclass(frozen=True)
class LoadFacts:
    """What explains one supporter's load ÷ fair share, in facts a coordinator can check.

    `weeks_available` and `only_one` need the turnus (a draft); for a publication they are None.
    `only_one` counts the duties in slots where nobody else who may cover those wards was
    available — duties the rota could not have given to anyone else.
    """

    supporter_id: str
    duties: int
    hours: float
    target: float
    ratio: float | None
    recent_activity: int
    protected_hours_per_week: float | None
    weeks_available: int | None
    only_one: int | None


def load_facts(instance: Instance, burden_row: Mapping, duties: pd.DataFrame) -> LoadFacts:
    """The facts behind one row of burden.csv (see :class:`LoadFacts`)."""
    sid = str(burden_row["supporter_id"])
    mine = duties[duties["supporter_id"].astype(str) == sid]
    ratio = burden_row.get("load_ratio")
    supporter = instance.supporters.get(sid)
    weeks = only_one = None
    if supporter is not None and len(instance.availability):
        available = instance.availability
        slots_of = available.groupby("supporter_id")["slot"].agg(set).to_dict()
        mine_slots = slots_of.get(sid, set())
        weeks = len({limit_week(instance.slots[i]) for i in mine_slots})
        profiles = {other: profile(instance, other) for other in slots_of if other != sid and other in instance.employees}
        only_one = 0
        for date, slot, wards in mine[["date", "slot", "wards_covered"]].astype(str).itertuples(index=False):
            index = instance.slot_index(dt.date.fromisoformat(date[:10]), slot)
            covered = [w for w in wards.split(";") if w in instance.wards]
            if index is None or not covered:
                continue
            if not any(index in slots_of[o] and any(eligible(instance, p, w) for w in covered)
                       for o, p in profiles.items()):
                only_one += 1
    return LoadFacts(sid, len(mine), float(burden_row.get("hours") or 0.0), float(burden_row.get("target") or 0.0),
                     None if ratio is None or pd.isna(ratio) else float(ratio),
                     int(burden_row.get("recent_activity") or 0),
                     instance.rules.weekly_hours(supporter) if supporter is not None else None, weeks, only_one)
