"""on_call.csv (docs/outputs.md): one row per slot that needs an on-call supporter — who, with the
phone staff call, or why nobody — and the burden columns an on-call plan adds (`on_call`: slots on
call; `on_call_load`: (on-site load + what those slots weigh) ÷ fair share, on the rules' basis —
hours, or exposure (scheduler/oncall/basis.py) — the load the on-call model evens out)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from scheduler.domain import Instance
from scheduler.oncall.need import Need

__all__ = ["ON_CALL_COLUMNS", "on_call_frame", "burden_with_on_call", "on_call_load"]

ON_CALL_COLUMNS = ("date", "slot", "start", "end", "need", "wards", "supporter_id", "phone", "reason")


def on_call_frame(instance: Instance, needs: Sequence[Need], chosen: Mapping[int, str],
                  reasons: Mapping[int, str]) -> pd.DataFrame:
    """One row per needed slot, in time order."""
    rows = []
    for need in needs:
        slot = instance.slots[need.t]
        sid = chosen.get(need.t, "")
        rows.append({"date": slot.date.isoformat(), "slot": slot.name,
                     "start": slot.start.isoformat(timespec="minutes"), "end": slot.end.isoformat(timespec="minutes"),
                     "need": need.why, "wards": ";".join(need.wards), "supporter_id": sid,
                     "phone": instance.supporters[sid].phone if sid else "",
                     "reason": "" if sid else reasons.get(need.t, "")})
    return pd.DataFrame(rows, columns=list(ON_CALL_COLUMNS))


def on_call_load(load: float, target: float, added: float) -> float | None:
    """(on-site load + what the on-call slots add) ÷ fair share; 0 for no load, None for load
    without a share."""
    total = load + added
    if target > 0:
        return round(total / target, 3)
    return 0.0 if total == 0 else None


def burden_with_on_call(burden: pd.DataFrame, chosen: Mapping[int, str], slot_load: Mapping[int, float],
                        basis: str = "hours") -> pd.DataFrame:
    """burden.csv with the on-call slots of each supporter and their load counted with them: on-site
    `hours` or `exposure` (the `basis` column) plus `slot_load` of each of their on-call slots."""
    counts: dict[str, int] = {}
    added: dict[str, float] = {}
    for t, sid in chosen.items():
        counts[sid] = counts.get(sid, 0) + 1
        added[sid] = added.get(sid, 0.0) + slot_load[t]
    out = burden.copy()
    out["on_call"] = [counts.get(str(sid), 0) for sid in out["supporter_id"]]
    out["on_call_load"] = [on_call_load(float(v), float(t), added.get(str(sid), 0.0))
                           for sid, v, t in zip(out["supporter_id"], out[basis], out["target"], strict=True)]
    return out
