"""Shared helpers: generated instances on disk, measured subprocesses, medians."""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from scheduler.demo.files import write_canonical
from scheduler.demo.generate import generate

ROOT = Path(__file__).resolve().parents[1]
TIME_LIMITS: dict[str, float] = {"S": 10.0, "M": 30.0, "L": 120.0}
MARKER = "BENCH_JSON "


def instance_dir(out: Path, size: str, seed: int) -> Path:
    """The canonical files of one generated hospital, written once and reused."""
    folder = out / "instances" / f"{size}-{seed}"
    if not (folder / "rules.toml").is_file():
        write_canonical(generate(size, seed=seed), folder)  # type: ignore[arg-type]
    return folder


def _seconds(text: str) -> float:
    """'1:02.34' or '1:02:03' (h:mm:ss) from GNU time's elapsed field, in seconds."""
    total = 0.0
    for part in text.strip().split(":"):
        total = total * 60 + float(part)
    return total


def parse_time_v(stderr: str) -> dict[str, float]:
    """Wall seconds and peak RSS (MiB) from `/usr/bin/time -v` output."""
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    user = re.search(r"User time \(seconds\): ([0-9.]+)", stderr)
    system = re.search(r"System time \(seconds\): ([0-9.]+)", stderr)
    return {
        "wall_seconds": _seconds(wall.group(1)) if wall else float("nan"),
        "peak_rss_mib": int(rss.group(1)) / 1024 if rss else float("nan"),
        # CPU time (user + system): on a shared machine the wall time measures the others too.
        "cpu_seconds": float(user.group(1)) + float(system.group(1)) if user and system else float("nan"),
    }


def write_seconds(stderr: str) -> float | None:
    """The time `scheduler solve` took to write its folder, from its last line «Time: read … write X s»."""
    found = re.findall(r"^Time: .*write ([0-9.]+) s$", stderr, flags=re.MULTILINE)
    return float(found[-1]) if found else None


def run_measured(args: list[str], env: dict[str, str] | None = None, timeout: float = 1800,
                 log: Path | None = None, module: str = "benchmarks.child") -> dict[str, Any]:
    """Run `python -m MODULE ARGS` (benchmarks.child by default) in a fresh process under /usr/bin/time -v.

    Returns the child's JSON result merged with wall time, peak RSS and the return code;
    `log` keeps the child's whole stdout (e.g. CP-SAT's search log).
    """
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", module, *args]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=timeout)
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(proc.stdout, encoding="utf-8")
    result: dict[str, Any] = {}
    for line in proc.stdout.splitlines():
        if line.startswith(MARKER):
            result = json.loads(line[len(MARKER):])
    result.update(parse_time_v(proc.stderr))
    result["returncode"] = proc.returncode
    if proc.returncode != 0 or not result:
        result["error"] = proc.stderr[-2000:]
    return result


def median(values: list[float | None]) -> float | None:
    clean = [v for v in values if v is not None and v == v]
    return statistics.median(clean) if clean else None


def save_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")


def replace_block(results: Path, block: str, begin: str, end: str) -> None:
    """Put `block` (which starts with `begin` and ends with `end`) in place of the results file's
    block between those markers, or at its end when it has none yet: each benchmark owns its block."""
    text = results.read_text(encoding="utf-8") if results.is_file() else ""
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text + "\n\n" + block + "\n"
    results.write_text(text, encoding="utf-8")
