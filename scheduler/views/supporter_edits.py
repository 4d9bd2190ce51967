"""The supporters list as a table a person edits, and the coordinator's follow-up applied to it.

Two kinds of edits reach the next plan:

- the supporters list itself (limits, training, wards led): edited as a table in the canonical
  `supporters.csv` columns and written back to CSV, so the edited list is read by the same reader
  as an uploaded one (:func:`supporters_table`, :func:`table_to_csv`);
- the coordinator's follow-up: the count of recent conversations and the dates someone is
  unavailable (for example recovering after a heavy case). Only a count and dates, never why
  (:func:`followup_table`, :func:`followup_changes`, :func:`with_followup`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from scheduler.domain import Supporter
from scheduler.io.dates import parse_date_list

__all__ = ["SUPPORTER_COLUMNS", "supporters_table", "table_to_csv", "dates_text", "followup_table",
           "followup_changes", "with_followup", "Followup"]

#: The canonical supporters.csv columns, in order.
SUPPORTER_COLUMNS = ("employee_id", "name", "max_duties_per_week", "max_duties_per_period", "max_nights_per_period",
                     "protected_hours_per_week", "training_valid_until", "leads_wards", "unavailable",
                     "recent_activity", "phone", "last_refresher", "on_call")
_INT_COLUMNS = ("max_duties_per_week", "max_duties_per_period", "max_nights_per_period", "recent_activity")

#: One supporter's follow-up: {"recent_activity": int, "unavailable": [ISO dates]}.
Followup = dict[str, Any]


def dates_text(dates: Iterable[dt.date]) -> str:
    """Dates as `2027-01-04..2027-01-10;2027-02-01` (runs of days become ranges)."""
    days = sorted(dates)
    parts: list[str] = []
    i = 0
    while i < len(days):
        j = i
        while j + 1 < len(days) and (days[j + 1] - days[j]).days == 1:
            j += 1
        parts.append(days[i].isoformat() if i == j else f"{days[i].isoformat()}..{days[j].isoformat()}")
        i = j + 1
    return ";".join(parts)


def supporters_table(supporters: Mapping[str, Supporter]) -> pd.DataFrame:
    """The supporters in the canonical columns; empty limits stay empty (= the rule's default)."""
    rows = [{
        "employee_id": s.employee_id, "name": s.name,
        "max_duties_per_week": s.max_duties_per_week, "max_duties_per_period": s.max_duties_per_period,
        "max_nights_per_period": s.max_nights_per_period, "protected_hours_per_week": s.protected_hours_per_week,
        "training_valid_until": s.training_valid_until, "leads_wards": ";".join(sorted(s.leads_wards)),
        "unavailable": dates_text(s.unavailable), "recent_activity": s.recent_activity, "phone": s.phone,
        "last_refresher": s.last_refresher, "on_call": s.on_call,
    } for s in supporters.values()]
    frame = pd.DataFrame(rows, columns=list(SUPPORTER_COLUMNS))
    for c in _INT_COLUMNS:
        frame[c] = frame[c].astype("Int64")
    frame["protected_hours_per_week"] = frame["protected_hours_per_week"].astype("Float64")
    frame["on_call"] = frame["on_call"].astype(bool)
    for c in ("training_valid_until", "last_refresher"):
        frame[c] = pd.to_datetime(frame[c]).dt.date
    return frame


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def table_to_csv(frame: pd.DataFrame) -> bytes:
    """An edited supporters table back to canonical CSV (UTF-8; a blank cell = the rule's default)."""
    out = frame.copy()
    for c in out.columns:
        out[c] = out[c].map(_cell)
    return out.to_csv(index=False).encode("utf-8")


def followup_table(supporters: Mapping[str, Supporter], names: Mapping[str, str]) -> pd.DataFrame:
    """One row per supporter: id, name, recent conversations (a count) and unavailable dates."""
    frame = pd.DataFrame([{"supporter_id": sid, "name": names.get(sid) or s.name or sid,
                           "recent_activity": s.recent_activity, "unavailable": dates_text(s.unavailable)}
                          for sid, s in supporters.items()],
                         columns=["supporter_id", "name", "recent_activity", "unavailable"])
    frame["recent_activity"] = frame["recent_activity"].astype("Int64")
    return frame


def followup_changes(rows: Iterable[Mapping[str, Any]], as_read: Mapping[str, Supporter]
                     ) -> tuple[dict[str, Followup], dict[str, list[str]]]:
    """The edited follow-up rows that differ from the supporters as read, and per supporter the
    date texts that could not be read (kept out, shown to the person)."""
    changed: dict[str, Followup] = {}
    unreadable: dict[str, list[str]] = {}
    for row in rows:
        sid = str(row["supporter_id"])
        if sid not in as_read:
            continue
        count = row.get("recent_activity")
        dates, bad = parse_date_list(row.get("unavailable") or "")
        if bad:
            unreadable[sid] = bad
        update = {"recent_activity": 0 if count is None or pd.isna(count) else max(0, int(count)),
                  "unavailable": sorted(d.isoformat() for d in dates)}
        before = as_read[sid]
        if (update["recent_activity"] != before.recent_activity
                or set(update["unavailable"]) != {d.isoformat() for d in before.unavailable}):
            changed[sid] = update
    return changed, unreadable


def with_followup(supporters: Mapping[str, Supporter], followup: Mapping[str, Followup]) -> dict[str, Supporter]:
    """The supporters with the coordinator's recent-activity counts and unavailable dates applied."""
    out = {}
    for sid, s in supporters.items():
        change = followup.get(sid)
        if change:
            update: dict[str, Any] = {}
            if "recent_activity" in change:
                update["recent_activity"] = int(change["recent_activity"])
            if "unavailable" in change:
                update["unavailable"] = frozenset(dt.date.fromisoformat(d) for d in change["unavailable"])
            s = s.model_copy(update=update)
        out[sid] = s
    return out
