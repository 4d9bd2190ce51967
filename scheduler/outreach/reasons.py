"""Why a team place stays empty, in plain Norwegian and English (docs/outreach.md): the codes of
uncovered ward-slots (scheduler.solve.explain) and one more, judged against the final plan, with
the people who could not take it counted — never named.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from scheduler.outreach.candidates import OutreachContext
from scheduler.outreach.needs import ContactNeed
from scheduler.solve.explain import REASON_WORDS
from scheduler.solve.limit_parts import Words
from scheduler.solve.limits import DutyLoad

__all__ = ["REASONS", "INELIGIBLE", "why_unplanned", "duty_rule_off"]

#: Why a team member could not be planned, by code: the codes of uncovered ward-slots, and one more.
REASONS: dict[str, Words] = {
    "outside_turnus": Words("Tidsrommet for kontakten ligger utenfor turnusperioden som er lest inn",
                            "The contact's time window lies outside the turnus period read"),
    "no_supporter_at_work": Words("Ingen kollegastøtte er på jobb i tidsrommet for kontakten",
                                  "No peer supporter is at work in the contact's time window"),
    "only_ineligible": Words("Bare kollegastøtter som ikke kan ta kontakten er på jobb",
                             "Only supporters who may not make this contact are at work"),
    "all_blocked": Words("De som kunne tatt kontakten er ikke tilgjengelige",
                         "Those who could make the contact are not available"),
    "all_at_limit": Words("Alle som kunne tatt kontakten er ved en grense",
                          "Everyone who could make the contact is at a limit"),
    "only_duty_supporter": Words("Bare kollegastøtten på vakt kunne tatt avlastningssamtalen, og regelen "
                                 "defusing_by_duty_supporter er slått av",
                                 "Only the supporter on duty could take the defusing, and the rule "
                                 "defusing_by_duty_supporter is off"),
    "not_chosen": Words("Ikke nok ledige kollegastøtter i samme vakt til hele teamet, eller tidsgrensen ble nådd",
                        "Not enough free supporters in one slot for the whole team, or the time limit was reached"),
}
#: Why a supporter may not make a contact: the codes of scheduler.model.eligibility.ineligible_reason,
#: and outreach's own — one of the involved, or no employee record (in no turnus).
INELIGIBLE = {
    "own_ward": Words("fra en involvert post", "from an involved ward"),
    "own_department": Words("fra en involvert avdeling", "from an involved department"),
    "leads": Words("leder en involvert post", "manages an involved ward"),
    "other_site": Words("annet sted", "another site"),
    "involved": Words("selv involvert", "involved themselves"),
    "not_in_turnus": Words("står ikke i turnusen", "not in the turnus"),
}


def _counted(who: Sequence[tuple[str, Words]], lang: str) -> str:
    """"training expired (2 people); marked unavailable (1 person)", most common first — people
    counted, never named."""
    counts = Counter(w for _, w in who)
    parts = []
    for words, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].en)):
        people = ("person" if n == 1 else "personer") if lang == "no" else ("person" if n == 1 else "people")
        parts.append(f"{words.text(lang)} ({n} {people})")
    return "; ".join(parts)


def duty_rule_off() -> tuple[str, str, str]:
    """A defusing nobody but the supporter on duty could take, with `defusing_by_duty_supporter` off:
    the reason says which rule to turn on (docs/outreach.md)."""
    w = REASONS["only_duty_supporter"]
    return "only_duty_supporter", f"{w.no} (rules.toml).", f"{w.en} (rules.toml)."


def why_unplanned(ctx: OutreachContext, load: DutyLoad | None, need: ContactNeed, slots: Sequence[tuple[int, dt.datetime]],
                  taken: set[tuple[str, int]]) -> tuple[str, str, str]:
    """The reason a team place stays empty, judged against the final plan: code, Norwegian, English."""
    earliest, latest = need.incident.window(need.kind)
    span_no = f"{earliest:%d.%m %H:%M}–{latest:%d.%m %H:%M}"
    if not slots:
        w = REASONS["outside_turnus"]
        return "outside_turnus", f"{w.no} ({span_no}).", f"{w.en} ({span_no})."
    here = [(sid, via, why, t) for t, _ in slots for sid, via, why in ctx.present.get(t, [])]
    if not here:
        w = REASONS["no_supporter_at_work"]
        return "no_supporter_at_work", f"{w.no} ({span_no}).", f"{w.en} ({span_no})."
    fit = [(sid, via, why, t) for sid, via, why, t in here if not ctx.why_not(sid, need.incident)]
    if not fit:
        reasons = {}
        for sid, *_ in here:
            reasons[sid] = INELIGIBLE[ctx.why_not(sid, need.incident)]
        w = REASONS["only_ineligible"]
        listed = _counted(list(reasons.items()), "no"), _counted(list(reasons.items()), "en")
        return "only_ineligible", f"{w.no} — {listed[0]}.", f"{w.en} — {listed[1]}."
    free = [(sid, via, t) for sid, via, why, t in fit if not why]
    if not free:
        blocked: dict[str, Words] = {}
        for sid, _, why, _ in fit:
            blocked.setdefault(sid, REASON_WORDS[why])
        w = REASONS["all_blocked"]
        listed = _counted(list(blocked.items()), "no"), _counted(list(blocked.items()), "en")
        return "all_blocked", f"{w.no} — {listed[0]}.", f"{w.en} — {listed[1]}."
    limits: dict[str, Words] = {}
    open_ = False
    for sid, via, t in free:
        if (sid, t) in taken:
            limits.setdefault(sid, Words("har allerede en kontakt i denne vakta", "already has a contact in that slot"))
            continue
        if (sid, t) in ctx.fixed:
            limits.setdefault(sid, Words("har støttevakt i denne vakta", "on duty in that slot"))
            continue
        rule = load.blocking_limit(sid, t, via) if load is not None else ""
        if rule:
            limits.setdefault(sid, REASON_WORDS.get(rule, Words(rule, rule)))
        else:
            open_ = True
            limits.pop(sid, None)
    if not open_:
        w = REASONS["all_at_limit"]
        listed = _counted(list(limits.items()), "no"), _counted(list(limits.items()), "en")
        return "all_at_limit", f"{w.no} — {listed[0]}.", f"{w.en} — {listed[1]}."
    w = REASONS["not_chosen"]
    return "not_chosen", f"{w.no}.", f"{w.en}."
