"""History makes fairness over time better (docs/history.md, «Measured»).

Three consecutive two-week periods of a generated hospital are planned and published one after
another, each new period taking its history from the store — once with `history_weight = 1`, once
with 0 (no history). Over the six weeks, each supporter's hours ÷ their fair share (the share
before history: `base_target`, summed over the three periods) spread less with history.
Every rota is checked by the independent checker.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import replace

import pytest

from scheduler.check.report import format_verify_report, verify
from scheduler.demo.files import write_canonical
from scheduler.demo.generate import generate
from scheduler.demo.shapes import SizeSpec
from scheduler.domain import SolverSettings
from scheduler.history.carried import history_from
from scheduler.io import load_paths
from scheduler.model.demand import build_instance
from scheduler.solve.plan import make_plan
from scheduler.store.history import HistoryStore
from scheduler.store.publications import PublicationStore
from scheduler.store.published import kept_tables

WEEKS = 2
PERIODS = 3


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hospital")
    h = generate(SizeSpec(wards=12, weeks=WEEKS * PERIODS, staff=350, supporters=30, sites=2), seed=1)
    paths = write_canonical(h, folder)
    inputs = load_paths([str(paths["turnus.csv"])], paths["supporters.csv"], wards_path=paths["wards.csv"],
                        rules_path=paths["rules.toml"])
    assert not inputs.errors
    return h.start, inputs


def _three_periods(hospital, db, weight: float) -> dict[str, tuple[float, float]]:
    """Plan and publish the periods in turn; per supporter (hours, fair share) over all of them."""
    start, inputs = hospital
    store = HistoryStore(db)
    totals: dict[str, list[float]] = {}
    for period in range(PERIODS):
        first = start + dt.timedelta(weeks=WEEKS * period)
        rules = inputs.rules.model_copy(update={"horizon_start": first, "horizon_end": first + dt.timedelta(weeks=WEEKS, days=-1),
                                                "history_weight": weight})
        history, _ = history_from(store, first, rules)
        assert len(history.carried) == (0 if period == 0 else 30)
        these = replace(inputs, rules=rules, history=history)
        plan = make_plan(build_instance(these), settings=SolverSettings(time_limit=5, workers=1, deterministic=True),
                         measure_limits=False)
        report = verify(these, plan.rota.assignments, plan.rota.duties)
        assert report.ok, format_verify_report(report, "en")
        PublicationStore(db).publish(kept_tables(plan), plan.summary, rules.model_dump_json(), {}, reason="new_period")
        for sid, hours, fair in plan.burden[["supporter_id", "hours", "base_target"]].itertuples(index=False):
            t = totals.setdefault(sid, [0.0, 0.0])
            t[0] += hours
            t[1] += fair
    return {sid: (h, f) for sid, (h, f) in totals.items()}


def _spread(totals: dict[str, tuple[float, float]]) -> tuple[float, float, float]:
    """(standard deviation, lowest, highest) of hours ÷ fair share over the whole time."""
    ratios = [h / f for h, f in totals.values() if f > 0]
    return statistics.pstdev(ratios), min(ratios), max(ratios)


def test_three_periods_are_fairer_with_history_than_without(hospital, tmp_path):
    without = _spread(_three_periods(hospital, tmp_path / "without.sqlite3", 0.0))
    with_history = _spread(_three_periods(hospital, tmp_path / "with.sqlite3", 1.0))
    print(f"hours ÷ fair share over {PERIODS} × {WEEKS} weeks: without history sd {without[0]:.3f} "
          f"({without[1]:.2f}–{without[2]:.2f}); with history sd {with_history[0]:.3f} "
          f"({with_history[1]:.2f}–{with_history[2]:.2f})")
    assert with_history[0] < 0.95 * without[0]
    assert with_history[2] - with_history[1] <= without[2] - without[1]
