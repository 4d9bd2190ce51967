"""Hours in whole hundredths: the one unit of duty hours in the model and in its bounds.

CP-SAT counts in integers, so the model keeps duty hours as hundredths (1.25 h → 125); the
domain rounds every hour value to hundredths when it is read, so nothing is lost. The
independent checker keeps its own re-statement on purpose (scheduler.check).
"""

from __future__ import annotations

__all__ = ["HOURS_SCALE", "centi_hours"]

#: Duty hours are whole hundredths in the model.
HOURS_SCALE = 100


def centi_hours(hours: float) -> int:
    """`hours` in whole hundredths of an hour (1.25 → 125)."""
    return round(hours * HOURS_SCALE)
