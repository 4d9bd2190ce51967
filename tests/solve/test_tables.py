"""burden.csv's exposure: the staff at work in the wards a supporter is the one to call for, summed
over their duties, and × each duty's hours — counted on a rota the independent checker passed."""

from __future__ import annotations

from conftest import days, make_inputs, plan_and_verify

from scheduler.domain import Rules


def test_exposure_counts_the_staff_each_supporter_is_the_call_for() -> None:
    rows = []
    for date in days(2):
        rows += [("a1", "A", date, "D"), ("a2", "A", date, "D"), ("a3", "A", date, "D")]  # three at work in A
        rows += [("b1", "B", date, "D"), ("b2", "B", date, "D")]  # two in B
    inputs = make_inputs(rows, ["a1", "b1"], rules=Rules(max_duties_per_week=7, max_consecutive_days=31))
    plan, report = plan_and_verify(inputs, time_limit=5)
    burden = plan.burden.set_index("supporter_id")
    primary = plan.rota.assignments[plan.rota.assignments["role"] == "primary"]
    for sid in ("a1", "b1"):
        wards = list(primary.loc[primary["supporter_id"] == sid, "ward"])
        staff = sum(3 if w == "A" else 2 for w in wards)
        assert burden.loc[sid, "staff_covered"] == staff
        assert burden.loc[sid, "exposure"] == staff * 1.0  # the default duty is one hour
    assert burden.loc["b1", "staff_covered"] == 6  # b1 is the call for A's three, both days
