"""A table of text cells under its header row, and the header search CSV and .xlsx share.

Both readers (scheduler.io.csv_grid, scheduler.io.xlsx) end in a :class:`Table`: the header's cells
and one :class:`Factorized` column per position (a few thousand distinct values, not a Python string
per cell), with the file line or sheet row of each row. Title rows and blank rows above the header
are skipped by scoring each of the first rows with the caller's header test (:func:`best_header`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from scheduler.io.factorized import Factorized
from scheduler.io.messages import error
from scheduler.io.types import ReadingReport

__all__ = ["Table", "HeaderScore", "HEADER_SEARCH_ROWS", "best_header", "no_header", "text_columns", "too_large"]

HeaderScore = Callable[[Sequence[str]], int]
#: How many rows from the top a header may be found in.
HEADER_SEARCH_ROWS = 60


@dataclass
class Table:
    """Cells as text ("" when empty) under `header`, one :class:`Factorized` column per header position
    (a few thousand distinct values, not a Python string per cell); `rows` are 1-based file lines
    or sheet rows."""

    header: list[str]
    columns: list[Factorized]
    rows: np.ndarray
    fmt: str  # "csv" or "xlsx"

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, pos: int) -> Factorized:
        return self.columns[pos]

    def keep(self, mask: np.ndarray) -> None:
        index = np.flatnonzero(mask)
        self.columns = [c.take(index) for c in self.columns]
        self.rows = self.rows[index]

    def records(self) -> list[list[str]]:
        """Row by row, for the small files (the caller checks the row count first)."""
        values = [c.values().tolist() for c in self.columns]
        return [list(r) for r in zip(*values, strict=True)] if values else [[] for _ in range(len(self))]


def best_header(sample: Sequence[Sequence[str]], score: HeaderScore) -> tuple[int, int]:
    """(score, index) of the best-scoring row among the first rows; the earliest wins a tie."""
    best = (0, -1)
    for i, cells in enumerate(sample[:HEADER_SEARCH_ROWS]):
        s = score([c.strip() for c in cells]) if any(c.strip() for c in cells) else 0
        if s > best[0]:
            best = (s, i)
    return best


def no_header(report: ReadingReport, first_line: str, expected: str) -> None:
    """The first line is not quoted: without a header it is a data row, and rows hold names."""
    error(report, "Fant ingen overskriftsrad med kjente kolonnenavn.",
          "Found no header row with known column names.", row=1,
          fix_no=f"Filen trenger en overskriftsrad med {expected}.",
          fix_en=f"The file needs a header row with {expected}.")


def text_columns(rows: list[list[str]], width: int) -> list[Factorized]:
    return [Factorized.of(np.array([r[j] if j < len(r) else "" for r in rows], dtype=object)) for j in range(width)]


def too_large(report: ReadingReport, what_no: str, what_en: str, row: int | None = None) -> None:
    error(report, f"Filen er for stor å lese: {what_no}.", f"The file is too large to read: {what_en}.", row=row,
          fix_no="Del filen (f.eks. én fil per post eller per kvartal), eller fjern innhold som ikke er turnus. "
                 "Grensene står i docs/inputs.md.",
          fix_en="Split the file (e.g. one file per ward or per quarter), or remove content that is not roster. "
                 "The limits are in docs/inputs.md.")
