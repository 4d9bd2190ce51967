"""The output files with hostile names: no formula in any spreadsheet, every ward its own notice.

Names and ward ids that start with `=`, `+`, `-` or `@` are formulas to a spreadsheet; a
ward id with `/` used to share a notice file with its `_` twin. A tiny hospital with such
names is planned, written and re-checked by the independent checker.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import days, make_inputs

from scheduler.check.folder import verify_dir
from scheduler.check.report import format_verify_report
from scheduler.domain import SolverSettings
from scheduler.io.filenames import safe_filename
from scheduler.io.outputs import excel_csv_bytes
from scheduler.model.demand import build_instance
from scheduler.report.folder import write_plan
from scheduler.report.workbook import workbook_bytes
from scheduler.solve.plan import make_plan, plan_tables

WARDS = ['=HYPERLINK("http://example.invalid","klikk")', "+A", "-B", "@C", "S/INT3", "S_INT3"]
NAMES = ["=1+1", "+47 99 99 99 99", "-2+3", "@SUM(1)", "Hansen,\nKari", "Ola\x1b[31m"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    rows = []
    for date in days(2):
        for i, ward in enumerate(WARDS):
            rows += [(f"e{i}a", ward, date, "D"), (f"e{i}b", ward, date, "D")]
    inputs = make_inputs(rows, [f"e{i}a" for i in range(len(WARDS))])
    for i, name in enumerate(NAMES):
        sid = f"e{i}a"
        inputs.employees[sid] = inputs.employees[sid].model_copy(update={"name": name})
    plan = make_plan(build_instance(inputs), settings=SolverSettings(time_limit=5, workers=1, deterministic=True),
                     measure_limits=False)
    out = write_plan(plan, tmp_path_factory.mktemp("hostile") / "rota")
    return inputs, plan, out


def test_the_hostile_rota_is_written_and_checks_out(hostile) -> None:
    inputs, plan, out = hostile
    assert plan.summary["counts"]["covered"] == plan.summary["counts"]["ward_slots"] == 12
    report = verify_dir(out, inputs)
    assert report.ok, format_verify_report(report, "en")
    assert "\x1b" not in format_verify_report(report)


def test_no_formula_in_the_workbook(hostile) -> None:
    _, plan, out = hostile
    book = openpyxl.load_workbook(out / "rota.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.coordinate for c in cells if c.hyperlink is not None]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert set(WARDS) <= texts and {"=1+1", "+47 99 99 99 99", "@SUM(1)"} <= texts


def test_workbook_keeps_text_that_looks_like_formulas_numbers_and_links() -> None:
    frame = pd.DataFrame({"id": ["0319", "=A1", "http://example.invalid", "-1", "1e5"], "n": [1, 2, 3, 4, 5]})
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"t": frame})))
    values = [[c.value for c in row] for row in book["t"].iter_rows(min_row=2)]
    assert values == [["0319", 1], ["=A1", 2], ["http://example.invalid", 3], ["-1", 4], ["1e5", 5]]
    assert all(c.data_type == "s" for c in book["t"]["A"][1:])


def test_canonical_csv_is_exact_and_the_excel_csv_is_safe(hostile) -> None:
    _, _, out = hostile
    canonical = pd.read_csv(out / "burden.csv", dtype=str, keep_default_na=False)
    assert set(canonical["name"]) == set(NAMES)  # machine-exact: every supporter is in burden.csv
    data = (out / "excel" / "burden.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    names = {r[rows[0].index("name")] for r in rows[1:]}
    assert "'=1+1" in names and "'+47 99 99 99 99" in names and "Hansen,\nKari" in names
    assert not [n for n in names if n.startswith(("=", "+", "-", "@"))]
    duties = list(csv.reader(io.StringIO((out / "excel" / "duties.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert {r[duties[0].index("hours")] for r in duties[1:]} == {"1,0"}  # decimal comma


def test_excel_csv_form() -> None:
    frame = pd.DataFrame({"ward": ["-B", "A;B", "\tX"], "hours": [1.5, -2.25, None], "n": [1, -2, 3],
                          "ok": [True, False, True]})
    text = excel_csv_bytes(frame).decode("utf-8-sig")
    assert text.splitlines() == ["ward;hours;n;ok", "'-B;1,5;1;True", '"A;B";-2,25;-2;False', "'\tX;;3;True"]
    assert text.endswith("\r\n")


def test_every_ward_its_own_notice(hostile) -> None:
    _, plan, out = hostile
    names = sorted(p.name for p in (out / "notices").iterdir())
    assert len(names) == len(WARDS) == len(set(names))
    assert "S%2FINT3.html" in names and "S_INT3.html" in names
    assert "Kollegastøtte – S/INT3" in (out / "notices" / "S%2FINT3.html").read_text(encoding="utf-8")
    assert "Kollegastøtte – S_INT3" in (out / "notices" / "S_INT3.html").read_text(encoding="utf-8")
    assert names == sorted(f"{safe_filename(w)}.html" for w in WARDS)
    calendars = {p.name for p in (out / "calendars").iterdir()}
    assert calendars == {f"{safe_filename(s)}.ics" for s in set(plan.rota.duties["supporter_id"])}


def test_the_apps_zip_keeps_both_wards(hostile) -> None:
    from scheduler.views.downloads import zip_bytes

    _, plan, _ = hostile
    members = {f"oppslag_{safe_filename(w)}.html": w for w in WARDS}  # as app_pages/export.py names them
    assert len(members) == len(WARDS)
    with zipfile.ZipFile(io.BytesIO(zip_bytes(dict.fromkeys(members, "x")))) as z:
        assert len(z.namelist()) == len(WARDS)


def test_tables_of_the_plan_are_the_files(hostile) -> None:
    _, plan, out = hostile
    for name, frame in plan_tables(plan).items():
        written = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(written.columns) == list(frame.columns) and len(written) == len(frame)


def test_notice_without_a_name_in_the_register_falls_back_to_the_id(tmp_path: Path) -> None:
    """A name cell left empty: notices and calendars show the id, and the checker agrees."""
    rows = [(e, w, d, "D") for d in days(1) for e, w in (("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B"))]
    inputs = make_inputs(rows, ["a1", "b1"])
    inputs.employees["a1"] = inputs.employees["a1"].model_copy(update={"name": ""})
    plan = make_plan(build_instance(inputs), settings=SolverSettings(time_limit=5, workers=1, deterministic=True),
                     measure_limits=False)
    out = write_plan(plan, tmp_path / "rota")
    assert "a1 <span class='post'>(A)</span>" in (out / "notices" / "B.html").read_text(encoding="utf-8")
    report = verify_dir(out, inputs)
    assert report.ok, format_verify_report(report, "en")


def test_ids_differing_in_case_both_kept_where_case_is_ignored(tmp_path: Path, monkeypatch) -> None:
    """On Windows or macOS `3b.html` and `3B.html` are one file: the second id gets its hashed name."""
    from scheduler.check.output_files import _file_for
    from scheduler.io import outputs
    from scheduler.io.filenames import hashed_filename

    monkeypatch.setattr(outputs, "safe_filename", lambda ident: safe_filename(ident).lower())  # a case-blind disk
    folder = outputs.write_output_folder(tmp_path / "rota", {}, {}, {"3b": "small", "3B": "large"}, {})
    names = sorted(p.name for p in (folder / "notices").iterdir())
    assert names == sorted(["3b.html", f"{hashed_filename('3B')}.html"])
    assert _file_for("3B", dict.fromkeys(names), ".html") == f"{hashed_filename('3B')}.html"
    assert (folder / "notices" / f"{hashed_filename('3B')}.html").read_text(encoding="utf-8") == "large"


def test_excel_csv_column_by_column_is_the_cell_by_cell_csv() -> None:
    """The Excel CSV made a column at a time holds what the cell-by-cell writer wrote, for every kind of column."""
    import math

    import numpy as np

    from scheduler.io.outputs import _excel_cell

    frame = pd.DataFrame({
        "text": pd.Series(["a", "=1+1", "-2", "@x", "\tt", "b;c", 'q"', "æ\nø"], dtype="str"),
        "gaps": pd.Series(["a", None, "+1", "", "x", "y", "z", "w"], dtype="str"),
        "int": np.arange(8, dtype=np.int64) - 3, "bool": [True, False] * 4,
        "float": [1.5, np.nan, 0.1, -0.0, 1e20, 2.0, math.inf, 3.25],
        "nullable": pd.array([1, None, 3, 4, 5, 6, 7, 8], dtype="Int64"),
        "mixed": [1, "=a", None, 2.5, True, np.nan, "x", pd.NA],
    })
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_excel_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_excel_cell(v.item() if hasattr(v, "item") else v) for v in row])
    assert excel_csv_bytes(frame) == buffer.getvalue().encode("utf-8-sig")
    assert excel_csv_bytes(frame.iloc[:0]) == excel_csv_bytes(frame).split(b"\r\n")[0] + b"\r\n"
