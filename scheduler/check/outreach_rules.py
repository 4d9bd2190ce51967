"""The rules of an outreach plan's teams, re-stated from docs/outreach.md: every contact, when, by whom.

Every contact an incident needs is reported for every group, one row per team place, and the team
meets together; each contact falls in its time window; a team member is eligible (not involved,
not from or leading an involved ward, on the right site), not on a rota duty at the same time; and
the rota's duties and the contacts together keep every load limit — checked by the rota checker's
own ``check_<rule>`` functions (:data:`LIMIT_CHECKS`), a contact counting as a duty. One
``check_<rule>(ctx, plan)`` per rule, registered in :data:`scheduler.check.outreach.OUTREACH_CHECKS`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from scheduler.check.context import CheckContext
from scheduler.check.eligibility import check_supporter_available
from scheduler.check.findings import Violation
from scheduler.check.outreach_worktime import defusing_latest, meeting_of
from scheduler.check.outreach_written import (
    _GROUP,
    _KINDS,
    REASON_CODES,
    ContactRow,
    OutreachCheckContext,
    WrittenOutreach,
    _group_of,
    _groups,
    _moment,
    _row,
    _shown_groups,
    _team,
)
from scheduler.check.rules import HARD_RULE_CHECKS
from scheduler.check.written import WrittenRota
from scheduler.incidents import Incident

__all__ = [
    "LIMIT_CHECKS",
    "check_rows_readable",
    "check_every_contact_reported",
    "check_contact_in_window",
    "check_contact_supporter_eligible",
    "ineligible",
    "check_contact_not_on_duty",
    "check_limits_with_rota",
    "check_reasons_hold",
]

#: The rota checker's limit checks, run on the rota's duties and the contacts together.
LIMIT_CHECKS = {rule: HARD_RULE_CHECKS[rule] for rule in (
    "one_duty_per_day", "weekly_duties", "weekly_protected_hours", "period_duties", "period_nights",
    "consecutive_days", "max_on_duty_per_ward", "release_keeps_minimum_staffing")}


def check_rows_readable(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """Every row names a known incident and contact; a planned row names a slot of the period
    and its start and end."""
    out = []
    for r in plan.rows:
        if r.incident_id not in ctx.incidents:
            out.append(_row("outreach_rows_readable", r, f"ukjent hendelse «{r.incident_id}».",
                            f"unknown incident «{r.incident_id}»."))
        elif r.contact not in _KINDS:
            out.append(_row("outreach_rows_readable", r, f"ukjent kontakt «{r.contact}» (defusing, first, follow_up).",
                            f"unknown contact «{r.contact}» (defusing, first, follow_up)."))
        elif r.supporter_id and r.t is None:
            out.append(_row("outreach_rows_readable", r, f"{r.date_text} {r.slot} er ingen vakt i perioden.",
                            f"{r.date_text} {r.slot} is not a slot of the period."))
        elif r.supporter_id and (_moment(r.start_text) is None or _moment(r.end_text) is None):
            out.append(_row("outreach_rows_readable", r, "start eller slutt er ikke et tidspunkt.",
                            "start or end is not a date and time."))
    return out


def check_every_contact_reported(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """A contact is never dropped: every incident has, for every contact it needs and every group of
    involved staff, one row per team place — a supporter, or an empty one with its reason — and the
    team meets the group together, in one slot."""
    out = []
    rows: dict[tuple[str, str, str], list[ContactRow]] = defaultdict(list)
    for r in plan.rows:
        incident = ctx.incidents.get(r.incident_id)
        if incident is None or r.contact not in _KINDS:
            continue
        group = _group_of(ctx, incident, r.group)
        if group is None and _GROUP.match(r.group):
            out.append(_row("every_contact_reported", r, f"gruppen «{r.group}» er ingen gruppe av de involverte "
                            f"({_shown_groups(ctx, incident)}).",
                            f"group «{r.group}» is not a group of the involved ({_shown_groups(ctx, incident)})."))
            continue
        if group is None:  # not quoted: it may hold who was involved
            out.append(_row("every_contact_reported", r, "gruppen er ikke skrevet som yrke×antall "
                            f"({_shown_groups(ctx, incident)}).",
                            f"the group is not written as profession×count ({_shown_groups(ctx, incident)})."))
            continue
        rows[r.incident_id, r.contact, group].append(r)
    for incident_id, incident in ctx.incidents.items():
        kinds = [k for k in _KINDS if k != "defusing" or incident.defusing]
        for kind in kinds:
            for group, people in _groups(ctx, incident).items():
                team = _team(incident, people)
                every = rows.pop((incident_id, kind, group), [])
                found = [r for r in every if meeting_of(r) == 1]
                what_no = f"Hendelse {incident_id}, {kind}, gruppe «{group or '–'}»"
                what_en = f"Incident {incident_id}, {kind}, group «{group or '–'}»"
                out.extend(_further_meetings(kind, team, found, [r for r in every if meeting_of(r) != 1],
                                             what_no, what_en))
                if len(found) != team:
                    out.append(Violation(rule="every_contact_reported", text_no=f"{what_no}: {len(found)} rader, "
                                         f"teamet er {team}.", text_en=f"{what_en}: {len(found)} rows, the team is {team}.",
                                         file="outreach.csv"))
                planned = [r for r in found if r.supporter_id]
                slots = {(r.date_text, r.slot) for r in planned}
                if len(slots) > 1:
                    out.append(Violation(rule="every_contact_reported", text_no=f"{what_no}: teamet er fordelt på "
                                         f"{len(slots)} vakter; det møter gruppen samlet.",
                                         text_en=f"{what_en}: the team is spread over {len(slots)} slots; it meets the "
                                         "group together.", file="outreach.csv"))
                twice = [s for s, n in Counter(r.supporter_id for r in planned).items() if n > 1]
                if twice:
                    out.append(Violation(rule="every_contact_reported", supporter_id=";".join(twice),
                                         text_no=f"{what_no}: samme kollegastøtte står to ganger på teamet.",
                                         text_en=f"{what_en}: the same supporter is on the team twice.",
                                         file="outreach.csv"))
                for r in found:
                    if not r.supporter_id and not (r.reason and r.reason_code in REASON_CODES):
                        out.append(_row("every_contact_reported", r, "en tom plass på teamet uten gyldig begrunnelse.",
                                        "an empty team place without a valid reason."))
    for (incident_id, kind, _), extra in rows.items():
        for r in extra:
            out.append(_row("every_contact_reported", r, f"hendelse {incident_id} trenger ingen kontakt «{kind}».",
                            f"incident {incident_id} needs no contact «{kind}»."))
    return out


def _further_meetings(kind: str, team: int, first: list[ContactRow], further: list[ContactRow], what_no: str,
                      what_en: str) -> list[Violation]:
    """A further meeting (docs/outreach.md, «Further meetings»): of a first talk or follow-up whose
    first meeting is planned, numbered 2, 3, … in turn, each a planned team of at most the team's
    size in one slot of its own."""
    out: list[Violation] = []
    by: dict[int | None, list[ContactRow]] = defaultdict(list)
    for r in further:
        by[meeting_of(r)].append(r)
    if not by:
        return out
    taken = {r.t for r in first if r.supporter_id}
    if kind == "defusing" or None in by or not taken or sorted(by) != list(range(2, len(by) + 2)):  # type: ignore[type-var]
        return [_row("every_contact_reported", next(iter(by.values()))[0], "et ekstra møte som ikke kan være her "
                     "(ikke etter en avlastningssamtale, bare etter et planlagt første møte, nummerert 2, 3, …).",
                     "a further meeting that cannot be here (never of a defusing, only after a planned first "
                     "meeting, numbered 2, 3, …).")]
    for meeting, mine in sorted(by.items()):  # type: ignore[type-var]
        slots = {r.t for r in mine}
        if any(not r.supporter_id or r.t is None for r in mine) or len(mine) > team or len(slots) != 1 or slots & taken:
            out.append(_row("every_contact_reported", mine[0], f"møte {meeting} er ikke et planlagt team på høyst {team} "
                            "i én egen vakt.", f"meeting {meeting} is not a planned team of at most {team} in a slot "
                            "of its own."))
        taken |= slots
    return out


def check_contact_in_window(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """A defusing starts within 8 hours of the incident (or, when none of its group works in them, by
    the group's next shift within 72 hours), the first talk within 72 hours, the
    follow-up 21–35 days after; the contact starts when the slot does (or at the incident, when the
    slot is under way, if at least `min_overlap` of it is left) and ends with the slot; a defusing
    comes before the first talk."""
    out = []
    first_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    defusing_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in plan.planned():
        incident = ctx.incidents.get(r.incident_id)
        if incident is None or r.contact not in _KINDS or r.t is None:
            continue
        slot = ctx.base.slots[r.t]
        start, end = _moment(r.start_text), _moment(r.end_text)
        expected = max(slot.start, incident.occurred)
        if start != expected or end != slot.end:
            out.append(_row("contact_in_window", r, f"start/slutt {r.start_text}–{r.end_text}, skal være "
                            f"{expected:%Y-%m-%dT%H:%M}–{slot.end:%Y-%m-%dT%H:%M}.",
                            f"start/end {r.start_text}–{r.end_text}, should be "
                            f"{expected:%Y-%m-%dT%H:%M}–{slot.end:%Y-%m-%dT%H:%M}."))
        if (slot.end - expected) < (slot.end - slot.start) * ctx.base.rules.min_overlap:
            out.append(_row("contact_in_window", r, "for lite av vakta er igjen etter hendelsen.",
                            "too little of the slot is left after the incident."))
        earliest, latest = incident.window(r.contact)  # type: ignore[arg-type]
        group = _group_of(ctx, incident, r.group)
        if r.contact == "defusing" and ctx.shifts is not None and group is not None:
            latest = defusing_latest(ctx.base, ctx.shifts, incident, group)  # or the group's next shift
        if not earliest <= expected <= latest:
            out.append(_row("contact_in_window", r, f"{r.contact} {expected:%d.%m %H:%M} er utenfor tidsrommet "
                            f"{earliest:%d.%m %H:%M}–{latest:%d.%m %H:%M}.",
                            f"{r.contact} {expected:%d.%m %H:%M} is outside the window "
                            f"{earliest:%d.%m %H:%M}–{latest:%d.%m %H:%M}."))
        if r.contact == "first":
            first_of[r.incident_id, r.group].append(r.t)
        elif r.contact == "defusing":
            defusing_of[r.incident_id, r.group].append(r.t)
    for key, ts in defusing_of.items():
        firsts = first_of.get(key, [])
        if firsts and min(firsts) <= max(ts):
            out.append(Violation(rule="contact_in_window", text_no=f"Hendelse {key[0]}: første samtale er ikke etter "
                                 "avlastningssamtalen.", text_en=f"Incident {key[0]}: the first talk is not after the "
                                 "defusing.", file="outreach.csv"))
    return out


def ineligible(base: CheckContext, incident: Incident, supporter_id: str) -> list[tuple[str, str]]:
    """Why `supporter_id` may not meet the staff of `incident` (Norwegian, English); empty: they may."""
    out = []
    who = base.who(supporter_id)
    own = base.home.get(supporter_id, "")
    if supporter_id in incident.involved_ids:
        out.append((f"{who} er selv involvert.", f"{who} is involved themselves."))
    for ward in incident.wards:
        if ward == own:
            out.append((f"{who} er fra den involverte posten {ward}.", f"{who} is from the involved ward {ward}."))
        elif base.rules.separation == "department" and own and base.department(ward) == base.department(own):
            out.append((f"{who} er fra samme avdeling som post {ward}.",
                        f"{who} is from the same department as ward {ward}."))
        supporter = base.supporters.get(supporter_id)
        if supporter is not None and ward in supporter.leads_wards:
            out.append((f"{who} leder den involverte posten {ward}.", f"{who} manages the involved ward {ward}."))
        if base.rules.same_site and own and base.site(ward) != base.site(own):
            out.append((f"{who} er på et annet sted enn post {ward}.", f"{who} works on another site than ward {ward}."))
    return out


def check_contact_supporter_eligible(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """Colleagues open up to someone not from their own ward (or department, with separation =
    department) and not their manager: a team member is not one of the involved, not from an
    involved ward, does not lead one, and with same_site works on the incident's site."""
    out = []
    for r in plan.planned():
        incident = ctx.incidents.get(r.incident_id)
        if incident is not None:
            out.extend(_row("contact_supporter_eligible", r, no, en) for no, en in ineligible(ctx.base, incident,
                                                                                                r.supporter_id))
    return out


def check_contact_not_on_duty(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """A supporter on a rota duty stays on call for the wards they cover: no contact in a slot
    where they have a duty — but a defusing with `defusing_by_duty_supporter`, judged by
    scheduler.check.outreach_duty —, and at most one contact per slot."""
    out = []
    seen: dict[tuple[str, int], ContactRow] = {}
    by_duty = ctx.base.rules.defusing_by_duty_supporter
    for r in plan.planned():
        if r.t is None:
            continue
        key = (r.supporter_id, r.t)
        who = ctx.base.who(r.supporter_id)
        if key in ctx.rota and not (by_duty and r.contact == "defusing"):
            out.append(_row("contact_not_on_duty", r, f"{who} har støttevakt i denne vakta.",
                            f"{who} is on duty in this slot."))
        if key in seen:
            out.append(_row("contact_not_on_duty", r, f"{who} har to kontakter i samme vakt (se rad {seen[key].line}).",
                            f"{who} has two contacts in one slot (see row {seen[key].line})."))
        seen.setdefault(key, r)
    return out


def _written(duties: Iterable[tuple[str, int]]) -> WrittenRota:
    return WrittenRota(assignments=(), duty_rows=(), named={}, listed={}, on_duty=frozenset(duties))


def check_limits_with_rota(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """A contact is a duty: the rota's duties and the contacts together keep every limit (one duty a
    day, per week, protected hours, per period, nights, days in a row, supporters per ward, minimum
    staffing), and every team member is available. Findings the rota has without the contacts are
    the rota's, not the plan's, and are not repeated."""
    contacts = {(r.supporter_id, r.t) for r in plan.planned() if r.t is not None}
    together, alone = _written(ctx.rota | contacts), _written(ctx.rota)
    out = list(check_supporter_available(ctx.base, _written(contacts)))
    for check in LIMIT_CHECKS.values():
        before = {(v.rule, v.text_en) for v in check(ctx.base, alone)}
        out.extend(v for v in check(ctx.base, together) if (v.rule, v.text_en) not in before)
    return out


def check_reasons_hold(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """The reasons that can be re-checked without the plan hold: «outside the turnus period» only
    when no slot of the period is in the window; «nobody at work» only when no supporter is."""
    out = []
    base = ctx.base
    for r in plan.rows:
        incident = ctx.incidents.get(r.incident_id)
        if r.supporter_id or incident is None or r.contact not in _KINDS:
            continue
        if r.reason_code not in ("outside_turnus", "no_supporter_at_work"):
            continue
        earliest, latest = incident.window(r.contact)  # type: ignore[arg-type]
        slots = [s for s in base.slots if earliest <= max(s.start, incident.occurred) <= latest
                 and (s.end - max(s.start, incident.occurred)) >= (s.end - s.start) * base.rules.min_overlap]
        if r.reason_code == "outside_turnus" and slots:
            out.append(_row("reasons_hold", r, "begrunnelsen «utenfor turnusperioden» stemmer ikke: tidsrommet har vakter "
                            "i perioden.", "the reason «outside the turnus period» is wrong: the window has slots in "
                            "the period."))
        if r.reason_code == "no_supporter_at_work":
            at_work = {t for (_, t) in base.at_work}
            if any(s.index in at_work for s in slots):
                out.append(_row("reasons_hold", r, "begrunnelsen «ingen på jobb» stemmer ikke: en kollegastøtte er på jobb "
                                "i tidsrommet.", "the reason «nobody at work» is wrong: a supporter is at work in the "
                                "window."))
    return out
