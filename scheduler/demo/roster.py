"""The turnus of a fictional hospital as a code matrix (employee × date): who works which days,
which shift (nights first, in blocks; then day, evening and long days), leave (summer holidays,
sick days, courses), protected support days (KS), and the minimum staffing that follows from it.

The shift codes and their times are fixed here (SHIFT_TIMES; the built-in table,
scheduler.io.shift_codes, has the same); the messy exports (scheduler.demo.messy) write them.
"""

from __future__ import annotations

from types import MappingProxyType

import holidays
import numpy as np
import pandas as pd

from scheduler.demo.staff import Staff, WardRow

__all__ = ["CODES", "SHIFT_TIMES", "F", "D", "A", "N", "LD", "KS", "FE", "S", "SYK", "KURS", "work_mask",
           "assign_shifts", "add_leave", "support_days", "min_staff"]

#: Codes the generator writes, in the order of the internal code matrix (index = int8 value).
CODES: tuple[str, ...] = ("F", "D", "A", "N", "LD", "KS", "FE", "S", "SYK", "KURS")
F, D, A, N, LD, KS, FE, S, SYK, KURS = range(len(CODES))
#: Start and end of the codes with times (the built-in table, scheduler.io.shift_codes, has the same times).
SHIFT_TIMES: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {"D": ("07:30", "15:30"), "A": ("15:00", "22:30"), "N": ("22:15", "07:45"),
     "LD": ("07:30", "19:30"), "KS": ("08:00", "15:30")}
)


# --- roster --------------------------------------------------------------------------------------

def work_mask(rng: np.random.Generator, staff: Staff, wards: list[WardRow], dates: pd.DatetimeIndex) -> np.ndarray:
    """Which days each employee works: weekdays by random pick, every third weekend for rotations."""
    n, weeks = len(staff.ids), len(dates) // 7
    rotating = ~staff.day_person
    per_week = staff.fte * np.where(staff.night_worker, 3.6, np.where(staff.day_person, 5.0, 4.0))
    k = np.floor(per_week[:, None] + rng.random((n, weeks))).astype(np.int64)
    weekend = rotating[:, None] & ((np.arange(weeks)[None, :] + staff.weekend_group[:, None]) % 3 == 0)
    k_weekday = np.clip(k - 2 * weekend, 0, 5)
    ranks = rng.random((n, weeks, 5)).argsort(axis=2).argsort(axis=2)
    mask = np.zeros((n, weeks, 7), dtype=bool)
    mask[:, :, :5] = ranks < k_weekday[:, :, None]
    mask[:, :, 5:] = weekend[:, :, None]
    mask = mask.reshape(n, weeks * 7)
    closed = np.array([w.kind != "24/7" for w in wards])[staff.ward]
    public = holidays.Norway(years=sorted({d.year for d in dates}))
    holiday = np.array([d.date() in public for d in dates])
    mask[np.ix_(closed, holiday)] = False
    return mask


def _night_targets(wards: list[WardRow], staff: Staff) -> np.ndarray:
    """Nurses on night duty per round-the-clock ward: 2–4 by ward size, 0 elsewhere."""
    counts = np.bincount(staff.ward, minlength=len(wards))
    target = np.clip(np.round(counts / 13.0), 2, 4).astype(np.int64)
    return np.where([w.kind == "24/7" for w in wards], target, 0)


def assign_shifts(rng: np.random.Generator, staff: Staff, wards: list[WardRow], mask: np.ndarray,
                  dates: pd.DatetimeIndex) -> np.ndarray:
    """Turn the work mask into codes day by day: nights first (continuing blocks), then D/A/LD."""
    n, days = mask.shape
    codes = np.full((n, days), F, dtype=np.int8)
    n_wards = len(wards)
    night_target = _night_targets(wards, staff)
    kind = np.array([w.kind for w in wards], dtype=object)
    p_day = np.where(kind == "24/7", 0.56, np.where(kind == "extended", 0.6, 1.0))[staff.ward]
    long_days = (rng.random(n_wards) < 0.3)[staff.ward]
    can_night = ~staff.day_person
    prio = rng.random((days, n))
    u = rng.random((days, n))
    weekend = np.asarray(dates.day_of_week >= 5)
    prev_night = np.zeros(n, dtype=bool)
    for t in range(days):
        work = mask[:, t]
        forced = work & can_night & (staff.night_worker | prev_night)
        need = night_target - np.bincount(staff.ward[forced], minlength=n_wards)
        cand = np.flatnonzero(work & can_night & ~forced)
        order = cand[np.lexsort((prio[t, cand], staff.ward[cand]))]
        grp = staff.ward[order]
        first = np.searchsorted(grp, grp, side="left")
        fresh = order[(np.arange(len(order)) - first) < need[grp]]
        night = forced.copy()
        night[fresh] = True
        rest = work & ~night
        day = rest & (u[t] < p_day)
        codes[rest, t] = A
        codes[day, t] = D
        if weekend[t]:
            codes[day & long_days & (u[t] < 0.2), t] = LD
        codes[night, t] = N
        prev_night = night
    return codes


def add_leave(rng: np.random.Generator, codes: np.ndarray, dates: pd.DatetimeIndex) -> None:
    """Summer FE blocks (ISO weeks 27–32), short FE weeks, sick days S/SYK and courses, in place."""
    n, days = codes.shape
    weekday = np.asarray(dates.day_of_week < 5)
    iso = dates.isocalendar()
    week = np.asarray(iso.week, dtype=np.int64)
    work = (codes == D) | (codes == A) | (codes == N) | (codes == LD)
    vac = np.zeros((n, days), dtype=bool)
    if ((week >= 27) & (week <= 32)).any():
        first = rng.integers(27, 31, n)
        vac |= (week[None, :] >= first[:, None]) & (week[None, :] < first[:, None] + 3)
    week_index = np.arange(days) // 7
    short = np.where(rng.random(n) < 0.07, rng.integers(0, days // 7, n), -1)
    vac |= week_index[None, :] == short[:, None]
    codes[vac] = F
    codes[vac & weekday[None, :]] = FE
    work &= ~vac
    sick_block = rng.random(n) < 0.03
    start = rng.integers(0, days, n)
    length = rng.integers(10, 36, n)
    day_no = np.arange(days)[None, :]
    in_block = sick_block[:, None] & (day_no >= start[:, None]) & (day_no < (start + length)[:, None])
    codes[work & in_block] = SYK
    work &= ~in_block
    r = rng.random((n, days))
    codes[work & (r < 0.03)] = S
    codes[work & weekday[None, :] & (r > 0.992)] = KURS


def support_days(rng: np.random.Generator, codes: np.ndarray, supporters: np.ndarray, dates: pd.DatetimeIndex) -> None:
    """About a third of the supporters have a KS (protected support) day every few weeks, in place."""
    weekday = np.asarray(dates.day_of_week < 5)
    has_ks = supporters[rng.random(len(supporters)) < 0.35]
    for i in has_ks:
        days = np.flatnonzero((codes[i] == D) & weekday)
        k = max(1, len(dates) // 21)
        if len(days):
            codes[i, rng.choice(days, size=min(k, len(days)), replace=False)] = KS


# --- minimum staffing ----------------------------------------------------------------------------

#: Codes counted in each slot's headcount with the default slots and min_overlap 0.5.
_SLOT_CODES: MappingProxyType[str, tuple[int, ...]] = MappingProxyType(
    {"day": (D, LD), "evening": (A, LD), "night": (N,)}
)


def min_staff(rng: np.random.Generator, codes: np.ndarray, staff: Staff, wards: list[WardRow]) -> dict[str, list[int | None]]:
    """Minimum staffing per ward and slot kind: a low quantile of the headcount, blank for some wards."""
    out: dict[str, list[int | None]] = {k: [] for k in _SLOT_CODES}
    blank = rng.random(len(wards)) < 0.2
    for kind, members in _SLOT_CODES.items():
        at = np.isin(codes, members)
        head = np.zeros((len(wards), codes.shape[1]), dtype=np.int64)
        np.add.at(head, staff.ward, at)
        for w, row in enumerate(head):
            open_days = row[row > 0]
            value: int | None = None
            if not blank[w] and wards[w].kind != "admin" and len(open_days) >= 3:
                q = 0.1 if kind == "night" else 0.15
                value = max(1, int(np.quantile(open_days, q)) - (1 if kind == "night" else 0))
            out[kind].append(value)
    return out


