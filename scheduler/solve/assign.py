"""Names who to call for each ward-slot, given who is on duty: one min-cost flow over every slot.

The model decides who is on duty; this decides, among those, whom each ward calls: someone of the
same profession where possible (the peer principle), calls spread evenly over the people on duty,
never more than `max_wards_per_duty` wards for one duty, a distinct backup with redundancy 2.

Slots share no one, so the flow of every slot is one network (source and sink shared, the cost a
sum over slots) solved once, its arcs made as arrays: a year of 100 wards has 300,000 arcs, and
a flow per slot with an arc per call took 0.6 CPU-s — most of a stop's time after the solver
(issue 25, benchmarks/PAGES.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from ortools.graph.python import min_cost_flow

from scheduler.domain import Instance, Pin
from scheduler.solve.assign_packed import name_packed, uses_packing
from scheduler.solve.duty_pairs import eligibility, same_slot_pairs

__all__ = ["name_supporters"]

_MISMATCH_COST = 10
_LOCK_BONUS = 1000
_PRIMARY_BONUS = 1_000_000  # a first supporter for every ward before any backup


def _slot_flow(duty: np.ndarray, row: np.ndarray, cost: np.ndarray, per_duty: np.ndarray, n_row: int,
               per_ward: int) -> np.ndarray:
    """One slot's max flow with min cost, its arcs as arrays; which (duty, ward) arcs carry a call.
    `duty` and `row` number the slot's duties and ward-slots from 0; the k-th ward named for one
    duty costs k (spreads calls), a primary for every ward comes before any backup."""
    n_duty = len(per_duty)
    first_duty, first_row, sink = 2, 2 + n_duty, 1
    k_duty = np.repeat(np.arange(n_duty), per_duty)
    k_cost = np.arange(len(k_duty)) - np.repeat(np.cumsum(per_duty) - per_duty, per_duty)
    rows = np.arange(n_row)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(np.zeros(len(k_duty), dtype=np.int32), (first_duty + k_duty).astype(np.int32),
                                              np.ones(len(k_duty), dtype=np.int64), k_cost.astype(np.int64))
    calls = flow.add_arcs_with_capacity_and_unit_cost((first_duty + duty).astype(np.int32), (first_row + row).astype(np.int32),
                                                      np.ones(len(duty), dtype=np.int64), cost)
    flow.add_arcs_with_capacity_and_unit_cost((first_row + rows).astype(np.int32), np.full(n_row, sink, dtype=np.int32),
                                              np.ones(n_row, dtype=np.int64), np.full(n_row, -_PRIMARY_BONUS, dtype=np.int64))
    if per_ward > 1:
        flow.add_arcs_with_capacity_and_unit_cost((first_row + rows).astype(np.int32), np.full(n_row, sink, dtype=np.int32),
                                                  np.full(n_row, per_ward - 1, dtype=np.int64), np.zeros(n_row, dtype=np.int64))
    # Supplies bound the flow from above; max-flow-with-min-cost sends as much as the arcs allow.
    flow.set_node_supply(0, n_row * per_ward)
    flow.set_node_supply(sink, -n_row * per_ward)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        return np.zeros(len(duty), dtype=bool)
    return flow.flows(calls) > 0


def name_supporters(
    instance: Instance,
    duties: set[tuple[str, int]],
    ward_locks: Iterable[Pin] = (),
    targets: Mapping[str, float] | None = None,
) -> dict[tuple[str, int], list[str]]:
    """(ward, slot index) → supporters to call, primary first (then the backup with redundancy 2).
    With `max_staff_per_duty` or fairness over exposure, the wards are packed by their staff
    (scheduler.solve.assign_packed; `targets` are the exposure fair shares to balance against).

    The flow: source → duty (the k-th ward named for one duty costs k: calls spread), duty →
    ward-slot where the supporter may cover it (0, or `_MISMATCH_COST` for another profession, less
    `_LOCK_BONUS` for a locked pair), ward-slot → sink (a primary earns `_PRIMARY_BONUS`)."""
    if uses_packing(instance):
        return name_packed(instance, duties, ward_locks, targets if instance.rules.fair_share_basis == "exposure" else None)
    rules = instance.rules
    demand = instance.demand
    if not duties or demand.empty:
        return {}
    on_duty = sorted(duties, key=lambda k: (k[1], k[0]))
    supporters = sorted({sid for sid, _ in on_duty})
    s_index = {sid: i for i, sid in enumerate(supporters)}
    ward_names = list(dict.fromkeys(demand["ward"].tolist()))
    w_index = {w: i for i, w in enumerate(ward_names)}
    may, professions = eligibility(instance, supporters, ward_names)
    duty_sup = np.array([s_index[sid] for sid, _ in on_duty], dtype=np.int64)
    duty_slot = np.array([t for _, t in on_duty], dtype=np.int64)
    row_ward = np.array([w_index[w] for w in demand["ward"].tolist()], dtype=np.int64)
    row_slot = demand["slot"].to_numpy(dtype=np.int64)
    row_prof = np.array([p or "" for p in demand["profession"].tolist()], dtype=object)
    d, r = same_slot_pairs(duty_slot, row_slot)
    keep = may[duty_sup[d], row_ward[r]]
    d, r = d[keep], r[keep]
    cost = np.where((row_prof[r] == "") | (professions[duty_sup[d]] == row_prof[r]), 0, _MISMATCH_COST).astype(np.int64)
    locked = {(p.supporter_id, p.ward, t) for p in ward_locks for t in [instance.slot_index(p.date, p.slot)] if t is not None}
    if locked:
        cost -= _LOCK_BONUS * np.array([(supporters[duty_sup[a]], ward_names[row_ward[b]], int(duty_slot[a])) in locked
                                        for a, b in zip(d.tolist(), r.tolist(), strict=True)], dtype=np.int64)
    wards_in_slot = np.bincount(row_slot, minlength=len(instance.slots))
    per_duty = np.full(len(on_duty), rules.max_wards_per_duty) if rules.max_wards_per_duty else wards_in_slot[duty_slot]
    # A duty is never named for more wards than it may cover: arcs beyond that carry nothing, and
    # on a year they were most of the network (the same flow, found 2–3 × faster).
    per_duty = np.minimum(per_duty, np.bincount(d, minlength=len(on_duty)))
    flows = np.zeros(len(d), dtype=bool)
    # The pairs come slot by slot (`same_slot_pairs`), the duties sorted by slot: each slot is a slice of both.
    row_rank = np.empty(len(row_slot), dtype=np.int64)
    r_order = np.argsort(row_slot, kind="stable")
    row_rank[r_order] = np.arange(len(r_order)) - np.searchsorted(row_slot[r_order], row_slot[r_order])
    duty_first = np.searchsorted(duty_slot, duty_slot)
    pair_slot = duty_slot[d]
    bounds = np.flatnonzero(np.diff(pair_slot)) + 1
    for lo, hi in zip([0, *bounds.tolist()], [*bounds.tolist(), len(d)], strict=True):
        if lo == hi:
            continue
        t = int(pair_slot[lo])
        first = int(duty_first[d[lo]])
        n_duty = int(np.searchsorted(duty_slot, t, side="right")) - first
        flows[lo:hi] = _slot_flow(d[lo:hi] - first, row_rank[r[lo:hi]], cost[lo:hi], per_duty[first:first + n_duty],
                                  int(wards_in_slot[t]), rules.redundancy)
    d, r, cost = d[flows], r[flows], cost[flows]
    order = np.lexsort((duty_sup[d], cost, r))
    named: dict[int, list[str]] = {}
    for row, who in zip(r[order].tolist(), duty_sup[d][order].tolist(), strict=True):
        named.setdefault(row, []).append(supporters[who])
    wards = demand["ward"].tolist()
    slots = row_slot.tolist()
    return {(wards[row], slots[row]): people for row, people in named.items()}
