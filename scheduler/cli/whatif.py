"""`scheduler whatif`: where to train the next supporters — the inputs read as for `solve`, the
sweep run on Dask (embedded, or `--cluster ADDRESS`), progress on stderr, the folder written
(docs/whatif.md)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from scheduler.cli.common import EXIT_OK, echo, print_reading, read_inputs, usage_message
from scheduler.errors import InputError, SchedulerError

__all__ = ["add_whatif_command", "cmd_whatif"]


def add_whatif_command(sub, add_inputs) -> None:
    whatif = sub.add_parser("whatif", help="where to train the next supporters: ranks wards (× profession) by what one "
                                           "more supporter there does for coverage and fairness (docs/whatif.md)")
    add_inputs(whatif)
    whatif.add_argument("--train", type=int, default=3, help="how many to propose (1–20, default 3)")
    whatif.add_argument("--time-limit", type=float, default=20.0,
                        help="seconds of solver time per evaluation (deterministic; default 20)")
    whatif.add_argument("--shortlist", type=int, default=None, help="candidates solved per round (default 6)")
    whatif.add_argument("--cluster", metavar="ADDRESS", help="an existing Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                                                            "(default: a local cluster on this machine's cores)")
    whatif.add_argument("--workers", type=int, help="processes of the local cluster (default: the cores)")
    whatif.add_argument("--serial", action="store_true", help="no cluster: evaluate one by one in this process")
    whatif.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    whatif.add_argument("--out", type=Path, required=True, help="output folder")


def _progress(lang: str):
    started = time.perf_counter()

    def show(done: int, planned: int, label: str) -> None:
        word = "vurdert" if lang == "no" else "evaluated"
        print(f"[{done}/{planned}] {word}: {label} {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)

    return show


def cmd_whatif(args: argparse.Namespace) -> int:
    from scheduler.domain import SolverSettings
    from scheduler.io.out_folder import check_output_folder
    from scheduler.model.readiness import blocking_errors, no_turnus_rows
    from scheduler.whatif.checked import check_evaluation
    from scheduler.whatif.cluster import dask_runner, serial_runner
    from scheduler.whatif.files import summary_text, write_whatif
    from scheduler.whatif.search import DEFAULT_SHORTLIST, sweep

    if args.supporters is None:
        raise InputError(usage_message("--supporters FILE is required for whatif", "--supporters FIL må oppgis for whatif"))
    if not 1 <= args.train <= 20:
        raise InputError(usage_message("--train must be 1–20", "--train må være 1–20"))
    shortlist = args.shortlist or DEFAULT_SHORTLIST
    if not 1 <= shortlist <= 200:
        raise InputError(usage_message("--shortlist must be 1–200", "--shortlist må være 1–200"))
    if not 0.1 <= args.time_limit <= 3600:
        raise InputError(usage_message("--time-limit must be 0.1–3600 seconds", "--time-limit må være 0,1–3600 sekunder"))
    if args.workers is not None and not 1 <= args.workers <= 64:
        raise InputError(usage_message("--workers must be 1–64", "--workers må være 1–64"))
    check_output_folder(args.out, "whatif")
    inputs = read_inputs(args)
    print_reading(inputs, args.lang)
    if inputs.turnus.empty:
        raise InputError(no_turnus_rows(inputs))
    blocking = blocking_errors(inputs)
    if blocking:
        raise InputError(blocking)
    settings = SolverSettings(time_limit=args.time_limit, workers=1, seed=args.seed, deterministic=True)
    progress = _progress(args.lang)
    started = time.perf_counter()
    if args.serial:
        result = sweep(inputs, args.train, settings, serial_runner(inputs, settings), shortlist=shortlist,
                       on_progress=progress)
    else:
        try:
            runner_context = dask_runner(inputs, settings, address=args.cluster, workers=args.workers)
            with runner_context as runner:
                result = sweep(inputs, args.train, settings, runner, shortlist=shortlist, on_progress=progress)
        except OSError as error:
            raise InputError(usage_message(f"cannot reach the Dask cluster {args.cluster}: {error}",
                                           f"får ikke kontakt med Dask-klyngen {args.cluster}: {error}")) from None
    problems = {p.rank: check_evaluation(inputs, p.after) for p in result.picks}
    problems = {rank: found for rank, found in problems.items() if found}
    if problems:  # a figure stated must be that of a valid rota: this would be a fault of ours
        raise SchedulerError(f"the independent checker refused proposal(s) {sorted(problems)}: {problems}")
    out = write_whatif(result, args.out, args.train, args.lang, checked=True)
    echo(summary_text(result, args.train, args.lang, checked=True).rstrip(), sys.stdout)
    seconds = time.perf_counter() - started
    echo((f"Skrevet til {out} ({seconds:.1f} s, {len(result.workers) or 1} arbeider(e))" if args.lang == "no"
          else f"Written to {out} ({seconds:.1f} s, {len(result.workers) or 1} worker(s))"), sys.stdout)
    return EXIT_OK
