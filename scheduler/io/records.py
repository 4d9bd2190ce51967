"""Small row-per-thing files (supporters, wards, staff, pins): header aliases to records of text.

These files have hundreds of rows, so each row is validated on its own and every bad cell gets a
message with file, row and column; the row-level parsers below share the wording.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from scheduler.io.headers import Aliases, match_columns
from scheduler.io.messages import error
from scheduler.io.tabular import read_table
from scheduler.io.types import ReadingReport, Source

__all__ = ["Record", "read_records", "parse_number", "parse_bool", "BOOL_WORDS"]


@dataclass(frozen=True)
class Record:
    line: int
    cells: dict[str, str]  # field -> stripped text ("" when empty or no column)
    header: dict[str, str]  # field -> the header as written in the file
    raw: str

    def get(self, field: str) -> str:
        return self.cells.get(field, "")

    def column(self, field: str) -> str:
        return self.header.get(field, field)


def read_records(src: Source, kind: str, aliases: Aliases, required: Sequence[str]) -> tuple[list[Record], ReadingReport]:
    """Every non-blank row under the header; a missing required column is one error, no rows."""
    report = ReadingReport(file=src.name, kind=kind)

    def score(cells: Sequence[str]) -> int:
        found = set(match_columns(cells, aliases).values())
        return len(found) + 5 if set(required) <= found else len(found) if found & set(required) else 0

    table = read_table(src, report, score, ", ".join(required))
    if table is None:
        return [], report
    cols = match_columns(table.header, aliases)
    report.columns = {table.header[p]: f for p, f in cols.items()}
    report.unused_columns = [h for p, h in enumerate(table.header) if p not in cols and h]
    missing = [f for f in required if f not in cols.values()]
    if missing:
        error(report, f"Mangler kolonne: {', '.join(missing)}.", f"Missing column: {', '.join(missing)}.",
              fix_no=f"Filen trenger kolonnene {', '.join(required)}.",
              fix_en=f"The file needs the columns {', '.join(required)}.", raw=";".join(table.header))
        return [], report
    header = {f: table.header[p] for p, f in cols.items()}
    delim = report.delimiter or ";"

    def rows() -> Iterator[Record]:
        for line, rec in zip(table.rows.tolist(), table.data.to_numpy(dtype=object).tolist(), strict=True):
            cells = {f: str(rec[p]).strip() for p, f in cols.items()}
            yield Record(int(line), cells, header, delim.join(str(c) for c in rec))

    return list(rows()), report


BOOL_WORDS = {"ja": True, "j": True, "yes": True, "y": True, "true": True, "sann": True, "1": True, "x": True,
              "nei": False, "n": False, "no": False, "false": False, "usann": False, "0": False}


def parse_number(text: str) -> float | None:
    """`7,50`, `7.5`, `1 000` (space as thousands separator); None when not a number."""
    s = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def parse_bool(text: str) -> bool | None:
    return BOOL_WORDS.get(text.strip().lower())
