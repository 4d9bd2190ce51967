"""What a change of shift-code meanings does to the plan, before the plan is made (issue 23).

Setting code `A` to an absence turned 2,991 evening shifts into absences, and the plan quietly
needed 1,134 ward-shifts instead of 1,624. A change of meaning made by hand is compared with the
meanings the files were read with: how many ward-slots need cover, and how many supporter-slots
can take a duty, with and without it. A change that removes more than :data:`NOTABLE_SHARE` of
either is shown with its effect before the plan, and beside the plan made with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Instance

__all__ = ["NOTABLE_SHARE", "CodeEffect", "code_change_effect"]

#: A change that removes more than this share of the demand or of the availability is shown.
NOTABLE_SHARE = 0.03


@dataclass(frozen=True)
class CodeEffect:
    """Demand (ward-slots needing cover) and availability (supporter-slots free for a duty),
    as read and with the meanings chosen by hand; `codes` are the codes changed by hand."""

    codes: tuple[str, ...]
    demand_before: int
    demand_after: int
    available_before: int
    available_after: int

    @staticmethod
    def _lost(before: int, after: int) -> float:
        return max(0, before - after) / before if before else 0.0

    @property
    def demand_lost(self) -> float:
        return self._lost(self.demand_before, self.demand_after)

    @property
    def available_lost(self) -> float:
        return self._lost(self.available_before, self.available_after)

    @property
    def notable(self) -> bool:
        """Removes more than a few percent of the demand or of the availability."""
        return self.demand_lost > NOTABLE_SHARE or self.available_lost > NOTABLE_SHARE


def code_change_effect(as_read: tuple[int, int], chosen: Instance, codes: tuple[str, ...]) -> CodeEffect:
    """Compare the demand and availability counted with the meanings as read (`as_read`: the two
    counts — all that is kept of that instance) with the instance built with the choices."""
    demand, available = as_read
    return CodeEffect(tuple(codes), demand, len(chosen.demand), available, len(chosen.availability))
