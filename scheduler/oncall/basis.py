"""What an on-call slot weighs in load and fairness, on the rules' basis (docs/domain.md, «The on-call
supporter»; docs/fairness.md, «Exposure»). With hours, a slot is `weight` duty hours. With
`fair_share_basis = "exposure"` — fair shares in staff-hours — it is `weight` hours of the staff it
stands for: the staff at work in the wards without a supporter on site then, or, for a night or
holiday the rules ask for with every ward covered on site, in every ward that needs cover then.
Otherwise on-call hours would be added to staff-hour shares: a unit error that makes an on-call
slot almost free under exposure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from scheduler.domain import Instance
from scheduler.oncall.need import Need

__all__ = ["slot_loads", "base_loads", "staff_stood_for"]


def staff_stood_for(heads: Mapping[tuple[str, int], int], t: int, wards: Sequence[str]) -> int:
    """The staff an on-call supporter in slot `t` stands for: those of `wards`, or with none named
    every ward that needs cover in the slot."""
    if wards:
        return sum(heads.get((w, t), 0) for w in wards)
    return sum(n for (_, u), n in heads.items() if u == t)


def slot_loads(instance: Instance, needs: Sequence[Need]) -> dict[int, float]:
    """Per needed slot: what one on-call slot adds to its supporter's load, on the rules' basis."""
    weight = instance.rules.on_call.weight if instance.rules.on_call else 0.0
    if instance.rules.fair_share_basis != "exposure":
        return {n.t: weight for n in needs}
    d = instance.demand
    heads = {(str(w), int(t)): int(h) for w, t, h in zip(d["ward"].tolist(), d["slot"].tolist(),
                                                         d["headcount"].tolist(), strict=True)}
    return {n.t: weight * staff_stood_for(heads, n.t, n.wards) for n in needs}


def base_loads(instance: Instance, burden: pd.DataFrame) -> dict[str, float]:
    """Each supporter's on-site load on the rules' basis: burden.csv's hours, or its exposure."""
    column = "exposure" if instance.rules.fair_share_basis == "exposure" else "hours"
    return {str(s): float(v) for s, v in zip(burden["supporter_id"], burden[column], strict=True)}
