"""The planning types: what the readers produce and the optimiser, checker and reports consume.

Small, immutable pydantic models for the things people name (wards, supporters, shift codes,
rules, slots). Bulk data — hundreds of thousands of turnus rows — stays in pandas DataFrames
inside :class:`Instance`, because a pydantic object per row would not read the largest
hospitals within the time users wait.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from scheduler.carried import History
from scheduler.tiers import check_priorities

__all__ = [
    "ShiftKind",
    "SlotKind",
    "ShiftCode",
    "SlotDef",
    "Slot",
    "Ward",
    "Employee",
    "Supporter",
    "Rules",
    "SolverSettings",
    "Pin",
    "PinAction",
    "Instance",
    "TURNUS_COLUMNS",
    "DEMAND_COLUMNS",
    "AVAILABILITY_COLUMNS",
    "BLOCKED_COLUMNS",
    "MAX_PERIOD_DAYS",
    "MAX_SLOTS_PER_DAY",
]

#: Longest planning period: the rules' horizon, or the turnus dates when the rules set none
#: (docs/inputs.md). A year and a month; a longer turnus is planned a part at a time.
MAX_PERIOD_DAYS = 400
#: Support slots per day.
MAX_SLOTS_PER_DAY = 12


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _hundredths(hours: float | None) -> float | None:
    """Hours are kept in whole hundredths: the model counts them as integers, and the checker
    must add up exactly what the model did (0.334 h three times would be 1.00 h to one and
    1.002 h to the other)."""
    return None if hours is None else round(hours, 2)


class ShiftKind(StrEnum):
    """What a shift code means for support duty."""

    WORK = "work"  # on duty in the ward: creates demand, may be released for support
    SUPPORT = "support"  # protected peer-support time: available without release
    OFF = "off"
    ABSENCE = "absence"  # leave, sick, course: never available

    @property
    def at_work(self) -> bool:
        return self in (ShiftKind.WORK, ShiftKind.SUPPORT)


class SlotKind(StrEnum):
    """Which minimum-staffing column and which night limit a support slot uses."""

    DAY = "day"
    EVENING = "evening"
    NIGHT = "night"


class ShiftCode(_Frozen):
    """One code of a unit's shift-code table; `end <= start` means the shift ends next day."""

    code: str = Field(description="the code as written in the turnus, compared case-insensitively")
    start: dt.time | None = Field(default=None, description="start time; none for off/absence")
    end: dt.time | None = Field(default=None, description="end time; may be earlier than start")
    kind: ShiftKind
    description: str = ""

    @model_validator(mode="after")
    def _times_for_work(self) -> ShiftCode:
        if self.kind.at_work and (self.start is None or self.end is None):
            raise ValueError(f"shift code {self.code!r} is {self.kind.value} but has no start/end time")
        return self

    @property
    def crosses_midnight(self) -> bool:
        return self.start is not None and self.end is not None and self.end <= self.start


class SlotDef(_Frozen):
    """A support slot of every day, e.g. `natt 23:00–07:00` (it belongs to the date it starts)."""

    name: str
    start: dt.time
    end: dt.time
    kind: SlotKind
    duty_hours: float = Field(default=1.0, ge=0, le=24, description="expected support work per duty")

    _duty_hours = field_validator("duty_hours")(_hundredths)

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        if not name.strip() or len(name) > 40:
            raise ValueError("a slot needs a name of 1 to 40 characters")
        return name

    @model_validator(mode="after")
    def _has_length(self) -> SlotDef:
        if self.start == self.end:
            raise ValueError(f"slot {self.name!r} starts and ends at {self.start:%H:%M}: a slot must have a length "
                             "(an end before the start means the next day)")
        return self

    @property
    def length(self) -> dt.timedelta:
        start = dt.datetime.combine(dt.date(2000, 1, 1), self.start)
        end = dt.datetime.combine(dt.date(2000, 1, 1), self.end)
        if self.end <= self.start:
            end += dt.timedelta(days=1)
        return end - start

    def on(self, date: dt.date, index: int) -> Slot:
        start = dt.datetime.combine(date, self.start)
        return Slot(
            index=index,
            date=date,
            name=self.name,
            kind=self.kind,
            start=start,
            end=start + self.length,
            duty_hours=self.duty_hours,
        )


class Slot(_Frozen):
    """One support slot on one date; `index` orders all slots of the horizon."""

    index: int
    date: dt.date
    name: str
    kind: SlotKind
    start: dt.datetime
    end: dt.datetime
    duty_hours: float = 1.0

    @property
    def label(self) -> str:
        return f"{self.date.isoformat()} {self.name}"

    @property
    def is_weekend(self) -> bool:
        """Saturday and Sunday slots, and Friday nights (they run into Saturday)."""
        weekday = self.date.weekday()
        return weekday >= 5 or (weekday == 4 and self.kind is SlotKind.NIGHT)


class Ward(_Frozen):
    ward_id: str
    name: str = ""
    department: str = ""
    site: str = ""
    min_staff_day: int | None = Field(default=None, ge=0, le=10_000)
    min_staff_evening: int | None = Field(default=None, ge=0, le=10_000)
    min_staff_night: int | None = Field(default=None, ge=0, le=10_000)
    needs_coverage: bool = True

    @model_validator(mode="after")
    def _defaults(self) -> Ward:
        # Without a wards file each ward is its own department (docs/semantics.md, «Home ward»).
        if not self.department:
            object.__setattr__(self, "department", self.ward_id)
        if not self.name:
            object.__setattr__(self, "name", self.ward_id)
        return self

    def min_staff(self, kind: SlotKind) -> int | None:
        return {
            SlotKind.DAY: self.min_staff_day,
            SlotKind.EVENING: self.min_staff_evening,
            SlotKind.NIGHT: self.min_staff_night,
        }[kind]


class Employee(_Frozen):
    employee_id: str
    name: str = ""
    ward: str = ""
    profession: str = ""


class Supporter(_Frozen):
    """A trained peer supporter (docs/domain.md); limits left empty fall back to :class:`Rules`."""

    employee_id: str
    name: str = ""
    max_duties_per_week: int | None = Field(default=None, ge=0, le=100)
    max_duties_per_period: int | None = Field(default=None, ge=0, le=5_000)
    max_nights_per_period: int | None = Field(default=None, ge=0, le=MAX_PERIOD_DAYS)
    protected_hours_per_week: float | None = Field(default=None, ge=0, le=168)
    training_valid_until: dt.date | None = None
    last_refresher: dt.date | None = Field(
        default=None, description="date of the last yearly refresher course (docs/history.md, «Training»)")

    _protected_hours = field_validator("protected_hours_per_week")(_hundredths)
    leads_wards: frozenset[str] = frozenset()
    unavailable: frozenset[dt.date] = frozenset()
    recent_activity: int = Field(default=0, ge=0, le=10_000, description="a count of conversations, nothing else")
    phone: str = Field(default="", max_length=32, description="the number staff call (ward notices, who to call now)")

    def trained_on(self, date: dt.date) -> bool:
        return self.training_valid_until is None or date <= self.training_valid_until


class SolverSettings(_Frozen):
    time_limit: float = Field(default=60.0, gt=0, le=86_400, description="seconds for the whole run")
    workers: int = Field(default=1, ge=1, le=64, description="CP-SAT search workers")
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    deterministic: bool = Field(default=False, description="repeatable results (single worker, fixed seed)")


def _default_slots() -> tuple[SlotDef, ...]:
    return (
        SlotDef(name="dag", start=dt.time(8, 0), end=dt.time(15, 0), kind=SlotKind.DAY),
        SlotDef(name="kveld", start=dt.time(15, 30), end=dt.time(22, 0), kind=SlotKind.EVENING),
        SlotDef(name="natt", start=dt.time(23, 0), end=dt.time(7, 0), kind=SlotKind.NIGHT),
    )


class Rules(_Frozen):
    """Every rule with its default (README, «Rules and their defaults»); read from `rules.toml` by
    scheduler.io.rules_file."""

    slots: tuple[SlotDef, ...] = Field(default_factory=_default_slots)
    min_overlap: float = Field(default=0.5, gt=0, le=1, description="share of a slot a shift must overlap")
    separation: Literal["ward", "department"] = "ward"
    same_site: bool = False
    redundancy: Literal[1, 2] = 1
    max_on_duty_per_ward: int = Field(default=1, ge=1, le=50)
    max_wards_per_duty: int | None = Field(default=None, ge=1, le=1_000)
    max_duties_per_day: int = Field(default=1, ge=1, le=MAX_SLOTS_PER_DAY)
    max_duties_per_week: int = Field(default=3, ge=0, le=100)
    max_consecutive_days: int = Field(default=2, ge=1, le=31, description="31 or more: no limit in practice")
    max_duties_per_period: int | None = Field(default=None, ge=0, le=5_000)
    max_nights_per_period: int | None = Field(default=None, ge=0, le=MAX_PERIOD_DAYS)
    protected_hours_per_week: float | None = Field(default=None, ge=0, le=168)
    horizon_start: dt.date | None = None
    horizon_end: dt.date | None = None
    night_shift_date: Literal["start", "most_hours"] = "start"
    activity_weight: float = Field(
        default=0.1, ge=0, le=10, description="how much each recent conversation lowers the fair-share target"
    )
    history_weight: float = Field(
        default=1.0, ge=0, le=1,
        description="how strongly what each supporter carried in earlier periods changes the fair share now "
                    "(0: not at all; docs/history.md)")
    history_months: int = Field(default=12, ge=1, le=36, description="how many months back history counts")
    turnus_activity_code: str = Field(
        default="KST", min_length=1, max_length=8, pattern=r"^[A-Za-z0-9ÆØÅæøå_-]+$",
        description="the activity code a duty gets in turnus_import.csv (docs/outputs.md)")
    priorities: tuple[str, ...] = Field(
        default=(), description="the order of the priorities (scheduler.tiers); unnamed ones follow in the default order")
    solver: SolverSettings = Field(default_factory=SolverSettings)

    _protected_hours = field_validator("protected_hours_per_week")(_hundredths)

    @field_validator("slots")
    @classmethod
    def _unique_slot_names(cls, slots: tuple[SlotDef, ...]) -> tuple[SlotDef, ...]:
        names = [slot.name for slot in slots]
        if len(set(names)) != len(names):
            raise ValueError(f"slot names must be unique, got {names}")
        if not slots:
            raise ValueError("at least one support slot is needed")
        if len(slots) > MAX_SLOTS_PER_DAY:
            raise ValueError(f"at most {MAX_SLOTS_PER_DAY} support slots per day, got {len(slots)}")
        return slots

    @field_validator("priorities")
    @classmethod
    def _known_priorities(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        return check_priorities(names)

    @model_validator(mode="after")
    def _horizon_order(self) -> Rules:
        if self.horizon_start and self.horizon_end and self.horizon_end < self.horizon_start:
            raise ValueError("horizon_end is before horizon_start")
        if self.horizon_start and self.horizon_end and (self.horizon_end - self.horizon_start).days + 1 > MAX_PERIOD_DAYS:
            raise ValueError(f"the horizon is {(self.horizon_end - self.horizon_start).days + 1} days; "
                             f"at most {MAX_PERIOD_DAYS} days can be planned at once")
        return self

    def slot_def(self, name: str) -> SlotDef:
        for slot in self.slots:
            if slot.name == name:
                return slot
        raise KeyError(name)

    # Effective limits for one supporter: the supporter's own value, else the rule's default.
    def weekly_duties(self, s: Supporter) -> int:
        return s.max_duties_per_week if s.max_duties_per_week is not None else self.max_duties_per_week

    def period_duties(self, s: Supporter) -> int | None:
        return s.max_duties_per_period if s.max_duties_per_period is not None else self.max_duties_per_period

    def period_nights(self, s: Supporter) -> int | None:
        return s.max_nights_per_period if s.max_nights_per_period is not None else self.max_nights_per_period

    def weekly_hours(self, s: Supporter) -> float | None:
        if s.protected_hours_per_week is not None:
            return s.protected_hours_per_week
        return self.protected_hours_per_week


PinAction = Literal["lock", "forbid"]


class Pin(_Frozen):
    """A single duty the user locked (must stay) or forbade (must never appear)."""

    supporter_id: str
    date: dt.date
    slot: str
    action: PinAction
    ward: str | None = Field(default=None, description="with lock: the ward this supporter must cover")


# --- bulk tables -------------------------------------------------------------------------------

#: The turnus as the readers return it, one row per shift. `date` is the date the shift starts
#: (datetime64, midnight); `kind` is a ShiftKind value or "unknown" (an unknown code: not at work);
#: `start_min`/`end_min` are minutes after midnight of `date` (end_min > 1440 when the shift ends
#: the next day; both missing for off/absence/unknown); `source`/`row` say where it was read
#: (file name and 1-based line or sheet row) so that every message can point at it.
TURNUS_COLUMNS = ("employee_id", "date", "shift_code", "kind", "start_min", "end_min", "ward",
                  "name", "profession", "source", "row")
#: Demand: one row per ward and slot that needs cover.
DEMAND_COLUMNS = ("ward", "slot", "headcount", "profession")
#: Availability: one row per supporter and slot they may be on duty in.
AVAILABILITY_COLUMNS = ("supporter_id", "slot", "via")
#: Supporter-slots at work but blocked, with why: "training", "unavailable" or "release".
BLOCKED_COLUMNS = ("supporter_id", "slot", "via", "reason")


class Instance(BaseModel):
    """Everything read, and what follows from it: demand per ward-slot, availability per supporter-slot.

    Build it with :func:`scheduler.model.demand.build_instance`; it is never mutated afterwards.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    rules: Rules
    wards: dict[str, Ward]
    employees: dict[str, Employee]
    supporters: dict[str, Supporter]
    shift_codes: dict[str, ShiftCode]
    slots: tuple[Slot, ...]
    demand: pd.DataFrame = Field(description="DEMAND_COLUMNS; slot is the slot index")
    availability: pd.DataFrame = Field(description="AVAILABILITY_COLUMNS; via is 'work' or 'support'")
    blocked: pd.DataFrame = Field(description="BLOCKED_COLUMNS: at work in the slot but not available")
    staffing: pd.DataFrame = Field(description="ward, slot, headcount: staff at work in every ward (release rule)")
    checksums: dict[str, str] = Field(default_factory=dict, description="sha256 of each input file")
    history: History = Field(default_factory=History,
                             description="what each supporter carried before this period (docs/history.md)")

    def slot_index(self, date: dt.date, name: str) -> int | None:
        """The index of the slot `name` on `date`, or None outside the horizon (slots are ordered)."""
        if not self.slots:
            return None
        day = (date - self.slots[0].date).days
        per_day = len(self.rules.slots)
        for pos, slot_def in enumerate(self.rules.slots):
            if slot_def.name == name and 0 <= day * per_day + pos < len(self.slots):
                return day * per_day + pos
        return None

    @property
    def dates(self) -> list[dt.date]:
        return sorted({slot.date for slot in self.slots})
