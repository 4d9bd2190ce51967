"""Time as the hospital reads it: Europe/Oslo, written `26.11.2026 kl. 14:05`.

Stored times carry their UTC offset (ISO 8601) so they stay unambiguous; everything shown to a
person is converted to Oslo time first, whatever the server's own time zone is.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

__all__ = ["OSLO", "TODAY_ENV", "now", "now_iso", "shown", "today", "wall_clock"]

OSLO = ZoneInfo("Europe/Oslo")
#: Set to an ISO date to make "today" that date (demonstrations on sample data, and tests).
TODAY_ENV = "KOLLEGASTOTTE_TODAY"


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
    """The time of day in Oslo on :func:`today`, without a zone (as slot times are kept)."""
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
