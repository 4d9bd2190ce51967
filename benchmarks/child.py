"""What runs inside one measured subprocess: read, our solve, greedy or naive, plus the checker.

`python -m benchmarks.child {read|ours|greedy|naive} FOLDER [--limit S] [--target N]` prints one
line `BENCH_JSON {...}`; the functions are also called in-process (smoke test).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import MARKER
from scheduler.check.report import verify
from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.io import Inputs, load_paths
from scheduler.model.demand import build_instance
from scheduler.solve.rota import build_rota


def load(folder: Path) -> tuple[Inputs, Instance, dict[str, float]]:
    """Canonical files → Inputs → Instance, with the two times."""
    t0 = time.perf_counter()
    inputs = load_paths([folder / "turnus.csv"], folder / "supporters.csv",
                        wards_path=folder / "wards.csv", rules_path=folder / "rules.toml")
    t1 = time.perf_counter()
    instance = build_instance(inputs)
    t2 = time.perf_counter()
    return inputs, instance, {"read_seconds": t1 - t0, "instance_seconds": t2 - t1}


def check(inputs: Inputs, instance: Instance, duties: set[tuple[str, int]],
          ward_locks: Sequence[Pin] = ()) -> dict[str, Any]:
    """Lay out the rota and run the independent checker on it."""
    t0 = time.perf_counter()
    rota = build_rota(instance, duties, list(ward_locks))
    report = verify(inputs, rota.assignments, rota.duties)
    return {"violations": len(report.violations), "violations_by_rule": report.by_rule(),
            "checker_counts": report.counts, "verify_seconds": time.perf_counter() - t0}


def run_read(folder: Path) -> dict[str, Any]:
    inputs, instance, times = load(folder)
    return {**times, "turnus_rows": len(inputs.turnus), "errors": len(inputs.errors),
            "demand_rows": len(instance.demand), "availability_rows": len(instance.availability)}


def run_ours(folder: Path, limit: float, seed: int = 0) -> dict[str, Any]:
    """scheduler.solve.planner with the project defaults (1 worker) and the given time limit."""
    from scheduler.solve.planner import solve
    from scheduler.solve.results import SolveProgress

    inputs, instance, times = load(folder)
    trace: list[tuple[float, int]] = []

    def progress(p: SolveProgress) -> None:
        if p.tier == "uncovered_ward_slots" and p.uncovered is not None:
            trace.append((p.elapsed, p.uncovered))

    settings = SolverSettings(time_limit=limit, workers=1, seed=seed)
    t0 = time.perf_counter()
    result = solve(instance, settings=settings, on_progress=progress)
    total = time.perf_counter() - t0
    tiers = [{"name": t.name, "value": t.value, "bound": t.bound, "status": t.status, "gap": t.gap,
              "seconds": t.seconds} for t in result.tiers]
    coverage = tiers[0] if tiers and tiers[0]["name"] == "uncovered_ward_slots" else None
    reached = None
    if coverage is not None:
        reached = next((e for e, u in trace if u <= coverage["value"]), None)
        if reached is None:  # no callback (found in presolve): the tier's end is an upper bound
            reached = result.build_seconds + coverage["seconds"]
    return {
        **times, "status": result.status, "build_seconds": result.build_seconds,
        "solve_seconds": result.solve_seconds, "total_seconds": total, "tiers": tiers,
        "coverage_value": coverage["value"] if coverage else None,
        "coverage_proven": bool(coverage and coverage["status"] == "OPTIMAL"),
        "coverage_proven_at": result.build_seconds + coverage["seconds"] if coverage else None,
        "time_to_coverage": reached,
        "max_gap": max((t["gap"] for t in tiers), default=None),
        "duties_count": len(result.duties), "model_stats": result.model_stats,
        **check(inputs, instance, result.duties, result.ward_locks),
    }


def run_greedy(folder: Path) -> dict[str, Any]:
    from scheduler.solve.greedy import greedy_rota

    inputs, instance, times = load(folder)
    t0 = time.perf_counter()
    duties = greedy_rota(instance)
    seconds = time.perf_counter() - t0
    checked = check(inputs, instance, duties)
    return {**times, "greedy_seconds": seconds, "duties_count": len(duties),
            "uncovered": checked["checker_counts"].get("uncovered"), **checked}


def run_naive(folder: Path, limit: float, target: float | None) -> dict[str, Any]:
    from benchmarks.naive_model import solve_naive

    inputs, instance, times = load(folder)
    out = solve_naive(instance, limit, target)
    duties = {(s, int(t)) for s, t in out.pop("duties")}
    return {**times, **out, **check(inputs, instance, duties)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.child")
    parser.add_argument("what", choices=["read", "ours", "greedy", "naive"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--target", type=float, default=None)
    a = parser.parse_args()
    if a.what == "read":
        result = run_read(a.folder)
    elif a.what == "ours":
        result = run_ours(a.folder, a.limit)
    elif a.what == "greedy":
        result = run_greedy(a.folder)
    else:
        result = run_naive(a.folder, a.limit, a.target)
    print(MARKER + json.dumps(result, default=str), flush=True)


if __name__ == "__main__":
    main()
