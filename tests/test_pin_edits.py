"""Locks and forbids kept as rows become pins; unreadable rows are said, not dropped."""

import datetime as dt

from scheduler.pin_edits import pins_from_rows


def test_rows_become_pins_and_bad_rows_are_returned():
    pins, bad = pins_from_rows([
        {"supporter_id": " 0319 ", "date": "2027-01-04", "slot": "natt", "action": "lock"},
        {"supporter_id": "11468", "date": dt.date(2027, 1, 5), "slot": "dag", "action": "forbid"},
        {"supporter_id": "1", "date": "i morgen", "slot": "dag", "action": "lock"},
        {"supporter_id": "2", "date": "2027-01-05", "slot": "dag", "action": ""},
    ])
    assert [(p.supporter_id, p.date, p.slot, p.action) for p in pins] == [
        ("0319", dt.date(2027, 1, 4), "natt", "lock"), ("11468", dt.date(2027, 1, 5), "dag", "forbid")]
    assert bad == ["1 i morgen dag"]
