"""Supervision meetings for the supporters, placed in their paid time (docs/supervision.md).

The seeds ask that supporters have «tilgang til veiledning» and «faglig påfyll» — regular
supervision and debriefs. A meeting is paid time only for those whose own turnus shift (work or a
support shift) covers all of it, so each meeting goes where most of them are at work: for each
period of `every_weeks` weeks (and each site, with `per_site`), every allowed start is tried and
the one chosen has the most invited supporters at work; ties go to the fewest on a support duty of
the rota then (they may be called away), then the earliest. Exact by enumeration — a period has a
few hundred starts — and pure: no solver, no files. The independent checker recounts it
(scheduler/check/supervision.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from scheduler.domain import Instance, Supervision, Supporter

__all__ = ["Meeting", "SUPERVISION_COLUMNS", "ATTENDEE_COLUMNS", "meeting_periods", "allowed_starts", "place_meetings",
           "meetings_for", "supervision_frame", "attendee_frame", "meetings_from_attendees"]

#: supervision.csv (docs/supervision.md): one row per meeting.
SUPERVISION_COLUMNS = ("period_start", "period_end", "site", "date", "start", "end", "invited", "at_work", "on_duty")
#: The meetings as kept with a rota for the calendars (scheduler/store/published.py): one row per
#: meeting and supporter at work for it — ids and times, as duties.csv has them.
ATTENDEE_COLUMNS = ("period_start", "period_end", "site", "start", "end", "supporter_id")
Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Meeting:
    """One meeting: its period and site, when, and who is invited, at work for all of it, on duty."""

    period_start: dt.date
    period_end: dt.date
    site: str
    start: dt.datetime
    end: dt.datetime
    invited: frozenset[str]
    at_work: frozenset[str]
    on_duty: frozenset[str]


def meeting_periods(first: dt.date, last: dt.date, every_weeks: int) -> list[tuple[dt.date, dt.date]]:
    """The horizon cut into periods of `every_weeks` weeks from its first day (the last may be shorter)."""
    out = []
    start = first
    while start <= last:
        end = min(start + dt.timedelta(weeks=every_weeks) - dt.timedelta(days=1), last)
        out.append((start, end))
        start = end + dt.timedelta(days=1)
    return out


def allowed_starts(rule: Supervision, first: dt.date, last: dt.date) -> list[dt.datetime]:
    """Every start the rule allows in [first, last], in time order."""
    out = []
    length = dt.timedelta(minutes=rule.minutes)
    step = dt.timedelta(minutes=rule.step_minutes)
    day = first
    while day <= last:
        if day.weekday() in rule.weekdays:
            start = dt.datetime.combine(day, rule.earliest)
            latest = dt.datetime.combine(day, rule.latest_end)
            while start + length <= latest:
                out.append(start)
                start += step
        day += dt.timedelta(days=1)
    return out


def _by_day(intervals: Mapping[str, Sequence[Interval]]) -> dict[dt.date, list[tuple[str, dt.datetime, dt.datetime]]]:
    """Each interval under every date it touches, so a start looks only at that day's shifts."""
    out: dict[dt.date, list[tuple[str, dt.datetime, dt.datetime]]] = defaultdict(list)
    for sid, spans in intervals.items():
        for s, e in spans:
            day = s.date()
            while day <= e.date():
                out[day].append((sid, s, e))
                day += dt.timedelta(days=1)
    return out


def _invited(supporters: Mapping[str, Supporter], site_of: Mapping[str, str], site: str | None,
             date: dt.date) -> frozenset[str]:
    """Trained on the date, not unavailable that day, and of the site (None: every site)."""
    return frozenset(sid for sid, s in supporters.items() if s.trained_on(date) and date not in s.unavailable
                     and (site is None or site_of.get(sid, "") == site))


def place_meetings(rule: Supervision, first: dt.date, last: dt.date, supporters: Mapping[str, Supporter],
                   site_of: Mapping[str, str], shifts: Mapping[str, Sequence[Interval]],
                   duties: Mapping[str, Sequence[Interval]]) -> list[Meeting]:
    """One meeting per period (and site, with `per_site`) at the start with the most invited
    supporters at work for all of it, then the fewest on duty, then the earliest. A period
    without an allowed start gets no meeting."""
    sites: list[str | None] = sorted({site_of.get(sid, "") for sid in supporters}) if rule.per_site else [None]
    length = dt.timedelta(minutes=rule.minutes)
    working, busy = _by_day(shifts), _by_day(duties)
    invited_on: dict[tuple[dt.date, str | None], frozenset[str]] = {}
    out = []
    for p_first, p_last in meeting_periods(first, last, rule.every_weeks):
        starts = allowed_starts(rule, p_first, p_last)
        for site in sites:
            best: tuple[tuple, Meeting] | None = None
            for start in starts:
                end, day = start + length, start.date()
                if (day, site) not in invited_on:
                    invited_on[day, site] = _invited(supporters, site_of, site, day)
                invited = invited_on[day, site]
                at_work = frozenset(sid for sid, s, e in working.get(day, ()) if s <= start and end <= e) & invited
                on_duty = frozenset(sid for sid, s, e in busy.get(day, ()) if s < end and start < e) & invited
                key = (-len(at_work), len(on_duty), start)
                if best is None or key < best[0]:
                    best = (key, Meeting(p_first, p_last, site or "", start, end, invited, at_work, on_duty))
            if best is not None:
                out.append(best[1])
    return out


def _intervals(frame: pd.DataFrame, who: str) -> dict[str, list[Interval]]:
    out: dict[str, list[Interval]] = defaultdict(list)
    for sid, start, end in frame[[who, "start", "end"]].itertuples(index=False):
        out[str(sid)].append((pd.Timestamp(start).to_pydatetime(), pd.Timestamp(end).to_pydatetime()))
    return out


def meetings_for(instance: Instance, duties: pd.DataFrame) -> list[Meeting]:
    """The meetings of a plan: its rules' `[supervision]` (none when it is not set), its supporters
    and their shifts, and the rota's duties (duties.csv: supporter_id, start, end)."""
    rule = instance.rules.supervision
    if rule is None or not instance.slots:
        return []
    site_of = {}
    for sid in instance.supporters:
        employee = instance.employees.get(sid)
        ward = instance.wards.get(employee.ward) if employee else None
        site_of[sid] = ward.site if ward else ""
    on_duty = duties[["supporter_id", "start", "end"]].copy() if len(duties) else pd.DataFrame(
        columns=["supporter_id", "start", "end"])
    return place_meetings(rule, instance.slots[0].date, instance.slots[-1].date, instance.supporters, site_of,
                          _intervals(instance.shifts, "supporter_id"), _intervals(on_duty, "supporter_id"))


def supervision_frame(meetings: Sequence[Meeting]) -> pd.DataFrame:
    """supervision.csv: counts only, never who."""
    rows = [{"period_start": m.period_start.isoformat(), "period_end": m.period_end.isoformat(), "site": m.site,
             "date": m.start.date().isoformat(), "start": f"{m.start:%H:%M}", "end": f"{m.end:%H:%M}",
             "invited": len(m.invited), "at_work": len(m.at_work), "on_duty": len(m.on_duty)} for m in meetings]
    return pd.DataFrame(rows, columns=list(SUPERVISION_COLUMNS))


def attendee_frame(meetings: Sequence[Meeting]) -> pd.DataFrame:
    """Who finds each meeting in their calendar (those at work for it), to keep beside a rota: a
    kept rota has no turnus to place the meetings again (scheduler/store/published.py)."""
    rows = [{"period_start": m.period_start.isoformat(), "period_end": m.period_end.isoformat(), "site": m.site,
             "start": m.start.isoformat(timespec="minutes"), "end": m.end.isoformat(timespec="minutes"),
             "supporter_id": sid} for m in meetings for sid in sorted(m.at_work)]
    return pd.DataFrame(rows, columns=list(ATTENDEE_COLUMNS))


def meetings_from_attendees(frame: pd.DataFrame) -> list[Meeting]:
    """The meetings of :func:`attendee_frame`, for the calendars (who was invited or on duty is not
    kept: a calendar needs only who is at work)."""
    out = []
    keys = ["period_start", "period_end", "site", "start", "end"]
    for (p0, p1, site, start, end), rows in frame.astype(str).groupby(keys, sort=True):
        ids = frozenset(rows["supporter_id"])
        out.append(Meeting(dt.date.fromisoformat(p0), dt.date.fromisoformat(p1), site, dt.datetime.fromisoformat(start),
                           dt.datetime.fromisoformat(end), ids, ids, frozenset()))
    return sorted(out, key=lambda m: (m.start, m.site))
