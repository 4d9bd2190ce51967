"""How long a stop takes, and where the time goes after the solver stops (issue 25, item 3).

Runs the app's own plan job (app_state/jobs.py PlanJob.run, in its worker thread, as the plan page
does) on a generated hospital, presses stop after `--stop-after` seconds of solving and records:
the stop → the solver returned (`solve_total` ends), → the plan made (rota, explanations, tables),
→ the plan saved to the draft. Progress snapshots are printed as the page would draw them.

    .venv/bin/python -m benchmarks.plan_stop /tmp/ty/L --stop-after 20 --time-limit 120
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--stop-after", type=float, default=20.0)
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args(argv)
    from app_state.jobs import PlanJob, SolverQueue
    from scheduler.io import load_paths
    from scheduler.model.demand import build_instance

    t0 = time.perf_counter()
    f = args.folder
    inputs = load_paths([f / "turnus.csv"], f / "supporters.csv", wards_path=f / "wards.csv", rules_path=f / "rules.toml")
    t1 = time.perf_counter()
    instance = build_instance(inputs)
    t2 = time.perf_counter()
    print(f"read {t1 - t0:.1f} s, instance {t2 - t1:.1f} s: {len(instance.wards)} wards, {len(instance.demand)} ward-slots")
    with tempfile.TemporaryDirectory() as tmp:
        job = PlanJob(time_limit=args.time_limit, draft_id="bench-draft-1", measure_limits=False)
        store = str(Path(tmp) / "store.sqlite3")
        from scheduler.store.publications import PublicationStore

        kept = PublicationStore(store)
        kept.save_draft("bench-draft-1", {}, {}, actor="lokal")
        thread = threading.Thread(target=job.run, args=(SolverQueue(), store, instance, [], None, None, False, "no"))
        thread.start()
        stopped_at = None
        while thread.is_alive():
            time.sleep(0.5)
            if stopped_at is not None and job.phase == "solving":  # where the solver's thread is after the stop
                frame = sys._current_frames().get(thread.ident)
                where = []
                while frame is not None:
                    if "/scheduler/" in frame.f_code.co_filename:
                        where.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {frame.f_code.co_name}")
                    frame = frame.f_back
                print("    in", " < ".join(where[:4]))
            p = dict(job.progress)
            print(f"  {job.elapsed():5.1f} s phase={job.phase!r:12} tier={p.get('tier_number')}/{p.get('tiers')} "
                  f"{p.get('tier')} value={p.get('objective')} bound={p.get('bound')}")
            if stopped_at is None and job.elapsed() >= args.stop_after:
                job.stop()
                stopped_at = job.stop_pressed
                print("  stop pressed")
        thread.join()
        if job.plan is None:
            print("no plan:", job.messages, job.failed)
            return 1
        timings = job.plan.summary.get("timings", {})
        solved = job.solving_since + timings.get("solve_total", 0.0)
        print(f"stop → solver returned: {solved - stopped_at:.2f} s" if stopped_at else "not stopped")
        print(f"stop → plan made (rota, explanations, tables): {job.solved - stopped_at:.2f} s" if stopped_at else "")
        print(f"stop → saved to the draft: {job.finished - stopped_at:.2f} s" if stopped_at else "")
        print("timings:", {k: round(v, 2) for k, v in timings.items()})
        print("marks:", {k: round(v - stopped_at, 2) for k, v in job.marks.items()} if stopped_at else job.marks)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
