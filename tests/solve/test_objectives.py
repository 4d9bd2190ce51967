"""The preference tiers' formulations: their lines and bounds are valid and exact on whole duties."""

from __future__ import annotations

import itertools

import pytest

from scheduler.solve.objectives import above_cost, above_secants


@pytest.mark.parametrize(("outside", "unit", "target"), list(itertools.product((0, 100, 1250), (100, 50, 700), (1, 233, 1040, 2999))))
def test_the_secants_give_the_cost_at_every_whole_number_of_units(outside: int, unit: int, target: int) -> None:
    """Brute force: at every whole m the largest secant is the cost itself, never above it."""
    thresholds = [(int(start * target), weight * 7) for start, weight in ((1.0, 1), (1.25, 3), (1.5, 9), (2.0, 27), (3.0, 81))]
    most = 40
    lines = above_secants(outside, unit, thresholds, most)
    for m in range(most + 1):
        cost = above_cost(outside, unit, thresholds, m)
        assert all(slope * m + intercept <= cost for slope, intercept in lines)
        assert max(slope * m + intercept for slope, intercept in lines) == cost
