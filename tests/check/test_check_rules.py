"""scheduler/check/rules.py: the registry of hard rules — every ``check_<rule>`` of the rule modules
is in it under its own id, and nothing else is."""

from __future__ import annotations

import scheduler.check.completeness as completeness
import scheduler.check.eligibility as eligibility
import scheduler.check.limits as limits
from scheduler.check.rules import HARD_RULE_CHECKS


def test_every_rule_has_its_check() -> None:
    checks = {name.removeprefix("check_") for module in (eligibility, limits, completeness)
              for name in dir(module) if name.startswith("check_")}
    assert set(HARD_RULE_CHECKS) == checks
    assert all(fn.__name__ == f"check_{rule}" for rule, fn in HARD_RULE_CHECKS.items())
