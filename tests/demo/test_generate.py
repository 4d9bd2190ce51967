"""The instance generator (scheduler/demo/generate.py, with the sizes of shapes.py): deterministic, sized
as promised, and realistic where it matters. The files it is written to: test_demo_files.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from scheduler.demo.files import GeneratedHospital
from scheduler.demo.generate import generate
from scheduler.demo.shapes import SIZES, SizeSpec

WORK = {"D", "A", "N", "LD"}
TINY = SizeSpec(wards=6, weeks=4, staff=150, supporters=12, sites=2)


@pytest.fixture(scope="module")
def small() -> GeneratedHospital:
    return generate("S", seed=1)


def _frames(h: GeneratedHospital) -> tuple[pd.DataFrame, ...]:
    return h.turnus, h.supporters, h.wards


def test_same_seed_gives_identical_frames() -> None:
    a, b = generate(TINY, seed=7), generate(TINY, seed=7)
    for x, y in zip(_frames(a), _frames(b), strict=True):
        pd.testing.assert_frame_equal(x, y)
    assert a.rules_toml == b.rules_toml


def test_different_seed_gives_different_turnus() -> None:
    a, b = generate(TINY, seed=1), generate(TINY, seed=2)
    assert not a.turnus["shift_code"].equals(b.turnus["shift_code"])


@pytest.mark.parametrize("size", ["S", "M"])
def test_sizes_within_fifteen_percent(size: str) -> None:
    spec, h = SIZES[size], generate(size, seed=0)  # type: ignore[arg-type]
    staff = h.turnus["employee_id"].nunique()
    assert len(h.wards) == spec.wards
    assert h.turnus["date"].nunique() == 7 * spec.weeks
    assert abs(staff - spec.staff) <= 0.15 * spec.staff
    assert abs(len(h.supporters) - spec.supporters) <= 0.15 * spec.supporters
    assert len(h.turnus) == staff * 7 * spec.weeks  # one row per employee per date


def test_start_must_be_a_monday() -> None:
    with pytest.raises(ValueError, match="Monday"):
        generate(TINY, start=dt.date(2027, 1, 5))
    h = generate(TINY, start=dt.date(2027, 3, 1))
    assert h.turnus["date"].min() == pd.Timestamp("2027-03-01")


def test_every_supporter_is_in_the_turnus_and_works(small: GeneratedHospital) -> None:
    at_work = small.turnus[small.turnus["shift_code"].isin(WORK)]
    assert set(small.supporters["employee_id"]) <= set(at_work["employee_id"].astype(str))
    names = small.turnus.drop_duplicates("employee_id").set_index("employee_id")["name"].astype(str)
    assert (names.reindex(small.supporters["employee_id"]).to_numpy() == small.supporters["name"].to_numpy()).all()


def test_every_ward_has_staff(small: GeneratedHospital) -> None:
    assert set(small.wards["ward"]) == set(small.turnus["ward"].astype(str))


def test_sites_departments_and_ward_kinds(small: GeneratedHospital) -> None:
    assert small.wards["site"].nunique() == 2
    assert small.wards.groupby("department").size().between(2, 5).all()
    assert (~small.wards["needs_coverage"]).any()


def test_night_work_only_on_round_the_clock_wards(small: GeneratedHospital) -> None:
    t = small.turnus
    nights = t[t["shift_code"] == "N"].groupby("ward", observed=True).size()
    round_clock = set(small.wards.loc[small.wards["min_staff_night"].notna(), "ward"])
    assert round_clock and round_clock <= set(nights.index)
    weekend = t[t["date"].dt.day_of_week >= 5]
    weekend_wards = set(weekend.loc[weekend["shift_code"].isin(WORK), "ward"].astype(str))
    day_only = set(small.wards["ward"]) - weekend_wards
    assert day_only, "some wards are closed at weekends"
    assert day_only.isdisjoint(nights.index)


def test_leave_and_support_codes_present(small: GeneratedHospital) -> None:
    codes = set(small.turnus["shift_code"].astype(str))
    assert {"F", "D", "A", "N", "FE", "S", "KURS", "KS"} <= codes


def test_supporter_variety(small: GeneratedHospital) -> None:
    s = small.supporters
    last = small.turnus["date"].max()
    assert s["max_duties_per_week"].isna().any() and s["max_duties_per_week"].isin([1, 2]).any()
    assert (s["training_valid_until"] <= last).any()
    assert (s["leads_wards"] != "").any() and (s["unavailable"] != "").any()
    assert s["recent_activity"].between(0, 6).all()


def test_names_look_norwegian_and_fictional(small: GeneratedHospital) -> None:
    names = small.turnus["name"].astype(str).unique()
    assert all(", " in n for n in names)
    assert any(ch in "".join(names) for ch in "æøåÆØÅ")




def test_every_supporter_has_a_fictional_norwegian_mobile_number(small: GeneratedHospital) -> None:
    """The call page and the notices of the sample show a number to call (eight digits, 4 or 9 first)."""
    import re

    phones = small.supporters["phone"].tolist()
    assert phones and all(re.fullmatch(r"[49]\d\d \d\d \d\d\d", p) for p in phones), phones
    assert len(set(phones)) == len(phones)
    assert {p[0] for p in phones} == {"4", "9"}
