"""What the inputs imply, recomputed by the checker: slots, demand, availability, home wards.

The checker shares no code with the optimiser (scheduler.model.demand, scheduler.solve.constraints, …):
demand, availability and eligibility are recomputed here from the turnus in plain loops,
following docs/semantics.md to the minute. When optimiser and checker disagree, one of them has a
bug — so this stays simple enough to be read against the document line by line.
:func:`build_context` does it once per check; every rule of a rota, its output files and an
outreach plan is then judged against the :class:`CheckContext` it returns.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from scheduler.domain import Employee, Pin, Rules, Slot, Supporter, Ward
from scheduler.io.types import Inputs

__all__ = ["CheckContext", "DutyKey", "WardSlot", "build_context"]

_DAY = 1440  # minutes
_EPS = 1e-9  # float slack when comparing overlaps and hours

DutyKey = tuple[str, int]  # (supporter_id, slot index)
WardSlot = tuple[str, int]  # (ward, slot index)


@dataclass(frozen=True)
class CheckContext:
    """Everything the checks need, derived once from the inputs (docs/semantics.md).

    Slot indices follow the semantics: day number × slots per day + position. `staff` counts
    everyone with a qualifying work row per ward-slot (whether or not the ward needs cover; the
    release rule uses it); `demand` keeps the ward-slots that need cover. `available` maps a
    supporter-slot to its via ("work"/"support"); `blocked` maps supporter-slots that are at work
    but cannot be on duty to "training", "unavailable" or "release".
    """

    rules: Rules
    slots: tuple[Slot, ...]
    slot_at: Mapping[tuple[dt.date, str], Slot]
    wards: Mapping[str, Ward]
    supporters: Mapping[str, Supporter]
    home: Mapping[str, str]
    names: Mapping[str, str]
    staff: Mapping[WardSlot, int]
    demand: Mapping[WardSlot, int]
    available: Mapping[DutyKey, str]
    blocked: Mapping[DutyKey, str]
    at_work: Mapping[DutyKey, str]
    pins: tuple[Pin, ...] = ()
    employees: Mapping[str, Employee] = field(default_factory=dict)
    absent: frozenset[tuple[str, dt.date]] = frozenset()  # supporter-dates with an absence row (on-call)
    #: each supporter's own shifts (work or support) as start and end: their paid time (supervision)
    work_times: Mapping[str, tuple[tuple[dt.datetime, dt.datetime], ...]] = field(default_factory=dict)

    def who(self, supporter_id: str) -> str:
        name = self.names.get(supporter_id, "")
        return f"{name} ({supporter_id})" if name else supporter_id

    def department(self, ward: str) -> str:
        known = self.wards.get(ward)
        return known.department if known else ward

    def site(self, ward: str) -> str:
        known = self.wards.get(ward)
        return known.site if known else ""

    def min_staff(self, ward: str, slot: Slot) -> int | None:
        known = self.wards.get(ward)
        return known.min_staff(slot.kind) if known else None

    def supporter(self, supporter_id: str) -> Supporter:
        """The supporter, or one with only default limits for an unknown id (flagged elsewhere)."""
        return self.supporters.get(supporter_id) or Supporter(employee_id=supporter_id)


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _clean(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), "").astype(str).str.strip()


def build_context(inputs: Inputs) -> CheckContext:
    """Recompute slots, demand and availability from the turnus, independently of scheduler.model.demand."""
    rules = inputs.rules
    turnus = inputs.turnus
    dates = pd.to_datetime(turnus["date"]).dt.normalize()
    known_dates = dates.dropna()
    first = rules.horizon_start or (known_dates.min().date() if len(known_dates) else None)
    last = rules.horizon_end or (known_dates.max().date() if len(known_dates) else None)

    # Slots: every slot definition on every date of the horizon, in order.
    per_day = len(rules.slots)
    slots: list[Slot] = []
    n_days = (last - first).days + 1 if first and last else 0
    for day in range(max(n_days, 0)):
        for pos, slot_def in enumerate(rules.slots):
            slots.append(slot_def.on(first + dt.timedelta(days=day), day * per_day + pos))  # type: ignore[operator]
    origin = dt.datetime.combine(first or dt.date(2000, 1, 1), dt.time())
    bounds = [(_minutes(s.start - origin), _minutes(s.end - origin)) for s in slots]
    needed = [rules.min_overlap * _minutes(d.length) for d in rules.slots]

    employees = inputs.employees
    employee_ids = _clean(turnus["employee_id"])
    row_wards = _clean(turnus["ward"])
    kinds = _clean(turnus["kind"]).str.lower()
    starts = pd.to_numeric(turnus["start_min"], errors="coerce")
    ends = pd.to_numeric(turnus["end_min"], errors="coerce")
    days = (dates - pd.Timestamp(origin)).dt.days

    # Home ward: the staff register's, else the most frequent ward in the turnus (ties: first by name).
    home = {eid: e.ward for eid, e in employees.items() if e.ward}
    for sid in inputs.supporters:
        if sid not in home:
            counts = Counter(w for w in row_wards[employee_ids == sid] if w)
            if counts:
                home[sid] = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    # Who is at work in which slot: a work/support row qualifies when the overlap reaches
    # min_overlap × slot length. A row without a ward belongs to the employee's home ward.
    staff_sets: dict[WardSlot, set[str]] = defaultdict(set)
    at_work: dict[DutyKey, str] = {}
    timed = kinds.isin(["work", "support"]) & starts.notna() & ends.notna() & days.notna()
    supporter_ids = set(inputs.supporters)
    work_times: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for emp, ward, kind, start, end, day in zip(
        employee_ids[timed], row_wards[timed], kinds[timed], starts[timed], ends[timed], days[timed],
        strict=True,
    ):
        day = int(day)
        shift_start, shift_end = day * _DAY + start, day * _DAY + end
        if emp in supporter_ids:
            work_times[emp].append((origin + dt.timedelta(minutes=float(shift_start)),
                                    origin + dt.timedelta(minutes=float(shift_end))))
        ward = ward or home.get(emp, "")
        for slot_day in range(max(day - 1, 0), min(day + int(end // _DAY) + 1, n_days - 1) + 1):
            for pos in range(per_day):
                t = slot_day * per_day + pos
                slot_start, slot_end = bounds[t]
                overlap = min(shift_end, slot_end) - max(shift_start, slot_start)
                if overlap < needed[pos] - _EPS:
                    continue
                if kind == "work" and ward:
                    staff_sets[(ward, t)].add(emp)
                if emp in supporter_ids and at_work.get((emp, t)) != "support":
                    at_work[(emp, t)] = kind
    staff = {key: len(people) for key, people in staff_sets.items()}

    # Wards: the wards file, plus a default ward (own department, shared site) for any other id.
    wards = dict(inputs.wards)
    for ward_id in sorted({w for w in row_wards.unique() if w} | set(home.values())):
        wards.setdefault(ward_id, Ward(ward_id=ward_id))
    demand = {key: n for key, n in staff.items() if wards[key[0]].needs_coverage}

    # Availability: at work, trained, not an unavailable date, and the home ward can release them.
    available: dict[DutyKey, str] = {}
    blocked: dict[DutyKey, str] = {}
    for (sid, t), via in at_work.items():
        slot, person = slots[t], inputs.supporters[sid]
        own = home.get(sid, "")
        minimum = wards[own].min_staff(slot.kind) if own in wards else None
        if not person.trained_on(slot.date):
            blocked[(sid, t)] = "training"
        elif slot.date in person.unavailable:
            blocked[(sid, t)] = "unavailable"
        elif via == "work" and minimum is not None and staff.get((own, t), 0) - 1 < minimum:
            blocked[(sid, t)] = "release"
        else:
            available[(sid, t)] = via

    # Absence rows (leave, sick, course) of supporters: never on call from home that date.
    absence = (kinds == "absence") & employee_ids.isin(supporter_ids) & days.notna()
    absent = frozenset((emp, (first + dt.timedelta(days=int(day))))  # type: ignore[operator]
                       for emp, day in zip(employee_ids[absence], days[absence], strict=True))

    names = {eid: e.name for eid, e in employees.items() if e.name}
    names.update({sid: s.name for sid, s in inputs.supporters.items() if s.name and sid not in names})
    return CheckContext(
        rules=rules,
        slots=tuple(slots),
        slot_at={(s.date, s.name): s for s in slots},
        wards=wards,
        supporters=dict(inputs.supporters),
        home=home,
        names=names,
        staff=staff,
        demand=demand,
        available=available,
        blocked=blocked,
        at_work=at_work,
        pins=tuple(inputs.pins),
        employees=dict(employees),
        absent=absent,
        work_times={sid: tuple(sorted(spans)) for sid, spans in work_times.items()},
    )
