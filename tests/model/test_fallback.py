"""The fallback chain: the scheme's own steps in order, the leader only when chosen, the server's
number for a help line without one, and the same words in both languages."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scheduler.domain import FallbackStep, Rules
from scheduler.model.fallback import fallback_chain, fallback_sentence, step_words


def test_by_default_the_occupational_health_service_never_the_leader() -> None:
    sentence = fallback_sentence(fallback_chain(Rules()))
    assert sentence == "Står det ingen kollegastøtte på vakta, ring Bedriftshelsetjenesten."
    assert "leder" not in sentence.lower()


def test_the_servers_number_goes_to_the_first_help_line_without_one() -> None:
    steps = fallback_chain(Rules(), default_phone="22 95 00 00")
    assert step_words(steps[0]) == "Bedriftshelsetjenesten, tlf. 22 95 00 00"


def test_the_schemes_chain_in_order_with_hours() -> None:
    rules = Rules(fallback=[FallbackStep(kind="on_call", phone="+47 480 00 000", hours="16:00-08:00"),
                            FallbackStep(kind="help_line", name="BHT", phone="22 00 00 00", hours="08:00-15:30"),
                            FallbackStep(kind="leader_on_duty")])
    no = fallback_sentence(fallback_chain(rules), "no")
    assert no == ("Står det ingen kollegastøtte på vakta, ring i denne rekkefølgen: 1) Kollegastøtte i beredskap, "
                  "tlf. +47 480 00 000 (kl. 16:00–08:00); 2) BHT, tlf. 22 00 00 00 (kl. 08:00–15:30); 3) Leder på vakt.")
    en = fallback_sentence(fallback_chain(rules), "en")
    assert en.startswith("If no supporter is on duty, call in this order: 1) Peer supporter on call, tel. +47 480 00 000 "
                         "(16:00–08:00)")


@pytest.mark.parametrize("step", [{"kind": "help_line"}, {"kind": "help_line", "name": "ring <b>meg</b>"},
                                  {"kind": "on_call", "phone": "ring meg"}, {"kind": "on_call", "hours": "8-16"},
                                  {"kind": "boss"}])
def test_a_step_that_is_not_a_name_a_number_and_hours_is_refused(step: dict) -> None:
    with pytest.raises(ValidationError):
        Rules(fallback=[step])


def test_a_planned_on_call_supporter_is_named_by_the_notice_and_the_checker_alike():
    from scheduler.check.notice_fallback import on_call_cells
    from scheduler.model.fallback import on_call_words

    assert {on_call_words("Kari Ås", "no"), on_call_words("Kari Ås", "en")} == on_call_cells("Kari Ås")


def test_on_call_planning_is_off_by_default_and_puts_its_step_in_the_chain():
    from scheduler.domain import OnCallRules

    assert Rules().on_call is None and [s.kind for s in Rules().fallback] == ["help_line"]
    planned = Rules(on_call=OnCallRules())
    assert [s.kind for s in planned.fallback] == ["on_call", "help_line"]
    asked = Rules.model_validate({"fallback": [{"kind": "help_line", "name": "bht"}, {"kind": "on_call"}]})
    assert asked.on_call == OnCallRules() and [s.kind for s in asked.fallback] == ["help_line", "on_call"]
    fixed = Rules.model_validate({"fallback": [{"kind": "on_call", "phone": "480 00 000"}]})
    assert fixed.on_call is None  # a phone the scheme hands round itself: nobody is planned
    assert Rules.model_validate_json(planned.model_dump_json()) == planned
