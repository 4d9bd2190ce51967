"""on_call.csv re-checked from the inputs alone (docs/domain.md, «The on-call supporter»): one row
per slot that needs someone on call — each slot where assignments.csv leaves a ward without a
supporter on site, and every night or public holiday when the rules ask — naming a supporter who
opted in, is trained, not away, not at work or on duty then, not resting after a night, not from
the only wards without cover, within one a date, `max_per_week` and `max_per_period`, with the
phone of supporters.csv; or, with nobody, a reason — and then nobody who could have been is left
out. burden.csv's `on_call` and `on_call_load` are counted again from it, on the fair shares' basis:
an on-call slot weighs `weight` hours, or with `fair_share_basis = "exposure"` `weight` hours of the
staff it stands for (those at work in the wards without cover then; for a night or holiday asked for
with every ward covered, in every ward that needs cover) — counted here from the turnus."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _fmt, _label, _problem
from scheduler.check.on_call_written import FILE, OnCallRow, read_on_call
from scheduler.check.output_files import OutputFolder
from scheduler.check.written import WrittenRota, _number, _records
from scheduler.domain import SlotKind

__all__ = ["compare_on_call", "compare_on_call_burden", "needed_on_call"]


def _holidays(dates: set[dt.date]) -> set[dt.date]:
    import holidays

    years = sorted({d.year for d in dates})
    known = holidays.Norway(years=years, include_sundays=False) if years else {}
    return {d for d in dates if d in known}


def needed_on_call(ctx: CheckContext, rota: WrittenRota) -> dict[int, tuple[str, str]]:
    """Slot → (why, wards) of every slot that needs an on-call supporter."""
    rules = ctx.rules.on_call
    if rules is None:
        return {}
    open_wards: dict[int, set[str]] = defaultdict(set)
    for a in rota.assignments:
        if a.role == "primary" and not a.supporter_id and a.t is not None:
            open_wards[a.t].add(a.ward)
    holidays = _holidays({s.date for s in ctx.slots}) if rules.also_holidays else set()
    out = {}
    for s in ctx.slots:
        if s.index in open_wards:
            out[s.index] = ("uncovered", ";".join(sorted(open_wards[s.index])))
        elif rules.also_nights and s.kind is SlotKind.NIGHT:
            out[s.index] = ("night", "")
        elif s.date in holidays:
            out[s.index] = ("holiday", "")
    return out


def _why_not(ctx: CheckContext, rota: WrittenRota, sid: str, t: int, wards: str) -> tuple[str, str]:
    """Why `sid` may not be on call in slot `t` (no, en), or ("", "") when they may."""
    slot, person = ctx.slots[t], ctx.supporters.get(sid)
    rules = ctx.rules.on_call
    if person is None:
        return "er ikke kollegastøtte i supporters.csv", "is not a supporter in supporters.csv"
    if not person.on_call:
        return "har ikke sagt ja til beredskap (on_call)", "has not opted in to be on call (on_call)"
    if (sid, t) in ctx.at_work or (sid, t) in rota.on_duty:
        return "er på jobb eller har støttevakt da", "is at work or on duty then"
    if slot.date in person.unavailable or (sid, slot.date) in ctx.absent:
        return "er borte den dagen", "is away that day"
    if not person.trained_on(slot.date):
        return "har ikke gyldig opplæring", "has no valid training"
    before = t - 1
    if (rules is not None and rules.rest_after_night and before >= 0 and ctx.slots[before].kind is SlotKind.NIGHT
            and ((sid, before) in ctx.at_work or (sid, before) in rota.on_duty)):
        return "hviler etter en natt på jobb", "is resting after a night at work"
    own = {ctx.home.get(sid, "")} | set(person.leads_wards)
    named = {w for w in wards.split(";") if w}
    if named and named <= own:
        return "er fra (eller leder) den eneste posten uten dekning", "is from (or leads) the only ward without cover"
    return "", ""


def _over_limit(ctx: CheckContext, mine: list[int], t: int) -> bool:
    rules = ctx.rules.on_call
    assert rules is not None
    date = ctx.slots[t].date
    days = [ctx.slots[u].date for u in mine]
    week = date.isocalendar()[:2]
    return (date in days or sum(d.isocalendar()[:2] == week for d in days) >= rules.max_per_week
            or (rules.max_per_period is not None and len(days) >= rules.max_per_period))


def _row_problems(ctx: CheckContext, rota: WrittenRota, row: OnCallRow, need: tuple[str, str]) -> list[Violation]:
    rule, t = "on_call_follows_rules", row.t
    assert t is not None
    slot, out = ctx.slots[t], []
    where = dict(date=slot.date, slot=slot.name, supporter_id=row.supporter_id)

    def bad(column: str, no: str, en: str) -> None:
        out.append(_problem(rule, FILE, f"{_label(slot)}: {no}", f"{_label(slot)}: {en}", row=row.line, column=column,
                            **where))

    for column, got, want in (("need", row.need, need[0]), ("wards", row.wards, need[1]),
                              ("start", row.start, slot.start.isoformat(timespec="minutes")),
                              ("end", row.end, slot.end.isoformat(timespec="minutes"))):
        if got != want:
            bad(column, f"{got!r}, men inndataene og assignments.csv gir {want!r}.",
                f"{got!r}, but the inputs and assignments.csv give {want!r}.")
    if not row.supporter_id:
        if not row.reason:
            bad("reason", "ingen i beredskap, og ingen grunn er gitt.", "nobody on call, and no reason is given.")
        return out
    no, en = _why_not(ctx, rota, row.supporter_id, t, need[1])
    if no:
        bad("supporter_id", f"{ctx.who(row.supporter_id)} {no}.", f"{ctx.who(row.supporter_id)} {en}.")
    person = ctx.supporters.get(row.supporter_id)
    if person is not None and row.phone != person.phone:
        bad("phone", f"telefon {row.phone!r}, men supporters.csv gir {person.phone!r}.",
            f"phone {row.phone!r}, but supporters.csv gives {person.phone!r}.")
    if row.reason:
        bad("reason", "en grunn står ved en som er i beredskap.", "a reason is given beside someone on call.")
    return out


def compare_on_call(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """on_call.csv against the inputs and assignments.csv (see the module's docstring)."""
    rule = "on_call_follows_rules"
    written = read_on_call(ctx, folder)
    if ctx.rules.on_call is None:
        return [_problem(rule, FILE, "fila finnes, men reglene planlegger ingen beredskap ([on_call]).",
                         "the file exists, but the rules plan nobody on call ([on_call]).")] if written.present else []
    if not written.present:
        return [_problem(rule, FILE, "mangler; reglene planlegger beredskap ([on_call]).",
                         "is missing; the rules plan someone on call ([on_call]).")]
    out = list(written.problems)
    needed = needed_on_call(ctx, rota)
    seen: dict[int, int] = {}
    taken: dict[str, list[int]] = defaultdict(list)
    for row in written.rows:
        if row.t is None or row.t not in needed:
            out.append(_problem(rule, FILE, f"{row.date_text} {row.slot} trenger ingen i beredskap.",
                                f"{row.date_text} {row.slot} needs nobody on call.", row=row.line, column="slot"))
            continue
        if row.t in seen:
            out.append(_problem(rule, FILE, f"{_label(ctx.slots[row.t])} står to ganger (også rad {seen[row.t]}).",
                                f"{_label(ctx.slots[row.t])} is listed twice (also row {seen[row.t]}).", row=row.line))
            continue
        seen[row.t] = row.line
        out += _row_problems(ctx, rota, row, needed[row.t])
        if row.supporter_id:
            if _over_limit(ctx, taken[row.supporter_id], row.t):
                out.append(_problem(rule, FILE, f"{ctx.who(row.supporter_id)} går over grensen for beredskap (én per "
                                    f"dag, {ctx.rules.on_call.max_per_week} per uke, perioden).",
                                    f"{ctx.who(row.supporter_id)} goes over the on-call limit (one a day, "
                                    f"{ctx.rules.on_call.max_per_week} a week, the period).", row=row.line,
                                    column="supporter_id", supporter_id=row.supporter_id))
            taken[row.supporter_id].append(row.t)
    for t in sorted(set(needed) - set(seen)):
        out.append(_problem(rule, FILE, f"mangler {_label(ctx.slots[t])}, som trenger beredskap.",
                            f"lacks {_label(ctx.slots[t])}, which needs someone on call.",
                            date=ctx.slots[t].date, slot=ctx.slots[t].name))
    for row in written.rows:  # a slot left without: nobody who could have been is left out
        if row.t is None or row.supporter_id or seen.get(row.t) != row.line:
            continue
        for sid in sorted(s for s, p in ctx.supporters.items() if p.on_call):
            if not _why_not(ctx, rota, sid, row.t, needed[row.t][1])[0] and not _over_limit(ctx, taken[sid], row.t):
                out.append(_problem(rule, FILE, f"{_label(ctx.slots[row.t])} står uten "
                                    f"beredskap, men {ctx.who(sid)} kunne hatt den innenfor grensene.",
                                    f"{_label(ctx.slots[row.t])} has nobody on call, but {ctx.who(sid)} could have "
                                    "been, within the limits.", row=row.line, supporter_id=sid,
                                    date=ctx.slots[row.t].date, slot=ctx.slots[row.t].name))
                break
    return out


def _stood_for(ctx: CheckContext, t: int, wards: str) -> int:
    """Staff at work in `wards` (";"-joined) in slot `t`, or with none in every ward needing cover."""
    named = [w for w in wards.split(";") if w]
    if named:
        return sum(ctx.demand.get((w, t), 0) for w in named)
    return sum(n for (_, u), n in ctx.demand.items() if u == t)


def _on_call_added(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> tuple[dict[str, int], dict[str, float]]:
    """Per supporter: their rows in on_call.csv, and what those slots add to their load on the basis."""
    rules = ctx.rules.on_call
    assert rules is not None
    exposure = ctx.rules.fair_share_basis == "exposure"
    needed = needed_on_call(ctx, rota) if exposure else {}
    counts: dict[str, int] = defaultdict(int)
    added: dict[str, float] = defaultdict(float)
    for row in read_on_call(ctx, folder).rows:
        if row.supporter_id and row.t is not None:
            counts[row.supporter_id] += 1
            staff = _stood_for(ctx, row.t, needed.get(row.t, ("", ""))[1]) if exposure else 1
            added[row.supporter_id] += rules.weight * staff
    return counts, added


def compare_on_call_burden(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """burden.csv's `on_call` is each supporter's rows in on_call.csv, and `on_call_load` is
    (on-site load + what those slots weigh) ÷ target from its own hours (or exposure) and target."""
    rule, file = "on_call_in_burden", "burden.csv"
    frame = folder.tables.get("burden")
    if frame is None:
        return []
    if ctx.rules.on_call is None:
        extra = [c for c in ("on_call", "on_call_load") if c in frame.columns]
        return [_problem(rule, file, f"har kolonnene {', '.join(extra)}, men reglene planlegger ingen beredskap.",
                         f"has the columns {', '.join(extra)}, but the rules plan nobody on call.", row=1)] if extra else []
    basis = "exposure" if ctx.rules.fair_share_basis == "exposure" else "hours"
    missing = [c for c in ("on_call", "on_call_load", basis) if c not in frame.columns]
    if missing:
        return [_problem(rule, file, f"mangler kolonnene {', '.join(missing)}.", f"lacks the columns {', '.join(missing)}.",
                         row=1)]
    counts, added = _on_call_added(ctx, rota, folder)
    out = []
    for i, r in enumerate(_records(frame, ("supporter_id", basis, "target", "on_call", "on_call_load"))):
        sid, line = r["supporter_id"], i + 2
        n = _number(r["on_call"])
        if n is None or n != counts.get(sid, 0):
            out.append(_problem(rule, file, f"{ctx.who(sid)}: on_call {r['on_call']!r}, men on_call.csv gir "
                                f"{counts.get(sid, 0)}.", f"{ctx.who(sid)}: on_call {r['on_call']!r}, but on_call.csv "
                                f"gives {counts.get(sid, 0)}.", row=line, column="on_call", supporter_id=sid))
            continue
        load, target, ratio = _number(r[basis]), _number(r["target"]), _number(r["on_call_load"])
        if load is None or target is None:
            continue  # burden_matches_duties says so
        plus = added.get(sid, 0.0)
        total = load + plus
        want = round(total / target, 3) if target > 0 else (0.0 if total == 0 else None)
        if (want is None and r["on_call_load"]) or (want is not None and (ratio is None or abs(ratio - want) > 6e-4)):
            shown = f"({_fmt(load)} + {_fmt(round(plus, 2))}) ÷ {_fmt(target)} = {_fmt(want) if want is not None else '–'}"
            what = ("timer" if basis == "hours" else "eksponering", basis)
            out.append(_problem(rule, file, f"{ctx.who(sid)}: on_call_load {r['on_call_load']!r}, men {shown} "
                                f"({what[0]} + beredskap) ÷ andel.", f"{ctx.who(sid)}: on_call_load "
                                f"{r['on_call_load']!r}, but {shown} ({what[1]} + on call) ÷ share.",
                                row=line, column="on_call_load", supporter_id=sid))
    for sid in sorted(set(counts) - {r for r in frame["supporter_id"].astype(str)}):
        out.append(_problem(rule, file, f"mangler {ctx.who(sid)}, som er i beredskap.", f"lacks {ctx.who(sid)}, who is on call.",
                            supporter_id=sid))
    return out
