"""One rounding rule for the fairness figures (load ÷ fair share) wherever a page shows them.

A load was shown as 1,86 × on one line and its proven bound as 1,87 × on the next, and the same
publication read 1,86 on *Belastning* and 1,87 on *Oppfølging*: each figure was rounded its own
way, from numbers kept at different precision. The rule, everywhere:

- a load (what someone carries) is rounded half up to two decimals from its thousandths — the
  precision `burden.csv` keeps (docs/outputs.md) — so figures from the same thousandths agree;
- a bound (what no rota can go below) is rounded *down* to two decimals, so it never reads above
  the truth, and never above a load it bounds;
- a bound proven equal to the load is shown as the load (the pages say so, with one figure).
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

__all__ = ["shown_ratio", "shown_bound"]

_THOUSANDTHS = Decimal("0.001")
_HUNDREDTHS = Decimal("0.01")


def _exact(value: float) -> Decimal | None:
    if value is None or not math.isfinite(float(value)):
        return None
    return Decimal(repr(round(float(value), 9)))  # the float as written, without binary noise


def shown_ratio(value: float | None) -> float | None:
    """A load ÷ fair share as shown: half up to two decimals, from its thousandths (1.8645 → 1.865 → 1.87)."""
    exact = _exact(value)
    if exact is None:
        return None
    return float(exact.quantize(_THOUSANDTHS, ROUND_HALF_UP).quantize(_HUNDREDTHS, ROUND_HALF_UP))


def shown_bound(value: float | None) -> float | None:
    """A proven lower bound as shown: down to two decimals (1.869 → 1.86), never above the truth."""
    exact = _exact(value)
    if exact is None:
        return None
    return float(exact.quantize(_HUNDREDTHS, ROUND_FLOOR))
