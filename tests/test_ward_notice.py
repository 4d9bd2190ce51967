"""The ward notice says whom to call, or the fallback — never why nobody covers a shift."""

from __future__ import annotations

from conftest import days, make_inputs, plan_and_verify

from scheduler.domain import Supporter
from scheduler.report import ward_notice_html


def test_an_uncovered_shift_shows_the_fallback_not_the_colleagues_unavailability():
    first, second = days(2)
    rows = [(e, w, d, "D") for d in (first, second) for e, w in (("a1", "A"), ("a2", "A"), ("b1", "B"))]
    # b1 is the only supporter who could cover ward A, and is unavailable on the second day
    b1 = Supporter(employee_id="b1", unavailable=frozenset({second}))
    plan, _ = plan_and_verify(make_inputs(rows, [b1, "a1"]))
    reasons = plan.rota.assignments.query("ward == 'A' and supporter_id == ''")["reason"].tolist()
    assert reasons and "Person b1" in reasons[0]  # the rota itself explains, for the rostering office
    for lang, fallback in (("no", "kontakt leder på vakt"), ("en", "contact the manager on duty")):
        notice = ward_notice_html(plan.instance, plan.rota, "A", lang)
        assert fallback in notice
        assert notice.count("Person b1") == 1  # named once: as the supporter to call on the first day
        for hint in ("tilgjengelig", "available", "avgi", "release", reasons[0]):
            assert hint not in notice, hint
