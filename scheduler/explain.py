"""Why a ward-slot is uncovered, in plain Norwegian and English (SPEC §3: never silently dropped).

Reasons, from the most to the least fundamental:
- nobody trained is at work in the slot (on the ward's site);
- only supporters who may not cover this ward are at work (own ward, its manager, other site);
- the eligible ones at work are blocked (training expired, unavailable, ward cannot release them);
- the eligible and available ones are all at a limit — which limit, for whom;
- none of these: the solver ran out of time before covering it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from scheduler.domain import Instance
from scheduler.eligibility import SupporterProfile, ineligible_reason, pool_of_ward, profile
from scheduler.limits import DutyLoad

__all__ = ["UncoveredReason", "explain_uncovered", "LIMIT_TEXT", "BLOCK_TEXT"]

#: limit id -> (Norwegian, English) in words a rostering officer uses
LIMIT_TEXT: dict[str, tuple[str, str]] = {
    "one_duty_per_day": ("har allerede en støttevakt denne dagen", "already has a support duty that day"),
    "weekly_duties": ("har nådd maks antall støttevakter denne uka", "has reached the weekly duty limit"),
    "weekly_protected_hours": ("har brukt opp den beskyttede tiden denne uka", "has used up this week's protected hours"),
    "period_duties": ("har nådd maks antall støttevakter i perioden", "has reached the duty limit for the period"),
    "period_nights": ("har nådd maks antall nattevakter i perioden", "has reached the night limit for the period"),
    "consecutive_days": ("ville fått for mange dager på rad med støttevakt", "would get too many days in a row on duty"),
    "max_on_duty_per_ward": ("en annen fra samme post har allerede støttevakt", "someone from the same ward is already on duty"),
    "release_keeps_minimum_staffing": ("posten deres kan ikke avgi flere", "their ward cannot release anyone else"),
    "locked_out": ("er sperret for denne vakta", "is forbidden for this slot"),
}
#: blocked reason -> (Norwegian, English)
BLOCK_TEXT: dict[str, tuple[str, str]] = {
    "training": ("opplæringen er utløpt", "training has expired"),
    "unavailable": ("er satt som utilgjengelig", "is marked unavailable"),
    "release": ("posten kan ikke avgi personen (minstebemanning)", "the ward cannot release them (minimum staffing)"),
}
_INELIGIBLE_TEXT: dict[str, tuple[str, str]] = {
    "own_ward": ("egen post", "own ward"),
    "own_department": ("egen avdeling", "own department"),
    "leads": ("leder posten", "manages the ward"),
    "other_site": ("annet sted", "another site"),
}


@dataclass(frozen=True)
class UncoveredReason:
    ward: str
    slot: int
    code: str  # no_supporter_at_work | only_ineligible | all_blocked | all_at_limit | not_chosen
    text_no: str
    text_en: str

    def text(self, lang: str = "no") -> str:
        return self.text_no if lang == "no" else self.text_en


def _name(instance: Instance, sid: str) -> str:
    employee = instance.employees.get(sid)
    return f"{employee.name} ({sid})" if employee and employee.name else sid


def _list(items: list[str], lang: str) -> str:
    if len(items) > 4:
        more = len(items) - 4
        items = items[:4] + [f"{more} til" if lang == "no" else f"{more} more"]
    return "; ".join(items)


def explain_uncovered(
    instance: Instance,
    duties: set[tuple[str, int]],
    uncovered: Iterable[tuple[str, int]],
    forbidden: set[tuple[str, int]] = frozenset(),
) -> dict[tuple[str, int], UncoveredReason]:
    """A reason for each uncovered (ward, slot index), judged against the final rota."""
    present: dict[int, list[tuple[str, str, str]]] = defaultdict(list)  # slot -> (sid, via, blocked reason)
    for sid, t, via in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False):
        present[int(t)].append((sid, via, ""))
    for sid, t, via, why in instance.blocked[["supporter_id", "slot", "via", "reason"]].itertuples(index=False):
        present[int(t)].append((sid, via, why))
    profiles: dict[str, SupporterProfile] = {sid: profile(instance, sid) for sid in instance.supporters if sid in instance.employees}
    load = DutyLoad.of_rota(instance, duties)
    reasons: dict[tuple[str, int], UncoveredReason] = {}
    for ward, t in uncovered:
        pool = pool_of_ward(instance, ward)
        here = [(s, via, why) for s, via, why in present.get(t, [])
                if not instance.rules.same_site or profiles[s].site == pool]
        slot = instance.slots[t]
        if not here:
            reasons[ward, t] = UncoveredReason(
                ward, t, "no_supporter_at_work",
                f"Ingen kollegastøtte er på jobb i {slot.name}-vakta {slot.date:%d.%m}.",
                f"No peer supporter is at work in the {slot.name} slot on {slot.date:%d.%m}.",
            )
            continue
        fit = [(s, via, why) for s, via, why in here if not ineligible_reason(instance, profiles[s], ward)]
        if not fit:
            why_not = sorted({_INELIGIBLE_TEXT[ineligible_reason(instance, profiles[s], ward)] for s, _, _ in here})
            reasons[ward, t] = UncoveredReason(
                ward, t, "only_ineligible",
                "Bare kollegastøtter som ikke kan dekke denne posten er på jobb (" + ", ".join(w[0] for w in why_not) + ").",
                "Only supporters who may not cover this ward are at work (" + ", ".join(w[1] for w in why_not) + ").",
            )
            continue
        free = [(s, via) for s, via, why in fit if not why]
        if not free:
            no = [f"{_name(instance, s)}: {BLOCK_TEXT[why][0]}" for s, _, why in fit]
            en = [f"{_name(instance, s)}: {BLOCK_TEXT[why][1]}" for s, _, why in fit]
            reasons[ward, t] = UncoveredReason(
                ward, t, "all_blocked",
                "De som kunne dekket er ikke tilgjengelige — " + _list(no, "no") + ".",
                "Those who could cover are not available — " + _list(en, "en") + ".",
            )
            continue
        limits = []
        for s, via in free:
            limit = "locked_out" if (s, t) in forbidden else load.blocking_limit(s, t, via)
            if limit:
                limits.append((s, limit))
        if len(limits) == len(free):
            no = [f"{_name(instance, s)} {LIMIT_TEXT[lim][0]}" for s, lim in limits]
            en = [f"{_name(instance, s)} {LIMIT_TEXT[lim][1]}" for s, lim in limits]
            reasons[ward, t] = UncoveredReason(
                ward, t, "all_at_limit",
                "Alle som kunne dekket er ved en grense: " + _list(no, "no") + ".",
                "Everyone who could cover is at a limit: " + _list(en, "en") + ".",
            )
        else:
            reasons[ward, t] = UncoveredReason(
                ward, t, "not_chosen",
                "Løseren rakk ikke å dekke denne vakta innen tidsgrensen; kjør igjen med mer tid.",
                "The solver did not cover this slot within the time limit; run again with more time.",
            )
    return reasons
