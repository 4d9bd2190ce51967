"""The S solve benchmark runs in-process and returns what SOLVE.md is built from (not timed)."""

from benchmarks.child import run_ours
from scheduler.generate import generate, write_canonical


def test_solve_benchmark_result_keys(tmp_path) -> None:
    write_canonical(generate("S", seed=1), tmp_path)
    result = run_ours(tmp_path, limit=5.0)
    for key in ("read_seconds", "instance_seconds", "build_seconds", "solve_seconds", "tiers", "coverage_value",
                "coverage_proven", "time_to_coverage", "max_gap", "violations", "model_stats"):
        assert key in result
    assert result["tiers"][0]["name"] == "uncovered_ward_slots"
    assert {"value", "bound", "status", "gap", "seconds"} <= set(result["tiers"][0])
    assert result["violations"] == 0
