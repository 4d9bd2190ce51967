"""`make run` (KOLLEGASTOTTE_SAMPLE=1) loads the sample moved to the current weeks; otherwise its own dates."""

from __future__ import annotations

import io

import pandas as pd

from app_state import uploads


def _turnus_dates(files: dict) -> pd.Series:
    return pd.read_csv(io.BytesIO(files["turnus"][0]["data"]), dtype=str, keep_default_na=False)["date"]


def test_make_run_loads_the_sample_from_the_monday_of_this_week(monkeypatch) -> None:
    monkeypatch.setenv("KOLLEGASTOTTE_SAMPLE", "1")
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", "2026-12-09")
    dates = _turnus_dates(uploads.sample_files())
    assert (dates.min(), dates.max()) == ("2026-12-07", "2027-01-31")
    supporters = pd.read_csv(io.BytesIO(uploads.sample_files()["supporters"]["data"]), dtype=str, keep_default_na=False)
    assert (supporters["phone"] != "").all()


def test_without_make_run_and_for_the_messy_exports_the_files_keep_their_dates(monkeypatch) -> None:
    monkeypatch.delenv("KOLLEGASTOTTE_SAMPLE", raising=False)
    monkeypatch.setenv("KOLLEGASTOTTE_TODAY", "2026-12-09")
    dates = _turnus_dates(uploads.sample_files())
    assert (dates.min(), dates.max()) == ("2027-01-04", "2027-02-28")
    monkeypatch.setenv("KOLLEGASTOTTE_SAMPLE", "1")
    messy = uploads.sample_files(messy=True)
    assert all(b"04.01" in e["data"] or e["name"].endswith(".xlsx") for e in messy["turnus"])
