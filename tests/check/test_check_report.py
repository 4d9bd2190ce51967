"""scheduler/check/report.py: `verify` on a valid hand-made rota passes, with the coverage, burden and
counts it recomputed; a broken one is reported in words, in both languages."""

from __future__ import annotations

from checker_world import frames, plan_edit, valid_plan, world

from scheduler.check.report import format_verify_report, verify


def test_valid_rota_passes_with_counts_and_burden() -> None:
    report = verify(world(), *frames(valid_plan()))
    assert report.violations == [], format_verify_report(report, "en")
    assert report.ok
    assert report.counts == {"ward_slots": 17, "uncovered": 4, "uncovered_staff_shifts": 4,
                             "missing_backup": 0, "duties": 10}
    burden = report.burden.set_index("supporter_id")
    assert burden.loc["005", "duties"] == 3 and burden.loc["005", "hours"] == 3.0
    assert burden.loc["003", "nights"] == 1 and burden.loc["001", "duties"] == 1
    cov = report.coverage.set_index(["date", "slot", "ward"])
    assert cov.loc[("2027-01-04", "dag", "A"), "headcount"] == 4
    assert cov.loc[("2027-01-04", "dag", "A"), "supporter_id"] == "002"
    assert not cov.loc[("2027-01-04", "natt", "C"), "covered"]
    assert "Ingen brudd på harde regler" in format_verify_report(report)
    assert "No hard-rule violations" in format_verify_report(report, "en")


def test_report_text_lists_violations() -> None:
    report = verify(world(), *frames(plan_edit(d1_dag_A="001")(valid_plan())))
    text = format_verify_report(report)
    assert "Brudd på harde regler: 1" in text and "[never_covers_own_ward]" in text and "001" in text
    assert "Hard-rule violations: 1" in format_verify_report(report, "en")
    assert report.violations_frame().loc[0, "date"] == "2027-01-04"
