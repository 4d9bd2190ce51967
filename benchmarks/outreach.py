"""`python -m benchmarks.outreach [--out benchmarks/out] [--results benchmarks/OUTREACH.md]`.

Incident outreach on the generated M hospital (`scheduler generate --size M --seed 1`)
with its rota (`scheduler solve`, made once and kept in the output folder): the time to plan one
incident, and fifty incidents in one run, with the rota's duties as fixed duties. Every plan is
checked by the independent checker. Targets (docs/outreach.md): one incident ≤ 1 s, fifty ≤ 10 s,
reading the files not counted (it is the same as for planning the rota).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import ROOT, instance_dir

TARGETS = {"one": 1.0, "fifty": 10.0}
SEED = 1


def _rota(folder: Path, out: Path) -> Path:
    """The M hospital's rota, solved once (`scheduler solve`, 60 s) and kept."""
    rota = out / "outreach" / "M-1-rota"
    if not (rota / "duties.csv").is_file():
        subprocess.run([sys.executable, "-m", "scheduler", "solve", str(folder / "turnus.csv"), "--supporters",
                        str(folder / "supporters.csv"), "--wards", str(folder / "wards.csv"), "--rules",
                        str(folder / "rules.toml"), "--out", str(rota), "--quiet", "--no-limit-analysis"],
                       cwd=ROOT, check=True)
    return rota


def random_incidents(instance, n: int, seed: int = 0) -> list:
    """`n` incidents at random wards and times in the first two thirds of the period (so most
    follow-ups fall inside it), half given as employee ids of the ward, half as counts."""
    from scheduler.incidents import Incident

    rng = random.Random(seed)
    wards = sorted(w for w in instance.wards if instance.wards[w].needs_coverage)
    staff: dict[str, list[str]] = {}
    for eid, e in instance.employees.items():
        staff.setdefault(e.ward, []).append(eid)
    first = dt.datetime.combine(instance.slots[0].date, dt.time())
    days = max((instance.slots[-1].date - instance.slots[0].date).days * 2 // 3, 1)
    out = []
    for k in range(n):
        ward = rng.choice(wards)
        occurred = first + dt.timedelta(days=rng.randrange(days), minutes=rng.randrange(24 * 60))
        if k % 2 and staff.get(ward):
            ids = tuple(rng.sample(sorted(staff[ward]), min(len(staff[ward]), rng.randint(1, 4))))
            out.append(Incident(incident_id=f"B{k:03d}", wards=(ward,), occurred=occurred, involved_ids=ids))
        else:
            counts = {"sykepleier": rng.randint(1, 4)} | ({"lege": 1} if rng.random() < 0.4 else {})
            out.append(Incident(incident_id=f"B{k:03d}", wards=(ward,), occurred=occurred, involved_counts=counts,
                                defusing=rng.random() < 0.3))
    return out


def measure(out: Path, repeats: int = 3) -> dict:
    from scheduler.check.context import build_context
    from scheduler.check.outreach import format_outreach_report, verify_outreach
    from scheduler.domain import SolverSettings
    from scheduler.io import load_paths
    from scheduler.io.rota_folder import read_published_rota, rota_pairs
    from scheduler.model.demand import build_instance
    from scheduler.outreach.plan import plan_outreach

    folder = instance_dir(out, "M", SEED)
    rota_dir = _rota(folder, out)
    t0 = time.perf_counter()
    inputs = load_paths([folder / "turnus.csv"], folder / "supporters.csv", wards_path=folder / "wards.csv",
                        rules_path=folder / "rules.toml")
    instance = build_instance(inputs)
    rota = read_published_rota(rota_dir)
    pairs, _ = rota_pairs(instance, rota.duties)
    read_seconds = time.perf_counter() - t0
    context = build_context(inputs)
    settings = SolverSettings(time_limit=30.0, workers=1)
    results: dict = {"read_seconds": read_seconds, "rota_duties": len(pairs), "supporters": len(instance.supporters),
                     "wards": len(instance.wards), "slots": len(instance.slots)}
    for name, n in (("one", 1), ("fifty", 50)):
        runs = []
        for r in range(repeats):
            incidents = random_incidents(instance, n, seed=100 * r + n)
            started = time.perf_counter()
            plan = plan_outreach(instance, incidents, pairs, needed_hours=rota.needed_hours, settings=settings)
            seconds = time.perf_counter() - started
            report = verify_outreach(inputs, incidents, plan.table(), rota.duties, context=context)
            if not report.ok:
                raise AssertionError(format_outreach_report(report, "en"))
            counts = plan.counts()
            reasons = dict(sorted(Counter(m.reason_code for m in plan.members if not m.planned).items()))
            runs.append({"reasons": reasons, "seconds": seconds, "status": plan.status, "candidates": plan.seconds["candidates"],
                         "build": plan.seconds["build"],
                         "solve": plan.seconds["solve"], "contacts": counts["contacts"],
                         "with_full_team": counts["contacts_with_full_team"], "places": counts["team_places"],
                         "places_planned": counts["team_places_planned"]})
        results[name] = {"runs": runs, "median_seconds": statistics.median(r["seconds"] for r in runs),
                         "max_seconds": max(r["seconds"] for r in runs), "target": TARGETS[name]}
    return results


def write_markdown(results: dict, path: Path, command: str) -> None:
    lines = [
        "# Incident outreach: time to plan",
        "",
        f"Command: `{command}`. The generated M hospital (`scheduler generate --size M --seed {SEED}`: "
        f"{results['wards']} wards, {results['supporters']} supporters, {results['slots']} slots) with its rota "
        f"(`scheduler solve`, {results['rota_duties']} duties) as fixed duties; random incidents "
        "(`benchmarks/outreach.py`, `random_incidents`: random wards and times, ids or counts, some with a "
        "defusing), three runs each with different incidents; every plan passed the independent checker "
        "(`scheduler/check/outreach.py`). Planning time only: reading the files and the rota took "
        f"{results['read_seconds']:.2f} s once (as for planning the rota). CP-SAT with one worker.",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, 2 cores shared with other work "
        f"(load average {os.getloadavg()[0]:.1f} at the end), {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "| run | target | median s | max s | within target | contacts (full team) | team places planned | status |",
        "|---|---:|---:|---:|---|---|---|---|",
    ]
    for name, label in (("one", "one incident"), ("fifty", "50 incidents")):
        r = results[name]
        contacts = ", ".join(f"{x['contacts']} ({x['with_full_team']})" for x in r["runs"])
        places = ", ".join(f"{x['places_planned']}/{x['places']}" for x in r["runs"])
        status = ", ".join(sorted({x["status"] for x in r["runs"]}))
        lines.append(f"| {label} | ≤ {r['target']:g} | {r['median_seconds']:.2f} | {r['max_seconds']:.2f} | "
                     f"{'yes' if r['max_seconds'] <= r['target'] else 'no'} | {contacts} | {places} | {status} |")
    lines += ["", "Team places not planned, by reason (docs/outreach.md): "
              + "; ".join(f"{name} #{i}: " + (", ".join(f"{k} {v}" for k, v in x["reasons"].items()) or "none")
                          for name in ("one", "fifty") for i, x in enumerate(results[name]["runs"], start=1)) + "."]
    lines += ["", "Per run (candidates: who may take which place, checked against the rota's limits; build: the "
              "CP-SAT model; solve: CP-SAT, both rounds):", "",
              "| run | seconds | candidates s | build s | solve s |", "|---|---:|---:|---:|---:|"]
    for name in ("one", "fifty"):
        for i, x in enumerate(results[name]["runs"], start=1):
            lines.append(f"| {name} #{i} | {x['seconds']:.2f} | {x['candidates']:.2f} | {x['build']:.2f} | "
                         f"{x['solve']:.2f} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.outreach", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "OUTREACH.md")
    parser.add_argument("--repeats", type=int, default=3)
    a = parser.parse_args(argv)
    results = measure(a.out, a.repeats)
    print(json.dumps(results, indent=1))
    write_markdown(results, a.results, " ".join(["python -m benchmarks.outreach", *(argv if argv is not None else sys.argv[1:])]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
