"""A local re-plan keeps the published rota's fair-share base when the change cannot lower the
fewest duties (scheduler.solve.replan_shares): sick leave only removes availability. Every rota
passes the independent checker, which adds burden.csv's targets up and compares the base with the
previous rota's summary.json."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import days, make_inputs, plan_and_verify

from scheduler.check.folder import verify_dir
from scheduler.check.report import format_verify_report
from scheduler.domain import Pin, Rules, Supporter
from scheduler.model.demand import build_instance
from scheduler.report.folder import write_plan
from scheduler.solve.fairness import share_weights
from scheduler.solve.replan_shares import (
    basis_files,
    basis_of,
    coverage_within,
    fixed_key,
    kept_needed,
    pin_keys,
    read_basis,
)

WARDS = "ABCDEF"
RULES = Rules(max_duties_per_week=3, max_consecutive_days=3, max_wards_per_duty=2)


def _rows(n_days: int) -> list[tuple[str, str, dt.date, str]]:
    """Six wards; on weekdays two supporters and a colleague per ward at work, at weekends the
    colleague and, on ward A, one supporter. With two wards a duty, the proven fewest duties (68
    hours) is well above the lower bound a re-plan computes without a model (48): the M shape."""
    out = []
    for d in days(n_days):
        weekend = d.weekday() >= 5
        for w in WARDS:
            staff = [f"{w.lower()}3"] + ([] if weekend else [f"{w.lower()}1", f"{w.lower()}2"])
            staff += ["a1"] if w == "A" and weekend else []
            out += [(e, w, d, "D") for e in staff]
    return out


def _supporters(sick: str = "", week: tuple[dt.date, ...] = ()) -> list[Supporter]:
    return [Supporter(employee_id=sid, unavailable=frozenset(week) if sid == sick else frozenset())
            for sid in (f"{w.lower()}{i}" for w in WARDS for i in (1, 2))]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory):
    """The published rota, written with its replan_basis.json as the command line writes it."""
    inputs = make_inputs(_rows(28), _supporters(), rules=RULES)
    plan, _ = plan_and_verify(inputs)
    folder = tmp_path_factory.mktemp("published") / "rota"
    write_plan(plan, folder, "en", extra_files=basis_files(basis_of(plan.instance, plan.result, [], previous=False)))
    return plan, folder


def _sick_week(plan) -> tuple[str, tuple[dt.date, ...]]:
    week3 = tuple(days(28)[14:21])
    duties = plan.rota.duties
    sid = sorted(duties[duties["date"].isin([d.isoformat() for d in week3[:5]])]["supporter_id"])[0]
    return sid, week3


def test_a_sick_week_keeps_the_published_shares(published, tmp_path: Path) -> None:
    """Sick for a week: the re-plan is local and splits the published rota's proven needed hours
    (not its own lower bound), so each ratio is the load ÷ (published needed × this run's weight)."""
    first, folder = published
    assert first.result.fairness.shares.needed_proven
    needed = first.result.fairness.shares.needed_hours
    sid, week = _sick_week(first)
    inputs = make_inputs(_rows(28), _supporters(sid, week), rules=RULES)
    plan, _ = plan_and_verify(inputs, previous=first.rota.duties, previous_basis=read_basis(folder))
    stats = plan.result.model_stats
    assert stats["local_replan"] == 1 and stats["shares_from_previous"] == 1
    shares = plan.result.fairness.shares
    assert shares.needed_hours == needed and not shares.needed_proven  # a proven lower bound now
    weights = share_weights(plan.instance, plan.instance.availability.groupby("supporter_id")["slot"].agg(list).to_dict())
    hours = plan.burden.set_index("supporter_id")["hours"]
    for sid_, ratio in plan.burden.set_index("supporter_id")["load_ratio"].items():
        if weights.get(sid_, 0) > 0:
            assert ratio == pytest.approx(hours[sid_] / (needed * weights[sid_]), abs=6e-4)
    write_plan(plan, tmp_path / "replan", "en")
    report = verify_dir(tmp_path / "replan", inputs, previous=folder)
    assert report.ok, format_verify_report(report, "en")
    # The checker holds the claim to the files: a base below the previous rota's is a finding.
    summary = json.loads((tmp_path / "replan" / "summary.json").read_text(encoding="utf-8"))
    summary["fairness"]["needed_hours"] = needed - 10
    (tmp_path / "replan" / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    found = verify_dir(tmp_path / "replan", inputs, previous=folder)
    assert {v.rule for v in found.violations} == {"shares_match_basis"}
    assert any("below the previous rota's" in v.text_en for v in found.violations)
    assert any("add up to" in v.text_en for v in found.violations)
    # Without the published basis the re-plan splits its own, smaller bound: every ratio larger.
    alone, _ = plan_and_verify(inputs, previous=first.rota.duties)
    assert alone.result.model_stats["shares_from_previous"] == 0
    assert alone.result.fairness.shares.needed_hours < needed


def test_the_kept_base_is_at_most_the_fewest_after_the_sick_week(published) -> None:
    """The argument on the case itself: the fewest duty hours the sick week's instance needs,
    measured by a full run of it, is not below the published needed hours the re-plan splits."""
    first, _ = published
    sid, week = _sick_week(first)
    sick, _ = plan_and_verify(make_inputs(_rows(28), _supporters(sid, week), rules=RULES))
    shares = sick.result.fairness.shares
    assert shares.needed_proven and shares.needed_hours >= first.result.fairness.shares.needed_hours


def test_a_change_that_could_lower_the_fewest_keeps_the_own_bound(published) -> None:
    """A new supporter, a raised limit or a pin taken away could lower the fewest: not kept."""
    first, folder = published
    basis = read_basis(folder)
    assert basis is not None and basis.needed_hours == first.result.fairness.shares.needed_hours
    same = build_instance(make_inputs(_rows(28), _supporters(), rules=RULES))
    assert kept_needed(basis, same, []) is basis
    more = build_instance(make_inputs(_rows(28), [*_supporters(), Supporter(employee_id="a3")], rules=RULES))
    raised = build_instance(make_inputs(_rows(28), _supporters(), rules=RULES.model_copy(update={"max_duties_per_week": 4})))
    assert kept_needed(basis, more, []) is None and kept_needed(basis, raised, []) is None
    pin = Pin(supporter_id="b1", date=days(28)[2], slot=first.instance.slots[0].name, action="forbid")
    pinned = dataclasses.replace(basis, pins=pin_keys([pin]))
    assert kept_needed(pinned, same, [pin]) is pinned and kept_needed(pinned, same, []) is None
    # Covering less than the published rota: the fewest may have fallen.
    worse = {k: v + 1 for k, v in basis.coverage.items()}
    assert coverage_within(basis, basis.coverage) and not coverage_within(basis, worse)


def test_a_basis_that_cannot_be_read_is_no_basis(tmp_path: Path) -> None:
    assert read_basis(tmp_path) is None and read_basis(None) is None
    (tmp_path / "replan_basis.json").write_text('{"format": 1, "needed_hours": "x"}', encoding="utf-8")
    assert read_basis(tmp_path) is None


def test_the_key_is_the_same_in_another_process() -> None:
    """Sets (a supporter's led wards) are written sorted: string hashing orders them differently
    in each process, and the key is written by one run and read by another."""
    code = "import sys; sys.path[:0] = ['tests', 'tests/solve']; from test_replan_shares import _key; print(_key())"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "7"}, cwd=Path(__file__).resolve().parents[2])
    assert other.stdout.strip() == _key()


def _key() -> str:
    leads = [Supporter(employee_id=f"{w.lower()}1", leads_wards=frozenset({"B", "C", "D", "E", "F"} - {w})) for w in WARDS]
    return fixed_key(build_instance(make_inputs(_rows(7), leads, rules=RULES)))
