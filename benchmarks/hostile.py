"""Every hostile input (tests/io/hostile_cases.py) in a fresh process: wall seconds and peak memory.

    python -m benchmarks.hostile                 # all cases, table to benchmarks/HOSTILE.md
    python -m benchmarks.hostile --only date_    # cases whose name contains "date_"; prints only

Target: every case within 10 s and 1 GiB (the whole `python -m scheduler …` process, imports
included), with the exit code and message the case expects. The files of each case are built
first, outside the measurement; peak memory is the child's own high-water mark (VmHWM).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "io"))

from hostile_cases import CASES, Case  # noqa: E402

#: `python -m scheduler ARGS`, reporting its own peak resident set (VmHWM) at exit. (The child's
#: ru_maxrss from wait4 would include the benchmark's own memory at fork time on Linux.)
_CHILD = """
import atexit, sys
def _peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            sys.stdout.write("\\n@@PEAK " + line.split()[1] + "\\n")
            sys.stdout.flush()
atexit.register(_peak)
from scheduler.cli.main import main
sys.exit(main(sys.argv[1:]))
"""
LIMIT_SECONDS = 10.0
LIMIT_MIB = 1024.0


@dataclass
class Measured:
    case: Case
    code: int
    seconds: float
    cpu: float
    peak_mib: float
    says: bool

    @property
    def ok(self) -> bool:
        return self.code in self.case.exits and self.says and self.seconds <= LIMIT_SECONDS and self.peak_mib <= LIMIT_MIB


def measure(case: Case) -> Measured:
    with tempfile.TemporaryDirectory(prefix=f"hostile-{case.name}-") as tmp:
        argv = case.make(Path(tmp))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", _CHILD, *argv], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output = b""
        assert child.stdout is not None
        for chunk in iter(lambda: child.stdout.read(65536), b""):
            output += chunk[: max(0, 2_000_000 - len(output))]
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        text = output.decode("utf-8", errors="replace")
        cpu = usage.ru_utime + usage.ru_stime
        peak = re.search(r"@@PEAK (\d+)", text)
        peak_mib = int(peak[1]) / 1024 if peak else float("nan")
        return Measured(case, child.returncode, seconds, cpu, peak_mib, all(w in text for w in case.says))


def table(results: list[Measured]) -> str:
    lines = ["| case | hostile input | exit (expected) | message | wall s | CPU s | peak MiB | within target |",
             "|---|---|---|---|---:|---:|---:|---|"]
    for r in results:
        expected = "/".join(str(c) for c in sorted(r.case.exits))
        lines.append(f"| `{r.case.name}` | {r.case.hostile} | {r.code} ({expected}) | {'yes' if r.says else '**no**'} | "
                     f"{r.seconds:.2f} | {r.cpu:.2f} | {r.peak_mib:.0f} | {'yes' if r.ok else '**no**'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only cases whose name contains this text (and do not write HOSTILE.md)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "HOSTILE.md")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if args.only is None or args.only in c.name]
    results = []
    for c in cases:
        r = measure(c)
        results.append(r)
        print(f"{c.name:36} exit {r.code:3} {r.seconds:6.2f} s (CPU {r.cpu:5.2f} s) {r.peak_mib:7.0f} MiB "
              f"{'ok' if r.ok else 'NOT OK'}",
              flush=True)
    bad = [r for r in results if not r.ok]
    if args.only is None:
        worst_s = max(results, key=lambda r: r.seconds)
        worst_m = max(results, key=lambda r: r.peak_mib)
        text = f"""# Hostile inputs: time and memory

Command: `python -m benchmarks.hostile` (every case of `tests/io/hostile_cases.py` in a fresh
`python -m scheduler …` process; the case's files are built first and not timed; peak memory is
the child's own maximum resident set (VmHWM at exit), imports included). Target: every case ≤ {LIMIT_SECONDS:g} s and
≤ {LIMIT_MIB:g} MiB, with the exit code and message the case expects. The same cases run as tests
(`tests/io/test_hostile.py`; heavy ones with `HOSTILE_HEAVY=1`).

Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; shared with other work
(load average {os.getloadavg()[0]:.1f} at the end), so wall times are noisy; CPU s (user + system of the child) is
what the case itself cost. {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.

**{len(results) - len(bad)} of {len(results)} cases within target.** Slowest: `{worst_s.case.name}` {worst_s.seconds:.1f} s;
largest: `{worst_m.case.name}` {worst_m.peak_mib:.0f} MiB. Exit codes: 0 read or planned, 2 refused with a message.

{table(results)}
"""
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    for r in bad:
        print(f"NOT OK: {r.case.name} exit {r.code} (expected {sorted(r.case.exits)}), message {r.says}, "
              f"{r.seconds:.1f} s, {r.peak_mib:.0f} MiB")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
