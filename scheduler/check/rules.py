"""Every hard rule by its stable id: the registry the report runs and the solver's rule table names.

Each id is the name of one ``check_<id>`` in :mod:`~scheduler.check.eligibility`,
:mod:`~scheduler.check.limits` or :mod:`~scheduler.check.completeness`; the solver's rule table
(`checked_by` in scheduler/solve/limits.py) names these ids, and tests/solve/test_limits.py holds
the two lists to each other — without the checker importing the solver.
"""

from __future__ import annotations

from collections.abc import Callable

from scheduler.check.completeness import (
    check_duty_rows_consistent,
    check_every_demand_ward_slot_reported,
    check_pins,
)
from scheduler.check.context import CheckContext
from scheduler.check.eligibility import (
    check_named_supporter_on_duty,
    check_never_covers_led_ward,
    check_never_covers_own_ward,
    check_same_site,
    check_supporter_available,
)
from scheduler.check.findings import Violation
from scheduler.check.limits import (
    check_consecutive_days,
    check_max_on_duty_per_ward,
    check_one_duty_per_day,
    check_period_duties,
    check_period_nights,
    check_release_keeps_minimum_staffing,
    check_staff_per_duty,
    check_wards_per_duty,
    check_weekly_duties,
    check_weekly_protected_hours,
)
from scheduler.check.written import WrittenRota

__all__ = ["HARD_RULE_CHECKS"]


HARD_RULE_CHECKS: dict[str, Callable[[CheckContext, WrittenRota], list[Violation]]] = {
    "supporter_available": check_supporter_available,
    "never_covers_own_ward": check_never_covers_own_ward,
    "never_covers_led_ward": check_never_covers_led_ward,
    "same_site": check_same_site,
    "named_supporter_on_duty": check_named_supporter_on_duty,
    "one_duty_per_day": check_one_duty_per_day,
    "weekly_duties": check_weekly_duties,
    "weekly_protected_hours": check_weekly_protected_hours,
    "period_duties": check_period_duties,
    "period_nights": check_period_nights,
    "consecutive_days": check_consecutive_days,
    "max_on_duty_per_ward": check_max_on_duty_per_ward,
    "release_keeps_minimum_staffing": check_release_keeps_minimum_staffing,
    "wards_per_duty": check_wards_per_duty,
    "staff_per_duty": check_staff_per_duty,
    "pins": check_pins,
    "every_demand_ward_slot_reported": check_every_demand_ward_slot_reported,
    "duty_rows_consistent": check_duty_rows_consistent,
}
