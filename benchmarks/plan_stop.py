"""How long a stop takes, and whether a plan keeps its time limit (issue 25, items 1 and 3).

Runs the app's own plan job (app_state/jobs.py PlanJob.run, in its worker thread, as the plan page
does; the solve itself runs in the job's child process, so `cpu_seconds` and the collector's time
are the server's own) on a generated hospital, presses stop at the moments asked for and records the time from
the stop to the solver returning, to the plan made (rota, explanations, tables) and to the result
(the job finished: plan saved to the draft, or «stopped before the first rota»). `--at none` runs
to the time limit and records click → result against it, with the garbage collector's time.
The hospitals are the generator's (`scheduler generate --size L --seed 1 --out hospital-L`, the
same with `--size M` for `hospital-M`).

    .venv/bin/python -m benchmarks.plan_stop hospital-L --at build:2 --at tier:1+3 --at tier:3+1 --runs 3
    .venv/bin/python -m benchmarks.plan_stop hospital-L --at none --time-limit 30 --runs 3

A moment is `build:S` (S seconds after the job's turn came, while the model is built), `tier:N+S`
(S seconds after tier N began), `take` («use this rota now» as soon as the first fair rota is
shown, issue 20) or `none`. Every run records click → first fair rota shown (`click_to_first_fair`).

    .venv/bin/python -m benchmarks.plan_stop hospital-M --at take --at none --time-limit 60 --runs 3
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class _GcTime:
    """Seconds the garbage collector ran (gc.callbacks), and how many full collections."""

    seconds: float = 0.0
    full: int = 0
    _start: float = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.full += info.get("generation") == 2


def _due(moment: str, job, tier_started: dict[int, float]) -> bool:
    if moment == "none" or job.solving_since is None:
        return False
    if moment == "take":
        return job.interim is not None
    kind, _, when = moment.partition(":")
    if kind == "build":
        return job.phase == "building" and time.monotonic() - job.solving_since >= float(when)
    number, _, after = when.partition("+")
    began = tier_started.get(int(number))
    return began is not None and time.monotonic() - began >= float(after or 0)


def run_once(instance, moment: str, time_limit: float, store: str, draft: str) -> dict:
    from app_state.jobs import PlanJob, SolverQueue

    job = PlanJob(time_limit=time_limit, draft_id=draft, measure_limits=False)
    gc_time = _GcTime()
    gc.callbacks.append(gc_time)
    thread = threading.Thread(target=job.run, args=(SolverQueue(), store, instance, [], None, None, False, "no"))
    clicked, cpu = time.monotonic(), time.process_time()
    thread.start()
    tier_started: dict[int, float] = {}
    phase_at_stop = ""
    phases: list[tuple[str, float, float]] = []  # (phase, wall, CPU-s of the process) as each began
    while job.running:
        time.sleep(0.02)
        if not phases or phases[-1][0] != job.phase:
            phases.append((job.phase, time.monotonic(), time.process_time()))
        number = job.progress.get("tier_number")
        if number and number not in tier_started:
            tier_started[number] = time.monotonic()
        if job.stop_pressed is None and _due(moment, job, tier_started):
            phase_at_stop = f"{job.phase} tier {number or '-'}"
            job.take_now() if moment == "take" else job.stop()
    phases.append(("done", time.monotonic(), time.process_time()))
    thread.join()  # after «use this rota now» the solver winds down after the result
    gc.callbacks.remove(gc_time)
    out = {"moment": moment, "phase_at_stop": phase_at_stop, "plan": job.plan is not None,
           "stopped_before_plan": job.stopped_before_plan, "failed": job.failed,
           "click_to_result": job.finished - clicked,
           "click_to_first_fair": (job.first_interim_at - clicked) if getattr(job, "first_interim_at", None) else None,
           "cpu_seconds": time.process_time() - cpu, "gc_seconds": round(gc_time.seconds, 2), "gc_full": gc_time.full}
    # Each phase after the solve: wall seconds and the process's CPU seconds (the load apart).
    out["phase_wall_cpu"] = {a[0]: (round(b[1] - a[1], 2), round(b[2] - a[2], 2))
                             for a, b in zip(phases[:-1], phases[1:], strict=True) if a[0] in ("rota", "tables", "saving")}
    if job.stop_pressed is not None:
        out["stop_to_result"] = job.finished - job.stop_pressed
        if job.solved is not None:
            out["stop_to_plan_made"] = job.solved - job.stop_pressed
            out["plan_made_to_result"] = job.finished - job.solved  # sent from the child, saved to the draft
            if "received" in job.marks:
                out["plan_sent_seconds"] = job.marks["received"] - job.solved  # pickled, sent, read back
        if "rota" in job.marks:  # the solver returned (in the child since issue 25: the same clock)
            out["stop_to_solver_returned"] = job.marks["rota"] - job.stop_pressed
    if job.plan is not None:
        out["status"] = job.plan.result.status.value
        out["build_seconds"] = round(job.plan.result.build_seconds, 2)
        out["marks"] = {k: round(v - clicked, 2) for k, v in job.marks.items()}
        out["tiers"] = [(t.name, round(t.seconds, 1), t.status) for t in job.plan.result.tiers]
        out["timings"] = {k: round(v, 1) for k, v in job.plan.summary.get("timings", {}).items()}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--at", action="append", default=None, help="build:S, tier:N+S or none (repeatable)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args(argv)
    from scheduler.io import load_paths
    from scheduler.model.demand import build_instance
    from scheduler.store.publications import PublicationStore

    t0 = time.perf_counter()
    f = args.folder
    inputs = load_paths([f / "turnus.csv"], f / "supporters.csv", wards_path=f / "wards.csv", rules_path=f / "rules.toml")
    t1 = time.perf_counter()
    instance = build_instance(inputs)
    t2 = time.perf_counter()
    print(f"read {t1 - t0:.1f} s, instance {t2 - t1:.1f} s: {len(instance.wards)} wards, "
          f"{len(instance.demand)} ward-slots", flush=True)
    summary: dict[str, list[float]] = {}
    first: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store.sqlite3")
        PublicationStore(store).save_draft("bench-draft-1", {}, {}, actor="lokal")
        for moment in args.at or ["build:2"]:
            for _ in range(args.runs):
                row = run_once(instance, moment, args.time_limit, store, "bench-draft-1")
                print({k: round(v, 2) if isinstance(v, float) else v for k, v in row.items()}, flush=True)
                key = "stop_to_result" if moment != "none" else "click_to_result"
                summary.setdefault(moment, []).append(row.get(key, float("nan")))
                first.setdefault(moment, []).append(row.get("click_to_first_fair") or float("nan"))
    for moment, values in summary.items():
        what = "stop → result" if moment != "none" else f"click → result (limit {args.time_limit:g} s)"
        print(f"{moment}: {what} median {statistics.median(values):.2f} s of {[round(v, 2) for v in values]}; "
              f"click → first fair rota shown {[round(v, 2) for v in first[moment]]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
