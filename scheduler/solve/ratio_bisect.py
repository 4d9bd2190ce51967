"""The largest load ÷ fair share by bisection: "is there a rota with everybody at or under R?",
asked of CP-SAT for R between a proven bound and the rota's own ratio (docs/fairness.md, «Exposure»).

Over exposure, minimising the largest ratio directly left M-1 at 1.49–1.74 × with a bound of
0.5–1.15 × (the linear relaxation lets a small share take part of a heavy day duty). Asked as
feasibility with the ratio's domain cut at R, CP-SAT found a rota at 1.40 × in 9 s and proved
"none at or under 1.25 ×" in 2.5 s (2026-12-08, load 4): a feasibility question propagates the
cap on every supporter at once, where the optimisation's bound rises only through the LP.

Every answer is one of three: a rota (the ratio falls to that rota's own), INFEASIBLE (a proof:
the optimum is above R, the lower end rises), or nothing in the time (no claim). Near the optimum
both answers are slow, and the proofs are fastest far below it and the rotas far above it; so after
a rota is found the next question asks a third of the way up (a proof is likely there, and
cheap), after a proof halfway; after an unanswered one at a quarter (for a proof), then at three
quarters (for a rota), before giving up on that range. The lower end only ever rises on a proof,
so it is a proven bound.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import SolverSettings
from scheduler.solve.cpsat import solve_model
from scheduler.solve.hint import Hint
from scheduler.solve.results import SolveControl
from scheduler.solve.variables import ModelVariables

__all__ = ["Bisection", "bisect_ratio"]

#: Where in [low, high) the next question asks after 1 or 2 unanswered ones in a row (0: see `first`).
_WHERE = (0.5, 0.25, 0.75)


@dataclass(frozen=True)
class Bisection:
    """What the bisection ended with: the best rota found (None: the start stands), the proven
    lower end and the upper end (that rota's ratio), in the ratio's own units."""

    hint: Hint | None
    low: int
    high: int


def bisect_ratio(v: ModelVariables, ratio: cp_model.IntVar, settings: SolverSettings, seconds: float, hint: Hint,
                 control: SolveControl, low: int, high: int, ratio_of: Callable[[Hint], int],
                 step: float = 0.35, on_answer: Callable[[int, int, int], None] | None = None) -> Bisection:
    """Bisect the ratio between `low` (proven) and `high` (the hint's own) in `seconds`, each question
    given `step` of the time left (at least 0.3 s). `ratio_of` counts a found rota's ratio (the model's
    ratio variable may sit above it); `on_answer(high, low, rotas found)` is told after each answer (the
    progress shown). The ratio's domain is restored and the objective left cleared."""
    domain = list(ratio.proto.domain)
    best: Hint | None = None
    started, left = time.perf_counter(), seconds
    unanswered = 0  # questions in a row without an answer: ask at `first`, then 1/4, then 3/4 of the range
    first = 0.5
    v.model.clear_objective()
    try:
        while low < high and left > 0.05 and not control.stopped and unanswered < len(_WHERE):
            ask = low + int((high - low) * (_WHERE[unanswered] if unanswered else first))
            if ask < low or ask >= high:
                break
            ratio.proto.domain[len(domain) - 1] = max(domain[0], ask)
            share = min(left, max(0.3, step * left))
            run = solve_model(v, settings, share, best or hint, control)
            left = (left - share) if settings.deterministic else seconds - (time.perf_counter() - started)
            if run.code == cp_model.INFEASIBLE:
                low, unanswered, first = ask + 1, 0, 0.5
            elif run.solution is not None:
                best = run.solution
                high, unanswered, first = min(ask, ratio_of(best)), 0, 1 / 3
            else:
                unanswered += 1
            if on_answer is not None:
                on_answer(high, low, int(best is not None))
    finally:
        ratio.proto.domain[len(domain) - 1] = domain[-1]
    return Bisection(best, low, high)
