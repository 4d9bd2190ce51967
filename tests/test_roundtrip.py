"""Canonical sample → messy per-ward exports → readers gives the same instance (demand, availability)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scheduler.demo.files import write_canonical
from scheduler.demo.generate import generate
from scheduler.demo.messy import write_messy_exports
from scheduler.demo.shapes import SizeSpec
from scheduler.io import load_paths
from scheduler.model.demand import build_instance

DATA = Path(__file__).resolve().parents[1] / "data"


def _instance(turnus: list[Path], folder: Path):
    inputs = load_paths(turnus, folder / "supporters.csv", wards_path=folder / "wards.csv", rules_path=folder / "rules.toml")
    assert not inputs.errors, [m.render("en") for m in inputs.errors]
    return inputs, build_instance(inputs)


def _same(a, b) -> None:
    key = ["ward", "slot"]
    pd.testing.assert_frame_equal(a.demand.sort_values(key).reset_index(drop=True),
                                  b.demand.sort_values(key).reset_index(drop=True), check_dtype=False)
    key = ["supporter_id", "slot"]
    for table in ("availability", "blocked"):
        pd.testing.assert_frame_equal(getattr(a, table).sort_values(key).reset_index(drop=True),
                                      getattr(b, table).sort_values(key).reset_index(drop=True), check_dtype=False)
    assert a.slots == b.slots
    assert {k: (e.ward, e.profession) for k, e in a.employees.items()} == {k: (e.ward, e.profession) for k, e in b.employees.items()}


def test_bundled_messy_exports_read_as_the_canonical_sample() -> None:
    _, canonical = _instance([DATA / "turnus.csv"], DATA)
    inputs, messy = _instance(sorted((DATA / "messy").glob("turnus_*")), DATA)
    _same(canonical, messy)
    codes = set(inputs.turnus["shift_code"])
    assert {"07:30-15:30", "22:15–07:45"} & codes  # time cells were read as times
    assert "FE" in codes  # "(D) FE" read as the absence


def test_generated_round_trip_other_seed(tmp_path: Path) -> None:
    hospital = generate(SizeSpec(wards=6, weeks=3, staff=150, supporters=14), seed=7)
    write_canonical(hospital, tmp_path)
    messy = write_messy_exports(hospital, tmp_path / "messy")
    _, canonical = _instance([tmp_path / "turnus.csv"], tmp_path)
    _, read_back = _instance(messy, tmp_path)
    _same(canonical, read_back)
