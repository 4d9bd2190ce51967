"""Locks and forbids a coordinator sets by hand, kept as plain rows until the next plan.

A row is `{"supporter_id", "date" (ISO), "slot", "action"}` with action `lock` (the duty stays)
or `forbid` (it never appears) — the same columns as `pins.csv` (README, "Inputs").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from scheduler.domain import Instance, Pin

__all__ = ["pins_from_rows", "cell_options", "grid_cells", "pins_after_edit", "with_pin", "swap_candidates", "LOCK",
           "FORBID"]


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


# --- the coordinator's person × day grid ------------------------------------------------------------
#
# One cell per supporter and day holds what the coordinator sees and edits: "" (no duty), a slot
# name ("natt": a planned duty), "lock:<slot>" (that duty must stay, or must come) or
# "forbid:<slot>" (that duty must never appear). Two duties on one day are joined with "+".

LOCK, FORBID = "lock:", "forbid:"


def cell_options(slot_names: Iterable[str]) -> list[str]:
    """Every value a grid cell may take, in the order a person picks from."""
    names = list(slot_names)
    return ["", *names, *(LOCK + s for s in names), *(FORBID + s for s in names)]


def grid_cells(duties: Iterable[Mapping[str, Any]], pin_rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], str]:
    """(supporter id, ISO date) -> cell value, from the rota's duties with the pins laid over them."""
    slots: dict[tuple[str, str], list[str]] = {}
    for d in duties:
        slots.setdefault((str(d["supporter_id"]), str(d["date"])[:10]), []).append(str(d["slot"]))
    pinned: dict[tuple[str, str], dict[str, str]] = {}
    for p in pin_rows:
        if p.get("action") in ("lock", "forbid"):
            pinned.setdefault((str(p["supporter_id"]), str(p["date"])[:10]), {})[str(p["slot"])] = str(p["action"])
    cells = {}
    for key in set(slots) | set(pinned):
        values = []
        pins = pinned.get(key, {})
        for slot in slots.get(key, []):
            values.append(slot if slot not in pins else (LOCK if pins[slot] == "lock" else FORBID) + slot)
        values += [(LOCK if a == "lock" else FORBID) + s for s, a in pins.items() if s not in slots.get(key, [])]
        cells[key] = "+".join(values)
    return cells


def _parts(cell: str) -> dict[str, str]:
    """slot -> "" (planned), "lock" or "forbid"."""
    out = {}
    for part in filter(None, str(cell or "").split("+")):
        if part.startswith(LOCK):
            out[part[len(LOCK):]] = "lock"
        elif part.startswith(FORBID):
            out[part[len(FORBID):]] = "forbid"
        else:
            out[part] = ""
    return out


def pins_after_edit(pin_rows: Iterable[Mapping[str, Any]], before: Mapping[tuple[str, str], str],
                    after: Mapping[tuple[str, str], str]) -> list[dict[str, str]]:
    """The pin rows once the grid's edited cells are applied (cells not in `after` are unchanged).

    A slot picked in an empty cell, or picked instead of the planned one, is locked; a planned duty
    cleared from its cell is forbidden (the other planned one too, when a new one replaces it);
    setting a cell back to the plain planned slot takes its pin away.
    """
    rows = {(str(p["supporter_id"]), str(p["date"])[:10], str(p["slot"])): dict(p, date=str(p["date"])[:10])
            for p in pin_rows if p.get("action") in ("lock", "forbid")}
    for key, new_cell in after.items():
        old_cell = before.get(key, "")
        if (new_cell or "") == (old_cell or ""):
            continue
        sid, day = key
        old, new = _parts(old_cell), _parts(new_cell)
        for slot in set(old) | set(new):
            action = new.get(slot)
            if action is None:  # gone from the cell: a planned duty is forbidden, a pin is taken away
                rows.pop((sid, day, slot), None)
                if old.get(slot) in ("", "lock"):
                    rows[(sid, day, slot)] = {"supporter_id": sid, "date": day, "slot": slot, "action": "forbid"}
            elif action == "" and slot not in old:  # a slot picked as a plain duty: it must come
                rows[(sid, day, slot)] = {"supporter_id": sid, "date": day, "slot": slot, "action": "lock"}
            elif action == "":
                rows.pop((sid, day, slot), None)
            else:
                rows[(sid, day, slot)] = {"supporter_id": sid, "date": day, "slot": slot, "action": action}
    return sorted(rows.values(), key=lambda r: (r["date"], r["supporter_id"], r["slot"]))


# --- one click on a duty (the plan and coverage pages) ---------------------------------------------------

def with_pin(pin_rows: Iterable[Mapping[str, Any]], supporter_id: str, date: str, slot: str,
             action: str | None) -> list[dict[str, str]]:
    """The pin rows with (supporter, date, slot) set to `action` (`lock`, `forbid`, or None: no pin)."""
    key = (str(supporter_id), str(date)[:10], str(slot))
    rows = {(str(p["supporter_id"]), str(p["date"])[:10], str(p["slot"])): dict(p, date=str(p["date"])[:10])
            for p in pin_rows if p.get("action") in ("lock", "forbid")}
    rows.pop(key, None)
    if action in ("lock", "forbid"):
        rows[key] = {"supporter_id": key[0], "date": key[1], "slot": key[2], "action": action}
    return sorted(rows.values(), key=lambda r: (r["date"], r["supporter_id"], r["slot"]))


def swap_candidates(instance: Instance, duties: Iterable[Mapping[str, Any]], date: str, slot: str,
                    wards: Iterable[str] = ()) -> list[str]:
    """Who could take a duty instead: available in that slot (at work or on a support shift, trained,
    released; docs/semantics.md), without a duty that day, and not from a ward the duty covers.
    The other hard rules (limits, eligibility for every ward) are the solver's to keep when it re-plans."""
    day = dt.date.fromisoformat(str(date)[:10])
    index = instance.slot_index(day, str(slot))
    if index is None or instance.availability.empty:
        return []
    available = set(instance.availability.loc[instance.availability["slot"] == index, "supporter_id"].astype(str))
    busy = {str(d["supporter_id"]) for d in duties if str(d["date"])[:10] == day.isoformat()}
    covered = set(wards)
    home = {e: emp.ward for e, emp in instance.employees.items()}
    return sorted(s for s in available - busy if home.get(s) not in covered)
