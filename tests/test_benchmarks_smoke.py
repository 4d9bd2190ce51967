"""The S solve benchmark runs in-process and returns what SOLVE.md is built from (not timed)."""

from benchmarks.child import run_ours
from scheduler.demo.files import write_canonical
from scheduler.demo.generate import generate


def test_solve_benchmark_result_keys(tmp_path) -> None:
    write_canonical(generate("S", seed=1), tmp_path)
    result = run_ours(tmp_path, limit=5.0)
    for key in ("read_seconds", "instance_seconds", "build_seconds", "solve_seconds", "tiers", "coverage_value",
                "coverage_proven", "time_to_coverage", "max_gap", "violations", "model_stats"):
        assert key in result
    assert result["tiers"][0]["name"] == "uncovered_ward_slots"
    assert {"value", "bound", "status", "gap", "seconds"} <= set(result["tiers"][0])
    assert result["violations"] == 0


def test_replan_benchmark_picks_the_busiest_week_and_marks_it_unavailable() -> None:
    import datetime as dt

    import pandas as pd

    from benchmarks.replan import changed, sick_week, with_unavailable, without_local_replan

    duties = pd.DataFrame({"supporter_id": ["a", "a", "b", "c", "a"],
                           "date": ["2027-01-04", "2027-01-06", "2027-01-05", "2027-01-12", "2027-01-13"],
                           "slot": ["dag"] * 5})
    assert sick_week(duties, sick=2) == (dt.date(2027, 1, 4), ["a", "b"])
    text = with_unavailable('employee_id,name,unavailable\na,"X, Y",2027-02-01\nb,Z,\n', ["a", "b"],
                            dt.date(2027, 1, 4), dt.date(2027, 1, 10))
    assert text == 'employee_id,name,unavailable\na,"X, Y",2027-02-01;2027-01-04..2027-01-10\nb,Z,2027-01-04..2027-01-10\n'
    assert changed(duties, duties.iloc[1:]) == {("a", "2027-01-04", "dag")}
    assert without_local_replan("a = 1\n\n[solver]\nworkers = 1\n") == "a = 1\n\n[solver]\nlocal_replan = false\nworkers = 1\n"
    assert without_local_replan("a = 1\n") == "a = 1\n\n[solver]\nlocal_replan = false\n"


def test_whatif_benchmark_table_names_speed_up_and_agreement() -> None:
    from benchmarks.whatif import table

    rows = [{"case": "M-1", "train": 5, "limit": 10.0, "workers": w, "returncode": 0, "wall_seconds": wall,
             "peak_rss_mib": 300.0, "evaluations": 31, "median_evaluation_seconds": 4.0,
             "picks": picks, "uncovered": [84, 3], "largest_ratio": [1.28, 1.5]}
            for w, wall, picks in ((1, 100.0, ["A × lege"]), (2, 50.0, ["A × lege"]), (4, 60.0, ["B × lege"]))]
    text = table(rows, "python -m benchmarks.whatif")
    assert "| 2 | 50.0 | 2.00× |" in text and text.count("| yes |") == 2 and "| NO |" in text


def test_app_walk_report_counts_clicks_and_app_time(tmp_path) -> None:
    from benchmarks.app_walk import Walk, report

    walk = Walk("employee (phone)", "the QR code's address")
    walk.step("open", 0, lambda: None, lambda: None)
    walk.step("pick the ward", 2, lambda: None, lambda: None)
    text = report([walk], 1.25, tmp_path / "APP_WALK.md", "python -m benchmarks.app_walk")
    assert walk.clicks == 2 and "| employee (phone) | the QR code's address | 2 |" in text
    assert "The incident plan (register → proposal shown): 1.2 s." in text or "1.3 s." in text
    assert (tmp_path / "APP_WALK.md").read_text(encoding="utf-8") == text
