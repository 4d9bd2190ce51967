"""The plan job: :func:`scheduler.plan.make_plan` in a worker thread, so the page never freezes.

The worker's progress callback writes plain values into ``job.progress``; the plan page draws
them from a fragment that re-runs every half second. No ``st.*`` call happens in the worker.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from app_state import keys
from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.errors import InputError
from scheduler.localtime import now_iso
from scheduler.plan import Plan, make_plan
from scheduler.solve import SolveControl, SolveProgress

log = logging.getLogger(__name__)


@dataclass
class PlanJob:
    """One optimiser run in a worker thread; its callback writes only plain values to `progress`."""

    time_limit: float
    control: SolveControl = field(default_factory=SolveControl)
    progress: dict = field(default_factory=dict)
    plan: Plan | None = None
    failed: bool = False  # an unexpected error; the details are in the server log, not on the page
    messages: list[str] = field(default_factory=list)  # input problems, for the person
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    collected: bool = False
    meta: dict = field(default_factory=dict)
    thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.finished is None

    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    def on_progress(self, p: SolveProgress) -> None:
        self.progress.update(tier=p.tier, tier_number=p.tier_number, tiers=p.tiers, objective=p.objective,
                             bound=p.bound, gap=p.gap, elapsed=p.elapsed, solutions=p.solutions,
                             coverage=p.coverage, uncovered=p.uncovered, ward_slots=p.ward_slots)

    def run(self, instance: Instance, pins: list[Pin], previous: pd.DataFrame | None, measure_limits: bool,
            lang: str) -> None:
        try:
            self.plan = make_plan(instance, pins=pins, previous=previous,
                                  settings=SolverSettings(time_limit=self.time_limit,
                                                          workers=instance.rules.solver.workers),
                                  on_progress=self.on_progress, control=self.control,
                                  measure_limits=measure_limits, lang=lang)
        except InputError as problem:  # e.g. locked duties that cannot be kept: a message, not a bug
            self.messages = [m.render(lang) for m in problem.messages]
        except Exception:  # the worker never raises into nowhere: logged for the operator, said plainly
            log.exception("planning failed")
            self.failed = True
        finally:
            self.finished = time.monotonic()


def current() -> PlanJob | None:
    return st.session_state.get(keys.JOB)


def start(instance: Instance, *, time_limit: float, pins: list[Pin] | None = None,
               previous: pd.DataFrame | None = None, measure_limits: bool = True) -> PlanJob:
    """Start a solve in a worker thread (never more than one per session)."""
    running = current()
    if running is not None and running.running:
        return running
    new = PlanJob(time_limit=float(time_limit))
    new.meta = {"checksums": dict(instance.checksums), "rules_json": instance.rules.model_dump_json(),
                "previous": previous is not None, "pins": len(pins or [])}
    lang = st.session_state.get(keys.LANG, "no")
    new.thread = threading.Thread(target=new.run, args=(instance, list(pins or []), previous, measure_limits, lang),
                                  name="plan-worker", daemon=True)
    st.session_state[keys.JOB] = new
    new.thread.start()
    return new


def collect_finished() -> None:
    """Move a finished job's plan into the session (called by the router before every page)."""
    done = current()
    if done is None or done.running or done.collected:
        return
    done.collected = True
    if done.plan is not None:
        st.session_state[keys.PLAN] = done.plan
        st.session_state[keys.PLAN_META] = {**done.meta,
                                            "finished_at": now_iso()}
        st.session_state[keys.VIEW] = "draft"
