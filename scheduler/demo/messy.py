"""Per-ward turnus exports the way real rostering systems write them (docs/inputs.md), for reader tests.

From a :class:`~scheduler.demo.files.GeneratedHospital` this writes one file per ward:

- most wards: WIDE, semicolon-separated, Windows-1252, two title rows and a blank row above
  the header `Ansattnr;Navn;Stilling;ma 04.01.27;ti 05.01.27;...`, no ward column (the ward is
  in the file name `turnus_<ward>.csv`), CRLF line ends;
- the second ward: the same wide layout as an `.xlsx` workbook (first sheet, dates in the header
  as real Excel dates);
- the third ward: LONG, comma-separated UTF-8 with BOM, headers
  `Ans.nr,Navn,Stilling,Avdeling,Vaktdato,Vaktkode`, dates `dd.mm.yyyy`, off days left out.

Differences from the canonical turnus, all meant to be read back as the same shifts:
off days are blank cells in every other wide ward (blank = no shift, canonical "F"); about one
work cell in a hundred is written as its times (`07:30-15:30`, `22:15–07:45` with an en dash),
equal to the times of the canonical code; about a third of weekday FE cells are written as an
absence over a planned shift, `(D) FE`. :func:`canonical_code` maps a cell back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from scheduler.demo.files import GeneratedHospital
from scheduler.demo.roster import SHIFT_TIMES

__all__ = ["WEEKDAYS", "write_messy_exports", "canonical_code", "date_header", "layout_of"]

#: Norwegian weekday prefixes, Monday first, as rostering exports abbreviate them.
WEEKDAYS: tuple[str, ...] = ("ma", "ti", "on", "to", "fr", "lø", "sø")
_TIME_CELL = {code: f"{a}-{b}" for code, (a, b) in SHIFT_TIMES.items() if code in ("D", "A")}
_TIME_CELL["N"] = "{}\u2013{}".format(*SHIFT_TIMES["N"])  # an en dash, as some systems write
_TIMES_TO_CODE = {tuple(t): code for code, t in SHIFT_TIMES.items()}
_ABSENCE_OVER = re.compile(r"^\(\s*[^)]*\)\s*(\S+)$")
_TIMES = re.compile(r"^(\d{1,2}:\d{2})\s*[-\u2013]\s*(\d{1,2}:\d{2})$")
_FIXED_TIME = dt.datetime(2027, 1, 1)  # xlsx document properties, so files are byte-identical


def date_header(day: dt.date) -> str:
    """`ma 04.01.27`: weekday prefix and dd.mm.yy, as wide exports label date columns."""
    return f"{WEEKDAYS[day.weekday()]} {day:%d.%m.%y}"


def canonical_code(cell: str) -> str:
    """The canonical code a messy cell stands for: blank → F, `(D) FE` → FE, times → their code."""
    text = cell.strip()
    if not text:
        return "F"
    if m := _ABSENCE_OVER.match(text):
        return m.group(1)
    if m := _TIMES.match(text):
        return _TIMES_TO_CODE.get((m.group(1).zfill(5), m.group(2).zfill(5)), text)
    return text


def layout_of(ward_index: int) -> str:
    """Which layout ward number `ward_index` (file order) gets: 'xlsx', 'long' or 'wide'."""
    return {1: "xlsx", 2: "long"}.get(ward_index, "wide")


def _grid(h: GeneratedHospital, ward: str) -> tuple[pd.DataFrame, list[dt.date], pd.DataFrame]:
    """One ward's people (id, name, profession; turnus order), its dates, and codes as employees × dates."""
    sub = h.turnus[h.turnus["ward"] == ward]
    people = sub.drop_duplicates("employee_id")[["employee_id", "name", "profession"]].astype(str)
    codes = sub.assign(shift_code=sub["shift_code"].astype(str), employee_id=sub["employee_id"].astype(str))
    wide = codes.pivot(index="employee_id", columns="date", values="shift_code").reindex(people["employee_id"])
    dates = [d.date() for d in wide.columns]
    return people.reset_index(drop=True), dates, wide


def _messy_cells(rng: np.random.Generator, wide: pd.DataFrame, dates: list[dt.date], blank_off: bool) -> np.ndarray:
    """Codes as a system would print them: blank off days, some time cells, some `(D) FE` cells."""
    cells = wide.to_numpy(dtype=object).copy()
    r = rng.random(cells.shape)
    weekday = np.array([d.weekday() < 5 for d in dates])[None, :]
    for code, text in _TIME_CELL.items():
        hit = (cells == code) & (r < 0.01)
        if code == "D" and not hit.any() and (cells == "D").any():
            hit = np.zeros_like(hit)
            hit[tuple(np.argwhere(cells == "D")[0])] = True
        cells[hit] = text
    over = (cells == "FE") & weekday & (r > 0.66)
    cells[over] = np.where(rng.random(cells.shape) < 0.8, "(D) FE", "(A) FE")[over]
    if blank_off:
        cells[cells == "F"] = ""
    return cells


def _title(h: GeneratedHospital, ward: str, dates: list[dt.date]) -> list[str]:
    name = h.wards.set_index("ward").at[ward, "name"] if ward in set(h.wards["ward"]) else ward
    return [f"Turnusrapport {ward} {name}", f"Periode: {dates[0]:%d.%m.%Y} - {dates[-1]:%d.%m.%Y}"]


def _write_wide_csv(path: Path, title: list[str], people: pd.DataFrame, dates: list[dt.date], cells: np.ndarray) -> None:
    buf = io.StringIO()
    out = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    out.writerows([[title[0]], [title[1]], []])
    out.writerow(["Ansattnr", "Navn", "Stilling", *(date_header(d) for d in dates)])
    for person, row in zip(people.itertuples(index=False), cells, strict=True):
        out.writerow([person.employee_id, person.name, person.profession, *row])
    path.write_bytes(buf.getvalue().encode("cp1252"))


def _write_wide_xlsx(path: Path, title: list[str], people: pd.DataFrame, dates: list[dt.date], cells: np.ndarray) -> None:
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": _FIXED_TIME, "author": "Turnussystem"})
    sheet = book.add_worksheet("Turnus")
    bold = book.add_format({"bold": True})
    date_fmt = book.add_format({"num_format": "ddd dd.mm.yy", "bold": True})
    sheet.write_string(0, 0, title[0], bold)
    sheet.write_string(1, 0, title[1])
    for col, label in enumerate(("Ansattnr", "Navn", "Stilling")):
        sheet.write_string(3, col, label, bold)
    for col, day in enumerate(dates, start=3):
        sheet.write_datetime(3, col, dt.datetime.combine(day, dt.time()), date_fmt)
    for r, (person, row) in enumerate(zip(people.itertuples(index=False), cells, strict=True), start=4):
        sheet.write_string(r, 0, person.employee_id)  # text, so leading zeros survive
        sheet.write_string(r, 1, person.name)
        sheet.write_string(r, 2, person.profession)
        for c, text in enumerate(row, start=3):
            if text:
                sheet.write_string(r, c, text)
    book.close()


def _write_long_csv(path: Path, ward: str, people: pd.DataFrame, dates: list[dt.date], wide: pd.DataFrame) -> None:
    buf = io.StringIO()
    out = csv.writer(buf, delimiter=",", lineterminator="\r\n")
    out.writerow(["Ans.nr", "Navn", "Stilling", "Avdeling", "Vaktdato", "Vaktkode"])
    codes = wide.to_numpy(dtype=object)
    for person, row in zip(people.itertuples(index=False), codes, strict=True):
        for day, code in zip(dates, row, strict=True):
            if code != "F":
                out.writerow([person.employee_id, person.name, person.profession, ward, f"{day:%d.%m.%Y}", code])
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def write_messy_exports(h: GeneratedHospital, folder: str | Path) -> list[Path]:
    """Write one messy export per ward into `folder` (see the module docstring); returns the paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i, ward in enumerate(h.wards["ward"].astype(str)):
        if not (h.turnus["ward"] == ward).any():
            continue
        people, dates, wide = _grid(h, ward)
        rng = np.random.default_rng([h.seed, i])
        layout = layout_of(i)
        if layout == "long":
            path = out / f"turnus_{ward}.csv"
            _write_long_csv(path, ward, people, dates, wide)
        else:
            cells = _messy_cells(rng, wide, dates, blank_off=(i % 2 == 0 or layout == "xlsx"))
            path = out / f"turnus_{ward}.{'xlsx' if layout == 'xlsx' else 'csv'}"
            writer = _write_wide_xlsx if layout == "xlsx" else _write_wide_csv
            writer(path, _title(h, ward, dates), people, dates, cells)
        paths.append(path)
    return paths
