"""Each proposal's rota passed through the independent checker, so the figures `whatif` states are
those of a valid rota: every hard rule kept, and the uncovered ward-slots the checker counts equal
to the ones reported (docs/whatif.md)."""

from __future__ import annotations

from scheduler.check.report import verify
from scheduler.io.types import Inputs
from scheduler.model.demand import build_instance
from scheduler.solve.rota import build_rota
from scheduler.whatif.candidates import with_candidates
from scheduler.whatif.evaluate import Evaluation

__all__ = ["check_evaluation"]


def check_evaluation(inputs: Inputs, evaluation: Evaluation) -> list[str]:
    """What is wrong with `evaluation`'s rota, in words (empty: it holds)."""
    trained = with_candidates(inputs, evaluation.chosen)
    rota = build_rota(build_instance(trained), set(evaluation.duty_keys))
    report = verify(trained, rota.assignments, rota.duties)
    problems = [f"{rule}: {count}" for rule, count in sorted(report.by_rule().items())]
    if report.counts["uncovered"] != evaluation.uncovered:
        problems.append(f"uncovered: stated {evaluation.uncovered}, checker counts {report.counts['uncovered']}")
    return problems
