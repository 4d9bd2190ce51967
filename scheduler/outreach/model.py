"""The contacts as a CP-SAT model (docs/outreach.md): who is on which team in which slot, the rota's
duty rules on every supporter-slot (the very entries of scheduler.solve.limits.HARD_RULES), and
the objective — a greedy first plan as its start, solved with the rota's solver settings.

Only the model: which candidates it sees, and what their places cost, come from
scheduler.outreach.candidates; the plan around it is scheduler.outreach.plan.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import Instance, SolverSettings
from scheduler.outreach.candidates import SLOT_STEP, Candidate, Fairness
from scheduler.outreach.needs import ContactNeed
from scheduler.solve.cpsat import solver_parameters
from scheduler.solve.limit_parts import Duty, LimitContext
from scheduler.solve.limits import HARD_RULES, DutyLoad

__all__ = ["Weights", "ContactModel", "greedy_plan", "build_model", "hint_model", "solve_model", "chosen_teams"]


@dataclass
class _ContactModelVariables:
    """What a duty rule's constraint needs (scheduler.solve.limits.DutyVariables): one 0/1 per duty."""

    model: cp_model.CpModel
    duty: dict[tuple[str, int], cp_model.IntVar]
    via: dict[tuple[str, int], str]
    slots_of: dict[str, list[int]]
    supporters_in: dict[int, list[str]]


def greedy_plan(instance: Instance, fixed: Sequence[Duty], needs: Sequence[ContactNeed], cands: Sequence[Sequence[Candidate]],
                fair: Fairness, weights: Weights | None = None) -> dict[int, list[tuple[str, int]]]:
    """A first plan, contact by contact (the model's start): the slot of the lowest cost — the group
    at work there, then its team places filled, then its rank — each member the cheapest who keeps
    every limit (scheduler.solve.limits)."""
    load = DutyLoad(instance, fixed)
    count: Counter[str] = Counter()
    taken: set[tuple[str, int]] = set()
    chosen: dict[int, list[tuple[str, int]]] = {}
    after: dict[tuple[str, str], int] = {}  # (incident, group) -> slot of the defusing
    w = weights or Weights()
    for i, need in enumerate(needs):
        by_slot: dict[int, list[Candidate]] = defaultdict(list)
        for c in cands[i]:
            by_slot[c.t].append(c)
        floor = after.get((need.incident.incident_id, need.group.profession), -1) if need.kind == "first" else -1
        best: list[Candidate] = []
        best_cost: float | None = None
        for t, here in sorted(by_slot.items(), key=lambda kv: kv[1][0].rank):
            if t <= floor:
                continue
            team: list[Candidate] = []
            homes: set[str] = set()
            for c in sorted(here, key=lambda c: (c.cost + fair.marginal(c.supporter_id, count[c.supporter_id] + 1),
                                                 c.supporter_id)):
                if len(team) == need.team:
                    break
                if (c.supporter_id, t) in taken or (not c.on_duty and load.blocking_limit(c.supporter_id, t, c.via)):
                    continue
                home = instance.employees[c.supporter_id].ward
                if home in homes and instance.rules.max_on_duty_per_ward <= 1:
                    continue
                team.append(c)
                homes.add(home)
            if not team:
                continue
            cost = (-w.met_unit * w.met(i, t) + w.missing * (need.team - len(team))
                    + sum(c.rank * SLOT_STEP + c.cost for c in team))
            if best_cost is None or cost < best_cost:
                best, best_cost = team, cost
        for c in best:
            if not c.on_duty:  # a defusing by the supporter on duty adds no duty (candidates.duty_candidates)
                load.add(c.supporter_id, c.t, c.via)
                count[c.supporter_id] += 1
            taken.add((c.supporter_id, c.t))
        chosen[i] = [(c.supporter_id, c.t) for c in best]
        if need.kind == "defusing" and best:
            after[need.incident.incident_id, need.group.profession] = best[0].t
    return chosen


@dataclass(frozen=True)
class Weights:
    """What the objective weighs beyond each member's own cost: `missing` per empty team place, and
    `met_unit` per tenth of a person of the group not met at work, `at_work[i][t]` the tenths of
    contact i's group at work in slot t (worktime.py). A person met outweighs every team place of
    their contact (docs/outreach.md, «What is preferred»)."""

    missing: int = 0
    met_unit: int = 0
    at_work: Sequence[Mapping[int, int]] = ()
    people: Sequence[int] = ()  # tenths of the group, per contact

    def met(self, i: int, t: int) -> int:
        return self.at_work[i].get(t, 0) if i < len(self.at_work) else 0


@dataclass
class ContactModel:
    """The model and its variables: x[contact, supporter, slot] a team place, y[contact, slot] the
    contact's slot, duty[supporter, slot] one contact there, steps[supporter] their k-th contact."""

    model: cp_model.CpModel
    x: dict[tuple[int, str, int], cp_model.IntVar]
    y: dict[tuple[int, int], cp_model.IntVar]
    duty: dict[tuple[str, int], cp_model.IntVar]
    steps: dict[str, list[cp_model.IntVar]]


def build_model(instance: Instance, fixed: Sequence[Duty], needs: Sequence[ContactNeed],
                cands: Sequence[Sequence[Candidate]], fair: Fairness, weights: Weights) -> ContactModel:
    """The CP-SAT model of the contacts: who is on which team in which slot, the rota's duty rules
    on every supporter-slot, and the objective of the module docstring."""
    instance_slots = instance.slots
    model = cp_model.CpModel()
    x: dict[tuple[int, str, int], cp_model.IntVar] = {}
    y: dict[tuple[int, int], cp_model.IntVar] = {}
    y_of: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    per_duty: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    on_duty: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)  # within a rota duty: no new duty
    via: dict[tuple[str, int], str] = {}
    terms: list = []
    for i, need in enumerate(needs):
        by_slot: dict[int, list[Candidate]] = defaultdict(list)
        for c in cands[i]:
            by_slot[c.t].append(c)
        members = []
        for t, here in by_slot.items():
            y[i, t] = model.new_bool_var(f"contact[{need.label}][{instance_slots[t].label}]")
            y_of[i].append((t, y[i, t]))
            in_slot = []
            for c in here:
                var = model.new_bool_var(f"member[{need.label}][{c.supporter_id}][{instance_slots[t].label}]")
                x[i, c.supporter_id, t] = var
                if c.on_duty:
                    on_duty[c.supporter_id, t].append(var)
                else:
                    per_duty[c.supporter_id, t].append(var)
                    via[c.supporter_id, t] = c.via
                model.add_implication(var, y[i, t])
                in_slot.append(var)
                terms.append((c.rank * SLOT_STEP + c.cost) * var)
            model.add(sum(in_slot) <= need.team * y[i, t])
            model.add(sum(in_slot) >= y[i, t])
            members.extend(in_slot)
        if by_slot:
            model.add_at_most_one(v for _, v in y_of[i])
        terms.append(weights.missing * (need.team - sum(members)))
        if weights.met_unit:  # the group's people not met at work (all of them when the contact is not planned)
            people = weights.people[i] if i < len(weights.people) else 0
            terms.append(weights.met_unit * (people - sum(weights.met(i, t) * v for t, v in y_of[i])))

    # a defusing comes before the first talk (a later slot), for the same group
    index = {need.key: i for i, need in enumerate(needs)}
    for i, need in enumerate(needs):
        j = index.get((need.incident.incident_id, "defusing", need.group.profession, 1)) if need.kind == "first" else None
        if j is None:
            continue
        for t_def, v_def in y_of[j]:
            for t_first, v_first in y_of[i]:
                if t_first <= t_def:
                    model.add_bool_or([v_def.Not(), v_first.Not()])

    for vars_ in on_duty.values():  # the supporter on duty takes at most one defusing in the slot
        model.add_at_most_one(vars_)
    # one contact per supporter and slot: the duty variables the rota's rules constrain
    duty: dict[tuple[str, int], cp_model.IntVar] = {}
    slots_of: dict[str, list[int]] = defaultdict(list)
    supporters_in: dict[int, list[str]] = defaultdict(list)
    for (sid, t), vars_ in per_duty.items():
        if len(vars_) == 1:
            duty[sid, t] = vars_[0]
        else:
            d = model.new_bool_var(f"duty[{sid}][{instance_slots[t].label}]")
            model.add(sum(vars_) == d)
            duty[sid, t] = d
        slots_of[sid].append(t)
        supporters_in[t].append(sid)
    v = _ContactModelVariables(model, duty, via, dict(slots_of), dict(supporters_in))
    limit_ctx = LimitContext(instance)
    for rule in HARD_RULES.values():
        if rule.kind == "duty":
            rule.constrain(v, limit_ctx, fixed)  # type: ignore[arg-type]

    # fairness: a convex cost of each supporter's number of contacts
    steps: dict[str, list[cp_model.IntVar]] = {}
    for sid, ts in slots_of.items():
        most = min(len(ts), len({instance_slots[t].date for t in ts}) * instance.rules.max_duties_per_day)
        steps[sid] = [model.new_bool_var(f"contacts[{sid}]>={k + 1}") for k in range(most)]
        for a, b in zip(steps[sid], steps[sid][1:], strict=False):
            model.add_implication(b, a)
        model.add(sum(steps[sid]) == sum(duty[sid, t] for t in ts))
        terms.extend(fair.marginal(sid, k + 1) * s for k, s in enumerate(steps[sid]))
    model.minimize(sum(terms))
    return ContactModel(model, x, y, duty, steps)


def hint_model(m: ContactModel, chosen: Mapping[int, Sequence[tuple[str, int]]]) -> None:
    """A complete start: every variable of the model given the value `chosen` implies."""
    on = {(i, sid, t) for i, team in chosen.items() for sid, t in team}
    for key, var in m.x.items():
        m.model.add_hint(var, key in on)
    used = {(i, t) for i, _, t in on}
    for key, var in m.y.items():
        m.model.add_hint(var, key in used)
    duties = {(sid, t) for _, sid, t in on}
    counted = Counter(sid for sid, t in duties if (sid, t) in m.duty)
    hinted = {id(v) for v in m.x.values()}
    for key, var in m.duty.items():
        if id(var) not in hinted:
            m.model.add_hint(var, key in duties)
    for sid, steps in m.steps.items():
        for k, var in enumerate(steps):
            m.model.add_hint(var, k < counted[sid])


def solve_model(m: ContactModel, settings: SolverSettings, seconds: float) -> tuple[int, cp_model.CpSolver]:
    """The rota's solver settings (one worker, linearization level 2): on 50 incidents of the M
    hospital they prove the optimum in about a second, where level 1 found no bound in 30 s."""
    solver = solver_parameters(settings, seconds)
    return solver.solve(m.model), solver


def chosen_teams(m: ContactModel, solver: cp_model.CpSolver) -> dict[int, list[tuple[str, int]]]:
    out: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for (i, sid, t), var in m.x.items():
        if solver.value(var):
            out[i].append((sid, t))
    return dict(out)


