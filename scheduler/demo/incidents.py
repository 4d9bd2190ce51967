"""Fictional incidents for a generated hospital: at night, on a weekend and on a public holiday,
the staff involved being those at work on the ward when it happened (docs/outreach.md).

Test data for incident outreach: `demo_incidents(instance)` picks, deterministically from the seed,
wards that need cover and moments of each kind — a weekday night (02:00 and 05:30, the second so
late that the night slot is nearly over), a Saturday afternoon and a Norwegian public holiday —
and names 2–4 of the staff at work on the ward then (by employee id); each moment once more on
another ward given as counts per profession, one of them with a defusing. Never what happened.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import holidays
import pandas as pd

from scheduler.domain import Instance
from scheduler.incidents import Incident, next_generated_id

__all__ = ["incident_moments", "demo_incidents", "incidents_csv", "write_demo_incidents"]


def incident_moments(instance: Instance, week: int = 1) -> list[tuple[str, dt.datetime]]:
    """(kind, moment) of each kind of incident: the nights and the weekend in the `week`-th week of the
    period (0: the first), the holiday in the first two thirds of the period where it can, so that
    follow-ups fall inside it."""
    if not instance.slots:
        return []
    first, last = instance.slots[0].date, instance.slots[-1].date
    early = first + dt.timedelta(days=max((last - first).days * 2 // 3, 1))
    days = [first + dt.timedelta(days=d) for d in range((last - first).days + 1)]
    public = holidays.Norway(years=sorted({d.year for d in days}))
    weekday = next((d for d in days[7 * week:] if d.weekday() == 1), days[0])
    saturday = next((d for d in days[7 * week:] if d.weekday() == 5), days[-1])
    holiday = next((d for d in days if d in public and d <= early), None) or next((d for d in days if d in public), None)
    out = [("night", dt.datetime.combine(weekday, dt.time(2, 0))),
           ("late_night", dt.datetime.combine(weekday + dt.timedelta(days=7), dt.time(5, 30))),
           ("weekend", dt.datetime.combine(saturday, dt.time(13, 0)))]
    if holiday is not None:
        out.append(("holiday", dt.datetime.combine(holiday, dt.time(10, 0))))
    return out


def _at_work(instance: Instance, moment: dt.datetime) -> dict[str, list[str]]:
    """Staff at work per ward in the slot under way at `moment`."""
    slots = [s.index for s in instance.slots if s.start <= moment < s.end]
    att = instance.attendance
    here = att[att["slot"].isin(slots)]
    out: dict[str, list[str]] = defaultdict(list)
    for eid, ward in here[["employee_id", "ward"]].drop_duplicates().itertuples(index=False):
        out[str(ward)].append(str(eid))
    return {w: sorted(ids) for w, ids in out.items()}


def demo_incidents(instance: Instance, seed: int = 1, week: int = 1) -> list[Incident]:
    """Incidents of every kind of :func:`incident_moments` (in the `week`-th week): one named by
    employee ids, one given as counts per profession (on another ward), on wards that need cover
    with staff at work then."""
    rng = random.Random(seed)
    out: list[Incident] = []
    covered = {w for w, ward in instance.wards.items() if ward.needs_coverage}
    for k, (_, moment) in enumerate(incident_moments(instance, week)):
        staffed = _at_work(instance, moment)
        wards = sorted(w for w, ids in staffed.items() if w in covered and len(ids) >= 2)
        if not wards:
            continue
        named_ward, counted_ward = rng.sample(wards, 2) if len(wards) >= 2 else (wards[0], wards[0])
        ids = tuple(rng.sample(staffed[named_ward], min(len(staffed[named_ward]), rng.randint(2, 4))))
        taken = [i.incident_id for i in out]
        out.append(Incident(incident_id=next_generated_id(moment, taken), wards=(named_ward,), occurred=moment,
                            involved_ids=ids))
        people = rng.sample(staffed[counted_ward], min(len(staffed[counted_ward]), rng.randint(2, 4)))
        counts = Counter(instance.employees[e].profession or "" for e in people if e in instance.employees)
        counts.pop("", None)
        if counts:
            out.append(Incident(incident_id=next_generated_id(moment, [*taken, out[-1].incident_id]),
                                wards=(counted_ward,), occurred=moment, involved_counts=dict(counts),
                                defusing=k == 0))
    return out


def incidents_csv(incidents: Sequence[Incident], path: Path) -> Path:
    """incidents.csv as the command line reads it (docs/outreach.md)."""
    rows = [{"incident_id": i.incident_id, "ward": ";".join(i.wards), "occurred": f"{i.occurred:%Y-%m-%d %H:%M}",
             "involved": ";".join([*i.involved_ids, *(f"{p}:{n}" for p, n in sorted(i.involved_counts.items()))]),
             "defusing": "ja" if i.defusing else "nei"} for i in incidents]
    pd.DataFrame(rows, columns=["incident_id", "ward", "occurred", "involved", "defusing"]).to_csv(
        path, index=False, encoding="utf-8")
    return path


def write_demo_incidents(folder: Path, seed: int = 1) -> Path:
    """incidents.csv for the hospital whose canonical files are in `folder` (`scheduler generate
    --incidents`): read as the command line reads them, so the people are those at work then."""
    from scheduler.io import load_paths
    from scheduler.model.demand import build_instance

    inputs = load_paths([folder / "turnus.csv"], folder / "supporters.csv", wards_path=folder / "wards.csv",
                        rules_path=folder / "rules.toml")
    return incidents_csv(demo_incidents(build_instance(inputs), seed=seed), folder / "incidents.csv")
