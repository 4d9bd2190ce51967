"""The coordinator's burden view: limits over the period, names, busiest first, totals."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from scheduler.domain import Rules
from scheduler.model.demand import make_slots
from scheduler.views.burden import burden_view, weeks_in

SLOTS = make_slots(dt.date(2027, 1, 6), dt.date(2027, 1, 18), Rules())  # Wed week 1 .. Mon week 3


def _burden() -> pd.DataFrame:
    return pd.DataFrame({
        "supporter_id": ["A", "B", "C"], "name": ["Aas, Kari", "", "Berg, Ola"], "home_ward": ["3B", "2A", "1C"],
        "duties": ["2", "5", "0"], "nights": [1, 2, 0], "weekend_duties": [0, 1, 0], "hours": [2.0, 5.0, 0.0],
        "target": [2.0, 2.5, 0.0], "load_ratio": [1.0, 2.0, None], "max_duties_per_week": [3, 2, 3],
        "recent_activity": [0, 3, 0]})


def test_weeks_count_iso_weeks_touched():
    assert weeks_in(SLOTS) == 3
    assert weeks_in(()) == 1


def test_busiest_first_names_and_limits_over_the_period():
    view = burden_view(_burden(), SLOTS, {"A": 4, "B": None})
    assert view.order == ["B", "Aas, Kari", "Berg, Ola"]  # no name: the id; no ratio: last
    limits = dict(zip(view.table["supporter_id"], view.table["limit_period"], strict=True))
    assert limits == {"B": 6, "A": 4, "C": 9}  # weekly limit × 3 weeks, or the lower period limit
    assert (view.duties, view.nights, view.weekend_duties, view.largest_ratio) == (7, 3, 1, 2.0)


def test_without_ratios_the_largest_is_unknown():
    b = _burden().assign(load_ratio=None)
    assert burden_view(b, SLOTS).largest_ratio is None


def test_load_facts_count_the_duties_nobody_else_could_take():
    from conftest import days, make_inputs, plan_and_verify

    from scheduler.domain import Supporter
    from scheduler.views.burden import load_facts

    rows = []
    for i, date in enumerate(days(4)):
        rows += [("a1", "A", date, "D"), ("a2", "A", date, "D"), ("b1", "B", date, "D")]
        if i < 2:
            rows.append(("c1", "C", date, "D"))  # c1 can cover A only on the first two days
    plan, _ = plan_and_verify(make_inputs(rows, [Supporter(employee_id="b1", recent_activity=2), "c1", "a1"]))
    b1 = plan.burden.set_index("supporter_id").loc["b1"].to_dict() | {"supporter_id": "b1"}
    facts = load_facts(plan.instance, b1, plan.rota.duties)
    assert facts.duties == len(plan.rota.duties[plan.rota.duties["supporter_id"] == "b1"])
    assert facts.recent_activity == 2 and facts.weeks_available == 1
    # b1 is the only one who may cover A on days 3 and 4 (c1 is not at work, a1 is from A)
    assert facts.only_one == 2
