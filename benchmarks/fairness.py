"""Fair burden benchmark: the command line as a user runs it, on the hard shapes.

`python -m benchmarks.fairness [--cases S-1,M-1,M-staff-1,M-sites-1,L-1,…] [--out benchmarks/out/fair]`
runs `scheduler solve … --time-limit T` (S 10 s, M 30 s, L 45 s, L-hard 120 s — the whole run, limits
measuring included; at L reading, the instance and writing add 10–15 s on a quiet machine, so the
whole command of a trust-year stays within a minute, docs/fairness.md «Time») in a fresh process under `/usr/bin/time -v`, then `scheduler verify` (timed
apart), and writes benchmarks/out/fair/<case>.json and the table in benchmarks/RESULTS.md between
the markers `<!-- fairness -->` … `<!-- /fairness -->`. Cases: S, M and L of the generator (a
40-ward quarter and a 100-ward year), M-staff (a staff unit of six on support shifts every
weekday) and M-sites (three sites, each covering only itself, one of them small).

A case may name a rule variant after `+` (`M-1+exposure`: `fair_share_basis = "exposure"`;
`M-1+staff100`: `max_staff_per_duty = 100`; `M-1+hours`: the rules as generated, for comparison);
`--exposure` runs those cases (EXPOSURE_CASES) into their own table between `<!-- exposure -->` …
`<!-- /exposure -->`, with the busiest supporter by exposure (staff covered × hours ÷ their share of
all exposure) and by hours.
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

#: By shape (a shape not named takes its size's): L-hard keeps two minutes — its sites' whole-year
#: models use them (docs/fairness.md).
LIMITS = {"S": 10.0, "M": 30.0, "L": 45.0, "L-hard": 120.0}
DEFAULT_CASES = ("S-1,S-2,S-3,M-1,M-2,M-3,M-staff-1,M-staff-2,M-staff-3,M-sites-1,M-sites-2,M-sites-3,"
                 "L-1,L-2,L-3,L-hard-1,L-hard-2,L-hard-3")
BEGIN, END = "<!-- fairness -->", "<!-- /fairness -->"
EXPOSURE_BEGIN, EXPOSURE_END = "<!-- exposure -->", "<!-- /exposure -->"
EXPOSURE_CASES = "M-1+hours,M-1+exposure,M-1+staff100,M-2+hours,M-2+exposure,M-2+staff100"


def _variant_rules(folder: Path, variant: str) -> Path:
    """rules.toml of the generated hospital with the variant's rule added (docs/fairness.md)."""
    base = folder / "rules.toml"
    if not variant or variant == "hours":
        return base
    if variant == "exposure":
        line = 'fair_share_basis = "exposure"'
    elif variant.startswith("staff"):
        line = f"max_staff_per_duty = {int(variant[5:])}"
    else:
        raise ValueError(f"unknown variant {variant!r}: hours, exposure or staffN")
    path = folder / f"rules+{variant}.toml"
    path.write_text(f"{line}\n{base.read_text(encoding='utf-8')}", encoding="utf-8")  # a top-level key goes first
    return path


def exposure_figures(rota: Path) -> dict[str, Any]:
    """From burden.csv: the busiest by exposure against each one's share of all exposure (the same
    weights as the fair shares: target ÷ all targets), and the busiest by hours likewise."""
    import pandas as pd

    burden = pd.read_csv(rota / "burden.csv", dtype={"supporter_id": str})
    burden = burden[burden["target"] > 0]
    weights = burden["target"] / burden["target"].sum()
    exposure = burden["exposure"] / (burden["exposure"].sum() * weights)
    hours = burden["hours"] / (burden["hours"].sum() * weights)
    coverage = pd.read_csv(rota / "coverage.csv", dtype={"supporter_id": str, "backup_id": str}, keep_default_na=False)
    named = pd.concat([coverage[["date", "slot", "supporter_id", "headcount"]],
                       coverage[["date", "slot", "backup_id", "headcount"]].rename(columns={"backup_id": "supporter_id"})])
    per_duty = named[named["supporter_id"] != ""].groupby(["date", "slot", "supporter_id"])["headcount"].sum()
    return {"busiest_exposure": round(float(exposure.max()), 3), "busiest_hours": round(float(hours.max()), 3),
            "max_exposure": float(burden["exposure"].max()), "staff_on_one_duty_max": int(per_duty.max()),
            "staff_on_one_duty_median": float(per_duty.median())}


def _split(case: str) -> tuple[str, int]:
    size, _, seed = case.partition("+")[0].rpartition("-")
    return size, int(seed)


def run_case(out: Path, case: str, limit: float | None = None, deterministic: bool = False) -> dict[str, Any]:
    """One case; `limit` overrides the shape's time limit, `deterministic` passes `--deterministic`
    (a budget of work, not of seconds: the same figures however loaded the machine is)."""
    size, seed = _split(case)
    limit = limit or LIMITS.get(size, LIMITS[size.split("-")[0]])
    folder = instance_dir(out, size, seed)
    rota = out / "rotas" / case
    args = [str(folder / "turnus.csv"), "--supporters", str(folder / "supporters.csv"), "--wards",
            str(folder / "wards.csv"), "--rules", str(_variant_rules(folder, case.partition("+")[2]))]
    solve = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "scheduler", "solve", *args, "--out", str(rota),
                            "--time-limit", str(limit), "--lang", "en", *(["--deterministic"] if deterministic else [])],
                           cwd=ROOT, capture_output=True, text=True, timeout=(limit * 3 + 300) * (4 if deterministic else 1))
    measured = parse_time_v(solve.stderr)
    verify = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "scheduler", "verify", str(rota)],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    summary = json.loads((rota / "summary.json").read_text(encoding="utf-8")) if (rota / "summary.json").is_file() else {}
    violations = re.search(r"(\d+) (?:brudd|violation)", verify.stdout)
    row = {
        "case": case, "size": size, "seed": seed, "limit": limit, "deterministic": deterministic,
        "returncode": solve.returncode,
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
    if "+" in case and (rota / "burden.csv").is_file():
        row["exposure"] = exposure_figures(rota)
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


def exposure_table(rows: list[dict[str, Any]], command: str) -> str:
    """The rule variants: the busiest by exposure and by hours (each ÷ their share of all of it),
    the fairness tier's value and proven bound on the run's own basis, and the gap between them."""
    lines = ["| case | rule | wall (s) | peak (MiB) | uncovered | duties | busiest by exposure | busiest by hours | "
             "staff on one duty: most (median) | fairness tier: value (bound, gap) | verify |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        e, c, ratio = r.get("exposure", {}), r["counts"], _tier(r, "largest_load_ratio")
        rule = {"hours": "as generated", "exposure": 'fair_share_basis = "exposure"'}.get(
            r["case"].partition("+")[2], f"max_staff_per_duty = {r['case'].partition('+staff')[2]}")
        tier = "–"
        if ratio is not None:
            gap = ratio["value"] - ratio["bound"]
            tier = f"{ratio['value']:.3f} ({ratio['bound']:.3f}, {gap:.3f})"
        lines.append(f"| {r['case']} | {rule} | {r['wall_seconds']:.1f} | {r['peak_rss_mib']:.0f} | {c.get('uncovered')} | "
                     f"{c.get('duties')} | {_fmt(e.get('busiest_exposure'))} | {_fmt(e.get('busiest_hours'))} | "
                     f"{e.get('staff_on_one_duty_max', '–')} ({e.get('staff_on_one_duty_median', '–')}) | {tier} | "
                     f"{'ok' if r['verify_ok'] else 'FAIL'} |")
    machine = f"{platform.machine()}, Python {platform.python_version()}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").is_file() else "?"
    return "\n".join([EXPOSURE_BEGIN, "", f"Command: `{command}` ({machine}; load average {load} on 2 cores when "
                      "the table was written).", "", *lines, "", EXPOSURE_END])


def write_table(out: Path, results: Path, cases: list[str], command: str, exposure: bool = False) -> None:
    rows = [json.loads((out / f"{c}.json").read_text(encoding="utf-8")) for c in cases if (out / f"{c}.json").is_file()]
    for r in rows:  # the figures from the rota as written (a --report-only run may add new ones)
        if exposure and (out / "rotas" / r["case"] / "burden.csv").is_file():
            r["exposure"] = exposure_figures(out / "rotas" / r["case"])
    text = results.read_text(encoding="utf-8") if results.is_file() else ""
    begin, end = (EXPOSURE_BEGIN, EXPOSURE_END) if exposure else (BEGIN, END)
    block = (exposure_table if exposure else table)(rows, command)
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text + "\n\n" + block + "\n"
    results.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fairness", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=DEFAULT_CASES)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "fair")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--report-only", action="store_true", help="rewrite the table from the JSON already there")
    parser.add_argument("--limit", type=float, default=None, help="time limit for every case (default: by shape)")
    parser.add_argument("--deterministic", action="store_true", help="solve with --deterministic (work, not seconds)")
    parser.add_argument("--exposure", action="store_true",
                        help=f"the rule variants ({EXPOSURE_CASES} unless --cases names others) into their own table")
    a = parser.parse_args(argv)
    if a.exposure and a.cases == DEFAULT_CASES:
        a.cases = EXPOSURE_CASES
    cases = [c.strip() for c in a.cases.split(",") if c.strip()]
    if not a.report_only:
        for case in cases:
            row = run_case(a.out, case, a.limit, a.deterministic)
            f = row["fairness"]
            print(f"{case}: wall {row['wall_seconds']:.1f} s peak {row['peak_rss_mib']:.0f} MiB largest "
                  f"{f.get('largest_ratio')} (bound {f.get('largest_ratio_bound')}) above {f.get('supporters_above_flag')} "
                  f"duties {row['counts'].get('duties')} verify {'ok' if row['verify_ok'] else 'FAIL'}", flush=True)
    if a.exposure:
        options = (f" --limit {a.limit:g}" if a.limit else "") + (" --deterministic" if a.deterministic else "")
        write_table(a.out, a.results, cases, f"python -m benchmarks.fairness --exposure --cases {a.cases}{options}",
                    exposure=True)
        return 0
    write_table(a.out, a.results, cases, "python -m benchmarks.fairness" + (f" --cases {a.cases}" if a.cases != DEFAULT_CASES else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
