"""The duty calendars read at the right time by the libraries phones and calendar tools use.

Each calendar is read back with icalendar and with vobject (which khal-era and CalDAV tools
build on) and every event must start and end at the slot's Oslo wall-clock time — in winter, in
summer and across the two nights the clocks change (docs/outputs.md, «notices and calendars»).
"""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from conftest import make_inputs, plan_and_verify
from dateutil import tz as dateutil_tz

from scheduler.domain import Rules, Supporter
from scheduler.localtime import OSLO_VTIMEZONE
from scheduler.model.supervision import Meeting
from scheduler.report.calendars import (
    SUPERVISION_SUMMARY,
    supervision_description,
    supervision_uid,
    supporter_calendar,
)

OSLO = ZoneInfo("Europe/Oslo")
UTC = dt.UTC
# A winter Monday, the Saturday before summer time (its night runs through 02:00 → 03:00), the change
# Sunday, a summer day, and the Saturday and Sunday when the clocks go back (03:00 → 02:00).
DATES = [dt.date(2027, 1, 11), dt.date(2027, 3, 27), dt.date(2027, 3, 28), dt.date(2027, 6, 15),
         dt.date(2027, 10, 30), dt.date(2027, 10, 31)]


@pytest.fixture(scope="module")
def plan():
    rows = [(e, ward, d, code) for d in DATES for ward in "AB"
            for e, code in ((f"{ward.lower()}1", "D"), (f"{ward.lower()}2", "N"))]
    supporters = [Supporter(employee_id=e) for e in ("a1", "a2", "b1", "b2")]
    plan, _ = plan_and_verify(make_inputs(rows, supporters, rules=Rules(horizon_start=DATES[0], horizon_end=DATES[-1])))
    return plan


def _expected(plan) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Every duty's start and end in UTC, from the slot's Oslo wall-clock time."""
    out = {}
    for sid, date, slot, start, end in plan.rota.duties[["supporter_id", "date", "slot", "start", "end"]].itertuples(
            index=False):
        out[f"{sid}-{date}-{slot}@kollegastotte"] = tuple(
            dt.datetime.fromisoformat(t).replace(tzinfo=OSLO).astimezone(UTC) for t in (start, end))
    return out


def _read_with_vobject(data: bytes) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """The events as vobject reads them, with the time zone written in this file (vobject keeps the
    first VTIMEZONE it sees per TZID for the whole process: forget it first, as a fresh client)."""
    getattr(vobject.icalendar, "__tzidMap").pop("Europe/Oslo", None)
    cal = vobject.readOne(data.decode("utf-8"))
    return {e.uid.value: (e.dtstart.value.astimezone(UTC), e.dtend.value.astimezone(UTC)) for e in cal.vevent_list}


def _read_with_icalendar(data: bytes) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): (e.decoded("DTSTART").astimezone(UTC), e.decoded("DTEND").astimezone(UTC))
            for e in cal.walk("VEVENT")}


@pytest.mark.parametrize("read", [_read_with_vobject, _read_with_icalendar], ids=["vobject", "icalendar"])
def test_every_event_is_read_at_its_oslo_time(plan, read) -> None:
    expected = _expected(plan)
    assert {d.date().month for d, _ in expected.values()} >= {1, 3, 6, 10}  # winter, summer, both change days
    got = {}
    for sid in sorted(set(plan.rota.duties["supporter_id"])):
        got.update(read(supporter_calendar(plan.instance, plan.rota, sid)))
    assert got == expected


def test_the_nights_the_clocks_change_and_a_summer_day_in_utc(plan) -> None:
    """Spelled out: a night across 02:00 → 03:00 lasts 7 hours, across 03:00 → 02:00 nine, summer is UTC+2."""
    got = {}
    for sid in sorted(set(plan.rota.duties["supporter_id"])):
        got.update(_read_with_vobject(supporter_calendar(plan.instance, plan.rota, sid)))
    by_start = {start: end for start, end in got.values()}
    assert by_start[dt.datetime(2027, 3, 27, 22, tzinfo=UTC)] == dt.datetime(2027, 3, 28, 5, tzinfo=UTC)
    assert by_start[dt.datetime(2027, 10, 30, 21, tzinfo=UTC)] == dt.datetime(2027, 10, 31, 6, tzinfo=UTC)
    assert by_start[dt.datetime(2027, 6, 15, 6, tzinfo=UTC)] == dt.datetime(2027, 6, 15, 13, tzinfo=UTC)
    assert by_start[dt.datetime(2027, 1, 11, 7, tzinfo=UTC)] == dt.datetime(2027, 1, 11, 14, tzinfo=UTC)


def test_the_time_zone_is_two_yearly_rules_with_the_onsets_of_calendar_servers(plan) -> None:
    sid = sorted(set(plan.rota.duties["supporter_id"]))[0]
    text = supporter_calendar(plan.instance, plan.rota, sid).decode("utf-8")
    assert text.count("BEGIN:VTIMEZONE") == 1 and "RDATE" not in text
    assert OSLO_VTIMEZONE in text
    assert "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text


@pytest.mark.parametrize("year", [2026, 2027, 2031, 2037, 2045])
def test_the_zone_gives_oslos_offset_every_half_hour_around_both_changes(year: int) -> None:
    """Read as vobject does (dateutil's tzical) and as icalendar does, against the tz database."""
    by_dateutil = dateutil_tz.tzical(io.StringIO(OSLO_VTIMEZONE)).get()
    by_icalendar = icalendar.Timezone.from_ical(OSLO_VTIMEZONE).to_tz(lookup_tzid=False)
    for month in (3, 10):
        last_sunday = max(dt.date(year, month, d) for d in range(25, 32) if dt.date(year, month, d).weekday() == 6)
        moment = dt.datetime.combine(last_sunday, dt.time(0, 0), tzinfo=UTC) - dt.timedelta(hours=2)
        for _ in range(12):
            wall = moment.astimezone(OSLO)
            for zone in (by_dateutil, by_icalendar):
                assert moment.astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None), (zone, moment)
            moment += dt.timedelta(minutes=30)


def _icalendar_calendar(name: str, supporter_id: str, duties: list[tuple[str, str, str, str, str]],
                        meetings=(), on_call=()) -> bytes:
    """The calendar as icalendar writes it, event by event (how calendars.py made it before)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//kollegastotte-scheduler//NO")
    cal.add("version", "2.0")
    shown = " ".join((name or supporter_id).split()) or supporter_id
    cal.add("x-wr-calname", f"Kollegastøttevakter {shown}")
    cal.add_component(icalendar.Timezone.from_ical(OSLO_VTIMEZONE))
    for date, slot, start, end, wards in duties:
        event = icalendar.Event()
        event.add("uid", f"{supporter_id}-{date}-{slot}@kollegastotte")
        event.add("summary", f"Kollegastøttevakt ({slot})")
        event.add("dtstart", dt.datetime.fromisoformat(start).replace(tzinfo=OSLO))
        event.add("dtend", dt.datetime.fromisoformat(end).replace(tzinfo=OSLO))
        event.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=UTC))
        event.add("description", "Poster du dekker: " + (wards.replace(";", ", ") if wards else "–"))
        cal.add_component(event)
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", supervision_uid(supporter_id, meeting.start, meeting.site))
        event.add("summary", SUPERVISION_SUMMARY)
        event.add("dtstart", meeting.start.replace(tzinfo=OSLO))
        event.add("dtend", meeting.end.replace(tzinfo=OSLO))
        event.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=UTC))
        event.add("description", supervision_description(meeting.site))
        cal.add_component(event)
    for date, slot, start, end in on_call:
        event = icalendar.Event()
        event.add("uid", f"{supporter_id}-{date}-{slot}-beredskap@kollegastotte")
        event.add("summary", f"Kollegastøtte i beredskap ({slot})")
        event.add("dtstart", dt.datetime.fromisoformat(start).replace(tzinfo=OSLO))
        event.add("dtend", dt.datetime.fromisoformat(end).replace(tzinfo=OSLO))
        event.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=UTC))
        event.add("description", "Beredskap hjemmefra, på telefon.")
        cal.add_component(event)
    return cal.to_ical()


@pytest.mark.parametrize(("name", "supporter_id", "slot", "wards"), [
    ("Hansen, Kari", "0674", "natt", "A;B"),
    ("Ødegård;\\Åse\nNy linje", "id,1;\\x", "kveld, sen;\\", ""),
    ("", "x" * 90, "dag", ";".join(f"N-STAB{i}\\^" for i in range(40))),
    ("Æ" * 60, "ø", "søndag ø€", ";".join(f"Ø-{i}€" for i in range(50))),
])
def test_the_calendar_is_what_icalendar_writes(name: str, supporter_id: str, slot: str, wards: str) -> None:
    from types import SimpleNamespace

    import pandas as pd

    from scheduler.report.calendars import supporter_calendars

    duties = [("2027-03-27", slot, "2027-03-27T23:00", "2027-03-28T07:00", wards),
              ("2027-06-15", slot, "2027-06-15T08:00", "2027-06-15T15:30", wards[: len(wards) // 2])]
    frame = pd.DataFrame([(supporter_id, *d) for d in duties],
                         columns=["supporter_id", "date", "slot", "start", "end", "wards_covered"])
    instance = SimpleNamespace(employees={supporter_id: SimpleNamespace(name=name), "other": SimpleNamespace(name="")})
    rota = SimpleNamespace(duties=frame)
    expected = _icalendar_calendar(name, supporter_id, duties)
    assert supporter_calendar(instance, rota, supporter_id) == expected
    assert supporter_calendars(instance, rota) == {supporter_id: expected}
    meeting = Meeting(period_start=dt.date(2027, 3, 1), period_end=dt.date(2027, 3, 31), site=slot,
                      start=dt.datetime(2027, 3, 27, 13, 0), end=dt.datetime(2027, 3, 27, 14, 30),
                      invited=frozenset({supporter_id, "other"}), at_work=frozenset({supporter_id, "other"}),
                      on_duty=frozenset())
    with_meeting = _icalendar_calendar(name, supporter_id, duties, [meeting])
    assert supporter_calendar(instance, rota, supporter_id, meetings=[meeting]) == with_meeting
    assert supporter_calendars(instance, rota, [meeting]) == {
        supporter_id: with_meeting, "other": _icalendar_calendar("", "other", [], [meeting])}
    on_call = [("2027-03-28", slot, "2027-03-28T23:00", "2027-03-29T07:00")]
    on_call_frame = pd.DataFrame([(supporter_id, *row, "99 99 99 99") for row in on_call],
                                 columns=["supporter_id", "date", "slot", "start", "end", "phone"])
    with_on_call = _icalendar_calendar(name, supporter_id, duties, on_call=on_call)
    assert supporter_calendar(instance, rota, supporter_id, on_call_frame) == with_on_call
    assert supporter_calendars(instance, rota, (), on_call_frame) == {supporter_id: with_on_call}
