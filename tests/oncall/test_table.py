"""on_call.csv's load column: (hours + weight × on-call) ÷ fair share."""

from __future__ import annotations

import pandas as pd

from scheduler.oncall.table import burden_with_on_call, on_call_load


def test_on_call_load() -> None:
    assert on_call_load(3.0, 4.0, 2, 0.25) == 0.875
    assert on_call_load(0.0, 0.0, 0, 0.25) == 0.0 and on_call_load(0.0, 0.0, 1, 0.25) is None


def test_the_burden_gains_two_columns_and_keeps_its_own() -> None:
    burden = pd.DataFrame({"supporter_id": ["1", "2"], "hours": [2.0, 0.0], "target": [2.0, 1.0], "load_ratio": [1.0, 0.0]})
    out = burden_with_on_call(burden, {5: "2", 8: "2"}, 0.5)
    assert out["on_call"].tolist() == [0, 2] and out["on_call_load"].tolist() == [1.0, 1.0]
    assert out["load_ratio"].tolist() == [1.0, 0.0] and "on_call" not in burden.columns
