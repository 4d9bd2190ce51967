"""Names who to call for each ward-slot, given who is on duty: a small min-cost flow per slot.

The model decides who is on duty; this decides, among those, whom each ward calls: someone of the
same profession where possible (the peer principle), calls spread evenly over the people on duty,
never more than `max_wards_per_duty` wards for one duty, a distinct backup with redundancy 2.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ortools.graph.python import min_cost_flow

from scheduler.domain import Instance, Pin
from scheduler.model.eligibility import EligibilityCache, profile

__all__ = ["name_supporters"]

_MISMATCH_COST = 10
_LOCK_BONUS = 1000
_PRIMARY_BONUS = 1_000_000  # a first supporter for every ward before any backup


def _slot_flow(
    on_duty: list[str],
    wards: list[str],
    can: dict[tuple[str, str], int],
    per_duty: int,
    per_ward: int,
) -> dict[str, list[str]]:
    """Max flow with min cost: supporter → ward arcs cost `can[s, w]`; the k-th ward named for one
    duty costs k (spreads calls). Returns ward → supporters ordered best first."""
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    s_node = {s: 2 + i for i, s in enumerate(on_duty)}
    w_node = {w: 2 + len(on_duty) + i for i, w in enumerate(wards)}
    arcs: list[tuple[int, str, str]] = []
    for s in on_duty:
        for k in range(per_duty):
            flow.add_arc_with_capacity_and_unit_cost(source, s_node[s], 1, k)
    for (s, w), cost in can.items():
        arcs.append((flow.add_arc_with_capacity_and_unit_cost(s_node[s], w_node[w], 1, cost), s, w))
    for w in wards:
        flow.add_arc_with_capacity_and_unit_cost(w_node[w], sink, 1, -_PRIMARY_BONUS)
        if per_ward > 1:
            flow.add_arc_with_capacity_and_unit_cost(w_node[w], sink, per_ward - 1, 0)
    # Supplies bound the flow from above; max-flow-with-min-cost sends as much as the arcs allow.
    flow.set_node_supply(source, len(wards) * per_ward)
    flow.set_node_supply(sink, -len(wards) * per_ward)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        return {}
    named: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for arc, s, w in arcs:
        if flow.flow(arc):
            named[w].append((can[s, w], s))
    return {w: [s for _, s in sorted(pairs)] for w, pairs in named.items()}


def name_supporters(
    instance: Instance,
    duties: set[tuple[str, int]],
    ward_locks: Iterable[Pin] = (),
) -> dict[tuple[str, int], list[str]]:
    """(ward, slot index) → supporters to call, primary first (then the backup with redundancy 2)."""
    rules = instance.rules
    profiles = {sid: profile(instance, sid) for sid, _ in duties}
    eligible = EligibilityCache(instance)  # asked for every supporter on duty × ward × slot
    locked = {(p.supporter_id, p.ward, p.date, p.slot) for p in ward_locks}
    on: dict[int, list[str]] = defaultdict(list)
    for sid, t in sorted(duties):
        on[t].append(sid)
    wards_in: dict[int, list[tuple[str, str]]] = defaultdict(list)
    demand = instance.demand
    for ward, t, prof in zip(demand["ward"].tolist(), demand["slot"].tolist(), demand["profession"].tolist(), strict=True):
        wards_in[int(t)].append((ward, prof))
    result: dict[tuple[str, int], list[str]] = {}
    for t, demand in wards_in.items():
        supporters = on.get(t, [])
        if not supporters:
            continue
        slot = instance.slots[t]
        can: dict[tuple[str, str], int] = {}
        for s in supporters:
            for ward, prof in demand:
                if eligible(profiles[s], ward):
                    cost = 0 if (not prof or profiles[s].profession == prof) else _MISMATCH_COST
                    if (s, ward, slot.date, slot.name) in locked:
                        cost -= _LOCK_BONUS
                    can[s, ward] = cost
        per_duty = rules.max_wards_per_duty or len(demand)
        named = _slot_flow(supporters, [w for w, _ in demand], can, per_duty, rules.redundancy)
        for ward, people in named.items():
            result[ward, t] = people
    return result
