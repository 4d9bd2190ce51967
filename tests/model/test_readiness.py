"""Before planning: refusals for nothing to plan, loud warnings, and a previous rota from elsewhere."""

from __future__ import annotations

import pandas as pd
from conftest import days, make_inputs

from scheduler.domain import Supporter, Ward
from scheduler.errors import Severity
from scheduler.io.types import ReadingReport
from scheduler.model.demand import build_instance
from scheduler.model.readiness import (
    blocking_errors,
    loud_warnings,
    nothing_to_plan,
    previous_rota_problems,
    reading_report,
)


def _rows() -> list[tuple[str, str, object, str]]:
    return [(f"{w.lower()}{k}", w, d, "D") for d in days(3) for w in "ABC" for k in (1, 2)]


def test_a_plannable_world_has_nothing_to_say() -> None:
    inputs = make_inputs(_rows(), ["a1", "b1", "c1"])
    instance = build_instance(inputs)
    assert nothing_to_plan(inputs, instance) == [] and loud_warnings(inputs, instance) == []
    assert blocking_errors(inputs) == []


def test_no_supporters_or_none_in_the_turnus_or_no_demand_is_nothing_to_plan() -> None:
    inputs = make_inputs(_rows(), [])
    (msg,) = nothing_to_plan(inputs, build_instance(inputs))
    assert msg.severity is Severity.ERROR and "No supporters" in msg.text_en
    inputs = make_inputs(_rows(), ["x9", "y9"])
    (msg,) = nothing_to_plan(inputs, build_instance(inputs))
    assert "None of the 2 supporters" in msg.text_en and msg.raw == "x9, y9"
    inputs = make_inputs(_rows(), ["a1"], wards=[Ward(ward_id=w, needs_coverage=False) for w in "ABC"])
    assert ["No ward needs cover" in m.text_en for m in nothing_to_plan(inputs, build_instance(inputs))] == [True]


def test_loud_warnings_for_missing_and_unavailable_supporters() -> None:
    inputs = make_inputs(_rows(), ["a1", "x9"])
    (msg,) = loud_warnings(inputs, build_instance(inputs))
    assert "1 of 2 supporters are in no turnus file" in msg.text_en and msg.raw == "x9"
    away = [Supporter(employee_id=s, unavailable=frozenset(days(3))) for s in ("a1", "b1")]
    inputs = make_inputs(_rows(), away)
    (msg,) = loud_warnings(inputs, build_instance(inputs))
    assert "None of the 2 supporters is available" in msg.text_en


def test_names_as_ids_is_loud() -> None:
    inputs = make_inputs(_rows(), ["a1"])
    inputs.reports.append(ReadingReport(file="t.csv", kind="turnus", rows_read=3, columns={"Navn": "name"}))
    assert any("Names are used as employee ids" in m.text_en for m in loud_warnings(inputs, build_instance(inputs)))


def test_rules_errors_and_unreadable_files_block() -> None:
    inputs = make_inputs(_rows(), ["a1"])
    rules = ReadingReport(file="rules.toml", kind="rules")
    rules.messages.append(_error("rules.toml"))
    pins = ReadingReport(file="pins.csv", kind="pins")
    pins.messages.append(_error("pins.csv"))
    inputs.reports += [rules, pins]
    assert [m.file for m in blocking_errors(inputs)] == ["rules.toml", "pins.csv"]


def _error(file: str):
    from scheduler.errors import Message

    return Message(severity=Severity.ERROR, file=file, text_no="feil", text_en="error")


def test_previous_rota_from_elsewhere_is_refused_and_partial_overlap_warned() -> None:
    instance = build_instance(make_inputs(_rows(), ["a1", "b1", "c1"]))
    other = pd.DataFrame({"supporter_id": ["z1"], "date": [days(1)[0].isoformat()], "slot": ["dag"]})
    errors, _ = previous_rota_problems(other, instance)
    assert any("no supporter in common" in m.text_en for m in errors)
    old = pd.DataFrame({"supporter_id": ["a1"], "date": ["2020-01-06"], "slot": ["dag"]})
    errors, _ = previous_rota_problems(old, instance)
    assert any("no date in common" in m.text_en for m in errors)
    mixed = pd.DataFrame({"supporter_id": ["a1", "z1"], "date": [days(1)[0].isoformat()] * 2, "slot": ["dag", "dag"]})
    errors, warnings = previous_rota_problems(mixed, instance)
    assert errors == [] and "1 of 2 supporters" in warnings[0].text_en


def test_reading_report_counts_every_message() -> None:
    inputs = make_inputs(_rows(), ["a1"])
    report = ReadingReport(file="t.csv", kind="turnus")
    report.messages.append(_error("t.csv"))
    inputs.reports.append(report)
    out = reading_report(inputs, [_error("")])
    assert out["counts"] == {"error": 2, "warning": 0, "info": 0}
    assert out["files"][0]["file"] == "t.csv" and len(out["checks"]) == 1


def test_on_call_planned_with_nobody_opted_in_is_loud() -> None:
    from oncall_world import on_call_world

    for opted, loud in (((), True), (("b1",), False)):
        inputs = on_call_world(2, opted=opted)
        said = [m.text_en for m in loud_warnings(inputs, build_instance(inputs))]
        assert any("no supporter has opted in" in text for text in said) is loud
    plain = on_call_world(2, on_call=None, opted=())
    assert not loud_warnings(plain, build_instance(plain))
