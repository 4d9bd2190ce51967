"""The things people name: shift kinds and codes, slots, wards, employees, supporters, pins, and
the solver's settings — small, immutable pydantic models (scheduler.domain)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["ShiftKind", "SlotKind", "ShiftCode", "SlotDef", "Slot", "Ward", "Employee", "Supporter", "SolverSettings",
           "Pin", "PinAction", "MAX_PERIOD_DAYS", "MAX_SLOTS_PER_DAY"]

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
    on_call: bool = Field(default=False, description="opted in to be on call from home (docs/domain.md, "
                          "«The on-call supporter»)")

    def trained_on(self, date: dt.date) -> bool:
        return self.training_valid_until is None or date <= self.training_valid_until


class SolverSettings(_Frozen):
    time_limit: float = Field(default=60.0, gt=0, le=86_400, description="seconds for the whole run")
    workers: int = Field(default=1, ge=1, le=64, description="CP-SAT search workers")
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    deterministic: bool = Field(default=False, description="repeatable results (single worker, fixed seed)")
    local_replan: bool = Field(default=True, description="re-plan only the weeks a change to a published rota "
                               "touches, the rest kept; false: the whole horizon's model every time")


PinAction = Literal["lock", "forbid"]


class Pin(_Frozen):
    """A single duty the user locked (must stay) or forbade (must never appear)."""

    supporter_id: str
    date: dt.date
    slot: str
    action: PinAction
    ward: str | None = Field(default=None, description="with lock: the ward this supporter must cover")
