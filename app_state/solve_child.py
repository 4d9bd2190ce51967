"""The plan's solve in a child process (issue 25): run as ``python -m app_state.solve_child FD``.

OR-Tools leaves ~110 MiB of native memory behind after a year's solve that nothing in Python
holds and no collection gives back; in a process of its own it returns to the system when the
process ends. The server (app_state/solve_process.py) starts this module with one end of a
socket pair: it sends the job (the instance pickled, ~32 MB and 0.1 s at L), then "stop" or "go";
this side sends plain tuples back — progress, phase marks, an interim plan after each step from
fairness on, then the plan (without its instance: the server has it) or why there is none. A
re-plan's job carries the fair-share bases kept with the rota it changes (scheduler.store.replan_basis);
the plan comes back with its own, to be kept with it.

The child dies with the server: a thread reads the socket, and when it closes (the server ended
or killed the job) the process exits at once; Linux also kills it when the server's thread that
started it is gone (``PR_SET_PDEATHSIG``). No Streamlit here.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import replace
from multiprocessing.connection import Connection

from scheduler.domain import SolverSettings
from scheduler.errors import InputError, Stopped
from scheduler.oncall.plan import attach_on_call
from scheduler.solve.interim import TierRota
from scheduler.solve.plan import Plan, make_plan, plan_of_rota
from scheduler.solve.replan_shares import ReplanBasis, basis_of, kept_needed
from scheduler.solve.results import SolveControl


class Link:
    """The child's end of the socket: sends from any thread, and a thread that hears stop and go."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._lock = threading.Lock()
        self._go = threading.Event()
        self.control: SolveControl | None = None

    def send(self, *message: object) -> None:
        try:
            with self._lock:
                self.conn.send(message)
        except OSError:  # the server is gone: nobody to tell
            os._exit(0)

    def listen(self) -> None:
        """Until the socket closes: "stop" stops the solver (best rota so far kept), "go" lets a held
        building step on. A closed socket means the server ended or dropped the job: exit now."""
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                os._exit(0)
            if message == "stop" and self.control is not None:
                self.control.stop()
            elif message == "go":
                self._go.set()

    def step(self, name: str) -> None:
        """A building step, said to the server and held until it answers (its test presses stop here)."""
        self._go.clear()
        self.send("step", name)
        self._go.wait()


class ChildControl(SolveControl):
    """The solver's control in the child: every phase mark is also sent to the server."""

    def __init__(self, link: Link) -> None:
        super().__init__()
        self.link = link

    def mark(self, phase: str) -> None:
        super().mark(phase)
        self.link.send("mark", phase, self.marks[phase])


def without_instance(plan: Plan) -> Plan:
    """The plan to send: the server has the instance already (a year's is ~32 MB pickled)."""
    return replace(plan, instance=None)  # type: ignore[arg-type]


class Interims:
    """Plans of the newest rota offered after a step, made beside the solver and sent (issue 20)."""

    def __init__(self, link: Link, control: SolveControl, job: dict) -> None:
        self.link, self.control, self.job = link, control, job
        self._newest: TierRota | None = None
        self._ready = threading.Event()
        self.done = threading.Event()
        self._basis: list[ReplanBasis | None] = []  # made once: the same for each interim plan of the run

    def basis(self, plan: Plan) -> ReplanBasis | None:
        """A first plan's base for a later re-plan (basis_of), as the finished plan's: its fewest and
        coverage are settled before fairness, the first step offered. A re-plan's interim keeps none:
        its coverage is not yet compared with the base it kept."""
        if self.job["previous"] is not None:
            return None
        if not self._basis:
            self._basis.append(basis_of(self.job["instance"], plan.result, self.job["pins"], previous=False))
        return self._basis[0]

    def offer(self, offered: TierRota) -> None:
        """Called in the solver's thread after a step: only kept; the interim thread makes the plan."""
        self._newest = offered
        self._ready.set()

    def run(self) -> None:
        job = self.job
        while not self.done.is_set():
            if not self._ready.wait(timeout=0.2):
                continue
            self._ready.clear()
            offered = self._newest
            if offered is None or self.control.stopped:
                continue
            try:
                plan = plan_of_rota(job["instance"], offered, pins=job["pins"], previous=job["previous"] is not None,
                                    lang=job["lang"])
                plan.basis = self.basis(plan)  # kept if this plan is taken and published
            except Exception:  # an interim plan is a courtesy: the final plan still comes
                traceback.print_exc()
                continue
            self.link.send("interim", without_instance(plan), offered.number, offered.tiers, time.monotonic())


def solve(link: Link, job: dict) -> None:
    """make_plan as the thread ran it, the time limit counted from the click (the child's start-up
    included), its outcome sent as one last message."""
    control = ChildControl(link)
    link.control = control
    if job["steps"]:
        control.at_step = link.step
    interims = Interims(link, control, job)
    control.on_rota = interims.offer
    threading.Thread(target=link.listen, name="plan-child-listen", daemon=True).start()
    threading.Thread(target=interims.run, name="plan-child-interim", daemon=True).start()
    instance, lang, pins = job["instance"], job["lang"], job["pins"]
    limit = max(1.0, job["time_limit"] - (time.monotonic() - job["since"]))
    try:
        # The first base kept with the rota re-planned that this instance may keep (replan_shares).
        basis = next((b for b in job.get("bases", ()) if kept_needed(b, instance, pins) is not None), None)
        plan = make_plan(instance, pins=pins, previous=job["previous"],
                         settings=SolverSettings(time_limit=limit, workers=instance.rules.solver.workers),
                         on_progress=lambda p: link.send("progress", p), control=control,
                         measure_limits=job["measure_limits"], lang=lang, previous_basis=basis)
        plan.basis = basis_of(instance, plan.result, pins, previous=job["previous"] is not None)  # kept with it
        attach_on_call(plan, settings=SolverSettings(time_limit=job["time_limit"], workers=1),
                       lang=lang)  # only with `[on_call]` in the rules (docs/domain.md)
        made = time.monotonic()
        interims.done.set()
        link.send("plan", without_instance(plan), made)
    except Stopped:
        link.send("stopped")
    except InputError as problem:  # e.g. locked duties that cannot be kept: a message, not a bug
        link.send("input", list(problem.messages))
    except Exception:
        link.send("failed", traceback.format_exc())


def die_with_parent() -> None:
    """Linux: SIGKILL this process when the server's thread that started it ends."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the socket's close still ends it
        pass


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's: it closes the socket
    die_with_parent()
    link = Link(Connection(int(args[0])))
    try:
        job = link.conn.recv()
    except (EOFError, OSError):
        return 0
    gc.freeze()  # the instance just read lives until the end: no full collection walks it again
    solve(link, job)
    link.conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
