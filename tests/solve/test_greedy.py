"""The greedy warm start: on a re-plan the published rota goes in first, as far as it is still possible."""

from __future__ import annotations

from conftest import days, make_inputs

from scheduler.check.report import format_verify_report, verify
from scheduler.domain import Supporter
from scheduler.model.demand import build_instance
from scheduler.solve.greedy import greedy_rota
from scheduler.solve.rota import build_rota


def test_the_published_rota_goes_in_first_and_only_its_gaps_are_filled() -> None:
    # Wards A, B, C, one supporter each, three days. Published: a1 on all three days (the third
    # breaks the two-days-in-a-row limit) and c1 on day 1, who is now unavailable then.
    d = days(3)
    rows = [(f"{w.lower()}{i}", w, date, "D") for date in d for w in "ABC" for i in (1, 2)]
    inputs = make_inputs(rows, ["a1", "b1", Supporter(employee_id="c1", unavailable=frozenset({d[1]}))])
    instance = build_instance(inputs)
    dag = {date: instance.slot_index(date, "dag") for date in d}
    published = {("a1", dag[d[0]]), ("a1", dag[d[1]]), ("a1", dag[d[2]]), ("c1", dag[d[1]])}
    duties = greedy_rota(instance, keep=published)
    assert {("a1", dag[d[0]]), ("a1", dag[d[1]])} <= duties
    assert ("a1", dag[d[2]]) not in duties and ("c1", dag[d[1]]) not in duties
    rota = build_rota(instance, duties)
    report = verify(inputs, rota.assignments, rota.duties)
    assert report.ok, format_verify_report(report, "en")
    assert report.counts["uncovered"] == 0
