"""Time as the hospital reads it: Europe/Oslo, written `26.11.2026 kl. 14:05`.

Stored times carry their UTC offset (ISO 8601) so they stay unambiguous; everything shown to a
person is converted to Oslo time first, whatever the server's own time zone is.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from zoneinfo import ZoneInfo

__all__ = ["OSLO", "OSLO_VTIMEZONE", "TODAY_ENV", "CLOCK_ENV", "now", "now_iso", "shown", "today", "wall_clock"]

OSLO = ZoneInfo("Europe/Oslo")
#: Set to an ISO date to make "today" that date (demonstrations on sample data, and tests).
TODAY_ENV = "KOLLEGASTOTTE_TODAY"
#: Set to a time of day (`14:59:30`) to make the wall clock start there on :func:`today` when the
#: server starts, and run on from it (demonstrations and tests of a shift change).
CLOCK_ENV = "KOLLEGASTOTTE_CLOCK"
_STARTED = time.monotonic()

#: Europe/Oslo as calendar servers publish it: two yearly rules, not a list of dates. Summer time
#: starts at 02:00 local standard time (02:00 → 03:00) on the last Sunday of March and ends at 03:00
#: summer time (03:00 → 02:00) on the last Sunday of October (RFC 5545 §3.6.5: an onset is written
#: in the local time before the change). The block icalendar's `add_missing_timezones` writes lists
#: dates up to 2038 with the summer onset at 03:00; vobject keeps only the first date of such a list
#: and reads every summer event an hour early (docs/outputs.md, «notices and calendars»). Every
#: calendar this program writes carries this block.
OSLO_VTIMEZONE = (  # in the order icalendar writes it, so a written file holds it verbatim
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/Oslo\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
    "TZNAME:CEST\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
    "TZNAME:CET\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)



def now() -> dt.datetime:
    return dt.datetime.now(OSLO)


def now_iso() -> str:
    """Now in Oslo as ISO 8601 with its offset, to the second: `2026-11-26T14:05:09+01:00`."""
    return now().isoformat(timespec="seconds")


def today() -> dt.date:
    """Today in Oslo (or the date in KOLLEGASTOTTE_TODAY)."""
    override = os.environ.get(TODAY_ENV, "")
    try:
        return dt.date.fromisoformat(override) if override else now().date()
    except ValueError:
        return now().date()


def wall_clock() -> dt.datetime:
    """The time of day in Oslo on :func:`today`, without a zone (as slot times are kept) — or the
    clock of KOLLEGASTOTTE_CLOCK, running on since the server started."""
    clock = os.environ.get(CLOCK_ENV, "")
    try:
        start = dt.datetime.combine(today(), dt.time.fromisoformat(clock)) if clock else None
    except ValueError:
        start = None
    if start is not None:
        return start + dt.timedelta(seconds=time.monotonic() - _STARTED)
    return dt.datetime.combine(today(), now().time().replace(tzinfo=None))


def shown(stamp: str, lang: str = "no") -> str:
    """An ISO time stamp in Oslo time for people: `26.11.2026 kl. 14:05` (`26.11.2026 14:05`).

    A stamp without an offset is taken as UTC (older stores wrote the server's time that way);
    text that is not a time stamp comes back unchanged.
    """
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(OSLO)
    return f"{local:%d.%m.%Y} kl. {local:%H:%M}" if lang == "no" else f"{local:%d.%m.%Y %H:%M}"
