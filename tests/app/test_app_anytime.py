"""Anytime in the app (issue 20): the first fair rota is shown while later steps still run, it
passes the independent checker, and «use this rota now» keeps it as the draft's plan at once.

The solver is held after the step that offered the rota (a wrapper around `PlanJob._offer`), so
the test sees the running job with its interim plan without racing the clock."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_state import jobs
from scheduler.check.report import format_verify_report, verify
from scheduler.io import load_paths

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


@pytest.fixture
def held(monkeypatch, tmp_path):
    """The solver waits after each offered rota until `release` is set (at most 60 s)."""
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "db.sqlite3"))
    release = threading.Event()
    offer = jobs.PlanJob._offer

    def offer_and_wait(self, offered) -> None:
        offer(self, offered)
        release.wait(timeout=60)

    monkeypatch.setattr(jobs.PlanJob, "_offer", offer_and_wait)
    yield release
    release.set()


def _until(what, timeout: float = 60.0) -> None:
    started = time.monotonic()
    while not what():
        assert time.monotonic() - started < timeout
        time.sleep(0.05)


def test_the_first_fair_rota_shows_while_the_plan_runs_and_can_be_taken_now(held):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.button(key="sample_button").click().run()
    at.switch_page("app_pages/plan.py").run()
    at.checkbox(key="measure_limits").uncheck()
    at.slider(key="time_limit").set_value(120)
    at.button(key="plan_button").click().run()
    job = jobs.registry().jobs[at.session_state["draft_id"]]
    _until(lambda: job.interim is not None)
    assert job.running  # the later steps have not run: the solver is held after the offer
    inputs = load_paths([DATA / "turnus.csv"], DATA / "supporters.csv", wards_path=DATA / "wards.csv",
                        rules_path=DATA / "rules.toml")
    report = verify(inputs, job.interim.rota.assignments, job.interim.rota.duties)
    assert report.ok, format_verify_report(report, "en")
    at.run()
    assert not at.exception
    assert at.button(key="take_now_button")  # shown on the running page, beside the stop button
    assert any("rettferdige planen er klar" in m.value for m in at.markdown)
    # each step done with its value; «best possible» only where proven, else its bound
    steps = "\n".join(c.value for c in at.caption if "Steg 1:" in c.value)
    assert "Steg 1:" in steps and ("bevist best mulig" in steps or "grense" in steps)
    interim = job.interim
    at.button(key="take_now_button").click().run()
    assert not job.running and job.plan is interim and job.taken_early  # finished at once, the solver still held
    held.set()
    job.thread.join(timeout=60)
    assert job.plan is interim and not job.failed and not job.stopped_before_plan  # the solver's later plan did not replace it
    at.run()
    assert not at.exception
    assert at.session_state["plan"] is interim
    assert any("ble tatt i bruk etter steg" in m.value for m in at.info)
    # kept with its fair-share base as a finished first plan is: a re-plan of it after sick leave
    # splits its proven needed hours (scheduler.store.replan_basis)
    assert interim.summary["fairness"]["needed_hours_proven"] is True
    assert interim.basis is not None and interim.basis.needed_hours == interim.result.fairness.shares.needed_hours


def test_after_the_last_step_the_card_says_nothing_more_will_improve_it(monkeypatch, tmp_path):
    """Held after the last step's offer: the card no longer promises a better rota in the
    background — what runs then is the measure of binding rules and the saving."""
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "db.sqlite3"))
    release = threading.Event()
    offer = jobs.PlanJob._offer

    def offer_last_and_wait(self, offered) -> None:
        offer(self, offered)
        if offered.number == offered.tiers:
            release.wait(timeout=60)

    monkeypatch.setattr(jobs.PlanJob, "_offer", offer_last_and_wait)
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        at.button(key="sample_button").click().run()
        at.switch_page("app_pages/plan.py").run()
        at.checkbox(key="measure_limits").uncheck()
        at.button(key="plan_button").click().run()
        job = jobs.registry().jobs[at.session_state["draft_id"]]
        _until(lambda: (job.progress.get("interim") or {}).get("tier") == 7)
        assert job.running
        at.run()
        captions = " ".join(c.value for c in at.caption)
        assert "Alle steg er ferdige" in captions and "gjør den bedre i bakgrunnen" not in captions
    finally:
        release.set()
    job.thread.join(timeout=60)
    assert not job.failed
