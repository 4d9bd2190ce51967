"""The fairness steps of the planner: measuring the fair shares' base, the largest load ÷ fair share
level by level (site by site where sites share nobody), and the caps that hold what was reached
(docs/fairness.md)."""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable

from ortools.sat.python import cp_model

from scheduler.domain import Instance
from scheduler.model.eligibility import profile
from scheduler.solve import objectives as obj
from scheduler.solve.constraints import add_hard_rules, apply_pins
from scheduler.solve.cpsat import (
    duties_of,
    hint_from_duties,
    solve_model,
)
from scheduler.solve.exposure import (
    even_exposure_start,
    exposure_needed,
    hold_slot_counts,
    slot_counts,
    uses_exposure,
    with_exposure_weights,
)
from scheduler.solve.exposure_bound import heavy_duty_bound
from scheduler.solve.fair_bounds import fewest_duties_lower_bound, forced_loads
from scheduler.solve.fairness import FLAG_RATIO, FairShares, share_weights
from scheduler.solve.greedy import prune_redundant_duties
from scheduler.solve.ratio_bisect import bisect_ratio
from scheduler.solve.results import (
    FairnessResult,
)
from scheduler.solve.sites import site_instance, supporters_by_site
from scheduler.solve.variables import create_variables
from scheduler.tiers import RATIO_SCALE, Tier
from scheduler.units import HOURS_SCALE

__all__ = ["FairnessSteps", "hours_of"]


class FairnessSteps:
    """The planner's fairness steps (a part of `scheduler.solve.planner._Planner`)."""

    def uncovered_by_pool(self) -> dict[str, int] | None:
        """Per site, the coverable ward-slots the coverage rota leaves uncovered; every rota at the
        coverage reached leaves exactly as many there when supporters only cover their own site
        and the coverage is proven: sites share nobody, so each sits at its own least. None
        otherwise (docs/fairness.md)."""
        tier = self.coverage_result()
        if tier is None or not tier.optimal or not self.instance.rules.same_site:
            return None
        on: dict[int, list[str]] = defaultdict(list)
        for sid, t in self.duties:
            on[t].append(sid)
        by_pool: dict[str, int] = defaultdict(int)
        for ward, t in self.v.covered:
            if not any(self.v.fits(self.v.profiles[s], ward) for s in on.get(t, ())):
                by_pool[self.instance.wards[ward].site] += 1
        if sum(by_pool.values()) != self.uncovered_allowed():
            return None  # the rota is not at the coverage proven: no per-site claim
        return dict(by_pool)

    def measure_fair_shares(self, budget: float) -> None:
        """The base of fair shares: the fewest duty hours the coverage reached needs (measured on
        the model, not held), or a proven lower bound on them (docs/fairness.md)."""
        weights = share_weights(self.instance, self.v.slots_of)
        allowed, by_pool = self.uncovered_allowed(), self.by_pool
        hours_each = [s.duty_hours for s in self.instance.slots] or [1.0]
        least_hours, most_hours = min(hours_each), max(hours_each)
        fewest_bound = fewest_duties_lower_bound(self.v, self.instance, allowed, uncovered_by_pool=by_pool)
        needed, proven, found, found_hours = fewest_bound * least_hours, False, None, None
        fewest_rota: set[tuple[str, int]] | None = None
        if not self.large and budget > 0.05 and self.v.duty:
            self.v.model.minimize(sum(round(self.instance.slots[t].duty_hours * HOURS_SCALE) * var
                                      for (_, t), var in self.v.duty.items()))
            start = self.start_from(self.taken(prune_redundant_duties(self.instance, self.duties, self.locked), self.duties))
            run = solve_model(self.v, self.settings, budget, start, self.control)
            if run.solution is not None:
                fewest_rota = duties_of(self.v, run.solution)
                found = len(fewest_rota)
                found_hours = run.value / HOURS_SCALE
                proven = run.value - run.bound <= 1e-9
                needed = found_hours if proven else max(needed, run.bound / HOURS_SCALE)
                fewest_bound = found if proven else max(fewest_bound, math.ceil(run.bound / HOURS_SCALE / most_hours - 1e-9))
        hours_base = None
        if uses_exposure(self.instance):
            # Fairness over exposure (docs/fairness.md, «Exposure»): each slot's duties weigh its
            # staff × hours ÷ its duties in the fewest rota found, or the rota so far without spares.
            first = fewest_rota if fewest_rota is not None else prune_redundant_duties(self.instance, self.duties, self.locked)
            self.instance = with_exposure_weights(self.instance, self.v, first)
            hold_slot_counts(self.v, first)
            self.exposure_counts = slot_counts(first)
            needed, proven = exposure_needed(self.v, self.instance, allowed)
            found_hours = None
            hours_base = sum(self.instance.slots[t].duty_hours for _, t in first)
        if needed <= 0:  # nothing needs cover: shares of nothing; ratios stay 0
            needed = least_hours
        shares = FairShares(needed, proven, weights, found_hours, hours_base=hours_base)
        # After a stop, or with the time spent, only the shares are needed (the figures shown): the
        # forced-load bounds took seconds of a stop at a trust's year (issue 25).
        forced = () if self.control.stopped or self.out_of_time() else tuple(forced_loads(self.v, self.instance, shares, allowed, by_pool))
        shares = FairShares(needed, proven, weights, found_hours, forced, hours_base)
        self.fairness = FairnessResult(shares, found, fewest_bound,
                                       largest_ratio_bound=max([f.ratio for f in forced], default=0.0))

    def fewest_under_caps(self) -> int:
        """A proven lower bound on the duties any rota needs within the fairness caps."""
        if not self.caps:
            return 0
        least = min((round(s.load_hours * HOURS_SCALE) for s in self.instance.slots), default=0)
        duties = {sid: cap // least for sid, cap in self.caps.items()} if least > 0 else None
        return fewest_duties_lower_bound(self.v, self.instance, self.uncovered_allowed(), duties,
                                         uncovered_by_pool=self.by_pool)

    def targets(self) -> dict[str, int]:
        """Fair shares in hundredths of an hour (those with a positive share)."""
        assert self.fairness is not None
        return self.fairness.shares.hundredths()

    def fairness_pools(self) -> list[set[str] | None]:
        """Who the largest ratio is minimised over, one group at a time: each site on its own when
        sites share nobody (`by_pool`), else everybody at once (None). A small site's min-max is
        proven in about a second where the whole model's was not in 30 (docs/fairness.md)."""
        if self.by_pool is None:
            return [None]
        pools: dict[str, set[str]] = defaultdict(set)
        for sid in self.targets():
            pools[profile(self.instance, sid).site].add(sid)
        return list(pools.values()) if len(pools) > 1 else [None]

    def worst_group_first(self, groups: list[set[str] | None], seconds: float, part: float,
                          solve_group: Callable[[set[str] | None, float], float | None]) -> float | None:
        """The largest ratio minimised group by group (sites that share nobody, or None for all):
        the group whose busiest is furthest above first, and a group only while its busiest is
        above what is proven — the optimum is the largest of the independent groups' own. The
        worst gets `part` of the time left (a proof returns the rest). `solve_group` returns the
        bound it proved (thousandths), or None when the locked duties leave no valid rota.
        Returns the proven bound, or None in that case."""
        assert self.fairness is not None
        proven = self.fairness.largest_ratio_bound * RATIO_SCALE
        pending = list(groups)
        started, budget_left = time.perf_counter(), seconds
        while pending and not self.control.stopped:
            current = [self.largest_ratio(self.duties, among) for among in pending]
            worst = max(range(len(pending)), key=current.__getitem__)
            if current[worst] <= proven + 1e-9:
                break  # the rota is at a proven bound: every group left is at or under it
            among = pending.pop(worst)
            left = budget_left if self.settings.deterministic else seconds - (time.perf_counter() - started)
            share = max(0.05, (part if pending else 1.0) * left)
            budget_left -= share  # deterministic runs count each share as spent
            bound = solve_group(among, share)
            if bound is None:
                return None
            proven = max(proven, bound)
        return proven

    def lowest_largest_ratio(self, tier: Tier, number: int, total: int, seconds: float) -> tuple[float, float, bool]:
        """The smallest largest load ÷ fair share (thousandths) on the whole model, and its proven
        bound; False when the locked duties leave no valid rota. Site by site when sites share
        nobody, with everyone capped meanwhile at the rota's largest ratio — it never rises, so
        one site's search cannot make another worse."""
        targets = self.targets()

        def solve_group(among: set[str] | None, share: float) -> float | None:
            if among is not None:  # a cap for all at the rota's largest: valid, and never below the optimum
                top = self.largest_ratio(self.duties)
                obj.load_caps(self.context(), {sid: math.floor(top * t / RATIO_SCALE + 1e-9) for sid, t in targets.items()})
            objective = obj.largest_load_ratio(self.context(), among=among)
            if uses_exposure(self.instance):
                return self.bisect_exposure_ratio(objective, among, share, self.reporter(tier, number, total, RATIO_SCALE))
            self.v.model.minimize(objective.expr)
            watcher, on_bound = self.watch(tier, number, total, objective.scale)
            run = solve_model(self.v, self.settings, share, self.hint, self.control, watcher, on_bound,
                               second_worker=True)
            if run.code == cp_model.INFEASIBLE:
                return None
            if run.solution is not None:
                self.adopt(run.solution)
            return min(run.bound, self.largest_ratio(self.duties, among))  # the rota's own, if an unproven z is above it

        self.start_even_by_exposure()
        proven = self.worst_group_first(self.fairness_pools(), seconds, 0.7, solve_group)
        if proven is None:
            return 0.0, 0.0, False
        value = self.largest_ratio(self.duties)
        return value, max(min(proven, value), 0.0), True

    def bisect_exposure_ratio(self, objective: obj.Objective, among: set[str] | None, seconds: float,
                              report: Callable[[float, float, int], None] | None = None) -> float:
        """Over exposure, the largest ratio by bisection (ratio_bisect.py) from the proven bound —
        the larger of the forced loads and the heavy-duty bound (exposure_bound.py) — to the rota's
        own; returns the proven bound (thousandths). Minimising it directly left M-1 at 1.49–1.74 ×
        with a bound of 0.5–1.15 × (docs/fairness.md, «Exposure»)."""
        assert self.fairness is not None
        current = round(self.largest_ratio(self.duties, among))
        heavy = heavy_duty_bound(self.v, self.instance, self.targets(), self.exposure_counts, current) if among is None else 0
        low = max(math.ceil(self.fairness.largest_ratio_bound * RATIO_SCALE - 1e-6), heavy)
        self.exposure_heavy_bound = heavy
        ratio = objective.expr
        assert isinstance(ratio, cp_model.IntVar)
        found = bisect_ratio(self.v, ratio, self.settings, seconds, self.hint, self.control, low, current,
                             lambda hint: round(self.largest_ratio(duties_of(self.v, hint), among)), on_answer=report)
        if found.hint is not None:
            self.adopt(found.hint)
        self.v.model.minimize(ratio)
        return float(min(found.low, self.largest_ratio(self.duties, among)))

    def start_even_by_exposure(self) -> None:
        """Over exposure, the tier starts from the rota re-chosen by staff-hours (exposure.py,
        `even_exposure_start`) when it keeps every level and its busiest is lower."""
        counts = getattr(self, "exposure_counts", None)
        if not uses_exposure(self.instance) or not counts or self.control.stopped:
            return
        start = even_exposure_start(self.instance, self.duties, self.fairness.shares.targets, counts, self.pins)
        held = slot_counts(start)
        if any(held.get(t, 0) < n for t, n in counts.items()):
            return  # a slot below its held count: not a rota of the model
        if self.taken(start, self.duties) is start and self.largest_ratio(start) < self.largest_ratio(self.duties):
            self.adopt(self.start_from(start))

    def run_fairness_levels(self, tier: Tier, number: int, total: int, budget: float) -> bool:
        """Fairness on the whole-horizon model (docs/fairness.md): first the largest load ÷ fair
        share, held as a cap per supporter; then, when that is above the follow-up line
        (`FLAG_RATIO`) because coverage holds someone there, the load above the line of everyone
        else, as a convex cost — one supporter a small site needs every night must not let the
        others drift up to their level."""
        assert self.fairness is not None
        started = time.perf_counter()
        deadline = started + budget
        targets = self.targets()
        value, bound, ok = self.lowest_largest_ratio(tier, number, total, 0.85 * budget)
        if not ok:
            return False
        self.caps = {sid: math.floor(round(value) * target / RATIO_SCALE + 1e-9) for sid, target in targets.items()}
        obj.load_caps(self.context(), self.caps)
        above_value = 0.0
        if value / RATIO_SCALE > FLAG_RATIO + 1e-9 and not self.control.stopped:
            above = obj.load_above_fair_share(self.context(), from_ratio=FLAG_RATIO)
            self.v.model.minimize(above.expr)
            seconds = 0.15 * budget if self.settings.deterministic else max(0.05, deadline - time.perf_counter())
            second = solve_model(self.v, self.settings, seconds, self.hint, self.control)
            if second.solution is not None:
                self.adopt(second.solution)
            above_value = self.hint.objective_value(self.v.model)
            above.hold(self.v.model, round(above_value))
        self.record(tier, value, bound, cp_model.FEASIBLE, time.perf_counter() - started, RATIO_SCALE)
        ratios = self.fairness.shares.ratios(hours_of(self.instance, self.duties))
        over = tuple(sorted(sid for sid, r in ratios.items() if r is not None and r > FLAG_RATIO + 1e-9))
        self.fairness = FairnessResult(self.fairness.shares, self.fairness.fewest_duties, self.fairness.fewest_duties_bound,
                                       ((value / RATIO_SCALE, over),),
                                       max(self.fairness.largest_ratio_bound, bound / RATIO_SCALE))
        self.done.append((tier, value))
        self.held_above_flag = above_value
        return True

    def fair_sites(self, tier: Tier, number: int, total: int, seconds: float) -> float:
        """Large hospitals whose sites share nobody: the largest ratio minimised site by site, each
        site on its own whole-year model (`worst_group_first`). Returns the proven bound
        (thousandths). On a generated 100-ward year with a small site and a staff unit the fair
        re-selection lost 1,218 ward-slots (night limits over the year), and the windows left the
        busiest at 5.8 ×; site by site it is 4.4 ×, with 4.2 × proven (docs/fairness.md)."""
        targets = self.targets()
        sites = sorted(supporters_by_site(self.instance).items())
        groups: list[set[str] | None] = [members & targets.keys() for _, members in sites]
        site_of = {id(group): site for group, (site, _) in zip(groups, sites, strict=True)}
        report = self.reporter(tier, number, total, RATIO_SCALE)
        solved = 0

        def solve_group(members: set[str] | None, share: float) -> float:
            nonlocal solved
            assert members is not None
            bound = self.improve_site(site_of[id(members)], members, share) if share > 0.2 else 0.0
            solved += 1
            report(self.largest_ratio(self.duties), min(bound, self.largest_ratio(self.duties)), solved)
            return bound

        return self.worst_group_first(groups, seconds, 0.6, solve_group) or 0.0

    def improve_site(self, site: str, members: set[str], seconds: float) -> float:
        """The largest ratio among a site's supporters minimised on the site's whole-year model,
        every earlier tier held at the site's own value; returns the proven bound (thousandths),
        0 when the held values are not each site's proven own (then only the rota improves)."""
        sub = site_instance(self.instance, site, members)
        v = create_variables(sub, check=self.control.check)
        if not v.duty:
            return 0.0
        add_hard_rules(v, sub, check=self.control.check)
        apply_pins(v, sub, [p for p in self.pins if p.supporter_id in members])
        mine = {k for k in self.duties if k[0] in members}
        hint = hint_from_duties(v, mine)
        ctx = obj.TierContext(v, sub, hint, self.fairness.shares if self.fairness else None, self.previous, even=self.even)
        for done, _ in self.done:
            held = obj.build(done, ctx)
            v.model.minimize(held.expr)
            held.hold(v.model, round(hint.objective_value(v.model)))
        objective = obj.largest_load_ratio(ctx, among=members)
        v.model.minimize(objective.expr)
        run = solve_model(v, self.settings, seconds, hint, self.control, second_worker=True)
        if run.solution is not None:
            self.duties = (self.duties - mine) | duties_of(v, run.solution)
        # Each site at its own optimum of every earlier tier holds only for proven coverage tiers.
        results = {t.name: t for t in self.tiers}
        own = all(done.coverage and not done.counts_changes and results[done.name].optimal for done, _ in self.done)
        if not own or run.code == cp_model.INFEASIBLE:
            return 0.0
        return min(run.bound, self.largest_ratio(self.duties, members))

    def largest_ratio(self, duties: Iterable[tuple[str, int]], among: set[str] | None = None) -> float:
        """The largest load ÷ fair share of a rota (over `among`, default all), in thousandths
        (rounded up, as the model does)."""
        hours = hours_of(self.instance, duties)
        return float(max([math.ceil(round(hours.get(s, 0) * HOURS_SCALE) * RATIO_SCALE / t)
                          for s, t in self.targets().items() if among is None or s in among], default=0))

    def caps_after_windows(self, value: float) -> dict[str, int]:
        """Caps that keep the fairness reached: nobody above the largest ratio, and nobody who is at
        or under `FLAG_RATIO` of their share rises above it later."""
        loads = {sid: round(h * HOURS_SCALE) for sid, h in hours_of(self.instance, self.duties).items()}
        caps = {}
        for sid, target in self.targets().items():
            top = math.floor(round(value) * target / RATIO_SCALE + 1e-9)
            caps[sid] = min(top, max(loads.get(sid, 0), math.floor(FLAG_RATIO * target + 1e-9)))
        return caps


def hours_of(instance: Instance, duties: Iterable[tuple[str, int]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for sid, t in duties:
        out[sid] = out.get(sid, 0.0) + instance.slots[t].load_hours
    return out
