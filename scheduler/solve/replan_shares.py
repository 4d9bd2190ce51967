"""The base of a local re-plan's fair shares: the published rota's proven needed hours, when the
change cannot have lowered them (docs/fairness.md, «A local re-plan»).

A published rota splits N, the fewest duty hours the coverage it reached needs (proven on a
smaller hospital). A local re-plan measures no fewest; it split its own proven lower bound (409
duties on M-1 against the published 458), so every target in its burden.csv was ~10 % smaller
and every ratio ~11 % larger for the same duties. It now splits N when that is sound:

Let R(I, c) be the rotas of instance I within every hard rule and pin whose coverage tiers are
each at most c; N = min hours over R(I, c) (proven). A re-plan's instance I' with the same slots,
demand, staffing, wards, rules, employees and supporters (but for the dates they are unavailable
and their count of recent conversations, which only weighs the shares), its available
(supporter, slot) pairs a subset of I's and its pins a superset of I's, admits no rota that I does
not: R(I', c) ⊆ R(I, c). A re-plan whose coverage tiers end at c' ≤ c has R(I', c') ⊆ R(I', c). So
min hours over R(I', c') ≥ N: N is a proven lower bound on what the re-plan's coverage needs —
the needed hours' definition when the fewest is not measured. Sick leave is such a change. A new
supporter, a limit raised, a pin removed, changed turnus rows — or a re-plan that ends covering
less than the published rota — could lower the fewest: then the re-plan's own bound, as before.

The published rota's folder keeps what this needs in `replan_basis.json` (:func:`basis_files`; the
store keeps the same text beside a publication, scheduler.store.replan_basis):
N, the coverage tiers' values, a SHA-256 of the instance but its availability, the availability
as runs of slots, and the pins. A missing, unreadable or other-format file is only a basis not
kept: the re-plan's own bound is used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from scheduler.domain import Instance, Pin
from scheduler.io.input_limits import MAX_FILE_BYTES
from scheduler.io.instance_cache import canonical
from scheduler.solve.cover_lookups import CoverLookups
from scheduler.solve.fair_bounds import fewest_duties_lower_bound, forced_loads
from scheduler.solve.fairness import FairShares, share_weights
from scheduler.solve.results import FairnessResult, SolveResult
from scheduler.tiers import Tier, tier_order

__all__ = ["BASIS_FILE", "ReplanBasis", "basis_of", "basis_files", "basis_text", "parse_basis", "read_basis",
           "kept_needed", "coverage_within", "local_fair_shares", "pin_keys", "fixed_key"]

BASIS_FILE = "replan_basis.json"
_FORMAT = 1
#: Supporter fields that only weigh the shares or are not read by the model at all: not in the key.
_NOT_IN_KEY = {"unavailable", "recent_activity"}


@dataclass(frozen=True)
class ReplanBasis:
    """What a published rota's needed hours rest on (see the module's docstring)."""

    needed_hours: float
    coverage: Mapping[str, float]  # each coverage tier held when the fewest was measured: its value
    fixed: str  # SHA-256 of the instance but its availability
    available: Mapping[str, tuple[tuple[int, int, str], ...]]  # supporter → runs (first slot, last slot, via)
    pins: frozenset[str]


def _frame_digest(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    part = frame[list(columns)].sort_values(list(columns)).reset_index(drop=True)
    return hashlib.sha256(pd.util.hash_pandas_object(part, index=False).to_numpy().tobytes()).hexdigest()


def _dump(model, **kwargs) -> object:
    return canonical(model.model_dump(mode="python", **kwargs))


def fixed_key(instance: Instance) -> str:
    """SHA-256 of everything the model's rotas depend on but the availability (compared as a set)."""
    described = {
        "rules": _dump(instance.rules),
        "wards": {k: _dump(v) for k, v in sorted(instance.wards.items())},
        "employees": {k: _dump(v) for k, v in sorted(instance.employees.items())},
        "supporters": {k: _dump(v, exclude=_NOT_IN_KEY) for k, v in sorted(instance.supporters.items())},
        "slots": [_dump(s) for s in instance.slots],
        "demand": _frame_digest(instance.demand, list(instance.demand.columns)),
        "staffing": _frame_digest(instance.staffing, ["ward", "slot", "headcount"]),
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _runs(instance: Instance) -> dict[str, tuple[tuple[int, int, str], ...]]:
    """Each supporter's available slots as runs of consecutive slots with the same `via`."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    frame = instance.availability[["supporter_id", "slot", "via"]].sort_values(["supporter_id", "slot"])
    for sid, t, via in frame.itertuples(index=False):
        t = int(t)
        runs = out.setdefault(str(sid), [])
        if runs and runs[-1][1] == t - 1 and runs[-1][2] == via:
            runs[-1] = (runs[-1][0], t, via)
        else:
            runs.append((t, t, str(via)))
    return {sid: tuple(r) for sid, r in out.items()}


def pin_keys(pins: Iterable[Pin]) -> frozenset[str]:
    return frozenset(json.dumps(_dump(p), sort_keys=True, default=str) for p in pins)


def _held_before_shares(plan: Sequence[Tier]) -> list[Tier] | None:
    """The tiers held when the fewest was measured (those before the first needing shares), or
    None when one of them is not a coverage tier (then N is the fewest under that tier too)."""
    at = next((i for i, t in enumerate(plan) if t.needs_fair_shares), None)
    held = list(plan[:at]) if at is not None else None
    return held if held is not None and all(t.coverage and not t.counts_changes for t in held) else None


def basis_of(instance: Instance, result: SolveResult, pins: Iterable[Pin], *, previous: bool) -> ReplanBasis | None:
    """The basis a later re-plan may keep, or None: a full run's proven fewest (not a re-plan's, whose
    fewest was measured with its changes held), or a local re-plan's basis kept from its own previous."""
    shares = result.fairness.shares if result.fairness is not None else None
    kept = bool(result.model_stats.get("shares_from_previous"))
    if shares is None or instance.rules.fair_share_basis != "hours" or not (kept or (shares.needed_proven and not previous)):
        return None
    held = _held_before_shares(tier_order(instance.rules.priorities, redundancy=instance.rules.redundancy, previous=False))
    values = {t.name: t.value for t in result.tiers}
    if held is None or any(t.name not in values for t in held):
        return None
    return ReplanBasis(shares.needed_hours, {t.name: values[t.name] for t in held}, fixed_key(instance),
                       _runs(instance), pin_keys(pins))


def basis_text(basis: ReplanBasis) -> str:
    """The basis as JSON, as `replan_basis.json` and a publication in the store keep it."""
    record = {"format": _FORMAT, "note": "The fair shares' base a local re-plan keeps while only availability is "
              "removed (docs/fairness.md).", "needed_hours": basis.needed_hours,
              "coverage": dict(basis.coverage), "fixed": basis.fixed,
              "available": {sid: [list(r) for r in runs] for sid, runs in sorted(basis.available.items())},
              "pins": sorted(basis.pins)}
    return json.dumps(record, separators=(",", ":"))


def basis_files(basis: ReplanBasis | None) -> dict[str, bytes]:
    """`replan_basis.json` for the rota folder (nothing when there is no basis to keep)."""
    return {} if basis is None else {BASIS_FILE: basis_text(basis).encode("utf-8")}


def parse_basis(text: str) -> ReplanBasis | None:
    """The basis :func:`basis_text` wrote, or None (unreadable, another format)."""
    try:
        record = json.loads(text)
        if record.get("format") != _FORMAT:
            return None
        return ReplanBasis(float(record["needed_hours"]), {str(k): float(v) for k, v in record["coverage"].items()},
                           str(record["fixed"]),
                           {str(sid): tuple((int(a), int(b), str(v)) for a, b, v in runs)
                            for sid, runs in record["available"].items()},
                           frozenset(str(p) for p in record["pins"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_basis(folder: Path | None) -> ReplanBasis | None:
    """The basis kept next to a published rota, or None (missing, too large, unreadable, another format)."""
    path = None if folder is None else Path(folder) / BASIS_FILE
    try:
        if path is None or not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        return parse_basis(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _within(available: Mapping[str, tuple[tuple[int, int, str], ...]], instance: Instance) -> bool:
    """Every (supporter, slot, via) available now was available in the published rota's instance."""
    for sid, rows in instance.availability.groupby("supporter_id", sort=False):
        runs = sorted(available.get(str(sid), ()))
        if not runs:
            return False
        starts, ends = np.array([r[0] for r in runs]), np.array([r[1] for r in runs])
        vias = np.array([r[2] for r in runs], dtype=object)
        slots = rows["slot"].to_numpy(dtype=np.int64)
        at = np.searchsorted(starts, slots, side="right") - 1
        inside = (at >= 0) & (slots <= ends[np.maximum(at, 0)])
        if not inside.all() or not (vias[at] == rows["via"].to_numpy(dtype=object)).all():
            return False
    return True


def kept_needed(basis: ReplanBasis | None, instance: Instance, pins: Iterable[Pin]) -> ReplanBasis | None:
    """`basis` when the re-plan's instance admits no rota the published one did not (same key,
    availability a subset, pins a superset); else None. The coverage is compared at the end
    (:func:`coverage_within`)."""
    if basis is None or instance.rules.fair_share_basis != "hours" or not basis.pins <= pin_keys(pins):
        return None
    if fixed_key(instance) != basis.fixed or not _within(basis.available, instance):
        return None
    return basis


def coverage_within(basis: ReplanBasis, values: Mapping[str, float]) -> bool:
    """Each coverage tier the published fewest was measured under is at most its value there."""
    return all(name in values and values[name] <= value + 1e-9 for name, value in basis.coverage.items())


def local_fair_shares(instance: Instance, lookups: CoverLookups, uncovered_allowed: int,
                      kept: ReplanBasis | None = None) -> FairnessResult:
    """The fair shares as the full run has them on a large hospital: the needed hours from the
    proven lower bound on the duties the coverage needs, the forced loads, no model — or, when the
    change cannot have lowered it (`kept`, scheduler.solve.replan_shares), the published rota's
    proven needed hours where they are larger (docs/fairness.md)."""
    weights = share_weights(instance, lookups.slots_of)
    least = min((s.duty_hours for s in instance.slots), default=1.0) or 1.0
    fewest = fewest_duties_lower_bound(lookups, instance, uncovered_allowed)
    needed = fewest * least if fewest > 0 else least
    if kept is not None:
        needed = max(needed, kept.needed_hours)  # the duty count's bound stays this run's own
    shares = FairShares(needed, False, weights)
    forced = tuple(forced_loads(lookups, instance, shares, uncovered_allowed))
    return FairnessResult(FairShares(needed, False, weights, None, forced), None, fewest,
                          largest_ratio_bound=max([f.ratio for f in forced], default=0.0))
