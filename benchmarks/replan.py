"""Re-planning benchmark: a published rota, five supporters sick for a week, the command line's re-plan.

`python -m benchmarks.replan [--cases M-1,L-1,L-1:5] [--out benchmarks/out/replan]` plans each generated
hospital once (`scheduler solve`, S 10 s, M 30 s, L 120 s; kept and reused), makes the five
supporters with the most duties in the busiest week of that rota (`L-1:5`: the fifth busiest) unavailable for that week (their
`unavailable` column, docs/inputs.md), re-plans with `--previous` (S 10 s, M 30 s, L 60 s) in a
fresh process under `/usr/bin/time -v`, then runs `scheduler verify` on the re-plan (which counts
the changes again, docs/outputs.md). It writes benchmarks/out/replan/<case>.json and the table in
benchmarks/RESULTS.md between `<!-- replan -->` … `<!-- /replan -->`: the changed duties the run
states against those the files differ in, how many of them fall in the sick week, coverage and
the busiest supporter's load ratio before and after, and whether the re-plan was local (only the
weeks the change touches, docs/fairness.md «Re-planning») or of the whole horizon. With
`--against-full` each case is re-planned by the full model too (`local_replan = false` in a copy of
rules.toml), and its wall time, changes, coverage and busiest go in the table's last column.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.common import (
    ROOT,
    instance_dir,
    parse_time_v,
    replace_block,
    save_json,
    write_seconds,
)

BASE_LIMITS = {"S": 10.0, "M": 30.0, "L": 120.0}
REPLAN_LIMITS = {"S": 10.0, "M": 30.0, "L": 60.0}
DEFAULT_CASES = "M-1,L-1"
SICK = 5
BEGIN, END = "<!-- replan -->", "<!-- /replan -->"
_KEY = ["supporter_id", "date", "slot"]


def _inputs(folder: Path, supporters: Path) -> list[str]:
    return [str(folder / "turnus.csv"), "--supporters", str(supporters), "--wards", str(folder / "wards.csv"),
            "--rules", str(folder / "rules.toml")]


def _solve(args: list[str], out: Path, limit: float, quiet: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "scheduler", "solve", *args, "--out", str(out),
                           "--time-limit", str(limit), "--lang", "en", *(["--quiet"] if quiet else [])],
                          cwd=ROOT, capture_output=True, text=True, timeout=limit * 3 + 300)


def sick_week(duties: pd.DataFrame, sick: int = SICK, rank: int = 1) -> tuple[dt.date, list[str]]:
    """The Monday of the week whose `sick` busiest supporters carry the most duties (the earliest on
    a tie; with `rank` n, the n-th such week), and those supporters (most duties first, then by id)."""
    dates = pd.to_datetime(duties["date"])
    monday = (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.date
    weeks: list[tuple[int, dt.date, list[str]]] = []
    for week, rows in duties.groupby(monday):
        counts = rows["supporter_id"].value_counts()
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:sick]
        weeks.append((sum(n for _, n in top), week, [sid for sid, _ in top]))
    if len(weeks) < rank:
        raise ValueError("the rota has no duties" if not weeks else f"the rota has only {len(weeks)} weeks")
    weeks.sort(key=lambda w: (-w[0], w[1]))
    return weeks[rank - 1][1], weeks[rank - 1][2]


def with_unavailable(supporters_csv: str, ids: list[str], first: dt.date, last: dt.date) -> str:
    """supporters.csv with `first..last` added to the `unavailable` column of `ids` (text otherwise as it was)."""
    rows = list(csv.reader(io.StringIO(supporters_csv)))
    header = rows[0]
    if "unavailable" not in header:
        header.append("unavailable")
        for row in rows[1:]:
            row.append("")
    at, who = header.index("unavailable"), header.index("employee_id")
    for row in rows[1:]:
        if row[who] in ids:
            row[at] = ";".join(filter(None, [row[at], f"{first.isoformat()}..{last.isoformat()}"]))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def changed(before: pd.DataFrame, after: pd.DataFrame) -> set[tuple[str, str, str]]:
    """The duties (supporter, date, slot) in one rota and not in the other."""
    return set(map(tuple, before[_KEY].astype(str).values.tolist())) ^ set(map(tuple, after[_KEY].astype(str).values.tolist()))


def _busiest(folder: Path) -> float | None:
    ratios = pd.to_numeric(pd.read_csv(folder / "burden.csv", dtype=str)["load_ratio"], errors="coerce").dropna()
    return float(ratios.max()) if len(ratios) else None


def without_local_replan(rules_toml: str) -> str:
    """rules.toml with `local_replan = false` under `[solver]`: the full model plans every re-plan."""
    if "\n[solver]\n" in "\n" + rules_toml:
        return ("\n" + rules_toml).replace("\n[solver]\n", "\n[solver]\nlocal_replan = false\n", 1)[1:]
    return rules_toml.rstrip("\n") + "\n\n[solver]\nlocal_replan = false\n"


def full_model(folder: Path, sick_dir: Path, base: Path, replan: Path, limit: float, before: pd.DataFrame) -> dict[str, Any]:
    """The same re-plan by the full model (local re-planning off), for comparison: wall time,
    changes in the files, uncovered, the busiest."""
    rules = sick_dir / "rules-full.toml"
    rules.write_text(without_local_replan((folder / "rules.toml").read_text(encoding="utf-8")), encoding="utf-8")
    args = [str(folder / "turnus.csv"), "--supporters", str(sick_dir / "supporters.csv"), "--wards", str(folder / "wards.csv"),
            "--rules", str(rules), "--previous", str(base)]
    done = _solve(args, replan, limit)
    measured = parse_time_v(done.stderr)
    if not (replan / "summary.json").is_file():
        return {"wall_seconds": measured["wall_seconds"], "cpu_seconds": measured["cpu_seconds"], "failed": True,
                "returncode": done.returncode, "tail": done.stderr[-1500:], "load": os.getloadavg()[0]}
    summary = json.loads((replan / "summary.json").read_text(encoding="utf-8"))
    after = pd.read_csv(replan / "duties.csv", dtype=str, keep_default_na=False)
    tier = next((t for t in summary.get("tiers", []) if t["name"] == "changed_duties"), {})
    return {"wall_seconds": measured["wall_seconds"], "cpu_seconds": measured["cpu_seconds"], "in_files": len(changed(before, after)),
            "stated_status": tier.get("status"), "uncovered_after": summary["counts"]["uncovered"],
            "busiest_after": _busiest(replan), "local": bool(summary.get("model", {}).get("local_replan")),
            "load": os.getloadavg()[0]}


def run_case(out: Path, case: str, against_full: bool = False) -> dict[str, Any]:
    """One case: `L-1` (the busiest week) or `L-1:5` (the fifth busiest), on the same published rota;
    `against_full`: the full model's re-plan of it too."""
    hospital, _, rank = case.partition(":")
    size, _, seed = hospital.rpartition("-")
    shape = size.split("-")[0]
    folder = instance_dir(out, size, int(seed))
    base = out / "rotas" / hospital / "base"
    if not (base / "summary.json").is_file():
        done = _solve(_inputs(folder, folder / "supporters.csv"), base, BASE_LIMITS[shape])
        if done.returncode != 0:
            raise RuntimeError(f"{case}: the base rota failed: {done.stderr[-1500:]}")
    before = pd.read_csv(base / "duties.csv", dtype=str, keep_default_na=False)
    monday, ids = sick_week(before, rank=int(rank or 1))
    sunday = monday + dt.timedelta(days=6)
    week = before[(before["date"] >= monday.isoformat()) & (before["date"] <= sunday.isoformat())]
    sick_dir = out / "rotas" / case.replace(":", "-week") / "sick"
    sick_dir.mkdir(parents=True, exist_ok=True)
    text = (folder / "supporters.csv").read_text(encoding="utf-8-sig")
    (sick_dir / "supporters.csv").write_text(with_unavailable(text, ids, monday, sunday), encoding="utf-8")
    replan = out / "rotas" / case.replace(":", "-week") / f"replan-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}"
    args = [*_inputs(folder, sick_dir / "supporters.csv"), "--previous", str(base)]
    solve = _solve(args, replan, REPLAN_LIMITS[shape], quiet=False)  # not quiet: its last line says how long writing took
    measured = parse_time_v(solve.stderr)
    verify = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "scheduler", "verify", str(replan), "--lang", "en"],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    summary = json.loads((replan / "summary.json").read_text(encoding="utf-8"))
    base_summary = json.loads((base / "summary.json").read_text(encoding="utf-8"))
    after = pd.read_csv(replan / "duties.csv", dtype=str, keep_default_na=False)
    diff = changed(before, after)
    tier = next((t for t in summary.get("tiers", []) if t["name"] == "changed_duties"), {})
    row = {
        "case": case, "limit": REPLAN_LIMITS[shape], "sick": ids, "week": monday.isoformat(),
        "lost": int(week["supporter_id"].isin(ids).sum()), "returncode": solve.returncode,
        "wall_seconds": measured["wall_seconds"], "cpu_seconds": measured["cpu_seconds"], "peak_rss_mib": measured["peak_rss_mib"],
        "stated": tier.get("value"), "stated_status": tier.get("status"), "in_files": len(diff),
        "in_sick_week": sum(1 for _, date, _ in diff if monday.isoformat() <= date <= sunday.isoformat()),
        "uncovered_before": base_summary["counts"]["uncovered"], "uncovered_after": summary["counts"]["uncovered"],
        "busiest_before": _busiest(base), "busiest_after": _busiest(replan),
        "duties_before": len(before), "duties_after": len(after), "timings": summary.get("timings", {}),
        "write_seconds": write_seconds(solve.stderr), "turnus_cache": summary.get("turnus_cache", "–"),
        "instance_cache": summary.get("instance_cache", "–"),
        "needed_before": base_summary.get("fairness", {}).get("needed_hours"),
        "needed_after": summary.get("fairness", {}).get("needed_hours"),
        "shares_from_previous": bool(summary.get("model", {}).get("shares_from_previous")),
        "load": os.getloadavg()[0],
        "local": bool(summary.get("model", {}).get("local_replan")),
        "reopened_days": summary.get("model", {}).get("reopened_days"),
        "verify_ok": verify.returncode == 0, "verify_seconds": parse_time_v(verify.stderr)["wall_seconds"],
        "verify_tail": verify.stdout[-800:] if verify.returncode else "",
        "mover_days": summary.get("model", {}).get("mover_days"),
        "beyond_published": summary.get("model", {}).get("uncovered_beyond_published"),
    }
    if against_full:
        row["full"] = full_model(folder, sick_dir, base, replan.with_name(replan.name + "-full"), REPLAN_LIMITS[shape], before)
    save_json(out / f"{case.replace(':', '-week')}.json", row)
    return row


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3g}"


def _times(r: dict[str, Any]) -> str:
    """Wall / CPU seconds (CPU: user + system, which the machine's load does not inflate)."""
    cpu = r.get("cpu_seconds")
    return f"{r['wall_seconds']:.1f}" + ("" if cpu is None or cpu != cpu else f" / {cpu:.1f}")


def table(rows: list[dict[str, Any]], command: str) -> str:
    lines = ["| case | limit (s) | planned | wall / CPU (s) | read, instance, write (s) | turnus, instance | load | peak (MiB) | "
             "sick (duties lost) | changes stated | in the files "
             "(in the sick week) | uncovered before → after | duties before → after | needed hours before → after | "
             "busiest before → after | verify | "
             "the full model: wall / CPU (s); changes; uncovered; busiest |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        planned = f"local, {r.get('reopened_days')} days" if r.get("local") else "whole horizon"
        if r.get("local") and r.get("mover_days"):
            planned += f" ({r['mover_days']} for the supporters who can move)"
        full = r.get("full")
        against = "–" if not full else f"{_times(full)} s; failed (exit {full['returncode']})" if full.get("failed") else (
            f"{_times(full)} s{'' if not full['local'] else ' (local)'}; "
            f"{full['in_files']} ({full['stated_status']}); {full['uncovered_after']}; {_fmt(full['busiest_after'])}")
        times = r.get("timings", {})
        phases = ", ".join(_fmt(x) for x in (times.get("read"), times.get("instance"), r.get("write_seconds")))
        cache = ", ".join({"reused": "cached"}.get(r.get(k, ""), "built" if k == "instance_cache" else "read")
                          for k in ("turnus_cache", "instance_cache"))
        needed = " → ".join("–" if x is None else f"{x:g}" for x in (r.get("needed_before"), r.get("needed_after"))) + (
            " (kept)" if r.get("shares_from_previous") else "")
        load = f"{r['load']:.1f}" if r.get("load") is not None else "–"
        lines.append(f"| {r['case']} | {r['limit']:g} | {planned} | {_times(r)} | {phases} | {cache} | {load} | "
                     f"{r['peak_rss_mib']:.0f} | "
                     f"{len(r['sick'])}, week of {r['week']} ({r['lost']}) | {_fmt(r['stated'])} ({r['stated_status']}) | "
                     f"{r['in_files']} ({r['in_sick_week']}) | {r['uncovered_before']} → {r['uncovered_after']} | "
                     f"{r['duties_before']} → {r['duties_after']} | {needed} | {_fmt(r['busiest_before'])} → {_fmt(r['busiest_after'])} | "
                     f"{'ok' if r['verify_ok'] else 'FAIL'} {r['verify_seconds']:.1f} s | {against} |")
    machine = f"{platform.machine()}, Python {platform.python_version()}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    return "\n".join([BEGIN, "", f"Command: `{command}` ({machine}).", "", *lines, "", END])


def write_table(out: Path, results: Path, cases: list[str], command: str) -> None:
    files = [out / f"{c.replace(':', '-week')}.json" for c in cases]
    rows = [json.loads(f.read_text(encoding="utf-8")) for f in files if f.is_file()]
    replace_block(results, table(rows, command), BEGIN, END)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replan", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=DEFAULT_CASES)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "replan")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--report-only", action="store_true", help="rewrite the table from the JSON already there")
    parser.add_argument("--against-full", action="store_true",
                        help="re-plan each case with the full model too (local_replan = false), for comparison")
    a = parser.parse_args(argv)
    cases = [c.strip() for c in a.cases.split(",") if c.strip()]
    if not a.report_only:
        for case in cases:
            r = run_case(a.out, case, a.against_full)
            print(f"{case}: wall {r['wall_seconds']:.1f} s, changes stated {r['stated']} ({r['stated_status']}), "
                  f"in the files {r['in_files']} ({r['in_sick_week']} in the sick week), uncovered "
                  f"{r['uncovered_before']} -> {r['uncovered_after']}, busiest {r['busiest_before']} -> {r['busiest_after']}, "
                  f"verify {'ok' if r['verify_ok'] else 'FAIL'}", flush=True)
    command = "python -m benchmarks.replan" + (f" --cases {a.cases}" if a.cases != DEFAULT_CASES else "")
    write_table(a.out, a.results, cases, command + (" --against-full" if a.against_full else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
