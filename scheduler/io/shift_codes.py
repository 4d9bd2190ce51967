"""Shift codes: the built-in Norwegian table, a unit's own table from a file, and turning the text
of a turnus cell (`D`, ` n `, `(K1) FE`, `07:00-15:00`) into a kind and times.

Codes are local to each unit; the defaults cover the common ones and a file overrides
or extends them. Lookups are upper-case and stripped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from scheduler.domain import ShiftCode, ShiftKind
from scheduler.io.cleaning import clean_cell
from scheduler.io.input_limits import MAX_RECORD_ROWS
from scheduler.io.messages import error, warning
from scheduler.io.tabular import read_table
from scheduler.io.times import parse_range, parse_time, span
from scheduler.io.types import ReadingReport, Source

__all__ = ["DEFAULT_SHIFT_CODES", "describe_default_codes", "read_shift_codes", "CellMeaning",
           "code_minutes"]


def _t(text: str) -> dt.time:
    h, m = text.split(":")
    return dt.time(int(h), int(m))


def _code(code: str, kind: ShiftKind, description: str, start: str | None = None,
          end: str | None = None) -> ShiftCode:
    return ShiftCode(code=code, kind=kind, description=description,
                     start=_t(start) if start else None, end=_t(end) if end else None)


_W, _S, _O, _A = ShiftKind.WORK, ShiftKind.SUPPORT, ShiftKind.OFF, ShiftKind.ABSENCE

DEFAULT_SHIFT_CODES: dict[str, ShiftCode] = {c.code: c for c in (
    _code("D", _W, "Dagvakt", "07:30", "15:30"),
    _code("A", _W, "Aftenvakt", "15:00", "22:30"),
    _code("K", _W, "Kveldsvakt", "15:00", "22:30"),
    _code("N", _W, "Nattvakt", "22:15", "07:45"),
    _code("L", _W, "Langvakt", "07:30", "20:00"),
    _code("LD", _W, "Lang dagvakt", "07:30", "19:30"),
    _code("LN", _W, "Lang nattvakt", "19:30", "07:45"),
    _code("M", _W, "Mellomvakt", "10:00", "18:00"),
    _code("KS", _S, "Kollegastøtte (beskyttet tid)", "08:00", "15:30"),
    _code("F", _O, "Fri"),
    *(_code(f"F{i}", _O, f"Fridag (F{i})") for i in range(1, 6)),
    _code("FRI", _O, "Fri"),
    _code("X", _O, "Fri (ikke satt opp)"),
    _code("FE", _A, "Ferie"),
    _code("S", _A, "Sykmeldt"),
    _code("SYK", _A, "Sykdom"),
    _code("EM", _A, "Egenmelding"),
    _code("AV", _A, "Avspasering"),
    _code("P", _A, "Permisjon"),
    _code("KURS", _A, "Kurs"),
)}


def describe_default_codes() -> str:
    """The built-in table as markdown, for the README and the app's help text."""
    lines = ["| kode | fra | til | type | beskrivelse |", "|---|---|---|---|---|"]
    for c in DEFAULT_SHIFT_CODES.values():
        fra = c.start.strftime("%H:%M") if c.start else ""
        til = c.end.strftime("%H:%M") if c.end else ""
        lines.append(f"| {c.code} | {fra} | {til} | {c.kind.value} | {c.description} |")
    return "\n".join(lines)


def code_minutes(code: ShiftCode) -> tuple[int | None, int | None]:
    if not code.kind.at_work or code.start is None or code.end is None:
        return None, None
    return span(code.start.hour * 60 + code.start.minute, code.end.hour * 60 + code.end.minute)


@dataclass(frozen=True)
class CellMeaning:
    """What one distinct cell text means; `code` is what the turnus table keeps as shift_code."""

    code: str
    kind: str  # a ShiftKind value or "unknown"
    start_min: int | None
    end_min: int | None


_PARENS = re.compile(r"\([^)]*\)")


def interpret_cell(text: str, codes: Mapping[str, ShiftCode]) -> CellMeaning | None:
    """None for an empty cell (no shift)."""
    s = str(text).strip()
    if not s:
        return None
    times = parse_range(s)
    if times is not None:
        return CellMeaning(s, ShiftKind.WORK.value, *times)
    outside = _PARENS.sub(" ", s).strip()  # "(K1) FE": an absence written over a planned shift
    key = (outside or s.strip("() ")).upper()
    key = " ".join(key.split())
    times = parse_range(key)
    if times is not None:
        return CellMeaning(key, ShiftKind.WORK.value, *times)
    found = codes.get(key)
    if found is None:
        return CellMeaning(key, "unknown", None, None)
    return CellMeaning(key, found.kind.value, *code_minutes(found))


_FIELDS = {
    "code": ("code", "kode", "vaktkode", "vakt", "shiftcode", "templatecode"),
    "start": ("start", "fra", "from", "starttid"),
    "end": ("end", "slutt", "til", "to", "sluttid"),
    "kind": ("kind", "type", "art", "kategori", "category"),
    "description": ("description", "beskrivelse", "navn", "name", "tekst"),
}
_KINDS = {
    "work": _W, "arbeid": _W, "vakt": _W, "jobb": _W,
    "support": _S, "kollegastøtte": _S, "kollegastotte": _S, "støtte": _S, "stotte": _S,
    "off": _O, "fri": _O,
    "absence": _A, "fravær": _A, "fravaer": _A, "permisjon": _A,
}


def read_shift_codes(src: Source) -> tuple[dict[str, ShiftCode], ReadingReport]:
    """A unit's code table (`code,start,end,kind[,description]`); the caller lays it over the defaults."""
    from scheduler.io.headers import match_columns

    report = ReadingReport(file=src.name, kind="shift_codes")

    def score(cells: object) -> int:
        found = set(match_columns(list(cells), _FIELDS).values())  # type: ignore[arg-type]
        return len(found) if {"code", "kind"} <= found else 0

    table = read_table(src, report, score, "code, start, end, kind")
    out: dict[str, ShiftCode] = {}
    if table is None:
        return out, report
    cols = match_columns(table.header, _FIELDS)
    report.columns = {table.header[p]: f for p, f in cols.items()}
    report.unused_columns = [h for p, h in enumerate(table.header) if p not in cols and h]
    by_field = {f: p for p, f in cols.items()}
    if len(table) > MAX_RECORD_ROWS:
        error(report, f"Filen har {len(table)} rader (grense {MAX_RECORD_ROWS}); den er ikke lest.",
              f"The file has {len(table)} rows (limit {MAX_RECORD_ROWS}); it was not read.")
        return out, report
    records = table.records()
    for line, rec in zip(table.rows.tolist(), records, strict=True):
        def cell(f: str, rec: list[str] = rec) -> str:
            return clean_cell(rec[by_field[f]]).strip() if f in by_field else ""

        code = " ".join(cell("code").upper().split())
        if not code:
            error(report, "Raden mangler kode.", "The row has no code.", row=line, column="code")
            report.rows_skipped += 1
            continue
        kind = _KINDS.get(cell("kind").lower())
        if kind is None:
            error(report, f"Ukjent type «{cell('kind')}» for kode {code}.", f"Unknown kind «{cell('kind')}» for code {code}.",
                  row=line, column="kind", fix_no="Bruk work, support, off eller absence.",
                  fix_en="Use work, support, off or absence.", raw=cell("kind"))
            report.rows_skipped += 1
            continue
        times: dict[str, dt.time | None] = {}
        bad = False
        for f in ("start", "end"):
            text = cell(f)
            times[f] = parse_time(text) if text else None
            if text and times[f] is None:
                error(report, f"Klokkeslettet «{text}» kan ikke leses.", f"The time «{text}» cannot be read.",
                      row=line, column=f, fix_no="Skriv TT:MM, f.eks. 07:30.", fix_en="Write HH:MM, e.g. 07:30.", raw=text)
                bad = True
        if bad:
            report.rows_skipped += 1
            continue
        try:
            sc = ShiftCode(code=code, kind=kind, description=cell("description"),
                           start=times["start"] if kind.at_work else None,
                           end=times["end"] if kind.at_work else None)
        except ValidationError:
            error(report, f"Koden {code} er {kind.value}, men mangler start eller slutt.",
                  f"Code {code} is {kind.value} but has no start or end.", row=line, column="start",
                  fix_no="Fyll inn start og slutt (TT:MM).", fix_en="Fill in start and end (HH:MM).", raw=code)
            report.rows_skipped += 1
            continue
        if code in out:
            warning(report, f"Koden {code} står flere ganger; den siste gjelder.",
                    f"Code {code} appears more than once; the last one applies.", row=line, column="code", raw=code)
        out[code] = sc
        report.rows_read += 1
    report.codes_seen = {c: 1 for c in out}
    return out, report
