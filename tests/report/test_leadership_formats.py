"""How the leadership report's numbers look in report.xlsx and on the printed page (docs/history.md):
shares as percent cells, sheet names chosen (never cut), a header on every column, bands of load
with decimal commas in Norwegian, quarters told apart in the reasons chart, ward ids kept whole."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from scheduler.report.leadership import build_report
from scheduler.report.leadership_html import report_html
from scheduler.report.leadership_words import word
from scheduler.report.leadership_xlsx import report_workbook

D = dt.date


def _publication():
    """Two quarters of a rota for wards N-STAB1 and K-KIR2, uncovered slots of two kinds in each."""
    from scheduler.store.history import StoredPublication

    coverage = [("2027-03-30", "N-STAB1", True, "", ""), ("2027-03-30", "K-KIR2", False, "x", "all_at_limit"),
                ("2027-03-31", "K-KIR2", False, "x", "no_supporter_at_work"), ("2027-04-01", "N-STAB1", True, "", ""),
                ("2027-04-01", "K-KIR2", False, "x", "all_at_limit"), ("2027-04-02", "K-KIR2", False, "x",
                                                                       "no_supporter_at_work")]
    cov = pd.DataFrame([{"date": d, "slot": "dag", "ward": w, "headcount": "3", "covered": str(c), "reason": r,
                         "supporter_id": "", "backup_id": "", "reason_code": code} for d, w, c, r, code in coverage])
    dut = pd.DataFrame([{"supporter_id": s, "date": d, "hours": "1.0"} for s, d in
                        (("s1", "2027-03-30"), ("s1", "2027-04-01"), ("s2", "2027-04-01"))])
    burden = pd.DataFrame([{"supporter_id": s, "target": "1.5", "base_target": "1.5"} for s in ("s1", "s2", "s3")])
    wards = pd.DataFrame([{"ward": "N-STAB1", "name": "N-STAB1", "department": "N", "site": "Nord"},
                          {"ward": "K-KIR2", "name": "K-KIR2", "department": "K", "site": "Sør"}])
    people = pd.DataFrame([{"employee_id": s, "name": f"Navn {s}", "ward": "N-STAB1", "profession": "", "phone": "",
                            "training_valid_until": "2027-12-31", "last_refresher": ""} for s in ("s1", "s2", "s3")])
    return StoredPublication(1, "", "new_period", D(2027, 3, 29), D(2027, 4, 4),
                             {"coverage": cov, "duties": dut, "burden": burden, "wards": wards, "people": people}, {}, "{}")


@pytest.fixture(scope="module")
def report():
    return build_report([_publication()], D(2027, 1, 1), D(2027, 6, 30), contacts=lambda a, b: 0)


@pytest.fixture(scope="module", params=["no", "en"])
def book(request, report) -> tuple[str, bytes]:
    return request.param, report_workbook(report, request.param, names=True)


def test_shares_are_percent_cells(book) -> None:
    lang, data = book
    wb = openpyxl.load_workbook(io.BytesIO(data))
    share = word("share", lang)
    found = 0
    for sheet in wb.worksheets:
        header = [c.value for c in sheet[1]]
        if share in header:
            for row in sheet.iter_rows(min_row=2):
                cell = row[header.index(share)]
                if cell.value is not None:
                    assert cell.data_type == "n" and 0 <= cell.value <= 1 and "%" in cell.number_format
                    assert "0.0" in cell.number_format
                    found += 1
    assert found >= 5  # overview (2 quarters and the whole), per site, per ward


def test_sheet_names_are_chosen_and_never_cut(book) -> None:
    lang, data = book
    names = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    assert all(len(n) <= 31 for n in names)
    chosen = {"no": ["Oversikt", "Dekning per sykehus", "Dekning per post", "Hvorfor ikke dekket",
                     "Støttevakter per kollegastøtte", "Belastning mot rettferdig andel", "Oppsøkende kollegastøtte"],
              "en": ["Overview", "Coverage per site", "Coverage per ward", "Why not covered", "Supporters by duties",
                     "Load against fair share", "Outreach after incidents"]}[lang]
    assert names[:len(chosen)] == chosen
    assert re.fullmatch(r"(Opplæring per|Training on) \d\d\.\d\d\.\d{4}", names[len(chosen)])
    for n in names:  # a name is whole words: never a title cut in the middle
        assert not n.endswith((" ", "(", "etter")), n


def test_every_column_has_a_header(book) -> None:
    _, data = book
    for sheet in openpyxl.load_workbook(io.BytesIO(data)).worksheets:
        assert all(c.value not in (None, "") for c in sheet[1]), sheet.title


def test_load_bands_use_the_languages_decimal_mark(book, report) -> None:
    lang, data = book
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheet = wb["Belastning mot rettferdig andel" if lang == "no" else "Load against fair share"]
    bands = [row[0].value for row in sheet.iter_rows(min_row=2)]
    if lang == "no":
        assert "0,5–0,8 ×" in bands and not [b for b in bands if "." in b]
    else:
        assert "0.5–0.8 ×" in bands
    page = report_html(report, lang)
    assert ("0,5–0,8 ×" if lang == "no" else "0.5–0.8 ×") in page
    if lang == "no":
        assert "0.5–0.8" not in page and "0.8–1.2" not in page


def test_the_reasons_chart_has_a_series_per_quarter_named_in_its_legend(book) -> None:
    lang, data = book
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheet = wb["Hvorfor ikke dekket" if lang == "no" else "Why not covered"]
    header = [c.value for c in sheet[1]]
    quarters = ["1. kvartal 2027", "2. kvartal 2027"] if lang == "no" else ["Q1 2027", "Q2 2027"]
    assert header == [word("reason", lang), *quarters, word("total", lang)]
    assert [[c.value for c in row][1:] for row in sheet.iter_rows(min_row=2)] == [[1, 1, 2], [1, 1, 2]]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart")]
    reasons = [c for c in charts if "Hvorfor" in c or "Why" in c]
    assert len(reasons) == 1
    series = re.findall(r"<c:ser>.*?</c:ser>", reasons[0], re.DOTALL)
    assert len(series) == 2  # one per quarter, each named by its header cell
    assert "<c:legend>" in reasons[0] and "$B$1" in series[0] and "$C$1" in series[1]


def test_ward_ids_are_not_broken_at_their_hyphen_on_the_printed_page(report) -> None:
    page = report_html(report, "no")
    assert "td.n, td.k { white-space: nowrap; }" in page
    assert "<td class=k>N-STAB1</td>" in page and "<td class=k>K-KIR2</td>" in page
    assert "<th>Status</th>" in page and "<th></th>" not in page
