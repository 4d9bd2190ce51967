"""Load follow-up for the coordinator: who carried much over the history window, and why they
might need a break or a talk (docs/history.md, «Load follow-up»).

Flags, each a count against a line stated here:

- **above share** — load (duty hours and outreach contacts) above `FLAG_RATIO` (1.5) × the fair
  share over the window;
- **many nights**, **many weekends** — at least 3, and above 1.5 × the supporter's even part of
  all nights (weekend duties) in the window, the even part following their fair share;
- **heavy lately** — load in the last 90 days above 1.5 × the fair share of those days;
- **many conversations** — recent conversations (`recent_activity`) and outreach contacts in the
  last 90 days together at least 5, and at least twice the median of all supporters.

Counts only: nothing here knows what a conversation was about. Pure functions; the app's
follow-up page shows them, only to the coordinator.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from scheduler.carried import History
from scheduler.solve.fairness import FLAG_RATIO

__all__ = ["FlagCode", "LoadFlag", "load_flags", "load_followup_table", "MIN_NIGHTS_WEEKENDS", "MIN_ACTIVITY",
           "FOLLOWUP_COLUMNS"]

FlagCode = Literal["above_share", "many_nights", "many_weekends", "heavy_lately", "many_conversations"]
#: Fewer nights or weekend duties than this are never "many", whatever the shares say.
MIN_NIGHTS_WEEKENDS = 3
#: Fewer conversations and contacts than this are never "many".
MIN_ACTIVITY = 5
FOLLOWUP_COLUMNS = ("supporter_id", "duties", "hours", "nights", "weekend_duties", "contacts", "fair_share_hours",
                    "ratio", "recent_duties", "recent_ratio", "recent_activity", "flags")


@dataclass(frozen=True)
class LoadFlag:
    """One reason to follow a supporter up: `value` against `line` (both counts or ratios)."""

    supporter_id: str
    code: FlagCode
    value: float
    line: float


def _even_part(history: History, sid: str, field: str) -> float:
    """The supporter's even part of all `field` (nights, weekend duties) in the window, by fair share."""
    shares = {s: c.fair_share_hours for s, c in history.carried.items() if c.fair_share_hours > 0}
    total_share = sum(shares.values())
    if sid not in shares or total_share <= 0:
        return 0.0
    return sum(getattr(history.carried[s], field) for s in shares) * shares[sid] / total_share


def load_flags(history: History, recent: History, activity: Mapping[str, int]) -> list[LoadFlag]:
    """Every flag of every supporter (see the module's docstring), ordered by supporter.

    `history` is the window (default 12 months), `recent` the last 90 days, `activity` each
    supporter's recent conversations (a count)."""
    flags: list[LoadFlag] = []
    counts = {sid: activity.get(sid, 0) + (recent.carried[sid].contacts if sid in recent.carried else 0)
              for sid in set(activity) | set(recent.carried)}
    median = statistics.median(counts.values()) if counts else 0
    for sid in sorted(set(history.carried) | set(counts)):
        c = history.carried.get(sid)
        if c is not None:
            if c.ratio is not None and c.ratio > FLAG_RATIO + 1e-9:
                flags.append(LoadFlag(sid, "above_share", round(c.ratio, 2), FLAG_RATIO))
            for field, code in (("nights", "many_nights"), ("weekend_duties", "many_weekends")):
                even = _even_part(history, sid, field)
                value = getattr(c, field)
                if value >= MIN_NIGHTS_WEEKENDS and value > FLAG_RATIO * even + 1e-9:
                    flags.append(LoadFlag(sid, code, round(value, 1), round(FLAG_RATIO * even, 1)))  # type: ignore[arg-type]
        r = recent.carried.get(sid)
        if r is not None and r.ratio is not None and r.ratio > FLAG_RATIO + 1e-9:
            flags.append(LoadFlag(sid, "heavy_lately", round(r.ratio, 2), FLAG_RATIO))
        line = max(MIN_ACTIVITY, 2 * median)
        if counts.get(sid, 0) >= line:
            flags.append(LoadFlag(sid, "many_conversations", counts[sid], line))
    return flags


def load_followup_table(history: History, recent: History, activity: Mapping[str, int],
                        supporters: list[str] | None = None) -> pd.DataFrame:
    """One row per supporter (:data:`FOLLOWUP_COLUMNS`): the window's counts, the last 90 days, the
    flags' codes (`;`-separated); the most flags first, then the highest ratio."""
    flags: dict[str, list[str]] = {}
    for f in load_flags(history, recent, activity):
        flags.setdefault(f.supporter_id, []).append(f.code)
    ids = supporters if supporters is not None else sorted(set(history.carried) | set(activity))
    rows = []
    for sid in ids:
        c, r = history.carried.get(sid), recent.carried.get(sid)
        rows.append({
            "supporter_id": sid,
            "duties": round(c.duties, 1) if c else 0.0,
            "hours": round(c.hours, 1) if c else 0.0,
            "nights": round(c.nights, 1) if c else 0.0,
            "weekend_duties": round(c.weekend_duties, 1) if c else 0.0,
            "contacts": round(c.contacts, 1) if c else 0.0,
            "fair_share_hours": round(c.fair_share_hours, 1) if c else 0.0,
            "ratio": round(c.ratio, 3) if c and c.ratio is not None else None,  # as burden.csv (views/ratios.py)
            "recent_duties": round(r.duties, 1) if r else 0.0,
            "recent_ratio": round(r.ratio, 3) if r and r.ratio is not None else None,
            "recent_activity": int(activity.get(sid, 0)),
            "flags": ";".join(flags.get(sid, [])),
        })
    table = pd.DataFrame(rows, columns=list(FOLLOWUP_COLUMNS))
    if table.empty:
        return table
    table["_n"] = table["flags"].map(lambda f: len(f.split(";")) if f else 0)
    table = table.sort_values(["_n", "ratio", "supporter_id"], ascending=[False, False, True], na_position="last")
    return table.drop(columns="_n").reset_index(drop=True)
