"""What a draft keeps of an uploaded file: the fields the reader reads, nothing else (docs/threat-model.md).

An export can hold more than a rota needs — a `merknad` column, a title row with a note, a sheet
of comments. The app keeps a person's work as a draft in the store; it keeps each file in its
*kept form*: the header and, row for row, only the columns the reader recognised (after the
person's own column names), as UTF-8 CSV. Every kept row stays on its line, so a message about
row 14 still means row 14. A rules file keeps only the keys the program knows.

The kept form reads to the same rota as the upload: the same fields, rows and values. What a
person may still want from the original — another column mapped, the encoding it came in — needs
the file uploaded again; the page says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
from collections.abc import Callable, Mapping
from typing import Any

from scheduler.io.dates import date_part, has_trailing_text
from scheduler.io.types import ReadingReport, Source

__all__ = ["kept_form", "kept_columns", "rules_kept_form"]


def kept_columns(kind: str, source: Source) -> dict[str, str]:
    """The headers (as written) of the columns the reader of `kind` uses in `source`, with their field."""
    report = _reader(kind)(source)
    return {header: field for header, field in report.columns.items() if header}


def _without_trailing_text(text: str) -> str:
    """A date cell (or a list of dates and ranges) with any note after a date left out."""
    pieces = re.split(r"([;,|]|\.\.|–|—|\s-\s)", text)
    return "".join(date_part(p.strip()) if has_trailing_text(p.strip()) else p for p in pieces)


#: The fields whose cells hold dates: a note written after a date is not kept (scheduler.io.dates).
_DATE_FIELDS = {"date", "training_valid_until", "last_refresher", "unavailable", "period_start", "period_end"}


def _reader(kind: str) -> Callable[[Source], ReadingReport]:
    from scheduler.io.shift_codes import DEFAULT_SHIFT_CODES, read_shift_codes
    from scheduler.io.staff import read_staff
    from scheduler.io.supporters import read_supporters
    from scheduler.io.turnus import read_turnus
    from scheduler.io.wards import read_wards

    readers: dict[str, Callable[[Source], ReadingReport]] = {
        "turnus": lambda s: read_turnus([s], DEFAULT_SHIFT_CODES)[2][0],
        "supporters": lambda s: read_supporters(s)[1],
        "wards": lambda s: read_wards(s)[1],
        "shift_codes": lambda s: read_shift_codes(s)[1],
        "staff": lambda s: read_staff(s)[1],
    }
    return readers[kind]


def kept_form(kind: str, source: Source, used: Mapping[str, str] | None = None) -> bytes:
    """`source` reduced to the columns its reader uses (`used`: their headers and fields, else
    found by reading it), every kept row on its own line number, a note after a date left out; a
    rules file to its known keys."""
    if kind == "rules":
        return rules_kept_form(source)
    from scheduler.io.tabular import read_table

    used = kept_columns(kind, source) if used is None else used
    if not used:
        return b""
    table = read_table(source, ReadingReport(file=source.name, kind=kind),
                       lambda cells: sum(1 for c in cells if c in used), "")
    if table is None:
        return b""
    positions = [p for p, header in enumerate(table.header) if header in used]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    rows = table.rows.tolist()
    header_line = max(1, (rows[0] - 1) if rows else 1)
    out.write("\n" * (header_line - 1))
    writer.writerow([table.header[p] for p in positions])
    line = header_line
    values = [table.column(p).values().tolist() for p in positions]
    for j, p in enumerate(positions):
        if used[table.header[p]] in _DATE_FIELDS:
            values[j] = [_without_trailing_text(v) for v in values[j]]
    for i, number in enumerate(rows):
        if number > line + 1:
            out.write("\n" * (number - line - 1))
        writer.writerow([values[j][i] for j in range(len(positions))])
        line = number
    return out.getvalue().encode("utf-8")


def rules_kept_form(source: Source) -> bytes:
    """A rules file with only the keys the program knows (scheduler.domain.Rules), as TOML."""
    from scheduler.domain import Rules, SlotDef, SolverSettings
    from scheduler.io.encoding import decode

    try:
        text, _ = decode(source.data)
        data = tomllib.loads(text)
    except (ValueError, UnicodeError, tomllib.TOMLDecodeError):
        return b""
    known = set(Rules.model_fields) | {"duty_hours"}
    kept: dict[str, Any] = {k: v for k, v in data.items() if k in known}
    if isinstance(kept.get("solver"), dict):
        kept["solver"] = {k: v for k, v in kept["solver"].items() if k in SolverSettings.model_fields}
    if isinstance(kept.get("slots"), list):
        kept["slots"] = [{k: v for k, v in s.items() if k in SlotDef.model_fields} for s in kept["slots"]
                         if isinstance(s, dict)]
    return _toml(kept).encode("utf-8")


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return f'"{text}"'


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() and key.isascii() else _value(key)


def _toml(data: Mapping[str, Any]) -> str:
    """A small TOML writer for a rules file: scalars and lists first, then tables, then arrays of tables."""
    plain = {k: v for k, v in data.items() if not isinstance(v, dict)
             and not (isinstance(v, list) and v and all(isinstance(x, dict) for x in v))}
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    arrays = {k: v for k, v in data.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)}
    lines = [f"{_key(k)} = {_value(v)}" for k, v in plain.items()]
    for name, table in tables.items():
        lines += ["", f"[{_key(name)}]", *[f"{_key(k)} = {_value(v)}" for k, v in table.items()]]
    for name, items in arrays.items():
        for item in items:
            lines += ["", f"[[{_key(name)}]]", *[f"{_key(k)} = {_value(v)}" for k, v in item.items()]]
    return "\n".join(lines) + "\n"
