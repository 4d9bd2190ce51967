"""The largest ratio by bisection (scheduler.solve.ratio_bisect): its lower end is a proof, its upper
end the ratio of the rota it returns, and the true optimum — CP-SAT's, proven — lies between."""

from __future__ import annotations

from conftest import days, make_inputs
from ortools.sat.python import cp_model

from scheduler.domain import Rules, SolverSettings
from scheduler.model.demand import build_instance
from scheduler.solve import objectives as obj
from scheduler.solve.constraints import add_hard_rules
from scheduler.solve.cpsat import duties_of, hint_from_duties
from scheduler.solve.fairness import FairShares
from scheduler.solve.greedy import greedy_rota
from scheduler.solve.ratio_bisect import bisect_ratio
from scheduler.solve.results import SolveControl
from scheduler.solve.variables import create_variables


def test_the_optimum_lies_between_the_ends_and_the_upper_end_is_the_rota_returned() -> None:
    rows = []
    for date in days(7):
        for ward, n in (("A", 5), ("B", 2)):
            rows += [(f"{ward.lower()}{i}", ward, date, "D") for i in range(n)]
        rows += [(s, s.upper(), date, "D") for s in ("w", "x", "y", "z")]
    instance = build_instance(make_inputs(rows, ["w", "x", "y", "z", "b0"],
                                          rules=Rules(max_duties_per_week=7, max_consecutive_days=31)))
    v = create_variables(instance)
    add_hard_rules(v, instance)
    weights = {"w": 0.1, "x": 0.2, "y": 0.3, "z": 0.2, "b0": 0.2}
    shares = FairShares(10.0 * len(instance.slots), True, weights)
    hint = hint_from_duties(v, greedy_rota(instance, []))
    ctx = obj.TierContext(v, instance, hint, shares)
    objective = obj.largest_load_ratio(ctx)
    targets = shares.hundredths()

    def ratio_of(h) -> int:
        load: dict[str, int] = {}
        for sid, t in duties_of(v, h):
            load[sid] = load.get(sid, 0) + round(100 * instance.slots[t].load_hours)
        return max(-(-1000 * load.get(s, 0) // tg) for s, tg in targets.items())

    start = ratio_of(hint)
    settings = SolverSettings(time_limit=5, workers=1, deterministic=True)
    answers: list[tuple[int, int, int]] = []
    found = bisect_ratio(v, objective.expr, settings, 4.0, hint, SolveControl(), 0, start, ratio_of,
                         on_answer=lambda high, low, rotas: answers.append((high, low, rotas)))
    assert found.low <= found.high <= start
    assert answers and answers[-1][:2] == (found.high, found.low)  # the progress shown after each answer
    assert all(a[1] <= b[1] and a[0] >= b[0] for a, b in zip(answers, answers[1:], strict=False))  # ends move inwards
    if found.hint is not None:
        assert ratio_of(found.hint) == found.high
    v.model.minimize(objective.expr)  # the domain was restored: the true optimum, proven
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(v.model) == cp_model.OPTIMAL
    assert found.low <= solver.objective_value <= found.high
    assert found.high - found.low < start // 4  # it narrowed the range
