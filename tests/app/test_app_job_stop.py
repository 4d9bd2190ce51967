"""The plan job when the stop is pressed before the first rota exists (issue 25): it says so, and
neither saves nor fails."""

from __future__ import annotations

from pathlib import Path

from conftest import days, make_inputs

from app_state.jobs import PlanJob, SolverQueue
from scheduler.model.demand import build_instance


def test_the_plan_job_says_it_was_stopped_before_any_rota_and_saves_nothing(tmp_path: Path):
    rows = [(f"{w.lower()}{i}", w, d, "D") for d in days(3) for w in "ABC" for i in (1, 2)]
    instance = build_instance(make_inputs(rows, ["a1", "b1", "c1"]))
    job = PlanJob(time_limit=30, draft_id="d1", measure_limits=False)
    job.control.at_step = lambda step: job.stop() if step.startswith("rule ") else None
    store = tmp_path / "store.sqlite3"
    job.run(SolverQueue(), str(store), instance, [], None, None, False, "no")
    assert job.stopped_before_plan and job.plan is None and not job.failed and not job.messages
    assert job.finished is not None and job.phase == "done"
    assert not store.exists()  # nothing saved: the draft is as it was
