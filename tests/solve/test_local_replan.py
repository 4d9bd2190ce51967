"""A local re-plan (scheduler.solve.local_replan): only the weeks a change touches are planned again,
the rest as published; when those weeks cannot keep the published coverage, the full model plans
it. Every rota here passes the independent checker, the changes counted again from the files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import days, make_inputs, plan_and_verify

from scheduler.check.folder import verify_dir
from scheduler.check.report import format_verify_report
from scheduler.domain import Rules, Supporter
from scheduler.model.demand import build_instance
from scheduler.report.folder import write_plan
from scheduler.solve.replan_scope import replan_scope
from scheduler.solve.rota import duty_keys

KEY = ["supporter_id", "date", "slot"]
WARDS = "ABCD"


def _rows(n_days: int) -> list[tuple[str, str, dt.date, str]]:
    return [(f"{w.lower()}{i}", w, d, "D") for d in days(n_days) for w in WARDS for i in (1, 2, 3)]


def _supporters(sick: str | None = None, on: dt.date | None = None) -> list[Supporter]:
    return [Supporter(employee_id=f"{w.lower()}{i}", unavailable=frozenset({on}) if sid_is(sick, w, i) and on else frozenset())
            for w in WARDS for i in (1, 2)]


def sid_is(sick: str | None, ward: str, i: int) -> bool:
    return sick == f"{ward.lower()}{i}"


def _keys(duties: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(map(tuple, duties[KEY].astype(str).values.tolist()))


def _verify_folder(plan, inputs, previous: pd.DataFrame, tmp_path: Path) -> None:
    """The output folder through the independent checker, the changes counted against the previous rota."""
    before = tmp_path / "previous"
    before.mkdir()
    previous.to_csv(before / "duties.csv", index=False)
    write_plan(plan, tmp_path / "rota", "en")
    report = verify_dir(tmp_path / "rota", inputs, previous=before)
    assert report.ok, format_verify_report(report, "en")
    assert report.counts["changed_duties"] == plan.result.tier("changed_duties").value


def test_a_sick_day_is_replanned_in_its_week_only(tmp_path: Path) -> None:
    """Four weeks, eight supporters; one falls sick on a day of the third week where they have a
    duty. Only that week is planned again: the changes are the fewest there (proven), all in that
    week, the coverage as published and nobody above the published rota's largest load ratio."""
    rules = Rules(max_duties_per_week=3, max_consecutive_days=3)
    first, _ = plan_and_verify(make_inputs(_rows(28), _supporters(), rules=rules))
    published = first.rota.duties
    week3 = [d.isoformat() for d in days(28)[14:21]]
    sid, date = next((s, d) for s, d in published[["supporter_id", "date"]].itertuples(index=False) if d in week3)
    inputs = make_inputs(_rows(28), _supporters(sid, dt.date.fromisoformat(date)), rules=rules)
    plan, report = plan_and_verify(inputs, previous=published)
    stats = plan.result.model_stats
    assert stats["local_replan"] == 1 and stats["reopened_days"] == 7 and stats["dropped_duties"] == 1
    changed = _keys(published) ^ _keys(plan.rota.duties)
    stated = plan.result.tier("changed_duties")
    assert stated.optimal and stated.value == len(changed) >= 1
    assert {d for _, d, _ in changed} <= set(week3)
    assert report.counts["uncovered"] <= first.summary["counts"]["uncovered"]
    assert stats["above_ceiling_hundredths"] == 0
    assert plan.burden["load_ratio"].max() <= stats["ratio_ceiling"] / 1000 + 1e-9
    _verify_folder(plan, inputs, published, tmp_path)


def test_a_change_that_touches_nothing_keeps_the_published_rota() -> None:
    rules = Rules(max_duties_per_week=3, max_consecutive_days=3)
    inputs = make_inputs(_rows(14), _supporters(), rules=rules)
    first, _ = plan_and_verify(inputs)
    plan, _ = plan_and_verify(make_inputs(_rows(14), _supporters(), rules=rules), previous=first.rota.duties)
    assert plan.result.model_stats["local_replan"] == 1 and plan.result.model_stats["reopened_days"] == 0
    assert _keys(plan.rota.duties) == _keys(first.rota.duties)
    assert plan.result.tier("changed_duties").value == 0


def test_the_scope_reopens_the_weeks_of_duties_no_longer_possible() -> None:
    rules = Rules(max_duties_per_week=3, max_consecutive_days=3)
    first, _ = plan_and_verify(make_inputs(_rows(21), _supporters(), rules=rules))
    sid, date = first.rota.duties[["supporter_id", "date"]].iloc[-1]
    instance = build_instance(make_inputs(_rows(21), _supporters(sid, dt.date.fromisoformat(date)), rules=rules))
    scope = replan_scope(instance, duty_keys(instance, first.rota.duties), [])
    assert scope.windows == ((14, 21),) and len(scope.dropped) == 1


def test_the_full_model_plans_it_when_the_week_cannot_keep_the_coverage(tmp_path: Path) -> None:
    """b1 falls sick on day 10; only b2 could cover A then, and b2's one duty of the period is on
    day 2, in another week. The sick week alone cannot keep A covered, and the week b2 could move
    from is the other of the two: re-opening both is the whole horizon, more than a local re-plan
    takes, so the full model moves b2's duty: four changes, coverage kept (docs/fairness.md,
    «Re-planning»)."""
    d = days(14)
    rows = [(sid, ward, date, "D") for date in d for sid, ward in (("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B"))]
    rules = Rules(max_duties_per_week=7, max_consecutive_days=31)
    supporters = ["a1", Supporter(employee_id="b1", unavailable=frozenset({d[10]})),
                  Supporter(employee_id="b2", max_duties_per_period=1)]
    published = [("a1", date) for date in d] + [("b1", date) for date in d if date != d[2]] + [("b2", d[2])]
    previous = pd.DataFrame([{"supporter_id": sid, "date": date.isoformat(), "slot": "dag"} for sid, date in published])
    inputs = make_inputs(rows, supporters, rules=rules)
    instance = build_instance(inputs)
    assert replan_scope(instance, duty_keys(instance, previous), []).windows == ((7, 14),)  # local was tried
    plan, report = plan_and_verify(inputs, previous=previous)
    assert "local_replan" not in plan.result.model_stats
    assert report.counts["uncovered"] == 0
    assert _keys(previous) ^ _keys(plan.rota.duties) == {(sid, date.isoformat(), "dag") for sid in ("b1", "b2")
                                                         for date in (d[2], d[10])}
    assert plan.result.tier("changed_duties").value == 4 and plan.result.tier("changed_duties").optimal
    _verify_folder(plan, inputs, previous, tmp_path)


def test_a_forbidding_pin_reopens_its_week_only(tmp_path: Path) -> None:
    """A published duty forbidden by a pin: its week is planned again, the duty gone, the rest kept."""
    from scheduler.domain import Pin

    rules = Rules(max_duties_per_week=3, max_consecutive_days=3)
    first, _ = plan_and_verify(make_inputs(_rows(21), _supporters(), rules=rules))
    published = first.rota.duties
    sid, date, slot = published[KEY].iloc[len(published) // 2]
    pin = Pin(supporter_id=sid, date=dt.date.fromisoformat(date), slot=slot, action="forbid")
    inputs = make_inputs(_rows(21), _supporters(), rules=rules)
    plan, _ = plan_and_verify(inputs, previous=published, pins=[pin])
    assert plan.result.model_stats["local_replan"] == 1 and plan.result.model_stats["reopened_days"] == 7
    changed = _keys(published) ^ _keys(plan.rota.duties)
    assert (sid, date, slot) in changed and (sid, date, slot) not in _keys(plan.rota.duties)
    monday = dt.date.fromisoformat(date) - dt.timedelta(days=dt.date.fromisoformat(date).weekday())
    assert all(monday.isoformat() <= d <= (monday + dt.timedelta(days=6)).isoformat() for _, d, _ in changed)
    assert plan.result.tier("changed_duties").value == len(changed) and plan.result.tier("changed_duties").optimal
    _verify_folder(plan, inputs, published, tmp_path)


def _movers_case(code: str, slot: str, n_weeks: int = 6) -> tuple[list, Rules, pd.DataFrame, list[dt.date]]:
    """Ward A's staff (a0, no supporter) at work every day (`code`: a day or a night shift); its
    supporters come from ward B: b1 at work Monday–Thursday, b3 Friday–Sunday, b2 every day but
    with one duty in the period, on the first Saturday. The published rota: b1 on its days, b3 on
    its days but the first Saturday."""
    d = days(7 * n_weeks)
    rows = [("a0", "A", date, code) for date in d] + [("b2", "B", date, code) for date in d]
    rows += [("b1" if date.weekday() < 4 else "b3", "B", date, code) for date in d]
    published = [("b2" if date == d[5] else "b1" if date.weekday() < 4 else "b3", date) for date in d]
    previous = pd.DataFrame([{"supporter_id": sid, "date": date.isoformat(), "slot": slot} for sid, date in published])
    return rows, Rules(max_duties_per_week=4, max_consecutive_days=4), previous, d


@pytest.mark.parametrize(("code", "slot", "limit"), [("D", "dag", "max_duties_per_period"),
                                                     ("N", "natt", "max_nights_per_period")])
def test_a_supporter_at_their_period_limit_moves_a_duty_from_another_week(tmp_path: Path, code: str, slot: str,
                                                                          limit: str) -> None:
    """b3 falls sick on the fifth Saturday: only b2 may cover A then (b1 is not at work on
    weekends), and b2's one duty of the period is on the first Saturday, four weeks before. The
    sick week alone cannot keep A covered; with the week of b2's duty re-opened too (b3 takes that
    Saturday over), it can: the two weeks in one model, four changes proven, nothing else touched,
    the full model not needed (docs/fairness.md, «A local re-plan»)."""
    rows, rules, previous, d = _movers_case(code, slot)
    supporters = ["b1", Supporter(employee_id="b2", **{limit: 1}),
                  Supporter(employee_id="b3", unavailable=frozenset({d[33]}))]
    inputs = make_inputs(rows, supporters, rules=rules)
    plan, report = plan_and_verify(inputs, previous=previous)
    stats = plan.result.model_stats
    assert stats["local_replan"] == 1 and stats["reopened_days"] == 14 and stats["mover_days"] == 7
    assert stats["reopened_windows"] == 2
    changed = _keys(previous) ^ _keys(plan.rota.duties)
    assert changed == {(sid, d[day].isoformat(), slot) for sid in ("b2", "b3") for day in (5, 33)}
    stated = plan.result.tier("changed_duties")
    assert stated.value == 4 and stated.optimal
    assert report.counts["uncovered"] == len(d)  # ward B's own, which only its own staff's colleagues could cover
    _verify_folder(plan, inputs, previous, tmp_path)


def test_a_loss_no_rota_can_avoid_is_planned_locally(tmp_path: Path) -> None:
    """b3 falls sick on the fifth weekend: only b2 may cover A then, and b2 may take one duty a
    week. No rota covers both days, which the sick week's own model proves (every period limit
    whole, the days around it free): the week is re-planned locally with one ward-slot more
    uncovered — as many as the full model leaves (docs/fairness.md, «A local re-plan»)."""
    from scheduler.domain import SolverSettings
    from scheduler.solve.plan import make_plan

    rows, rules, _, d = _movers_case("D", "dag")
    previous = pd.DataFrame([{"supporter_id": "b1" if date.weekday() < 4 else "b3", "date": date.isoformat(),
                              "slot": "dag"} for date in d])
    supporters = ["b1", Supporter(employee_id="b2", max_duties_per_week=1),
                  Supporter(employee_id="b3", unavailable=frozenset({d[33], d[34]}))]
    inputs = make_inputs(rows, supporters, rules=rules)
    plan, report = plan_and_verify(inputs, previous=previous)
    stats = plan.result.model_stats
    assert stats["local_replan"] == 1 and stats["reopened_days"] == 7 and stats["uncovered_beyond_published"] == 1
    assert report.counts["uncovered"] == len(d) + 1
    full = make_plan(build_instance(inputs), previous=previous,
                     settings=SolverSettings(time_limit=10, workers=1, deterministic=True, local_replan=False))
    assert "local_replan" not in full.result.model_stats
    assert full.result.tier("uncovered_ward_slots").value == len(d) + 1 and full.result.tier("uncovered_ward_slots").optimal
    assert plan.result.tier("changed_duties").value == full.result.tier("changed_duties").value == 3
    _verify_folder(plan, inputs, previous, tmp_path)


def test_a_ward_slot_nobody_may_cover_any_more_keeps_the_replan_local(tmp_path: Path) -> None:
    """b3, the only supporter at work on weekends, falls sick on the fifth Saturday: no rota covers
    A that day, so the week is re-planned locally with it uncovered (model.no_longer_coverable)."""
    rows, rules, _, d = _movers_case("D", "dag")
    previous = pd.DataFrame([{"supporter_id": "b1" if date.weekday() < 4 else "b3", "date": date.isoformat(),
                              "slot": "dag"} for date in d])
    inputs = make_inputs(rows, ["b1", Supporter(employee_id="b3", unavailable=frozenset({d[33]}))], rules=rules)
    plan, report = plan_and_verify(inputs, previous=previous)
    stats = plan.result.model_stats
    assert stats["local_replan"] == 1 and stats["reopened_days"] == 7 and stats["no_longer_coverable"] == 1
    assert report.counts["uncovered"] == len(d) + 1
    assert plan.result.tier("changed_duties").value == 1 and plan.result.tier("changed_duties").optimal
    _verify_folder(plan, inputs, previous, tmp_path)
