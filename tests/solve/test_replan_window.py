"""One model of non-adjacent weeks (scheduler.solve.replan_window): only their slots decided, the
days next to each fixed, everything else given — period limits lowered by the duties outside."""

from __future__ import annotations

from conftest import days, make_inputs

from scheduler.domain import Rules, Supporter
from scheduler.model.demand import build_instance
from scheduler.solve.replan_window import weeks_window


def test_two_weeks_apart_are_one_model_with_the_rest_given() -> None:
    d = days(42)
    rows = [("a0", "A", date, "D") for date in d] + [("b1", "B", date, "D") for date in d]
    rules = Rules(max_duties_per_week=7, max_consecutive_days=2)
    instance = build_instance(make_inputs(rows, ["a0", Supporter(employee_id="b1", max_duties_per_period=30)], rules=rules))
    per_day = len(instance.rules.slots)
    duties = {("b1", instance.slot_index(date, "dag")) for date in d[::3]}  # every third day: 14 duties
    w = weeks_window(instance, [(0, 7), (28, 35)], duties)
    assert w.ranges == ((0, 7 * per_day), (28 * per_day, 35 * per_day))
    assert set(w.instance.demand["slot"] // per_day) == set(range(7)) | set(range(28, 35))
    near = {k for k in duties if k[1] // per_day in {7, 8, 26, 27, 35, 36}}
    assert w.fixed == near  # the two days next to each run, and nothing between them
    outside = duties - w.inside(duties) - near
    assert w.instance.supporters["b1"].max_duties_per_period == 30 - len(outside)
    decided = {(sid, int(t)) for sid, t in w.instance.availability[["supporter_id", "slot"]].itertuples(index=False)}
    assert {k for k in decided if not w.decides(k[1])} == near
    assert w.inside(duties) == {k for k in duties if k[1] // per_day in set(range(7)) | set(range(28, 35))}
