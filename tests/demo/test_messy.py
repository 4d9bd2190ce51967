"""Messy per-ward exports: the layouts real systems write, mapping back to the canonical turnus."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from scheduler.demo.files import GeneratedHospital
from scheduler.demo.generate import generate
from scheduler.demo.messy import canonical_code, date_header, write_messy_exports
from scheduler.demo.shapes import SizeSpec

TINY = SizeSpec(wards=6, weeks=4, staff=150, supporters=12, sites=2)


@pytest.fixture(scope="module")
def hospital() -> GeneratedHospital:
    return generate(TINY, seed=5)


@pytest.fixture(scope="module")
def exports(hospital: GeneratedHospital, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_messy_exports(hospital, tmp_path_factory.mktemp("messy"))


def _canonical(h: GeneratedHospital, ward: str) -> pd.DataFrame:
    t = h.turnus[h.turnus["ward"] == ward].astype({"employee_id": str, "shift_code": str})
    return t.pivot(index="employee_id", columns="date", values="shift_code")


def _wide_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("cp1252")), delimiter=";"))
    return rows[3], rows[4:]


def test_one_file_per_ward_with_one_xlsx_and_one_long(hospital: GeneratedHospital, exports: list[Path]) -> None:
    assert len(exports) == len(hospital.wards)
    assert sum(p.suffix == ".xlsx" for p in exports) == 1
    assert sum(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in exports) == 1
    assert {p.stem.removeprefix("turnus_") for p in exports} == set(hospital.wards["ward"])


def test_date_header_uses_norwegian_weekdays() -> None:
    assert date_header(pd.Timestamp("2027-01-04").date()) == "ma 04.01.27"
    assert date_header(pd.Timestamp("2027-01-09").date()) == "lø 09.01.27"


def test_canonical_code_maps_messy_cells() -> None:
    assert canonical_code("") == "F"
    assert canonical_code("(D) FE") == "FE"
    assert canonical_code("07:30-15:30") == "D"
    assert canonical_code("22:15\u201307:45") == "N"
    assert canonical_code("KURS") == "KURS"


def test_wide_csv_decodes_as_cp1252_and_round_trips(hospital: GeneratedHospital, exports: list[Path]) -> None:
    wide = [p for p in exports if p.suffix == ".csv" and not p.read_bytes().startswith(b"\xef\xbb\xbf")]
    assert wide
    seen_blank = seen_times = False
    for path in wide:
        raw = path.read_bytes()
        text = raw.decode("cp1252")
        assert text.startswith("Turnusrapport ") and "\r\n" in text
        header, rows = _wide_csv(path)
        assert header[:4] == ["Ansattnr", "Navn", "Stilling", "ma 04.01.27"]
        expected = _canonical(hospital, path.stem.removeprefix("turnus_"))
        for row in rows:
            assert [canonical_code(c) for c in row[3:]] == expected.loc[row[0]].tolist()
            seen_blank |= "" in row[3:]
            seen_times |= any(":" in c for c in row[3:])
    assert seen_blank and seen_times


def test_long_file_round_trips(hospital: GeneratedHospital, exports: list[Path]) -> None:
    (path,) = [p for p in exports if p.read_bytes().startswith(b"\xef\xbb\xbf")]
    df = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    assert list(df.columns) == ["Ans.nr", "Navn", "Stilling", "Avdeling", "Vaktdato", "Vaktkode"]
    ward = path.stem.removeprefix("turnus_")
    canonical = hospital.turnus[(hospital.turnus["ward"] == ward) & (hospital.turnus["shift_code"] != "F")]
    got = set(zip(df["Ans.nr"], pd.to_datetime(df["Vaktdato"], format="%d.%m.%Y"), df["Vaktkode"], strict=True))
    want = set(zip(canonical["employee_id"].astype(str), canonical["date"], canonical["shift_code"].astype(str), strict=True))
    assert got == want and (df["Avdeling"] == ward).all()


def test_xlsx_has_title_rows_and_real_dates(hospital: GeneratedHospital, exports: list[Path]) -> None:
    (path,) = [p for p in exports if p.suffix == ".xlsx"]
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert str(rows[0][0]).startswith("Turnusrapport") and rows[3][:3] == ("Ansattnr", "Navn", "Stilling")
    assert rows[3][3] == pd.Timestamp(hospital.start).to_pydatetime()
    expected = _canonical(hospital, path.stem.removeprefix("turnus_"))
    for row in rows[4:]:
        assert isinstance(row[0], str)
        assert [canonical_code(c or "") for c in row[3:]] == expected.loc[row[0]].tolist()


def test_messy_exports_are_deterministic(hospital: GeneratedHospital, tmp_path: Path) -> None:
    a = write_messy_exports(hospital, tmp_path / "a")
    b = write_messy_exports(hospital, tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_sample_exports_decode_and_show_absence_over_shift() -> None:
    messy = Path(__file__).resolve().parents[2] / "data" / "messy"  # in the repository: the README's `check` example
    texts = [p.read_bytes().decode("cp1252") for p in messy.glob("*.csv") if not p.read_bytes().startswith(b"\xef\xbb\xbf")]
    assert len(texts) >= 10 and all("ma 04.01.27" in t for t in texts)
    assert any("(D) FE" in t for t in texts) and any("\u2013" in t for t in texts)
