"""Locks and forbids kept as rows become pins; unreadable rows are said, not dropped."""

import datetime as dt

from scheduler.views.pin_edits import pins_from_rows


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


from scheduler.views.pin_edits import cell_options, grid_cells, pins_after_edit  # noqa: E402

DUTIES = [{"supporter_id": "1", "date": "2027-01-04", "slot": "natt"}, {"supporter_id": "2", "date": "2027-01-04", "slot": "dag"}]


def test_the_grid_shows_duties_with_pins_laid_over():
    pins = [{"supporter_id": "1", "date": "2027-01-04", "slot": "natt", "action": "lock"},
            {"supporter_id": "2", "date": "2027-01-05", "slot": "kveld", "action": "forbid"}]
    cells = grid_cells(DUTIES, pins)
    assert cells == {("1", "2027-01-04"): "lock:natt", ("2", "2027-01-04"): "dag", ("2", "2027-01-05"): "forbid:kveld"}
    assert cell_options(["dag", "natt"]) == ["", "dag", "natt", "lock:dag", "lock:natt", "forbid:dag", "forbid:natt"]


def test_editing_cells_locks_forbids_and_takes_pins_away():
    before = grid_cells(DUTIES, [])
    pins = pins_after_edit([], before, {("1", "2027-01-04"): "",              # a planned duty cleared: forbid it
                                        ("2", "2027-01-04"): "lock:dag",      # keep this one
                                        ("3", "2027-01-06"): "kveld"})        # a new duty picked: it must come
    assert [(p["supporter_id"], p["date"], p["slot"], p["action"]) for p in pins] == [
        ("1", "2027-01-04", "natt", "forbid"), ("2", "2027-01-04", "dag", "lock"), ("3", "2027-01-06", "kveld", "lock")]
    again = grid_cells(DUTIES, pins)
    undone = pins_after_edit(pins, again, {("2", "2027-01-04"): "dag", ("1", "2027-01-04"): "natt"})
    assert [(p["supporter_id"], p["action"]) for p in undone] == [("3", "lock")]
    moved = pins_after_edit([], before, {("1", "2027-01-04"): "dag"})  # another slot that day
    assert sorted((p["slot"], p["action"]) for p in moved) == [("dag", "lock"), ("natt", "forbid")]
