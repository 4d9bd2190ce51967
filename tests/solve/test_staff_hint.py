"""The warm start of the staff cap's flows (scheduler.solve.staff_hint): from a rota's duties every
flow variable gets a value and the whole hint is a solution of the model — CP-SAT accepts it as
it is, instead of searching for the flows (M-1 with a cap of 100: 9 s for the greedy start)."""

from __future__ import annotations

from conftest import days, make_inputs
from ortools.sat.python import cp_model

from scheduler.domain import Rules
from scheduler.model.demand import build_instance
from scheduler.solve.constraints import add_hard_rules
from scheduler.solve.cpsat import hint_from_duties
from scheduler.solve.greedy import greedy_rota
from scheduler.solve.variables import create_variables


def test_the_hint_sets_every_flow_and_is_a_solution_of_the_model() -> None:
    rows = []
    for date in days(3):
        for ward, n in (("A", 5), ("B", 4), ("C", 3), ("D", 2)):
            rows += [(f"{ward.lower()}{i}", ward, date, "D") for i in range(n)]
        rows += [(s, s.upper(), date, "D") for s in ("x", "y", "z")]
    instance = build_instance(make_inputs(rows, ["x", "y", "z", "d0"],
                                          rules=Rules(max_staff_per_duty=7, max_duties_per_week=7, max_consecutive_days=31)))
    v = create_variables(instance)
    add_hard_rules(v, instance)
    assert v.staff_flows and v.staff_cap == 7
    hint = hint_from_duties(v, greedy_rota(instance, []))
    assert all(var.index in hint.values for var in v.staff_flows.values())
    for index, value in hint.values.items():  # every hinted value fixed: still a solution
        v.model.add(v.model.get_int_var_from_proto_index(index) == value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(v.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
