"""The preference tiers' formulations: each counts what the tier means, and is proven on small cases."""

from __future__ import annotations

from conftest import days, make_inputs, plan_and_verify

from scheduler.model.demand import build_instance
from scheduler.solve import objectives as obj
from scheduler.solve.tier_values import tier_value
from scheduler.solve.variables import create_variables


def _professions_world():
    """Three wards: A of doctors, B and C of nurses; a doctor and a nurse supporter from each of B
    and C, and a nurse from A, on the day shift of three days."""
    rows, professions = [], {}
    for date in days(3):
        for ward, prof in (("A", "lege"), ("B", "sykepleier"), ("C", "sykepleier")):
            for i in (1, 2, 3):
                rows.append((f"{ward.lower()}{i}", ward, date, "D"))
                professions[f"{ward.lower()}{i}"] = prof
    professions |= {"b1": "lege", "c1": "lege", "a1": "sykepleier"}
    return make_inputs(rows, ["a1", "b1", "b2", "c1", "c2"], professions=professions)


def test_profession_mismatches_are_proven_and_equal_the_count_of_the_rota() -> None:
    """End to end through the checker: the tier is proven, its value is the rota's own count
    (scheduler.solve.tier_values, no model), and the peer groups hold every ward-slot once."""
    inputs = _professions_world()
    plan, _ = plan_and_verify(inputs)
    tier = next(t for t in plan.result.tiers if t.name == "profession_mismatches")
    assert tier.optimal
    instance = build_instance(inputs)
    assert tier.value == tier_value("profession_mismatches", instance, set(plan.result.duties))
    v = create_variables(instance)
    grouped = [k for keys, _ in obj.peer_groups(v, instance) for k in keys]
    assert sorted(grouped) == sorted(k for k in v.covered if v.profession.get(k))
