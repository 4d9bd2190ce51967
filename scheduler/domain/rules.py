"""The rules of a run with their defaults (README, «Rules and their defaults»), read from
`rules.toml` by scheduler.io.rules_file — and the fallback chain they name (docs/domain.md)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from scheduler.domain.on_call import OnCallRules
from scheduler.domain.types import (
    MAX_PERIOD_DAYS,
    MAX_SLOTS_PER_DAY,
    SlotDef,
    SlotKind,
    SolverSettings,
    Supporter,
    _Frozen,
    _hundredths,
)
from scheduler.tiers import check_priorities

__all__ = ["Rules", "FallbackStep", "OnCallRules", "Supervision", "WEEKDAYS"]

#: Weekday names rules.toml takes (English or Norwegian short forms), Monday = 0.
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
            "man": 0, "tir": 1, "ons": 2, "tor": 3, "fre": 4, "lør": 5, "søn": 6}


class FallbackStep(_Frozen):
    """One step of the fallback chain: whom staff call when no supporter covers their shift (or the
    one on duty does not answer), after the backup (docs/domain.md, «The fallback chain»). Many find
    the leader hardest to talk to, so the leader on duty is a step only when the scheme chooses it."""

    kind: Literal["on_call", "help_line", "leader_on_duty"]
    name: str = Field(default="", max_length=40, pattern=r"^[\w .,()/'-]*$",
                      description="a help line's name, e.g. «bedriftshelsetjenesten» (a name, never a message)")
    phone: str = Field(default="", max_length=32, pattern=r"^([+\d][\d ().-]*)?$")
    hours: str = Field(default="", pattern=r"^(([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)?$",
                       description="when it answers, `HH:MM-HH:MM` (empty: always)")

    @model_validator(mode="after")
    def _help_line_named(self) -> FallbackStep:
        if self.kind == "help_line" and not self.name.strip():
            raise ValueError("a help_line needs its name (e.g. name = \"bedriftshelsetjenesten\")")
        return self


class Supervision(_Frozen):
    """The scheme's regular supervision and debrief meetings for its supporters (`[supervision]`;
    docs/supervision.md): «tilgang til veiledning», «faglig påfyll». One meeting every `every_weeks`
    weeks (per site with `per_site`), of `minutes`, starting on an allowed day between `earliest` and
    `latest_end` − `minutes`, every `step_minutes` — placed where most supporters are at work."""

    every_weeks: int = Field(default=4, ge=1, le=26, description="one meeting in each period of this many weeks")
    minutes: int = Field(default=90, ge=15, le=480, description="how long a meeting lasts")
    days: tuple[str, ...] = Field(default=("mon", "tue", "wed", "thu", "fri"), min_length=1, max_length=7,
                                  description="the weekdays a meeting may be on (mon…sun or man…søn)")
    earliest: dt.time = Field(default=dt.time(8, 0), description="the earliest start")
    latest_end: dt.time = Field(default=dt.time(15, 30), description="the latest end (the same day)")
    step_minutes: int = Field(default=15, ge=5, le=120, description="starts are tried every this many minutes")
    per_site: bool = Field(default=False, description="one meeting per site, for the supporters of that site")

    @field_validator("days")
    @classmethod
    def _known_days(cls, days: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [d for d in days if d.strip().lower() not in WEEKDAYS]
        if unknown:
            raise ValueError(f"unknown weekday {unknown[0]!r}; write mon, tue, wed, thu, fri, sat, sun")
        return tuple(d.strip().lower() for d in days)

    @model_validator(mode="after")
    def _fits_the_day(self) -> Supervision:
        room = (self.latest_end.hour * 60 + self.latest_end.minute) - (self.earliest.hour * 60 + self.earliest.minute)
        if room < self.minutes:
            raise ValueError(f"a meeting of {self.minutes} minutes does not fit between earliest and latest_end")
        return self

    @property
    def weekdays(self) -> frozenset[int]:
        return frozenset(WEEKDAYS[d] for d in self.days)


def _default_fallback() -> tuple[FallbackStep, ...]:
    return (FallbackStep(kind="help_line", name="bedriftshelsetjenesten"),)


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
    fallback: tuple[FallbackStep, ...] = Field(
        default_factory=_default_fallback, max_length=6,
        description="whom staff call when no supporter covers, in order, after the backup (docs/domain.md)")
    turnus_activity_code: str = Field(
        default="KST", min_length=1, max_length=8, pattern=r"^[A-Za-z0-9ÆØÅæøå_-]+$",
        description="the activity code a duty gets in turnus_import.csv (docs/outputs.md)")
    defusing_by_duty_supporter: bool = Field(
        default=True, description="a supporter on an on-site support duty may take a same-shift defusing in another "
        "ward when nobody else can (docs/outreach.md)")
    supervision: Supervision | None = Field(
        default=None, description="regular supervision meetings for the supporters, in their paid time "
        "(docs/supervision.md); off unless the table [supervision] is given")
    outreach_meetings: int = Field(default=1, ge=1, le=3, description="meetings a contact may have to meet the named "
                                   "involved at work when they work different shifts (docs/outreach.md)")
    on_call: OnCallRules | None = Field(
        default=None, description="who is on call from home when nobody on site covers (`[on_call]`; absent: "
                                  "nobody is planned; docs/domain.md, «The on-call supporter»)")
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

    @model_validator(mode="before")
    @classmethod
    def _on_call_in_chain(cls, data: object) -> object:
        """An on-call step without a fixed phone asks for planning (defaults apply); a planned
        on-call supporter is a step of the chain — the first, after the backup, unless placed."""
        if not isinstance(data, dict):
            return data
        steps = data.get("fallback")
        listed = [s if isinstance(s, dict) else s.model_dump() if isinstance(s, FallbackStep) else {}
                  for s in steps] if isinstance(steps, (list, tuple)) else []
        unnumbered = any(s.get("kind") == "on_call" and not s.get("phone") for s in listed)
        if data.get("on_call") is None and unnumbered:
            data = {**data, "on_call": {}}
        if data.get("on_call") is not None and not any(s.get("kind") == "on_call" for s in listed) and (
                steps is None or isinstance(steps, (list, tuple))):
            rest = list(steps) if steps is not None else list(_default_fallback())
            data = {**data, "fallback": [FallbackStep(kind="on_call"), *rest]}
        return data

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

    @property
    def plans_on_call(self) -> bool:
        """Whether an on-call supporter is planned after the main rota."""
        return self.on_call is not None

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
