"""What-if benchmark: `scheduler whatif --train 5` on a 40-ward quarter, on a local Dask cluster of
1, 2 and 4 worker processes — the wall, peak memory, the speed-up over one worker, and whether
every cluster size proposes the same wards (it must: evaluations are deterministic).

`python -m benchmarks.whatif [--case M-1] [--train 5] [--time-limit 10] [--workers 1,2,4]` runs
each in a fresh process under `/usr/bin/time -v` (its peak is the largest single process: the
command or one worker) and writes benchmarks/out/whatif/<case>-w<N>.json and the table in
benchmarks/RESULTS.md between `<!-- whatif -->` … `<!-- /whatif -->`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.common import ROOT, instance_dir, parse_time_v, replace_block, save_json

BEGIN, END = "<!-- whatif -->", "<!-- /whatif -->"


def run_case(out: Path, case: str, train: int, limit: float, workers: int) -> dict[str, Any]:
    size, seed = case.split("-")[0], int(case.split("-")[-1])
    folder = instance_dir(out, size, seed)
    result_dir = out / f"{case}-w{workers}"
    shutil.rmtree(result_dir, ignore_errors=True)
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "scheduler", "whatif", str(folder / "turnus.csv"),
           "--supporters", str(folder / "supporters.csv"), "--wards", str(folder / "wards.csv"),
           "--rules", str(folder / "rules.toml"), "--train", str(train), "--time-limit", str(limit),
           "--workers", str(workers), "--lang", "en", "--out", str(result_dir)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=7200)
    row: dict[str, Any] = {"case": case, "train": train, "limit": limit, "workers": workers,
                           "returncode": proc.returncode, **parse_time_v(proc.stderr)}
    if proc.returncode == 0:
        picks = pd.read_csv(result_dir / "whatif.csv", dtype={"ward": str, "profession": str})
        evaluated = pd.read_csv(result_dir / "evaluated.csv")
        row |= {"picks": [f"{w} × {p}" for w, p in zip(picks["ward"], picks["profession"], strict=True)],
                "uncovered": [int(picks["uncovered_before"].iloc[0]), *map(int, picks["uncovered_after"])]
                if len(picks) else [],
                "largest_ratio": [float(picks["largest_ratio_before"].iloc[0]), *map(float, picks["largest_ratio_after"])]
                if len(picks) else [],
                "evaluations": len(evaluated) + 1, "median_evaluation_seconds": float(evaluated["seconds"].median())}
    else:
        row["error"] = proc.stderr[-2000:]
    save_json(out / f"{case}-w{workers}.json", row)
    return row


def table(rows: list[dict[str, Any]], command: str) -> str:
    one = next((r["wall_seconds"] for r in rows if r["workers"] == 1 and r["returncode"] == 0), None)
    reference = next((r.get("picks") for r in rows if r["returncode"] == 0), None)
    lines = ["| case | train | s per evaluation (deterministic) | workers | wall (s) | speed-up | peak (MiB) | evaluations "
             "(median s) | proposals | uncovered | busiest × share | same as 1 worker |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["returncode"] != 0:
            lines.append(f"| {r['case']} | {r['train']} | {r['limit']:g} | {r['workers']} | failed | | | | | | | |")
            continue
        speed = f"{one / r['wall_seconds']:.2f}×" if one else "–"
        lines.append(
            f"| {r['case']} | {r['train']} | {r['limit']:g} | {r['workers']} | {r['wall_seconds']:.1f} | {speed} | "
            f"{r['peak_rss_mib']:.0f} | {r['evaluations']} ({r['median_evaluation_seconds']:.1f}) | "
            f"{', '.join(r['picks'])} | {' → '.join(map(str, r['uncovered']))} | "
            f"{' → '.join(f'{x:.2f}' for x in r['largest_ratio'])} | {'yes' if r.get('picks') == reference else 'NO'} |")
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
               f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    return "\n".join([BEGIN, "", f"Command: `{command}` ({machine}).", "", *lines, "", END])


def write_table(rows: list[dict[str, Any]], results: Path, command: str) -> None:
    replace_block(results, table(rows, command), BEGIN, END)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.whatif", description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="M-1")
    parser.add_argument("--train", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "whatif")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--report-only", action="store_true", help="rewrite the table from the JSON already there")
    a = parser.parse_args(argv)
    counts = [int(w) for w in a.workers.split(",")]
    rows = []
    for workers in counts:
        path = a.out / f"{a.case}-w{workers}.json"
        if a.report_only and path.is_file():
            rows.append(json.loads(path.read_text(encoding="utf-8")))
            continue
        r = run_case(a.out, a.case, a.train, a.time_limit, workers)
        rows.append(r)
        print(f"{a.case} workers {workers}: wall {r['wall_seconds']:.1f} s, peak {r['peak_rss_mib']:.0f} MiB, "
              f"proposals {r.get('picks')}", flush=True)
    command = "python -m benchmarks.whatif" + (f" --case {a.case}" if a.case != "M-1" else "") + \
        (f" --train {a.train}" if a.train != 5 else "") + (f" --workers {a.workers}" if a.workers != "1,2,4" else "")
    write_table(rows, a.results, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
