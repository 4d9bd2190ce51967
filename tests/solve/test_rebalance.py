"""The fair re-selection: the same ward-slots covered, by those furthest below their share; on a
re-plan what the published rota has stays, and only its gaps are chosen again."""

from __future__ import annotations

from conftest import days, make_inputs

from scheduler.check.report import format_verify_report, verify
from scheduler.domain import Rules
from scheduler.model.demand import build_instance
from scheduler.solve.rebalance import fair_reselection
from scheduler.solve.rota import build_rota


def _world():
    rows = [(f"{w.lower()}{i}", w, date, "D") for date in days(7) for w in "ABC" for i in (1, 2, 3)]
    inputs = make_inputs(rows, [f"{w.lower()}{i}" for w in "abc" for i in (1, 2)],
                         rules=Rules(max_duties_per_week=7, max_consecutive_days=31))
    return inputs, build_instance(inputs)


def test_spreads_the_duties_by_fair_share() -> None:
    inputs, instance = _world()
    lopsided = {(sid, t) for t in range(0, len(instance.slots), 3) for sid in ("a1", "b1")}
    targets = {sid: 7 * 2 / 6 for sid in instance.supporters}
    fair = fair_reselection(instance, lopsided, targets)
    loads = {sid: sum(1 for s, _ in fair if s == sid) for sid in instance.supporters}
    assert max(loads.values()) <= 4 and min(loads.values()) >= 1
    rota = build_rota(instance, fair)
    report = verify(inputs, rota.assignments, rota.duties)
    assert report.ok and report.counts["uncovered"] == 0, format_verify_report(report, "en")


def test_keeps_what_it_is_told_to_keep_and_fills_only_the_gaps() -> None:
    inputs, instance = _world()
    published = {(sid, t) for t in range(0, len(instance.slots), 3) for sid in ("a1", "b1")}
    gap = ("a1", 9)  # a1 is gone on day 4: B (and C) of that day need someone else
    targets = {sid: 7 * 2 / 6 for sid in instance.supporters}
    kept = published - {gap}
    fair = fair_reselection(instance, published, targets, keep=kept)
    assert kept <= fair and len(fair - kept) == 1 and gap not in fair
    rota = build_rota(instance, fair)
    report = verify(inputs, rota.assignments, rota.duties)
    assert report.ok and report.counts["uncovered"] == 0, format_verify_report(report, "en")
