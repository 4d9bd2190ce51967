"""The bulk tables (turnus, demand, availability …) as pandas frames, and :class:`Instance`:
everything read and what follows from it, built once by scheduler.model.demand.build_instance."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from scheduler.carried import History
from scheduler.domain.rules import Rules
from scheduler.domain.types import Employee, ShiftCode, Slot, Supporter, Ward

__all__ = ["Instance", "TURNUS_COLUMNS", "DEMAND_COLUMNS", "AVAILABILITY_COLUMNS", "BLOCKED_COLUMNS",
           "ATTENDANCE_COLUMNS", "SHIFT_COLUMNS"]

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
#: Who is at work (a work row of their own turnus) in which slot, on which ward (docs/outreach.md).
ATTENDANCE_COLUMNS = ("employee_id", "ward", "slot")
#: Each supporter's own shifts (work or support) as start and end times: paid time (supervision).
SHIFT_COLUMNS = ("supporter_id", "start", "end")


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
    attendance: pd.DataFrame = Field(default_factory=lambda: pd.DataFrame(columns=list(ATTENDANCE_COLUMNS)),
                                     description="ATTENDANCE_COLUMNS: every employee at work per slot (outreach)")
    absent: frozenset[tuple[str, dt.date]] = Field(
        default=frozenset(), description="(supporter, date) with an absence row (leave, sick, course) in the "
                                         "turnus: never on call from home then (docs/domain.md)")
    shifts: pd.DataFrame = Field(default_factory=lambda: pd.DataFrame(columns=list(SHIFT_COLUMNS)),
                                 description="SHIFT_COLUMNS: every supporter's own shifts (supervision meetings)")
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
