"""supervision.csv recounted from the inputs (docs/supervision.md): each meeting at a time the rules
allow, its counts right, and no allowed start of its period with more supporters at work.

Re-stated here from the checker's own context (each supporter's shifts as read from the turnus,
their training and unavailable dates, the rota's duties as written) — nothing of the placement in
scheduler.model.supervision. A meeting's «at work» are the invited supporters (in the turnus, trained that day, not
unavailable, of its site with `per_site`) whose own shift covers all of it; «on duty» those invited
with a support duty overlapping it. The chosen start must be first by: most at work, then fewest on
duty, then earliest. :func:`expected_meetings` tells the calendar check who gets which meeting.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _problem
from scheduler.check.written import WrittenRota
from scheduler.domain import Supervision

__all__ = ["compare_supervision", "expected_meetings", "WrittenMeeting", "read_meetings"]

_RULE = "supervision_matches_inputs"
_FILE = "supervision.csv"
_COLUMNS = ("period_start", "period_end", "site", "date", "start", "end", "invited", "at_work", "on_duty")


@dataclass(frozen=True)
class WrittenMeeting:
    """One row of supervision.csv, read (None where a cell is not what it should be)."""

    line: int
    period_start: dt.date | None
    period_end: dt.date | None
    site: str
    start: dt.datetime | None
    end: dt.datetime | None
    counts: Mapping[str, int | None]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _moment(day: dt.date | None, text: str) -> dt.datetime | None:
    try:
        return dt.datetime.combine(day, dt.time.fromisoformat(text.strip())) if day else None
    except ValueError:
        return None


def _int(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def read_meetings(text: str | None) -> list[WrittenMeeting]:
    """supervision.csv as written, row by row (line 2 is the first meeting)."""
    if not text or not text.strip():
        return []
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    out = []
    for i, row in enumerate(frame.to_dict("records"), start=2):
        day = _date(row.get("date", ""))
        out.append(WrittenMeeting(i, _date(row.get("period_start", "")), _date(row.get("period_end", "")),
                                  row.get("site", ""), _moment(day, row.get("start", "")), _moment(day, row.get("end", "")),
                                  {k: _int(row.get(k, "")) for k in ("invited", "at_work", "on_duty")}))
    return out


def _site_of(ctx: CheckContext, sid: str) -> str:
    return ctx.site(ctx.home.get(sid, ""))


class _Recount:
    """Who is invited, at work and on duty at a meeting, each shift and duty filed under the days it
    touches (a start looks at its own day only)."""

    def __init__(self, ctx: CheckContext, rota: WrittenRota) -> None:
        self.ctx = ctx
        self.work: dict[dt.date, list[tuple[str, dt.datetime, dt.datetime]]] = {}
        self.duty: dict[dt.date, list[tuple[str, dt.datetime, dt.datetime]]] = {}
        self.invited: dict[tuple[dt.date, str | None], set[str]] = {}
        for sid, spans in ctx.work_times.items():
            for s, e in spans:
                self._file(self.work, sid, s, e)
        for sid, t in rota.on_duty:
            if 0 <= t < len(ctx.slots):
                self._file(self.duty, sid, ctx.slots[t].start, ctx.slots[t].end)

    @staticmethod
    def _file(into: dict, sid: str, s: dt.datetime, e: dt.datetime) -> None:
        day = s.date()
        while day <= e.date():
            into.setdefault(day, []).append((sid, s, e))
            day += dt.timedelta(days=1)

    def __call__(self, site: str | None, start: dt.datetime, end: dt.datetime) -> tuple[set[str], set[str], set[str]]:
        """Invited, at work for all of it, on a duty overlapping it — at a meeting from `start` to `end`."""
        ctx, day = self.ctx, start.date()
        if (day, site) not in self.invited:
            self.invited[day, site] = {sid for sid, s in ctx.supporters.items() if sid in ctx.employees and s.trained_on(day)
                                       and day not in s.unavailable and (site is None or _site_of(ctx, sid) == site)}
        invited = self.invited[day, site]
        at_work = {sid for sid, s, e in self.work.get(day, ()) if s <= start and end <= e} & invited
        on_duty = {sid for sid, s, e in self.duty.get(day, ()) if s < end and start < e} & invited
        return invited, at_work, on_duty


def _periods(ctx: CheckContext, rule: Supervision) -> list[tuple[dt.date, dt.date]]:
    if not ctx.slots:
        return []
    first, last = ctx.slots[0].date, ctx.slots[-1].date
    out, start = [], first
    while start <= last:
        end = min(start + dt.timedelta(days=7 * rule.every_weeks - 1), last)
        out.append((start, end))
        start = end + dt.timedelta(days=1)
    return out


def _starts(rule: Supervision, first: dt.date, last: dt.date) -> list[dt.datetime]:
    days = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
            "man": 0, "tir": 1, "ons": 2, "tor": 3, "fre": 4, "lør": 5, "søn": 6}
    allowed = {days[d] for d in rule.days}
    out = []
    for n in range((last - first).days + 1):
        day = first + dt.timedelta(days=n)
        if day.weekday() not in allowed:
            continue
        minute = rule.earliest.hour * 60 + rule.earliest.minute
        while minute + rule.minutes <= rule.latest_end.hour * 60 + rule.latest_end.minute:
            out.append(dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute))
            minute += rule.step_minutes
    return out


def compare_supervision(ctx: CheckContext, rota: WrittenRota, folder) -> list[Violation]:  # noqa: ANN001 - OutputFolder
    """supervision.csv is there exactly when the rules ask for meetings; one row per period (and
    site), at an allowed time, with its counts recounted, and no allowed start of its period first
    by (most at work, fewest on duty, earliest)."""
    rule = ctx.rules.supervision
    text = getattr(folder, "supervision", None)
    out: list[Violation] = []

    def bad(line: int | None, no: str, en: str) -> None:
        where_no, where_en = (f"rad {line}: ", f"row {line}: ") if line else ("", "")
        out.append(_problem(_RULE, _FILE, where_no + no, where_en + en))

    if rule is None:
        if text is not None:
            bad(None, "fila finnes, men rules.toml har ingen [supervision].", "the file exists, but rules.toml has no "
                "[supervision].")
        return out
    if text is None:
        bad(None, "fila mangler: rules.toml har [supervision].", "the file is missing: rules.toml has [supervision].")
        return out
    sites: list[str | None] = sorted({_site_of(ctx, sid) for sid in ctx.supporters}) if rule.per_site else [None]
    length = dt.timedelta(minutes=rule.minutes)
    written = {(m.period_start, m.period_end, m.site): m for m in read_meetings(text)}
    recount = _Recount(ctx, rota)
    for p_first, p_last in _periods(ctx, rule):
        starts = _starts(rule, p_first, p_last)
        for site in sites:
            m = written.pop((p_first, p_last, site or ""), None)
            label = f"{p_first}–{p_last}" + (f" ({site})" if site else "")
            if not starts:
                if m is not None:
                    bad(m.line, f"perioden {label} har ingen tillatt start.", f"the period {label} has no allowed start.")
                continue
            if m is None:
                bad(None, f"perioden {label} mangler sitt møte.", f"the period {label} lacks its meeting.")
                continue
            if m.start is None or m.end is None or m.start not in starts or m.end - m.start != length:
                bad(m.line, f"møtet er ikke et tillatt tidspunkt i perioden {label} ({rule.minutes} minutter).",
                    f"the meeting is not an allowed time in the period {label} ({rule.minutes} minutes).")
                continue
            invited, at_work, on_duty = recount(site, m.start, m.end)
            for name, n in (("invited", len(invited)), ("at_work", len(at_work)), ("on_duty", len(on_duty))):
                if m.counts.get(name) != n:
                    bad(m.line, f"{name} er {m.counts.get(name)}, skal være {n}.", f"{name} is {m.counts.get(name)}, "
                        f"should be {n}.")
            chosen = (-len(at_work), len(on_duty), m.start)
            for start in starts:
                _, there, busy = recount(site, start, start + length)
                if (-len(there), len(busy), start) < chosen:
                    bad(m.line, f"{start:%d.%m.%Y %H:%M} har {len(there)} på jobb og {len(busy)} på vakt, møtet "
                        f"{m.start:%d.%m.%Y %H:%M} har {len(at_work)} og {len(on_duty)}.",
                        f"{start:%d.%m.%Y %H:%M} has {len(there)} at work and {len(busy)} on duty, the meeting "
                        f"{m.start:%d.%m.%Y %H:%M} has {len(at_work)} and {len(on_duty)}.")
                    break
    for m in written.values():
        bad(m.line, "et møte utenfor periodene (eller for et ukjent sted).", "a meeting outside the periods (or for "
            "an unknown site).")
    return out


def expected_meetings(ctx: CheckContext, rota: WrittenRota, text: str | None
                      ) -> dict[str, set[tuple[dt.datetime, dt.datetime, str]]]:
    """Per supporter, the meetings of supervision.csv their own shift covers (start, end, site): those
    their calendar must hold."""
    rule = ctx.rules.supervision
    out: dict[str, set[tuple[dt.datetime, dt.datetime, str]]] = {}
    if rule is None:
        return out
    recount = _Recount(ctx, rota)
    for m in read_meetings(text):
        if m.start is None or m.end is None:
            continue
        _, at_work, _ = recount(m.site if rule.per_site else None, m.start, m.end)
        for sid in at_work:
            out.setdefault(sid, set()).add((m.start, m.end, m.site))
    return out
