"""A calendar (.ics) per supporter: one event per duty, in Oslo time (docs/outputs.md).

The text is what icalendar writes for the same calendar, byte for byte (tests/report/test_calendars.py
compares the two): icalendar writes the calendar's own lines, the events are laid out here from
one template — icalendar took three seconds for the 2,100 duties of a year, nearly all of it
folding lines one character at a time.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from scheduler.domain import Instance
from scheduler.localtime import OSLO_VTIMEZONE
from scheduler.solve.rota import Rota

__all__ = ["supporter_calendar", "supporter_calendars"]

_END = "END:VCALENDAR\r\n"
_FOLD_AT = 75  # octets: RFC 5545 lines, as icalendar folds them (a fold never parts `\` or `^` from what follows)


def supporter_calendar(instance: Instance, rota: Rota, supporter_id: str) -> bytes:
    """An .ics calendar of one supporter's duties (Europe/Oslo times), for their phone."""
    duties = rota.duties[rota.duties["supporter_id"] == supporter_id]
    return _calendar(instance, supporter_id, duties)


def supporter_calendars(instance: Instance, rota: Rota) -> dict[str, bytes]:
    """The calendar of everyone with a duty, by id (the rota's duties split once, not once per person)."""
    return {str(sid): _calendar(instance, str(sid), rows)
            for sid, rows in rota.duties.groupby("supporter_id", sort=True)}


def _calendar(instance: Instance, supporter_id: str, duties: pd.DataFrame) -> bytes:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//kollegastotte-scheduler//NO")
    cal.add("version", "2.0")
    # A name cell may hold a line break (Alt+Enter in Excel); a calendar name is one line.
    shown = " ".join((instance.employees[supporter_id].name or supporter_id).split()) or supporter_id
    cal.add("x-wr-calname", f"Kollegastøttevakter {shown}")
    head = cal.to_ical().decode("utf-8")
    if not head.endswith(_END):
        raise ValueError("icalendar wrote a calendar that does not end with END:VCALENDAR")
    uid_of = _text(supporter_id)
    events = [_event(uid_of, date, slot, start, end, wards) for date, slot, start, end, wards
              in duties[["date", "slot", "start", "end", "wards_covered"]].itertuples(index=False)]
    return (head[:-len(_END)] + OSLO_VTIMEZONE + "".join(events) + _END).encode("utf-8")


def _event(uid_of: str, date: object, slot: object, start: object, end: object, wards: object) -> str:
    covered = "Poster du dekker: " + (wards.replace(";", ", ") if wards else "–")  # type: ignore[union-attr]
    lines = (f"SUMMARY:{_text(f'Kollegastøttevakt ({slot})')}", f"DTSTART;TZID=Europe/Oslo:{_moment(start)}",
             f"DTEND;TZID=Europe/Oslo:{_moment(end)}", "DTSTAMP:20000101T000000Z",
             f"UID:{uid_of}-{_text(f'{date}-{slot}')}@kollegastotte", f"DESCRIPTION:{_text(covered)}")
    return "BEGIN:VEVENT\r\n" + "".join(_fold(line) + "\r\n" for line in lines) + "END:VEVENT\r\n"


def _moment(text: object) -> str:
    return dt.datetime.fromisoformat(str(text)).strftime("%Y%m%dT%H%M%S")


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 (and icalendar) want it: `\\`, `;`, `,` and line breaks."""
    return (value.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n"))


def _fold(line: str) -> str:
    """A content line folded at 75 octets: each piece shorter than 75 octets, a piece that would end
    in `\\` or `^` hands that character on to the next, pieces joined by CRLF and a space."""
    if len(line.encode("utf-8")) < _FOLD_AT:
        return line
    if line.isascii():  # one octet a character: cut by position
        cuts, start = [], 0
        while len(line) - start >= _FOLD_AT:
            end = start + _FOLD_AT - 1
            if line[end - 1] in "\\^" and end - 1 > start:
                end -= 1
            cuts.append(line[start:end])
            start = end
        return "\r\n ".join([*cuts, line[start:]])
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if current and size + width >= _FOLD_AT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, size = [carried], len(carried.encode("utf-8"))
            else:
                pieces.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)
