"""The server's side of a plan solved in a child process (issue 25: memory given back after a plan).

The child (app_state/solve_child.py) is a fresh interpreter (``subprocess`` with one end of a
socket pair passed in): never a fork of the threaded server, and never multiprocessing's spawn,
which would re-run whatever Streamlit last put in ``sys.modules["__main__"]`` — a page. When it
ends, OR-Tools' native memory goes with it. Its start-up (imports, ~1.5 s under load) and the
instance sent to it (~0.1 s at L) are counted in the time limit: the child plans for what is left.

:class:`RemoteControl` is the job's `SolveControl` on this side: a stop is sent to the child
(the solver stops, the best rota so far is laid out there and sent back); a discard («use this
plan now» took another rota) kills it, as nothing it could send is wanted. The process is always
reaped before :func:`solve_in_child` returns, whatever happened.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from pathlib import Path

from scheduler.errors import InputError, Stopped
from scheduler.solve.plan import Plan
from scheduler.solve.results import SolveControl, SolveProgress

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Interim:
    """A plan of the rota held after step `number` of `tiers`, made in the child at `made`."""

    plan: Plan
    number: int
    tiers: int
    made: float


class ChildFailed(RuntimeError):
    """The child ended with an unexpected error (its traceback is the message) or without a word."""


class Child:
    """One child process and the server's end of its socket."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.conn: Connection | None = None
        self._lock = threading.Lock()
        self._open = False  # the job is sent: short messages may follow

    def start(self, job: dict) -> None:
        """Start the child and send it the job (blocks while the child imports, then reads it)."""
        ours, theirs = Pipe(duplex=True)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        self.proc = subprocess.Popen([sys.executable, "-m", "app_state.solve_child", str(theirs.fileno())],
                                     pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env)
        theirs.close()
        self.conn = ours
        try:
            ours.send(job)
        except OSError:  # it died at once; the reader hears the close
            pass
        with self._lock:
            self._open = True

    def send(self, message: str) -> None:
        """A short message ("stop", "go") once the job is sent; dropped before (the runner re-sends a
        stop that came meanwhile) and after the child has gone."""
        with self._lock:
            if not self._open or self.conn is None:
                return
            try:
                self.conn.send(message)
            except OSError:
                pass

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()

    def close(self) -> int | None:
        """Kill the child if it still runs, reap it, close the socket: no process is left behind."""
        self.kill()
        code = self.proc.wait() if self.proc is not None else None
        with self._lock:
            self._open = False
            if self.conn is not None:
                self.conn.close()
        return code


class RemoteControl(SolveControl):
    """The plan job's control when the solve runs in a child: stop is sent there, discard kills it."""

    def __init__(self) -> None:
        super().__init__()
        self.child: Child | None = None

    def stop(self) -> None:
        super().stop()
        child = self.child
        if child is not None:
            child.kill() if self.discarded else child.send("stop")


def solve_in_child(job: dict, control: RemoteControl, *, instance: object,
                   on_progress: Callable[[SolveProgress], None],
                   on_interim: Callable[[Interim], None]) -> tuple[Plan, float]:
    """Run `job` (scheduler.solve.plan.make_plan's arguments) in a child; returns the plan with
    `instance` put back and when the child had made it. Raises Stopped (stopped before any rota,
    or discarded), InputError (the person's input), ChildFailed (anything else)."""
    child = Child()
    control.child = child
    job = dict(job, steps=control.at_step is not None)
    try:
        child.start(job)
        if control.stopped:  # pressed while the job was sent
            control.stop()
        for message in _messages(child):
            kind, *rest = message
            if kind == "progress":
                on_progress(rest[0])
            elif kind == "mark":
                control.phase, control.marks[rest[0]] = rest[0], rest[1]
            elif kind == "step":
                if control.at_step is not None:
                    control.at_step(rest[0])
                child.send("go")
            elif kind == "interim":
                rest[0].instance = instance
                on_interim(Interim(*rest))
            elif kind == "plan":
                plan, made = rest
                plan.instance = instance
                control.marks["received"] = time.monotonic()  # sent and read: the rest is saving
                return plan, made
            elif kind == "stopped":
                raise Stopped("stopped before any rota")
            elif kind == "input":
                raise InputError(rest[0])
            elif kind == "failed":
                raise ChildFailed(rest[0])
        if control.discarded:
            raise Stopped("discarded: another rota was taken")
        raise ChildFailed(f"the plan's process ended without a result (exit code {child.close()})")
    finally:
        control.child = None
        child.close()


def _messages(child: Child):
    while True:
        try:
            yield child.conn.recv()
        except (EOFError, OSError):
            return
