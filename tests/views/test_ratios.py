"""One rounding rule for the fairness figures (scheduler/views/ratios.py): issue 23 bug 6 — the
busiest shown as 1,86 × and the proven bound as 1,87 ×, *Belastning* and *Oppfølging* apart."""

from __future__ import annotations

import pytest

from scheduler.views.ratios import shown_bound, shown_ratio


@pytest.mark.parametrize(("value", "shown"), [(1.8645, 1.87), (1.865, 1.87), (1.8644, 1.86), (1.8601, 1.86),
                                              (2.0, 2.0), (0.995, 1.0), (1.005, 1.01)])
def test_a_load_is_rounded_half_up_from_its_thousandths(value, shown):
    assert shown_ratio(value) == shown


def test_the_same_thousandths_read_the_same_whatever_was_kept():
    """burden.csv keeps thousandths, the history more: both show one figure (before: 1,86 and 1,87)."""
    exact = 1.86499
    assert shown_ratio(exact) == shown_ratio(round(exact, 3)) == shown_ratio(round(exact, 4)) == 1.87


@pytest.mark.parametrize(("bound", "shown"), [(1.869, 1.86), (1.87, 1.87), (1.8699999999, 1.87), (0.999, 0.99)])
def test_a_bound_is_rounded_down_and_never_reads_above_the_load_it_bounds(bound, shown):
    assert shown_bound(bound) == shown
    assert shown_bound(bound) <= shown_ratio(bound)


def test_nothing_is_shown_as_nothing():
    assert shown_ratio(None) is None and shown_bound(float("nan")) is None
