"""The plan job: :func:`scheduler.solve.plan.make_plan` in a child process watched by a worker
thread, so the page never freezes and the solver's native memory goes back to the system when the
child ends (issue 25; app_state/solve_process.py, app_state/solve_child.py).

Jobs belong to a draft, not to a browser tab: they are kept in one registry per server process
(``st.cache_resource``), so a reloaded page finds its running plan again. The server plans one
rota at a time — the machine has few cores, and two solves sharing them would both end unproven —
so a second job waits its turn in a queue and says so. A finished plan is saved to the draft in
the store by the worker itself, so it is not lost when nobody is looking.

The child's progress messages are written as plain values into ``job.progress``; the plan page
draws them from a fragment that re-runs every half second. No ``st.*`` call happens in the worker.

Anytime (issue 20): after each step from fairness on, the child makes a plan of the rota it holds
and sends it (`job.interim`), which the page shows while later steps run. «Use this plan now»
(`take_now`) saves it as the draft's plan at once and kills the child: the job is finished the
moment it is saved.

A re-plan hands the child the fair-share bases kept with the rota it changes (:func:`replan_bases`,
scheduler.store.replan_basis), so after sick leave it splits the published rota's proven needed
hours as `scheduler solve --previous` does (docs/fairness.md, «A local re-plan»); the plan comes
back with its own base, kept with the draft's plan and any publication of it.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from app_state import auth, drafts, keys, memory, uploads, views
from app_state.opened_store import store
from app_state.solve_process import Interim, RemoteControl, solve_in_child
from scheduler.domain import Instance, Pin
from scheduler.errors import InputError, Stopped
from scheduler.localtime import now_iso
from scheduler.solve.plan import Plan, collector_paused
from scheduler.solve.replan_shares import ReplanBasis
from scheduler.solve.results import SolveProgress
from scheduler.store.publications import PublicationStore
from scheduler.store.published import kept_tables
from scheduler.store.replan_basis import kept_basis
from scheduler.views.changes import duty_changes

log = logging.getLogger(__name__)


class SolverQueue:
    """First come, first served: at most `slots` plans solve at once on this server."""

    def __init__(self, slots: int = 1) -> None:
        self.slots = slots
        self._cond = threading.Condition()
        self._waiting: list[PlanJob] = []
        self._running = 0

    def ahead_of(self, job: PlanJob) -> int:
        """How many jobs will solve before `job` starts (0 once it runs)."""
        with self._cond:
            if job not in self._waiting:
                return 0
            return self._waiting.index(job) + self._running

    @contextmanager
    def turn(self, job: PlanJob) -> Iterator[bool]:
        """Wait for `job`'s turn; yields False if it was stopped while waiting."""
        with self._cond:
            self._waiting.append(job)
            while not job.control.stopped and (self._running >= self.slots or self._waiting[0] is not job):
                self._cond.wait(timeout=0.25)
            self._waiting.remove(job)
            if job.control.stopped:
                self._cond.notify_all()
                got = False
            else:
                self._running += 1
                got = True
        try:
            yield got
        finally:
            if got:
                with self._cond:
                    self._running -= 1
                    self._cond.notify_all()


@dataclass
class PlanJob:
    """One optimiser run in a worker thread; its callback writes only plain values to `progress`."""

    time_limit: float
    draft_id: str
    measure_limits: bool = True
    actor: str = "lokal"  # who started it: the plan is saved into their draft in their name
    token: str = field(default_factory=lambda: secrets.token_urlsafe(6))
    control: RemoteControl = field(default_factory=RemoteControl)
    progress: dict = field(default_factory=dict)
    plan: Plan | None = None
    failed: bool = False  # an unexpected error; the details are in the server log, not on the page
    messages: list[str] = field(default_factory=list)  # input problems, for the person
    stopped_before_plan: bool = False  # stopped while the model was built: no rota to keep, the draft unchanged
    started: float = field(default_factory=time.monotonic)
    solving_since: float | None = None  # when its turn came (None while waiting)
    solved: float | None = None  # when it gave its turn back
    finished: float | None = None
    meta: dict = field(default_factory=dict)
    thread: threading.Thread | None = None
    stop_pressed: float | None = None
    interim: Plan | None = None  # the plan of the newest rota offered after a finished tier (anytime)
    interim_at: float | None = None  # when it was ready (time.monotonic)
    first_interim_at: float | None = None  # when the first fair rota was ready to show
    taken_early: bool = False  # the person took the interim plan: it is the job's plan
    _store_path: str = ""
    _baseline: pd.DataFrame | None = None
    _settle_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def running(self) -> bool:
        return self.finished is None

    @property
    def waiting(self) -> bool:
        return self.running and self.solving_since is None

    @property
    def phase(self) -> str:
        """What the job does now, as the progress line says it: «waiting», «building» (the model, before
        the solver reports), «solving» (a goal, with its value and bound), «rota» (naming who covers and
        why not), «limits» (measuring which rules hinder coverage), «tables», «saving», «done»."""
        if not self.running:
            return "done"
        if self.solving_since is None:
            return "waiting"
        if self.solved is not None:
            return "saving"
        if self.control.phase:
            return self.control.phase
        return "solving" if self.progress.get("tier") else "building"

    @property
    def marks(self) -> dict[str, float]:
        """When each phase after the solve began (time.monotonic), and when the job saved and finished."""
        out = dict(self.control.marks)
        if self.solved is not None:
            out["saving"] = self.solved
        if self.finished is not None:
            out["done"] = self.finished
        return out

    def stop(self) -> None:
        """The stop button: the solver stops searching and the best plan so far is kept."""
        self.stop_pressed = self.stop_pressed or time.monotonic()
        self.control.stop()

    def take_now(self) -> bool:
        """«Use this plan now»: the interim plan becomes the draft's plan at once, the solver stops.
        False when there is none (yet) or the job has already ended."""
        plan = self.interim
        return plan is not None and self._settle(plan, early=True)

    def _offer(self, offered: Interim) -> None:
        """A plan of the rota after a step, made in the child beside the solver: shown at once."""
        if self.taken_early or not self.running:
            return
        self.interim, self.interim_at = offered.plan, time.monotonic()
        self.first_interim_at = self.first_interim_at or self.interim_at
        self.progress["interim"] = {"tier": offered.number, "tiers": offered.tiers}
        self.progress.setdefault("interim_first", offered.number)

    def _settle(self, plan: Plan, *, early: bool = False) -> bool:
        """Save `plan` as the draft's plan and finish the job — once: the first of the worker (the
        plan made) and «use this plan now» (the interim) to get here wins, the other is dropped."""
        with self._settle_lock, collector_paused():  # the worker's end waits here: finished once saved
            if self.plan is not None or self.finished is not None:
                return False
            if early:
                self.stop_pressed = self.stop_pressed or time.monotonic()
                self.taken_early = True
                self.control.discard()  # the solver lays nothing out: this plan is the job's
            self.meta["stopped"] = self.control.stopped
            self.meta["taken_early"] = early
            if early:
                self.meta["interim"] = plan.summary.get("interim")
            if self._baseline is not None:
                self.meta["changes"] = duty_changes(self._baseline, plan.rota.duties).to_dict("records")
            self.meta["finished_at"] = now_iso()
            instance = plan.instance
            PublicationStore(self._store_path).save_draft_plan(self.draft_id, kept_tables(plan), plan.summary,
                                                               instance.rules.model_dump_json(), dict(instance.checksums),
                                                               self.meta, actor=self.actor)
            self.plan = plan
            if early:
                self.solved = self.solved or time.monotonic()
                self.finished = time.monotonic()
            return True

    def elapsed(self) -> float:
        """Seconds solving (not counting the wait for its turn)."""
        if self.solving_since is None:
            return 0.0
        return (self.finished or time.monotonic()) - self.solving_since

    def on_progress(self, p: SolveProgress) -> None:
        if p.tier != self.progress.get("tier"):  # a new goal: the earlier goals' last values are kept
            if self.progress.get("tier"):
                self.progress.setdefault("done_tiers", []).append(
                    {"tier": self.progress["tier"], "proven": self.progress.get("gap") == 0,
                     "value": self.progress.get("objective"), "bound": self.progress.get("bound")})
        self.progress.update(tier=p.tier, tier_number=p.tier_number, tiers=p.tiers, objective=p.objective,
                             bound=p.bound, gap=p.gap, elapsed=p.elapsed, solutions=p.solutions,
                             coverage=p.coverage, uncovered=p.uncovered, ward_slots=p.ward_slots)

    def run(self, queue: SolverQueue, store_path: str, instance: Instance, pins: list[Pin],
            previous: pd.DataFrame | None, baseline: pd.DataFrame | None, measure_limits: bool, lang: str,
            bases: Sequence[ReplanBasis] = ()) -> None:
        self._store_path, self._baseline = store_path, baseline
        try:
            with queue.turn(self) as got:
                if not got:
                    return
                self.solving_since = time.monotonic()
                job = {"instance": instance, "pins": list(pins), "previous": previous, "time_limit": self.time_limit,
                       "since": self.solving_since, "measure_limits": measure_limits, "lang": lang,
                       "bases": list(bases)}
                plan, made = solve_in_child(job, self.control, instance=instance, on_progress=self.on_progress,
                                            on_interim=self._offer)
                self.solved = self.solved or made
            self._settle(plan)
        except Stopped:  # before any rota existed (or another was taken): nothing to save, the page says so
            self.stopped_before_plan = not self.taken_early
        except InputError as problem:  # e.g. locked duties that cannot be kept: a message, not a bug
            self.messages = [m.render(lang) for m in problem.messages]
        except Exception:  # the worker never raises into nowhere: logged for the operator, said plainly
            log.exception("planning failed")
            self.failed = self.plan is None  # after «use this plan now» the plan taken stands
        finally:
            with self._settle_lock:
                self.finished = self.finished or time.monotonic()
            self.interim = None if self.plan is not self.interim else self.interim  # a year's plan is large


#: A finished job is forgotten this long after it finished (its plan is in the store by then).
KEEP_FINISHED_SECONDS = 3600.0


@dataclass
class Registry:
    """The server's plan jobs by draft, and the queue they wait in."""

    jobs: dict[str, PlanJob] = field(default_factory=dict)
    queue: SolverQueue = field(default_factory=SolverQueue)

    def forget_old(self, now: float) -> None:
        """Drop jobs that finished long ago, so the server does not hold every plan it ever made."""
        for draft, job in list(self.jobs.items()):
            if job.finished is not None and now - job.finished > KEEP_FINISHED_SECONDS:
                del self.jobs[draft]


@st.cache_resource
def registry() -> Registry:
    return Registry()


@st.cache_resource
def memory_watcher() -> memory.Watcher:
    """The server's one memory watcher (app_state/memory.py), started by the router's first page
    run. With no session left the finished jobs are forgotten: their plans are in the store, and
    a new session opens the draft from there."""
    jobs = registry()  # taken here, in a page run: the watcher's thread has no Streamlit context

    def forget(sessions: int) -> None:
        if sessions == 0:
            jobs.forget_old(float("inf"))

    return memory.Watcher(forget=forget).start()


def current() -> PlanJob | None:
    """The draft's newest job (running or finished) on this server, if any."""
    draft = drafts.draft_id()
    return registry().jobs.get(draft) if draft else None


def start(instance: Instance, *, time_limit: float, pins: list[Pin] | None = None,
          previous: pd.DataFrame | None = None, measure_limits: bool = True, base: str = "published") -> PlanJob:
    """Start a solve for this draft in a worker thread (never two at once for one draft).

    `previous` is the rota to change as little as possible: the published rota, or the draft's own
    last plan (`base="draft"`). The change list compares the new rota with it, else with the
    draft's plan before this one.
    """
    running = current()
    if running is not None and running.running:
        return running
    draft = drafts.ensure_id()
    baseline = previous
    if baseline is None:
        before = views.draft_view()
        baseline = before.duties if before is not None else None
    new = PlanJob(time_limit=float(time_limit), draft_id=draft, measure_limits=measure_limits, actor=auth.actor())
    new.meta = {"inputs_key": uploads.plan_key(), "previous": previous is not None, "pins": len(pins or []),
                "job": new.token, "started_at": now_iso(),
                "baseline": base if previous is not None else "draft" if baseline is not None else "",
                "before": before_figures()}
    st.session_state[keys.PLAN_STARTED] = new.token
    drafts.save_if_changed()
    lang = st.session_state.get(keys.LANG, "no")
    bases = replan_bases(instance, base) if previous is not None else []
    reg = registry()
    reg.forget_old(time.monotonic())
    new.thread = threading.Thread(target=new.run, name="plan-worker", daemon=True,
                                  args=(reg.queue, views.store_path(), instance, list(pins or []), previous, baseline,
                                        measure_limits, lang, bases))
    reg.jobs[draft] = new
    new.thread.start()
    return new


def replan_bases(instance: Instance, base: str) -> list[ReplanBasis]:
    """The fair-share bases kept with the rota a re-plan changes (scheduler.store.replan_basis): the
    draft's last plan's, or those of the publications in force on the draft's dates, newest first.
    The child keeps the first its instance matches (scheduler.solve.replan_shares.kept_needed)."""
    if base == "draft":
        plan: Plan | None = st.session_state.get(keys.PLAN)
        stored = st.session_state.get(keys.STORED_PLAN)
        basis = plan.basis if plan is not None else kept_basis(stored.tables, stored.summary) if stored else None
        return [basis] if basis is not None else []
    if not instance.slots:
        return []
    try:
        kept = store()
        return kept.replan_bases(kept.in_force(instance.slots[0].date, instance.slots[-1].date).publications()[::-1])
    except Exception:  # an unreadable store: the re-plan splits its own bound, as before
        log.exception("the rota in force's fair-share bases cannot be read")
        return []


def before_figures() -> dict:
    """The draft's last plan in figures (busiest × share, uncovered, duties), to compare a new one with;
    {} when there is none. Plain values only: they go into the plan's meta and the store."""
    before = views.draft_view()
    if before is None:
        return {}
    counts = before.summary.get("counts") or {}
    fair = before.summary.get("fairness") or {}
    return {"largest_ratio": fair.get("largest_ratio"), "uncovered": counts.get("uncovered"),
            "duties": counts.get("duties"), "above_flag": fair.get("supporters_above_flag")}


def collect_finished() -> None:
    """Take a finished job's plan into the session (called by the router before every page)."""
    done = current()
    if done is None or done.running or st.session_state.get(keys.COLLECTED) == done.token:
        return
    st.session_state[keys.COLLECTED] = done.token
    if done.plan is not None:
        st.session_state[keys.PLAN] = done.plan
        st.session_state[keys.PLAN_META] = dict(done.meta)
        st.session_state.pop(keys.STORED_PLAN, None)
        st.session_state[keys.VIEW] = "draft"


def interrupted() -> bool:
    """A plan was started for this draft but neither finished nor runs here (the server restarted)."""
    started = st.session_state.get(keys.PLAN_STARTED)
    if not started or current() is not None:
        return False
    return st.session_state.get(keys.PLAN_META, {}).get("job") != started
