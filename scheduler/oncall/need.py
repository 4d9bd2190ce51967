"""Which slots need an on-call supporter: every slot where some ward with staff at work has no
supporter on site (the rota's uncovered ward-slots), and — when the rules ask — every night and
every slot of a Norwegian public holiday (docs/domain.md, «The on-call supporter»)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from scheduler.domain import Instance, OnCallRules, SlotKind

__all__ = ["Need", "needed_slots", "public_holidays"]


@dataclass(frozen=True)
class Need:
    """One slot that needs someone on call: why (`uncovered`, `night` or `holiday`) and the wards
    without a supporter on site then (none for a night or holiday asked for by the rules)."""

    t: int
    why: str
    wards: tuple[str, ...] = ()


def public_holidays(dates: Iterable[dt.date]) -> set[dt.date]:
    """Norwegian public holidays (helligdager) among `dates` — Sundays are not holidays here."""
    import holidays

    dates = set(dates)
    years = sorted({d.year for d in dates})
    if not years:
        return set()
    known = holidays.Norway(years=years, include_sundays=False)
    return {d for d in dates if d in known}


def needed_slots(instance: Instance, assignments: pd.DataFrame, rules: OnCallRules) -> list[Need]:
    """The slots that need an on-call supporter, in time order."""
    index = {(s.date.isoformat(), s.name): s.index for s in instance.slots}
    open_wards: dict[int, set[str]] = {}
    uncovered = assignments[(assignments["role"].astype(str) == "primary")
                            & (assignments["supporter_id"].astype(str).isin(["", "nan"]))]
    for date, slot, ward in uncovered[["date", "slot", "ward"]].astype(str).itertuples(index=False):
        t = index.get((date[:10], slot))
        if t is not None:
            open_wards.setdefault(t, set()).add(ward)
    holidays = public_holidays(s.date for s in instance.slots) if rules.also_holidays else set()
    out = []
    for s in instance.slots:
        if s.index in open_wards:
            out.append(Need(s.index, "uncovered", tuple(sorted(open_wards[s.index]))))
        elif rules.also_nights and s.kind is SlotKind.NIGHT:
            out.append(Need(s.index, "night"))
        elif s.date in holidays:
            out.append(Need(s.index, "holiday"))
    return out
