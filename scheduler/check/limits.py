"""The hard rules that limit load, re-stated from docs/semantics.md, not taken from the solver.

Support work is burdensome and done in protected time: per supporter, duties per day, per ISO
week, protected hours per week, duties and nights over the period, days in a row; per ward, how
many of its people are on duty at once and whether it keeps its minimum staffing; per duty, how
many wards one person answers. One ``check_<rule>(ctx, rota)`` per rule, registered in
:data:`scheduler.check.rules.HARD_RULE_CHECKS`; an outreach plan's contacts are held to the same
checks (:mod:`scheduler.check.outreach_rules`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.check.context import _EPS, CheckContext, WardSlot
from scheduler.check.findings import Violation, _at, _dates, _fmt, _label
from scheduler.check.written import WrittenRota, _duties_by_supporter
from scheduler.domain import SlotKind

__all__ = [
    "check_one_duty_per_day",
    "check_weekly_duties",
    "check_weekly_protected_hours",
    "check_period_duties",
    "check_period_nights",
    "check_consecutive_days",
    "check_max_on_duty_per_ward",
    "check_release_keeps_minimum_staffing",
    "check_wards_per_duty",
    "check_staff_per_duty",
]


def check_one_duty_per_day(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Support work is burdensome: at most max_duties_per_day duties per supporter and date."""
    limit = ctx.rules.max_duties_per_day
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        by_date: dict[dt.date, list[int]] = defaultdict(list)
        for t in ts:
            by_date[ctx.slots[t].date].append(t)
        for date, day_ts in sorted(by_date.items()):
            if len(day_ts) > limit:
                names, who = ", ".join(ctx.slots[t].name for t in day_ts), ctx.who(sid)
                out.append(Violation(
                    rule="one_duty_per_day", supporter_id=sid, date=date, slot=ctx.slots[day_ts[-1]].name,
                    text_no=f"{who} har {len(day_ts)} støttevakter {date} ({names}); grensen er {limit} per dag "
                            f"({len(day_ts) - limit} for mange).",
                    text_en=f"{who} has {len(day_ts)} duties on {date} ({names}); the limit is {limit} per day "
                            f"({len(day_ts) - limit} too many)."))
    return out


def _by_week(ctx: CheckContext, ts: list[int]) -> dict[tuple[int, int], list[int]]:
    weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
    for t in ts:
        weeks[ctx.slots[t].date.isocalendar()[:2]].append(t)  # the ISO week, restated here on purpose
    return dict(sorted(weeks.items()))


def check_weekly_duties(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Load is limited and followed up: at most the weekly duty limit per ISO week."""
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        limit = ctx.rules.weekly_duties(ctx.supporter(sid))
        for (year, week), week_ts in _by_week(ctx, ts).items():
            if len(week_ts) > limit:
                who, n, dates = ctx.who(sid), len(week_ts), _dates(ctx, week_ts)
                out.append(Violation(
                    rule="weekly_duties", supporter_id=sid, date=ctx.slots[week_ts[0]].date, slot="",
                    text_no=f"{who} har {n} støttevakter i uke {week} ({year}: {dates}); grensen er {limit} "
                            f"({n - limit} for mange).",
                    text_en=f"{who} has {n} duties in ISO week {year}-W{week:02d} ({dates}); the limit is {limit} "
                            f"({n - limit} too many)."))
    return out


def check_weekly_protected_hours(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Support happens in paid protected time: duty hours per ISO week never exceed the
    supporter's protected hours."""
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        limit = ctx.rules.weekly_hours(ctx.supporter(sid))
        if limit is None:
            continue
        for (year, week), week_ts in _by_week(ctx, ts).items():
            hours = sum(ctx.slots[t].duty_hours for t in week_ts)
            if hours > limit + _EPS:
                who, over, dates = ctx.who(sid), round(hours - limit, 2), _dates(ctx, week_ts)
                out.append(Violation(
                    rule="weekly_protected_hours", supporter_id=sid, date=ctx.slots[week_ts[0]].date, slot="",
                    text_no=f"{who} har {_fmt(hours)} timer støttevakt i uke {week} ({year}: {dates}), men bare "
                            f"{_fmt(limit)} beskyttede timer ({_fmt(over)} timer for mye).",
                    text_en=f"{who} has {_fmt(hours)} duty hours in ISO week {year}-W{week:02d} ({dates}) but only "
                            f"{_fmt(limit)} protected hours ({_fmt(over)} hours over)."))
    return out


def check_period_duties(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """The coordinator's cap on duties over the whole horizon."""
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        limit = ctx.rules.period_duties(ctx.supporter(sid))
        if limit is not None and len(ts) > limit:
            who, n = ctx.who(sid), len(ts)
            span = f"{ctx.slots[ts[0]].date}–{ctx.slots[ts[-1]].date}"
            out.append(Violation(
                rule="period_duties", supporter_id=sid, date=ctx.slots[ts[limit]].date, slot="",
                text_no=f"{who} har {n} støttevakter i perioden ({span}); grensen er {limit} "
                        f"({n - limit} for mange).",
                text_en=f"{who} has {n} duties in the period ({span}); the limit is {limit} "
                        f"({n - limit} too many)."))
    return out


def check_period_nights(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Night duty weighs most: the cap on night-slot duties over the horizon."""
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        limit = ctx.rules.period_nights(ctx.supporter(sid))
        nights = [t for t in ts if ctx.slots[t].kind is SlotKind.NIGHT]
        if limit is not None and len(nights) > limit:
            who, n = ctx.who(sid), len(nights)
            dates = ", ".join(ctx.slots[t].date.isoformat() for t in nights)
            out.append(Violation(
                rule="period_nights", supporter_id=sid, date=ctx.slots[nights[limit]].date,
                slot=ctx.slots[nights[limit]].name,
                text_no=f"{who} har {n} nattevakter som kollegastøtte ({dates}); grensen er {limit} "
                        f"({n - limit} for mange).",
                text_en=f"{who} has {n} night duties ({dates}); the limit is {limit} ({n - limit} too many)."))
    return out


def check_consecutive_days(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Recovery between duties: at most max_consecutive_days dates in a row with a duty."""
    limit = ctx.rules.max_consecutive_days
    out = []
    for sid, ts in _duties_by_supporter(rota).items():
        dates = sorted({ctx.slots[t].date for t in ts})
        runs: list[list[dt.date]] = []
        for date in dates:
            if runs and (date - runs[-1][-1]).days == 1:
                runs[-1].append(date)
            else:
                runs.append([date])
        for run in runs:
            if len(run) > limit:
                who, n = ctx.who(sid), len(run)
                out.append(Violation(
                    rule="consecutive_days", supporter_id=sid, date=run[limit], slot="",
                    text_no=f"{who} har støttevakt {n} dager på rad ({run[0]}–{run[-1]}); grensen er {limit} "
                            f"({n - limit} for mange).",
                    text_en=f"{who} is on duty {n} days in a row ({run[0]} to {run[-1]}); the limit is {limit} "
                            f"({n - limit} too many)."))
    return out


def check_max_on_duty_per_ward(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """A ward must not lose several people to support duty at once: at most
    max_on_duty_per_ward on-duty supporters from one home ward per slot."""
    limit = ctx.rules.max_on_duty_per_ward
    groups: dict[WardSlot, list[str]] = defaultdict(list)
    for sid, t in sorted(rota.on_duty):
        if sid in ctx.supporters and ctx.home.get(sid):  # others are flagged by supporter_available
            groups[(ctx.home[sid], t)].append(sid)
    out = []
    for (ward, t), sids in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if len(sids) > limit:
            label, people = _label(ctx.slots[t]), ", ".join(ctx.who(s) for s in sids)
            out.append(_at(ctx, "max_on_duty_per_ward", ";".join(sids), t,
                           f"{len(sids)} kollegastøtter fra post {ward} har støttevakt samtidig {label} ({people}); "
                           f"grensen er {limit} ({len(sids) - limit} for mange).",
                           f"{len(sids)} supporters from ward {ward} are on duty at once {label} ({people}); "
                           f"the limit is {limit} ({len(sids) - limit} too many).", ward=ward))
    return out


def check_release_keeps_minimum_staffing(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Extension (docs/semantics.md): releasing several supporters from one ward at once must
    still leave the ward at its minimum staffing; support-shift duties need no release."""
    released: dict[WardSlot, list[str]] = defaultdict(list)
    for sid, t in sorted(rota.on_duty):
        own = ctx.home.get(sid, "")
        if own and ctx.at_work.get((sid, t)) == "work":
            released[(own, t)].append(sid)
    out = []
    for (ward, t), sids in sorted(released.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        slot = ctx.slots[t]
        minimum = ctx.min_staff(ward, slot)
        n = ctx.staff.get((ward, t), 0)
        if minimum is not None and n - len(sids) < minimum:
            people, short = ", ".join(ctx.who(s) for s in sids), minimum - (n - len(sids))
            out.append(_at(ctx, "release_keeps_minimum_staffing", ";".join(sids), t,
                           f"Post {ward} har {n} på jobb {_label(slot)} og minstebemanning {minimum}; med "
                           f"{len(sids)} frigitt til støttevakt ({people}) blir det {n - len(sids)} ({short} for lite).",
                           f"Ward {ward} has {n} at work {_label(slot)} and minimum staffing {minimum}; with "
                           f"{len(sids)} released for support duty ({people}) it has {n - len(sids)} ({short} short).",
                           ward=ward))
    return out


def check_wards_per_duty(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """One person can only answer so many wards in one slot: at most max_wards_per_duty."""
    limit = ctx.rules.max_wards_per_duty
    if limit is None:
        return []
    out = []
    for (sid, t), wards in sorted(rota.named.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if len(wards) > limit:
            who, listed = ctx.who(sid), ", ".join(sorted(wards))
            out.append(_at(ctx, "wards_per_duty", sid, t,
                           f"{who} dekker {len(wards)} poster {_label(ctx.slots[t])} ({listed}); grensen er {limit} "
                           f"({len(wards) - limit} for mange).",
                           f"{who} covers {len(wards)} wards {_label(ctx.slots[t])} ({listed}); the limit is {limit} "
                           f"({len(wards) - limit} too many)."))
    return out


def check_staff_per_duty(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """One person can only answer for so many people at once: the staff at work in the wards named
    for a duty (any role), counted from the turnus, at most max_staff_per_duty."""
    cap = ctx.rules.max_staff_per_duty
    if cap is None:
        return []
    out = []
    for (sid, t), wards in sorted(rota.named.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        staff = sum(ctx.demand.get((w, t), 0) for w in wards)
        if staff > cap:
            who, listed = ctx.who(sid), ", ".join(f"{w} ({ctx.demand.get((w, t), 0)})" for w in sorted(wards))
            out.append(_at(ctx, "staff_per_duty", sid, t,
                           f"{who} dekker {staff} ansatte på jobb {_label(ctx.slots[t])} ({listed}); grensen er {cap} "
                           f"({staff - cap} for mange).",
                           f"{who} covers {staff} staff at work {_label(ctx.slots[t])} ({listed}); the limit is {cap} "
                           f"({staff - cap} too many)."))
    return out
