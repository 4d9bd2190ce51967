"""A small hospital for the what-if tests: supporters only in ward A, so nobody may cover A until
someone from another ward is trained; B's nurses work every day, C's only half the week."""

from __future__ import annotations

from conftest import days, make_inputs

from scheduler.domain import Rules, SolverSettings
from scheduler.io.types import Inputs

SETTINGS = SolverSettings(time_limit=2.0, workers=1, deterministic=True)


def world() -> Inputs:
    rows = []
    for i, date in enumerate(days(7)):
        rows += [("a1", "A", date, "D"), ("a2", "A", date, "D"), ("a3", "A", date, "D")]
        rows += [("b1", "B", date, "D"), ("b2", "B", date, "D"), ("b3", "B", date, "D" if i < 5 else "F")]
        rows += [("c1", "C", date, "D" if i < 3 else "F"), ("c2", "C", date, "D" if i < 3 else "F")]
        rows += [("d1", "B", date, "D" if i % 2 else "F")]  # a doctor in B, every other day
    return make_inputs(rows, ["a1", "a2"], professions={"d1": "lege"},
                       rules=Rules(max_duties_per_week=7, max_consecutive_days=31))
