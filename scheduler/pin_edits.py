"""Locks and forbids a coordinator sets by hand, kept as plain rows until the next plan.

A row is `{"supporter_id", "date" (ISO), "slot", "action"}` with action `lock` (the duty stays)
or `forbid` (it never appears) — the same columns as `pins.csv` (README, "Inputs").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from scheduler.domain import Pin

__all__ = ["pins_from_rows"]


def pins_from_rows(rows: Iterable[Mapping[str, Any]]) -> tuple[list[Pin], list[str]]:
    """Pins from kept rows; rows that cannot be read come back as text (shown), never dropped."""
    pins, bad = [], []
    for row in rows:
        action = str(row.get("action") or "")
        if action not in ("lock", "forbid"):
            continue
        try:
            date = row["date"]
            date = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date))
            pins.append(Pin(supporter_id=str(row["supporter_id"]).strip(), date=date, slot=str(row["slot"]).strip(),
                            action=action))
        except (KeyError, TypeError, ValueError):
            bad.append(f"{row.get('supporter_id')} {row.get('date')} {row.get('slot')}")
    return pins, bad
