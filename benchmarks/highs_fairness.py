"""Our fairness tier against an exact MIP (HiGHS), on the generated S and M hospitals.

`python -m benchmarks.highs_fairness [--sizes S,M] [--seeds 1,2,3] [--time-limit 120]` needs the
optional extra `bench` (`pip install -e ".[bench]"`: highspy). Per case it runs our command line
as benchmarks/fairness.py does (`scheduler solve … --time-limit 10` for S, 30 for M, then
`scheduler verify`), reads the coverage it proved and the needed hours its fair shares rest on
(summary.json), and then, in a fresh process under `/usr/bin/time -v`, the fairness tier as a MIP
in HiGHS (benchmarks/highs_mip.py: the naive model's hard rules, coverage held at our proven
level, min the largest load ÷ fair share with our shares). HiGHS and OR-Tools never share a
process (they clash): this process imports OR-Tools (for the checker's rota), never highspy.

The MIP's rota is checked here with the independent checker (`scheduler.check`), and its
coverage and largest ratio are counted again with the planner's own counters
(`scheduler.solve.tier_values`), not taken from HiGHS. Results: benchmarks/out/highs/<case>.json
and the table in benchmarks/RESULTS.md between `<!-- highs -->` and `<!-- /highs -->`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import platform
import sys
from pathlib import Path
from typing import Any

from benchmarks.common import (
    ROOT,
    instance_dir,
    median,
    replace_block,
    run_measured,
    save_json,
)
from benchmarks.fairness import run_case

BEGIN, END = "<!-- highs -->", "<!-- /highs -->"
OUT = ROOT / "benchmarks" / "out" / "highs"


def _tier(summary: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((t for t in summary.get("tiers", []) if t["name"] == name), None)


def ours_from(row: dict[str, Any]) -> dict[str, Any]:
    """Our planner's fairness tier on the case: value, bound, proven, and when (from the build)."""
    tiers, fairness = row["tiers"], row["fairness"]
    ratio = next((t for t in tiers if t["name"] == "largest_load_ratio"), None)
    at = None
    if ratio is not None:
        at = row["timings"].get("build", 0) + sum(t["seconds"] for t in tiers[: tiers.index(ratio) + 1])
    return {"value": ratio["value"] if ratio else None, "bound": ratio["bound"] if ratio else None,
            "proven": bool(ratio and ratio["status"] == "OPTIMAL"), "at_seconds": at,
            "tier_seconds": ratio["seconds"] if ratio else None,
            "wall_seconds": row["wall_seconds"], "peak_rss_mib": row["peak_rss_mib"],
            "needed_hours": fairness.get("needed_hours"), "needed_proven": fairness.get("needed_hours_proven"),
            "verify_ok": row["verify_ok"]}


def run_mip(folder: Path, summary: dict[str, Any], limit: float, log: Path) -> dict[str, Any]:
    """benchmarks.highs_mip in a fresh process (highspy, no OR-Tools), measured."""
    uncovered = _tier(summary, "uncovered_ward_slots")
    staff = _tier(summary, "uncovered_staff_shifts")
    args = [str(folder),
            "--needed-hours", repr(summary["fairness"]["needed_hours"]),
            "--uncovered", str(round(uncovered["value"])) if uncovered else "0",
            "--uncovered-staff", str(round(staff["value"])) if staff else "1000000000",
            "--time-limit", str(limit), "--log", str(log)]
    result = run_measured(args, timeout=limit * 3 + 600, module="benchmarks.highs_mip")
    if not result.get("status"):
        result.setdefault("error", "benchmarks.highs_mip gave no status")
    return result


def check_mip(folder: Path, rota: Path, summary: dict[str, Any], duties: set[tuple[str, int]]) -> dict[str, Any]:
    """The MIP's rota through the independent checker, and its tiers counted by the planner's counters."""
    from benchmarks.child import check, load
    from scheduler.solve.fairness import FairShares, share_weights
    from scheduler.solve.tier_values import tier_value

    inputs, instance, _ = load(folder)
    slots_of: dict[str, list[int]] = {}
    for sid, t in instance.availability[["supporter_id", "slot"]].itertuples(index=False):
        slots_of.setdefault(sid, []).append(int(t))
    shares = FairShares(summary["fairness"]["needed_hours"], True, share_weights(instance, slots_of))
    with (rota / "burden.csv").open(encoding="utf-8") as f:  # our shares, as our rota wrote them
        written = {r["supporter_id"]: float(r["target"]) for r in csv.DictReader(f) if r["target"]}
    worst_share_difference = max((abs(shares.target(s) - v) for s, v in written.items()), default=None)
    checked = check(inputs, instance, duties)
    return {
        "violations": checked["violations"], "violations_by_rule": checked["violations_by_rule"],
        "verify_seconds": checked["verify_seconds"],
        "uncovered": tier_value("uncovered_ward_slots", instance, duties),
        "uncovered_staff": tier_value("uncovered_staff_shifts", instance, duties),
        "ratio_thousandths": tier_value("largest_load_ratio", instance, duties, shares=shares),
        "largest_ratio": shares.largest_ratio({s: h for s, h in _hours(instance, duties).items()}),
        "share_difference_to_burden_csv": worst_share_difference,
    }


def _hours(instance: Any, duties: set[tuple[str, int]]) -> dict[str, float]:
    hours: dict[str, float] = {}
    for sid, t in duties:
        hours[sid] = hours.get(sid, 0.0) + instance.slots[t].duty_hours
    return hours


def run_one(out: Path, case: str, limit: float, our_limit: float | None = None) -> dict[str, Any]:
    """One case: ours (at the shape's limit, or `our_limit`), then HiGHS with `limit`."""
    size, _, seed = case.rpartition("-")
    load_before = os.getloadavg()
    ours_dir = out / ("ours" if our_limit is None else f"ours{our_limit:g}")
    ours_row = run_case(ours_dir, case, our_limit)  # its own JSON goes to ours_dir/<case>.json
    rota = ours_dir / "rotas" / case
    summary = json.loads((rota / "summary.json").read_text(encoding="utf-8"))
    folder = instance_dir(ours_dir, size, int(seed))
    mip = run_mip(folder, summary, limit, out / "logs" / f"{case}.highs.log")
    duties = {(s, int(t)) for s, t in mip.pop("duties", [])}
    row = {"case": case if our_limit is None else f"{case}, ours {our_limit:g} s", "size": size, "seed": int(seed), "limit": limit, "load_1min": load_before[0],
           "ours": ours_from(ours_row), "ours_tiers": summary.get("tiers", [])[:4], "highs": mip,
           "highs_check": check_mip(folder, rota, summary, duties) if duties else None}
    save_json(out / (f"{case}.json" if our_limit is None else f"{case}_ours{our_limit:g}.json"), row)
    return row


def _f(x: float | None, digits: int = 4) -> str:
    return "–" if x is None else f"{x:.{digits}g}"


def _r(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _up(x: float | None) -> str:
    """A ratio as our planner reports it: thousandths, rounded up."""
    return "–" if x is None else f"{math.ceil(x * 1000 - 1e-6) / 1000:.3f}"


def table(rows: list[dict[str, Any]], command: str) -> str:
    lines = ["| case | load (1 min) | ours: largest ratio (bound, proven at s / wall s) | ours: the tier alone (s) | "
             "HiGHS: build (s) | HiGHS: solve (s) | HiGHS: best (exact, bound) | gap | HiGHS status | HiGHS peak (MiB) | "
             "MIP rota checked |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        o, h, c = r["ours"], r["highs"], r["highs_check"]
        proven = f"yes, {o['at_seconds']:.1f}" if o["proven"] else "no"
        check = "–" if c is None else (
            f"{'ok' if c['violations'] == 0 else str(c['violations']) + ' violations'}, "
            f"{c['uncovered']:.0f} uncovered, {c['ratio_thousandths'] / 1000:.3f} counted")
        gap = "–" if h.get("gap") is None else f"{100 * h['gap']:.2f} %"
        alone = next((t["seconds"] for t in r["ours_tiers"] if t["name"] == "largest_load_ratio"), None)
        lines.append(
            f"| {r['case']} | {r['load_1min']:.1f} | {_r(o['value'])} ({_r(o['bound'])}, {proven} / "
            f"{o['wall_seconds']:.1f}) | {_f(alone, 2)} | {_f(h.get('build_seconds'), 2)} | {_f(h.get('solve_seconds'), 3)} | "
            f"{_up(h.get('value'))} ({_f(h.get('value'), 5)}, {_f(h.get('bound'), 5)}) | {gap} | "
            f"{h.get('status', 'error')} | {h.get('peak_rss_mib', float('nan')):.0f} | {check} |")
    med = ["", "| shape | cases | ours proven | ours: median proven at (s), proven only | HiGHS proven optimal | "
           "HiGHS: median build + solve (s) | same value as ours (thousandths) | HiGHS lower than ours | "
           "median HiGHS peak (MiB) |", "|---|---|---|---|---|---|---|---|---|"]
    by_size: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_size.setdefault(r["size"] + r["case"][len(r["size"]) + 2:], []).append(r)  # "M" or "M, ours 120 s"
    for size, rs in by_size.items():
        both = [(r["ours"]["value"], _up(r["highs"]["value"])) for r in rs
                if r["highs"].get("value") is not None and r["ours"]["value"] is not None]
        same = sum(1 for o, h in both if h == f"{o:.3f}")
        lower = sum(1 for o, h in both if float(h) < o - 1e-9)
        proven = [r for r in rs if r["ours"]["proven"]]
        optimal = sum(1 for r in rs if r["highs"].get("status") == "Optimal")
        total = median([(r["highs"].get("build_seconds") or 0) + (r["highs"].get("solve_seconds") or 0) for r in rs])
        med.append(f"| {size} | {len(rs)} | {len(proven)}/{len(rs)} | {_f(median([r['ours']['at_seconds'] for r in proven]), 3)} | "
                   f"{optimal}/{len(rs)} | {_f(total, 3)} | {same}/{len(rs)} | {lower}/{len(rs)} | "
                   f"{_f(median([r['highs'].get('peak_rss_mib') for r in rs]), 3)} |")
    machine = f"{platform.machine()}, Python {platform.python_version()}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    version = next((r["highs"].get("highs_version") for r in rows if r["highs"].get("highs_version")), "?")
    return "\n".join([BEGIN, "", f"Command: `{command}` (HiGHS {version}, {machine}).", "", *lines, *med, "", END])


def write_table(out: Path, results: Path, cases: list[str], command: str) -> None:
    rows = [json.loads((out / f"{c}.json").read_text(encoding="utf-8")) for c in cases if (out / f"{c}.json").is_file()]
    replace_block(results, table(rows, command), BEGIN, END)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.highs_fairness", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--time-limit", type=float, default=120.0, help="HiGHS's limit per case (s)")
    parser.add_argument("--our-limit", type=float, default=None,
                        help="our command's --time-limit (default: S 10 s, M 30 s, as benchmarks.fairness)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--report-only", action="store_true", help="rewrite the table from the JSON already there")
    a = parser.parse_args(argv)
    cases = [f"{s.strip()}-{n.strip()}" for s in a.sizes.split(",") for n in a.seeds.split(",")]
    if not a.report_only:
        for case in cases:
            r = run_one(a.out, case, a.time_limit, a.our_limit)
            h, c = r["highs"], r["highs_check"] or {}
            print(f"{case}: ours {r['ours']['value']} (bound {r['ours']['bound']}, at {r['ours']['at_seconds']}) "
                  f"HiGHS {h.get('status')} {h.get('value')} (bound {h.get('bound')}) build {h.get('build_seconds')} "
                  f"solve {h.get('solve_seconds')} peak {h.get('peak_rss_mib')} violations {c.get('violations')}", flush=True)
    all_cases = sorted((p.stem for p in a.out.glob("*.json")), key=lambda c: ("SML".find(c[0]), "_" in c, c))
    write_table(a.out, a.results, all_cases, "python -m benchmarks.highs_fairness")
    return 0


if __name__ == "__main__":
    sys.exit(main())
