"""A local re-plan: only the weeks a change touches are planned again, everything else kept as
published (docs/fairness.md, «Re-planning»).

Re-planning a year after five supporters fall sick for a week built the whole year's model again
(about 13 s) and ran every later tier over the whole year, for a change of 20 duties in one week.
Here the weeks re-opened (scheduler.solve.replan_scope) are each a window of weeks
(scheduler.solve.windows: duties near the edge fixed, period limits lowered by the duties outside,
loads outside as constants), and each window runs the tiers in order:
1. the coverage tiers — and the window must cover at least as many ward-slots as the published
   rota did there (its duties counted on today's demand), but for those no rota can cover there
   (scheduler.solve.replan_floor). If it cannot, the weeks where a supporter held from a lost
   ward-slot by a period limit may free a duty are planned with it in one model
   (scheduler.solve.replan_movers); if that cannot either, the run falls back to the full model;
2. fairness kept: nobody's load rises above the published rota's largest load ÷ fair share (on
   this run's shares) unless the coverage just held needs it — then the least hours above in all;
3. the fewest changed duties, proven there;
4. every later tier, each held for the next.
The fair shares split the published rota's proven needed hours when the change cannot have lowered
them (sick leave; scheduler.solve.replan_shares), else the full run's on a large hospital (the
proven lower bound on the duties the coverage needs), from the instance without a model.
Each tier's bound is proven with the duties outside the re-opened weeks as they are.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence

from ortools.sat.python import cp_model

from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.model.eligibility import eligible, profile
from scheduler.solve import objectives as obj
from scheduler.solve.constraints import add_hard_rules, apply_pins
from scheduler.solve.cover_lookups import CoverLookups, cover_lookups
from scheduler.solve.coverage_count import CoverageCount, count_coverage
from scheduler.solve.cpsat import duties_of, hint_from_duties, solve_model
from scheduler.solve.fairness import FLAG_RATIO
from scheduler.solve.greedy import greedy_rota
from scheduler.solve.replan_floor import coverage_floor
from scheduler.solve.replan_interim import offer_local, ward_locks
from scheduler.solve.replan_movers import joined, mover_weeks
from scheduler.solve.replan_scope import ReplanScope, kept_and_dropped, pinned, replan_scope
from scheduler.solve.replan_shares import (
    ReplanBasis,
    coverage_within,
    kept_needed,
    local_fair_shares,
)
from scheduler.solve.replan_window import WeeksWindow, weeks_window
from scheduler.solve.results import (
    FairnessResult,
    RunStatus,
    SolveControl,
    SolveProgress,
    SolveResult,
    TierResult,
)
from scheduler.solve.tier_values import tier_value
from scheduler.solve.variables import create_variables
from scheduler.tiers import RATIO_SCALE, Tier

__all__ = ["replan_locally", "local_order", "local_fair_shares", "ratio_ceiling"]

Key = tuple[str, int]
#: A change re-opening more than this share of the horizon is no longer local: the full model plans it.
_MOST_REOPENED = 0.5
#: The fairness-kept step's share of a window's time, as a tier's `time_weight`.
_CAPS_WEIGHT = 1
#: The most seconds a tier after the changes may take in a window: the changes are held, so little
#: can move, and a re-plan should take seconds (a year's window proves each in well under one).
_LATER_TIER_SECONDS = 2.0
#: The tiers counted by scheduler.solve.coverage_count, once for all of them.
_COUNTED = frozenset({"uncovered_ward_slots", "uncovered_staff_shifts", "missing_backups"})


def local_order(plan: Sequence[Tier]) -> bool:
    """The order a local re-plan keeps: the coverage tiers, then the changes, then the rest."""
    at = next((i for i, t in enumerate(plan) if t.counts_changes), None)
    return (at is not None and at > 0 and all(t.coverage for t in plan[:at])
            and not any(t.coverage for t in plan[at + 1:]))


def ratio_ceiling(instance: Instance, duties: Iterable[Key], targets: dict[str, int]) -> int:
    """The largest load ÷ fair share of a rota in thousandths, rounded up (as the model has it)."""
    return round(tier_value("largest_load_ratio", instance, set(duties), shares=_Targets(targets)))


class _Targets:
    """Fair shares given as hundredths, for counting a ratio (tier_values reads `hundredths`)."""

    def __init__(self, targets: dict[str, int]) -> None:
        self._targets = targets

    def hundredths(self) -> dict[str, int]:
        return self._targets


def _locks_possible(instance: Instance, pins: Sequence[Pin]) -> bool:
    """Every lock is available (and, naming a ward, may cover it); else the full model says which is not."""
    locks = pinned(instance, pins, "lock")
    available = {(sid, int(t)) for sid, t in instance.availability[["supporter_id", "slot"]].itertuples(index=False)
                 if (sid, int(t)) in locks}
    for p in pins:
        t = instance.slot_index(p.date, p.slot)
        if p.action != "lock" or t is None:
            continue
        if (p.supporter_id, t) not in available or (p.ward and not eligible(instance, profile(instance, p.supporter_id), p.ward)):
            return False
    return True


class _LocalRun:
    """The windows of one local re-plan, solved one after another on the rota so far."""

    def __init__(self, instance: Instance, pins: list[Pin], previous: frozenset[Key], plan: list[Tier],
                 settings: SolverSettings, control: SolveControl, deadline: float, duties: set[Key],
                 report: Callable[[SolveProgress], None] | None) -> None:
        self.instance, self.pins, self.previous, self.plan = instance, pins, previous, plan
        self.settings, self.control, self.deadline, self.report = settings, control, deadline, report
        self.duties = duties
        self.basis: ReplanBasis | None = None  # the published rota's needed hours, when the change cannot lower them
        self.published = {k for k in previous if k[0] in instance.supporters and k[0] in instance.employees}
        self.fairness: FairnessResult | None = None
        self.caps: dict[str, int] = {}
        self.ceiling = 0
        self.lookups: CoverLookups | None = None
        self.uncovered_before: int | None = None
        self.even: dict[str, int] = {}  # the even split of nights and weekends, fixed for the run as in the full model
        self.gaps: dict[str, float] = {t.name: 0.0 for t in plan}  # Σ over windows of value − bound
        self.ratio_bound = 0.0
        self.above_caps = 0.0
        self.above_caps_proven = True  # the hours above the line are the fewest the coverage allows at their spread
        self.stats = {"variables": 0, "constraints": 0, "duty_variables": 0}
        self.started = time.perf_counter()
        self.lost: set[tuple[str, int]] = set()  # ward-slots the published rota covered that a window could not
        self.unavoidable: set[tuple[str, int]] = set()  # ward-slots it covered that nobody may cover any more
        self.beyond = 0  # ward-slots uncovered beyond the published rota: each window's, none that a rota could cover
        self.allowed = 0  # how many more a window of this run may leave uncovered (proven by an earlier run)
        self.allowance = 0  # Σ over this run's windows of how many more each might (for a run after it)

    def again(self, duties: set[Key]) -> _LocalRun:
        """A fresh run from `duties`, keeping what this one counted of the whole horizon and
        proved of its windows' coverage."""
        run = _LocalRun(self.instance, self.pins, self.previous, self.plan, self.settings, self.control,
                        self.deadline, duties, self.report)
        run.started, run.uncovered_before, run.allowed = self.started, self.uncovered_before, self.allowance
        run.fairness, run.caps, run.ceiling, run.lookups, run.basis = (self.fairness, self.caps, self.ceiling,
                                                                       self.lookups, self.basis)
        return run

    def whole_uncovered(self) -> int:
        """Ward-slots the published rota leaves uncovered on today's demand (counted once)."""
        if self.uncovered_before is None:
            self.uncovered_before = count_coverage(self.instance, self.published).uncovered_ward_slots
        return self.uncovered_before

    def shares(self) -> FairnessResult:
        """The fair shares and each supporter's cap (the published rota's largest ratio), once:
        only a window that kept the published coverage needs them."""
        if self.fairness is None:
            self.lookups = cover_lookups(self.instance)
            allowed = max(0, self.whole_uncovered() - len(self.lookups.uncoverable))
            self.fairness = local_fair_shares(self.instance, self.lookups, allowed, self.basis)
            targets = self.fairness.shares.hundredths()
            self.ceiling = ratio_ceiling(self.instance, self.published, targets)
            self.caps = {sid: math.floor(self.ceiling * t / RATIO_SCALE + 1e-9) for sid, t in targets.items()}
        return self.fairness

    def seconds(self, weight: int, weights_left: int, windows_left: int, later: bool = False) -> float:
        """A step's time: its weight's share of what its window has left (repeatable runs: of the
        limit); a tier after the changes (`later`) at most `_LATER_TIER_SECONDS`."""
        total = sum(t.time_weight for t in self.plan) + _CAPS_WEIGHT
        if self.settings.deterministic:
            return self.settings.time_limit * weight / total / max(1, windows_left)
        left = max(0.0, self.deadline - time.perf_counter()) / max(1, windows_left)
        share = max(0.1, left * weight / max(1, weights_left))
        return min(share, _LATER_TIER_SECONDS) if later else share

    def progress(self, tier: Tier, number: int, value: float, bound: float, uncovered: int | None) -> None:
        if self.report is not None:
            self.report(SolveProgress(tier=tier.name, tier_number=number, tiers=len(self.plan), objective=value / tier.scale,
                                      bound=bound / tier.scale, elapsed=time.perf_counter() - self.started, solutions=1,
                                      uncovered=uncovered, ward_slots=len(self.instance.demand),
                                      label_no=tier.label_no, label_en=tier.label_en))

    def run_window(self, days: Sequence[tuple[int, int]], windows_left: int) -> bool:
        """The tiers in order on one model of the runs of days `days`; False when it cannot keep
        the published coverage there (`lost` then holds the ward-slots it lost)."""
        w = weeks_window(self.instance, days, self.duties)
        v = create_variables(w.instance, slot_range=w.slot_range)
        add_hard_rules(v, w.instance)
        pins = [p for p in self.pins if (t := self.instance.slot_index(p.date, p.slot)) is not None and w.decides(t)]
        apply_pins(v, w.instance, pins)
        for key in w.fixed:
            if key in v.duty:
                v.model.add(v.duty[key] == 1)
        start = greedy_rota(w.instance, pins, keep=w.inside(self.duties) | set(w.fixed))
        # the published duties the model decides or holds fixed: the changes are counted on these
        lo, hi = w.slot_range
        previous = frozenset(k for k in self.previous if w.decides(k[1]) or k in w.fixed or not lo <= k[1] < hi)
        ctx = obj.TierContext(v, w.instance, hint_from_duties(v, start), None, previous,
                              w.outside_hours, w.outside_nights_weekends)
        published = count_coverage(w.instance, w.inside(self.published))
        outside = self.whole_uncovered() - published.uncovered_ward_slots if self.report else 0
        weights_left = sum(t.time_weight for t in self.plan) + _CAPS_WEIGHT
        for number, tier in enumerate(self.plan, start=1):
            if self.control.stopped:
                break
            if tier.counts_changes:
                if not self.coverage_stands(w, v, ctx, published, self.seconds(_CAPS_WEIGHT, weights_left, windows_left)):
                    return False
                ctx.shares = self.shares().shares
                seconds = self.seconds(_CAPS_WEIGHT, weights_left, windows_left) / 2
                spread = obj.load_above_caps(ctx, self.caps, per_share=True)  # first onto the large shares
                value, _ = self.minimise(v, ctx, spread, seconds)
                if value is None:
                    return False
                spread.hold(v.model, round(value))
                held = obj.load_above_caps(ctx, self.caps)  # then the fewest hours above at that spread
                value, bound = self.minimise(v, ctx, held, seconds)
                if value is None:
                    return False
                weights_left -= _CAPS_WEIGHT
                held.hold(v.model, round(value))
                self.above_caps += value
                self.above_caps_proven &= value - bound <= 1e-9
            if tier.needs_even_split and not ctx.even:
                self.even = ctx.even = self.even or obj.even_shares(self.instance, sorted(self.merged(w, v, ctx)),
                                                                    self.slots_of())
            objective = obj.build(tier, ctx)
            later = not tier.coverage
            value, bound = self.minimise(v, ctx, objective, self.seconds(tier.time_weight, weights_left, windows_left, later))
            if value is None:
                return False
            weights_left -= tier.time_weight
            objective.hold(v.model, round(value))
            if tier.kind == "ratio":
                self.ratio_bound = max(self.ratio_bound, bound)
            else:
                self.gaps[tier.name] += value - bound
            self.progress(tier, number, value, bound, outside + round(value) if tier.covers_ward_slots else None)
            if windows_left == 1 and self.fairness is not None:  # the last window: its rota so far, to show
                offer_local(self, number, self.merged(w, v, ctx))
        proto = v.model.proto
        self.stats["variables"] += len(proto.variables)
        self.stats["constraints"] += len(proto.constraints)
        self.stats["duty_variables"] += len(v.duty)
        self.duties = self.merged(w, v, ctx)
        return True

    def coverage_stands(self, w: WeeksWindow, v, ctx: obj.TierContext, published: CoverageCount,
                        seconds: float) -> bool:
        """Whether the window's coverage stands: no more uncovered than the published rota there,
        but for what nobody may cover any more, what an earlier model of these weeks proved
        (`allowed`), or the floor no rota beats there (scheduler.solve.replan_floor). Else `lost`
        holds the ward-slots lost that a rota may cover."""
        reached = count_coverage(w.instance, duties_of(v, ctx.hint))
        before = published.uncovered_ward_slots
        unavoidable = set(v.uncoverable) - set(published.gaps)  # nobody available may cover them
        extra = reached.uncovered_ward_slots - before
        allowed = max(len(unavoidable), self.allowed)
        if extra > allowed:
            start = w.inside(duties_of(v, ctx.hint))
            allowed = coverage_floor(self.instance, w.days, self.pins, start, self.settings, seconds, self.control) - before
        self.allowance += max(0, allowed)
        if extra > allowed:
            self.lost = set(reached.gaps) - set(published.gaps) - unavoidable
            return False
        self.unavoidable |= unavoidable
        self.beyond += max(0, extra)
        return True

    def minimise(self, v, ctx: obj.TierContext, objective: obj.Objective, seconds: float) -> tuple[float | None, float]:
        """One step: minimise from the best so far; the value reached (None when the window has no
        valid rota) and its proven bound, in model units."""
        v.model.minimize(objective.expr)
        run = solve_model(v, self.settings, seconds, ctx.hint, self.control)
        if run.code == cp_model.INFEASIBLE:
            return None, 0.0
        if run.solution is not None:
            ctx.hint = run.solution
        value = ctx.hint.objective_value(v.model)
        return value, min(run.bound, value)

    def merged(self, w: WeeksWindow, v, ctx: obj.TierContext) -> set[Key]:
        """The rota so far with the window's best in place of what it had there."""
        return (self.duties - w.inside(self.duties)) | (duties_of(v, ctx.hint) - set(w.fixed))

    def slots_of(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for sid, t in self.instance.availability[["supporter_id", "slot"]].itertuples(index=False):
            out.setdefault(sid, []).append(int(t))
        return out

    def tier_results(self, seconds: float, coverage: CoverageCount, duties: set[Key] | None = None,
                     done: int | None = None) -> list[TierResult]:
        """Each of the first `done` tiers' value counted on the rota returned (`duties`, else the
        run's; `coverage`: its coverage, counted once), and its bound with the outside as it is."""
        out, duties = [], self.duties if duties is None else duties
        even = self.even or (obj.even_shares(self.instance, sorted(duties), self.slots_of())
                             if any(t.needs_even_split for t in self.plan) else {})
        for tier in self.plan[:done]:
            value = float(coverage.value(tier.name)) if tier.name in _COUNTED else tier_value(
                tier.name, self.instance, duties, shares=self.fairness.shares, previous=self.previous, even=even)
            if tier.kind == "ratio":
                bound = min(value, max(self.ratio_bound, self.fairness.largest_ratio_bound * RATIO_SCALE))
            else:
                bound = value - self.gaps[tier.name]
            state = "OPTIMAL" if value - bound <= 1e-9 else "FEASIBLE"
            out.append(TierResult(tier.name, tier.label_no, tier.label_en, value / tier.scale, bound / tier.scale,
                                  state, seconds / max(1, len(self.plan))))
        return out


def replan_locally(instance: Instance, pins: Sequence[Pin], previous: set[Key], settings: SolverSettings,
                   plan: list[Tier], *, control: SolveControl, deadline: float,
                   on_progress: Callable[[SolveProgress], None] | None = None,
                   basis: ReplanBasis | None = None) -> SolveResult | None:
    """The re-plan of `previous` with only the weeks the change touches planned again, or None
    when the change is not local or the published coverage cannot be kept there: then the full
    model plans it (scheduler.solve.planner). `basis`: what the published rota's fair shares rest
    on (scheduler.solve.replan_shares), kept when the change cannot have lowered it."""
    started = time.perf_counter()
    pins = list(pins)
    if not local_order(plan):
        return None
    scope: ReplanScope = replan_scope(instance, previous, pins)
    days = (instance.slots[-1].date - instance.slots[0].date).days + 1 if instance.slots else 0
    if scope.days > _MOST_REOPENED * days:
        return None
    if not _locks_possible(instance, pins):
        return None
    run = _LocalRun(instance, pins, frozenset(previous), plan, settings, control, deadline, set(scope.kept), on_progress)
    run.basis = kept_needed(basis, instance, pins)
    build_seconds = time.perf_counter() - started
    locks, forbidden = pinned(instance, pins, "lock"), pinned(instance, pins, "forbid")
    windows, movers = list(scope.windows), []
    for number, days_run in enumerate(scope.windows):
        if control.stopped:
            break
        if run.run_window([days_run], len(scope.windows) - number):
            continue
        # The supporters who can move: with the change's weeks, the weeks where a supporter held
        # from a lost ward-slot by a period limit may free a duty, all in one model (replan_movers).
        movers = mover_weeks(instance, set(scope.kept), scope.windows, run.lost, forbidden, locks) if run.lost else []
        windows = joined(scope.windows, movers)
        if not movers or sum(end - first for first, end in windows) > _MOST_REOPENED * days:
            return None
        run = run.again(set(scope.kept))
        if not run.run_window(windows, 1):
            return None
        break
    _, invalid, _ = kept_and_dropped(instance, run.duties, locks, forbidden)
    if invalid or not locks <= run.duties:
        return None  # never expected: a window keeps every rule; the full model stands in
    coverage = count_coverage(instance, run.duties)
    if coverage.uncovered_ward_slots > run.whole_uncovered() + run.beyond and not control.stopped:
        return None
    if run.basis is not None and not coverage_within(run.basis, {n: coverage.value(n) for n in _COUNTED}):
        # Covering less than the published rota, the fewest may have fallen: the shares on this
        # run's own bound (the line the windows held stays as it was, model.ratio_ceiling).
        run.basis, run.fairness, ceiling = None, None, run.ceiling
        run.shares()
        run.ceiling = ceiling
    fairness, lookups = run.shares(), run.lookups
    assert lookups is not None
    tiers = run.tier_results(time.perf_counter() - started - build_seconds, coverage)
    status = RunStatus.STOPPED if control.stopped else (
        RunStatus.OPTIMAL if all(t.optimal for t in tiers) else RunStatus.FEASIBLE)
    ratios = fairness.shares.ratios(_hours(instance, run.duties))
    over = tuple(sorted(sid for sid, r in ratios.items() if r is not None and r > FLAG_RATIO + 1e-9))
    largest = next((t.value for t, tier in zip(tiers, plan, strict=True) if tier.kind == "ratio"),
                   max([r for r in ratios.values() if r is not None], default=0.0))
    fairness = FairnessResult(fairness.shares, None, fairness.fewest_duties_bound, ((largest, over),),
                              fairness.largest_ratio_bound)
    return SolveResult(
        status=status, duties=run.duties, tiers=tiers, build_seconds=build_seconds,
        solve_seconds=time.perf_counter() - started - build_seconds, settings=settings,
        uncoverable=list(lookups.uncoverable),
        ward_locks=ward_locks(instance, pins),
        fairness=fairness,
        model_stats={**run.stats, "ward_slots": len(lookups.covered) + len(lookups.uncoverable),
                     "uncoverable": len(lookups.uncoverable), "windows": 0, "local_replan": 1,
                     "reopened_days": sum(end - first for first, end in windows), "reopened_windows": len(windows),
                     "mover_days": sum(end - first for first, end in movers), "no_longer_coverable": len(run.unavoidable),
                     "uncovered_beyond_published": run.beyond,
                     "dropped_duties": len(scope.dropped), "ratio_ceiling": run.ceiling,
                     "above_ceiling_hundredths": round(run.above_caps),
                     "above_ceiling_proven": int(run.above_caps_proven),
                     "shares_from_previous": int(run.basis is not None)},
    )


def _hours(instance: Instance, duties: Iterable[Key]) -> dict[str, float]:
    out: dict[str, float] = {}
    for sid, t in duties:
        out[sid] = out.get(sid, 0.0) + instance.slots[t].duty_hours
    return out
