"""A rota's fair-share base for a later local re-plan, kept beside its tables in the store.

`scheduler solve` writes `replan_basis.json` next to a rota whose fewest duties were proven
(scheduler.solve.replan_shares); a re-plan from the command line reads it with `--previous DIR`.
The app re-plans against the rota in force instead, which lives in the store: so a publication (and
a draft's plan) keeps the same record as one more table, `replan_basis` — one row, the JSON of the
file — and the app's plan job hands it to the re-plan (docs/fairness.md, «A local re-plan»).

A kept base is trusted only when it is its rota's: its needed hours are those its summary states,
proven by that run (or kept by it from a proven one). Even then the re-plan uses it only when its
own instance has the base's key (scheduler.solve.replan_shares.kept_needed); anything else — no
table, a damaged one, another rota's — is no base, and the re-plan splits its own bound as before.
Only ids, slot numbers, counts and hashes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from scheduler.solve.replan_shares import ReplanBasis, basis_text, parse_basis
from scheduler.store.base import StoreBase

__all__ = ["BASIS_TABLE", "basis_table", "kept_basis", "BasisReader"]

#: The table's name among a kept rota's tables.
BASIS_TABLE = "replan_basis"
_COLUMN = "basis_json"


def basis_table(basis: ReplanBasis | None) -> dict[str, pd.DataFrame]:
    """The table to keep beside a rota's tables (nothing when it has no base to keep)."""
    return {} if basis is None else {BASIS_TABLE: pd.DataFrame({_COLUMN: [basis_text(basis)]})}


def _stated(summary: Mapping) -> float | None:
    """The needed hours a rota's summary states, when that run proved them or kept a proven base."""
    fairness = summary.get("fairness")
    model = summary.get("model")
    if not isinstance(fairness, Mapping):
        return None
    kept = isinstance(model, Mapping) and bool(model.get("shares_from_previous"))
    proven = fairness.get("needed_hours_proven") is True and not summary.get("previous_rota")
    value = fairness.get("needed_hours")
    if not (kept or proven) or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def kept_basis(tables: Mapping[str, pd.DataFrame], summary: Mapping) -> ReplanBasis | None:
    """The base kept with a rota, or None: no table, unreadable, or not this rota's (its needed
    hours are not those the rota's summary states as proven or kept)."""
    frame = tables.get(BASIS_TABLE)
    if frame is None or _COLUMN not in frame.columns or len(frame) != 1:
        return None
    basis = parse_basis(str(frame[_COLUMN].iloc[0]))
    stated = _stated(summary)
    if basis is None or stated is None or abs(basis.needed_hours - stated) > 0.0005:  # summary: three decimals
        return None
    return basis


class BasisReader(StoreBase):
    """`replan_bases`: the bases kept with given publications, read without their other tables."""

    def replan_bases(self, publication_ids: Sequence[int]) -> list[ReplanBasis]:
        """The trusted bases (:func:`kept_basis`) of `publication_ids`, in the order given."""
        wanted = [int(p) for p in publication_ids]
        if not wanted:
            return []
        marks = ", ".join("?" for _ in wanted)
        with self._snapshot() as conn:
            rows = conn.execute(f"SELECT p.id, p.summary_json, t.csv, t.dtypes_json FROM publications p JOIN "
                                f"publication_tables t ON t.publication_id = p.id AND t.name = ? WHERE p.id IN ({marks})",
                                (BASIS_TABLE, *wanted)).fetchall()
        found: dict[int, ReplanBasis] = {}
        for pid, summary_json, text, dtypes in rows:
            what = f"publication {pid}"
            basis = kept_basis({BASIS_TABLE: self._table(text, dtypes, what)}, self._dict(summary_json, what))
            if basis is not None:
                found[int(pid)] = basis
        return [found[p] for p in wanted if p in found]
