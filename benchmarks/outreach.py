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

import pandas as pd

from benchmarks.common import ROOT, instance_dir
from benchmarks.outreach_worktime import before_tables, recount

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


def measure(out: Path, repeats: int = 3, before: Path | None = None) -> dict:
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
    planned: dict[str, tuple[list, pd.DataFrame, float]] = {}  # run -> incidents, outreach.csv, seconds
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
            if name == "fifty":
                planned[f"random50-{r + 1}"] = (incidents, plan.table("en"), seconds)
            counts = plan.counts()
            reasons = dict(sorted(Counter(m.reason_code for m in plan.members if not m.planned).items()))
            runs.append({"reasons": reasons, "seconds": seconds, "status": plan.status, "candidates": plan.seconds["candidates"],
                         "build": plan.seconds["build"],
                         "solve": plan.seconds["solve"], "contacts": counts["contacts"],
                         "with_full_team": counts["contacts_with_full_team"], "places": counts["team_places"],
                         "places_planned": counts["team_places_planned"]})
        results[name] = {"runs": runs, "median_seconds": statistics.median(r["seconds"] for r in runs),
                         "max_seconds": max(r["seconds"] for r in runs), "target": TARGETS[name]}
    results["worktime"] = measure_worktime(inputs, instance, context, pairs, rota, settings, planned, repeats,
                                           (before, folder, rota_dir, out) if before else None)
    return results


def measure_worktime(inputs, instance, context, pairs, rota, settings, planned: dict, repeats: int,
                     before: tuple | None) -> dict:
    """Named involved met in their own working time (benchmarks/outreach_worktime.py): the generated
    incidents at night, late at night, on a Saturday and on a holiday (scheduler/demo/incidents.py),
    one set per week, and the random fifty; recounted by the checker, before and after."""
    from scheduler.check.outreach import format_outreach_report, verify_outreach
    from scheduler.demo.incidents import demo_incidents, incident_moments
    from scheduler.outreach.plan import plan_outreach

    kinds: dict = {}
    for r in range(repeats):
        incidents = demo_incidents(instance, seed=r + 1, week=r + 1)
        kinds.update({moment: kind for kind, moment in incident_moments(instance, r + 1)})
        started = time.perf_counter()
        plan = plan_outreach(instance, incidents, pairs, needed_hours=rota.needed_hours, settings=settings)
        seconds = time.perf_counter() - started
        report = verify_outreach(inputs, incidents, plan.table(), rota.duties, context=context)
        if not report.ok:
            raise AssertionError(format_outreach_report(report, "en"))
        planned[f"generated-{r + 1}"] = (incidents, plan.table("en"), seconds)
    old = {}
    if before is not None:
        code, folder, rota_dir, out = before
        old = before_tables(code, folder, rota_dir, {k: v[0] for k, v in planned.items()}, out / "outreach" / "before")
    result: dict = {"runs": {}, "by_kind": {}}
    for name, (incidents, table, seconds) in sorted(planned.items()):
        after = recount(inputs, incidents, table, rota.duties, context)
        row = {"incidents": len(incidents), "seconds": round(seconds, 2), "after": after}
        started = time.perf_counter()  # the same incidents with up to two meetings per contact
        two = plan_outreach(instance, incidents, pairs, needed_hours=rota.needed_hours, settings=settings, meetings=2)
        row["two_seconds"] = round(time.perf_counter() - started, 2)
        report = verify_outreach(inputs, incidents, two.table(), rota.duties, context=context)
        if not report.ok:
            raise AssertionError(format_outreach_report(report, "en"))
        row["two"] = {"met": report.counts["named_at_work"], "further_meetings": two.counts()["further_meetings"],
                      "places": two.counts()["team_places_planned"] - int((table["supporter_id"] != "").sum())}
        if name in old:
            row["before"] = recount(inputs, incidents, old[name], rota.duties, context)
        result["runs"][name] = row
        for incident in incidents:
            kind = kinds.get(incident.occurred) if name.startswith("generated") else None
            if kind is None:
                continue
            agg = result["by_kind"].setdefault(kind, {"named": 0, "in_window": 0, "after": 0, "before": 0})
            mine = after["per_incident"].get(incident.incident_id, {})
            agg["named"] += mine.get("named", 0)
            agg["in_window"] += mine.get("named_in_window", 0)
            agg["after"] += mine.get("named_at_work", 0)
            agg["before"] += row.get("before", {}).get("per_incident", {}).get(incident.incident_id, {}).get(
                "named_at_work", 0)
    return result


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
    lines += worktime_markdown(results["worktime"])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _share(n: int, of: int) -> str:
    return f"{n}/{of} ({100 * n / of:.0f} %)" if of else "–"


def worktime_markdown(w: dict) -> list[str]:
    """The section «In the working time of those involved» of OUTREACH.md."""
    has_before = any("before" in r for r in w["runs"].values())
    lines = ["", "## In the working time of those involved", "",
             "Named involved people met during their own shift (docs/outreach.md, «In working time»), counted per "
             "contact and person (a person met at the first talk and at the follow-up counts twice), recounted from "
             "the turnus by the independent checker (`benchmarks/outreach_worktime.py`). *generated-k*: the incidents "
             "of `scheduler/demo/incidents.py` in week k (a weekday night at 02:00 and at 05:30, a Saturday at 13:00, "
             "Skjærtorsdag 25 March at 10:00 — its follow-up falls after the period; each once by employee ids of staff "
             "at work then, once as counts on another ward), planned together; *random50-k*: the fifty random incidents "
             "above (ids drawn from the ward's staff, at work then or not). *in window*: the person works in some slot "
             "of the contact's window; *best slot*: the most of a group at work in one slot of the window (the team "
             "meets a group once); *best with supporter*: the same among slots where a supporter from another ward "
             "is available (limits, rota duties and other contacts left out: an upper bound)."
             + (" *before*: the planner before this change (commit f6670c5), given the same incidents and rota." if has_before else "")
             + " *with 2 meetings*: the same incidents with `outreach_meetings = 2` (docs/outreach.md, «Further "
             "meetings»): the further meetings planned, and the team places (duties) they add.",
             "",
             "| run | incidents | named | in window | best slot | best with supporter | "
             + ("met before | " if has_before else "") + "met after | plan s | met with 2 meetings | further "
             "meetings (team places) | plan s |",
             "|---|---:|---:|---:|---:|---:|" + ("---:|" if has_before else "") + "---:|---:|---:|---:|---:|"]
    for name, r in w["runs"].items():
        a = r["after"]
        before = f"{_share(r['before']['met'], a['named'])} | " if "before" in r else ("– | " if has_before else "")
        lines.append(f"| {name} | {r['incidents']} | {a['named']} | {a['in_window']} | {a['best_slot']} | "
                     f"{a['best_with_supporter']} | {before}{_share(a['met'], a['named'])} | {r['seconds']:.2f} | "
                     f"{_share(r['two']['met'], a['named'])} | {r['two']['further_meetings']} "
                     f"({r['two']['places']:+d}) | {r['two_seconds']:.2f} |")
    lines += ["", "Generated incidents by kind, all weeks: "
              + "; ".join(f"{kind}: met {_share(k['after'], k['named'])}"
                          + (f" (before {_share(k['before'], k['named'])})" if has_before else "")
                          + f", in window {k['in_window']}" for kind, k in w["by_kind"].items()) + "."]
    lines += ["", "Where *met after* is below *best with supporter*, the slot of the bound is taken — by a rota duty, a "
              "limit, or a contact of another incident that meets more there (every plan is proven optimal); where *in "
              "window* is above *best slot*, members of one group work different shifts, and a group meets its team "
              "once (docs/outreach.md, «In working time»)."]
    broken = {name: r["before"]["broken"] for name, r in w["runs"].items() if r.get("before", {}).get("broken")}
    if broken:
        lines += ["", f"Rules the older plans broke (the defusing window, which is wider now, aside): {broken}."]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.outreach", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "OUTREACH.md")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--before", type=Path, help="a folder holding an older `scheduler` package "
                        "(git archive <commit> scheduler | tar -x -C DIR): its plans of the same incidents, recounted")
    a = parser.parse_args(argv)
    results = measure(a.out, a.repeats, a.before)
    print(json.dumps(results, indent=1))
    write_markdown(results, a.results, " ".join(["python -m benchmarks.outreach", *(argv if argv is not None else sys.argv[1:])]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
