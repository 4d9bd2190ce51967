"""calendars/*.ics against duties.csv: a supporter's phone shows exactly their duties, at their times.

A calendar file is read property by property (RFC 5545; :func:`_read_ics`), not with the library
that wrote it: one event per duty at the slot's start and end in Oslo time, listing the wards of
assignments.csv, and nothing that would change what a phone shows — a repeat rule, a cancellation,
an alarm, a reused UID, a second start, or a time zone that is not Oslo's (docs/outputs.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _label, _problem, _short_text, _spaces
from scheduler.check.on_call_written import standby
from scheduler.check.output_files import OutputFolder, _file_for, _name
from scheduler.check.supervision import expected_meetings
from scheduler.check.written import WrittenRota
from scheduler.domain import Slot
from scheduler.io.filenames import id_from_filename, safe_filename

__all__ = ["compare_calendars"]

_OSLO = ZoneInfo("Europe/Oslo")


#: What a duty calendar holds (docs/outputs.md, «notices and calendars»): these calendar properties,
#: time zones and events, each event with exactly these properties, once each. Anything else —
#: a repeat rule, an extra date, a cancellation, an alarm, a place — changes what the phone shows.
_CALENDAR_PROPERTIES = frozenset({"PRODID", "VERSION", "X-WR-CALNAME"})
_EVENT_PROPERTIES = frozenset({"UID", "SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "DESCRIPTION"})


@dataclass
class _IcsEvent:
    """One VEVENT as written: its properties (name → the values given, in order, text unescaped),
    its start and end as Oslo wall-clock time (None when not one date-time), and the components
    nested in it."""

    props: dict[str, list[str]] = field(default_factory=dict)
    times: dict[str, list[tuple[dict[str, str], str]]] = field(default_factory=dict)
    nested: list[str] = field(default_factory=list)

    def moment(self, name: str) -> dt.datetime | None:
        given = self.times.get(name, [])
        return _ics_time(given[0]) if len(given) == 1 else None


@dataclass
class _Ics:
    """A calendar file as written: how many calendars it holds, the first one's properties, the
    names of its components other than events and time zones, its events, and its time zones
    (each as its text)."""

    calendars: int = 0
    props: dict[str, list[str]] = field(default_factory=dict)
    components: list[str] = field(default_factory=list)
    events: list[_IcsEvent] = field(default_factory=list)
    zones: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # components outside any calendar


def _unescape(text: str) -> str:
    return re.sub(r"\\([nN,;\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _read_ics(data: bytes) -> _Ics:
    """The components and properties of a calendar file, every one of them (RFC 5545: lines unfolded
    first; names case-insensitive). Raises UnicodeDecodeError when it is not UTF-8."""
    unfolded = re.sub(rb"\r?\n[ \t]", b"", data).decode("utf-8")
    ics = _Ics()
    stack: list[str] = []
    event: _IcsEvent | None = None
    zone: list[str] | None = None
    for line in unfolded.splitlines():
        head, sep, value = line.partition(":")
        name, *params = head.split(";")
        name = name.strip().upper()
        if zone is not None:
            zone.append(line)
        if name == "BEGIN" and sep:
            kind = value.strip().upper()
            stack.append(kind)
            if len(stack) == 1:
                ics.calendars += kind == "VCALENDAR"
                if kind != "VCALENDAR":
                    ics.outside.append(kind)
            elif len(stack) == 2 and ics.calendars == 1:
                if kind == "VEVENT":
                    event = _IcsEvent()
                    ics.events.append(event)
                elif kind == "VTIMEZONE":
                    zone = [line]
                else:
                    ics.components.append(kind)
            elif len(stack) == 3 and event is not None:
                event.nested.append(kind)
            continue
        if name == "END" and sep:
            if len(stack) == 2:
                if zone is not None:
                    ics.zones.append("\r\n".join(zone) + "\r\n")
                event, zone = None, None
            if stack:
                stack.pop()
            continue
        if not sep or ics.calendars != 1 or stack[:1] != ["VCALENDAR"]:
            continue
        if len(stack) == 1:
            ics.props.setdefault(name, []).append(_unescape(value))
        elif len(stack) == 2 and event is not None:
            event.props.setdefault(name, []).append(_unescape(value))
            if name in ("DTSTART", "DTEND"):
                parsed = {}
                for param in params:
                    key, _, val = param.partition("=")
                    parsed[key.strip().upper()] = val.strip('"')
                event.times.setdefault(name, []).append((parsed, value.strip()))
    return ics


def _ics_time(prop: tuple[dict[str, str], str] | None) -> dt.datetime | None:
    """A DTSTART/DTEND as Oslo wall-clock time (naive), from a TZID time, a UTC time or a floating one."""
    if prop is None:
        return None
    params, value = prop
    try:
        moment = dt.datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
        if value.endswith("Z"):
            return moment.replace(tzinfo=dt.UTC).astimezone(_OSLO).replace(tzinfo=None)
        zone = params.get("TZID")
        if zone and zone != "Europe/Oslo":
            return moment.replace(tzinfo=ZoneInfo(zone)).astimezone(_OSLO).replace(tzinfo=None)
        return moment
    except (ValueError, KeyError, OSError):
        return None


@lru_cache(maxsize=16)
def _zone_of(text: str) -> tuple[str, dt.tzinfo | None, str]:
    """A VTIMEZONE as written — its TZID and the time zone its rules define (read with the
    icalendar library, not looked up by name) — or the reason it cannot be read. Cached: every
    calendar of a rota carries the same one."""
    from icalendar import Timezone

    try:
        zone = Timezone.from_ical(text)
        return str(zone.get("TZID", "")), zone.to_tz(lookup_tzid=False), ""
    except Exception as exc:  # noqa: BLE001 - a broken zone is a finding
        return "", None, _short_text(str(exc))


def _offset(delta: dt.timedelta | None) -> str:
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _zone_problems(zones: Iterable[str], moments: Iterable[dt.datetime]) -> list[tuple[str, str]]:
    """A time zone written into the calendar is the one a phone uses for the events' times: each
    must be Europe/Oslo, written as yearly rules (as calendar servers publish it; a list of dates is
    misread by vobject), and give Oslo's offset from UTC at every event's time."""
    out = []
    moments = sorted(set(moments))
    for text in zones:
        tzid, written, problem = _zone_of(text)
        if written is None:
            out.append((f"en tidssone i fila kan ikke leses ({problem}).", f"a time zone in the file cannot be read ({problem})."))
            continue
        if tzid != "Europe/Oslo":
            out.append((f"tidssonen {tzid!r} er ikke Europe/Oslo.", f"the time zone {tzid!r} is not Europe/Oslo."))
            continue
        if re.search(r"^RDATE[;:]", text, re.MULTILINE | re.IGNORECASE):
            out.append(("tidssonen Europe/Oslo lister datoer (RDATE) der kalenderservere skriver årlige regler (RRULE): "
                        "vobject-baserte kalendere leser bare den første og viser sommerens vakter en time for tidlig.",
                        "the time zone Europe/Oslo lists dates (RDATE) where calendar servers write yearly rules "
                        "(RRULE): vobject-based calendars read only the first and show summer duties an hour early."))
            continue
        for moment in moments:
            have, want = written.utcoffset(moment), _OSLO.utcoffset(moment)
            if have != want:
                out.append((f"tidssonen Europe/Oslo i fila gir UTC{_offset(have)} {moment:%d.%m.%Y %H:%M}, men Oslo har "
                            f"UTC{_offset(want)}: telefonen ville vist andre tider.",
                            f"the time zone Europe/Oslo in the file gives UTC{_offset(have)} at {moment:%d.%m.%Y %H:%M}, "
                            f"but Oslo has UTC{_offset(want)}: a phone would show other times."))
                break
    return out


#: A supervision meeting's event (docs/supervision.md), re-stated from scheduler/report/calendars.py.
_SUPERVISION = "Veiledning for kollegastøtter"


def _meeting_problems(sid: str, event: _IcsEvent, start: dt.datetime | None, end: dt.datetime | None,
                      meetings: set[tuple[dt.datetime, dt.datetime, str]],
                      met: set[tuple[dt.datetime, dt.datetime, str]]) -> list[tuple[str, str]]:
    """A supervision event: one of the meetings of supervision.csv the supporter's shift covers, once,
    with its own UID and words."""
    found = next((m for m in meetings if (m[0], m[1]) == (start, end)), None) if start and end else None
    if found is None:
        return [("et veiledningsmøte som ikke står i supervision.csv for en vakt denne kollegastøtten har.",
                 "a supervision meeting not in supervision.csv for a shift this supporter works.")]
    if found in met:
        return [("veiledningsmøtet står to ganger.", "the supervision meeting is there twice.")]
    met.add(found)
    where = f" for kollegastøttene på {found[2]}" if found[2] else ""
    want = f"Veiledning og faglig påfyll{where}, i arbeidstida di (vakta di dekker møtet)."
    uid = f"{sid}-veiledning-{found[0]:%Y%m%dT%H%M}-{found[2]}@kollegastotte"
    out = []
    if [_spaces(v) for v in event.props.get("DESCRIPTION", [])] != [_spaces(want)]:
        out.append((f"veiledningsmøtet skal si «{want}».", f"the supervision meeting should say «{want}»."))
    if event.props.get("UID", [])[:1] != [uid]:
        out.append((f"veiledningsmøtet skal ha UID {uid}.", f"the supervision meeting should have the UID {uid}."))
    return out


def compare_calendars(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """Each supporter in duties.csv has a calendar (calendars/<safe file name>.ics) with exactly one
    event per duty, at the slot's start and end (Europe/Oslo), listing the wards they are named
    for in assignments.csv — and one per slot on_call.csv has them on call. No calendar for anyone
    without either."""
    rule = "calendars_match_duties"
    if not folder.has_calendars:
        return []
    duties: dict[str, set[int]] = {}
    for d in rota.duty_rows:
        if d.supporter_id:
            duties.setdefault(d.supporter_id, set())
            if d.t is not None:
                duties[d.supporter_id].add(d.t)
    meetings = expected_meetings(ctx, rota, folder.supervision)
    for sid in meetings:
        duties.setdefault(sid, set())
    on_call = {t: sid for t, (sid, _phone) in standby(ctx, folder).items()}
    for t, sid in on_call.items():
        duties.setdefault(sid, set()).add(t)
    by_time = {(s.start, s.end): s for s in ctx.slots}
    out: list[Violation] = []
    used: set[str] = set()
    for sid in sorted(duties):
        name = _file_for(sid, folder.calendars, ".ics")
        who = ctx.who(sid)
        if name is None:
            out.append(_problem(rule, f"calendars/{safe_filename(sid)}.ics", f"kalenderen til {who} mangler.",
                                f"the calendar of {who} is missing.", supporter_id=sid))
            continue
        used.add(name)
        mine = {t for t, who in on_call.items() if who == sid}
        out.extend(_compare_calendar(ctx, rota, sid, duties[sid], f"calendars/{name}", folder.calendars[name],
                                     by_time, rule, meetings=meetings.get(sid, set()), on_call=mine))
    for name in sorted(set(folder.calendars) - used):
        sid = id_from_filename(name.removesuffix(".ics")) if name.endswith(".ics") else None
        what_no = ctx.who(sid) if sid is not None else "ingen (navnet er ikke laget av programmet)"
        what_en = ctx.who(sid) if sid is not None else "nobody (the name was not made by this program)"
        out.append(_problem(rule, f"calendars/{name}", f"en kalender for {what_no}, som ikke har støttevakter i duties.csv.",
                            f"a calendar for {what_en}, who has no duties in duties.csv.", supporter_id=sid or ""))
    return out


def _compare_calendar(ctx: CheckContext, rota: WrittenRota, sid: str, duties: set[int], file: str, data: bytes,
                      by_time: Mapping[tuple[dt.datetime, dt.datetime], Slot], rule: str, *,
                      meetings: set[tuple[dt.datetime, dt.datetime, str]] = frozenset(),  # type: ignore[assignment]
                      on_call: set[int] = frozenset()) -> list[Violation]:
    who = ctx.who(sid)
    try:
        ics = _read_ics(data)
    except UnicodeDecodeError as exc:
        return [_problem(rule, file, f"ikke UTF-8 ({exc}).", f"not UTF-8 ({exc}).", supporter_id=sid)]
    out: list[Violation] = []

    def bad(no: str, en: str, slot: Slot | None = None) -> None:
        where = {"date": slot.date, "slot": slot.name} if slot is not None else {}
        out.append(_problem(rule, file, no, en, supporter_id=sid, **where))

    if ics.calendars != 1:
        bad(f"fila har {ics.calendars} kalendere (skal være 1).", f"the file has {ics.calendars} calendars (should be 1).")
    extra = sorted(set(ics.props) - _CALENDAR_PROPERTIES)
    if extra:
        bad(f"kalenderen har {', '.join(extra)}, som en vaktkalender ikke har.",
            f"the calendar has {', '.join(extra)}, which a duty calendar does not have.")
    calname = f"Kollegastøttevakter {_name(ctx, sid)}"
    if [_spaces(v) for v in ics.props.get("X-WR-CALNAME", [])] != [calname]:
        shown = "; ".join(ics.props.get("X-WR-CALNAME", [])) or "–"
        bad(f"kalendernavnet er «{_short_text(shown)}», skal være «{calname}».",
            f"the calendar's name is «{_short_text(shown)}», should be «{calname}».")
    for name in ics.components:
        bad(f"kalenderen har en {name}, som en vaktkalender ikke har.", f"the calendar has a {name}, which a duty calendar "
            "does not have.")
    for name in ics.outside:
        bad(f"fila har en {name} utenfor kalenderen.", f"the file has a {name} outside its calendar.")
    moments = [m for e in ics.events for m in (e.moment("DTSTART"), e.moment("DTEND")) if m is not None]
    for no, en in _zone_problems(ics.zones, moments):
        bad(no, en)
    seen: dict[int, int] = {}
    met: set[tuple[dt.datetime, dt.datetime, str]] = set()
    uids: dict[str, int] = {}
    for number, event in enumerate(ics.events, start=1):
        where_no, where_en = f"hendelse {number}", f"event {number}"
        for name in event.nested:
            bad(f"{where_no} har en {name} (f.eks. en påminnelse), som en vakt ikke har.",
                f"{where_en} has a {name} (e.g. an alarm), which a duty does not have.")
        extra = sorted(set(event.props) - _EVENT_PROPERTIES)
        if extra:
            bad(f"{where_no} har {', '.join(extra)}, som en vakt ikke har (gjentakelse, flytting, avlysning, sted …).",
                f"{where_en} has {', '.join(extra)}, which a duty does not have (repetition, moving, cancelling, "
                "place …).")
        missing = sorted(_EVENT_PROPERTIES - set(event.props))
        if missing:
            bad(f"{where_no} mangler {', '.join(missing)}.", f"{where_en} lacks {', '.join(missing)}.")
        twice = sorted(n for n, values in event.props.items() if len(values) > 1)
        if twice:
            bad(f"{where_no} har {', '.join(twice)} mer enn én gang.", f"{where_en} has {', '.join(twice)} more than once.")
        for uid in event.props.get("UID", [])[:1]:
            if uid in uids:
                bad(f"{where_no} har samme UID som hendelse {uids[uid]}: en kalender viser da bare den ene.",
                    f"{where_en} has the UID of event {uids[uid]}: a calendar then shows only one of them.")
            uids.setdefault(uid, number)
        start, end = event.moment("DTSTART"), event.moment("DTEND")
        raw = f"{'; '.join(event.props.get('DTSTART', ['?']))}–{'; '.join(event.props.get('DTEND', ['?']))}"
        if [_spaces(v) for v in event.props.get("SUMMARY", [])] == [_SUPERVISION]:
            for no, en in _meeting_problems(sid, event, start, end, meetings, met):
                bad(f"{where_no}: {no}", f"{where_en}: {en}")
            continue
        slot = by_time.get((start, end)) if start and end else None
        if slot is None:
            bad(f"{where_no} ({raw}) passer ikke med noen vakt i perioden.", f"{where_en} ({raw}) matches no slot of the "
                "horizon.")
            continue
        t, label = slot.index, _label(slot)
        if t not in duties:
            bad(f"{where_no}: {label} er ingen støttevakt for {who} i duties.csv.",
                f"{where_en}: {label} is not a duty of {who} in duties.csv.", slot)
            continue
        if t in seen:
            bad(f"{where_no}: {label} står to ganger (også hendelse {seen[t]}).",
                f"{where_en}: {label} is there twice (also event {seen[t]}).", slot)
            continue
        seen[t] = number
        summary = f"{'Kollegastøtte i beredskap' if t in on_call else 'Kollegastøttevakt'} ({slot.name})"
        got_summary = "; ".join(event.props.get("SUMMARY", []))
        if _spaces(got_summary) != summary:
            bad(f"{where_no}: {label} har tittelen «{_short_text(got_summary)}», skal være «{summary}».",
                f"{where_en}: {label} has the title «{_short_text(got_summary)}», should be «{summary}».", slot)
        wards = ";".join(sorted(rota.named.get((sid, t), frozenset())))
        want = "Poster du dekker: " + (wards.replace(";", ", ") if wards else "–")
        if t in on_call:
            want = "Beredskap hjemmefra, på telefon."
        got = "; ".join(event.props.get("DESCRIPTION", []))
        if _spaces(got) != _spaces(want):
            bad(f"{where_no}: {label} sier {got!r}, men assignments.csv gir {want!r}.",
                f"{where_en}: {label} says {got!r}, but assignments.csv gives {want!r}.", slot)
    for start, end, _site in sorted(meetings - met):
        bad(f"mangler veiledningsmøtet {start:%d.%m.%Y %H:%M}–{end:%H:%M} fra supervision.csv (vakta dekker det).",
            f"lacks the supervision meeting {start:%d.%m.%Y %H:%M}–{end:%H:%M} of supervision.csv (the shift covers it).")
    for t in sorted(duties - set(seen)):
        what_no, what_en, file = (("beredskapen", "the on-call slot", "on_call.csv") if t in on_call
                                  else ("støttevakta", "the duty", "duties.csv"))
        bad(f"mangler {what_no} {_label(ctx.slots[t])} ({ctx.slots[t].start:%H:%M}–{ctx.slots[t].end:%H:%M}) fra "
            f"{file}.", f"lacks {what_en} {_label(ctx.slots[t])} ({ctx.slots[t].start:%H:%M}–"
            f"{ctx.slots[t].end:%H:%M}) of {file}.", ctx.slots[t])
    return out
