"""A calendar (.ics) per supporter: one event per duty, one per supervision meeting they can
attend in their working time (docs/supervision.md) and one per slot they are on call from home
(on_call.csv, docs/domain.md), in Oslo time (docs/outputs.md).

The text is what icalendar writes for the same calendar, byte for byte (tests/report/test_calendars.py
compares the two): icalendar writes the calendar's own lines, the events are laid out here from
one template — icalendar took three seconds for the 2,100 duties of a year, nearly all of it
folding lines one character at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from scheduler.domain import Instance
from scheduler.localtime import OSLO_VTIMEZONE
from scheduler.model.supervision import Meeting
from scheduler.solve.rota import Rota

__all__ = ["supporter_calendar", "supporter_calendars", "SUPERVISION_SUMMARY", "supervision_uid",
           "supervision_description"]

#: The title of a supervision meeting in a calendar (the checker knows a meeting by it).
SUPERVISION_SUMMARY = "Veiledning for kollegastøtter"
_END = "END:VCALENDAR\r\n"
_FOLD_AT = 75  # octets: RFC 5545 lines, as icalendar folds them (a fold never parts `\` or `^` from what follows)


def supervision_uid(supporter_id: str, start: dt.datetime, site: str) -> str:
    return f"{supporter_id}-veiledning-{start:%Y%m%dT%H%M}-{site}@kollegastotte"


def supervision_description(site: str) -> str:
    """What the event says: in working time, and for which site's supporters (never who else)."""
    where = f" for kollegastøttene på {site}" if site else ""
    return f"Veiledning og faglig påfyll{where}, i arbeidstida di (vakta di dekker møtet)."


def supporter_calendar(instance: Instance, rota: Rota, supporter_id: str, on_call: pd.DataFrame | None = None, *,
                      meetings: Sequence[Meeting] = ()) -> bytes:
    """An .ics calendar of one supporter's duties, the supervision meetings their own shift covers
    and, with `on_call` (on_call.csv), the slots they are on call from home (Europe/Oslo times), for
    their phone."""
    duties = rota.duties[rota.duties["supporter_id"] == supporter_id]
    mine = None if on_call is None else on_call[on_call["supporter_id"].astype(str) == supporter_id]
    return _calendar(instance, supporter_id, duties, [m for m in meetings if supporter_id in m.at_work], mine)


def supporter_calendars(instance: Instance, rota: Rota, meetings: Sequence[Meeting] = (),
                        on_call: pd.DataFrame | None = None) -> dict[str, bytes]:
    """The calendar of everyone with a duty, a supervision meeting in their working time or an
    on-call slot, by id (the rota's duties split once, not once per person)."""
    by_id = {str(sid): rows for sid, rows in rota.duties.groupby("supporter_id", sort=False)}
    on_by_id = {} if on_call is None else \
        {str(sid): rows for sid, rows in on_call.groupby(on_call["supporter_id"].astype(str), sort=False) if str(sid)}
    ids = sorted(set(by_id) | {sid for m in meetings for sid in m.at_work} | set(on_by_id))
    empty = rota.duties.iloc[:0]
    return {sid: _calendar(instance, sid, by_id.get(sid, empty), [m for m in meetings if sid in m.at_work],
                           on_by_id.get(sid)) for sid in ids}


def _calendar(instance: Instance, supporter_id: str, duties: pd.DataFrame, meetings: Sequence[Meeting] = (),
              on_call: pd.DataFrame | None = None) -> bytes:
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
    events += [_meeting(supporter_id, m) for m in meetings]
    if on_call is not None:
        events += [_on_call_event(uid_of, date, slot, start, end) for date, slot, start, end
                   in on_call[["date", "slot", "start", "end"]].astype(str).itertuples(index=False)]
    return (head[:-len(_END)] + OSLO_VTIMEZONE + "".join(events) + _END).encode("utf-8")


def _event(uid_of: str, date: object, slot: object, start: object, end: object, wards: object) -> str:
    covered = "Poster du dekker: " + (wards.replace(";", ", ") if wards else "–")  # type: ignore[union-attr]
    lines = (f"SUMMARY:{_text(f'Kollegastøttevakt ({slot})')}", f"DTSTART;TZID=Europe/Oslo:{_moment(start)}",
             f"DTEND;TZID=Europe/Oslo:{_moment(end)}", "DTSTAMP:20000101T000000Z",
             f"UID:{uid_of}-{_text(f'{date}-{slot}')}@kollegastotte", f"DESCRIPTION:{_text(covered)}")
    return "BEGIN:VEVENT\r\n" + "".join(_fold(line) + "\r\n" for line in lines) + "END:VEVENT\r\n"


def _meeting(supporter_id: str, meeting: Meeting) -> str:
    lines = (f"SUMMARY:{_text(SUPERVISION_SUMMARY)}", f"DTSTART;TZID=Europe/Oslo:{meeting.start:%Y%m%dT%H%M%S}",
             f"DTEND;TZID=Europe/Oslo:{meeting.end:%Y%m%dT%H%M%S}", "DTSTAMP:20000101T000000Z",
             f"UID:{_text(supervision_uid(supporter_id, meeting.start, meeting.site))}",
             f"DESCRIPTION:{_text(supervision_description(meeting.site))}")
    return "BEGIN:VEVENT\r\n" + "".join(_fold(line) + "\r\n" for line in lines) + "END:VEVENT\r\n"


def _on_call_event(uid_of: str, date: object, slot: object, start: object, end: object) -> str:
    lines = (f"SUMMARY:{_text(f'Kollegastøtte i beredskap ({slot})')}", f"DTSTART;TZID=Europe/Oslo:{_moment(start)}",
             f"DTEND;TZID=Europe/Oslo:{_moment(end)}", "DTSTAMP:20000101T000000Z",
             f"UID:{uid_of}-{_text(f'{date}-{slot}')}-beredskap@kollegastotte",
             f"DESCRIPTION:{_text('Beredskap hjemmefra, på telefon.')}")
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
