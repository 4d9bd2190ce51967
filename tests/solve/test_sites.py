"""A site of a hospital whose sites share nobody, as an instance of its own."""

from __future__ import annotations

from pathlib import Path

from scheduler.io import load_paths
from scheduler.model.demand import build_instance
from scheduler.solve.sites import site_instance, supporters_by_site

DATA = Path(__file__).resolve().parents[2] / "data"


def test_a_site_keeps_only_its_wards_and_its_supporters() -> None:
    inputs = load_paths([DATA / "turnus.csv"], DATA / "supporters.csv", wards_path=DATA / "wards.csv",
                        rules_path=DATA / "rules.toml")
    instance = build_instance(inputs)
    by_site = supporters_by_site(instance)
    assert set(by_site) == {"Nordby sykehus", "Sørvik sykehus"}
    assert sum(len(m) for m in by_site.values()) == len(instance.supporters)
    for site, members in by_site.items():
        part = site_instance(instance, site, members)
        assert {instance.wards[w].site for w in part.demand["ward"]} == {site}
        assert set(part.availability["supporter_id"]) <= members
        assert {instance.wards[w].site for w in part.staffing["ward"]} == {site}
        assert len(part.demand) == sum(instance.wards[w].site == site for w in instance.demand["ward"])
