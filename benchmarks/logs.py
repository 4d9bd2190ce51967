"""One line per tier from a CP-SAT search log (CPLOG=1): workers, first solution, status, bound.

`python -m benchmarks.logs benchmarks/out/logs/M-1-ours.log`
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any


def summarise(text: str) -> list[dict[str, Any]]:
    """Each 'Starting CP-SAT solver' block → workers, time limit, first solution time, result."""
    out = []
    for block in text.split("Starting CP-SAT solver")[1:]:
        def grab(pattern: str, cast=float, _b=block) -> Any:
            m = re.search(pattern, _b, re.M)
            return cast(m.group(1)) if m else None
        out.append({
            "workers": grab(r"num_workers: (\d+)", int),
            "limit": grab(r"max_time_in_seconds: ([\d.]+)"),
            "variables": grab(r"^#Variables: ([\d']+)", lambda s: int(s.replace("'", ""))),
            "first_solution_at": grab(r"^#1\s+([\d.]+)s"),
            "status": grab(r"^status: (\w+)", str),
            "objective": grab(r"^objective: (\S+)"),
            "bound": grab(r"^best_bound: (\S+)"),
            "walltime": grab(r"^walltime: (\S+)"),
        })
    return out


def main() -> None:
    for path in sys.argv[1:]:
        print(path)
        for i, row in enumerate(summarise(Path(path).read_text(encoding="utf-8")), 1):
            print(f"  tier {i}: " + ", ".join(f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
