"""Fixes a person makes by hand after reading: a column named for a field, a code given a meaning.

The app's upload page lets rostering staff say "the column `Tittel` is the profession" or "the
code `DX` is like `D`". These functions turn such choices into a :class:`Source` the readers
take as usual, so a hand-made fix is read exactly like a file that had it from the start:

- :func:`rename_headers` renames header cells in the file's own bytes. Only the header line
  changes; every other byte (and so the encoding the reading report names) stays as uploaded.
- :func:`codes_source` is a shift-code file: the uploaded one, if any, plus the codes mapped
  by hand.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd

from scheduler.domain import ShiftCode
from scheduler.io.encoding import decode
from scheduler.io.shift_codes import DEFAULT_SHIFT_CODES, read_shift_codes
from scheduler.io.types import Source

__all__ = ["rename_headers", "codes_source", "HEADER_SEARCH_ROWS", "MAPPABLE_FIELDS"]

#: Header rows are looked for this far down (title rows above the header are common).
HEADER_SEARCH_ROWS = 60
_DELIMITERS = (";", ",", "\t", "|")


def rename_headers(src: Source, mapping: Mapping[str, str]) -> Source:
    """`src` with the header cells named in `mapping` renamed (`{"Tittel": "profession"}`).

    The first line (of the first `HEADER_SEARCH_ROWS`) that holds a mapped header is the header
    line; nothing else in the file is touched. Blank targets are ignored.
    """
    mapping = {k: v for k, v in mapping.items() if v}
    if not mapping:
        return src
    if src.name.lower().endswith(".xlsx"):
        return replace(src, data=_rename_xlsx(src.data, mapping, src.sheet), checksum=src.sha256)
    _, encoding = decode(src.data)
    if encoding == "utf-16":  # two bytes per character: work on the text, write it back as it was
        text = src.data.decode("utf-16", errors="replace")
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
            renamed = _rename_line(line, mapping)
            if renamed is not None:
                lines[i] = renamed
                return replace(src, data="".join(lines).encode("utf-16"), checksum=src.sha256)
        return src
    codec = "cp1252" if encoding == "cp1252" else "utf-8"
    bom = b"\xef\xbb\xbf" if src.data.startswith(b"\xef\xbb\xbf") else b""
    raw_lines = src.data[len(bom):].splitlines(keepends=True)
    for i, raw in enumerate(raw_lines[:HEADER_SEARCH_ROWS]):
        renamed = _rename_line(raw.decode(codec, errors="replace"), mapping)
        if renamed is not None:
            raw_lines[i] = renamed.encode(codec, errors="replace")
            return replace(src, data=bom + b"".join(raw_lines), checksum=src.sha256)
    return src


def _rename_line(line: str, mapping: Mapping[str, str]) -> str | None:
    """The line with mapped cells renamed (same delimiter and line ending), or None if none match."""
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    for delim in _DELIMITERS:
        cells = next(csv.reader([body], delimiter=delim), [])
        if len(cells) > 1 and any(c.strip() in mapping for c in cells):
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=delim, lineterminator="").writerow(
                [mapping.get(c.strip(), c) for c in cells])
            return buffer.getvalue() + ending
    return None


def _rename_xlsx(data: bytes, mapping: Mapping[str, str], sheet: str | None) -> bytes:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    ws = book[sheet] if sheet else book.worksheets[0]
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, HEADER_SEARCH_ROWS)):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip() in mapping:
                cell.value = mapping[cell.value.strip()]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _code_row(code: str, meaning: ShiftCode) -> dict[str, str]:
    return {"code": code, "start": meaning.start.strftime("%H:%M") if meaning.start else "",
            "end": meaning.end.strftime("%H:%M") if meaning.end else "", "kind": meaning.kind.value}


def codes_source(code_maps: Mapping[str, Mapping[str, str]], base: Source | None) -> Source | None:
    """A shift-code file: `base` (the uploaded one, if any) plus the codes mapped by hand.

    A mapping is `{"like": "D"}` (the times and kind of a known code) or
    `{"kind": "work", "start": "07:30", "end": "15:30"}`. A hand mapping wins over the file.
    """
    if not code_maps:
        return base
    own = dict(read_shift_codes(base)[0]) if base is not None else {}
    known = {**DEFAULT_SHIFT_CODES, **own}
    rows = [_code_row(c.code, c) for c in own.values()]
    for code, spec in code_maps.items():
        like = known.get(str(spec.get("like") or "").strip().upper())
        if like is not None:
            rows.append(_code_row(code, like))
        elif spec.get("kind"):
            rows.append({"code": code, "start": spec.get("start") or "", "end": spec.get("end") or "",
                         "kind": str(spec["kind"])})
    frame = pd.DataFrame(rows, columns=["code", "start", "end", "kind"]).drop_duplicates("code", keep="last")
    name = f"{Path(base.name).stem if base else 'vaktkoder'}+manuell.csv"
    return Source(name=name, data=frame.to_csv(index=False).encode("utf-8"))


#: The fields a column can be mapped to by hand, per kind of file (the readers' own field names).
MAPPABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "turnus": ("employee_id", "name", "ward", "profession", "date", "shift_code", "start", "end"),
    "supporters": ("employee_id", "name", "max_duties_per_week", "max_duties_per_period", "max_nights_per_period",
                   "protected_hours_per_week", "training_valid_until", "leads_wards", "unavailable",
                   "recent_activity", "phone", "last_refresher", "on_call"),
    "wards": ("ward", "name", "department", "site", "min_staff_day", "min_staff_evening", "min_staff_night",
              "needs_coverage"),
}
