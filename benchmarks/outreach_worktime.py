"""How many of the named involved people outreach meets in their own working time (benchmarks/outreach.py).

Every figure is recounted by the independent checker (scheduler/check/outreach_worktime.py) from the
turnus, for plans made by this code and — with `--before CODE_DIR` — by an older planner given the
same incidents and rota (`git archive <commit> scheduler | tar -x -C CODE_DIR`), run in a subprocess.
Per contact and named person ("person-contacts"): met at work in the contact's slot; at work in some
slot of the contact's window; at most in one slot of the window (a group meets its team once); and
at most in one slot where a supporter from another ward is available (limits, rota duties and
other contacts left out: an upper bound).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

_BEFORE = """
import json, sys
from pathlib import Path
from scheduler.domain import SolverSettings
from scheduler.incidents import Incident
from scheduler.io import load_paths
from scheduler.io.rota_folder import read_published_rota, rota_pairs
from scheduler.model.demand import build_instance
from scheduler.outreach.plan import plan_outreach
a = json.loads(sys.stdin.read())
f = Path(a["folder"])
inputs = load_paths([f / "turnus.csv"], f / "supporters.csv", wards_path=f / "wards.csv", rules_path=f / "rules.toml")
instance = build_instance(inputs)
rota = read_published_rota(Path(a["rota"]))
pairs, _ = rota_pairs(instance, rota.duties)
for name, runs in a["runs"].items():
    incidents = [Incident(**d) for d in runs]
    plan = plan_outreach(instance, incidents, pairs, needed_hours=rota.needed_hours,
                         settings=SolverSettings(time_limit=30.0, workers=1))
    plan.table("en").to_csv(Path(a["out"]) / f"{name}.csv", index=False)
"""


def before_tables(code_dir: Path, folder: Path, rota_dir: Path, runs: Mapping[str, Sequence], out: Path
                  ) -> dict[str, pd.DataFrame]:
    """outreach.csv of each run as the planner in `code_dir` makes it (same incidents, same rota)."""
    out.mkdir(parents=True, exist_ok=True)
    payload = {"folder": str(folder.resolve()), "rota": str(rota_dir.resolve()), "out": str(out.resolve()),
               "runs": {name: [i.model_dump(mode="json") for i in incs] for name, incs in runs.items()}}
    env = {**os.environ, "PYTHONPATH": str(code_dir.resolve())}
    subprocess.run([sys.executable, "-c", _BEFORE], input=json.dumps(payload), text=True, env=env, check=True,
                   cwd=out)
    return {name: pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False) for name in runs}


def recount(inputs, incidents: Sequence, table: pd.DataFrame, rota_duties: pd.DataFrame, context) -> dict:
    """The checker's recount of one plan: person-contacts named, met at work, at work in the window,
    the best single slot and the best single slot with a supporter; broken rules other than the
    worktime columns (an older plan has none)."""
    from scheduler.check.outreach import verify_outreach
    from scheduler.check.outreach_worktime import (
        contact_slots,
        defusing_latest,
        group_presence,
        involved_shifts,
    )

    report = verify_outreach(inputs, incidents, table, rota_duties, context=context)
    shifts = involved_shifts(context, inputs.turnus, incidents)
    supporters_at = {}
    for sid, t in context.available:
        supporters_at.setdefault(t, set()).add(sid)
    best = best_supported = 0
    for incident in incidents:
        professions = {(context.employees[e].profession or "") if e in context.employees else "" for e in incident.involved_ids}
        for kind in [k for k in ("defusing", "first", "follow_up") if k != "defusing" or incident.defusing]:
            for profession in professions:
                earliest, latest = incident.window(kind)
                if kind == "defusing":
                    latest = defusing_latest(context, shifts, incident, profession)
                slots = contact_slots(context, incident, earliest, latest)
                presence = group_presence(context, shifts, incident, profession, slots)
                best += max((presence.named.get(s.index, 0) for s in slots), default=0)
                ok = [s for s in slots if any(context.home.get(sid) not in incident.wards and sid not in incident.involved_ids
                                              for sid in supporters_at.get(s.index, ()))]
                best_supported += max((presence.named.get(s.index, 0) for s in ok), default=0)
    c = report.counts
    return {"named": c["named"], "met": c["named_at_work"], "in_window": c["named_in_window"], "best_slot": best,
            "best_with_supporter": best_supported, "per_incident": report.worktime,
            "broken": sorted({v.rule for v in report.violations} - {"worktime_recounted"})}
