"""What a re-plan changed: who gained and who lost which duty, compared with the rota before.

Both sides are `duties.csv` tables (columns `supporter_id, name, date, slot,
start, …`), from a plan in memory or read back from the store; a duty is the same when the
supporter, the date and the slot are.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["duty_changes", "CHANGE_COLUMNS"]

CHANGE_COLUMNS = ("date", "slot", "start", "supporter_id", "name", "change", "wards_covered")
_KEY = ["supporter_id", "date", "slot"]


def _duties(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reindex(columns=["supporter_id", "name", "date", "slot", "start", "wards_covered"]).fillna("")
    return out.astype(str).drop_duplicates(_KEY)


def duty_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """One row per duty gained (`change = "added"`) or lost (`"removed"`), in time order."""
    old, new = _duties(before), _duties(after)
    removed = old.merge(new[_KEY], on=_KEY, how="left", indicator=True)
    removed = removed[removed["_merge"] == "left_only"].assign(change="removed")
    added = new.merge(old[_KEY], on=_KEY, how="left", indicator=True)
    added = added[added["_merge"] == "left_only"].assign(change="added")
    out = pd.concat([removed, added], ignore_index=True).drop(columns="_merge")
    out = out.sort_values(["date", "start", "slot", "change", "supporter_id"], kind="stable")
    return out.reindex(columns=list(CHANGE_COLUMNS)).reset_index(drop=True)
