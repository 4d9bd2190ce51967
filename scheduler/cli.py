"""Command line (SPEC §7): `scheduler check | solve | verify | generate`.

Exit codes: 0 success (also with uncovered ward-slots); 1 `verify` found hard-rule violations or
output files that disagree with assignments.csv; 2 bad input or usage — for `verify` also an
input or rota file that is missing, and inputs that are not those the rota was made from (their
SHA-256 differs from summary.json); 3 locked duties that cannot all be kept; 70 a bug (said
plainly). Every error is a message for a person (file, row, column, what to do) — never a traceback.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from scheduler.errors import InputError, PinConflict, SchedulerError

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT, EXIT_PINS, EXIT_BUG = 0, 1, 2, 3, 70


def _add_inputs(parser: argparse.ArgumentParser, turnus_required: bool = True) -> None:
    parser.add_argument("turnus", nargs="+" if turnus_required else "*", metavar="TURNUS",
                        help="turnus files (CSV or .xlsx, long or wide); FILE=WARD gives a whole file's ward")
    parser.add_argument("--supporters", type=Path, help="supporters.csv (trained peer supporters)")
    parser.add_argument("--wards", type=Path, help="wards.csv (department, site, minimum staffing)")
    parser.add_argument("--shift-codes", type=Path, help="shift_codes.csv overriding the built-in table")
    parser.add_argument("--rules", type=Path, help="rules.toml")
    parser.add_argument("--staff", type=Path, help="staff register (employee id, ward, name, profession)")
    parser.add_argument("--pins", type=Path, help="pins.csv: supporter_id,date,slot,action[,ward] (lock/forbid)")
    parser.add_argument("--lang", choices=("no", "en"), default="no", help="language of messages (default: no)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scheduler",
        description="Plan peer-support (kollegastøtte) duty from turnus files (SPEC §7).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="read input files and print a reading report, without solving")
    _add_inputs(check)

    solve = sub.add_parser("solve", help="plan the support duty rota and write SPEC §5 outputs")
    _add_inputs(solve)
    solve.add_argument("--out", type=Path, required=True, help="output folder")
    solve.add_argument("--previous", type=Path, help="folder of a published rota: change as few duties as possible")
    solve.add_argument("--time-limit", type=float, help="seconds for the whole solve (default: rules, 60)")
    solve.add_argument("--workers", type=int, help="CP-SAT workers (default: rules, 1)")
    solve.add_argument("--seed", type=int, help="random seed (default 0)")
    solve.add_argument("--deterministic", action="store_true",
                       help="repeatable results: deterministic time instead of wall time")
    solve.add_argument("--no-limit-analysis", action="store_true",
                       help="skip measuring which limits bind (saves time)")
    solve.add_argument("--quiet", action="store_true", help="no progress on stderr")

    verify = sub.add_parser("verify", help="re-check a written rota against its inputs (independent checker)")
    verify.add_argument("out", type=Path, metavar="DIR", help="folder written by `scheduler solve`")
    _add_inputs(verify, turnus_required=False)
    verify.add_argument("--allow-changed-inputs", action="store_true",
                        help="check the rota even against input files that differ from those it was made from")

    generate = sub.add_parser("generate", help="write a fictional hospital (S, M or L) for trying things out")
    generate.add_argument("args", nargs=argparse.REMAINDER, help="see `python -m scheduler.generate --help`")
    return parser


def _load(args: argparse.Namespace):
    from scheduler.io import load_paths

    return load_paths(
        args.turnus,
        args.supporters,
        wards_path=args.wards,
        shift_codes_path=args.shift_codes,
        rules_path=args.rules,
        staff_path=args.staff,
        pins_path=args.pins,
    )


def _print_messages(messages, lang: str) -> None:
    for m in messages:
        print(m.render(lang), file=sys.stderr)


def _cmd_check(args: argparse.Namespace) -> int:
    from scheduler.io import format_reports

    inputs = _load(args)
    print(format_reports(inputs.reports, args.lang))
    return EXIT_INPUT if inputs.errors and inputs.turnus.empty else EXIT_OK


class _Progress:
    """One line per improvement on stderr: tier, value, bound, gap, coverage, elapsed."""

    def __init__(self, lang: str, quiet: bool) -> None:
        self.lang = lang
        self.quiet = quiet
        self.tty = sys.stderr.isatty()

    def __call__(self, p) -> None:
        if self.quiet:
            return
        no = self.lang == "no"
        cover = f" {'dekning' if no else 'coverage'} {p.coverage:.1%}" if p.coverage is not None else ""
        head = f"[{p.tier_number}/{p.tiers} {p.tier}]"
        if p.solutions == 0:
            line = f"{head} {'grense' if no else 'bound'} {p.bound:g} ({'ingen løsning ennå' if no else 'no solution yet'}) {p.elapsed:.1f}s"
        else:
            line = (f"{head} {'løsning' if no else 'solution'} {p.solutions}: {p.objective:g} "
                    f"({'grense' if no else 'bound'} {p.bound:g}, gap {p.gap:.1%}){cover} {p.elapsed:.1f}s")
        print(line, file=sys.stderr, flush=True)


def _cmd_solve(args: argparse.Namespace) -> int:
    from scheduler.demand import build_instance
    from scheduler.io.out_folder import check_output_folder
    from scheduler.io.outputs import read_rota_tables
    from scheduler.plan import make_plan, write_plan
    from scheduler.solve import SolveControl

    if args.supporters is None:
        raise InputError(_usage_message("--supporters FILE is required for solve", "--supporters FIL må oppgis for solve"))
    check_output_folder(args.out)  # before any work: never replace a folder of the user's
    started = time.perf_counter()
    inputs = _load(args)
    read_seconds = time.perf_counter() - started
    if inputs.errors:
        _print_messages(inputs.errors, args.lang)
    if inputs.turnus.empty:
        raise InputError(_usage_message("no turnus rows could be read", "ingen turnusrader kunne leses"))
    instance = build_instance(inputs)
    settings = instance.rules.solver
    update = {k: v for k, v in {"time_limit": args.time_limit, "workers": args.workers, "seed": args.seed}.items() if v is not None}
    if args.deterministic:
        update |= {"deterministic": True, "workers": 1}
    settings = settings.model_copy(update=update)
    previous = read_rota_tables(args.previous)[1] if args.previous else None
    control = SolveControl()
    signal.signal(signal.SIGINT, lambda *_: control.stop())
    progress = _Progress(args.lang, args.quiet)
    plan = make_plan(
        instance, pins=inputs.pins, previous=previous, settings=settings, on_progress=progress, control=control,
        measure_limits=not args.no_limit_analysis, lang=args.lang,
        timings={"read": read_seconds, "instance": time.perf_counter() - started - read_seconds},
    )
    if plan.result.status == "INFEASIBLE":
        raise PinConflict(_usage_message(
            "the locked duties cannot all be kept within the limits (e.g. two locks on one day); remove some locks",
            "de låste vaktene kan ikke alle holdes innenfor grensene (f.eks. to låser samme dag); fjern noen låser"))
    plan.summary["inputs"] = {"turnus": [_absolute(t) for t in args.turnus], **{k: str(getattr(args, k).resolve()) for k in
                              ("supporters", "wards", "shift_codes", "rules", "staff", "pins") if getattr(args, k)}}
    written = write_plan(plan, args.out, args.lang)
    if not args.quiet:
        _print_summary(plan, written, args.lang)
    return EXIT_OK


def _absolute(spec: str) -> str:
    """A turnus argument (maybe FILE=WARD) with an absolute path, so `verify DIR` finds it later."""
    path, sep, ward = spec.rpartition("=") if "=" in spec and not Path(spec).exists() else (spec, "", "")
    return str(Path(path).resolve()) + (f"={ward}" if sep else "")


def _print_summary(plan, out: Path, lang: str) -> None:
    no = lang == "no"
    c = plan.summary["counts"]
    print(f"{'Status' if no else 'Status'}: {plan.result.status}", file=sys.stderr)
    for t in plan.result.tiers:
        label = t.label_no if no else t.label_en
        print(f"  {label}: {t.value:g} ({'grense' if no else 'bound'} {t.bound:g}, {t.status})", file=sys.stderr)
    print(f"{'Dekket' if no else 'Covered'} {c['covered']}/{c['ward_slots']} "
          f"{'post-vakter' if no else 'ward-slots'}; {c['duties']} {'vakter' if no else 'duties'}", file=sys.stderr)
    for e in plan.limits[:3]:
        if e.gain > 0:
            print(f"  {e.label_no if no else e.label_en}: +{e.gain} {'dekket' if no else 'covered'}", file=sys.stderr)
    print(f"{'Skrevet til' if no else 'Written to'} {out}", file=sys.stderr)


def _cmd_verify(args: argparse.Namespace) -> int:
    from scheduler.verify import format_verify_report, verify_dir

    summary_path = args.out / "summary.json"
    if not args.turnus:
        if not summary_path.exists():
            raise InputError(_usage_message(f"{summary_path} not found: give the input files", f"{summary_path} finnes ikke: oppgi inndatafilene"))
        try:
            saved = json.loads(summary_path.read_text(encoding="utf-8")).get("inputs", {})
        except (ValueError, AttributeError) as error:
            raise InputError(_usage_message(f"{summary_path} cannot be read ({error}): give the input files",
                                            f"{summary_path} kan ikke leses ({error}): oppgi inndatafilene")) from error
        turnus = saved.get("turnus", []) if isinstance(saved, dict) else None
        if not isinstance(turnus, list) or not all(isinstance(t, str) for t in turnus):
            raise InputError(_usage_message(f"{summary_path}: «inputs» does not list the turnus files: give the input files",
                                            f"{summary_path}: «inputs» lister ikke turnusfilene: oppgi inndatafilene"))
        args.turnus = turnus
        for key in ("supporters", "wards", "shift_codes", "rules", "staff", "pins"):
            if getattr(args, key) is None and isinstance(saved.get(key), str) and saved[key]:
                setattr(args, key, Path(saved[key]))
    if args.supporters is None:
        raise InputError(_usage_message("--supporters FILE is required", "--supporters FIL må oppgis"))
    # Every file must be there, and be a plain file (a path in summary.json could name a device).
    missing = [spec for spec in args.turnus if not Path(spec).is_file() and not Path(spec.rsplit("=", 1)[0]).is_file()]
    missing += [str(getattr(args, key)) for key in ("supporters", "wards", "shift_codes", "rules", "staff", "pins")
                if getattr(args, key) is not None and not getattr(args, key).is_file()]
    missing += [str(args.out / name) for name in ("assignments.csv", "duties.csv") if not (args.out / name).is_file()]
    if missing:
        raise InputError([_usage_message(f"{path}: file missing (or not a plain file) — nothing was checked",
                                         f"{path}: fila mangler (eller er ikke en vanlig fil) — ingenting er kontrollert")
                          for path in missing])
    inputs = _load(args)
    report = verify_dir(args.out, inputs, allow_changed_inputs=args.allow_changed_inputs)
    print(format_verify_report(report, args.lang))
    return EXIT_OK if report.ok else EXIT_VIOLATIONS


def _usage_message(en: str, no: str):
    from scheduler.io.types import Message, Severity

    return Message(severity=Severity.ERROR, text_no=no, text_en=en)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "solve":
            return _cmd_solve(args)
        if args.command == "verify":
            return _cmd_verify(args)
        if args.command == "generate":
            from scheduler.generate import main as generate_main

            return generate_main(args.args) or EXIT_OK
    except PinConflict as error:
        _print_messages(error.messages, getattr(args, "lang", "no"))
        return EXIT_PINS
    except InputError as error:
        _print_messages(error.messages, getattr(args, "lang", "no"))
        return EXIT_INPUT
    except SchedulerError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as error:
        print(f"{'Kan ikke lese/skrive' if getattr(args, 'lang', 'no') == 'no' else 'Cannot read/write'}: {error}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as error:  # a bug: say so plainly, keep the details for a report
        if getattr(args, "lang", "no") == "no":
            print(f"Uventet feil i programmet ({type(error).__name__}: {error}). Dette er en feil hos oss — "
                  "meld den gjerne med inndatafilene.", file=sys.stderr)
        else:
            print(f"Unexpected error ({type(error).__name__}: {error}). This is a bug — please report it "
                  "with the input files.", file=sys.stderr)
        return EXIT_BUG
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
