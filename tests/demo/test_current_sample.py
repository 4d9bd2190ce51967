"""The sample moved to the current weeks (scheduler/demo/current.py): what `make run` loads."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from scheduler.demo.current import first_monday, sample_for_week_of, shift_dates

DATA = Path(__file__).resolve().parents[2] / "data"
NAMES = ("turnus.csv", "supporters.csv", "wards.csv", "rules.toml")


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return {name: (DATA / name).read_bytes() for name in NAMES}


def _frame(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


def test_the_files_keep_their_own_dates(files) -> None:
    assert first_monday(files["turnus.csv"]) == dt.date(2027, 1, 4)


@pytest.mark.parametrize("today", [dt.date(2026, 12, 7), dt.date(2026, 12, 10), dt.date(2026, 12, 13),
                                   dt.date(2027, 3, 3), dt.date(2026, 1, 5)])
def test_the_sample_starts_on_the_monday_of_the_current_week(files, today: dt.date) -> None:
    moved = sample_for_week_of(files, today)
    monday = today - dt.timedelta(days=today.weekday())
    before, after = _frame(files["turnus.csv"]), _frame(moved["turnus.csv"])
    assert first_monday(moved["turnus.csv"]) == monday == dt.date.fromisoformat(after["date"].min())
    assert len(after) == len(before)
    shift = dt.date.fromisoformat(after["date"].min()) - dt.date.fromisoformat(before["date"].min())
    assert shift.days % 7 == 0
    old = pd.to_datetime(before["date"])
    new = pd.to_datetime(after["date"])
    assert ((new - old) == pd.Timedelta(days=shift.days)).all()  # every row by the same weeks: weekdays kept
    assert (after.drop(columns="date") == before.drop(columns="date")).all().all()
    assert moved["wards.csv"] == files["wards.csv"] and moved["rules.toml"] == files["rules.toml"]


def test_training_unavailable_days_and_incidents_move_with_it(files) -> None:
    moved = sample_for_week_of({**files, "incidents.csv": (DATA / "incidents.csv").read_bytes()}, dt.date(2026, 12, 7))
    before, after = _frame(files["supporters.csv"]), _frame(moved["supporters.csv"])
    row = before.index[before["unavailable"].str.contains(";")][0]
    assert before.loc[row, "unavailable"].startswith("2027-")
    weeks = dt.timedelta(weeks=-4)
    want = ";".join("..".join((dt.date.fromisoformat(d) + weeks).isoformat() for d in part.split(".."))
                    for part in before.loc[row, "unavailable"].split(";"))
    assert after.loc[row, "unavailable"] == want
    dated = before["training_valid_until"] != ""
    assert (pd.to_datetime(after.loc[dated, "training_valid_until"])
            == pd.to_datetime(before.loc[dated, "training_valid_until"]) + weeks).all()
    assert after["phone"].tolist() == before["phone"].tolist() and after["employee_id"].tolist() == before["employee_id"].tolist()
    assert b"2026-12-15 14:20" in moved["incidents.csv"]  # 2027-01-12 14:20, four weeks earlier


def test_only_dates_move() -> None:
    text = b"0319,2027-01-04,2027-01-28..2027-02-03;2027-02-30,12027-01-04x,2027-01-04T08:00\n"
    assert shift_dates(text, 1) == b"0319,2027-01-11,2027-02-04..2027-02-10;2027-02-30,12027-01-04x,2027-01-11T08:00\n"
    assert shift_dates(text, 0) is text


def test_the_moved_sample_is_read_and_plans_the_current_weeks(files) -> None:
    from scheduler.io import Source, load_inputs
    from scheduler.model.demand import build_instance

    today = dt.date(2026, 12, 9)
    moved = sample_for_week_of(files, today)
    inputs = load_inputs([Source(name="turnus.csv", data=moved["turnus.csv"])],
                         Source(name="supporters.csv", data=moved["supporters.csv"]),
                         wards=Source(name="wards.csv", data=moved["wards.csv"]),
                         rules=Source(name="rules.toml", data=moved["rules.toml"]))
    instance = build_instance(inputs)
    assert instance.slots[0].date == dt.date(2026, 12, 7) and instance.slots[-1].date == dt.date(2027, 1, 31)
    assert any(s.date == today for s in instance.slots)
    assert all(s.phone for s in inputs.supporters.values())
