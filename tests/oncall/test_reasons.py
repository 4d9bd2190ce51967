"""A slot without anyone on call says why, in counts, never names."""

from __future__ import annotations

from collections import Counter

from scheduler.oncall.reasons import no_on_call_reason


def test_the_reason_counts_each_cause_in_order() -> None:
    text = no_on_call_reason(6, Counter({"rest": 1, "at_work": 3}), 2, "no")
    assert text == "Av 6 med beredskap: 3 på jobb (egen vakt eller støttevakt), 1 hviler etter natt, 2 har nådd grensen for beredskap."
    assert no_on_call_reason(0, Counter(), 0, "en").startswith("No supporter has opted in")
