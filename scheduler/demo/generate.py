"""Deterministic fictional hospitals: turnus, supporters, wards and rules in canonical form.

`generate("S", seed=1)` builds a hospital with two sites, departments of 2–5 wards, round-the-
clock wards (D/A/N with every-third-weekend rotation and dedicated night workers), extended wards
(D/A on weekdays), day-only wards (poliklinikk; an administrative unit that needs no cover),
leave (summer FE blocks, sick days S/SYK, courses KURS) and peer supporters with varied limits.
The same size and seed always give byte-identical files. Everything is fictional: names are
random combinations of common Norwegian first and last names, sites and wards are invented.

This module puts the parts together in their fixed order (the sizes: scheduler.demo.shapes; the
people: staff.py; the turnus: roster.py; the files: files.py), and adds the hard shapes' staff
unit. Run `python -m scheduler.demo.command --size S --seed 1 --out data --messy data/messy`.
"""

from __future__ import annotations

import datetime as dt

import holidays
import numpy as np
import pandas as pd

from scheduler.demo.files import (
    GeneratedHospital,
    rules_toml,
    supporters_frame,
    turnus_frame,
    wards_frame,
)
from scheduler.demo.roster import (
    FE,
    KS,
    F,
    add_leave,
    assign_shifts,
    min_staff,
    support_days,
    work_mask,
)
from scheduler.demo.shapes import SITES, SIZES, SizeSpec
from scheduler.demo.staff import (
    Staff,
    WardRow,
    make_staff,
    make_wards,
    on_call_opt_in,
    pick_supporters,
    random_names,
    supporter_row,
    zero_id_supporter,
)

__all__ = ["generate", "add_staff_unit"]


def add_staff_unit(rng: np.random.Generator, count: int, staff: Staff, wards: list[WardRow],
                   codes: np.ndarray, mins: dict[str, list[int | None]], dates: pd.DatetimeIndex,
                   ) -> tuple[Staff, list[WardRow], np.ndarray, np.ndarray]:
    """An administrative unit of `count` supporters on a KS shift every weekday (not on holidays).

    Returns the extended staff, wards and codes, and the new employees' indices. Drawn from its
    own random stream, so the rest of the hospital is the same as without the unit.
    """
    site = wards[0].site
    dept = next((w.department for w in wards if w.ward.endswith("STAB1")), wards[0].department)
    unit = WardRow(f"{SITES[0][1]}-KST1", "Kollegastøtte og HMS", dept, site, "admin", "admin", 0.3)
    n0, days = codes.shape
    ids = np.array([str(900001 + i) for i in range(count)], dtype=object)
    public = holidays.Norway(years=sorted({d.year for d in dates}))
    weekday = np.array([d.weekday() < 5 and d.date() not in public for d in dates])
    unit_codes = np.where(weekday, KS, F).astype(np.int8)[None, :].repeat(count, axis=0)
    short = rng.integers(0, max(1, days // 7), count)  # a week of leave each
    for i, week in enumerate(short):
        unit_codes[i, week * 7: week * 7 + 5] = FE
    grown = Staff(
        ids=np.concatenate([staff.ids, ids]), names=np.concatenate([staff.names, random_names(rng, count)]),
        ward=np.concatenate([staff.ward, np.full(count, len(wards))]),
        profession=np.concatenate([staff.profession, rng.integers(0, 3, count)]),
        fte=np.concatenate([staff.fte, np.ones(count)]),
        night_worker=np.concatenate([staff.night_worker, np.zeros(count, dtype=bool)]),
        day_person=np.concatenate([staff.day_person, np.ones(count, dtype=bool)]),
        manager=np.concatenate([staff.manager, np.zeros(count, dtype=bool)]),
        weekend_group=np.concatenate([staff.weekend_group, np.zeros(count, dtype=staff.weekend_group.dtype)]),
    )
    for kind in mins:
        mins[kind].append(None)
    return grown, [*wards, unit], np.vstack([codes, unit_codes]), np.arange(n0, n0 + count)


def generate(size: str | SizeSpec, seed: int = 0,
             start: dt.date = dt.date(2027, 1, 4)) -> GeneratedHospital:
    """Generate a fictional hospital of the given size; the same arguments give the same frames."""
    spec = SIZES[size] if isinstance(size, str) else size
    if start.weekday() != 0:
        raise ValueError(f"start must be a Monday, got {start.isoformat()} ({start:%A})")
    rng = np.random.default_rng(seed)
    dates = pd.date_range(start, periods=7 * spec.weeks, freq="D")
    wards = make_wards(rng, spec)
    staff = make_staff(rng, wards, spec.staff)
    codes = assign_shifts(rng, staff, wards, work_mask(rng, staff, wards, dates), dates)
    add_leave(rng, codes, dates)
    mins = min_staff(rng, codes, staff, wards)
    chosen = pick_supporters(rng, staff, len(wards), spec.supporters)
    zero_id_supporter(staff, chosen)
    support_days(rng, codes, chosen, dates)
    ward_ids = [w.ward for w in wards]
    depts = [w.department for w in wards]
    rows = [supporter_row(rng, int(i), staff, ward_ids, depts, dates) for i in chosen]
    if spec.staff_unit:
        staff, wards, codes, unit = add_staff_unit(np.random.default_rng(seed + 7919), spec.staff_unit,
                                                   staff, wards, codes, mins, dates)
        rows += [{"employee_id": staff.ids[i], "name": staff.names[i], "max_duties_per_week": None,
                  "max_duties_per_period": None, "max_nights_per_period": None, "protected_hours_per_week": None,
                  "training_valid_until": None, "leads_wards": "", "unavailable": "", "recent_activity": 0}
                 for i in unit]
    return GeneratedHospital(
        turnus=turnus_frame(staff, wards, codes, dates),
        supporters=supporters_frame(rows if not spec.scheme else [r | {"on_call": on_call_opt_in(str(r["employee_id"]))}
                                                                    for r in rows], spec.scheme),
        wards=wards_frame(wards, mins),
        rules_toml=rules_toml(spec.same_site, spec.scheme),
        seed=seed,
        start=start,
    )


