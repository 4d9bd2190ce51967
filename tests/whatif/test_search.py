"""The greedy search on a small hospital, one by one in this process: it picks the ward that
closes the gaps, stops when nothing helps, and every rota it states passes the independent checker."""

from __future__ import annotations

from whatif_world import SETTINGS, world

from scheduler.whatif.checked import check_evaluation
from scheduler.whatif.cluster import serial_runner
from scheduler.whatif.files import picks_table, summary_text
from scheduler.whatif.search import sweep


def test_picks_the_ward_whose_nurse_covers_ward_a_every_day() -> None:
    inputs = world()
    progress = []
    result = sweep(inputs, 2, SETTINGS, serial_runner(inputs, SETTINGS), shortlist=3,
                   on_progress=lambda done, planned, label: progress.append(done))
    assert result.baseline.uncovered == 7  # ward A, every day: only A's own are supporters
    first = result.picks[0]
    assert (first.candidate.ward, first.candidate.profession) == ("B", "sykepleier")
    assert first.after.uncovered == 0
    assert progress == list(range(1, len(result.evaluated) + 2))
    for evaluation in [result.baseline, *(p.after for p in result.picks), *(e for _, _, e in result.evaluated)]:
        assert check_evaluation(inputs, evaluation) == []


def test_a_second_pick_only_when_it_improves_something() -> None:
    inputs = world()
    result = sweep(inputs, 3, SETTINGS, serial_runner(inputs, SETTINGS), shortlist=4)
    for pick in result.picks:
        assert pick.after.key < pick.before.key
    if len(result.picks) < 3:
        assert result.stopped in {"no_improvement", "no_candidates"}
    table = picks_table(result)
    assert list(table["rank"]) == list(range(1, len(result.picks) + 1))
    assert "Lær opp én sykepleier på B" in summary_text(result, 3)


def test_the_checker_catches_a_stated_figure_that_is_not_the_rota() -> None:
    import dataclasses

    inputs = world()
    result = sweep(inputs, 1, SETTINGS, serial_runner(inputs, SETTINGS), shortlist=2)
    wrong = dataclasses.replace(result.picks[0].after, uncovered=result.picks[0].after.uncovered + 3)
    assert any("uncovered" in p for p in check_evaluation(inputs, wrong))
