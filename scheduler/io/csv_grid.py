"""Reading CSV bytes into a table: the delimiter and the header found, then parsed fast, within limits.

The delimiter and the header row are found on the first lines (per candidate delimiter, the
caller's header test). Everything is bounded before it is built (scheduler.io.input_limits,
docs/inputs.md): the bytes are measured first (lines, fields on the widest line) with numpy; then
pandas' C engine parses the upload in place, in chunks of rows, each chunk turned into codes at once
(:class:`~scheduler.io.factorized.Factorized`). Rows with more fields than the header are named and
left out; a structural error (an unclosed quote) falls back to Python's csv module, which can say
where. Lines that are not UTF-8 in a UTF-8 file are named (scheduler.io.encoding repairs them).
"""

from __future__ import annotations

import codecs
import csv
import io
import re

import numpy as np
import pandas as pd

from scheduler.io.cleaning import clean_cell, printable
from scheduler.io.encoding import Encoded, as_parseable
from scheduler.io.factorized import Factorized
from scheduler.io.grid import (
    HEADER_SEARCH_ROWS,
    HeaderScore,
    Table,
    best_header,
    no_header,
    text_columns,
    too_large,
)
from scheduler.io.input_limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from scheduler.io.messages import capped, error, warning
from scheduler.io.types import ReadingReport, Source

__all__ = ["DELIMITERS", "csv_table", "line_shape"]

DELIMITERS = (";", ",", "\t", "|")
_SAMPLE_BYTES = 500_000
_SAMPLE_LINE_CHARS = 65_536  # a header of MAX_COLUMNS dates is about 12,000 characters
_REPAIRED_SHOWN = 20
_CHUNK_ROWS = 250_000
_SWALLOWED_LINES = 20  # line breaks in one cell beyond which a quote was surely never closed


def line_shape(body: bytes, delim: str) -> tuple[int, int, int]:
    """(lines, most fields on one line, 1-based line with that many) of CSV bytes, counting raw
    delimiters (a quoted delimiter counts too, so this never underestimates), in chunks, with
    numpy: the shape of a 200 MB file in well under a second, before any cell exists."""
    arr = np.frombuffer(body, dtype=np.uint8)
    d = ord(delim)
    lines = widest = widest_line = carry = 0
    chunk = 1 << 22
    for off in range(0, len(arr), chunk):
        part = arr[off:off + chunk]
        nls = np.flatnonzero(part == 10)
        ds = np.flatnonzero(part == d)
        if len(nls):
            before = np.searchsorted(ds, nls)
            counts = np.diff(before, prepend=0)
            counts[0] += carry
            i = int(counts.argmax())
            if int(counts[i]) + 1 > widest:
                widest, widest_line = int(counts[i]) + 1, lines + i + 1
            carry = len(ds) - int(before[-1])
            lines += len(nls)
        else:
            carry += len(ds)
    if len(arr) and arr[-1] != 10:
        lines += 1
        if carry + 1 > widest:
            widest, widest_line = carry + 1, lines
    return lines, widest, widest_line


def _csv_slow(rest: str, delim: str, width: int, first_line: int,
              report: ReadingReport) -> tuple[list[list[str]], list[int]]:
    """Python's csv module, record by record, so a bad line can be named."""
    reader = csv.reader(io.StringIO(rest), delimiter=delim)
    rows: list[list[str]] = []
    numbers: list[int] = []
    bad: list[tuple[int, str]] = []
    prev = 0
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            bad.append((first_line + reader.line_num - 1, str(exc)))
            prev = reader.line_num
            if len(bad) > 100_000:
                break
            continue
        line = first_line + prev
        prev = reader.line_num
        if len(rec) > width and any(c.strip() for c in rec[width:]):
            bad.append((line, delim.join(rec[width:])))
            continue
        rows.append(rec[:width])
        numbers.append(line)
    _extra_fields(report, bad, width)
    return rows, numbers


def _extra_fields(report: ReadingReport, bad: list[tuple[int, str]], width: int) -> None:
    for line, raw in capped(report, bad, len(bad), "for mange felt", "too many fields"):
        error(report, f"Raden har flere felt enn overskriften ({width}); raden er ikke lest.",
              f"The row has more fields than the header ({width}); the row was not read.",
              row=line, fix_no="Sett tekst med skilletegn i anførselstegn, f.eks. \"Hansen, Kari\".",
              fix_en="Quote text containing the delimiter, e.g. \"Hansen, Kari\".", raw=printable(raw)[:200])
    report.rows_skipped += len(bad)


class _Slice(io.RawIOBase):
    """A read-only file over a slice of a buffer, so pandas parses the upload without a copy."""

    def __init__(self, data: bytes | bytearray, start: int) -> None:
        self._view = memoryview(data)
        self._pos = start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), len(self._view) - self._pos)
        buffer[:n] = self._view[self._pos:self._pos + n]
        self._pos += n
        return n


def _reader(data: bytes | bytearray, start: int) -> io.BufferedReader:
    return io.BufferedReader(_Slice(data, start), buffer_size=1 << 20)


_NOT_SPACE = re.compile(rb"\S")


def _repaired_lines(report: ReadingReport, encoded: Encoded) -> None:
    if not encoded.repaired_count:
        return
    for line in encoded.repaired[:_REPAIRED_SHOWN]:
        warning(report, "Linjen er ikke UTF-8 som resten av filen; den er lest som Windows-1252 (ANSI).",
                "The line is not UTF-8 like the rest of the file; it was read as Windows-1252 (ANSI).", row=line,
                fix_no="Sjekk æ, ø og å på linjen; lagre filen som UTF-8.",
                fix_en="Check the letters æ, ø, å on the line; save the file as UTF-8.")
    if encoded.repaired_count > _REPAIRED_SHOWN:
        warning(report, f"I alt {encoded.repaired_count} linjer er lest som Windows-1252 (ANSI).",
                f"In all {encoded.repaired_count} lines were read as Windows-1252 (ANSI).",
                fix_no="Lagre filen som UTF-8.", fix_en="Save the file as UTF-8.")


def _parse_csv(data: bytes | bytearray, body: int, delim: str, n_cols: int, width: int, encoding: str,
               first_line: int, report: ReadingReport) -> tuple[list[Factorized], np.ndarray]:
    """pandas' C parser over the body in chunks of rows, each chunk turned into codes at once, so
    no more than one chunk of Python strings exists at a time."""
    parts: list[list[Factorized]] = []
    numbers: list[np.ndarray] = []
    bad: list[tuple[int, str]] = []
    seen = 0
    chunks = pd.read_csv(_reader(data, body), sep=delim, header=None, names=range(n_cols), dtype=object,  # type: ignore[call-overload]
                         keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c", quotechar='"',
                         encoding=encoding, encoding_errors="replace", chunksize=_CHUNK_ROWS)
    for chunk in chunks:
        lines = np.arange(seen, seen + len(chunk), dtype=np.int64) + first_line
        seen += len(chunk)
        coded = [Factorized.of(chunk[j].to_numpy(dtype=object)) for j in range(n_cols)]  # NaN (a missing field) → ""
        del chunk
        if n_cols > width:
            wrong = np.logical_or.reduce([c.map(lambda u: bool(u.strip()), bool) for c in coded[width:]])
            if wrong.any():
                index = np.flatnonzero(wrong)
                texts = [c.take(index).values() for c in coded[width:]]
                bad += [(int(lines[i]), delim.join(str(t[k]) for t in texts).rstrip(delim)) for k, i in enumerate(index)]
                keep = np.flatnonzero(~wrong)
                coded, lines = [c.take(keep) for c in coded], lines[keep]
        parts.append(coded[:width])
        numbers.append(lines)
    _extra_fields(report, bad, width)
    columns = [Factorized.concat([p[j] for p in parts]) for j in range(width)] if parts else text_columns([], width)
    return columns, np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)


def _unclosed_quote(report: ReadingReport, columns: list[Factorized], rows: np.ndarray) -> None:
    """A cell holding many line breaks: a quote opened and never closed swallowed the lines after it."""
    worst = (0, -1, -1)  # (line breaks, column, unique)
    for j, col in enumerate(columns):
        for k, u in enumerate(col.uniques):
            n = u.count("\n")
            if n > worst[0]:
                worst = (n, j, k)
    breaks, j, k = worst
    if breaks <= _SWALLOWED_LINES:
        return
    row = int(rows[int(np.flatnonzero(columns[j].codes == k)[0])])
    report.rows_skipped += breaks
    error(report, f"Et anførselstegn («\"») i raden lukkes ikke, så de {breaks} linjene etter er lest som én celle og "
                  "ikke som rader.",
          f"A quote mark («\"») in this row is never closed, so the {breaks} lines after it were read as one cell, "
          "not as rows.", row=row, fix_no="Fjern anførselstegnet eller lukk det.", fix_en="Remove or close the quote mark.")


def csv_table(source: Source, score: HeaderScore, report: ReadingReport, expected: str) -> Table | None:
    enc = as_parseable(source.data)
    report.encoding = enc.encoding
    _repaired_lines(report, enc)
    data = enc.data if isinstance(enc.data, bytes | bytearray) else bytes(enc.data)
    # The header search looks at the start of the first lines only: a 100,000-column line costs
    # no more than a normal one here, and is refused below.
    first_lines = enc.text(_SAMPLE_BYTES).split("\n")[:HEADER_SEARCH_ROWS]
    sample_lines = [ln[:_SAMPLE_LINE_CHARS] for ln in first_lines]
    best: tuple[int, int, int, str] = (0, 0, -1, ";")
    for delim in DELIMITERS:
        try:
            sample = [next(csv.reader([ln.rstrip("\r")], delimiter=delim), [])[:MAX_COLUMNS + 1] for ln in sample_lines]
        except csv.Error:
            continue
        s, h = best_header(sample, score)
        if h >= 0 and (s, len(sample[h])) > best[:2]:
            best = (s, len(sample[h]), h, delim)
    _, _, h, delim = best
    if h < 0:
        no_header(report, "", expected)
        return None
    report.delimiter = delim
    start = enc.start
    for _ in range(h):
        start = data.find(b"\n", start) + 1
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    header_width = data.count(delim.encode(), start, end) + 1
    if header_width > MAX_COLUMNS:
        too_large(report, f"overskriften har {header_width} kolonner (grense {MAX_COLUMNS})",
                  f"the header has {header_width} columns (limit {MAX_COLUMNS})", row=h + 1)
        return None
    header_line = codecs.decode(data[start:end], enc.parser_encoding, "replace").rstrip("\r")
    header = [clean_cell(c.strip()) for c in next(csv.reader([header_line], delimiter=delim), [""])]
    width = len(header)
    body = end + 1
    if _NOT_SPACE.search(data, body) is None:
        return Table(header, text_columns([], width), np.zeros(0, dtype=np.int64), "csv")
    lines, widest, widest_line = line_shape(memoryview(data)[body:], delim)
    if lines > MAX_ROWS:
        too_large(report, f"{lines} linjer (grense {MAX_ROWS})", f"{lines} lines (limit {MAX_ROWS})")
        return None
    if widest > MAX_COLUMNS:
        too_large(report, f"linjen har {widest} felt (grense {MAX_COLUMNS})", f"the line has {widest} fields (limit {MAX_COLUMNS})",
                  row=h + 1 + widest_line)
        return None
    n_cols = max(width, widest)
    if lines * n_cols > MAX_CELLS:
        too_large(report, f"{lines} linjer × {n_cols} kolonner (grense {MAX_CELLS} celler)",
                  f"{lines} lines × {n_cols} columns (limit {MAX_CELLS} cells)")
        return None
    try:
        columns, rows = _parse_csv(data, body, delim, n_cols, width, enc.parser_encoding, h + 2, report)
    except (pd.errors.ParserError, ValueError, csv.Error, OverflowError, UnicodeError):
        rest = codecs.decode(memoryview(data)[body:], enc.parser_encoding, "replace")
        recs, numbers = _csv_slow(rest, delim, width, h + 2, report)
        del rest
        columns, rows = text_columns(recs, width), np.asarray(numbers, dtype=np.int64)
    if lines - len(rows) > _SWALLOWED_LINES:
        _unclosed_quote(report, columns, rows)
    return Table(header, columns, rows, "csv")
