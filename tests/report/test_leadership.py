"""The leadership report (scheduler/report/leadership.py and its HTML): quarters, reasons by kind,
counts from the rotas in force, names only when asked (docs/history.md, «Leadership report»)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from scheduler.report.leadership import build_report, quarters, reason_code_of
from scheduler.report.leadership_html import report_html

D = dt.date


def test_quarters_are_cut_to_the_span():
    assert [(q.label_en, q.first, q.last) for q in quarters(D(2026, 11, 15), D(2027, 4, 2))] == [
        ("Q4 2026", D(2026, 11, 15), D(2026, 12, 31)), ("Q1 2027", D(2027, 1, 1), D(2027, 3, 31)),
        ("Q2 2027", D(2027, 4, 1), D(2027, 4, 2))]
    assert [q.label_no for q in quarters(D(2027, 1, 1), D(2027, 12, 31))] == [
        "1. kvartal 2027", "2. kvartal 2027", "3. kvartal 2027", "4. kvartal 2027"]


def test_reasons_are_grouped_by_kind_even_for_older_rotas_without_the_code():
    assert reason_code_of("all_at_limit", "Alle som kunne dekket er ved en grense — Kari (12): …") == "all_at_limit"
    assert reason_code_of("", "Alle som kunne dekket er ved en grense — Kari (12): uka er full") == "all_at_limit"
    assert reason_code_of("", "No peer supporter is at work in the natt slot on 04.01.") == "no_supporter_at_work"
    assert reason_code_of("", "something else") == ""


def _publication(pid: int, first: D, last: D, coverage: list[tuple], duties: list[tuple], base: dict[str, float]):
    from scheduler.store.history import StoredPublication

    cov = pd.DataFrame([{"date": d, "slot": "dag", "ward": w, "headcount": "3", "covered": str(c), "reason": r,
                         "supporter_id": "", "backup_id": "", "reason_code": code} for d, w, c, r, code in coverage])
    dut = pd.DataFrame([{"supporter_id": s, "date": d, "hours": "1.0"} for s, d in duties], columns=["supporter_id", "date", "hours"])
    burden = pd.DataFrame([{"supporter_id": s, "target": str(t), "base_target": str(t)} for s, t in base.items()])
    wards = pd.DataFrame([{"ward": "A", "name": "Post A", "department": "A", "site": "Nord"},
                          {"ward": "B", "name": "Post B", "department": "B", "site": "Sør"}])
    people = pd.DataFrame([{"employee_id": s, "name": f"Navn {s}", "ward": "A", "profession": "", "phone": "",
                            "training_valid_until": "2027-12-31", "last_refresher": ""} for s in base])
    return StoredPublication(pid, "", "new_period", first, last, {"coverage": cov, "duties": dut, "burden": burden,
                                                                   "wards": wards, "people": people}, {}, "{}")


def test_report_counts_coverage_reasons_and_duties_from_the_rotas_in_force():
    old = _publication(1, D(2027, 3, 29), D(2027, 4, 4),
                       [("2027-03-30", "A", True, "", ""), ("2027-03-31", "B", False, "Ingen kollegastøtte er på jobb", ""),
                        ("2027-04-01", "A", False, "x", "all_at_limit")],
                       [("s1", "2027-03-30"), ("s1", "2027-04-01")], {"s1": 1.0, "s2": 1.0})
    change = _publication(2, D(2027, 4, 1), D(2027, 4, 4), [("2027-04-01", "A", True, "", "")],
                          [("s2", "2027-04-01")], {"s1": 1.0, "s2": 1.0})
    report = build_report([old, change], D(2027, 1, 1), D(2027, 6, 30), contacts=lambda a, b: 2 if a <= D(2027, 4, 2) <= b else 0)
    overview = report.overview.set_index("quarter")
    assert overview.loc["Q1 2027", ["ward_slots", "covered", "uncovered"]].tolist() == [2, 1, 1]
    assert overview.loc["Q2 2027", ["ward_slots", "covered", "uncovered", "duties"]].tolist() == [1, 1, 0, 1]  # the change
    assert overview.loc["total", "contacts"] == 2
    reasons = report.reasons.groupby("reason")["uncovered"].sum().to_dict()
    assert reasons == {"no_supporter_at_work": 1}
    assert report.by_site.set_index(["site", "quarter"]).loc[("Sør", "Q1 2027"), "uncovered"] == 1
    per = report.per_supporter.set_index("supporter_id")
    assert per.loc["s1", "duties"] == 1 and per.loc["s2", "duties"] == 1
    assert report.days_with_rota == 7 and report.publications == [1, 2]
    assert report.training["valid"] == 2
    page = report_html(report, "no")
    assert "Navn s1" not in page and "Ingen kollegastøtte på jobb" in page
    assert "Navn s1" in report_html(report, "no", names=True)
    with pytest.raises(KeyError):
        report.overview.set_index("quarter").loc["Q3 2027"]
