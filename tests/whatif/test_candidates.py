"""Who could be trained: one candidate per ward and profession, its employee the median worker
there, never a supporter already; the screen puts who could fill the gaps first."""

from __future__ import annotations

from whatif_world import world

from scheduler.model.demand import build_instance
from scheduler.whatif.candidates import Candidate, candidates, screen, with_candidates


def test_one_candidate_per_ward_and_profession_never_a_supporter() -> None:
    found = candidates(world())
    assert [(c.ward, c.profession) for c in found] == [("A", "sykepleier"), ("B", "lege"), ("B", "sykepleier"),
                                                       ("C", "sykepleier")]
    assert not {c.employee_id for c in found} & {"a1", "a2"}


def test_the_representative_is_the_median_worker_not_the_busiest() -> None:
    by_ward = {(c.ward, c.profession): c.employee_id for c in candidates(world())}
    # b1 and b2 work 7 days, b3 5: the median of (5, 7, 7) is 7, the lowest id with it is b1
    assert by_ward["B", "sykepleier"] == "b1"
    assert by_ward["A", "sykepleier"] == "a3"


def test_with_candidates_adds_supporters_and_leaves_the_inputs_alone() -> None:
    inputs = world()
    chosen = [c for c in candidates(inputs) if c.ward == "C"]
    trained = with_candidates(inputs, chosen)
    assert set(trained.supporters) == {"a1", "a2", chosen[0].employee_id}
    assert set(inputs.supporters) == {"a1", "a2"}


def test_the_screen_puts_who_can_fill_the_gaps_first() -> None:
    inputs = world()
    pool = candidates(inputs)
    everyone = build_instance(with_candidates(inputs, pool))
    a_gaps = [("A", t) for t in range(len(everyone.slots)) if everyone.slots[t].kind.value == "day"]
    ranked = screen(everyone, pool, a_gaps, [], {})
    # B's nurse works all 7 days and can cover A; C's nurse only 3; A's own nurse never covers A
    assert ranked[0].candidate == Candidate("B", "sykepleier", "b1")
    assert ranked[0].coverable_gaps == 7
    assert next(s for s in ranked if s.candidate.ward == "C").coverable_gaps == 3
    assert next(s for s in ranked if s.candidate.ward == "A").coverable_gaps == 0
