"""Why a ward-slot is uncovered, in plain Norwegian and English: nothing is dropped silently.

Reasons, from the most to the least fundamental:
- nobody trained is at work in the slot (on the ward's site);
- only supporters who may not cover this ward are at work (own ward, its manager, other site);
- the eligible ones at work are blocked (training expired, unavailable, ward cannot release them);
- the ward alone has more staff at work than one duty may cover (`max_staff_per_duty`);
- the eligible and available ones are all at a limit: which limit, for whom;
- none of these: the solver ran out of time before covering it.

Each reason comes in two forms. The full one names the supporters and is for the coordinator
and the rostering office (assignments.csv). The one without names counts them instead; it is for
views a ward sees, where naming a colleague who is unavailable would say too much.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from scheduler.domain import Instance
from scheduler.model.eligibility import SupporterProfile, ineligible_reason, pool_of_ward, profile
from scheduler.solve.limit_parts import Words
from scheduler.solve.limits import HARD_RULES, DutyLoad

__all__ = ["UncoveredReason", "explain_uncovered", "slot_definite", "REASON_WORDS"]

#: What stands in the way of one supporter, by key: a hard rule's id (its words are in
#: scheduler.solve.limits), a blocked availability (training, unavailable, release) or a forbidding pin.
#: Each text reads after a name ("Kari (12): …") and before a count ("… (2 personer)").
REASON_WORDS: dict[str, Words] = {
    **{rule_id: rule.reason for rule_id, rule in HARD_RULES.items() if rule.kind == "duty"},
    "wards_per_duty": HARD_RULES["wards_per_duty"].reason,
    "staff_per_duty": HARD_RULES["staff_per_duty"].reason,
    "release": HARD_RULES["release_keeps_minimum_staffing"].reason,
    "training": Words("opplæringen er utløpt", "training expired"),
    "unavailable": Words("meldt utilgjengelig", "marked unavailable"),
    "locked_out": Words("sperret for denne vakta", "forbidden for this slot"),
}
_INELIGIBLE = {
    "own_ward": Words("egen post", "own ward"),
    "own_department": Words("egen avdeling", "own department"),
    "leads": Words("leder posten", "manages the ward"),
    "other_site": Words("annet sted", "another site"),
}
#: Definite forms of common slot names ("natt" → "nattevakta"); others are written "vakta «x»".
_DEFINITE = {
    "dag": "dagvakta",
    "kveld": "kveldsvakta",
    "natt": "nattevakta",
    "morgen": "morgenvakta",
    "formiddag": "formiddagsvakta",
    "ettermiddag": "ettermiddagsvakta",
    "aften": "aftenvakta",
    "helg": "helgevakta",
}


def slot_definite(name: str) -> str:
    """The Norwegian definite form of a slot name: "natt" → "nattevakta", "kveld" → "kveldsvakta".

    A name that already is a shift ("seinvakt") gets its ending; an unknown one is quoted.
    """
    key = name.strip().lower()
    if key in _DEFINITE:
        return _DEFINITE[key]
    if key.endswith("vakt"):
        return f"{name.strip()}a"
    if key.endswith(("vakta", "vakten")):
        return name.strip()
    return f"vakta «{name}»"


@dataclass(frozen=True)
class UncoveredReason:
    ward: str
    slot: int
    code: str  # no_supporter_at_work | staff_above_cap | only_ineligible | all_blocked | all_at_limit | not_chosen
    text_no: str
    text_en: str
    unnamed_no: str  # the same without naming anyone
    unnamed_en: str

    def text(self, lang: str = "no", names: bool = True) -> str:
        """The reason in `lang`; `names=False` for views a ward sees (people counted, not named)."""
        if names:
            return self.text_no if lang == "no" else self.text_en
        return self.unnamed_no if lang == "no" else self.unnamed_en


def _name(instance: Instance, sid: str) -> str:
    employee = instance.employees.get(sid)
    return f"{employee.name} ({sid})" if employee and employee.name else sid


def _named(instance: Instance, who: list[tuple[str, str]], lang: str) -> str:
    """"Kari (12): training expired; Ola (7): marked unavailable" — at most four, then a count."""
    items = [f"{_name(instance, s)}: {REASON_WORDS[key].text(lang)}" for s, key in who]
    if len(items) > 4:
        more = len(items) - 4
        items = items[:4] + [f"{more} til" if lang == "no" else f"{more} more"]
    return "; ".join(items)


def _counted(who: list[tuple[str, str]], lang: str) -> str:
    """"training expired (2 people); marked unavailable (1 person)", most common first."""
    counts = Counter(key for _, key in who)
    parts = []
    for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], list(REASON_WORDS).index(kv[0]))):
        people = ("person" if n == 1 else "personer") if lang == "no" else ("person" if n == 1 else "people")
        parts.append(f"{REASON_WORDS[key].text(lang)} ({n} {people})")
    return "; ".join(parts)


def _reason(ward: str, t: int, code: str, no: str, en: str, unnamed_no: str | None = None,
            unnamed_en: str | None = None) -> UncoveredReason:
    return UncoveredReason(ward, t, code, no, en, unnamed_no if unnamed_no is not None else no,
                           unnamed_en if unnamed_en is not None else en)


class _LazyLoad:
    """The rota's load per supporter, counted only when a gap asks which limit holds someone back."""

    def __init__(self, instance: Instance, duties: set[tuple[str, int]]) -> None:
        self._instance, self._duties, self._load = instance, duties, None

    def blocking_limit(self, sid: str, t: int, via: str) -> str:
        if self._load is None:
            self._load = DutyLoad.of_rota(self._instance, self._duties)
        return self._load.blocking_limit(sid, t, via)


def explain_uncovered(
    instance: Instance,
    duties: set[tuple[str, int]],
    uncovered: Iterable[tuple[str, int]],
    forbidden: set[tuple[str, int]] = frozenset(),
) -> dict[tuple[str, int], UncoveredReason]:
    """A reason for each uncovered (ward, slot index), judged against the final rota."""
    uncovered = list(uncovered)
    if not uncovered:
        return {}
    # Only the slots with a gap: a year has 100,000s of availability rows and most slots none.
    slots = sorted({t for _, t in uncovered})
    available = instance.availability[instance.availability["slot"].isin(slots)]
    blocked_rows = instance.blocked[instance.blocked["slot"].isin(slots)]
    present: dict[int, list[tuple[str, str, str]]] = defaultdict(list)  # slot -> (sid, via, blocked reason)
    for sid, t, via in zip(available["supporter_id"].tolist(), available["slot"].tolist(), available["via"].tolist(),
                           strict=True):
        present[int(t)].append((sid, via, ""))
    for sid, t, via, why in blocked_rows[["supporter_id", "slot", "via", "reason"]].itertuples(index=False):
        present[int(t)].append((sid, via, why))
    profiles: dict[str, SupporterProfile] = {sid: profile(instance, sid) for sid in instance.supporters if sid in instance.employees}
    load = _LazyLoad(instance, duties)
    reasons: dict[tuple[str, int], UncoveredReason] = {}
    cap = instance.rules.max_staff_per_duty
    heads = ({(w, int(t)): int(h) for w, t, h in instance.demand[["ward", "slot", "headcount"]].itertuples(index=False)}
             if cap is not None else {})
    for ward, t in uncovered:
        if cap is not None and heads.get((ward, t), 0) > cap:
            n, slot = heads[ward, t], instance.slots[t]
            reasons[ward, t] = _reason(
                ward, t, "staff_above_cap",
                f"Posten har {n} på jobb i {slot_definite(slot.name)} {slot.date:%d.%m}, flere enn én støttevakt "
                f"får dekke (max_staff_per_duty = {cap}); hev grensen eller del posten i reglene.",
                f"The ward has {n} staff at work in the {slot.name} slot on {slot.date:%d.%m}, more than one duty may "
                f"cover (max_staff_per_duty = {cap}); raise the limit or split the ward.",
            )
            continue
        pool = pool_of_ward(instance, ward)
        here = [(s, via, why) for s, via, why in present.get(t, [])
                if not instance.rules.same_site or profiles[s].site == pool]
        slot = instance.slots[t]
        if not here:
            reasons[ward, t] = _reason(
                ward, t, "no_supporter_at_work",
                f"Ingen kollegastøtte er på jobb i {slot_definite(slot.name)} {slot.date:%d.%m}.",
                f"No peer supporter is at work in the {slot.name} slot on {slot.date:%d.%m}.",
            )
            continue
        fit = [(s, via, why) for s, via, why in here if not ineligible_reason(instance, profiles[s], ward)]
        if not fit:
            lead = HARD_RULES["coverage_only_by_eligible_supporters"].reason
            why_not = sorted({_INELIGIBLE[ineligible_reason(instance, profiles[s], ward)] for s, _, _ in here},
                             key=lambda w: w.en)
            reasons[ward, t] = _reason(
                ward, t, "only_ineligible",
                f"{lead.no} (" + ", ".join(w.no for w in why_not) + ").",
                f"{lead.en} (" + ", ".join(w.en for w in why_not) + ").",
            )
            continue
        free = [(s, via) for s, via, why in fit if not why]
        if not free:
            blocked = [(s, why) for s, _, why in fit]
            reasons[ward, t] = _reason(
                ward, t, "all_blocked",
                f"De som kunne dekket er ikke tilgjengelige — {_named(instance, blocked, 'no')}.",
                f"Those who could cover are not available — {_named(instance, blocked, 'en')}.",
                f"De som kunne dekket er ikke tilgjengelige — {_counted(blocked, 'no')}.",
                f"Those who could cover are not available — {_counted(blocked, 'en')}.",
            )
            continue
        limits = []
        for s, via in free:
            if (s, t) in forbidden:
                limit = "locked_out"
            elif (s, t) in duties:
                # On duty in this very slot: only the wards or staff per duty keep them from this ward.
                limit = ("staff_per_duty" if cap is not None else
                         "wards_per_duty" if instance.rules.max_wards_per_duty is not None else "")
            else:
                limit = load.blocking_limit(s, t, via)
            if limit:
                limits.append((s, limit))
        if len(limits) == len(free):
            reasons[ward, t] = _reason(
                ward, t, "all_at_limit",
                f"Alle som kunne dekket er ved en grense — {_named(instance, limits, 'no')}.",
                f"Everyone who could cover is at a limit — {_named(instance, limits, 'en')}.",
                f"Alle som kunne dekket er ved en grense — {_counted(limits, 'no')}.",
                f"Everyone who could cover is at a limit — {_counted(limits, 'en')}.",
            )
        else:
            reasons[ward, t] = _reason(
                ward, t, "not_chosen",
                "Løseren rakk ikke å dekke denne vakta innen tidsgrensen; kjør igjen med mer tid.",
                "The solver did not cover this slot within the time limit; run again with more time.",
            )
    return reasons
