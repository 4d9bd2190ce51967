"""The supporters table round trip and the coordinator's follow-up (counts and dates only)."""

from __future__ import annotations

import datetime as dt

from scheduler.domain import Supporter
from scheduler.io import read_supporters
from scheduler.io.types import Source
from scheduler.views.supporter_edits import (
    dates_text,
    followup_changes,
    followup_table,
    supporters_table,
    table_to_csv,
    with_followup,
)

D = dt.date(2027, 1, 4)
SUPPORTERS = {
    "0319": Supporter(employee_id="0319", name="Lars", max_duties_per_week=2, leads_wards=frozenset({"3B", "2A"}),
                      unavailable=frozenset({D, D + dt.timedelta(1), D + dt.timedelta(5)}),
                      training_valid_until=dt.date(2027, 6, 30), phone="+47 22 11 80 00", on_call=True),
    "11468": Supporter(employee_id="11468", recent_activity=4),
}


def test_dates_text_joins_runs_of_days():
    assert dates_text([D + dt.timedelta(i) for i in (0, 1, 2, 5)]) == "2027-01-04..2027-01-06;2027-01-09"
    assert dates_text([]) == ""


def test_the_table_reads_back_as_the_same_supporters():
    csv = table_to_csv(supporters_table(SUPPORTERS))
    again, report = read_supporters(Source("supporters.csv", csv))
    assert not report.errors
    assert again["0319"] == SUPPORTERS["0319"]
    assert again["11468"].max_duties_per_week is None  # blank = the rule's default, kept blank
    assert again["11468"].recent_activity == 4 and again["11468"].on_call is False


def test_followup_keeps_only_real_changes_and_reports_unreadable_dates():
    rows = followup_table(SUPPORTERS, {"0319": "Johnsen, Lars"}).to_dict("records")
    assert rows[0]["name"] == "Johnsen, Lars" and rows[1]["name"] == "11468"
    changed, bad = followup_changes(rows, SUPPORTERS)
    assert changed == {} and bad == {}
    rows[1] |= {"recent_activity": 9, "unavailable": "2027-01-04..2027-01-05;i morgen"}
    changed, bad = followup_changes(rows, SUPPORTERS)
    assert changed == {"11468": {"recent_activity": 9, "unavailable": ["2027-01-04", "2027-01-05"]}}
    assert bad == {"11468": ["i morgen"]}
    after = with_followup(SUPPORTERS, changed)
    assert after["11468"].recent_activity == 9 and after["11468"].unavailable == {D, D + dt.timedelta(1)}
    assert after["0319"] is SUPPORTERS["0319"]
