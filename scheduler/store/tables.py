"""A rota's tables as the store keeps them: each DataFrame as CSV text with its column types, read
back with those types; the wards a rota's tables cover; and a kept rota whose reasons named people.

Publications and drafts' plans are kept the same way (scheduler.store.publications,
scheduler.store.drafts), so both read back through these functions; the migration of older stores
(scheduler.store.schema) reads the wards of a kept rota with :func:`wards_of` too.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping

import pandas as pd

from scheduler.model.reason_privacy import has_named_reasons, without_names

__all__ = ["to_text", "from_text", "wards_of", "names_apart"]


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "float"
    return "str"


def to_text(frame: pd.DataFrame) -> tuple[str, str]:
    dtypes = {str(c): _kind(frame[c]) for c in frame.columns}
    return frame.to_csv(index=False, lineterminator="\n"), json.dumps(dtypes)


def from_text(text: str, dtypes_json: str) -> pd.DataFrame:
    dtypes: dict[str, str] = json.loads(dtypes_json)
    if not text.strip():
        return pd.DataFrame({c: pd.Series([], dtype=str) for c in dtypes})
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    for column, kind in dtypes.items():
        if column not in frame.columns:
            continue
        if kind == "bool":
            frame[column] = frame[column].str.lower().isin(["true", "1"])
        elif kind == "int":
            frame[column] = pd.to_numeric(frame[column].mask(frame[column] == "")).astype("Int64")
            if not frame[column].isna().any():
                frame[column] = frame[column].astype("int64")
        elif kind == "float":
            frame[column] = pd.to_numeric(frame[column].mask(frame[column] == "")).astype("float64")
    return frame


def names_apart(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A rota kept before reasons were kept without names: its reasons named people, so they are
    moved apart now (scheduler.model.reason_privacy) — no reader gets a named reason by accident."""
    if "coverage" in tables and not has_named_reasons(tables):
        return without_names(tables)
    return tables


def wards_of(tables: Mapping[str, pd.DataFrame]) -> set[str]:
    """The wards a rota covers (with or without a supporter): those in its assignments or coverage,
    and those its duties cover."""
    wards: set[str] = set()
    for name in ("assignments", "coverage"):
        frame = tables.get(name)
        if frame is not None and "ward" in frame.columns:
            wards |= set(frame["ward"].astype(str))
    duties = tables.get("duties")
    if duties is not None and "wards_covered" in duties.columns:
        wards |= {w for text in duties["wards_covered"].astype(str) for w in text.split(";") if w and w != "nan"}
    return wards

