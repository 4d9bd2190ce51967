"""A generated hospital written in canonical form (scheduler/demo/files.py): byte-identical files for
the same seed, ids keeping their leading zeros, ISO dates, a valid rules.toml, and the bundled
sample data being exactly what the generator writes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from scheduler.demo.files import GeneratedHospital, write_canonical
from scheduler.demo.generate import generate
from scheduler.demo.shapes import SizeSpec
from scheduler.domain import Rules

TINY = SizeSpec(wards=6, weeks=4, staff=150, supporters=12, sites=2)


@pytest.fixture(scope="module")
def small() -> GeneratedHospital:
    return generate("S", seed=1)


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = write_canonical(generate(TINY, seed=3), tmp_path / "a")
    second = write_canonical(generate(TINY, seed=3), tmp_path / "b")
    assert {k: p.read_bytes() for k, p in first.items()} == {k: p.read_bytes() for k, p in second.items()}


def test_written_ids_keep_leading_zeros(small: GeneratedHospital, tmp_path: Path) -> None:
    paths = write_canonical(small, tmp_path)
    turnus = pd.read_csv(paths["turnus.csv"], dtype=str)
    supporters = pd.read_csv(paths["supporters.csv"], dtype=str)
    assert turnus["employee_id"].str.match(r"^0\d{3}$").any()
    assert supporters["employee_id"].str.startswith("0").any()
    assert set(turnus["employee_id"]) == set(small.turnus["employee_id"].astype(str))
    assert turnus["date"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()


def test_rules_toml_is_valid(small: GeneratedHospital) -> None:
    rules = Rules.model_validate(tomllib.loads(small.rules_toml))
    assert [s.name for s in rules.slots] == ["dag", "kveld", "natt"]
    assert rules.solver.workers == 1 and rules.max_duties_per_week == 3


def test_sample_data_matches_the_generator(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[2] / "data"  # in the repository: the sample the README runs
    fresh = write_canonical(generate("S", seed=1), tmp_path)
    for name, path in fresh.items():
        assert path.read_bytes() == (data / name).read_bytes(), f"data/{name} is stale: regenerate it"
