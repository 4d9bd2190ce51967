"""Who do I call now? Today's and tonight's supporter with phone, the next shifts, the fallback."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import days, make_inputs, plan_and_verify

from scheduler.domain import Supporter
from scheduler.report.call_now import (
    call_page_url,
    call_sheet,
    tel_href,
    valid_public_url,
    ward_lines,
)


@pytest.fixture(scope="module")
def plan():
    """Ward A with day and night staff for three days; b1 (phone) and c1 cover; on day 3 nobody can."""
    first, second, third = days(3)
    rows = [(e, w, d, c) for d in (first, second, third) for e, w, c in
            (("a1", "A", "D"), ("a2", "A", "N"), ("b1", "B", "D"), ("c1", "C", "N"))]
    supporters = [Supporter(employee_id="b1", phone="+47 22 11 80 00", unavailable=frozenset({third})),
                  Supporter(employee_id="c1", unavailable=frozenset({third}))]
    plan, _ = plan_and_verify(make_inputs(rows, supporters))
    return plan


def test_lines_name_the_supporter_their_ward_and_phone_or_say_nobody(plan):
    lines = ward_lines(plan.instance, plan.rota.assignments, "A")
    by = {(line.slot.date.isoformat(), line.slot.name): line for line in lines}
    day = by["2027-01-04", "dag"]
    assert (day.status, day.call_id, day.call_name, day.call_ward, day.call_phone) == \
        ("covered", "b1", "Person b1", "B", "+47 22 11 80 00")
    night = by["2027-01-04", "natt"]
    assert (night.status, night.call_id, night.call_phone) == ("covered", "c1", "")
    assert by["2027-01-04", "kveld"].status == "none"  # nobody from A at work: no cover planned
    assert by["2027-01-06", "dag"].status == "uncovered" and by["2027-01-06", "dag"].call_name == ""
    # numbers kept with a publication are given explicitly
    assert ward_lines(plan.instance, plan.rota.assignments, "A", {"c1": "61234"})[2].call_phone == "61234"


def test_the_sheet_at_a_moment_today_now_and_next(plan):
    lines = ward_lines(plan.instance, plan.rota.assignments, "A")
    noon = call_sheet(lines, dt.datetime(2027, 1, 4, 12, 0), upcoming=3)
    assert [line.slot.name for line in noon.today] == ["dag", "kveld", "natt"]
    assert noon.now is not None and noon.now.slot.name == "dag" and noon.now.call_id == "b1"
    assert [(line.slot.date.day, line.slot.name) for line in noon.upcoming] == [(5, "dag"), (5, "kveld"), (5, "natt")]
    # 03:00 on the 5th: the night that began on the 4th is the one running now, shown first
    small_hours = call_sheet(lines, dt.datetime(2027, 1, 5, 3, 0))
    assert small_hours.now is not None and small_hours.now.slot.date == dt.date(2027, 1, 4)
    assert small_hours.today[0] is small_hours.now and [x.slot.date.day for x in small_hours.today] == [4, 5, 5, 5]
    # between two slots nothing runs; before and after the period it says so
    assert call_sheet(lines, dt.datetime(2027, 1, 4, 15, 10)).now is None
    assert call_sheet(lines, dt.datetime(2026, 12, 1, 12, 0)).before_period
    late = call_sheet(lines, dt.datetime(2027, 3, 1, 12, 0))
    assert late.after_period and late.today == () and late.upcoming == ()


def test_phone_links_and_the_page_address():
    assert tel_href("+47 22 11 80 00") == "tel:+4722118000" and tel_href("(22) 11-80.00") == "tel:22118000"
    assert tel_href("") == ""
    assert call_page_url("https://ks.sykehus.no", "S/INT 3") == "https://ks.sykehus.no/hvem-ringer?post=S%2FINT%203"
    for bad in ("ks.sykehus.no", "javascript:alert(1)", "https://ks.sykehus.no/?x=1", ""):
        assert not valid_public_url(bad)
        with pytest.raises(ValueError):
            call_page_url(bad, "A")


def test_an_uncovered_line_names_the_on_call_supporter_of_that_slot_only():
    from oncall_world import PHONES, on_call_world, plan_on_call

    plan, _ = plan_on_call(on_call_world(2))
    lines = ward_lines(plan.instance, plan.rota.assignments, "A", on_call=plan.on_call)
    standby = {(r.date, r.slot): r.supporter_id for r in plan.on_call.itertuples(index=False)}
    for line in lines:
        sid = standby.get((line.slot.date.isoformat(), line.slot.name), "") if line.status == "uncovered" else ""
        assert (line.on_call_id, line.on_call_phone) == (sid, PHONES.get(sid, ""))
        assert line.on_call_name == (f"Person {sid}" if sid else "")
    assert sum(bool(line.on_call_id) for line in lines) == 2
    assert not any(line.on_call_id for line in ward_lines(plan.instance, plan.rota.assignments, "A"))
