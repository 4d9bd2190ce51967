"""The limits and allowed ranges in docs/inputs.md are the ones in the code; the helpers behind them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from iohelpers import src, turnus

from scheduler.domain import MAX_PERIOD_DAYS, Rules, SlotDef, SolverSettings, Supporter, Ward
from scheduler.io import input_limits as limits
from scheduler.io.cleaning import clean_cell, cleaned, printable
from scheduler.io.csv_grid import line_shape
from scheduler.io.encoding import as_parseable
from scheduler.io.records import allowed_range, bounds

DOC = (Path(__file__).resolve().parents[2] / "docs" / "inputs.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("model", [Rules, SolverSettings, SlotDef, Supporter, Ward])
def test_every_bounded_value_is_documented_with_its_range(model) -> None:
    for name in model.model_fields:
        lo, hi = bounds(model, name)
        if lo is None and hi is None:
            continue
        span = allowed_range(model, name)
        assert any(name in ln and span in ln for ln in DOC.splitlines()), (name, span)


@pytest.mark.parametrize(("value", "text"), [
    (limits.MAX_FILE_BYTES, "200 MB"), (limits.MAX_SMALL_FILE_BYTES, "20 MB"), (limits.MAX_RULES_BYTES, "1 MB"),
    (limits.MAX_ROWS, "2,000,000"), (limits.MAX_COLUMNS, "1,000"), (limits.MAX_CELLS, "16,000,000"),
    (limits.MAX_CELL_CHARS, "1,000"), (limits.MAX_XLSX_UNCOMPRESSED, "100 MB"), (limits.MAX_XLSX_SHARED_STRINGS, "40 MB"),
    (limits.MAX_XLSX_CELLS, "500,000"), (limits.MAX_XLSX_ROWS, "400,000"), (limits.MAX_RECORD_ROWS, "200,000"), (limits.MAX_EMPLOYEES, "100,000"),
    (MAX_PERIOD_DAYS, "400 days"), (limits.DATE_WINDOW_DAYS, "400 days"),
])
def test_documented_limits_match_the_constants(value: int, text: str) -> None:
    number = int(text.split()[0].replace(",", ""))
    scale = 2**20 if text.endswith("MB") else 1
    assert number * scale == value
    assert text in DOC
    assert f"{limits.EARLIEST_YEAR}–{limits.LATEST_YEAR}" in DOC


def test_allowed_range_marks_an_excluded_lower_end() -> None:
    assert allowed_range(Rules, "max_consecutive_days") == "1–31"
    assert allowed_range(Rules, "min_overlap") == "0 < x ≤ 1"
    assert allowed_range(SolverSettings, "seed") == "0–2 147 483 647"


def test_cleaning_normalises_and_neutralises() -> None:
    nfd = "S\u0041\u030aR"
    assert clean_cell(nfd) == "SÅR" and cleaned(nfd) == ("SÅR", "")  # NFC is silent
    assert cleaned("Kari\nHansen") == ("Kari Hansen", "controls")
    assert clean_cell("\x1b[31mRed\x1b[0m\u202e\u200b") == "[31mRed[0m"
    assert cleaned("x" * 5000) == ("x" * limits.MAX_CELL_CHARS, "length")
    assert printable("a\x1b[2Jb\nc\x07") == "a?[2Jb\nc?"


def test_line_shape_counts_lines_and_the_widest() -> None:
    assert line_shape(b"a;b\nc;d;e\nf", ";") == (3, 3, 2)
    assert line_shape(b"a;b\n" * 3, ";") == (3, 2, 1)
    big = b"x\n" * 5_000_000 + b";" * 7 + b"\n"
    assert line_shape(memoryview(big), ";") == (5_000_001, 8, 5_000_001)


@pytest.mark.parametrize(("data", "encoding", "repaired"), [
    ("Åse;Ø\n".encode(), "utf-8", ()),
    (b"\xef\xbb\xbf" + "Åse\n".encode(), "utf-8-sig", ()),
    ("Åse\nØvre\n".encode("cp1252"), "cp1252", ()),
    ("Åse\n".encode() + "Ødegård\n".encode("cp1252") + "Ærlig\n".encode(), "utf-8+cp1252", (2,)),
    ("Åse\nØ\n".encode("utf-16-le"), "utf-16", ()),
    (b"a\rb\rc", "utf-8", ()),
])
def test_encodings_are_read_as_written_or_repaired_per_line(data: bytes, encoding: str, repaired: tuple[int, ...]) -> None:
    enc = as_parseable(data)
    assert enc.encoding == encoding and enc.repaired == repaired
    text = enc.text()
    assert "\ufffd" not in text and "Ã" not in text
    if data == b"a\rb\rc":
        assert text == "a\nb\nc"


def test_far_dates_are_rows_with_the_date_as_written_and_the_period_stays() -> None:
    rows = "".join(f"{i};3A;2027-01-0{d};D\n" for i in range(1, 5) for d in range(4, 9))
    df, _, (rep,) = turnus(src("t.csv", "employee_id;ward;date;shift_code\n" + rows + "9;3A;9999-12-31;D\n9;3A;5.1.99;D\n"))
    assert df["date"].max().date() == dt.date(2027, 1, 8)
    assert {m.raw for m in rep.errors} == {"9999-12-31", "5.1.99"}
    assert all(m.column == "date" and m.row for m in rep.errors)
