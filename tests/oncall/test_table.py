"""burden.csv's on-call load: (on-site load + what the on-call slots weigh) ÷ fair share, on the
rules' basis — hours, or exposure (staff-hours)."""

from __future__ import annotations

import pandas as pd

from scheduler.oncall.table import burden_with_on_call, on_call_load


def test_on_call_load() -> None:
    assert on_call_load(3.0, 4.0, 0.5) == 0.875
    assert on_call_load(0.0, 0.0, 0.0) == 0.0 and on_call_load(0.0, 0.0, 0.25) is None


def test_the_burden_gains_two_columns_and_keeps_its_own() -> None:
    burden = pd.DataFrame({"supporter_id": ["1", "2"], "hours": [2.0, 0.0], "target": [2.0, 1.0], "load_ratio": [1.0, 0.0]})
    out = burden_with_on_call(burden, {5: "2", 8: "2"}, {5: 0.5, 8: 0.5})
    assert out["on_call"].tolist() == [0, 2] and out["on_call_load"].tolist() == [1.0, 1.0]
    assert out["load_ratio"].tolist() == [1.0, 0.0] and "on_call" not in burden.columns


def test_under_exposure_the_load_is_exposure_plus_each_slots_staff_hours() -> None:
    burden = pd.DataFrame({"supporter_id": ["1"], "hours": [7.0], "exposure": [70.0], "target": [100.0]})
    out = burden_with_on_call(burden, {5: "1", 8: "1"}, {5: 2.5, 8: 7.5}, "exposure")
    assert out["on_call_load"].tolist() == [0.8]  # (70 + 2.5 + 7.5) ÷ 100, never (7 + 0.5) ÷ 100
