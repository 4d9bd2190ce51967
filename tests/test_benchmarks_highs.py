"""The exact MIP (HiGHS) of the fairness tier agrees with our planner on a tiny hospital.

Skipped without the optional extra `bench` (highspy). highspy is never imported here: it clashes
with OR-Tools in one process, so the MIP runs in its own (benchmarks/highs_mip.py)."""

import importlib.util
import json
import math
import subprocess
import sys

import pytest

from benchmarks.child import check, load
from benchmarks.common import MARKER, ROOT
from scheduler.demo.files import write_canonical
from scheduler.demo.generate import generate
from scheduler.demo.shapes import SizeSpec
from scheduler.domain import SolverSettings
from scheduler.solve.planner import solve

TINY = SizeSpec(wards=6, weeks=3, staff=150, supporters=12, sites=2)


@pytest.mark.skipif(importlib.util.find_spec("highspy") is None, reason="highspy missing (pip install -e '.[bench]')")
def test_the_mip_proves_the_same_largest_ratio_as_our_planner(tmp_path) -> None:
    write_canonical(generate(TINY, seed=3), tmp_path)
    inputs, instance, _ = load(tmp_path)
    ours = solve(instance, settings=SolverSettings(time_limit=3, workers=1))
    ratio, staff = ours.tier("largest_load_ratio"), ours.tier("uncovered_staff_shifts")
    coverage = ours.tier("uncovered_ward_slots")
    assert ratio.optimal and coverage.optimal and staff.optimal
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.highs_mip", str(tmp_path), "--needed-hours", repr(ours.fairness.shares.needed_hours),
         "--uncovered", str(round(coverage.value)), "--uncovered-staff", str(round(staff.value)), "--time-limit", "30"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    mip = json.loads(next(line for line in proc.stdout.splitlines() if line.startswith(MARKER))[len(MARKER):])
    assert mip["status"] == "Optimal" and not mip["ortools_loaded"]
    assert math.ceil(mip["value"] * 1000 - 1e-6) == round(ratio.value * 1000)  # ours: thousandths, rounded up
    duties = {(s, int(t)) for s, t in mip["duties"]}
    checked = check(inputs, instance, duties)  # the MIP's rota through the independent checker
    assert checked["violations"] == 0
    assert checked["checker_counts"].get("uncovered") == round(coverage.value)
