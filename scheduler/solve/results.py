"""What a solve reports: its status, progress while it runs, each tier's value and bound, fairness,
and the stop button (SolveControl) a person presses."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from ortools.sat.python import cp_model

from scheduler.domain import Pin, SolverSettings
from scheduler.errors import Stopped
from scheduler.solve.fairness import FairShares

__all__ = ["RunStatus", "SolveProgress", "SolveControl", "TierResult", "FairnessResult", "SolveResult"]


class RunStatus(StrEnum):
    """How a run ended."""

    OPTIMAL = "OPTIMAL"  # every tier proven
    FEASIBLE = "FEASIBLE"  # a valid rota; not every tier proven in the time
    STOPPED = "STOPPED"  # stopped by the user; the best rota so far
    INFEASIBLE = "INFEASIBLE"  # locked duties clash with a hard rule


@dataclass(frozen=True)
class SolveProgress:
    """A snapshot for a progress line or bar: which tier, how good, how sure, how long."""

    tier: str
    tier_number: int
    tiers: int
    objective: float
    bound: float
    elapsed: float
    solutions: int
    uncovered: int | None
    ward_slots: int
    label_no: str = ""
    label_en: str = ""

    @property
    def gap(self) -> float:
        return _gap(self.objective, self.bound)

    @property
    def coverage(self) -> float | None:
        if self.uncovered is None or not self.ward_slots:
            return None
        return 1 - self.uncovered / self.ward_slots


class SolveControl:
    """Lets another thread stop a running solve; the best rota found so far is kept."""

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._solver: cp_model.CpSolver | None = None
        self._lock = threading.Lock()
        self.phase = ""  # what the plan does after the solve ("rota", "limits", "tables"), for a progress line
        self.marks: dict[str, float] = {}  # when each phase began (time.monotonic), for measuring
        #: Called with each building step's name before the stop is looked at: a test presses stop
        #: at a chosen step through it, without racing the clock (None in use).
        self.at_step: Callable[[str], None] | None = None
        #: Called in the solver's thread with the rota after each finished tier from fairness on
        #: (scheduler.solve.interim.TierRota): the app shows it while later tiers run.
        self.on_rota: Callable[[object], None] | None = None
        self.discarded = False  # see `discard`

    def mark(self, phase: str) -> None:
        """The plan has moved on to `phase` (said on the progress line; the time is kept)."""
        self.phase = phase
        self.marks[phase] = time.monotonic()

    def discard(self) -> None:
        """Stop, and lay nothing out: the caller took another rota (the app's «use this rota now»),
        so the solve ends with :class:`Stopped` instead of a plan nobody will use."""
        self.discarded = True
        self.stop()

    def stop(self) -> None:
        self._stopped.set()
        with self._lock:
            if self._solver is not None:
                self._solver.stop_search()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def check(self, step: str = "") -> None:
        """Raise :class:`Stopped` once the stop was pressed. Model building looks here between its
        steps (each well under a second at a trust's year), so a stop never waits for a whole
        model to be built (issue 25)."""
        if self.at_step is not None:
            self.at_step(step)
        if self._stopped.is_set():
            raise Stopped(f"stopped while building ({step})")

    def _attach(self, solver: cp_model.CpSolver | None) -> None:
        with self._lock:
            self._solver = solver
        if solver is not None and self.stopped:
            solver.stop_search()


@dataclass(frozen=True)
class TierResult:
    name: str
    label_no: str
    label_en: str
    value: float
    bound: float
    status: str
    seconds: float

    @property
    def gap(self) -> float:
        return _gap(self.value, self.bound)

    @property
    def optimal(self) -> bool:
        return self.status == "OPTIMAL"


@dataclass(frozen=True)
class FairnessResult:
    """What fairness cost and reached (docs/fairness.md): the base, the levels, the price."""

    shares: FairShares
    fewest_duties: int | None  # the fewest duties found for the coverage (an upper bound on the fewest)
    fewest_duties_bound: int  # proven: no rota at this coverage has fewer
    levels: tuple[tuple[float, tuple[str, ...]], ...] = ()  # (ratio, supporters held there), busiest first
    largest_ratio_bound: float = 0.0

    def to_dict(self) -> dict:
        return {
            "needed_hours": round(self.shares.needed_hours, 3),
            "needed_hours_proven": self.shares.needed_proven,
            "fewest_duties": self.fewest_duties,
            "fewest_duties_bound": self.fewest_duties_bound,
            "largest_ratio_bound": round(self.largest_ratio_bound, 4),
            "levels": [{"ratio": round(r, 4), "supporters": list(s)} for r, s in self.levels],
            "forced": [{"ratio": round(f.ratio, 4), "group_no": f.group_no, "group_en": f.group_en,
                        "duties": f.duties, "supporters": list(f.supporters)} for f in self.shares.forced[:10]],
            # over exposure: the hours the held slot counts need, the base of tier largest_hours_ratio
            **({"hours_base": round(self.shares.hours_base, 3)} if self.shares.hours_base else {}),
        }


@dataclass
class SolveResult:
    """The duties chosen, and how good and how sure the run was."""

    status: RunStatus
    duties: set[tuple[str, int]]
    tiers: list[TierResult]
    build_seconds: float
    solve_seconds: float
    settings: SolverSettings
    uncoverable: list[tuple[str, int]] = field(default_factory=list)
    ward_locks: list[Pin] = field(default_factory=list)
    fairness: FairnessResult | None = None
    model_stats: dict[str, int] = field(default_factory=dict)

    def tier(self, name: str) -> TierResult | None:
        return next((t for t in self.tiers if t.name == name), None)

    @property
    def targets(self) -> dict[str, float]:
        """Each supporter's fair share in hours (empty when no fairness tier ran)."""
        return self.fairness.shares.targets if self.fairness else {}


def _gap(value: float, bound: float) -> float:
    if value == bound:
        return 0.0
    return abs(value - bound) / max(abs(value), 1e-9)
