"""A calendar (.ics) per supporter: one event per duty, and one per supervision meeting they can
attend in their working time (docs/supervision.md), in Oslo time (docs/outputs.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from scheduler.domain import Instance
from scheduler.localtime import OSLO_VTIMEZONE
from scheduler.model.supervision import Meeting
from scheduler.solve.rota import Rota

__all__ = ["supporter_calendar", "SUPERVISION_SUMMARY", "supervision_uid", "supervision_description"]

#: The title of a supervision meeting in a calendar (the checker knows a meeting by it).
SUPERVISION_SUMMARY = "Veiledning for kollegastøtter"


def supervision_uid(supporter_id: str, start: dt.datetime, site: str) -> str:
    return f"{supporter_id}-veiledning-{start:%Y%m%dT%H%M}-{site}@kollegastotte"


def supervision_description(site: str) -> str:
    """What the event says: in working time, and for which site's supporters (never who else)."""
    where = f" for kollegastøttene på {site}" if site else ""
    return f"Veiledning og faglig påfyll{where}, i arbeidstida di (vakta di dekker møtet)."


def supporter_calendar(instance: Instance, rota: Rota, supporter_id: str, *, meetings: Sequence[Meeting] = ()) -> bytes:
    """An .ics calendar of one supporter's duties and the supervision meetings their own shift
    covers (Europe/Oslo times), for their phone."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, Timezone

    oslo = ZoneInfo("Europe/Oslo")
    cal = Calendar()
    cal.add("prodid", "-//kollegastotte-scheduler//NO")
    cal.add("version", "2.0")
    # A name cell may hold a line break (Alt+Enter in Excel); a calendar name is one line.
    shown = " ".join((instance.employees[supporter_id].name or supporter_id).split()) or supporter_id
    cal.add("x-wr-calname", f"Kollegastøttevakter {shown}")
    cal.add_component(Timezone.from_ical(OSLO_VTIMEZONE))
    duties = rota.duties[rota.duties["supporter_id"] == supporter_id]
    for date, slot, start, end, wards in duties[["date", "slot", "start", "end", "wards_covered"]].itertuples(index=False):
        event = Event()
        event.add("uid", f"{supporter_id}-{date}-{slot}@kollegastotte")
        event.add("summary", f"Kollegastøttevakt ({slot})")
        event.add("dtstart", dt.datetime.fromisoformat(start).replace(tzinfo=oslo))
        event.add("dtend", dt.datetime.fromisoformat(end).replace(tzinfo=oslo))
        event.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        event.add("description", "Poster du dekker: " + (wards.replace(";", ", ") if wards else "–"))
        cal.add_component(event)
    for meeting in meetings:
        if supporter_id not in meeting.at_work:
            continue
        event = Event()
        event.add("uid", supervision_uid(supporter_id, meeting.start, meeting.site))
        event.add("summary", SUPERVISION_SUMMARY)
        event.add("dtstart", meeting.start.replace(tzinfo=oslo))
        event.add("dtend", meeting.end.replace(tzinfo=oslo))
        event.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        event.add("description", supervision_description(meeting.site))
        cal.add_component(event)
    return cal.to_ical()
