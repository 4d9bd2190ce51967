"""The levels the planner holds: each tier keeps what the earlier ones reached. A rota made outside
a model (the fair re-selection, spare duties dropped) is taken only when it keeps them, so a
re-plan's changes stay as the changes tier left them (docs/fairness.md, "Re-planning"); at the end
every tier's value is counted again on the rota returned."""


from __future__ import annotations

from dataclasses import replace

from scheduler.solve.fair_steps import hours_of
from scheduler.tiers import Tier
from scheduler.units import HOURS_SCALE

__all__ = ["LevelsHeld"]


class LevelsHeld:
    """The planner's levels held (a part of `scheduler.solve.planner._Planner`)."""

    def broken(self, duties: set[tuple[str, int]]) -> list[Tier]:
        """The tiers already run whose level a rota does not keep: its value, counted on the whole
        rota without a model (scheduler.solve.tier_values), above the value the tier reached — for
        fairness, someone above their cap.

        Each tier holds every earlier one at the level it reached: as a constraint on the whole
        model, and in every window and site model at the value the current rota has there, which
        is the level only while the current rota keeps it. A rota made outside a model (spare
        duties dropped, the fair re-selection) knows nothing of those levels; `taken` checks it
        before it replaces the current rota (docs/fairness.md, "Re-planning")."""
        out = []
        loads = hours_of(self.instance, duties)
        for tier, value in self.done:
            if tier.kind == "ratio" and self.caps:
                if any(round(loads.get(sid, 0.0) * HOURS_SCALE) > cap for sid, cap in self.caps.items()):
                    out.append(tier)
            elif self.value_on_whole(tier, duties) > round(value):
                out.append(tier)
        return out

    def restate(self) -> None:
        """Each tier's value as the rota returned has it. Later tiers hold every level at or below
        the value reached and may lower it where it was not proven; the figures stated (command
        line, summary.json, the app) are then those of the files (docs/semantics.md, "Priorities").
        A tier only counted, not held (`counted_only`), is counted again on the rota returned."""
        held = {tier.name: tier for tier, _ in self.done} | {tier.name: tier for tier in self.counted_only}
        for i, result in enumerate(self.tiers):
            tier = held.get(result.name)
            if tier is None:
                continue
            value = self.value_on_whole(tier) / tier.scale
            if abs(value - result.value) <= 1e-9:
                continue
            bound = min(result.bound, value)
            self.tiers[i] = replace(result, value=value, bound=bound,
                                    status="OPTIMAL" if value - bound <= 1e-9 else result.status)

    @staticmethod
    def won_back(tier: Tier) -> bool:
        """Coverage a window wins back first when a rota lost it; a re-plan's changes are not won
        back — a window can only keep what the rota it starts from has."""
        return tier.coverage and not tier.counts_changes

    def taken(self, candidate: set[tuple[str, int]], otherwise: set[tuple[str, int]], *,
              win_back: bool = False) -> set[tuple[str, int]]:
        """`candidate` when it keeps every level held (with `win_back`: when it loses only coverage,
        which the windows win back first), else `otherwise`. On a re-plan this keeps the fair
        re-selection and the dropping of spare duties from undoing the changes tier: on a year they
        had turned 20 changed duties into 1,541 (docs/fairness.md, "Re-planning")."""
        lost = self.broken(candidate)
        if lost and (not win_back or self.holds_changes() or not all(self.won_back(t) for t in lost)):
            return otherwise  # a window wins coverage back by changing duties: not when changes are held
        return candidate

    def holds_changes(self) -> bool:
        """A re-plan whose changes tier has run: every later step keeps its changes."""
        return any(t.counts_changes for t, _ in self.done)

    def settled(self, first_day: int, end_day: int) -> bool:
        """A window of a re-plan that holds no change: with the changes held, every duty in it must
        stay as published, so solving it cannot change anything (its time goes to those that can)."""
        if not self.holds_changes():
            return False
        per_day = len(self.instance.rules.slots)
        return not any(first_day * per_day <= t < end_day * per_day for _, t in self.duties ^ self.previous)

