"""The priorities of SPEC §4, one function per tier, each returning a named objective.

The solver minimises them one after another (lexicographically): a tier's best value is fixed
before the next tier is optimised, so no amount of fairness ever costs a single uncovered shift.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import Instance, SlotKind
from scheduler.hint import Hint
from scheduler.rules import HOURS_SCALE
from scheduler.variables import ModelVariables

__all__ = [
    "Objective",
    "uncovered_ward_slots",
    "uncovered_staff_shifts",
    "missing_backups",
    "changed_duties",
    "total_duties",
    "fair_share_targets",
    "largest_load_ratio",
    "total_target_deviation",
    "profession_mismatches",
    "uneven_nights_weekends",
    "even_shares",
    "night_or_weekend",
    "RATIO_SCALE",
]

#: Load ÷ target is kept in thousandths.
RATIO_SCALE = 1000


@dataclass(frozen=True)
class Objective:
    """One tier: what is minimised, in which unit, and how to turn the model value into that unit."""

    name: str
    expr: cp_model.LinearExprT
    label_no: str
    label_en: str
    scale: float = 1.0  # model value ÷ scale = value in the unit people read

    def readable(self, model_value: float) -> float:
        return model_value / self.scale


def uncovered_ward_slots(v: ModelVariables, instance: Instance) -> Objective:
    """Tier 1: every ward should have someone to call on every shift."""
    expr = len(v.uncoverable) + sum(1 - c for c in v.covered.values())
    return Objective("uncovered_ward_slots", expr, "Udekkede post-vakter", "Uncovered ward-slots")


def uncovered_staff_shifts(v: ModelVariables, instance: Instance) -> Objective:
    """Tier 1, second part: when some ward-slot must stay uncovered, leave the smallest uncovered."""
    constant = sum(v.headcount[k] for k in v.uncoverable)
    expr = constant + sum(v.headcount[k] * (1 - c) for k, c in v.covered.items())
    return Objective("uncovered_staff_shifts", expr, "Ansattvakter uten kollegastøtte", "Staff-shifts without support")


def missing_backups(v: ModelVariables, instance: Instance) -> Objective:
    """Tier 2 (redundancy 2): a second supporter for when the first is busy in a conversation."""
    expr = sum(v.covered[k] - b for k, b in v.backup.items())
    return Objective("missing_backups", expr, "Post-vakter uten reserve", "Ward-slots without backup")


def changed_duties(v: ModelVariables, instance: Instance, previous: set[tuple[str, int]]) -> Objective:
    """Tier 3 (re-planning): people have planned around the published rota; change little."""
    removed = sum(1 - v.duty[k] for k in previous if k in v.duty)
    gone = sum(1 for k in previous if k not in v.duty)  # no longer possible at all
    added = sum(var for k, var in v.duty.items() if k not in previous)
    return Objective("changed_duties", gone + removed + added, "Endrede vakter", "Changed duties")


def total_duties(v: ModelVariables, instance: Instance) -> Objective:
    """Tier 4: each duty spends someone's protected time; use no more than coverage needs."""
    return Objective("total_duties", sum(v.duty.values()), "Vakter totalt", "Duties in total")


def _load(v: ModelVariables, instance: Instance, sid: str) -> cp_model.LinearExprT:
    return sum(round(instance.slots[t].duty_hours * HOURS_SCALE) * v.duty[sid, t] for t in v.slots_of[sid])


def fair_share_targets(instance: Instance, slots_of: Mapping[str, list[int]], total_hours: float) -> dict[str, float]:
    """Each supporter's fair share of `total_hours`, in hours (docs/semantics.md, tier 5).

    Proportional to weekly capacity × weeks with any availability, lowered for those who had many
    conversations lately (a count only: nothing of what was said is known or kept).
    """
    rules = instance.rules
    mean_hours = sum(s.duty_hours for s in rules.slots) / len(rules.slots)
    weights: dict[str, float] = {}
    for sid, slots in slots_of.items():
        supporter = instance.supporters[sid]
        weekly = rules.weekly_hours(supporter)
        capacity = weekly if weekly is not None else rules.weekly_duties(supporter) * mean_hours
        weeks = len({instance.slots[t].iso_week for t in slots})
        weights[sid] = capacity * weeks / (1 + rules.activity_weight * supporter.recent_activity)
    total_weight = sum(weights.values())
    if total_weight <= 0:
        return {sid: 0.0 for sid in weights}
    return {sid: total_hours * w / total_weight for sid, w in weights.items()}


def _hinted_load(v: ModelVariables, instance: Instance, sid: str, hint: Hint) -> int:
    return sum(round(instance.slots[t].duty_hours * HOURS_SCALE) * hint.get(v.duty[sid, t]) for t in v.slots_of[sid])


def largest_load_ratio(v: ModelVariables, instance: Instance, targets: Mapping[str, float], hint: Hint) -> Objective:
    """Tier 5a: nobody carries much more than their fair share."""
    worst_ratio = 1
    terms = []
    for sid, target in targets.items():
        scaled = round(target * HOURS_SCALE)
        if scaled <= 0 or sid not in v.slots_of:
            continue
        most = sum(round(instance.slots[t].duty_hours * HOURS_SCALE) for t in v.slots_of[sid])
        worst_ratio = max(worst_ratio, math.ceil(most * RATIO_SCALE / scaled))
        terms.append((sid, scaled))
    ratio = v.model.new_int_var(0, worst_ratio, "largest_load_ratio")
    current = 0
    for sid, scaled in terms:
        v.model.add(RATIO_SCALE * _load(v, instance, sid) <= ratio * scaled)
        current = max(current, math.ceil(RATIO_SCALE * _hinted_load(v, instance, sid, hint) / scaled))
    hint.set(ratio, current)
    return Objective("largest_load_ratio", ratio, "Største belastning ÷ rettferdig andel", "Largest load ÷ fair share", RATIO_SCALE)


def total_target_deviation(v: ModelVariables, instance: Instance, targets: Mapping[str, float], hint: Hint) -> Objective:
    """Tier 5b: then everyone as close to their fair share as possible."""
    deviations = []
    for sid, target in targets.items():
        if sid not in v.slots_of:
            continue
        scaled = round(target * HOURS_SCALE)
        most = sum(round(instance.slots[t].duty_hours * HOURS_SCALE) for t in v.slots_of[sid])
        dev = v.model.new_int_var(0, max(most, scaled), f"deviation[{sid}]")
        load = _load(v, instance, sid)
        v.model.add(dev >= load - scaled)
        v.model.add(dev >= scaled - load)
        hint.set(dev, abs(_hinted_load(v, instance, sid, hint) - scaled))
        deviations.append(dev)
    return Objective("total_target_deviation", sum(deviations), "Samlet avvik fra rettferdig andel (timer)",
                     "Total deviation from fair share (hours)", HOURS_SCALE)


def night_or_weekend(instance: Instance, t: int) -> dict[str, bool]:
    slot = instance.slots[t]
    return {"nights": slot.kind is SlotKind.NIGHT, "weekends": slot.is_weekend}


def even_shares(instance: Instance, on_duty: list[tuple[str, int]], slots_of: Mapping[str, list[int]]) -> dict[str, int]:
    """Nights and weekend duties per supporter if the current rota's were spread evenly
    over those who could take them (rounded up)."""
    shares = {}
    for label in ("nights", "weekends"):
        total = sum(1 for _, t in on_duty if night_or_weekend(instance, t)[label])
        able = sum(1 for slots in slots_of.values() if any(night_or_weekend(instance, t)[label] for t in slots))
        shares[label] = math.ceil(total / able) if able else 0
    return shares


def profession_mismatches(v: ModelVariables, instance: Instance, hint: Hint) -> Objective:
    """Tier 6a, the peer principle: staff talk most easily to someone who knows where the shoe
    pinches — a supporter of the same profession as most of the staff at work (Ukom 2023)."""
    mismatch = []
    for key, is_covered in v.covered.items():
        if not v.profession.get(key):
            continue
        if key not in v.same_profession_sum:
            mismatch.append(is_covered)
            continue
        match = v.model.new_bool_var(f"same_profession[{key[0]}][{key[1]}]")
        v.model.add(match <= v.same_profession_sum[key])
        v.model.add(match <= is_covered)
        ward, t = key
        peer_on_duty = any(
            hint.get(v.duty[s, t]) and v.profiles[s].profession == v.profession[key] and v.fits(v.profiles[s], ward)
            for s in v.supporters_in.get(t, [])
        )
        hint.set(match, int(peer_on_duty and hint.get(is_covered)))
        mismatch.append(is_covered - match)
    return Objective("profession_mismatches", sum(mismatch), "Post-vakter dekket av annen yrkesgruppe",
                     "Ward-slots covered by another profession")


def uneven_nights_weekends(v: ModelVariables, instance: Instance, even: Mapping[str, int], hint: Hint) -> Objective:
    """Tier 6b: nights and weekend duties weigh most; nobody should get more than an even share."""
    spread = []
    for label in ("nights", "weekends"):
        per_supporter: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for (sid, t), var in v.duty.items():
            if night_or_weekend(instance, t)[label]:
                per_supporter[sid].append(var)
        for sid, terms in per_supporter.items():
            if len(terms) > even[label]:
                excess = v.model.new_int_var(0, len(terms) - even[label], f"excess_{label}[{sid}]")
                v.model.add(excess >= sum(terms) - even[label])
                hint.set(excess, max(0, sum(hint.get(x) for x in terms) - even[label]))
                spread.append(excess)
    return Objective("uneven_nights_weekends", sum(spread), "Netter og helgevakter over jevn fordeling",
                     "Nights and weekend duties above an even share")
