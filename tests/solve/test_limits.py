"""Every hard rule is one complete entry of scheduler.solve.limits, and its parts agree with each other and
with the independent checker.

For each duty limit a tiny world where it binds: the most duties the model allows under that
rule alone is the number expected and a rota the checker accepts; without the rule the checker finds the breach; the
incremental check blocks exactly the duties the model would refuse (also on top of fixed duties,
as for a published rota); and the relaxation lets more duties through.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import MONDAY, days, make_inputs
from ortools.sat.python import cp_model

from scheduler.check.report import verify
from scheduler.check.rules import HARD_RULE_CHECKS
from scheduler.domain import Instance, Rules, Supporter, Ward
from scheduler.io.types import Inputs
from scheduler.model.demand import build_instance
from scheduler.solve.limit_parts import Exempt, HardRule, LimitContext, Relaxation, Words
from scheduler.solve.limits import HARD_RULES, DutyLoad
from scheduler.solve.rota import build_rota
from scheduler.solve.sensitivity import RELAXATIONS
from scheduler.solve.variables import create_variables

#: Checks of the checker that re-check what is not a rule of the model: availability (in the
#: variables), pins (scheduler.solve.constraints.apply_pins) and the written files themselves.
NOT_MODEL_RULES = {"supporter_available", "named_supporter_on_duty", "pins", "every_demand_ward_slot_reported",
                   "duty_rows_consistent"}


def missing_parts(rule_id: str, rule: HardRule) -> list[str]:
    """The parts an entry lacks: every part is given, or explicitly exempt with a reason."""
    missing = []
    if rule.id != rule_id:
        missing.append("id")
    if rule.kind not in ("duty", "coverage"):
        missing.append("kind")
    if not callable(rule.constrain):
        missing.append("constrain")
    if isinstance(rule.check, Exempt):
        if not rule.check.why.strip() or rule.kind == "duty":  # a duty limit must be checkable one duty at a time
            missing.append("check")
    elif not callable(rule.check):
        missing.append("check")
    if not (isinstance(rule.reason, Words) and rule.reason.no.strip() and rule.reason.en.strip()):
        missing.append("reason")
    if isinstance(rule.relax, Exempt):
        if not rule.relax.why.strip():
            missing.append("relax")
    elif not (isinstance(rule.relax, Relaxation) and callable(rule.relax.apply)
              and rule.relax.label.no.strip() and rule.relax.label.en.strip()):
        missing.append("relax")
    if not rule.checked_by or not set(rule.checked_by) <= set(HARD_RULE_CHECKS):
        missing.append("checked_by")
    return missing


@pytest.mark.parametrize("rule_id", list(HARD_RULES))
def test_every_entry_has_every_part(rule_id: str) -> None:
    assert missing_parts(rule_id, HARD_RULES[rule_id]) == []


@pytest.mark.parametrize(
    ("change", "part"),
    [
        ({"reason": Words("", "weekly duty limit reached")}, "reason"),
        ({"check": Exempt("")}, "check"),
        ({"check": Exempt("a duty limit without a check")}, "check"),
        ({"relax": Exempt(" ")}, "relax"),
        ({"relax": Relaxation(Words("Én mer", ""), lambda i: i)}, "relax"),
        ({"checked_by": ()}, "checked_by"),
        ({"checked_by": ("no_such_check",)}, "checked_by"),
    ],
)
def test_an_entry_lacking_a_part_is_found(change: dict, part: str) -> None:
    from dataclasses import replace

    assert missing_parts("weekly_duties", replace(HARD_RULES["weekly_duties"], **change)) == [part]


def test_model_and_checker_cover_the_same_rules() -> None:
    checked = {check for rule in HARD_RULES.values() for check in rule.checked_by}
    assert checked | NOT_MODEL_RULES == set(HARD_RULE_CHECKS)
    assert not checked & NOT_MODEL_RULES


def test_relaxations_come_from_the_entries() -> None:
    from_entries = {rule_id for rule_id, rule in HARD_RULES.items() if isinstance(rule.relax, Relaxation)}
    assert set(RELAXATIONS) == from_entries | {"training"}


# --- one world per duty limit, where it binds ------------------------------------------------------


def _world(n_days: int = 7, codes=("D",), supporters=("s",), rules: Rules | None = None) -> Inputs:
    ids = [s.employee_id if isinstance(s, Supporter) else s for s in supporters]
    rows = [(sid, "A", date, code) for date in days(n_days) for code in codes for sid in ids]
    rows += [("other", "B", date, "D") for date in days(n_days)]
    return make_inputs(rows, list(supporters), rules=rules)


def _release_world() -> Inputs:
    # A has four at work, minimum 2: two of the three supporters may go.
    rows = [(sid, "A", MONDAY, "D") for sid in ("s", "t", "u", "o1")] + [("b", "B", MONDAY, "D")]
    return make_inputs(rows, ["s", "t", "u"], rules=Rules(max_on_duty_per_ward=3),
                       wards=[Ward(ward_id="A", min_staff_day=2)])


#: rule -> (a world where it binds, the most duties it allows there)
WORLDS: dict[str, tuple[Callable[[], Inputs], int]] = {
    "one_duty_per_day": (lambda: _world(3, codes=("D", "A", "N")), 3),  # of 9
    "weekly_duties": (lambda: _world(rules=Rules(max_duties_per_week=2)), 2),
    "weekly_protected_hours": (lambda: _world(rules=Rules(protected_hours_per_week=2.5)), 2),  # 1.0 h each
    "period_duties": (lambda: _world(rules=Rules(max_duties_per_period=4)), 4),
    "period_nights": (lambda: _world(codes=("N",), supporters=(Supporter(employee_id="s", max_nights_per_period=1),)), 1),
    "consecutive_days": (lambda: _world(rules=Rules(max_consecutive_days=2)), 5),  # xx.xx.x
    "max_on_duty_per_ward": (lambda: _world(1, supporters=("s", "t", "u")), 1),
    "release_keeps_minimum_staffing": (_release_world, 2),
}
DUTY_LIMITS = [rule_id for rule_id, rule in HARD_RULES.items() if rule.kind == "duty"]


def test_every_duty_limit_has_a_world() -> None:
    assert set(WORLDS) == set(DUTY_LIMITS)


def _most_duties(instance: Instance, rule: HardRule | None, fixed=()) -> set[tuple[str, int]]:
    """As many duties as possible under one rule (or none), on top of `fixed` duties."""
    v = create_variables(instance)
    if rule is not None:
        rule.add(v, instance, fixed)
    for sid, t, _ in fixed:
        v.model.add(v.duty[sid, t] == 0)  # decided outside this model: only their load counts
    v.model.maximize(sum(v.duty.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(v.model) == cp_model.OPTIMAL
    return {k for k, var in v.duty.items() if solver.value(var)}


def _breaches(inputs: Inputs, instance: Instance, duties: set[tuple[str, int]], rule: HardRule) -> set[str]:
    rota = build_rota(instance, duties)
    report = verify(inputs, rota.assignments, rota.duties)
    return {v.rule for v in report.violations} & set(rule.checked_by)


def _via(instance: Instance) -> dict[tuple[str, int], str]:
    return {(s, int(t)): via for s, t, via in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False)}


@pytest.mark.parametrize("rule_id", DUTY_LIMITS)
def test_constraint_check_checker_and_relaxation_agree(rule_id: str) -> None:
    rule, (world, most) = HARD_RULES[rule_id], WORLDS[rule_id]
    inputs = world()
    instance = build_instance(inputs)
    via = _via(instance)
    free = _most_duties(instance, None)
    chosen = _most_duties(instance, rule)
    assert len(chosen) == most < len(free), "the world must make the rule bind"

    # The independent checker accepts the model's rota and finds the breach without the rule.
    assert _breaches(inputs, instance, chosen, rule) == set()
    assert _breaches(inputs, instance, free, rule) != set()

    # The incremental check takes the model's duties one by one, then refuses every other duty:
    # the model's set is as large as the rule allows, so any duty more breaks it.
    check = rule.check(LimitContext(instance))
    for sid, t in sorted(chosen, key=lambda k: (k[1], k[0])):
        assert not check.blocks(sid, t, via[sid, t]), (sid, t)
        check.add(sid, t, via[sid, t])
    for sid, t in sorted(set(via) - chosen):
        assert check.blocks(sid, t, via[sid, t]), (sid, t)

    # Fixed duties (a published rota) count: on top of some of the model's duties, the model and
    # the check allow exactly the rest.
    ordered = sorted(chosen, key=lambda k: (k[1], k[0]))
    fixed = [(sid, t, via[sid, t]) for sid, t in ordered[: len(ordered) // 2 or 1]]
    more = _most_duties(instance, rule, fixed)
    assert len(more) == len(chosen) - len(fixed)
    check = rule.check(LimitContext(instance))
    for duty in fixed:
        check.add(*duty)
    for sid, t in ordered[len(fixed):]:
        assert not check.blocks(sid, t, via[sid, t]), (sid, t)
        check.add(sid, t, via[sid, t])
    assert all(check.blocks(sid, t, via[sid, t]) for sid, t in set(via) - chosen)

    # The relaxation lets more duties through.
    relaxed = rule.relax.apply(instance)
    assert relaxed is not None
    assert len(_most_duties(relaxed, rule)) > len(chosen)


def test_a_supporters_own_limit_overrides_the_rule() -> None:
    instance = build_instance(_world(supporters=(Supporter(employee_id="s", max_duties_per_week=1),)))
    assert len(_most_duties(instance, HARD_RULES["weekly_duties"])) == 1


def test_duty_load_of_a_published_rota_names_the_limit() -> None:
    inputs = _world(rules=Rules(max_duties_per_week=2, max_consecutive_days=7))
    instance = build_instance(inputs)
    load = DutyLoad.of_rota(instance, {("s", 0), ("s", 3)})  # Monday and Tuesday, dag
    assert load.blocking_limit("s", 6, "work") == "weekly_duties"  # Wednesday: a third duty this week
    assert load.blocking_limit("s", 1, "work") == "one_duty_per_day"  # Monday evening, had it been available
    assert DutyLoad.of_rota(instance, {("s", 0)}).blocking_limit("s", 6, "work") == ""


def test_limits_not_set_are_not_measured() -> None:
    instance = build_instance(_world())
    for rule_id in ("weekly_protected_hours", "period_duties", "period_nights", "release_keeps_minimum_staffing",
                    "wards_per_duty", "training"):
        assert RELAXATIONS[rule_id].apply(instance) is None, rule_id
    assert RELAXATIONS["weekly_duties"].apply(instance) is not None


def test_hours_in_hundredths_so_model_check_and_checker_add_up_alike() -> None:
    # 0.334 h three times is 1.002 h (over 1.0) to a float sum but 3 × 33 hundredths to the model.
    import datetime as dt

    from scheduler.domain import SlotDef, SlotKind
    from scheduler.solve.greedy import greedy_rota

    slot = SlotDef(name="dag", start=dt.time(8), end=dt.time(15), kind=SlotKind.DAY, duty_hours=0.334)
    rules = Rules(slots=(slot,), protected_hours_per_week=1.0, max_consecutive_days=7, max_duties_per_week=7)
    rows = [(sid, ward, d, "D") for d in days(3) for sid, ward in (("s", "A"), ("b", "B"))]
    inputs = make_inputs(rows, ["s"], rules=rules)
    instance = build_instance(inputs)
    assert instance.slots[0].duty_hours == 0.33
    duties = greedy_rota(instance)
    assert len(duties) == 3
    assert _breaches(inputs, instance, duties, HARD_RULES["weekly_protected_hours"]) == set()


def test_minimum_staffing_measured_as_it_binds() -> None:
    # A has two at work and a minimum of 2: its supporter may not leave to cover B.
    from scheduler.solve.sensitivity import binding_limits

    rows = [("s", "A", MONDAY, "D"), ("o1", "A", MONDAY, "D"), ("b", "B", MONDAY, "D")]
    instance = build_instance(make_inputs(rows, ["s"], wards=[Ward(ward_id="A", min_staff_day=2)]))
    effects = {e.limit: e for e in binding_limits(instance, 2, seconds_each=2)}
    assert effects["release_keeps_minimum_staffing"].gain == 1
    assert effects["weekly_duties"].gain == 0
    assert "training" not in effects and "period_nights" not in effects  # nothing to loosen


def test_limits_module_loads_without_ortools() -> None:
    import subprocess
    import sys

    code = "import sys, scheduler.solve.limits; print(any(m.split('.')[0] == 'ortools' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
