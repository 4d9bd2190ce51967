"""Fair burden benchmark: the command line as a user runs it, on the hard shapes.

`python -m benchmarks.fairness [--cases S-1,M-1,M-staff-1,M-sites-1,L-1,…] [--out benchmarks/out/fair]`
runs `scheduler solve … --time-limit T` (S 10 s, M 30 s, L 120 s — the whole run, limits
measuring included) in a fresh process under `/usr/bin/time -v`, then `scheduler verify` (timed
apart), and writes benchmarks/out/fair/<case>.json and the table in benchmarks/RESULTS.md between
the markers `<!-- fairness -->` … `<!-- /fairness -->`. Cases: S, M and L of the generator (a
40-ward quarter and a 100-ward year), M-staff (a staff unit of six on support shifts every
weekday) and M-sites (three sites, each covering only itself, one of them small).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, instance_dir, median, parse_time_v, save_json, write_seconds

LIMITS = {"S": 10.0, "M": 30.0, "L": 120.0}
DEFAULT_CASES = ("S-1,S-2,S-3,M-1,M-2,M-3,M-staff-1,M-staff-2,M-staff-3,M-sites-1,M-sites-2,M-sites-3,"
                 "L-1,L-2,L-3,L-hard-1,L-hard-2,L-hard-3")
BEGIN, END = "<!-- fairness -->", "<!-- /fairness -->"


def _split(case: str) -> tuple[str, int]:
    size, _, seed = case.rpartition("-")
    return size, int(seed)


def run_case(out: Path, case: str, limit: float | None = None) -> dict[str, Any]:
    """One case; `limit` overrides the shape's time limit (LIMITS)."""
    size, seed = _split(case)
    limit = limit or LIMITS[size.split("-")[0]]
    folder = instance_dir(out, size, seed)
    rota = out / "rotas" / case
    args = [str(folder / "turnus.csv"), "--supporters", str(folder / "supporters.csv"), "--wards",
            str(folder / "wards.csv"), "--rules", str(folder / "rules.toml")]
    solve = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "scheduler", "solve", *args, "--out", str(rota),
                            "--time-limit", str(limit), "--lang", "en"],
                           cwd=ROOT, capture_output=True, text=True, timeout=limit * 3 + 300)
    measured = parse_time_v(solve.stderr)
    verify = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "scheduler", "verify", str(rota)],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    summary = json.loads((rota / "summary.json").read_text(encoding="utf-8")) if (rota / "summary.json").is_file() else {}
    violations = re.search(r"(\d+) (?:brudd|violation)", verify.stdout)
    row = {
        "case": case, "size": size, "seed": seed, "limit": limit, "returncode": solve.returncode,
        "wall_seconds": measured["wall_seconds"], "peak_rss_mib": measured["peak_rss_mib"],
        "cpu_seconds": measured.get("cpu_seconds"), "write_seconds": write_seconds(solve.stderr),
        "verify_seconds": parse_time_v(verify.stderr)["wall_seconds"], "verify_returncode": verify.returncode,
        "verify_ok": verify.returncode == 0, "violations_text": violations.group(0) if violations else "",
        "timings": summary.get("timings", {}), "tiers": summary.get("tiers", []),
        "fairness": summary.get("fairness", {}), "counts": summary.get("counts", {}),
        "model": summary.get("model", {}), "status": summary.get("status"),
        "binding_limits_skipped": summary.get("binding_limits_skipped", ""),
        "stderr_tail": solve.stderr[-1500:] if solve.returncode else "",
    }
    save_json(out / f"{case}.json", row)
    return row


def _tier(row: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((t for t in row["tiers"] if t["name"] == name), None)


def _fmt(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}g}"


def _phases(r: dict[str, Any]) -> str:
    """Reading the files, the instance, the model's build and writing the folder (rows from before
    writing was measured show only the build)."""
    t = r["timings"]
    if r.get("write_seconds") is None:
        return f"{t.get('build', 0):.1f}"
    return ", ".join(f"{x:.1f}" for x in (t.get("read", 0), t.get("instance", 0), t.get("build", 0), r["write_seconds"]))


def table(rows: list[dict[str, Any]], command: str) -> str:
    head = ("| case | limit (s) | wall (s) | peak (MiB) | read, instance, build, write (s) | coverage (uncovered, proven) | largest ratio "
            "(bound, proven at s) | above 1.5× (held there by coverage) | duties (fewest ≥ / found) | price | tiers proven | verify |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|")
    lines = [head]
    for r in rows:
        f, c = r["fairness"], r["counts"]
        cov, ratio = _tier(r, "uncovered_ward_slots"), _tier(r, "largest_load_ratio")
        proven = sum(1 for t in r["tiers"] if t["status"] == "OPTIMAL")
        up_to_duties = []
        for t in r["tiers"]:
            up_to_duties.append(t)
            if t["name"] == "total_duties":
                break
        proven_to_duties = all(t["status"] == "OPTIMAL" for t in up_to_duties)
        at = None
        if ratio is not None:
            at = r["timings"].get("build", 0) + sum(t["seconds"] for t in r["tiers"][: r["tiers"].index(ratio) + 1])
        price = f.get("price_of_fairness_found")
        at_most = f.get("price_of_fairness_at_most")
        if price is None:
            price_text = f"≤ +{at_most}"
        elif f.get("needed_hours_proven"):
            price_text = f"+{price} ({100 * price / max(1, f['fewest_duties']):.1f} %)"
        else:  # the fewest found is not proven: the price against the bound too
            price_text = f"+{price} (≤ +{at_most}, ≤ {100 * at_most / max(1, f['fewest_duties_bound']):.1f} %)"
        lines.append(
            f"| {r['case']} | {r['limit']:g} | {r['wall_seconds']:.1f} | {r['peak_rss_mib']:.0f} | "
            f"{_phases(r)} | {c.get('uncovered')} ({'yes' if cov and cov['status'] == 'OPTIMAL' else 'no'}) | "
            f"{_fmt(f.get('largest_ratio'))} ({_fmt(f.get('largest_ratio_bound'))}, "
            f"{f'yes, {at:.1f}' if ratio and ratio['status'] == 'OPTIMAL' and at is not None else 'no'}) | "
            f"{f.get('supporters_above_flag')} ({f.get('above_flag_forced', '–')} forced) | {c.get('duties')} ({f.get('fewest_duties_bound')} / "
            f"{f.get('fewest_duties') if f.get('fewest_duties') is not None else '–'}) | {price_text} | "
            f"{proven}/{len(r['tiers'])}{' (all to duties)' if proven_to_duties else ''} | "
            f"{'ok' if r['verify_ok'] else 'FAIL'} {r['verify_seconds']:.1f} s |")
    by_size: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_size.setdefault(r["size"], []).append(r)
    med = ["", "| shape | median wall (s) | median peak (MiB) | median largest ratio | median above 1.5× | median price |",
           "|---|---|---|---|---|---|"]
    for size, rs in by_size.items():
        prices = [r["fairness"].get("price_of_fairness_found") for r in rs]
        fewest = [r["fairness"].get("fewest_duties") for r in rs]
        rel = [100 * p / f for p, f in zip(prices, fewest, strict=True) if p is not None and f]
        med.append(f"| {size} | {median([r['wall_seconds'] for r in rs]):.1f} | {median([r['peak_rss_mib'] for r in rs]):.0f} | "
                   f"{_fmt(median([r['fairness'].get('largest_ratio') for r in rs]))} | "
                   f"{median([r['fairness'].get('supporters_above_flag') for r in rs])} | "
                   f"{f'{median(rel):.1f} %' if rel else '–'} |")
    machine = f"{platform.machine()}, Python {platform.python_version()}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    return "\n".join([BEGIN, "", f"Command: `{command}` ({machine}).", "", *lines, *med, "", END])


def write_table(out: Path, results: Path, cases: list[str], command: str) -> None:
    rows = [json.loads((out / f"{c}.json").read_text(encoding="utf-8")) for c in cases if (out / f"{c}.json").is_file()]
    text = results.read_text(encoding="utf-8") if results.is_file() else ""
    block = table(rows, command)
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text + "\n\n" + block + "\n"
    results.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fairness", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=DEFAULT_CASES)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "fair")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--report-only", action="store_true", help="rewrite the table from the JSON already there")
    a = parser.parse_args(argv)
    cases = [c.strip() for c in a.cases.split(",") if c.strip()]
    if not a.report_only:
        for case in cases:
            row = run_case(a.out, case)
            f = row["fairness"]
            print(f"{case}: wall {row['wall_seconds']:.1f} s peak {row['peak_rss_mib']:.0f} MiB largest "
                  f"{f.get('largest_ratio')} (bound {f.get('largest_ratio_bound')}) above {f.get('supporters_above_flag')} "
                  f"duties {row['counts'].get('duties')} verify {'ok' if row['verify_ok'] else 'FAIL'}", flush=True)
    write_table(a.out, a.results, cases, "python -m benchmarks.fairness" + (f" --cases {a.cases}" if a.cases != DEFAULT_CASES else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
