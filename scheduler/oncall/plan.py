"""The on-call stage, after the main rota (docs/domain.md, «The on-call supporter»): the slots that
need someone on call, who may be, the CP-SAT choice, the reasons for the slots left without, and
on_call.csv with the burden columns — attached to the plan so every writer and page sees them.
Nothing happens unless the rules ask for it (`[on_call]`): the default plan is unchanged."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from scheduler.domain import Instance, SolverSettings
from scheduler.oncall.basis import base_loads, slot_loads
from scheduler.oncall.candidates import Candidates, on_call_candidates
from scheduler.oncall.model import RATIO_SCALE, solve_on_call
from scheduler.oncall.need import Need, needed_slots
from scheduler.oncall.reasons import no_on_call_reason
from scheduler.oncall.table import burden_with_on_call, on_call_frame
from scheduler.solve.plan import Plan

__all__ = ["attach_on_call", "stage_seconds", "at_a_limit"]


def stage_seconds(settings: SolverSettings) -> float:
    """The on-call model's own time: a fifth of the run's limit, between 1 and 20 seconds (it is
    small — one variable per needed slot and willing supporter — and proves in well under that)."""
    return max(1.0, min(20.0, settings.time_limit / 5))


def at_a_limit(instance: Instance, sid: str, t: int, chosen: Mapping[int, str]) -> bool:
    """Whether one more on-call slot `t` for `sid` would break a limit: one a date, `max_per_week`
    per ISO week, `max_per_period`."""
    rules = instance.rules.on_call
    assert rules is not None
    date = instance.slots[t].date
    own = [instance.slots[u].date for u, who in chosen.items() if who == sid]
    week = date.isocalendar()[:2]
    return (date in own or sum(d.isocalendar()[:2] == week for d in own) >= rules.max_per_week
            or (rules.max_per_period is not None and len(own) >= rules.max_per_period))


def _reasons(instance: Instance, needs: list[Need], candidates: Candidates, chosen: Mapping[int, str],
             lang: str) -> dict[int, str]:
    out = {}
    for need in needs:
        if need.t in chosen:
            continue
        could = candidates.may.get(need.t, [])
        limited = sum(at_a_limit(instance, sid, need.t, chosen) for sid in could)
        text = no_on_call_reason(len(candidates.opted_in), candidates.blocked.get(need.t, Counter()), limited, lang)
        if limited < len(could):
            text += (" Søket stanset før alle kunne plasseres." if lang == "no"
                     else " The search stopped before all could be placed.")
        out[need.t] = text
    return out


def attach_on_call(plan: Plan, *, settings: SolverSettings | None = None, lang: str = "no") -> Plan:
    """Plan who is on call when the rules ask for it, and put it on the plan: `plan.on_call`
    (on_call.csv), the burden's on-call columns, and `summary["on_call"]` (tiers, values, proofs)."""
    instance = plan.instance
    rules = instance.rules.on_call
    if rules is None:
        return plan
    settings = settings or instance.rules.solver
    needs = needed_slots(instance, plan.rota.assignments, rules)
    candidates = on_call_candidates(instance, needs, plan.rota.duties)
    burden = plan.burden
    targets = {str(s): float(t) for s, t in zip(burden["supporter_id"], burden["target"], strict=True)}
    loads = slot_loads(instance, needs)  # on the fair shares' basis: hours, or staff-hours (exposure)
    solution = solve_on_call(instance, needs, candidates, base_loads(instance, burden), targets, settings,
                             stage_seconds(settings), loads)
    reasons = _reasons(instance, needs, candidates, solution.chosen, lang)
    plan.on_call = on_call_frame(instance, needs, solution.chosen, reasons)
    plan.burden = burden_with_on_call(burden, solution.chosen, loads,
                                      "exposure" if instance.rules.fair_share_basis == "exposure" else "hours")
    tiers = [dict(t) for t in solution.tiers]
    for tier in tiers:
        if tier["tier"] == "on_call_busiest":
            tier["ratio"] = round(tier["value"] / RATIO_SCALE, 3)
    plan.summary["on_call"] = {
        "needed": len(needs), "planned": len(solution.chosen), "without": len(needs) - len(solution.chosen),
        "opted_in": len(candidates.opted_in), "weight": rules.weight,
        "basis": instance.rules.fair_share_basis, "tiers": tiers,
        "seconds": round(solution.seconds, 3)}
    return plan
