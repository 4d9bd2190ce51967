"""The planning types: what the readers produce and the optimiser, checker and reports consume.

Small, immutable pydantic models for the things people name (wards, supporters, shift codes,
rules, slots: types.py, rules.py). Bulk data — hundreds of thousands of turnus rows — stays in
pandas DataFrames inside :class:`Instance` (instance.py), because a pydantic object per row would
not read the largest hospitals within the time users wait.
"""

from scheduler.domain.instance import (
    ATTENDANCE_COLUMNS,
    AVAILABILITY_COLUMNS,
    BLOCKED_COLUMNS,
    DEMAND_COLUMNS,
    TURNUS_COLUMNS,
    Instance,
)
from scheduler.domain.rules import FallbackStep, OnCallRules, Rules, Supervision
from scheduler.domain.types import (
    MAX_PERIOD_DAYS,
    MAX_SLOTS_PER_DAY,
    Employee,
    Pin,
    PinAction,
    ShiftCode,
    ShiftKind,
    Slot,
    SlotDef,
    SlotKind,
    SolverSettings,
    Supporter,
    Ward,
)

__all__ = [
    "ShiftKind", "SlotKind", "ShiftCode", "SlotDef", "Slot", "Ward", "Employee", "Supporter", "Rules", "FallbackStep",
    "OnCallRules", "Supervision",
    "SolverSettings", "Pin", "PinAction", "Instance", "TURNUS_COLUMNS", "DEMAND_COLUMNS", "AVAILABILITY_COLUMNS",
    "BLOCKED_COLUMNS", "ATTENDANCE_COLUMNS", "MAX_PERIOD_DAYS", "MAX_SLOTS_PER_DAY",
]
