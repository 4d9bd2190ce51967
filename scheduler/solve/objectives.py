"""The priorities as CP-SAT objectives: one builder per tier, each returning a named objective.

The solver minimises them one after another (lexicographically): a tier's best value is fixed
before the next tier is optimised, so no amount of fairness ever costs a single uncovered shift
(docs/semantics.md, "Priorities"). The same builders serve the whole-horizon model and the
windows of weeks that large hospitals are improved in: duties outside a window are constants
(`TierContext.outside_hours`), so a window's objective is the whole rota's.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.domain import Instance, SlotKind
from scheduler.model.eligibility import pool_of_ward
from scheduler.solve.above_share import above_share_cost
from scheduler.solve.fairness import FairShares
from scheduler.solve.hint import Hint
from scheduler.solve.variables import ModelVariables
from scheduler.tiers import ABOVE_SHARE_SCALE, RATIO_SCALE, Tier
from scheduler.units import HOURS_SCALE, centi_hours

__all__ = [
    "Objective",
    "TierContext",
    "uncovered_ward_slots",
    "uncovered_staff_shifts",
    "missing_backups",
    "changed_duties",
    "total_duties",
    "load_caps",
    "load_above_caps",
    "largest_load_ratio",
    "largest_hours_ratio",
    "load_above_fair_share",
    "profession_mismatches",
    "peer_groups",
    "uneven_nights_weekends",
    "even_shares",
    "night_or_weekend",
    "BUILDERS",
    "build",
    "OVER_SHARE_BANDS",
]

#: The convex cost of load above the fair share: (ratio from which it counts, weight per hour
#: above it, per unit of share). Each band costs three times the one below, so one supporter far
#: above their share weighs more than several a little above (docs/fairness.md).
OVER_SHARE_BANDS: tuple[tuple[float, int], ...] = ((1.0, 1), (1.25, 3), (1.5, 9), (2.0, 27), (3.0, 81))


@dataclass
class TierContext:
    """What a tier's objective is built from: the variables, and what lies outside them."""

    v: ModelVariables
    instance: Instance
    hint: Hint
    shares: FairShares | None = None
    previous: frozenset[tuple[str, int]] = frozenset()
    #: duty hours (in hundredths) per supporter of duties outside the modelled slots
    outside_hours: Mapping[str, int] = field(default_factory=dict)
    #: nights and weekend duties per supporter outside the modelled slots
    outside_nights_weekends: Mapping[tuple[str, str], int] = field(default_factory=dict)
    #: even shares of nights and weekend duties (tier 'uneven_nights_weekends'), fixed per run
    even: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Objective:
    """One tier: what is minimised, in which unit, and how the reached value is kept afterwards."""

    name: str
    expr: cp_model.LinearExprT
    scale: float = 1.0  # model value ÷ scale = value in the unit people read
    #: keeps the reached value in later tiers; default: expr ≤ value
    keep: Callable[[cp_model.CpModel, int], None] | None = None

    def readable(self, model_value: float) -> float:
        return model_value / self.scale

    def hold(self, model: cp_model.CpModel, value: int) -> None:
        if self.keep is not None:
            self.keep(model, value)
        else:
            model.add(self.expr <= value)


def _centi(instance: Instance, t: int) -> int:
    return centi_hours(instance.slots[t].load_hours)


def _load(ctx: TierContext, sid: str) -> cp_model.LinearExprT:
    """A supporter's duty hours (hundredths), the modelled duties plus those outside."""
    v = ctx.v
    return ctx.outside_hours.get(sid, 0) + sum(_centi(ctx.instance, t) * v.duty[sid, t] for t in v.slots_of.get(sid, []))


def _hinted_load(ctx: TierContext, sid: str) -> int:
    v = ctx.v
    return ctx.outside_hours.get(sid, 0) + sum(_centi(ctx.instance, t) * ctx.hint.get(v.duty[sid, t])
                                               for t in v.slots_of.get(sid, []))


def _targets(ctx: TierContext) -> dict[str, int]:
    """Fair shares in hundredths of an hour, for supporters with a positive share."""
    assert ctx.shares is not None, "fairness tiers need the fair shares"
    return ctx.shares.hundredths()


def uncovered_ward_slots(ctx: TierContext) -> Objective:
    """Every ward should have someone to call on every shift."""
    v = ctx.v
    return Objective("uncovered_ward_slots", len(v.uncoverable) + sum(1 - c for c in v.covered.values()))


def uncovered_staff_shifts(ctx: TierContext) -> Objective:
    """When some ward-slot must stay uncovered, leave the smallest uncovered."""
    v = ctx.v
    constant = sum(v.headcount[k] for k in v.uncoverable)
    return Objective("uncovered_staff_shifts", constant + sum(v.headcount[k] * (1 - c) for k, c in v.covered.items()))


def missing_backups(ctx: TierContext) -> Objective:
    """Redundancy 2: a second supporter for when the first is busy in a conversation."""
    v = ctx.v
    return Objective("missing_backups", sum(v.covered[k] - b for k, b in v.backup.items()))


def changed_duties(ctx: TierContext) -> Objective:
    """Re-planning: people have planned around the published rota; change little."""
    v = ctx.v
    lo, hi = v.slot_range
    previous = [k for k in ctx.previous if lo <= k[1] < hi]
    removed = sum(1 - v.duty[k] for k in previous if k in v.duty)
    gone = sum(1 for k in previous if k not in v.duty)  # no longer possible at all
    added = sum(var for k, var in v.duty.items() if k not in ctx.previous)
    return Objective("changed_duties", gone + removed + added)


def total_duties(ctx: TierContext) -> Objective:
    """Each duty spends someone's protected time; use no more than fairness and coverage need."""
    return Objective("total_duties", sum(ctx.v.duty.values()))


def load_caps(ctx: TierContext, caps: Mapping[str, int]) -> None:
    """Keep each supporter's duty hours (hundredths) at or below their cap."""
    for sid, cap in caps.items():
        if sid in ctx.v.slots_of and sum(_centi(ctx.instance, t) for t in ctx.v.slots_of[sid]) + ctx.outside_hours.get(sid, 0) > cap:
            ctx.v.model.add(_load(ctx, sid) <= cap)


def load_above_caps(ctx: TierContext, caps: Mapping[str, int], per_share: bool = False) -> Objective:
    """A local re-plan keeps fairness: nobody above their cap (hundredths of an hour) unless
    coverage needs it — then the least hours above in all (docs/fairness.md, «Re-planning»).

    `per_share` weighs an hour above by the supporter's share (as load_above_fair_share does),
    so what coverage forces above the line goes to large shares, not a whole duty onto a small one."""
    v, terms = ctx.v, []
    weight = _share_weights(ctx, caps) if per_share else dict.fromkeys(caps, 1)
    for sid, cap in caps.items():
        most = ctx.outside_hours.get(sid, 0) + sum(_centi(ctx.instance, t) for t in v.slots_of.get(sid, []))
        if most <= cap:
            continue
        if not v.slots_of.get(sid):
            terms.append(weight[sid] * (most - cap))
            continue
        above = v.model.new_int_var(0, most - cap, f"above_cap[{sid}]")
        v.model.add(above >= _load(ctx, sid) - cap)
        ctx.hint.set(above, max(0, _hinted_load(ctx, sid) - cap))
        terms.append(weight[sid] * above)
    if per_share:
        return Objective("load_above_caps_per_share", sum(terms), ABOVE_SHARE_SCALE)
    return Objective("load_above_caps", sum(terms), HOURS_SCALE)


def _share_weights(ctx: TierContext, caps: Mapping[str, int]) -> dict[str, int]:
    """The weight of one hour above the line per unit of each supporter's fair share."""
    targets = ctx.shares.hundredths() if ctx.shares is not None else {}
    return {sid: max(1, round(RATIO_SCALE * HOURS_SCALE / targets[sid])) if targets.get(sid) else RATIO_SCALE * HOURS_SCALE
            for sid in caps}


def largest_load_ratio(ctx: TierContext, among: set[str] | None = None) -> Objective:
    """Fairness first: the largest load ÷ fair share (in thousandths), over `among` (default all).

    A supporter with no modelled slot has a constant load; the ratio is at least theirs."""
    v = ctx.v
    targets = _targets(ctx)
    members = [sid for sid in targets if among is None or sid in among]
    worst, floor_, current = 1, 0, 0
    for sid in members:
        most = ctx.outside_hours.get(sid, 0) + sum(_centi(ctx.instance, t) for t in v.slots_of.get(sid, []))
        worst = max(worst, math.ceil(most * RATIO_SCALE / targets[sid]))
        floor_ = max(floor_, math.ceil(ctx.outside_hours.get(sid, 0) * RATIO_SCALE / targets[sid]))
        current = max(current, math.ceil(_hinted_load(ctx, sid) * RATIO_SCALE / targets[sid]))
    ratio = v.model.new_int_var(floor_, max(worst, floor_), "largest_load_ratio")
    for sid in members:
        if v.slots_of.get(sid):
            v.model.add(RATIO_SCALE * _load(ctx, sid) <= ratio * targets[sid])
    ctx.hint.set(ratio, max(current, floor_))

    def keep(model: cp_model.CpModel, value: int) -> None:
        load_caps(ctx, {sid: math.floor(value * targets[sid] / RATIO_SCALE + 1e-9) for sid in members})

    return Objective("largest_load_ratio", ratio, RATIO_SCALE, keep)


def largest_hours_ratio(ctx: TierContext) -> Objective:
    """With fairness over exposure: the busiest by *hours*, their duty hours ÷ their share of the
    hours the held slot counts need (`FairShares.hours_shares`), in thousandths. Exposure fairness
    alone let someone who takes many small duties carry 3.5–3.75 × their share of hours on M-1
    (docs/fairness.md, «Exposure»). Counted in duty hours, not the modelled exposure, so only on
    the whole-horizon model (the tier's `whole_model`): a window's outside loads are exposure."""
    v = ctx.v
    assert ctx.shares is not None and not ctx.outside_hours, "the hours tier runs on the whole model, with shares"
    shares = ctx.shares.hours_shares()

    def centi(t: int) -> int:
        return centi_hours(ctx.instance.slots[t].duty_hours)

    members = [sid for sid in shares if v.slots_of.get(sid)]
    worst = max([math.ceil(RATIO_SCALE * sum(centi(t) for t in v.slots_of[sid]) / shares[sid]) for sid in members],
                default=1)
    ratio = v.model.new_int_var(0, max(1, worst), "largest_hours_ratio")
    current = 0
    for sid in members:
        v.model.add(RATIO_SCALE * sum(centi(t) * v.duty[sid, t] for t in v.slots_of[sid]) <= ratio * shares[sid])
        hinted = sum(centi(t) * ctx.hint.get(v.duty[sid, t]) for t in v.slots_of[sid])
        current = max(current, math.ceil(RATIO_SCALE * hinted / shares[sid]))
    ctx.hint.set(ratio, min(current, max(1, worst)))
    return Objective("largest_hours_ratio", ratio, RATIO_SCALE)


def load_above_fair_share(ctx: TierContext, from_ratio: float = 1.0) -> Objective:
    """Then everyone as close to their fair share as possible: a convex cost of the hours above
    it, per unit of share (OVER_SHARE_BANDS), so the furthest above come down first.

    With `from_ratio` (e.g. the follow-up line, 1.5), only the bands from there on count: the
    fairness tier uses it to bring everyone whom coverage does not hold higher down to the line.
    Each supporter's cost is one variable above the cost's secants at whole duties
    (scheduler.solve.above_share): the same value on every rota, a far tighter bound while it is searched."""
    v, terms = ctx.v, []
    bands = [(start, weight) for start, weight in OVER_SHARE_BANDS if start >= from_ratio - 1e-9]
    for sid, target in _targets(ctx).items():
        per_share = max(1, round(100 * HOURS_SCALE / target))  # weight of one hour above, per unit of share
        thresholds = [(math.floor(start * target), weight * per_share) for start, weight in bands]
        terms.append(above_share_cost(v, ctx.instance, ctx.hint, sid, ctx.outside_hours.get(sid, 0), thresholds))
    name = "load_above_fair_share" if from_ratio <= 1.0 else "load_above_flag"
    return Objective(name, sum(terms), ABOVE_SHARE_SCALE)


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


def profession_mismatches(ctx: TierContext) -> Objective:
    """The peer principle: staff talk most easily to someone who knows where the shoe pinches —
    a supporter of the same profession as most of the staff at work (docs/domain.md).

    Counted through the pools of peers (`peer_groups`): the ward-slots of a slot whose peers —
    the classes of their profession that may cover them — are the same are matched together, by
    one variable ≤ the peers' sum on duty. Every rota has the same count as one variable per
    ward-slot gave (a covered ward-slot is matched when a peer is on duty), with 2,761 variables
    in place of 7,007 on a 40-ward quarter, so each later tier presolves faster too."""
    v, hint = ctx.v, ctx.hint
    mismatch: list[cp_model.LinearExprT] = []
    for keys, peers in peer_groups(v, ctx.instance):
        mismatch.extend(v.covered[k] for k in keys)
        if peers is None:
            continue  # no peer may cover them: every covered one is a mismatch
        ward, t = keys[0]
        match = v.model.new_bool_var(f"same_profession[{ward}][{t}]")
        v.model.add(match <= v.same_profession_sum[keys[0]])
        for key in keys:
            v.model.add(match <= v.covered[key])
        peer_on_duty = any(hint.get(v.duty[s, t]) and v.profiles[s] in peers for s in v.supporters_in.get(t, []))
        hint.set(match, int(peer_on_duty and all(hint.get(v.covered[k]) for k in keys)))
        mismatch.append(-len(keys) * match)
    return Objective("profession_mismatches", sum(mismatch))


def peer_groups(v: ModelVariables, instance: Instance) -> list[tuple[list[tuple[str, int]], frozenset | None]]:
    """The ward-slots with a profession, grouped by slot and by their peers: the classes of
    supporters of the ward's profession, in its pool, who may cover it (None: there are none).
    A group is matched exactly when one of its peers is on duty; every ward-slot in it is then
    covered too (a peer may cover it), so the group counts as many matches as it has ward-slots."""
    classes_in: dict[int, list] = defaultdict(list)
    for cls, t in v.class_sums:
        classes_in[t].append(cls)
    groups: dict[tuple[int, frozenset | None], list[tuple[str, int]]] = defaultdict(list)
    for key in v.covered:
        prof = v.profession.get(key)
        if not prof:
            continue
        ward, t = key
        peers = None
        if key in v.same_profession_sum:
            pool = pool_of_ward(instance, ward)
            peers = frozenset(c for c in classes_in.get(t, []) if c.profession == prof and v.fits(c, ward)
                              and (c.site if instance.rules.same_site else "") == pool)
        groups[t, peers].append(key)
    return [(keys, peers) for (_, peers), keys in groups.items()]


def uneven_nights_weekends(ctx: TierContext) -> Objective:
    """Nights and weekend duties weigh most; nobody should get more than an even share."""
    v, hint, instance = ctx.v, ctx.hint, ctx.instance
    spread = []
    for label in ("nights", "weekends"):
        even = ctx.even.get(label, 0)
        per_supporter: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for (sid, t), var in v.duty.items():
            if night_or_weekend(instance, t)[label]:
                per_supporter[sid].append(var)
        for sid in set(per_supporter) | {s for s, lab in ctx.outside_nights_weekends if lab == label}:
            terms = per_supporter.get(sid, [])
            outside = ctx.outside_nights_weekends.get((sid, label), 0)
            if outside + len(terms) <= even:
                continue
            if not terms:
                spread.append(outside - even)
                continue
            excess = v.model.new_int_var(0, outside + len(terms) - even, f"excess_{label}[{sid}]")
            v.model.add(excess >= outside + sum(terms) - even)
            hint.set(excess, max(0, outside + sum(hint.get(x) for x in terms) - even))
            spread.append(excess)
    return Objective("uneven_nights_weekends", sum(spread))


#: Each tier's objective builder, by the tier's name (scheduler.tiers lists the tiers).
BUILDERS: Mapping[str, Callable[[TierContext], Objective]] = {
    "uncovered_ward_slots": uncovered_ward_slots,
    "uncovered_staff_shifts": uncovered_staff_shifts,
    "missing_backups": missing_backups,
    "changed_duties": changed_duties,
    "largest_load_ratio": largest_load_ratio,
    "largest_hours_ratio": largest_hours_ratio,
    "total_duties": total_duties,
    "load_above_fair_share": load_above_fair_share,
    "profession_mismatches": profession_mismatches,
    "uneven_nights_weekends": uneven_nights_weekends,
}


def build(tier: Tier, ctx: TierContext) -> Objective:
    """The objective of `tier` on the variables of `ctx`."""
    return BUILDERS[tier.name](ctx)
