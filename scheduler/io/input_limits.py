"""How much input the readers accept, in one place (docs/inputs.md lists these with the reasons).

Every limit is checked before the memory it protects is allocated: file sizes before the bytes are
read (command line) or parsed (app), the shape of a CSV (lines, fields per line) by scanning the
bytes before pandas builds cells, the declared sizes inside an .xlsx before openpyxl inflates
anything, and the dates before a planning period is built from them. A real export of a large
hospital (4,000 staff, a year, 1.5 million turnus rows) is well inside every limit.
"""

from __future__ import annotations

from pathlib import Path

from scheduler.domain import MAX_PERIOD_DAYS

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_SMALL_FILE_BYTES",
    "MAX_RULES_BYTES",
    "max_bytes",
    "read_bounded",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_XLSX_UNCOMPRESSED",
    "MAX_XLSX_SHARED_STRINGS",
    "MAX_XLSX_CELLS",
    "MAX_XLSX_ROWS",
    "MAX_RECORD_ROWS",
    "MAX_EMPLOYEES",
    "MAX_WARDS",
    "MAX_PERIOD_DAYS",
    "DATE_WINDOW_DAYS",
    "EARLIEST_YEAR",
    "LATEST_YEAR",
]

#: A turnus or staff file: the app's upload limit (200 MB), also on the command line.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Supporters, wards, shift codes and pins have hundreds of rows, not millions.
MAX_SMALL_FILE_BYTES = 20 * 1024 * 1024
#: rules.toml is a page of settings.
MAX_RULES_BYTES = 1024 * 1024

_BY_KIND = {"turnus": MAX_FILE_BYTES, "staff": MAX_FILE_BYTES, "rules": MAX_RULES_BYTES}


def max_bytes(kind: str) -> int:
    """The size limit of one kind of input file ("turnus", "supporters", "rules", ...)."""
    return _BY_KIND.get(kind, MAX_SMALL_FILE_BYTES)


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """A file's bytes when it is there and within `limit`; None otherwise (a cache kept next to a
    rota is then made again, never trusted nor read without bound)."""
    try:
        if path.is_file() and path.stat().st_size <= limit:
            return path.read_bytes()
    except OSError:
        return None
    return None


#: Columns in one table: a wide turnus has one per date (at most MAX_PERIOD_DAYS) plus a few.
MAX_COLUMNS = 1_000
#: Lines of one CSV or rows of one sheet (a year of a 4,000-person hospital is 1.5 million).
MAX_ROWS = 2_000_000
#: Lines × widest line of one table: bounds the memory of the parsed cells.
MAX_CELLS = 16_000_000
#: Characters in one cell; a longer cell is cut (with a warning) — no id, code or name is this long.
MAX_CELL_CHARS = 1_000

#: Sum of the declared uncompressed sizes of an .xlsx's members (a 6 MB zip bomb declares GBs).
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
#: Uncompressed size of the shared-strings table, which openpyxl holds in memory whole.
MAX_XLSX_SHARED_STRINGS = 40 * 1024 * 1024
#: Cells in one sheet, empty formatted ones included (openpyxl parses 150,000–250,000 a second;
#: a wide year for 1,300 people fits; larger rosters read faster as CSV).
MAX_XLSX_CELLS = 500_000
#: Row elements in one sheet, empty ones included (cells run out long before this in a real sheet).
MAX_XLSX_ROWS = 400_000

#: Rows of a supporters, wards, shift-code, pins or staff file.
MAX_RECORD_ROWS = 200_000
#: Distinct employees in the turnus files together (the largest Norwegian hospital has ~25,000).
MAX_EMPLOYEES = 100_000
#: Distinct ward ids in the turnus files together.
MAX_WARDS = 5_000

#: A date further than this from the middle (median) of a file's dates is a typing error
#: (`9999-12-31`, `2927`, `5.1.99` read as 2099): the row is not read, and the message names it.
DATE_WINDOW_DAYS = MAX_PERIOD_DAYS
#: Dates outside these years are never read (`0001-01-04`).
EARLIEST_YEAR = 1990
LATEST_YEAR = 2100
