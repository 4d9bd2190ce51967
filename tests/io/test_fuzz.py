"""Property tests: no bytes and no mangled CSV make a reader raise; they only produce reports."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from iohelpers import src

from scheduler.domain import TURNUS_COLUMNS
from scheduler.io import (
    DEFAULT_SHIFT_CODES,
    load_inputs,
    read_pins,
    read_rules,
    read_shift_codes,
    read_staff,
    read_supporters,
    read_turnus,
    read_wards,
)

VALID = ("Ansattnr;Navn;Post;Dato;Vakt;Fra;Til\n"
         '001;"Hansen, Kari";3A;04.01.2027;D;;\n002;Øyvind;3B;2027-01-05;N;;\n'
         "003;Per;3A;5.1.27;;07:00;15:00\n004;Åse;3C;46391;(K1) FE;;\n")
WIDE = "Turnus;;;\nAnsattnr;Post;ma 04.01;ti 05.01\n1;3A;D;22:15–07:45\n2;3B;;FE\n"
NOISE = st.sampled_from([";", ",", "\t", '"', "\n", "\r\n", "", "x", "ø", "..", "(", ")", "–", "\x00", "2027-13-45"])
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mangled(draw: st.DrawFn, base: str) -> str:
    text = base
    for _ in range(draw(st.integers(1, 8))):
        pos = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:pos] + draw(NOISE) + text[pos:]
        else:
            text = text[:pos] + text[pos + draw(st.integers(1, 5)):]
    return text


def _check_turnus(data: bytes, name: str = "t.csv") -> None:
    df, emps, reports = read_turnus([src(name, data)], DEFAULT_SHIFT_CODES)
    assert tuple(df.columns) == TURNUS_COLUMNS
    assert len(reports) == 1 and reports[0].file == name
    assert set(df["employee_id"]) <= set(emps)


@FAST
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _check_turnus(data)
    _check_turnus(data, "t.xlsx")
    for reader in (read_supporters, read_wards, read_staff, read_pins, read_shift_codes, read_rules):
        _, report = reader(src("x", data))
        assert report.file == "x"


@FAST
@given(st.binary(max_size=300))
def test_bytes_after_a_valid_header_never_raise(tail: bytes) -> None:
    _check_turnus(b"employee_id;ward;date;shift_code\n" + tail)
    _check_turnus(b"PK\x03\x04xl/" + tail)


@FAST
@given(mangled(VALID), st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]))
def test_mangled_long_csv_never_raises(text: str, encoding: str) -> None:
    _check_turnus(text.encode(encoding, errors="replace"))


@FAST
@given(mangled(WIDE))
def test_mangled_wide_csv_never_raises(text: str) -> None:
    _check_turnus(text.encode("utf-8", errors="replace"))


@settings(max_examples=25, deadline=None)
@given(mangled("employee_id;max_duties_per_week;protected_hours_per_week;unavailable;leads_wards\n"
               '1;2;7,5;"2027-01-04..2027-01-10;2027-02-01";3A\n2;;;;\n'),
       mangled("min_overlap = 0.5\n[[slots]]\nname = \"dag\"\nstart = \"08:00\"\nend = \"15:00\"\nkind = \"day\"\n"))
def test_mangled_supporters_and_rules_in_load_inputs(sup: str, rules: str) -> None:
    inputs = load_inputs([src("t.csv", VALID)], src("s.csv", sup), rules=src("r.toml", rules))
    assert inputs.rules.slots
