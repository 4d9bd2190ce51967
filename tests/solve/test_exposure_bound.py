"""The heavy-duty bound on the exposure fairness tier (scheduler.solve.exposure_bound): valid — never
above the best any rota of its relaxation reaches, found by trying every rota of a tiny case — and
stronger than sharing out the total, where a small share cannot take a heavy duty."""

from __future__ import annotations

import math
from itertools import combinations

from conftest import days, make_inputs

from scheduler.domain import Rules
from scheduler.model.demand import build_instance
from scheduler.solve.exposure import with_exposure_weights
from scheduler.solve.exposure_bound import feasible_at, heavy_duty_bound
from scheduler.solve.limits import limit_week
from scheduler.solve.variables import create_variables
from scheduler.units import centi_hours


def _tiny():
    """Three days of one big ward and three supporters' own small wards; two duties a slot."""
    rows = []
    for date in days(3):
        rows += [(f"a{i}", "A", date, "D") for i in range(6)]
        rows += [("x", "X", date, "D"), ("y", "Y", date, "D"), ("z", "Z", date, "D")]
    rules = Rules(fair_share_basis="exposure", max_duties_per_week=2, max_consecutive_days=31)
    instance = build_instance(make_inputs(rows, ["x", "y", "z"], rules=rules))
    v = create_variables(instance)
    first = {(s, t) for t in {t for _, t in v.duty} for s in ("x", "y")}  # two duties in every slot
    weighted = with_exposure_weights(instance, v, first)
    counts = {t: 2 for _, t in first}
    return weighted, v, counts


def _brute_force(instance, v, targets, counts) -> int:
    """The smallest largest ratio (thousandths, as the model rounds) over every choice of duties
    that keeps each slot's count and each supporter's day and week limits."""
    keys = sorted(v.duty)
    rules = instance.rules
    best = math.inf
    for n in range(len(keys) + 1):
        for chosen in combinations(keys, n):
            per_slot: dict[int, int] = {}
            per_day: dict[tuple, int] = {}
            per_week: dict[tuple, int] = {}
            load: dict[str, int] = {}
            for sid, t in chosen:
                slot = instance.slots[t]
                per_slot[t] = per_slot.get(t, 0) + 1
                per_day[sid, slot.date] = per_day.get((sid, slot.date), 0) + 1
                per_week[sid, limit_week(slot)] = per_week.get((sid, limit_week(slot)), 0) + 1
                load[sid] = load.get(sid, 0) + centi_hours(slot.load_hours)
            if any(per_slot.get(t, 0) < c for t, c in counts.items()):
                continue
            if max(per_day.values(), default=0) > rules.max_duties_per_day:
                continue
            if max(per_week.values(), default=0) > rules.max_duties_per_week:
                continue
            best = min(best, max(math.ceil(1000 * load.get(s, 0) / tg) for s, tg in targets.items()))
    return int(best)


def test_the_bound_is_valid_and_bites_where_a_small_share_cannot_take_a_heavy_duty() -> None:
    instance, v, counts = _tiny()
    weight = centi_hours(instance.slots[next(iter(counts))].load_hours)  # one duty's exposure (all slots alike)
    total = sum(counts.values()) * weight
    targets = {"x": weight // 2, "y": total // 2, "z": total // 2}  # x's share is half of one duty
    best = _brute_force(instance, v, targets, counts)
    bound = heavy_duty_bound(v, instance, targets, counts, best)
    assert 0 < bound <= best  # valid: no rota of the relaxation does better
    shared_out = math.ceil(1000 * total / sum(targets.values()))  # the total over all shares
    assert bound > shared_out  # x takes nothing below 2 ×, so y and z carry it all
    assert not feasible_at(v, instance, targets, counts, bound - 1) and feasible_at(v, instance, targets, counts, bound)


def test_no_bound_is_claimed_when_the_rota_given_is_not_feasible_for_it() -> None:
    instance, v, counts = _tiny()
    targets = {"x": 1, "y": 1, "z": 1}
    assert heavy_duty_bound(v, instance, targets, counts, 10) == 0  # 10 ‰ with shares of 0.01 h: nobody fits
