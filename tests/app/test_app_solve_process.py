"""The plan's child process (app_state/solve_process.py, solve_child.py, issue 25): it is gone once
the job ends — finished, stopped, or its interim plan taken — and it dies with the server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import days, make_inputs

from app_state import jobs, solve_process
from app_state.jobs import PlanJob, SolverQueue
from scheduler.check.report import format_verify_report, verify
from scheduler.domain import Pin
from scheduler.io import load_paths
from scheduler.model.demand import build_instance
from scheduler.store.publications import PublicationStore

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
ROWS = [(f"{w.lower()}{i}", w, d, "D") for d in days(3) for w in "ABC" for i in (1, 2)]


@pytest.fixture
def children(monkeypatch) -> list[solve_process.Child]:
    """Every child a job starts, to look at after."""
    started: list[solve_process.Child] = []
    start = solve_process.Child.start

    def start_and_keep(self, job: dict) -> None:
        started.append(self)
        start(self, job)

    monkeypatch.setattr(solve_process.Child, "start", start_and_keep)
    return started


def _gone(pid: int, timeout: float = 10.0) -> bool:
    """The process has ended (no such process, or a zombie its new parent has not reaped yet)."""
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def _store(tmp_path: Path) -> str:
    """A store with the draft the plan is saved into."""
    path = str(tmp_path / "store.sqlite3")
    PublicationStore(path).save_draft("draft-0001", {}, {}, actor="lokal")
    return path


def _reaped(child: solve_process.Child) -> bool:
    return child.proc is not None and child.proc.returncode is not None and _gone(child.proc.pid, 0.1)


def test_a_finished_plan_leaves_no_process_and_passes_the_checker(tmp_path: Path, children):
    inputs = make_inputs(ROWS, ["a1", "b1", "c1"])
    job = PlanJob(time_limit=30, draft_id="draft-0001", measure_limits=False)
    job.run(SolverQueue(), _store(tmp_path), build_instance(inputs), [], None, None, False, "no")
    assert job.plan is not None and not job.failed and job.phase == "done"
    report = verify(inputs, job.plan.rota.assignments, job.plan.rota.duties)
    assert report.ok, format_verify_report(report, "en")
    assert job.plan.instance is not None and job.solved is not None and job.marks.get("rota")  # marks crossed over
    assert len(children) == 1 and _reaped(children[0])


def test_a_stop_while_building_leaves_no_process(tmp_path: Path, children):
    job = PlanJob(time_limit=30, draft_id="draft-0001", measure_limits=False)
    job.control.at_step = lambda step: job.stop() if step.startswith("rule ") else None
    job.run(SolverQueue(), _store(tmp_path), build_instance(make_inputs(ROWS, ["a1", "b1", "c1"])),
            [], None, None, False, "no")
    assert job.stopped_before_plan and job.plan is None and not job.failed
    assert len(children) == 1 and _reaped(children[0])


def test_using_the_interim_plan_now_kills_the_child_at_once(tmp_path: Path, children, monkeypatch):
    release = threading.Event()
    offer = jobs.PlanJob._offer

    def offer_and_wait(self, offered) -> None:  # the server reads nothing more: the child's later steps wait
        offer(self, offered)
        release.wait(timeout=60)

    monkeypatch.setattr(jobs.PlanJob, "_offer", offer_and_wait)
    inputs = load_paths([DATA / "turnus.csv"], DATA / "supporters.csv", wards_path=DATA / "wards.csv",
                        rules_path=DATA / "rules.toml")
    job = PlanJob(time_limit=120, draft_id="draft-0001", measure_limits=False)
    thread = threading.Thread(target=job.run, args=(SolverQueue(), _store(tmp_path),
                                                    build_instance(inputs), [], None, None, False, "no"))
    thread.start()
    try:
        until = time.monotonic() + 60
        while job.interim is None:
            assert time.monotonic() < until and job.running
            time.sleep(0.05)
        assert job.take_now() and not job.running
        assert _gone(children[0].proc.pid, 5.0)  # killed, not left to finish its steps
    finally:
        release.set()
        thread.join(timeout=60)
    assert job.plan is job.interim and job.taken_early and not job.failed and not job.stopped_before_plan
    assert len(children) == 1 and _reaped(children[0])


def test_the_child_dies_with_the_server(tmp_path: Path):
    """A stand-in server starts a child, holds it at its first building step, and is killed."""
    script = (
        "import sys, time\n"
        "from conftest import days, make_inputs\n"
        "from app_state.solve_process import Child\n"
        "from scheduler.model.demand import build_instance\n"
        "rows = [(f'{w.lower()}{i}', w, d, 'D') for d in days(3) for w in 'ABC' for i in (1, 2)]\n"
        "child = Child()\n"
        "child.start({'instance': build_instance(make_inputs(rows, ['a1', 'b1', 'c1'])), 'pins': [], 'previous': None,\n"
        "             'time_limit': 30, 'since': time.monotonic(), 'measure_limits': False, 'lang': 'no', 'steps': True})\n"
        "print(child.proc.pid, child.conn.recv()[0], flush=True)\n"
        "time.sleep(60)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]))
    server = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        pid, said = server.stdout.readline().split()
        assert said == "step"  # the child is in the middle of building the model
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        assert _gone(int(pid), 10.0)
    finally:
        server.kill()
        server.wait()


def test_input_the_plan_cannot_keep_comes_back_as_messages_not_a_failure(tmp_path: Path, children):
    monday = days(3)[0]
    job = PlanJob(time_limit=30, draft_id="draft-0001", measure_limits=False)
    job.run(SolverQueue(), _store(tmp_path), build_instance(make_inputs(ROWS, ["a1", "b1", "c1"])),
            [Pin(supporter_id="a1", date=monday, slot="natt", action="lock")], None, None, False, "no")
    assert job.messages and "a1" in job.messages[0] and not job.failed and job.plan is None
    assert len(children) == 1 and _reaped(children[0])


def test_an_error_in_the_child_is_a_failure_logged_with_its_traceback(tmp_path: Path, children, caplog):
    job = PlanJob(time_limit=30, draft_id="draft-0001", measure_limits=False)
    job.run(SolverQueue(), _store(tmp_path), None, [], None, None, False, "no")  # no instance: the child fails
    assert job.failed and job.plan is None and not job.messages
    assert "AttributeError" in caplog.text and "solve_child.py" in caplog.text  # the child's own traceback
    assert len(children) == 1 and _reaped(children[0])
