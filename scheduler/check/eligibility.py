"""The hard rules of who may be on duty at all, and for which ward, re-stated from docs/semantics.md.

Availability (at work in paid time, trained, not unavailable, releasable from the home ward), the
wards a supporter never covers (their own, or their department's; one they lead; another site),
and that whoever a ward is told to call really has the duty. One ``check_<rule>(ctx, rota)`` per
rule, registered in :data:`scheduler.check.rules.HARD_RULE_CHECKS`.
"""

from __future__ import annotations

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _at, _fmt, _hhmm, _label, _row_at
from scheduler.check.written import WrittenRota

__all__ = [
    "check_supporter_available",
    "check_never_covers_own_ward",
    "check_never_covers_led_ward",
    "check_same_site",
    "check_named_supporter_on_duty",
]


def check_supporter_available(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Support is done in paid, protected working time: on duty only when at work (or on a
    support shift), trained, not marked unavailable, and releasable from the home ward."""
    out = []
    for sid, t in sorted(rota.on_duty, key=lambda k: (k[1], k[0])):
        slot, who = ctx.slots[t], ctx.who(sid)
        label = _label(slot)
        if sid not in ctx.supporters:
            out.append(_at(ctx, "supporter_available", sid, t,
                           f"{who} er satt på støttevakt {label}, men er ikke registrert som kollegastøtte.",
                           f"{who} is on duty {label} but is not a registered peer supporter."))
            continue
        if (sid, t) in ctx.available:
            continue
        reason = ctx.blocked.get((sid, t), "not_at_work")
        if reason == "not_at_work":
            share = _fmt(ctx.rules.min_overlap * 100)
            no = (f"{who} er satt på støttevakt {label}, men har ingen arbeids- eller støttevakt som dekker "
                  f"minst {share} % av {_hhmm(slot)} — støtte skal gis i betalt arbeidstid.")
            en = (f"{who} is on duty {label} but has no work or support shift covering at least {share} % of "
                  f"{_hhmm(slot)} — support must be given in paid working time.")
        elif reason == "training":
            until = ctx.supporters[sid].training_valid_until
            no = f"{who} er satt på støttevakt {label}, men opplæringen gikk ut {until}."
            en = f"{who} is on duty {label} but their training expired on {until}."
        elif reason == "unavailable":
            no = f"{who} er satt på støttevakt {label}, men er meldt utilgjengelig {slot.date}."
            en = f"{who} is on duty {label} but is marked unavailable on {slot.date}."
        else:
            own = ctx.home.get(sid, "")
            n, minimum = ctx.staff.get((own, t), 0), ctx.min_staff(own, slot) or 0
            short = minimum - (n - 1)
            no = (f"{who} er satt på støttevakt {label} fra en arbeidsvakt, men post {own} har {n} på jobb og "
                  f"minstebemanning {minimum}: uten {who} blir det {n - 1} ({short} for lite).")
            en = (f"{who} is on duty {label} from a work shift, but ward {own} has {n} at work and minimum "
                  f"staffing {minimum}: without {who} it would have {n - 1} ({short} short).")
        out.append(_at(ctx, "supporter_available", sid, t, no, en))
    return out


def check_never_covers_own_ward(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """Colleagues talk more easily to someone not from their own ward (or department, with
    separation = department), so a supporter never covers it."""
    out = []
    department = ctx.rules.separation == "department"
    for a in rota.assignments:
        own = ctx.home.get(a.supporter_id, "")
        if not a.supporter_id or not own:
            continue
        who, when = ctx.who(a.supporter_id), f"{a.date_text} {a.slot}"
        if a.ward == own:
            out.append(_row_at("never_covers_own_ward", a,
                               f"{who} er oppført for sin egen post {own} {when}.",
                               f"{who} is named for their own ward {own} {when}."))
        elif department and ctx.department(a.ward) == ctx.department(own):
            dep = ctx.department(own)
            out.append(_row_at("never_covers_own_ward", a,
                               f"{who} (post {own}) er oppført for post {a.ward} {when}, i samme avdeling {dep}.",
                               f"{who} (ward {own}) is named for ward {a.ward} {when}, in the same department {dep}."))
    return out


def check_never_covers_led_ward(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """People do not open up to their own manager: a supporter never covers a ward they lead."""
    out = []
    for a in rota.assignments:
        person = ctx.supporters.get(a.supporter_id)
        if person and a.ward in person.leads_wards:
            who = ctx.who(a.supporter_id)
            out.append(_row_at("never_covers_led_ward", a,
                               f"{who} er oppført for post {a.ward} {a.date_text} {a.slot}, som vedkommende leder.",
                               f"{who} is named for ward {a.ward} {a.date_text} {a.slot}, which they lead."))
    return out


def check_same_site(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """With same_site, the supporter must be able to reach the ward: same site as the home ward."""
    if not ctx.rules.same_site:
        return []
    out = []
    for a in rota.assignments:
        own = ctx.home.get(a.supporter_id, "")
        if a.supporter_id and own and ctx.site(a.ward) != ctx.site(own):
            who = ctx.who(a.supporter_id)
            mine, theirs = ctx.site(own) or "(tomt)", ctx.site(a.ward) or "(tomt)"
            out.append(_row_at("same_site", a,
                               f"{who} (sted {mine}) er oppført for post {a.ward} på sted {theirs} {a.date_text} {a.slot}.",
                               f"{who} (site {mine}) is named for ward {a.ward} on site {theirs} {a.date_text} {a.slot}."))
    return out


def check_named_supporter_on_duty(ctx: CheckContext, rota: WrittenRota) -> list[Violation]:
    """The person named as the one to call must actually have the duty in duties.csv (and so in
    their calendar and protected time)."""
    out = []
    for (sid, t), wards in sorted(rota.named.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if (sid, t) not in rota.listed:
            label, who, listed = _label(ctx.slots[t]), ctx.who(sid), ", ".join(sorted(wards))
            out.append(_at(ctx, "named_supporter_on_duty", sid, t,
                           f"{who} er oppført for {listed} {label}, men har ingen rad i duties.csv for den vakta.",
                           f"{who} is named for {listed} {label} but has no row in duties.csv for that duty."))
    return out
