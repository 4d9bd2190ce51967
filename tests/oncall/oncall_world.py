"""A tiny hospital whose nights on ward A nobody on site can cover, with supporters who opted in to be
on call from home — the world of the on-call tests (scheduler/oncall/, scheduler/check/on_call.py)."""

from __future__ import annotations

from conftest import days, make_inputs

from scheduler.domain import OnCallRules, Rules, Supporter
from scheduler.io.types import Inputs

DEFAULT = OnCallRules()
PHONES = {"a1": "900 00 001", "b1": "900 00 002", "b2": "900 00 003", "c1": "900 00 004", "c2": "900 00 005"}


def on_call_world(n_days: int = 3, *, on_call: OnCallRules | None = DEFAULT,
                  opted: tuple[str, ...] = ("a1", "b1", "c1"), extra_rows: tuple = (), basis: str = "hours") -> Inputs:
    """Ward A works nights (a1, a2), B and C days; supporters a1, b1, b2, c1, c2 (those in `opted`
    opted in). Nobody from another ward is at work at night, so A's nights stay without a
    supporter on site: each of them needs someone on call. `basis`: the rules' fair_share_basis."""
    rows = []
    for date in days(n_days):
        rows += [("a1", "A", date, "N"), ("a2", "A", date, "N"), ("b1", "B", date, "D"), ("b2", "B", date, "D"),
                 ("c1", "C", date, "D"), ("c2", "C", date, "D")]
    rows += list(extra_rows)
    supporters = [Supporter(employee_id=s, phone=p, on_call=s in opted) for s, p in PHONES.items()]
    return make_inputs(rows, supporters, rules=Rules(on_call=on_call, fair_share_basis=basis))


def plan_on_call(inputs: Inputs, folder=None):  # noqa: ANN001, ANN201 - a Path, and (plan, report or None)
    """The rota, then the on-call stage, as `scheduler solve` does; with `folder` written there and
    passed through the independent checker (`verify_dir`), never judged by the model."""
    from scheduler.check.folder import verify_dir
    from scheduler.domain import SolverSettings
    from scheduler.model.demand import build_instance
    from scheduler.oncall.plan import attach_on_call
    from scheduler.report.folder import write_plan
    from scheduler.solve.plan import make_plan

    settings = SolverSettings(time_limit=10, workers=1, deterministic=True)
    plan = attach_on_call(make_plan(build_instance(inputs), settings=settings, measure_limits=False), settings=settings,
                          lang="en")
    if folder is None:
        return plan, None
    written = write_plan(plan, folder, "no")
    return plan, verify_dir(written, inputs)
