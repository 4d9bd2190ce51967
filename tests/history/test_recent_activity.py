"""Conversations entered as counts in the store become the supporters' `recent_activity` — where
the planner reads it — for the three calendar months before the period's month; a supporter with
no count entered keeps the one typed in supporters.csv."""

from __future__ import annotations

import dataclasses
import datetime as dt

from conftest import MONDAY

from scheduler.domain import Rules
from scheduler.history.carried import activity_window, history_from
from scheduler.model.demand import build_instance
from scheduler.solve.fairness import share_weights
from scheduler.store.history import HistoryStore
from scheduler.store.outcomes import OutcomeStore


def test_the_window_is_the_three_whole_months_before_the_periods_month():
    assert activity_window(dt.date(2027, 4, 5)) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert activity_window(dt.date(2027, 1, 1)) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def test_the_stores_counts_are_the_planners_recent_activity(tmp_path, three_wards_two_days):
    inputs = three_wards_two_days
    inputs.supporters["c1"] = inputs.supporters["c1"].model_copy(update={"recent_activity": 4})  # typed by hand
    store = OutcomeStore(tmp_path / "s.sqlite3")
    first = MONDAY.replace(day=1)
    before = [(first - dt.timedelta(days=d)).strftime("%Y-%m") for d in (1, 40, 70)]  # the three months before
    store.set_conversations("k@sykehus.no", "a1", before[0], 6)
    store.set_conversations("k@sykehus.no", "a1", before[2], 2)
    store.set_conversations("k@sykehus.no", "b1", before[1], 0)
    store.set_conversations("k@sykehus.no", "b1", MONDAY.strftime("%Y-%m"), 9)  # the period's own month: not recent
    store.set_conversations("k@sykehus.no", "a1", (first - dt.timedelta(days=100)).strftime("%Y-%m"), 50)  # too old
    history, _ = history_from(HistoryStore(store.path), MONDAY, Rules())
    assert history.recent_activity == {"a1": 8, "b1": 0}
    instance = build_instance(dataclasses.replace(inputs, history=history))
    assert {s: instance.supporters[s].recent_activity for s in ("a1", "b1", "c1")} == {"a1": 8, "b1": 0, "c1": 4}
    without = build_instance(inputs)
    slots = {s: range(len(instance.slots)) for s in ("a1", "b1", "c1")}
    assert share_weights(instance, slots)["a1"] < share_weights(without, slots)["a1"]  # lowers a1's share
