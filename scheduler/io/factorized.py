"""A column factorized into integer codes and its distinct values: the fast path of the turnus reader.

A 1.4-million-row turnus has a few thousand distinct ids, a few hundred dates and a few dozen
codes. Parsing, stripping and checking each distinct value once and mapping back by integer codes
keeps the reader in seconds and avoids a Python string object per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["Factorized"]

_STR = pd.Series([], dtype=str).dtype


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    return "" if value is None or value != value else str(value)  # NaN (a missing field) is ""


@dataclass(frozen=True)
class Factorized:
    codes: np.ndarray  # int32 positions into uniques
    uniques: list[str]  # may repeat after a mapping; only positions matter

    @classmethod
    def of(cls, values: pd.Series | np.ndarray | Sequence[Any]) -> Factorized:
        codes, uniq = pd.factorize(values if isinstance(values, pd.Series) else np.asarray(values, dtype=object),
                                   use_na_sentinel=False)
        return cls(np.asarray(codes, dtype=np.int32), [_text(u) for u in uniq])

    @classmethod
    def constant(cls, value: str, n: int) -> Factorized:
        return cls(np.zeros(n, dtype=np.int32), [value])

    @classmethod
    def concat(cls, parts: Sequence[Factorized]) -> Factorized:
        """One column from parts in order (chunks of a file, or the date columns of a wide sheet)."""
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return cls(np.zeros(0, dtype=np.int32), [])
        every = np.array([u for part in parts for u in part.uniques], dtype=object)
        remap, uniques = pd.factorize(every) if len(every) else (np.zeros(0, dtype=np.int64), [])
        remap = np.asarray(remap, dtype=np.int32)
        codes, offset = [], 0
        for part in parts:
            codes.append(remap[offset:offset + len(part.uniques)][part.codes] if len(part.codes) else part.codes)
            offset += len(part.uniques)
        return cls(np.concatenate(codes), [str(u) for u in uniques])

    def __len__(self) -> int:
        return len(self.codes)

    def map(self, fn: Callable[[str], Any], dtype: Any = object) -> np.ndarray:
        table = np.array([fn(u) for u in self.uniques], dtype=dtype) if self.uniques else np.zeros(1, dtype=dtype)
        return table[self.codes] if len(self.codes) else np.zeros(0, dtype=dtype)

    def transform(self, fn: Callable[[str], str]) -> Factorized:
        if not self.uniques:
            return self
        new_codes, new_uniq = pd.factorize(np.array([fn(u) for u in self.uniques], dtype=object))
        return Factorized(np.asarray(new_codes, dtype=np.int32)[self.codes], [str(u) for u in new_uniq])

    def strip(self) -> Factorized:
        return self.transform(lambda s: s.strip())

    def empty(self) -> np.ndarray:
        return self.map(lambda s: s == "", bool)

    def take(self, index: np.ndarray) -> Factorized:
        return Factorized(self.codes[index], self.uniques)

    def where(self, mask: np.ndarray, other: Factorized) -> Factorized:
        """Values of `other` where mask is true."""
        codes = self.codes.copy()
        codes[mask] = other.codes[mask] + np.int32(len(self.uniques))
        return Factorized(codes, self.uniques + other.uniques)

    def values(self) -> np.ndarray:
        return self.map(lambda s: s)

    def series(self) -> pd.Series:
        """As a pandas `str` column, built by an Arrow take (no per-row Python objects)."""
        arr = pa.array(self.uniques or [""], type=pa.large_string()).take(pa.array(self.codes, type=pa.int64()))
        return pd.Series(pd.array(arr, dtype=_STR))
