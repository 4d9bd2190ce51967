"""The two benchmarks as the parent runs them: every measurement a fresh measured subprocess."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, TIME_LIMITS, instance_dir, median, run_measured, save_json


def _log(text: str) -> None:
    print(text, flush=True)


def code_version() -> str:
    """HEAD and the scheduler files changed since (others work in the same tree while we measure)."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "scheduler"], capture_output=True, text=True).stdout.split()
    changed = [f for f in dirty if f.endswith(".py")]
    return head + (f" + uncommitted {', '.join(changed)}" if changed else "")


def _merge(path: Path, size: str, limit: float, row: dict[str, Any]) -> None:
    """Add or replace this seed's row, so sizes and seeds can be run in separate invocations."""
    old = json.loads(path.read_text(encoding="utf-8"))["rows"] if path.is_file() else []
    rows = sorted([r for r in old if r["seed"] != row["seed"]] + [row], key=lambda r: r["seed"])
    save_json(path, {"size": size, "limit": limit, "rows": rows})


def read_benchmark(out: Path, size: str = "L", seed: int = 1, repeats: int = 3) -> dict[str, Any]:
    """Read the canonical turnus into an Instance `repeats` times (target: ≤ 10 s, ≤ 1 GiB)."""
    folder = instance_dir(out, size, seed)
    runs = []
    for i in range(repeats):
        r = run_measured(["read", str(folder)])
        _log(f"read {size}-{seed} #{i + 1}: wall {r['wall_seconds']:.2f} s, peak {r['peak_rss_mib']:.0f} MiB, "
             f"read {r.get('read_seconds', float('nan')):.2f} s + instance {r.get('instance_seconds', float('nan')):.2f} s")
        runs.append(r)
    result = {"size": size, "seed": seed, "code": code_version(), "runs": runs,
              "median": {k: median([r.get(k) for r in runs]) for k in
                         ("wall_seconds", "peak_rss_mib", "read_seconds", "instance_seconds")}}
    save_json(out / "read.json", result)
    return result


def solve_benchmark(out: Path, sizes: list[str], seeds: list[int], naive: bool = True) -> dict[str, Any]:
    """Ours, greedy and naive on each size × seed; one JSON per size in `out`."""
    env = {**os.environ, "CPLOG": "1"}  # CP-SAT's search log of every tier, kept in out/logs
    results: dict[str, Any] = {}
    for size in sizes:
        limit = TIME_LIMITS[size]
        rows: list[dict[str, Any]] = []
        for seed in seeds:
            folder = instance_dir(out, size, seed)
            code = code_version()
            ours = run_measured(["ours", str(folder), "--limit", str(limit)], env=env,
                                log=out / "logs" / f"{size}-{seed}-ours.log")
            _log(f"ours {size}-{seed}: {ours.get('status')} coverage {ours.get('coverage_value')} "
                 f"proven {ours.get('coverage_proven')} max gap {ours.get('max_gap')} wall {ours['wall_seconds']:.1f} s "
                 f"peak {ours['peak_rss_mib']:.0f} MiB violations {ours.get('violations')}")
            greedy = run_measured(["greedy", str(folder)])
            _log(f"greedy {size}-{seed}: uncovered {greedy.get('uncovered')} in {greedy.get('greedy_seconds', 0):.2f} s")
            row = {"size": size, "seed": seed, "limit": limit, "code": code, "ours": ours, "greedy": greedy}
            if naive:
                target = ours.get("coverage_value")
                args = ["naive", str(folder), "--limit", str(limit)]
                if target is not None:
                    args += ["--target", str(target)]
                row["naive"] = run_measured(args)
                n = row["naive"]
                _log(f"naive {size}-{seed}: {n.get('status')} uncovered {n.get('uncovered')} "
                     f"reached target at {n.get('time_to_target')} wall {n['wall_seconds']:.1f} s "
                     f"peak {n['peak_rss_mib']:.0f} MiB")
            rows.append(row)
            _merge(out / f"solve_{size}.json", size, limit, row)
        results[size] = {"size": size, "limit": limit, "rows": rows}
    return results
