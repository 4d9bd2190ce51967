"""Hostile and broken inputs for the command line, generated on the fly (no big files committed).

Each :class:`Case` writes its files into a folder and returns the arguments for `scheduler`; it
says which exit codes are right and which words the output must contain. tests/io/test_hostile.py
runs the light ones in-process in the default test run; benchmarks/hostile.py runs every case in
a fresh subprocess and measures wall time and peak memory (benchmarks/HOSTILE.md).

The base world is tiny (three wards, twelve people, a week) so that a case costs its hostility,
not a solve. Its people are called "… Nordmann": no output line on stderr may contain that
(messages quote the wrong cell, never a row or a name), except where the file itself uses names
as ids.

(Not a package: a `tests/io/__init__.py` would shadow the standard library's `io`.)
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Case", "CASES", "world", "SOLVE"]

MONDAY = dt.date(2027, 1, 4)
DAYS = [MONDAY + dt.timedelta(days=i) for i in range(7)]
WARDS = ("A", "B", "C")
HEADER = "employee_id;name;ward;date;shift_code"
#: Fast, repeatable solve options for every solve case.
SOLVE = ["--time-limit", "3", "--deterministic", "--no-limit-analysis", "--quiet", "--lang", "en"]
SURNAME = "Nordmann"


def _code(k: int) -> str:
    return {1: "D", 2: "D", 3: "A", 4: "N"}[k]


def turnus_rows(ward_of: Callable[[str], str] | None = None, name_of: Callable[[str], str] | None = None,
                days: Sequence[dt.date] = DAYS) -> list[list[str]]:
    rows = []
    for ward in WARDS:
        for k in range(1, 5):
            eid = f"{ward}{k}"
            for d in days:
                rows.append([eid, name_of(eid) if name_of else f"Kari {SURNAME} {eid}", ward_of(ward) if ward_of else ward,
                             d.isoformat(), _code(k)])
    return rows


def csv_text(rows: Sequence[Sequence[str]], header: str = HEADER, delim: str = ";") -> str:
    def q(c: str) -> str:
        return f'"{c}"' if any(x in c for x in (delim, "\n", '"')) else c

    return header.replace(";", delim) + "\n" + "".join(delim.join(q(c) for c in r) + "\n" for r in rows)


SUPPORTERS = "employee_id;name\nA1;Kari Nordmann A1\nB1;Kari Nordmann B1\nC1;Kari Nordmann C1\nA3;Kari Nordmann A3\n"
RULES = 'max_consecutive_days = 2\n[solver]\ntime_limit = 3\n'


@dataclass
class World:
    """The files of one case; `args` are the `scheduler` arguments built from them."""

    folder: Path
    turnus: list[Path] = field(default_factory=list)
    supporters: Path | None = None
    rules: Path | None = None
    wards: Path | None = None
    pins: Path | None = None

    def write(self, name: str, data: str | bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path

    def inputs(self) -> list[str]:
        args = [str(p) for p in self.turnus]
        for flag, path in (("--supporters", self.supporters), ("--rules", self.rules), ("--wards", self.wards),
                           ("--pins", self.pins)):
            if path is not None:
                args += [flag, str(path)]
        return args

    def check(self) -> list[str]:
        return ["check", *self.inputs(), "--lang", "en"]

    def solve(self, *extra: str) -> list[str]:
        return ["solve", *self.inputs(), "--out", str(self.folder / "out"), *SOLVE, *extra]


def world(folder: Path, turnus: str | bytes | None = None, *, name: str = "turnus.csv",
          supporters: str | bytes | None = SUPPORTERS, rules: str | bytes | None = RULES) -> World:
    """The base world with some of its files replaced."""
    w = World(folder)
    w.turnus.append(w.write(name, csv_text(turnus_rows()) if turnus is None else turnus))
    if supporters is not None:
        w.supporters = w.write("supporters.csv", supporters)
    if rules is not None:
        w.rules = w.write("rules.toml", rules)
    return w


@dataclass(frozen=True)
class Case:
    name: str
    hostile: str  # what is wrong with the input, in a few words
    make: Callable[[Path], list[str]]  # writes the files under a folder, returns the arguments
    exits: frozenset[int]
    says: tuple[str, ...] = ()  # words the output must contain (English messages)
    heavy: bool = False  # builds large files: benchmark (and HOSTILE_HEAVY=1) only
    names_allowed: bool = False  # the file uses names as ids, so names are ids in messages
    after: Callable[[Path, str], None] | None = None  # more checks on (folder, output)


CASES: list[Case] = []


def case(name: str, hostile: str, exits: int | Sequence[int], *says: str, heavy: bool = False,
         names_allowed: bool = False, after: Callable[[Path, str], None] | None = None):
    def register(make: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
        codes = frozenset([exits] if isinstance(exits, int) else exits)
        CASES.append(Case(name, hostile, make, codes, tuple(says), heavy, names_allowed, after))
        return make

    return register


def _rows_with(extra: Sequence[Sequence[str]]) -> str:
    return csv_text(turnus_rows() + [list(r) for r in extra])


def _out_table(folder: Path, name: str) -> list[dict[str, str]]:
    import csv

    with (folder / "out" / name).open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _wards_out(folder: Path) -> set[str]:
    return {r["ward"] for r in _out_table(folder, "coverage.csv")}


def _report(folder: Path) -> dict:
    return json.loads((folder / "out" / "reading_report.json").read_text(encoding="utf-8"))


# --- file types and encodings -------------------------------------------------------------------

@case("turnus_empty_file", "a 0-byte turnus file", 2, "The file is empty")
def _(f: Path) -> list[str]:
    return world(f, b"").solve()


@case("turnus_only_whitespace", "a turnus of blank lines", 2, "The file is empty")
def _(f: Path) -> list[str]:
    return world(f, b"  \n\n \r\n").check()


@case("turnus_header_only", "a header and no rows", 2, "No turnus row could be read from the file")
def _(f: Path) -> list[str]:
    return world(f, HEADER + "\n").solve()


@case("turnus_binary", "random bytes named .csv", 2, "not text")
def _(f: Path) -> list[str]:
    return world(f, bytes(range(256)) * 40).check()


@case("turnus_pdf", "a PDF named .csv", 2, "PDF")
def _(f: Path) -> list[str]:
    return world(f, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n").check()


@case("turnus_old_xls", "an Excel 97 .xls", 2, "old Excel format")
def _(f: Path) -> list[str]:
    return world(f, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, name="turnus.xls").check()


@case("turnus_encrypted_xlsx", "a password-protected workbook", 2, "password")
def _(f: Path) -> list[str]:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 200
    return world(f, data, name="turnus.xlsx").check()


@case("turnus_plain_zip", "a zip archive of CSVs", 2, "zip archive")
def _(f: Path) -> list[str]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("turnus.csv", csv_text(turnus_rows()))
    return world(f, buf.getvalue(), name="turnus.zip").check()


@case("turnus_utf16_bom", "UTF-16 with a BOM (Excel 'Unicode text')", 0, "encoding: utf-16")
def _(f: Path) -> list[str]:
    return world(f, csv_text(turnus_rows()).encode("utf-16")).check()


@case("turnus_utf16_no_bom", "UTF-16 little-endian without a BOM", 0, "encoding: utf-16")
def _(f: Path) -> list[str]:
    return world(f, csv_text(turnus_rows(name_of=lambda e: f"Åse {SURNAME} {e}")).encode("utf-16-le")).check()


@case("turnus_cp1252", "a whole file in Windows-1252", 0, "encoding: cp1252")
def _(f: Path) -> list[str]:
    return world(f, csv_text(turnus_rows(name_of=lambda e: f"Bjørn Ødegård {SURNAME} {e}")).encode("cp1252")).check()


def _one_cp1252_row_after(folder: Path, output: str) -> None:
    from scheduler.io import load_paths

    inputs = load_paths([folder / "turnus.csv"], folder / "supporters.csv")
    names = {e.name for e in inputs.employees.values()}
    assert all("Ø" in n for n in names), names  # every name right, the UTF-8 ones and the repaired one
    assert not any("Ã" in n or "\ufffd" in n for n in names), names


@case("turnus_one_cp1252_row", "one Windows-1252 row in a UTF-8 file", 0,
      "read as Windows-1252", "row 5", after=_one_cp1252_row_after)
def _(f: Path) -> list[str]:
    rows = turnus_rows(name_of=lambda e: f"Ødegård {SURNAME} {e}")
    text = csv_text(rows).encode("utf-8").split(b"\n")
    text[4] = text[4].decode("utf-8").encode("cp1252")
    return world(f, b"\n".join(text)).check()


@case("turnus_nul_bytes", "NUL bytes inside cells", 0, "rows read: 84")
def _(f: Path) -> list[str]:
    return world(f, csv_text(turnus_rows()).replace("Kari", "Ka\x00ri").encode()).check()


@case("turnus_cr_only", "old Mac line endings (CR only)", 0, "rows read: 84")
def _(f: Path) -> list[str]:
    return world(f, csv_text(turnus_rows()).replace("\n", "\r")).check()


@case("turnus_unbalanced_quote", "a quote opened and never closed", 0, "row 5", "is never closed, so the 81 lines after it")
def _(f: Path) -> list[str]:
    rows = turnus_rows()
    rows[3][1] = '"Kari ' + SURNAME
    return world(f, HEADER + "\n" + "".join(";".join(r) + "\n" for r in rows)).check()


@case("turnus_semicolon_in_unquoted_name", "a delimiter inside an unquoted name", 0, "more fields than the header")
def _(f: Path) -> list[str]:
    rows = turnus_rows()
    text = HEADER + "\n" + "".join(";".join(r) + "\n" for r in rows)
    return world(f, text.replace(f"Kari {SURNAME} B2", f"{SURNAME}; Kari B2", 1)).check()


# --- dates --------------------------------------------------------------------------------------

def _dates_stay_sane(folder: Path, output: str) -> None:
    assert "dates: 2027-01-04 – 2027-01-10" in output, output


@case("date_9999_12_31", "one row dated 9999-12-31 (cost 6.6 GB before)", 0, "outside 1990–2100", "[9999-12-31]",
      after=_dates_stay_sane)
def _(f: Path) -> list[str]:
    return world(f, _rows_with([["A1", "x", "A", "9999-12-31", "D"]])).check()


@case("date_9999_solve", "9999-12-31 in a solve (the horizon stays a week)", 0, "outside 1990–2100")
def _(f: Path) -> list[str]:
    return world(f, _rows_with([["A1", "x", "A", "9999-12-31", "D"]])).solve()


@case("date_year_2927", "a year typed 2927", 0, "outside 1990–2100", "[2927-01-05]", after=_dates_stay_sane)
def _(f: Path) -> list[str]:
    return world(f, _rows_with([["B1", "x", "B", "2927-01-05", "D"]])).check()


@case("date_year_0001", "year 0001", 0, "outside 1990–2100", after=_dates_stay_sane)
def _(f: Path) -> list[str]:
    return world(f, _rows_with([["B1", "x", "B", "0001-01-05", "D"]])).check()


@case("date_two_digit_99", '"5.1.99" (read as 2099)', 0, "more than 400 days from the middle", "[5.1.99]",
      after=_dates_stay_sane)
def _(f: Path) -> list[str]:
    return world(f, _rows_with([["C1", "x", "C", "5.1.99", "D"]])).check()


@case("date_excel_serial_far", "an Excel serial number of 2119", 0, "outside 1990–2100", after=_dates_stay_sane)
def _(f: Path) -> list[str]:
    return world(f, _rows_with([["C1", "x", "C", "80000", "D"]])).check()


@case("date_impossible", "31.02.2027", 0, "The date cannot be read", "[31.02.2027]")
def _(f: Path) -> list[str]:
    return world(f, _rows_with([["C1", "x", "C", "31.02.2027", "D"]])).check()


@case("period_two_years", "a turnus of two years and no horizon", 2, "at most 400 days")
def _(f: Path) -> list[str]:
    days = [MONDAY + dt.timedelta(days=i) for i in range(0, 730, 3)]
    return world(f, csv_text(turnus_rows(days=days))).solve()


@case("period_two_years_with_horizon", "two years, the rules choose a week", 0)
def _(f: Path) -> list[str]:
    days = [MONDAY + dt.timedelta(days=i) for i in range(0, 730)]
    rules = RULES.replace("[solver]", 'horizon_start = 2027-01-04\nhorizon_end = 2027-01-10\n[solver]')
    return world(f, csv_text(turnus_rows(days=days)), rules=rules).solve()


# --- shape: columns, rows, cells, distinct values -----------------------------------------------

@case("header_100k_columns", "100,000 header columns (quadratic before)", 2, "the header has 100001 columns")
def _(f: Path) -> list[str]:
    header = "employee_id;ward;" + ";".join(f"{(MONDAY + dt.timedelta(days=i % 300)):%d.%m.%Y}" for i in range(99_999))
    return world(f, header + "\n" + "A1;A;" + ";D" * 10 + "\n").check()


@case("row_100k_fields", "one data line with 100,000 fields", 2, "the line has 100001 fields", "row 3")
def _(f: Path) -> list[str]:
    text = csv_text(turnus_rows()[:1]) + "A1" + ";x" * 100_000 + "\n"
    return world(f, text).check()


@case("line_10M_delimiters", "a 10 MB line of semicolons", 2, "fields (limit 1000)")
def _(f: Path) -> list[str]:
    return world(f, csv_text(turnus_rows()[:3]) + ";" * 10_000_000 + "\n").check()


@case("cell_20MB", "a 20 MB name cell", 0, "longer than the limit and was cut")
def _(f: Path) -> list[str]:
    rows = turnus_rows()
    rows[0][1] = "K" * 20_000_000
    return world(f, csv_text(rows)).check()


@case("many_employee_ids", "150,000 different employee ids", 2, "different values (limit 100000)")
def _(f: Path) -> list[str]:
    return world(f, HEADER + "\n" + "".join(f"{i};x;A;2027-01-04;D\n" for i in range(150_000))).check()


@case("many_shift_codes", "50,000 different shift codes", 2, "different values (limit 20000)")
def _(f: Path) -> list[str]:
    return world(f, HEADER + "\n" + "".join(f"{i % 50};x;A;2027-01-04;Q{i}\n" for i in range(50_000))).check()


@case("many_wards", "10,000 different wards", 2, "different values (limit 5000)")
def _(f: Path) -> list[str]:
    return world(f, HEADER + "\n" + "".join(f"{i % 50};x;W{i};2027-01-04;D\n" for i in range(10_000))).check()


@case("many_unknown_codes", "3,000 unknown codes (listed, then counted)", 0, "more unknown shift codes")
def _(f: Path) -> list[str]:
    return world(f, _rows_with([[f"U{i}", "x", "A", "2027-01-05", f"Z{i}"] for i in range(3000)])).check()


@case("turnus_over_size_limit", "a 250 MB turnus (sparse file: nothing is read)", 2, "limit for this kind of file is 200 MB")
def _(f: Path) -> list[str]:
    w = world(f)
    with w.turnus[0].open("r+b") as handle:
        handle.truncate(250 * 2**20)
    return w.check()


@case("too_many_lines", "2.1 million short lines (36 MB)", 2, "lines (limit 2000000)", heavy=True)
def _(f: Path) -> list[str]:
    return world(f, HEADER + "\n" + "A1;x;A;2027-01-04;D\n" * 2_100_000).check()


@case("too_many_cells", "20,000 lines of 900 fields (36 MB)", 2, "(limit 16000000 cells)", heavy=True)
def _(f: Path) -> list[str]:
    header = "employee_id;ward;" + ";".join(f"c{i}" for i in range(900))
    return world(f, header + "\n" + ("A1;A" + ";D" * 900 + "\n") * 20_000).check()


@case("turnus_190MB_valid_rows", "190 MB of valid-looking rows, under the size limit", 2, "limit 2000000", heavy=True)
def _(f: Path) -> list[str]:
    line = "A1;Kari Nordmann med et langt navn;A;2027-01-04;D\n"
    return world(f, HEADER + "\n" + line * (190 * 2**20 // len(line))).check()


@case("turnus_190MB_one_cp1252_row", "190 MB of rows, one of them Windows-1252 (the repair copies once)", 2,
      "read as Windows-1252", "limit 2000000", heavy=True)
def _(f: Path) -> list[str]:
    line = "A1;Kari Nordmann Ødegård;A;2027-01-04;D\n".encode()
    n = 190 * 2**20 // len(line)
    return world(f, HEADER.encode() + b"\n" + "A2;Ødegård;A;2027-01-04;D\n".encode("cp1252") + line * n).check()


@case("turnus_150MB_utf16", "150 MB of UTF-16 (transcoded in chunks)", 0, "encoding: utf-16", heavy=True)
def _(f: Path) -> list[str]:
    rows = "".join(f"E{i % 3000};Kari Nordmann – {i % 3000};W{i % 40};{MONDAY + dt.timedelta(days=i % 300)};D\n"
                   for i in range(100_000))
    text = HEADER + "\n" + rows * 15
    return world(f, text.encode("utf-16")).check()


@case("turnus_at_the_limits", "5,490 people × 364 days = 2.0 million rows of 8 fields, just inside every limit", 0,
      "rows read: 1998360", heavy=True)
def _(f: Path) -> list[str]:
    header = HEADER + ";extra1;extra2;extra3"
    path = f / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        for day in range(364):
            date = f"{MONDAY + dt.timedelta(days=day)}"
            handle.write("".join(f"E{i};N{i};W{i % 100};{date};{'DAN'[(i + day) % 3]};{i};x;y\n" for i in range(5490)))
    w = world(f)
    w.turnus = [path]
    return w.check()


@case("turnus_repeated_20_times", "one export pasted 20 times into one file (2 million rows)", 0, "identical duplicate rows",
      heavy=True)
def _(f: Path) -> list[str]:
    days = [f"{MONDAY + dt.timedelta(days=i)}" for i in range(364)]
    body = "".join(f"E{i % 8000};N{i % 8000};W{i % 100};{days[i % 364]};{'DAN'[i % 3]}\n" for i in range(100_000))
    return world(f, HEADER + "\n" + body * 19 + "".join(body.splitlines(True)[:99_000])).check()


@case("turnus_large_real", "a real large hospital: 4,000 staff × 1 year (79 MB)", 0, "rows read: 1456000", heavy=True)
def _(f: Path) -> list[str]:
    from scheduler.demo.files import write_canonical
    from scheduler.demo.generate import generate

    write_canonical(generate("L", seed=1), f)
    return ["check", str(f / "turnus.csv"), "--supporters", str(f / "supporters.csv"), "--lang", "en"]


# --- cells: Unicode, control characters, formulas -----------------------------------------------

def _one_ward_each(folder: Path, output: str) -> None:
    wards = _wards_out(folder)
    assert wards == {"SÅR", "B", "C"}, wards
    assert all(unicodedata.is_normalized("NFC", w) for w in wards)


@case("ward_nfd_and_nfc", "ward 'SÅR' written NFD in half of the rows", 0, after=_one_ward_each)
def _(f: Path) -> list[str]:
    nfd = unicodedata.normalize("NFD", "SÅR")
    rows = turnus_rows(ward_of=lambda w: "SÅR" if w == "A" else w)
    for r in rows[::2]:
        if r[2] == "SÅR":
            r[2] = nfd
    return world(f, csv_text(rows)).solve()


@case("ward_nfd_in_wards_file", "wards.csv spells 'SÅR' NFD, the turnus NFC", 0, after=_one_ward_each)
def _(f: Path) -> list[str]:
    w = world(f, csv_text(turnus_rows(ward_of=lambda w: "SÅR" if w == "A" else w)))
    w.wards = w.write("wards.csv", "ward;min_staff_day\n" + unicodedata.normalize("NFD", "SÅR") + ";0\nB;0\nC;0\n")
    return w.solve()


@case("ward_nfd_file_argument", "FILE=WARD with an NFD ward", 0, after=_one_ward_each)
def _(f: Path) -> list[str]:
    rows = [r[:2] + r[3:] for r in turnus_rows() if r[2] == "A"]
    w = world(f)
    w.turnus[0].write_text(csv_text([r for r in turnus_rows() if r[2] != "A"]), encoding="utf-8")
    a = w.write("a.csv", csv_text(rows, header="employee_id;name;date;shift_code"))
    w.turnus.append(Path(f"{a}={unicodedata.normalize('NFD', 'SÅR')}"))
    return w.solve()


def _supporter_found(folder: Path, output: str) -> None:
    assert "no turnus file" not in output, output


@case("supporter_id_nfd", "a supporter id written NFD, the turnus NFC", 0, after=_supporter_found)
def _(f: Path) -> list[str]:
    rows = turnus_rows()
    for r in rows:
        r[0] = r[0].replace("A1", "Å1")
    sup = SUPPORTERS.replace("A1;", unicodedata.normalize("NFD", "Å1") + ";")
    return world(f, csv_text(rows), supporters=sup).solve()


def _clean_outputs(folder: Path, output: str) -> None:
    out = folder / "out"
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".ics", ".html", ".json"):
            text = path.read_text(encoding="utf-8-sig")
            assert "\x1b" not in text and "\u202e" not in text, path
    assert (out / "assignments.csv").is_file()


@case("name_with_line_break", "Alt+Enter line break in a name (crashed after solving)", 0, "line breaks",
      after=_clean_outputs)
def _(f: Path) -> list[str]:
    rows = turnus_rows(name_of=lambda e: f"Kari\n{SURNAME} {e}" if e in ("A1", "B1") else f"Kari {SURNAME} {e}")
    sup = SUPPORTERS.replace("Kari Nordmann A1", f'"Kari\r\n{SURNAME} A1"')
    return world(f, csv_text(rows), supporters=sup).solve()


@case("escape_codes_in_cells", "terminal escape codes in names, codes and wards", 0, "control characters",
      after=_clean_outputs)
def _(f: Path) -> list[str]:
    rows = turnus_rows(name_of=lambda e: f"\x1b[2J\x1b[31mKari {SURNAME} {e}\x07")
    rows.append(["C2", "x", "C\x1b[0m", "2027-01-05", "\x1b]0;pwned\x07D"])
    return world(f, csv_text(rows)).solve()


@case("escape_codes_in_file_name", "escape codes in a file name", 0, "rows read: 84")
def _(f: Path) -> list[str]:
    return world(f, name="turnus\x1b[31m.csv").check()


@case("bidi_override_in_id", "right-to-left override and zero-width space in ids", 0, after=_clean_outputs)
def _(f: Path) -> list[str]:
    rows = turnus_rows()
    for r in rows:
        if r[0] == "B1":
            r[0] = "B\u202e1\u200b"
    return world(f, csv_text(rows)).solve()


@case("formula_cells", "names and codes starting with = + - @", 0, "Unknown shift code")
def _(f: Path) -> list[str]:
    rows = turnus_rows(name_of=lambda e: "=cmd|' /C calc'!A0" if e == "A2" else f"+{SURNAME}{e}")
    rows.append(["Z9", "x", "A", "2027-01-05", "@SUM(1)"])
    return world(f, csv_text(rows)).solve()


# --- layouts and columns ------------------------------------------------------------------------

@case("names_as_ids", "no employee-id column: names become ids", 0, "!! Names are used as employee ids",
      names_allowed=True)
def _(f: Path) -> list[str]:
    rows = [[r[1]] + r[2:] for r in turnus_rows()]
    sup = "name\n" + "".join(f"Kari {SURNAME} {e}\n" for e in ("A1", "B1", "C1"))
    w = world(f, csv_text(rows, header="Navn;Post;Dato;Vakt"), supporters=sup.replace("name", "employee_id"))
    return w.solve()


@case("no_ward_anywhere", "no ward column and no FILE=WARD", 2, "The row has no ward")
def _(f: Path) -> list[str]:
    rows = [r[:2] + r[3:] for r in turnus_rows()]
    return world(f, csv_text(rows, header="employee_id;name;date;shift_code")).solve()


@case("conflicting_duplicates", "one person, one day, two different codes", 0, "two different shifts")
def _(f: Path) -> list[str]:
    return world(f, _rows_with([["A2", "x", "A", "2027-01-04", "N"]])).solve()


@case("unknown_codes_in_solve", "codes nobody defined", 0, "Unknown shift code «QX»")
def _(f: Path) -> list[str]:
    return world(f, _rows_with([["A2", "x", "A", "2027-01-11", "QX"]])).solve()


@case("wide_without_years", "wide layout, headers without a year", 0, "no year")
def _(f: Path) -> list[str]:
    head = "Ansattnr;Post;" + ";".join(f"{d:%d.%m}" for d in DAYS)
    body = "".join(f"{w}{k};{w};" + ";".join(_code(k) for _ in DAYS) + "\n" for w in WARDS for k in range(1, 5))
    return world(f, head + "\n" + body).check()


@case("wide_header_year_2927", "a wide header dated 2927", 0, "The column dated 2927-01-11 was not read")
def _(f: Path) -> list[str]:
    head = "Ansattnr;Post;" + ";".join(f"{d:%d.%m.%Y}" for d in DAYS) + ";11.01.2927"
    body = "".join(f"{w}{k};{w};" + ";".join(_code(k) for _ in DAYS) + ";D\n" for w in WARDS for k in range(1, 5))
    return world(f, head + "\n" + body).check()


@case("wide_duplicate_date_columns", "two columns for the same date", 0, "two different shifts")
def _(f: Path) -> list[str]:
    head = "Ansattnr;Post;" + ";".join(f"{d:%d.%m.%Y}" for d in DAYS) + f";{DAYS[0]:%d.%m.%Y}"
    body = "".join(f"{w}{k};{w};" + ";".join(_code(k) for _ in DAYS) + ";F\n" for w in WARDS for k in range(1, 5))
    return world(f, head + "\n" + body).check()


# --- xlsx ---------------------------------------------------------------------------------------

def _xlsx(rows: Sequence[Sequence[object]], far_cell: tuple[int, int] | None = None, sheets: int = 1) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Turnus")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    if far_cell is not None:
        ws.write(*far_cell, "x")
    for i in range(sheets - 1):
        wb.add_worksheet(f"S{i}").write(0, 0, i)
    wb.close()
    return buf.getvalue()


def _xlsx_table() -> list[list[str]]:
    return [HEADER.split(";"), *turnus_rows()]


@case("xlsx_valid", "a plain workbook (control)", 0, "rows read: 84")
def _(f: Path) -> list[str]:
    return world(f, _xlsx(_xlsx_table()), name="turnus.xlsx").check()


@case("xlsx_cell_at_XFD1048576", "one stray cell at XFD1048576 (4.9 KB; cost 8.5 GB before)", 0,
      "right of column ALL were not read", "rows read: 84")
def _(f: Path) -> list[str]:
    return world(f, _xlsx(_xlsx_table(), far_cell=(1_048_575, 16_383)), name="turnus.xlsx").check()


@case("xlsx_stray_cell_far_down", "one stray cell at A1048576", 0, "rows read: 84")
def _(f: Path) -> list[str]:
    return world(f, _xlsx(_xlsx_table(), far_cell=(1_048_575, 0)), name="turnus.xlsx").check()


def _zip_member(name: str, chunk: bytes, total: int, head: bytes = b"", tail: bytes = b"",
                others: Sequence[tuple[str, bytes]] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                          'package/2006/content-types"/>')
        for other, data in others:
            z.writestr(other, data)
        with z.open(name, "w", force_zip64=True) as handle:
            handle.write(head)
            written = 0
            while written < total:
                handle.write(chunk)
                written += len(chunk)
            handle.write(tail)
    return buf.getvalue()


_SHEET_HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


@case("xlsx_zip_bomb_small", "a 0.3 MB workbook that unpacks to 200 MB", 2, "unpacks to 200 MB")
def _(f: Path) -> list[str]:
    data = _zip_member("xl/worksheets/sheet1.xml", b"<row/>" * 100_000, 200 * 2**20, _SHEET_HEAD, b"</sheetData></worksheet>")
    return world(f, data, name="turnus.xlsx").check()


@case("xlsx_zip_bomb", "a 6 MB workbook that unpacks to 6 GB (took > 120 s)", 2, "unpacks to", heavy=True)
def _(f: Path) -> list[str]:
    data = _zip_member("xl/worksheets/sheet1.xml", b"<row/>" * 1_000_000, 6 * 2**30, _SHEET_HEAD, b"</sheetData></worksheet>")
    return world(f, data, name="turnus.xlsx").check()


@case("xlsx_big_shared_strings", "a 60 MB shared-strings table", 2, "text table is 60 MB")
def _(f: Path) -> list[str]:
    data = _zip_member("xl/sharedStrings.xml", b"<si><t>x</t></si>" * 10_000, 60 * 2**20,
                       b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
                       b"</sst>")
    return world(f, data, name="turnus.xlsx").check()


@case("xlsx_many_members", "a zip of 20,000 parts", 2, "parts")
def _(f: Path) -> list[str]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "")
        for i in range(20_000):
            z.writestr(f"xl/p{i}.xml", "")
    return world(f, buf.getvalue(), name="turnus.xlsx").check()


@case("xlsx_truncated", "a workbook cut in half", 2, "not a valid zip archive")
def _(f: Path) -> list[str]:
    data = _xlsx(_xlsx_table())
    return world(f, data[: len(data) // 2], name="turnus.xlsx").check()


@case("xlsx_billion_laughs", "entity expansion in the shared strings", 2, "cannot be opened", "amplification")
def _(f: Path) -> list[str]:
    table = _xlsx(_xlsx_table())
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    src = zipfile.ZipFile(io.BytesIO(table))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, lol if info.filename == "xl/sharedStrings.xml" else src.read(info.filename))
    return world(f, buf.getvalue(), name="turnus.xlsx").check()


def _replace_part(book: bytes, name: str, chunks: Sequence[bytes]) -> bytes:
    """A valid workbook with one part replaced by the given bytes (written in a stream)."""
    src = zipfile.ZipFile(io.BytesIO(book))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename == name:
                with z.open(name, "w", force_zip64=True) as handle:
                    for chunk in chunks:
                        handle.write(chunk)
            else:
                z.writestr(info.filename, src.read(info.filename))
    return buf.getvalue()


@case("xlsx_500k_empty_rows", "500,000 empty row elements in the sheet", 2, "too large to read as Excel")
def _(f: Path) -> list[str]:
    rows = (b"".join(b'<row r="%d"/>' % r for r in range(i, i + 100_000)) for i in range(1, 500_001, 100_000))
    data = _replace_part(_xlsx(_xlsx_table()), "xl/worksheets/sheet1.xml", [_SHEET_HEAD, *rows, b"</sheetData></worksheet>"])
    return world(f, data, name="turnus.xlsx").check()


@case("xlsx_empty_formatted_cells", "550,000 formatted empty cells", 2, "too large to read as Excel")
def _(f: Path) -> list[str]:
    def rows():
        for r in range(1, 551):
            yield b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="0"/>' % (_letters(c).encode(), r) for c in range(1, 1001)) + b"</row>"

    data = _replace_part(_xlsx(_xlsx_table()), "xl/worksheets/sheet1.xml", [_SHEET_HEAD, *rows(), b"</sheetData></worksheet>"])
    return world(f, data, name="turnus.xlsx").check()


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


@case("xlsx_300_sheets", "a workbook of 300 sheets (the first is read)", 0, "rows read: 84")
def _(f: Path) -> list[str]:
    return world(f, _xlsx(_xlsx_table(), sheets=300), name="turnus.xlsx").check()


@case("xlsx_over_cell_limit", "a sheet of 1 million cells (inline strings)", 2, "too large to read as Excel", heavy=True)
def _(f: Path) -> list[str]:
    import xlsxwriter

    path = f / "turnus.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["employee_id", "ward"] + [f"{(MONDAY + dt.timedelta(days=i)):%d.%m.%Y}" for i in range(98)])
    for r in range(1, 10_000):
        ws.write_row(r, 0, [f"E{r}", "A"] + ["D"] * 98)
    wb.close()
    w = world(f)
    w.turnus = [path]
    return w.check()


# --- supporters ---------------------------------------------------------------------------------

@case("supporters_empty_file", "an empty supporters file (exited 0, all uncovered)", 2, "supporters")
def _(f: Path) -> list[str]:
    return world(f, supporters=b"").solve()


@case("supporters_empty_allowed", "an empty supporters file with --allow-empty", 0)
def _(f: Path) -> list[str]:
    return world(f, supporters=b"").solve("--allow-empty")


@case("supporters_header_only", "a supporters file with a header and nobody", 2, "No supporters were read")
def _(f: Path) -> list[str]:
    return world(f, supporters="employee_id;name\n").solve()


@case("supporters_in_no_turnus", "supporters from another hospital", 2, "None of the 3 supporters is in any turnus")
def _(f: Path) -> list[str]:
    return world(f, supporters="employee_id\nX1\nX2\nX3\n").solve()


@case("supporters_some_unknown", "two supporters not in any turnus", 0, "!! 2 of 6 supporters are in no turnus file")
def _(f: Path) -> list[str]:
    return world(f, supporters=SUPPORTERS + "X1;x\nX2;y\n").solve()


@case("supporters_limit_99999999", "max_duties_per_week = 99999999 for one supporter", 0, "not a whole number in 0–100")
def _(f: Path) -> list[str]:
    sup = "employee_id;max_duties_per_week\nA1;99999999\nB1;2\nC1;\nA3;\n"
    return world(f, supporters=sup).solve()


@case("supporters_binary", "random bytes as the supporters file", 2, "not text")
def _(f: Path) -> list[str]:
    return world(f, supporters=bytes(range(256)) * 10).solve()


@case("supporters_over_size_limit", "a 30 MB supporters file (sparse)", 2, "limit for this kind of file is 20 MB")
def _(f: Path) -> list[str]:
    w = world(f)
    with w.supporters.open("r+b") as handle:  # type: ignore[union-attr]
        handle.truncate(30 * 2**20)
    return w.solve()


@case("supporters_never_available", "every supporter unavailable every day", 0, "!! None of the 4 supporters is available")
def _(f: Path) -> list[str]:
    sup = "employee_id;unavailable\n" + "".join(f"{e};2027-01-04..2027-01-10\n" for e in ("A1", "B1", "C1", "A3"))
    return world(f, supporters=sup).solve()


@case("supporters_missing_file", "--supporters names a file that is not there", 2, "cannot be opened")
def _(f: Path) -> list[str]:
    w = world(f)
    w.supporters = f / "nope.csv"
    return w.solve()


@case("no_demand", "every ward has needs_coverage = no", 2, "No ward needs cover")
def _(f: Path) -> list[str]:
    w = world(f)
    w.wards = w.write("wards.csv", "ward;needs_coverage\nA;nei\nB;nei\nC;nei\n")
    return w.solve()


@case("no_demand_allowed", "no demand, with --allow-empty", 0)
def _(f: Path) -> list[str]:
    w = world(f)
    w.wards = w.write("wards.csv", "ward;needs_coverage\nA;nei\nB;nei\nC;nei\n")
    return w.solve("--allow-empty")


@case("wards_min_staff_huge", "min_staff_day = 1e12", 0, "not a whole number in 0–10 000")
def _(f: Path) -> list[str]:
    w = world(f)
    w.wards = w.write("wards.csv", "ward;min_staff_day\nA;1000000000000\nB;1\n")
    return w.solve()


# --- rules --------------------------------------------------------------------------------------

def _rules(text: str) -> Callable[[Path], list[str]]:
    return lambda f: world(f, rules=text).solve()


for _name, _hostile, _text, _says in (
    ("rules_consecutive_99999999", "max_consecutive_days = 99999999 (hung)", "max_consecutive_days = 99999999\n", "Allowed: 1–31"),
    ("rules_zero_length_slot", "a slot 08:00–08:00 (empty rota, exit 0 before)",
     '[[slots]]\nname = "dag"\nstart = "08:00"\nend = "08:00"\nkind = "day"\n', "starts and ends at 08:00"),
    ("rules_horizon_9999_years", "horizon 0001-01-01..9999-12-31", "horizon_start = 0001-01-01\nhorizon_end = 9999-12-31\n",
     "at most 400 days"),
    ("rules_time_limit_1e12", "[solver] time_limit = 1e12", "[solver]\ntime_limit = 1e12\n", "Allowed: 0 < x ≤ 86 400"),
    ("rules_seed_2_63", "[solver] seed = 2^63 - 1", "[solver]\nseed = 9223372036854775807\n", "Allowed: 0–2 147 483 647"),
    ("rules_workers_1000", "[solver] workers = 1000", "[solver]\nworkers = 1000\n", "Allowed: 1–64"),
    ("rules_not_toml", "rules that are not TOML", "max_consecutive_days: 2\n", "not valid TOML"),
    ("rules_negative_week", "max_duties_per_week = -3", "max_duties_per_week = -3\n", "Allowed: 0–100"),
    ("rules_overlap_5", "min_overlap = 5", "min_overlap = 5\n", "Allowed: 0 < x ≤ 1"),
    ("rules_13_slots", "13 slots a day", "".join(f'[[slots]]\nname = "s{i}"\nstart = "{i:02d}:00"\nend = "{i:02d}:30"\n'
                                                 f'kind = "day"\n' for i in range(13)), "at most 12"),
    ("rules_deep_nesting", "an array nested 50,000 deep", "a = " + "[" * 50_000 + "]" * 50_000 + "\n", "rules file"),
    ("rules_unknown_slot_kind", "a slot of kind 'lunsj'", '[[slots]]\nname = "x"\nstart = "08:00"\nend = "09:00"\nkind = "lunsj"\n',
     "slots[0].kind"),
):
    CASES.append(Case(_name, _hostile, _rules(_text), frozenset([2]), (_says,)))


@case("rules_binary", "a binary rules file", 2, "not text")
def _(f: Path) -> list[str]:
    return world(f, rules=bytes(range(256)) * 4).solve()


@case("rules_2MB", "a 2 MB rules file", 2, "the limit for this kind of file is 1 MB")
def _(f: Path) -> list[str]:
    return world(f, rules="# x\n" * 500_000).solve()


@case("cli_time_limit_negative", "--time-limit -5", 2, "--time-limit must be in")
def _(f: Path) -> list[str]:
    return [*world(f).solve(), "--time-limit", "-5"]


@case("cli_seed_huge", "--seed 99999999999", 2, "--seed must be in")
def _(f: Path) -> list[str]:
    return [*world(f).solve(), "--seed", "99999999999"]


# --- pins ---------------------------------------------------------------------------------------

@case("pins_far_date", "a lock dated 9999-12-31 (exit 3, 'locks cannot be kept', before)", 0,
      "outside the period planned")
def _(f: Path) -> list[str]:
    w = world(f)
    w.pins = w.write("pins.csv", "supporter_id;date;slot;action\nA1;9999-12-31;dag;lock\n")
    return w.solve()


@case("pins_binary", "random bytes as pins", 2, "not text")
def _(f: Path) -> list[str]:
    w = world(f)
    w.pins = w.write("pins.csv", bytes(range(256)) * 4)
    return w.solve()


# --- --previous ---------------------------------------------------------------------------------

def _previous(make: Callable[[Path], None]) -> Callable[[Path], list[str]]:
    def build(f: Path) -> list[str]:
        prev = f / "prev"
        prev.mkdir()
        make(prev)
        return [*world(f).solve(), "--previous", str(prev)]

    return build


for _name, _hostile, _make, _says in (
    ("previous_no_duties_csv", "--previous: a folder of unrelated files", lambda p: (p / "x.txt").write_text("hei"),
     "has no duties.csv"),
    ("previous_garbage", "--previous: duties.csv is random bytes (exit 70 before)",
     lambda p: (p / "duties.csv").write_bytes(bytes(range(256)) * 20), "cannot be used"),
    ("previous_wrong_columns", "--previous: duties.csv of another program", lambda p: (p / "duties.csv").write_text("a,b\n1,2\n"),
     "lacks the columns"),
    ("previous_bad_date", "--previous: a duty dated 'i går'",
     lambda p: (p / "duties.csv").write_text("supporter_id,date,slot\nA1,i går,dag\n"), "is not a date"),
    ("previous_other_hospital", "--previous: a rota from another hospital",
     lambda p: (p / "duties.csv").write_text("supporter_id,date,slot\nX9,2027-01-04,dag\nX8,2027-01-05,natt\n"),
     "no supporter in common"),
    ("previous_other_period", "--previous: a rota of last year",
     lambda p: (p / "duties.csv").write_text("supporter_id,date,slot\nA1,2026-01-04,dag\n"), "no date in common"),
):
    CASES.append(Case(_name, _hostile, _previous(_make), frozenset([2]), (_says,)))


@case("previous_partly_known", "--previous: a rota where one of two supporters is unknown now", 0,
      "duties.csv, column «supporter_id»: 1 of 2 supporters in the previous rota are not supporters now")
def _(f: Path) -> list[str]:
    prev = f / "prev"
    prev.mkdir()
    (prev / "duties.csv").write_text("supporter_id,date,slot\nA1,2027-01-05,dag\nX9,2027-01-06,natt\n", encoding="utf-8")
    return [*world(f).solve(), "--previous", str(prev)]


@case("previous_missing_folder", "--previous names no folder", 2, "the folder does not exist")
def _(f: Path) -> list[str]:
    return [*world(f).solve(), "--previous", str(f / "nope")]


# --- paths and documented commands --------------------------------------------------------------

@case("turnus_is_a_folder", "a folder given as a turnus file", 2, "a folder, not a file")
def _(f: Path) -> list[str]:
    w = world(f)
    (f / "dir").mkdir()
    w.turnus = [f / "dir"]
    return w.solve()


@case("turnus_missing_file", "a turnus file that is not there", 2, "cannot be opened")
def _(f: Path) -> list[str]:
    w = world(f)
    w.turnus = [f / "nope.csv"]
    return w.solve()


def _generated(folder: Path, output: str) -> None:
    for name in ("turnus.csv", "supporters.csv", "wards.csv", "rules.toml"):
        assert (folder / "gen" / name).is_file(), name


@case("generate_documented_command", "README's `scheduler generate --size M --seed 2 --out DIR`", 0, after=_generated)
def _(f: Path) -> list[str]:
    return ["generate", "--size", "S", "--seed", "2", "--out", str(f / "gen")]


@case("verify_with_input_gone", "verify after a turnus file was deleted (1,739 false violations before)", 2,
      "input file missing")
def _(f: Path) -> list[str]:
    from scheduler.cli.main import main

    w = world(f)
    assert main(w.solve()) == 0
    w.turnus[0].unlink()
    return ["verify", str(f / "out"), "--lang", "en"]


@case("verify_summary_garbage", "verify on a folder whose summary.json is garbage", 2, "not a summary")
def _(f: Path) -> list[str]:
    (f / "out").mkdir()
    (f / "out" / "summary.json").write_bytes(b"\x00\xff garbage")
    return ["verify", str(f / "out"), "--lang", "en"]


def _report_written(folder: Path, output: str) -> None:
    report = _report(folder)
    assert report["counts"]["warning"] >= 12, report["counts"]
    assert any("Unknown shift code" in m["text_en"] for r in report["files"] for m in r["messages"])
    assert "Reading: " in output and "more; `scheduler check` shows them all" in output


@case("many_warnings_summarised", "12 kinds of unknown code: ten printed, all kept", 0, "Reading: ", after=_report_written)
def _(f: Path) -> list[str]:
    return world(f, _rows_with([[f"U{i}", "x", "A", "2027-01-05", f"Q{i}"] for i in range(12)])).solve()


def light() -> list[Case]:
    return [c for c in CASES if not c.heavy]


def selected() -> list[Case]:
    """The light cases, and the heavy ones too when HOSTILE_HEAVY=1."""
    return CASES if os.environ.get("HOSTILE_HEAVY") == "1" else light()
