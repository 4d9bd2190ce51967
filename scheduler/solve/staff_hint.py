"""A warm start for the staff cap's flow variables (`max_staff_per_duty`, docs/fairness.md,
«max_staff_per_duty»): which class's duties name which ward-slot.

Without it CP-SAT had to find those values itself from the duties alone: on M-1 with a cap of 100
(125,000 variables, 3,731 of them duties) completing the greedy start's duties took 9 s, and from
the hint no solution was found in 20 s — so every tier after it kept the greedy start (8.25 ×).
Here each slot's covered wards, largest first, are given to a class on duty that may cover them
and still has room (cap × its duties, and one ward above half the cap per duty); a ward that finds
none is hinted uncovered, so the hint stays a rota of the model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.solve.hint import Hint
    from scheduler.solve.variables import ModelVariables

__all__ = ["staff_flow_hint"]


def staff_flow_hint(v: ModelVariables, on: Mapping[int, Sequence[str]], hint: Hint) -> None:
    """Set every staff flow, and un-hint coverage the flows cannot carry. `on`: per slot, who is on duty."""
    cap = v.staff_cap or 0
    classes_of: dict[tuple[str, int], list] = defaultdict(list)
    for (c, ward, t), var in v.staff_flows.items():
        hint.set(var, 0)
        classes_of[ward, t].append(c)
    by_slot: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for key in classes_of:
        by_slot[key[1]].append(key)
    for t, keys in by_slot.items():
        duties: dict = defaultdict(int)
        for sid in on.get(t, ()):
            duties[v.profiles[sid]] += 1
        room = {c: cap * n for c, n in duties.items()}
        large = dict(duties)  # wards above half the cap each class may still take
        for key in sorted(keys, key=lambda k: (-v.headcount[k], k[0])):
            need = hint.get(v.covered[key]) + (hint.get(v.backup[key]) if key in v.backup else 0)
            got = 0
            big = 2 * v.headcount[key] > cap
            for c in sorted(classes_of[key], key=lambda c: -room.get(c, 0)):
                if got == need:
                    break
                var = v.staff_flows[c, key[0], t]
                if room.get(c, 0) >= v.headcount[key] and (not big or large.get(c, 0) > 0):
                    hint.set(var, 1)
                    room[c] -= v.headcount[key]
                    if big:
                        large[c] -= 1
                    got += 1
            if got < need:  # not carried: the hint leaves it (or its backup) uncovered
                if key in v.backup:
                    hint.set(v.backup[key], 0)
                if got == 0:
                    hint.set(v.covered[key], 0)
