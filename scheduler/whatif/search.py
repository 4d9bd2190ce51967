"""The greedy search: each round screens every candidate left on the best rota so far, solves the
most promising few side by side, and keeps the best — so the N picks work together (the second is
the best given the first), and N rounds cost N × shortlist solves, not every ward (docs/whatif.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from scheduler.domain import SolverSettings
from scheduler.io.types import Inputs
from scheduler.model.demand import build_instance
from scheduler.whatif.candidates import Candidate, Screen, candidates, screen, with_candidates
from scheduler.whatif.evaluate import Evaluation

__all__ = ["Runner", "Pick", "Sweep", "sweep", "DEFAULT_SHORTLIST", "Progress"]

#: Candidates solved per round. The screen ranks every candidate in milliseconds; beyond the first
#: few, its order rarely changes which one wins (docs/whatif.md, measured in benchmarks/WHATIF.md).
DEFAULT_SHORTLIST = 6

#: progress: evaluations done, evaluations planned so far, what was just evaluated
Progress = Callable[[int, int, str], None]


class Runner(Protocol):
    """Runs evaluations side by side; returns them in the order asked, calling `done` after each."""

    def __call__(self, batches: Sequence[tuple[Candidate, ...]], done: Callable[[Evaluation], None]) -> list[Evaluation]:
        ...


@dataclass(frozen=True)
class Pick:
    """One round's choice: the rota before, and after training this candidate as well."""

    rank: int
    candidate: Candidate
    before: Evaluation
    after: Evaluation


@dataclass
class Sweep:
    """What the search found: the picks in order, every evaluation made, and why it stopped."""

    baseline: Evaluation
    picks: list[Pick] = field(default_factory=list)
    evaluated: list[tuple[int, Screen, Evaluation]] = field(default_factory=list)
    candidates: int = 0
    stopped: str = ""  # "", "no_candidates" or "no_improvement"

    @property
    def workers(self) -> set[str]:
        return {e.worker for _, _, e in self.evaluated if e.worker}


def sweep(inputs: Inputs, train: int, settings: SolverSettings, runner: Runner, *,
          shortlist: int = DEFAULT_SHORTLIST, on_progress: Progress | None = None) -> Sweep:
    """Pick up to `train` candidates, one round each, best first."""
    pool = candidates(inputs)
    planned = 1 + train * min(shortlist, len(pool))
    done = 0

    def one_done(evaluation: Evaluation) -> None:
        nonlocal done
        done += 1
        if on_progress is not None:
            label = evaluation.chosen[-1].label if evaluation.chosen else "—"
            on_progress(done, planned, label)

    baseline = runner([()], one_done)[0]
    result = Sweep(baseline=baseline, candidates=len(pool))
    if not pool:
        result.stopped = "no_candidates"
        return result
    everyone = build_instance(with_candidates(inputs, pool))  # each candidate's availability, once
    current, chosen = baseline, ()
    for rank in range(1, train + 1):
        left = [c for c in pool if c not in chosen]
        if not left:
            result.stopped = "no_candidates"
            break
        ranked = screen(everyone, left, current.uncovered_slots, current.duty_keys, dict(current.ratios))[:shortlist]
        evaluations = runner([(*chosen, s.candidate) for s in ranked], one_done)
        result.evaluated += [(rank, s, e) for s, e in zip(ranked, evaluations, strict=True)]
        best = min(evaluations, key=lambda e: (e.key, e.chosen[-1]))
        if best.key >= current.key:
            result.stopped = "no_improvement"
            break
        result.picks.append(Pick(rank, best.chosen[-1], current, best))
        current, chosen = best, best.chosen
    return result
