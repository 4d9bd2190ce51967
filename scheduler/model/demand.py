"""Who works when: demand per ward-slot and availability per supporter-slot (docs/semantics.md).

Vectorised over the whole turnus (a large hospital has over a million rows): every shift is
compared with the slots of the day before, the day itself and the day after, in minutes from the
horizon's first midnight. docs/semantics.md states the rules this module implements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from scheduler.domain import (
    ATTENDANCE_COLUMNS,
    AVAILABILITY_COLUMNS,
    BLOCKED_COLUMNS,
    DEMAND_COLUMNS,
    MAX_PERIOD_DAYS,
    Instance,
    Rules,
    ShiftKind,
    Slot,
    Supporter,
    Ward,
)
from scheduler.errors import InputError, Message, Severity
from scheduler.io.instance_cache import InstanceParts, cached_parts, parts_key
from scheduler.io.types import Inputs

__all__ = ["build_instance", "horizon", "make_slots", "qualifying_slots", "complete_wards"]

_DAY = 1440


def horizon(turnus: pd.DataFrame, rules: Rules) -> tuple[dt.date, dt.date]:
    """The planning dates: the rules' horizon, else every date in the turnus."""
    dates = pd.to_datetime(turnus["date"]) if len(turnus) else pd.Series([], dtype="datetime64[us]")
    first = rules.horizon_start or (dates.min().date() if len(dates) else None)
    last = rules.horizon_end or (dates.max().date() if len(dates) else None)
    if first is None or last is None:
        today = dt.date.today()
        return today, today
    return first, last


def make_slots(first: dt.date, last: dt.date, rules: Rules) -> tuple[Slot, ...]:
    """Every support slot of every date, ordered; index = day × slots per day + position."""
    days = (last - first).days + 1
    return tuple(
        slot_def.on(first + dt.timedelta(days=day), day * len(rules.slots) + pos)
        for day in range(max(days, 0))
        for pos, slot_def in enumerate(rules.slots)
    )


def complete_wards(known: Mapping[str, Ward], seen: pd.Series) -> dict[str, Ward]:
    """The wards file's wards plus a default ward for every ward id only the turnus names."""
    wards = dict(known)
    for ward_id in sorted({str(w) for w in seen.dropna().unique() if str(w)}):
        wards.setdefault(ward_id, Ward(ward_id=ward_id))
    return wards


def qualifying_slots(shifts: pd.DataFrame, first: dt.date, n_days: int, rules: Rules) -> pd.DataFrame:
    """Pairs (shift row, slot index) where the shift overlaps the slot by at least `min_overlap`.

    `shifts` needs `date` (datetime64), `start_min`, `end_min`; the result has `row` (position in
    `shifts`) and `slot`.
    """
    if shifts.empty:
        return pd.DataFrame({"row": np.array([], dtype=np.int64), "slot": np.array([], dtype=np.int64)})
    origin = np.datetime64(first, "D")
    day = (shifts["date"].to_numpy().astype("datetime64[D]") - origin).astype(np.int64)
    start = day * _DAY + shifts["start_min"].to_numpy(dtype=np.int64)
    end = day * _DAY + shifts["end_min"].to_numpy(dtype=np.int64)
    rows = np.arange(len(shifts))
    n_slots = len(rules.slots)
    longest = int(np.ceil(max(1, (end - start).max()) / _DAY)) if len(start) else 1
    found_rows, found_slots = [], []
    for pos, slot_def in enumerate(rules.slots):
        slot_len = int(slot_def.length.total_seconds() // 60)
        need = rules.min_overlap * slot_len
        s_start_of_day = slot_def.start.hour * 60 + slot_def.start.minute
        for offset in range(-1, longest + 1):
            slot_day = day + offset
            s_start = slot_day * _DAY + s_start_of_day
            overlap = np.minimum(end, s_start + slot_len) - np.maximum(start, s_start)
            hit = (overlap >= need - 1e-9) & (slot_day >= 0) & (slot_day < n_days)
            found_rows.append(rows[hit])
            found_slots.append(slot_day[hit] * n_slots + pos)
    return pd.DataFrame({"row": np.concatenate(found_rows), "slot": np.concatenate(found_slots)})


_DTYPES = {"ward": str, "slot": np.int64, "headcount": np.int64, "profession": str, "supporter_id": str,
           "via": str, "reason": str, "employee_id": str}


def _empty(columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """A table with no rows but the right columns and types, so callers need no special case."""
    return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, object)) for c in columns})


def _timed_shifts(turnus: pd.DataFrame, kinds: tuple[ShiftKind, ...]) -> pd.DataFrame:
    timed = turnus[turnus["kind"].isin([k.value for k in kinds])]
    timed = timed[timed["start_min"].notna() & timed["end_min"].notna()]
    return timed.reset_index(drop=True)


def _staffing(work: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Staff at work per ward and slot, every ward (the release rule counts wards without demand too)."""
    if hits.empty:
        return _empty(["ward", "slot", "headcount"])
    frame = pd.DataFrame(
        {
            "ward": work["ward"].to_numpy()[hits["row"]],
            "employee_id": work["employee_id"].to_numpy()[hits["row"]],
            "slot": hits["slot"].to_numpy(),
        }
    ).drop_duplicates()
    staffing = frame.groupby(["ward", "slot"], sort=True).size().rename("headcount").reset_index()
    staffing["slot"] = staffing["slot"].astype(np.int64)
    staffing["headcount"] = staffing["headcount"].astype(np.int64)
    return staffing


def _attendance(work: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Every employee at work per slot, with the ward of the row: outreach meets the staff involved
    in an incident in their own working time (docs/outreach.md)."""
    if hits.empty:
        return _empty(ATTENDANCE_COLUMNS)
    frame = pd.DataFrame({"employee_id": work["employee_id"].astype(str).to_numpy()[hits["row"]],
                          "ward": work["ward"].fillna("").astype(str).to_numpy()[hits["row"]],
                          "slot": hits["slot"].to_numpy().astype(np.int64)})
    return frame.drop_duplicates().sort_values(["slot", "employee_id", "ward"]).reset_index(drop=True)


def _shifts(timed: pd.DataFrame) -> pd.DataFrame:
    """Each supporter's timed shifts as start and end (naive Oslo time): when they are in paid time."""
    dates = pd.to_datetime(timed["date"]).dt.normalize()
    frame = pd.DataFrame({"supporter_id": timed["employee_id"].astype(str),
                          "start": dates + pd.to_timedelta(timed["start_min"].astype(float), unit="m"),
                          "end": dates + pd.to_timedelta(timed["end_min"].astype(float), unit="m")})
    return frame.sort_values(["supporter_id", "start", "end"]).reset_index(drop=True)


def _demand(work: pd.DataFrame, hits: pd.DataFrame, wards: Mapping[str, Ward]) -> pd.DataFrame:
    """Headcount and main profession of staff at work per ward and slot (needs_coverage only)."""
    if hits.empty:
        return _empty(DEMAND_COLUMNS)
    at_work = pd.DataFrame(
        {
            "ward": work["ward"].to_numpy()[hits["row"]],
            "employee_id": work["employee_id"].to_numpy()[hits["row"]],
            "profession": work["profession"].to_numpy()[hits["row"]],
            "slot": hits["slot"].to_numpy(),
        }
    ).drop_duplicates(["ward", "slot", "employee_id"])
    covered = {w for w, ward in wards.items() if ward.needs_coverage}
    at_work = at_work[at_work["ward"].isin(covered)]
    headcount = at_work.groupby(["ward", "slot"], sort=True).size().rename("headcount")
    if headcount.empty:
        return _empty(DEMAND_COLUMNS)
    prof = at_work.assign(profession=at_work["profession"].fillna("").astype(str))
    prof = prof[prof["profession"] != ""]
    top = (
        prof.groupby(["ward", "slot", "profession"], sort=True).size().rename("n").reset_index()
        .sort_values(["ward", "slot", "n", "profession"], ascending=[True, True, False, True])
        .drop_duplicates(["ward", "slot"])
        .set_index(["ward", "slot"])["profession"]
    )
    demand = headcount.to_frame().join(top, how="left").reset_index()
    demand["profession"] = demand["profession"].fillna("").astype(str)
    demand["headcount"] = demand["headcount"].astype(np.int64)
    demand["slot"] = demand["slot"].astype(np.int64)
    return demand[list(DEMAND_COLUMNS)]


def _at_work(at_work: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Every supporter-slot at work (supporter_id, slot, support): from the turnus alone."""
    rows = pd.DataFrame(
        {
            "supporter_id": at_work["employee_id"].to_numpy()[hits["row"]],
            "slot": hits["slot"].to_numpy(),
            "support": at_work["kind"].to_numpy()[hits["row"]] == ShiftKind.SUPPORT.value,
        }
    )
    return rows.groupby(["supporter_id", "slot"], sort=True)["support"].any().reset_index()


def _presence(
    rows: pd.DataFrame,
    supporters: Mapping[str, Supporter],
    home: Mapping[str, str],
    wards: Mapping[str, Ward],
    staffing: pd.DataFrame,
    slots: tuple[Slot, ...],
) -> pd.DataFrame:
    """Every supporter-slot at work (`rows`, :func:`_at_work`), with `reason` why duty is impossible
    ("" when available).

    Reasons: "training" (expired), "unavailable" (a date the coordinator blocked), "release"
    (the home ward would fall below its minimum staffing without this person).
    """
    if rows.empty:
        return _empty(BLOCKED_COLUMNS)
    headcount = {(w, s): h for w, s, h in staffing[["ward", "slot", "headcount"]].itertuples(index=False)}
    reasons = []
    for sid, slot_index, support in rows.itertuples(index=False):
        supporter = supporters[sid]
        slot = slots[slot_index]
        reason = ""
        if not supporter.trained_on(slot.date):
            reason = "training"
        elif slot.date in supporter.unavailable:
            reason = "unavailable"
        elif not support:
            ward = wards.get(home.get(sid, ""))
            minimum = ward.min_staff(slot.kind) if ward else None
            if minimum is not None and headcount.get((ward.ward_id, slot_index), 0) - 1 < minimum:
                reason = "release"
        reasons.append(reason)
    return pd.DataFrame(
        {
            "supporter_id": rows["supporter_id"].astype(str).to_numpy(),
            "slot": rows["slot"].astype(np.int64).to_numpy(),
            "via": np.where(rows["support"].to_numpy(), "support", "work"),
            "reason": np.array(reasons, dtype=object),
        }
    )


def _absent(turnus: pd.DataFrame, supporters: Mapping[str, object]) -> frozenset[tuple[str, dt.date]]:
    """Supporters' dates with an absence row (leave, sick, course): never on call from home then."""
    rows = turnus[(turnus["kind"].astype(str) == ShiftKind.ABSENCE.value)
                  & turnus["employee_id"].astype(str).isin(list(supporters))]
    dates = pd.to_datetime(rows["date"], errors="coerce")
    return frozenset((str(e), d.date()) for e, d in zip(rows["employee_id"], dates, strict=True) if not pd.isna(d))


def _from_turnus(turnus: pd.DataFrame, supporters: Mapping[str, Supporter], wards: Mapping[str, Ward], rules: Rules,
                 first: dt.date, n_days: int) -> dict[str, pd.DataFrame]:
    """What the turnus alone decides (scheduler.io.instance_cache keeps it next to a rota)."""
    work = _timed_shifts(turnus, (ShiftKind.WORK,))
    work_hits = qualifying_slots(work, first, n_days, rules)
    at_work = _timed_shifts(turnus[turnus["employee_id"].isin(list(supporters))], (ShiftKind.WORK, ShiftKind.SUPPORT))
    hits = qualifying_slots(at_work, first, n_days, rules)
    absent = _absent(turnus, supporters)
    return {"demand": _demand(work, work_hits, wards), "staffing": _staffing(work, work_hits),
            "attendance": _attendance(work, work_hits), "shifts": _shifts(at_work),
            "presence": _at_work(at_work, hits) if not hits.empty else _empty(["supporter_id", "slot", "support"]),
            "absent": pd.DataFrame({"supporter_id": [a for a, _ in absent], "date": [d for _, d in absent]},
                                   columns=["supporter_id", "date"])}


def _turnus_parts(inputs: Inputs, supporters: Mapping[str, Supporter], wards: Mapping[str, Ward], first: dt.date,
                  n_days: int, cache_from: Path | None) -> dict[str, pd.DataFrame]:
    """The turnus's own tables: from a rota folder's cache when its key is this run's (a re-plan),
    else derived; kept in `inputs.instance_parts` for the rota folder when the turnus has a cache key."""
    key = inputs.turnus_cache.key if inputs.turnus_cache is not None else None
    if key is None:
        return _from_turnus(inputs.turnus, supporters, wards, inputs.rules, first, n_days)
    key = parts_key(key, wards, inputs.rules, supporters)
    parts = cached_parts(cache_from, key)
    if parts is None:
        parts = InstanceParts(key, _from_turnus(inputs.turnus, supporters, wards, inputs.rules, first, n_days))
    inputs.instance_parts = parts
    return dict(parts.tables)


def build_instance(inputs: Inputs, *, cache_from: Path | None = None) -> Instance:
    """Derive demand and availability from everything read; the one way to make an Instance.
    `cache_from`: a rota folder whose instance cache may stand in for the turnus's own tables."""
    rules = inputs.rules
    turnus = inputs.turnus
    first, last = horizon(turnus, rules)
    if (last - first).days + 1 > MAX_PERIOD_DAYS:  # the readers refuse this first; never build decades of slots
        from scheduler.io.load import period_problem

        no, en = period_problem(turnus, rules) or ("For lang periode.", "The period is too long.")
        raise InputError(Message(severity=Severity.ERROR, text_no=no, text_en=en,
                                 fix_no="Sett horizon_start og horizon_end i rules.toml.",
                                 fix_en="Set horizon_start and horizon_end in rules.toml."))
    slots = make_slots(first, last, rules)
    n_days = (last - first).days + 1
    wards = complete_wards(inputs.wards, pd.concat([turnus["ward"], pd.Series([e.ward for e in inputs.employees.values()], dtype=object)]))
    home = {eid: e.ward for eid, e in inputs.employees.items()}

    parts = _turnus_parts(inputs, inputs.supporters, wards, first, n_days, cache_from)
    staffing = parts["staffing"]
    supporters = {sid: s for sid, s in inputs.supporters.items() if sid in inputs.employees}
    counted = inputs.history.recent_activity if inputs.history is not None else {}
    # Conversations entered in the store (as counts) are the supporter's recent_activity where there are any.
    supporters = {sid: s.model_copy(update={"recent_activity": min(counted[sid], 10_000)}) if sid in counted else s
                  for sid, s in supporters.items()}
    presence = _presence(parts["presence"], supporters, home, wards, staffing, slots)
    free = presence["reason"] == ""
    availability = presence.loc[free, list(AVAILABILITY_COLUMNS)].reset_index(drop=True)
    blocked = presence.loc[~free, list(BLOCKED_COLUMNS)].reset_index(drop=True)

    return Instance(
        rules=rules,
        wards=wards,
        employees=dict(inputs.employees),
        supporters=supporters,
        shift_codes=dict(inputs.shift_codes),
        slots=slots,
        demand=parts["demand"],
        availability=availability,
        blocked=blocked,
        staffing=staffing,
        attendance=parts["attendance"],
        absent=frozenset((str(a), d) for a, d in parts["absent"].itertuples(index=False)),
        shifts=parts["shifts"],
        checksums=dict(inputs.checksums),
        history=inputs.history,
    )
