"""The windows of weeks a large hospital's later tiers are improved in: each window small enough
for CP-SAT to solve in a second or two, every earlier tier's level held (docs/fairness.md)."""

from __future__ import annotations

import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.errors import Stopped
from scheduler.solve import objectives as obj
from scheduler.solve.constraints import add_hard_rules, apply_pins
from scheduler.solve.cpsat import (
    duties_of,
    hint_from_duties,
    solve_model,
)
from scheduler.solve.greedy import prune_redundant_duties
from scheduler.solve.rebalance import fair_reselection
from scheduler.solve.results import (
    FairnessResult,
)
from scheduler.solve.sites import supporters_by_site
from scheduler.solve.tier_values import tier_value
from scheduler.solve.variables import create_variables
from scheduler.solve.windows import short_slots, week_starts, window
from scheduler.tiers import RATIO_SCALE, Tier

__all__ = ["WindowSteps"]

#: Days per window, and the most seconds a window's solve may take.
_WINDOW_DAYS = 14
_WINDOW_SECONDS = 1.5
#: Share of a windowed fairness tier spent on whole-year site models when sites share nobody.
_SITES_SHARE = 0.7
#: Weight of the largest ratio against the convex cost of load above shares in a window's objective,
#: and of coverage being won back against both.
_RATIO_WEIGHT = 1_000_000
_RESTORE_WEIGHT = 100_000_000_000
#: On a large hospital a coverage tier may use this much of the time left (it ends once proven).
_LARGE_COVERAGE_SHARE = 0.6
#: Windows that win back lost coverage may run past the limit (each at most `_WINDOW_SECONDS`).
_WIN_BACK_PAST_LIMIT = 3
_FINISH_PER_ROW = 2e-5  # seconds per ward-slot with demand to finish a windowed tier


class WindowSteps:
    """The planner's window steps (a part of `scheduler.solve.planner._Planner`)."""

    def large_coverage_budget(self, tier: Tier, budget: float) -> float:
        """On a large hospital a coverage tier may take most of what is left: it ends when proven
        (5–8 s at a trust's year), and everything after starts from it — under load its weighted
        share ran out before a first rota (L-1 at load 7: 585 uncovered, unproven, busiest 14.8 ×)."""
        if not (self.large and tier.coverage) or self.settings.deterministic:
            return budget
        return max(budget, _LARGE_COVERAGE_SHARE * self.clock.left())

    def fair_anyway(self, tier: Tier) -> bool:
        """A large hospital's fairness tier runs even when the limit is spent: its fair re-selection
        takes a second or two without CP-SAT, where skipping it left the coverage rota's busiest at
        15.4 × (L-2 at load 7, `--time-limit 45`); only the windows winning back what it lost run then."""
        return self.large and tier.kind == "ratio" and not self.settings.deterministic

    def windows(self, sweep: int) -> list[tuple[int, int]]:
        """Windows of `_WINDOW_DAYS` from every other week start; odd sweeps shift by a week."""
        starts = week_starts(self.instance)
        days = (self.instance.slots[-1].date - self.instance.slots[0].date).days + 1 if self.instance.slots else 0
        return [(d, min(days, d + _WINDOW_DAYS)) for d in starts[sweep % 2::2]]

    def coverage_lost(self) -> list[Tier]:
        """Coverage tiers held at a value the current rota no longer reaches (the windows win it back)."""
        return [t for t in self.broken(self.duties) if self.won_back(t)]

    def run_in_windows(self, tier: Tier, number: int, total: int, budget: float) -> None:
        """A tier improved window by window; every tier before it holds its value in each window. A
        whole-model tier (scheduler.tiers, `whole_model`) is counted on the rota instead, not held."""
        started = time.perf_counter()
        if tier.whole_model:
            shares = self.fairness.shares if self.fairness else None
            value = tier_value(tier.name, self.instance, self.duties, shares=shares, previous=self.previous, even=self.even)
            self.record(tier, value, 0.0, cp_model.FEASIBLE, 0.0, tier.scale)
            self.counted_only.append(tier)
            return
        # Counting the tier's value and rebuilding the whole-model hint afterwards take time of
        # their own on a large hospital; the windows stop early enough for it.
        deadline = started + budget - _FINISH_PER_ROW * len(self.instance.demand)
        scale = tier.scale
        safe = set(self.duties)  # valid and at the coverage reached: the fallback
        ratio_bound = self.fairness.largest_ratio_bound * RATIO_SCALE if self.fairness else 0.0
        if tier.kind == "ratio":
            start = self.taken(prune_redundant_duties(self.instance, self.duties, self.locked), self.duties)
            if self.by_pool is not None and len(supporters_by_site(self.instance)) > 1:
                self.duties = start  # each site all year from the coverage rota: coverage stays as proven
                ratio_bound = max(ratio_bound, self.fair_sites(tier, number, total, _SITES_SHARE * budget))
            else:  # on a re-plan, what the published rota has of `start` stays (docs/fairness.md, "Re-planning")
                fair = fair_reselection(self.instance, start, self.fairness.shares.targets, self.pins,
                                        keep=start & self.previous, check=self.control.check)
                self.duties = self.taken(fair, start, win_back=True)
        report = self.reporter(tier, number, total, scale)
        lost = self.coverage_lost()
        sweep, solved = 0, 0
        limit = 2 * len(self.windows(0)) + 2 if self.settings.deterministic else None

        def out_of_time() -> bool:
            return time.perf_counter() >= deadline if limit is None else solved >= limit

        def run_out() -> bool:  # the run's own deadline (not counted in deterministic runs)
            return not self.settings.deterministic and self.clock.left() <= _FINISH_PER_ROW * len(self.instance.demand)

        if lost:  # also when the limit is spent (a large hospital's fairness runs then too)
            lost = self.win_back(tier, sweep, safe, lost, run_out)
        while not self.control.stopped and not run_out() and sweep < 50:
            if lost and sweep > 0:
                lost = self.win_back(tier, sweep, safe, lost, run_out)
            for first_day, end_day in self.windows(sweep):
                if self.control.stopped or run_out() or (out_of_time() and not lost):
                    break
                if not lost and self.settled(first_day, end_day):
                    continue
                seconds = _WINDOW_SECONDS if self.settings.deterministic else \
                    min(_WINDOW_SECONDS, max(0.2, self.clock.left() if lost else deadline - time.perf_counter()))
                try:
                    value = self.improve_window(tier, first_day, end_day, seconds, lost)
                except Stopped:  # stopped while the window was built: the rota stands as it is
                    break
                solved += 1
                if value is not None and tier.kind == "ratio":
                    report(value, float("nan"), solved)
            sweep += 1
            lost = self.coverage_lost()
            if lost and sweep >= 2:
                # Not won back in two sweeps (a limit over the whole year, say): the coverage rota,
                # without its spare duties, is improved instead — coverage held in every window.
                self.duties = self.taken(prune_redundant_duties(self.instance, safe, self.locked), safe)
                lost = self.coverage_lost()
            if out_of_time() and not lost:
                break
        if lost:  # coverage could not be won back in time: the coverage rota stands
            self.duties = self.taken(prune_redundant_duties(self.instance, safe, self.locked), safe)
        if not self.control.stopped:  # only a later tier starts from it
            self.hint = hint_from_duties(self.v, self.duties)
        value = self.value_on_whole(tier)
        bound = 0.0
        if tier.kind == "ratio":
            bound = ratio_bound
        elif tier.counts_duties and self.fairness is not None:
            bound = float(max(self.fairness.fewest_duties_bound, self.fewest_under_caps()))
        self.record(tier, value, bound, cp_model.FEASIBLE, time.perf_counter() - started, scale)
        if tier.kind == "ratio":
            self.caps = self.caps_after_windows(value)
            self.fairness = FairnessResult(self.fairness.shares, self.fairness.fewest_duties,
                                           self.fairness.fewest_duties_bound,
                                           ((value / RATIO_SCALE, tuple(sorted(self.targets()))),),
                                           min(ratio_bound, value) / RATIO_SCALE)
        self.done.append((tier, value))

    def win_back(self, tier: Tier, sweep: int, reference: set[tuple[str, int]], lost: list[Tier],
                 run_out: Callable[[], bool]) -> list[Tier]:
        """The windows holding a slot the rota covers less of than `reference` (the coverage rota),
        solved first and again while coverage stays lost (a window wins back its first lost tier
        per solve); returns what is still lost. On L-2 the fair re-selection lost two days of one
        window: in date order the whole sweep ran before they were counted again, and under load
        the time ran out first — the coverage rota stood, 8.7 × where 1.22 × is reached."""
        per_day = len(self.instance.rules.slots)
        solved = 0
        for _ in range(len(lost) + 1):
            short = {t // per_day for t in short_slots(self.instance, self.duties, reference)}
            holding = [w for w in self.windows(sweep) if any(w[0] <= d < w[1] for d in short)]
            if not holding:
                break
            for first_day, end_day in holding:
                # The first few even past the limit: without them the coverage rota stands (above).
                if self.control.stopped or (run_out() and solved >= _WIN_BACK_PAST_LIMIT):
                    return lost
                solved += 1
                seconds = _WINDOW_SECONDS if self.settings.deterministic else \
                    min(_WINDOW_SECONDS, max(1.0, self.clock.left()))
                try:
                    self.improve_window(tier, first_day, end_day, seconds, lost)
                except Stopped:
                    return lost
            lost = self.coverage_lost()
            if not lost:
                break
        return lost

    def value_on_whole(self, tier: Tier, duties: set[tuple[str, int]] | None = None) -> float:
        """A tier's value for a rota (default: the current one), in model units, counted without a model."""
        return tier_value(tier.name, self.instance, self.duties if duties is None else duties,
                          shares=self.fairness.shares if self.fairness else None, previous=self.previous, even=self.even)

    def improve_window(self, tier: Tier, first_day: int, end_day: int, seconds: float, lost: list[Tier]) -> float | None:
        """Re-plan one window with everything outside it given; returns the tier's window value.

        Tiers before this one hold their window values, except coverage that the fair
        re-selection gave up (`lost`): the window wins it back first, in the same solve, with a
        weight above everything else."""
        w = window(self.instance, first_day, end_day, self.duties)
        v = create_variables(w.instance, slot_range=w.slot_range, check=self.control.check)
        if not v.duty:
            return None
        add_hard_rules(v, w.instance, check=self.control.check)
        lo, hi = w.slot_range
        apply_pins(v, w.instance, [p for p in self.pins
                                   if (t := self.instance.slot_index(p.date, p.slot)) is not None and lo <= t < hi])
        for key in w.fixed:
            if key in v.duty:
                v.model.add(v.duty[key] == 1)
        hint = hint_from_duties(v, w.inside(self.duties) | set(w.fixed))
        ctx = obj.TierContext(v, w.instance, hint, self.fairness.shares if self.fairness else None, self.previous,
                              w.outside_hours, w.outside_nights_weekends, self.even)
        first_lost: obj.Objective | None = None
        for done, _ in self.done:
            if done.kind == "ratio":
                obj.load_caps(ctx, self.caps)
                continue
            held = obj.build(done, ctx)
            if done in lost and first_lost is None:
                first_lost = held  # won back in this solve, weighted above the tier itself
                continue
            v.model.minimize(held.expr)
            held.hold(v.model, round(hint.objective_value(v.model)))
        objective = obj.build(tier, ctx)
        expr = objective.expr
        if tier.kind == "ratio":
            if first_lost is None:  # the largest ratio never grows in a window
                v.model.minimize(objective.expr)
                v.model.add(objective.expr <= round(hint.objective_value(v.model)))
            expr = _RATIO_WEIGHT * objective.expr + obj.load_above_fair_share(ctx).expr
        if first_lost is not None:
            expr = _RESTORE_WEIGHT * first_lost.expr + expr
        v.model.minimize(expr)
        run = solve_model(v, self.settings, seconds, hint, self.control)
        best = run.solution or hint
        self.duties = (self.duties - w.inside(self.duties)) | (duties_of(v, best) - set(w.fixed))
        v.model.minimize(objective.expr)
        return best.objective_value(v.model)
