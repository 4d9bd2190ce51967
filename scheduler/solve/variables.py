"""The CP-SAT decision variables, created only where they can be true, with named look-ups.

The formulation that scales (measured on this machine — see benchmarks/RESULTS.md):
- a duty variable exists only where a supporter is available;
- supporters with the same eligibility profile form a *class*; per slot, the sum of a class's
  duties is one integer, and the total of a pool (a site, or everybody) is another;
- a ward is covered when the pool total minus the classes that may not cover it is positive —
  a handful of terms per ward-slot, not one per supporter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.domain import Instance
from scheduler.model.eligibility import EligibilityCache, SupporterProfile, pool_of_ward, profile

__all__ = ["ModelVariables", "create_variables"]

Key = tuple[str, int]  # (supporter_id, slot index)
#: Rows between two looks at the stop (a few hundredths of a second each at a trust's year).
_CHECK_EVERY = 2048
WardSlot = tuple[str, int]  # (ward id, slot index)


@dataclass
class ModelVariables:
    """Every variable of the model and the look-ups the rules need, by name."""

    model: cp_model.CpModel
    duty: dict[Key, cp_model.IntVar]
    via: dict[Key, str]
    profiles: dict[str, SupporterProfile]
    slots_of: dict[str, list[int]]
    supporters_in: dict[int, list[str]]
    covered: dict[WardSlot, cp_model.IntVar]
    backup: dict[WardSlot, cp_model.IntVar]
    eligible_sum: dict[WardSlot, cp_model.LinearExprT]
    same_profession_sum: dict[WardSlot, cp_model.LinearExprT]
    headcount: dict[WardSlot, int]
    profession: dict[WardSlot, str]
    uncoverable: list[WardSlot]
    fits: EligibilityCache
    sums: list[tuple[cp_model.IntVar, list[cp_model.IntVar]]]
    class_sums: dict[tuple[SupporterProfile, int], cp_model.LinearExprT] = field(default_factory=dict)
    #: the slot indices [first, end) this model decides; duties elsewhere are given (a window of weeks)
    slot_range: tuple[int, int] = (0, 0)


def _sum_var(model: cp_model.CpModel, terms: list[cp_model.IntVar], name: str,
             sums: list[tuple[cp_model.IntVar, list[cp_model.IntVar]]]) -> cp_model.LinearExprT:
    """One term as itself; several as a named integer equal to their sum (keeps rows short).
    Each sum is recorded so a warm start can give it its value too (a complete hint)."""
    if len(terms) == 1:
        return terms[0]
    total = model.new_int_var(0, len(terms), name)
    model.add(total == sum(terms))
    sums.append((total, list(terms)))
    return total


def _never(step: str) -> None:
    """No stop to look at."""


def create_variables(instance: Instance, model: cp_model.CpModel | None = None,
                     slot_range: tuple[int, int] | None = None,
                     check: Callable[[str], None] | None = None) -> ModelVariables:
    """Duty, coverage and backup variables, and the short per-ward-slot coverage expressions.

    `slot_range` says which slots the model decides (default: all); see scheduler.solve.windows.
    `check` is called every few thousand rows: it raises to stop building (SolveControl.check)."""
    model = model or cp_model.CpModel()
    check = check or _never
    duty: dict[Key, cp_model.IntVar] = {}
    via: dict[Key, str] = {}
    slots_of: dict[str, list[int]] = defaultdict(list)
    supporters_in: dict[int, list[str]] = defaultdict(list)
    labels = [slot.label for slot in instance.slots]  # a year's 100,000s of names share 1,000s of slots
    availability = instance.availability  # by column: a year has 100,000s of rows
    for row, (sid, t, how) in enumerate(zip(availability["supporter_id"].tolist(), availability["slot"].tolist(),
                                            availability["via"].tolist(), strict=True)):
        if row % _CHECK_EVERY == 0:
            check("duty variables")
        t = int(t)
        duty[sid, t] = model.new_bool_var(f"duty[{sid}][{labels[t]}]")
        via[sid, t] = how
        slots_of[sid].append(t)
        supporters_in[t].append(sid)
    interned: dict[SupporterProfile, SupporterProfile] = {}
    profiles = {sid: interned.setdefault(p, p) for sid in slots_of for p in [profile(instance, sid)]}
    fits = EligibilityCache(instance)

    # Per slot: a sum per class (profile) and per pool (site or all), then per ward-slot the
    # pool sum minus the classes that may not cover the ward.
    sums: list[tuple[cp_model.IntVar, list[cp_model.IntVar]]] = []
    class_sums: dict[tuple[SupporterProfile, int], cp_model.LinearExprT] = {}
    pool_sums: dict[tuple[str, int], cp_model.LinearExprT] = {}
    prof_pool_sums: dict[tuple[str, str, int], cp_model.LinearExprT] = {}
    classes_in: dict[int, list[SupporterProfile]] = {}
    for t, sids in supporters_in.items():
        check("class sums")
        by_class: dict[SupporterProfile, list[cp_model.IntVar]] = defaultdict(list)
        for sid in sids:
            by_class[profiles[sid]].append(duty[sid, t])
        classes_in[t] = list(by_class)
        by_pool: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        by_prof_pool: dict[tuple[str, str], list[cp_model.IntVar]] = defaultdict(list)
        for cls, terms in by_class.items():
            class_sums[cls, t] = _sum_var(model, terms, f"on_duty[{cls.home_ward}/{len(cls.leads)}/{cls.profession}][{t}]", sums)
            pool = cls.site if instance.rules.same_site else ""
            by_pool[pool].extend(terms)
            by_prof_pool[pool, cls.profession].extend(terms)
        for pool, terms in by_pool.items():
            pool_sums[pool, t] = _sum_var(model, terms, f"on_duty_total[{pool}][{t}]", sums)
        for (pool, prof), terms in by_prof_pool.items():
            if prof:
                prof_pool_sums[pool, prof, t] = _sum_var(model, terms, f"on_duty_total[{pool}/{prof}][{t}]", sums)

    # Per slot, the classes of each pool and, per ward, the few classes that may not cover it (their
    # own ward, a ward they lead, …): asking every class about every ward-slot was 3 M questions at L.
    barred = {c: frozenset(w for w in instance.wards if not fits(c, w)) for c in interned}
    by_pool_cache: dict[tuple[int, str], list[SupporterProfile]] = {}
    barring_cache: dict[int, dict[str, set[int]]] = {}  # ids of the (interned) classes

    def pool_classes(t: int, pool: str) -> list[SupporterProfile]:
        if (t, pool) not in by_pool_cache:
            by_pool_cache[t, pool] = [c for c in classes_in.get(t, [])
                                      if (c.site if instance.rules.same_site else "") == pool]
        return by_pool_cache[t, pool]

    def barring(t: int) -> dict[str, set[int]]:
        if t not in barring_cache:
            out: dict[str, set[int]] = defaultdict(set)
            for c in classes_in.get(t, []):
                for w in barred[c]:
                    out[w].add(id(c))
            barring_cache[t] = out
        return barring_cache[t]

    covered: dict[WardSlot, cp_model.IntVar] = {}
    backup: dict[WardSlot, cp_model.IntVar] = {}
    eligible_sum: dict[WardSlot, cp_model.LinearExprT] = {}
    same_profession_sum: dict[WardSlot, cp_model.LinearExprT] = {}
    headcount: dict[WardSlot, int] = {}
    profession: dict[WardSlot, str] = {}
    uncoverable: list[WardSlot] = []
    demand = instance.demand
    for row, (ward, t, heads, prof) in enumerate(zip(*(demand[c].tolist() for c in ("ward", "slot", "headcount", "profession")),
                                                     strict=True)):
        if row % _CHECK_EVERY == 0:
            check("coverage variables")
        t = int(t)
        key = (ward, t)
        headcount[key] = int(heads)
        profession[key] = prof
        pool = pool_of_ward(instance, ward)
        in_pool = pool_classes(t, pool)
        barred_here = barring(t).get(ward, ())
        fit = [c for c in in_pool if id(c) not in barred_here]
        unfit = [c for c in in_pool if id(c) in barred_here]
        if not fit:
            uncoverable.append(key)
            continue
        if len(fit) <= len(unfit) + 1:
            eligible_sum[key] = sum(class_sums[c, t] for c in fit)
        else:
            eligible_sum[key] = pool_sums[pool, t] - sum(class_sums[c, t] for c in unfit)
        label = instance.slots[t].label
        covered[key] = model.new_bool_var(f"covered[{ward}][{label}]")
        if instance.rules.redundancy == 2:
            backup[key] = model.new_bool_var(f"backup[{ward}][{label}]")
        if prof and (pool, prof, t) in prof_pool_sums:
            same = [c for c in fit if c.profession == prof]
            if same:
                unfit_same = [c for c in unfit if c.profession == prof]
                if len(same) <= len(unfit_same) + 1:
                    same_profession_sum[key] = sum(class_sums[c, t] for c in same)
                else:
                    same_profession_sum[key] = prof_pool_sums[pool, prof, t] - sum(
                        class_sums[c, t] for c in unfit_same
                    )
    return ModelVariables(
        model=model,
        duty=duty,
        via=via,
        profiles=profiles,
        slots_of=dict(slots_of),
        supporters_in=dict(supporters_in),
        covered=covered,
        backup=backup,
        eligible_sum=eligible_sum,
        same_profession_sum=same_profession_sum,
        headcount=headcount,
        profession=profession,
        uncoverable=uncoverable,
        fits=fits,
        sums=sums,
        class_sums=class_sums,
        slot_range=slot_range or (0, len(instance.slots)),
    )
