"""Small row-per-thing files (supporters, wards, staff, pins): header aliases to records of text.

These files have hundreds of rows, so each row is validated on its own and every bad cell gets a
message with file, row and column; the row-level parsers below share the wording. A message
quotes the cell that was wrong (`Record.raw(field)`), never the whole row: rows hold names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from scheduler.io.cleaning import cleaned
from scheduler.io.headers import Aliases, match_columns
from scheduler.io.input_limits import MAX_RECORD_ROWS
from scheduler.io.messages import error, warning
from scheduler.io.tabular import read_table
from scheduler.io.types import ReadingReport, Source

__all__ = ["Record", "read_records", "parse_number", "parse_bool", "BOOL_WORDS", "bounds", "allowed_range",
           "whole_count", "count_problem", "cell_errors", "CellProblem"]


@dataclass(frozen=True)
class Record:
    line: int
    cells: dict[str, str]  # field -> stripped, cleaned text ("" when empty or no column)
    header: dict[str, str]  # field -> the header as written in the file

    def get(self, field: str) -> str:
        return self.cells.get(field, "")

    def raw(self, field: str) -> str:
        """The cell as a message may quote it: never a name."""
        return "" if field == "name" else self.get(field)[:200]

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
    if len(table) > MAX_RECORD_ROWS:
        error(report, f"Filen har {len(table)} rader (grense {MAX_RECORD_ROWS}); den er ikke lest.",
              f"The file has {len(table)} rows (limit {MAX_RECORD_ROWS}); it was not read.",
              fix_no="Sjekk at det er riktig fil.", fix_en="Check that it is the right file.")
        return [], report
    header = {f: table.header[p] for p, f in cols.items()}
    changed: list[tuple[int, str]] = []

    def rows() -> Iterator[Record]:
        for line, rec in zip(table.rows.tolist(), table.records(), strict=True):
            cells = {}
            for p, f in cols.items():
                cells[f], what = cleaned(str(rec[p]).strip())
                cells[f] = cells[f].strip()
                if what:
                    changed.append((int(line), header[f]))
            yield Record(int(line), cells, header)

    records = list(rows())
    for line, column in changed[:20]:
        warning(report, "Cellen hadde linjeskift eller kontrolltegn, eller var for lang; den er renset.",
                "The cell held line breaks or control characters, or was too long; it was cleaned.", row=line,
                column=column, fix_no="Rett cellen i filen.", fix_en="Correct the cell in the file.")
    if len(changed) > 20:
        warning(report, f"I alt {len(changed)} celler er renset for linjeskift eller kontrolltegn.",
                f"In all {len(changed)} cells were cleaned of line breaks or control characters.")
    return records, report


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


#: One cell's problem: (field, what is wrong and its fix, in Norwegian and English: no, en, fix_no, fix_en).
CellProblem = tuple[str, str, str, str, str]


def whole_count(text: str, most: int) -> int | None:
    """A count cell (`12`, `12,0`): its whole number from 0 to `most`, else None (empty too)."""
    number = parse_number(text) if text else None
    if number is None or not float(number).is_integer() or not 0 <= number <= most:
        return None
    return int(number)


def count_problem(field: str, most: int, fix_no: str, fix_en: str) -> CellProblem:
    """The problem of a cell that is not a whole count from 0 to `most` (:func:`whole_count`)."""
    return (field, f"er ikke et helt tall fra 0 til {most}.", f"is not a whole number from 0 to {most}.", fix_no, fix_en)


def cell_errors(report: ReadingReport, record: Record, problems: Iterable[CellProblem],
                quoted: Callable[[Record, str], str]) -> None:
    """Each problem as an error naming the file, row and column and its fix («Cellen …», «The cell …»);
    `quoted(record, field)` is what the message may quote of the cell ("" where a cell may hold text)."""
    for field, no, en, fix_no, fix_en in problems:
        error(report, f"Cellen {no}", f"The cell {en}", row=record.line, column=record.column(field), fix_no=fix_no,
              fix_en=fix_en, raw=quoted(record, field))


def bounds(model: type[BaseModel], field: str) -> tuple[float | None, float | None]:
    """(lowest, highest) value a numeric field of a domain model allows (its Field ge/gt/le/lt)."""
    lo = hi = None
    for m in model.model_fields[field].metadata:
        lo = getattr(m, "ge", getattr(m, "gt", lo))
        hi = getattr(m, "le", getattr(m, "lt", hi))
    return lo, hi


def allowed_range(model: type[BaseModel], field: str) -> str:
    """The allowed range for a message: "0–100", or "0 < x ≤ 1" when the lower end is excluded
    (numbers with spaces as thousands separators)."""
    lo, hi = bounds(model, field)
    above = any(hasattr(m, "gt") for m in model.model_fields[field].metadata)

    def fmt(v: float | None) -> str:
        return "" if v is None else f"{v:,g}".replace(",", " ") if v < 1e6 else f"{v:,.0f}".replace(",", " ")

    if above:
        return f"{fmt(lo)} < x ≤ {fmt(hi)}" if hi is not None else f"> {fmt(lo)}"
    return f"{fmt(lo)}–{fmt(hi)}" if hi is not None else f"≥ {fmt(lo)}"
