"""A complete warm start for CP-SAT: a value for every variable of the model, by index.

A hint that leaves variables out makes CP-SAT's single worker spend seconds completing it
("hint search") before it has any solution of a new tier — on large hospitals the whole tier
budget. Each tier therefore starts from the previous tier's full solution, and each new
auxiliary variable (a ratio, a deviation, a match) gets its value from that solution too.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

__all__ = ["Hint"]


class Hint:
    def __init__(self, values: dict[int, int] | None = None) -> None:
        self.values: dict[int, int] = dict(values or {})

    @classmethod
    def from_solution(cls, solver: cp_model.CpSolver) -> Hint:
        return cls(dict(enumerate(solver.response_proto.solution)))

    def updated(self, other: Hint) -> Hint:
        """This hint with `other`'s values where it has them (e.g. new duties, same auxiliaries)."""
        return Hint({**self.values, **other.values})

    def set(self, var: cp_model.IntVar, value: int) -> None:
        self.values[var.index] = int(value)

    def get(self, var: cp_model.IntVar) -> int:
        return self.values.get(var.index, 0)

    def apply(self, model: cp_model.CpModel) -> None:
        model.clear_hints()
        hint = model.proto.solution_hint
        indices = sorted(i for i in self.values if i < len(model.proto.variables))
        hint.vars.extend(indices)
        hint.values.extend(self.values[i] for i in indices)

    def objective_value(self, model: cp_model.CpModel) -> float:
        """The model's current objective evaluated at this hint (a tier that found nothing better
        keeps the previous rota, and reports this as its value)."""
        objective = model.proto.objective
        total = objective.offset + sum(c * self.values.get(v, 0) for v, c in zip(objective.vars, objective.coeffs, strict=True))
        return total * (objective.scaling_factor or 1.0)
