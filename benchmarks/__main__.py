"""`python -m benchmarks [read|solve|all|report] [--sizes S,M,L] [--seeds 1,2,3] [--out benchmarks/out]`.

Reading the L turnus, and the per-tier solve comparison against a greedy rota and a straightforward
CP-SAT model. Its tables go to benchmarks/SOLVE.md, so that running it never overwrites the fair-burden
results in benchmarks/RESULTS.md (`python -m benchmarks.fairness`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.common import ROOT
from benchmarks.report import write_results
from benchmarks.runner import read_benchmark, solve_benchmark


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("what", nargs="?", default="all", choices=["read", "solve", "all", "report"])
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive CP-SAT baseline")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "SOLVE.md")
    a = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in a.sizes.split(",") if s.strip()]
    seeds = [int(s) for s in a.seeds.split(",") if s.strip()]
    if a.what in ("read", "all"):
        read_benchmark(a.out)
    if a.what in ("solve", "all"):
        solve_benchmark(a.out, sizes, seeds, naive=not a.no_naive)
    write_results(a.out, a.results, " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
