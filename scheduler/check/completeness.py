"""The hard rules that a rota is whole and says one thing: pins kept, nothing dropped, duties.csv
agreeing with assignments.csv.

What the planner locked stays and what they forbade never appears; every ward-slot needing cover
has exactly one primary row (named, or empty with a reason), backups only as the rules allow;
and each row of duties.csv — which feeds calendars and protected-time accounting — matches its
slot, the supporter's home ward and the wards assignments.csv names them for. One
``check_<rule>(ctx, rota)`` per rule, registered in :data:`scheduler.check.rules.HARD_RULE_CHECKS`.
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.check.context import CheckContext, WardSlot
from scheduler.check.findings import Violation, _at, _fmt, _label, _row_at
from scheduler.check.written import (
    _HOURS_TOLERANCE,
    AssignmentRow,
    DutyRow,
    WrittenRota,
    _parse_datetime,
    _parse_hours,
)

__all__ = ["check_pins", "check_every_demand_ward_slot_reported", "check_duty_rows_consistent"]


def check_pins(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """What the user locked stays and what they forbade never appears — the planner's word is final."""
    out = []
    for pin in ctx.pins:
        slot = ctx.slot_at.get((pin.date, pin.slot))
        key = (pin.supporter_id, slot.index) if slot else None
        here = key is not None and key in rota.on_duty
        who, label = ctx.who(pin.supporter_id), f"{pin.date} {pin.slot}"
        if pin.action == "forbid" and here:
            no, en = f"{who} har støttevakt {label}, som er sperret.", f"{who} is on duty {label}, which is forbidden."
        elif pin.action == "lock" and not here:
            no = f"{who} skal ha låst støttevakt {label}, men har den ikke."
            en = f"{who} has a locked duty {label} but it is not in the rota."
        elif pin.action == "lock" and pin.ward and key and pin.ward not in rota.named.get(key, frozenset()):
            no = f"{who} er låst til post {pin.ward} {label}, men er ikke oppført for den."
            en = f"{who} is locked to ward {pin.ward} {label} but is not named for it."
        else:
            continue
        out.append(Violation(rule="pins", supporter_id=pin.supporter_id, date=pin.date, slot=pin.slot,
                             ward=pin.ward, text_no=no, text_en=en))
    return out


def check_every_demand_ward_slot_reported(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Nothing is silently dropped: each ward-slot with demand has exactly one primary row
    (named, or empty with a reason); no rows for ward-slots without demand; backups only with
    redundancy 2, one per ward-slot, and never the primary again."""
    rule = "every_demand_ward_slot_reported"
    out: list[Violation] = []
    primaries: dict[WardSlot, list[AssignmentRow]] = defaultdict(list)
    backups: dict[WardSlot, list[AssignmentRow]] = defaultdict(list)
    for a in rota.assignments:
        where = f"assignments.csv rad/row {a.line}"
        if a.t is None:
            out.append(_row_at(rule, a, f"{where}: {a.date_text!r} {a.slot!r} er ingen vakt i perioden.",
                               f"{where}: {a.date_text!r} {a.slot!r} is not a slot of the horizon."))
        elif a.role not in ("primary", "backup"):
            out.append(_row_at(rule, a, f"{where}: ukjent rolle {a.role!r} (primary/backup).",
                               f"{where}: unknown role {a.role!r} (primary/backup)."))
        elif (a.ward, a.t) not in ctx.demand:
            out.append(_row_at(rule, a, f"{where}: post {a.ward} har ikke behov for dekning {a.date_text} {a.slot}.",
                               f"{where}: ward {a.ward} needs no cover {a.date_text} {a.slot}."))
        else:
            (primaries if a.role == "primary" else backups)[(a.ward, a.t)].append(a)
    for ward, t in sorted(ctx.demand, key=lambda k: (k[1], k[0])):
        label, rows = _label(ctx.slots[t]), primaries.get((ward, t), [])
        if not rows:
            out.append(_at(ctx, rule, "", t, f"Post {ward} {label} har behov, men ingen rad i assignments.csv.",
                           f"Ward {ward} {label} needs cover but has no row in assignments.csv.", ward=ward))
            continue
        if len(rows) > 1:
            out.append(_at(ctx, rule, ";".join(r.supporter_id for r in rows), t,
                           f"Post {ward} {label} har {len(rows)} rader som primær (skal være én).",
                           f"Ward {ward} {label} has {len(rows)} primary rows (should be one).", ward=ward))
        primary = rows[0]
        if not primary.supporter_id and not primary.reason:
            out.append(_at(ctx, rule, "", t, f"Post {ward} {label} er udekket uten begrunnelse.",
                           f"Ward {ward} {label} is uncovered without a reason.", ward=ward))
        extra = backups.get((ward, t), [])
        if extra and ctx.rules.redundancy == 1:
            out.append(_at(ctx, rule, extra[0].supporter_id, t,
                           f"Post {ward} {label} har reserve, men redundancy er 1.",
                           f"Ward {ward} {label} has a backup although redundancy is 1.", ward=ward))
            continue
        if len(extra) > 1:
            out.append(_at(ctx, rule, ";".join(r.supporter_id for r in extra), t,
                           f"Post {ward} {label} har {len(extra)} reserverader (høyst én).",
                           f"Ward {ward} {label} has {len(extra)} backup rows (at most one).", ward=ward))
        for b in extra:
            if b.supporter_id and b.supporter_id == primary.supporter_id:
                who = ctx.who(b.supporter_id)
                out.append(_at(ctx, rule, b.supporter_id, t,
                               f"{who} er både primær og reserve for post {ward} {label}.",
                               f"{who} is both primary and backup for ward {ward} {label}.", ward=ward))
            elif b.supporter_id and not primary.supporter_id:
                who = ctx.who(b.supporter_id)
                out.append(_at(ctx, rule, b.supporter_id, t,
                               f"Post {ward} {label} har reserve {who}, men ingen primær.",
                               f"Ward {ward} {label} has backup {who} but no primary.", ward=ward))
    return out


def check_duty_rows_consistent(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """duties.csv feeds calendars and protected-time accounting, so each row must match the
    slot (start, end, duty_hours), the supporter's home ward and the wards they are named for."""
    rule = "duty_rows_consistent"
    out: list[Violation] = []
    for d in rota.duty_rows:
        where, who = f"duties.csv rad/row {d.line}", ctx.who(d.supporter_id)

        def add(no: str, en: str, d: DutyRow = d, where: str = where) -> None:
            out.append(Violation(rule=rule, supporter_id=d.supporter_id, date=d.date, slot=d.slot,
                                 text_no=f"{where}: {no}", text_en=f"{where}: {en}", file="duties.csv", row=d.line))

        if not d.supporter_id:
            add("støttevakt uten supporter_id.", "duty without supporter_id.")
            continue
        if d.t is None:
            add(f"{who}: {d.date_text!r} {d.slot!r} er ingen vakt i perioden.",
                f"{who}: {d.date_text!r} {d.slot!r} is not a slot of the horizon.")
            continue
        slot = ctx.slots[d.t]
        label = _label(slot)
        if rota.listed[(d.supporter_id, d.t)][0] is not d:
            add(f"{who} {label} står mer enn én gang.", f"{who} {label} is listed more than once.")
            continue
        start, end = _parse_datetime(d.start), _parse_datetime(d.end)
        if start != slot.start or end != slot.end:
            add(f"{who} {label}: start/slutt {d.start}–{d.end}, vakta er {slot.start:%Y-%m-%d %H:%M}–{slot.end:%Y-%m-%d %H:%M}.",
                f"{who} {label}: start/end {d.start}–{d.end}, the slot is {slot.start:%Y-%m-%d %H:%M}–{slot.end:%Y-%m-%d %H:%M}.")
        hours = _parse_hours(d.hours)
        if hours is None or abs(hours - slot.duty_hours) > _HOURS_TOLERANCE:
            add(f"{who} {label}: {d.hours!r} timer, men duty_hours for {slot.name} er {_fmt(slot.duty_hours)}.",
                f"{who} {label}: {d.hours!r} hours, but duty_hours of {slot.name} is {_fmt(slot.duty_hours)}.")
        employee = ctx.employees.get(d.supporter_id)
        if employee is not None and d.name != employee.name.strip():
            add(f"{who} {label}: navn {d.name!r}, skal være {employee.name.strip()!r}.",
                f"{who} {label}: name {d.name!r}, should be {employee.name.strip()!r}.")
        own = ctx.home.get(d.supporter_id)
        if own is not None and d.home_ward != own:
            add(f"{who} {label}: hjemmepost {d.home_ward!r}, skal være {own}.",
                f"{who} {label}: home ward {d.home_ward!r}, should be {own}.")
        written = {w.strip() for w in d.wards_covered.split(";") if w.strip()}
        named = set(rota.named.get((d.supporter_id, d.t), frozenset()))
        if written != named:
            add(f"{who} {label}: wards_covered {';'.join(sorted(written)) or '(tom)'}, men oppført for "
                f"{';'.join(sorted(named)) or '(ingen)'} i assignments.csv.",
                f"{who} {label}: wards_covered {';'.join(sorted(written)) or '(empty)'}, but named for "
                f"{';'.join(sorted(named)) or '(none)'} in assignments.csv.")
    return out
