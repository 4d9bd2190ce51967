"""Reasons for uncovered ward-slots: the right reason, in words people use, and a form without names."""

from __future__ import annotations

import pytest
from conftest import MONDAY, days, make_inputs

from scheduler.domain import Rules, Supporter
from scheduler.model.demand import build_instance
from scheduler.solve.explain import REASON_WORDS, explain_uncovered, slot_definite
from scheduler.solve.limits import HARD_RULES


@pytest.mark.parametrize(
    ("name", "definite"),
    [("natt", "nattevakta"), ("kveld", "kveldsvakta"), ("dag", "dagvakta"), ("Natt", "nattevakta"),
     ("seinvakt", "seinvakta"), ("dagvakta", "dagvakta"), ("mellom", "vakta «mellom»")],
)
def test_slot_names_in_the_definite_form(name: str, definite: str) -> None:
    assert slot_definite(name) == definite


def test_every_duty_limit_has_words_for_its_reason() -> None:
    duty_limits = {rule_id for rule_id, rule in HARD_RULES.items() if rule.kind == "duty"}
    assert duty_limits <= set(REASON_WORDS)
    assert all(w.no.strip() and w.en.strip() for w in REASON_WORDS.values())


def test_nobody_at_work_names_the_slot_in_good_norwegian() -> None:
    # Only day shifts: the night has demand from ward B's night nurse and no supporter at work.
    rows = [("s", "A", MONDAY, "D"), ("b", "B", MONDAY, "N")]
    instance = build_instance(make_inputs(rows, ["s"]))
    night = next(s.index for s in instance.slots if s.name == "natt")
    reason = explain_uncovered(instance, set(), [("B", night)])[("B", night)]
    assert reason.code == "no_supporter_at_work"
    assert "i nattevakta 04.01" in reason.text("no") and "-vakta" not in reason.text("no")


def _at_limit():
    """Two supporters of ward A, each already on duty on Monday's day slot; ward B's evening
    needs cover and both are at work then, but one duty a day is the limit."""
    rows = [(sid, "A", MONDAY, code) for sid in ("s", "t") for code in ("D", "A")]
    rows += [("b", "B", MONDAY, "D"), ("b", "B", MONDAY, "A")]
    instance = build_instance(make_inputs(rows, ["s", "t"], rules=Rules(max_on_duty_per_ward=2)))
    dag, kveld = (next(s.index for s in instance.slots if s.name == n) for n in ("dag", "kveld"))
    return instance, {("s", dag), ("t", dag)}, kveld


def test_a_reason_names_people_for_the_office_and_counts_them_for_the_ward() -> None:
    instance, duties, kveld = _at_limit()
    reason = explain_uncovered(instance, duties, [("B", kveld)])[("B", kveld)]
    assert reason.code == "all_at_limit"
    assert "Person s (s)" in reason.text("no") and "Person t (t)" in reason.text("en")
    assert "allerede støttevakt denne dagen" in reason.text("no")
    for lang in ("no", "en"):
        unnamed = reason.text(lang, names=False)
        assert "Person" not in unnamed and "(s)" not in unnamed and "(t)" not in unnamed
    assert "(2 personer)" in reason.text("no", names=False)
    assert "already on duty that day (2 people)" in reason.text("en", names=False)


def test_blocked_colleagues_are_not_named_without_names() -> None:
    rows = [("s", "A", d, "D") for d in days(2)] + [("b", "B", d, "D") for d in days(2)]
    instance = build_instance(make_inputs(rows, [Supporter(employee_id="s", unavailable=frozenset({MONDAY}))]))
    reason = explain_uncovered(instance, set(), [("B", 0)])[("B", 0)]
    assert reason.code == "all_blocked"
    assert "Person s" in reason.text("no") and "meldt utilgjengelig" in reason.text("no")
    assert "Person s" not in reason.text("no", names=False)
    assert reason.text("en", names=False).endswith("marked unavailable (1 person).")


def test_on_duty_in_the_slot_but_at_the_wards_per_duty_limit() -> None:
    # s (ward A) is on duty and may cover B and C, but names at most one ward per duty.
    rows = [("s", "A", MONDAY, "D"), ("b", "B", MONDAY, "D"), ("c", "C", MONDAY, "D")]
    instance = build_instance(make_inputs(rows, ["s"], rules=Rules(max_wards_per_duty=1)))
    reason = explain_uncovered(instance, {("s", 0)}, [("C", 0)])[("C", 0)]
    assert reason.code == "all_at_limit"
    assert HARD_RULES["wards_per_duty"].reason.en in reason.text("en")
