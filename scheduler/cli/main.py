"""The command line (README, «Command line»): `scheduler check | solve | verify | outreach | generate |
history | report | publish | purge | whatif | outreach-status |
supervision-attendance` — the parser, and the dispatch of each command
to its module.

Each command's body is in its own module (solve.py: check and solve; verify.py; outreach.py;
history.py: history and report; store.py: publish and purge; whatif.py; outreach_status.py; the generator's
in scheduler.demo).
Here every error becomes its exit code (scheduler.cli.common): a message for a person (file, row,
column, what to do) — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from scheduler.cli.common import (
    EXIT_BUG,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_PINS,
    EXIT_STOPPED,
    STORE_HELP,
    echo,
    print_messages,
    store_location,
    usage_message,
)
from scheduler.cli.history import cmd_history, cmd_report
from scheduler.cli.outreach import cmd_outreach
from scheduler.cli.outreach_status import add_outreach_status_command, cmd_outreach_status
from scheduler.cli.solve import cmd_check, cmd_solve
from scheduler.cli.store import add_store_commands, cmd_publish, cmd_purge
from scheduler.cli.supervision import add_supervision_command, cmd_supervision_attendance
from scheduler.cli.verify import cmd_verify
from scheduler.cli.whatif import add_whatif_command, cmd_whatif
from scheduler.errors import InputError, PinConflict, SchedulerError, Stopped

__all__ = ["main", "build_parser"]


def _add_inputs(parser: argparse.ArgumentParser, turnus_required: bool = True) -> None:
    parser.add_argument("turnus", nargs="+" if turnus_required else "*", metavar="TURNUS",
                        help="turnus files (CSV or .xlsx, long or wide); FILE=WARD gives a whole file's ward")
    parser.add_argument("--supporters", type=Path, help="supporters.csv (trained peer supporters)")
    parser.add_argument("--wards", type=Path, help="wards.csv (department, site, minimum staffing)")
    parser.add_argument("--shift-codes", type=Path, help="shift_codes.csv overriding the built-in table")
    parser.add_argument("--rules", type=Path, help="rules.toml")
    parser.add_argument("--staff", type=Path, help="staff register (employee id, ward, name, profession)")
    parser.add_argument("--pins", type=Path, help="pins.csv: supporter_id,date,slot,action[,ward] (lock/forbid)")
    parser.add_argument("--lang", choices=("no", "en"), default="no",
                        help="language of messages, notices and rota.xlsx (default: no)")


def build_parser() -> argparse.ArgumentParser:
    from scheduler.demo.command import add_arguments as add_generate_arguments

    parser = argparse.ArgumentParser(
        prog="scheduler",
        description="Plan peer-support (kollegastøtte) duty from turnus files.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="read input files and print a reading report, without solving")
    _add_inputs(check)

    solve = sub.add_parser("solve", help="plan the support duty rota and write the output folder (docs/outputs.md)")
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
    solve.add_argument("--allow-empty", action="store_true",
                       help="write a rota even when nothing can be planned (no supporters or no demand)")
    solve.add_argument("--quiet", action="store_true", help="no progress on stderr")
    solve.add_argument("--public-url", metavar="URL",
                       help="the app's address as people reach it (https://kollegastotte.sykehus.no): each ward notice "
                            "gets a QR code that opens the call page for its ward (default: $KOLLEGASTOTTE_PUBLIC_URL)")
    solve.add_argument("--history", type=Path, metavar="FILE",
                       help="history file: what each supporter carried in earlier periods (docs/history.md)")
    solve.add_argument("--store", type=store_location, metavar="STORE",
                       help=STORE_HELP + "; earlier published rotas are history (docs/history.md)")

    verify = sub.add_parser("verify", help="re-check a written rota (or outreach plan) against its inputs "
                                           "(independent checker)")
    verify.add_argument("out", type=Path, metavar="DIR", help="folder written by `scheduler solve` or `scheduler outreach`")
    _add_inputs(verify, turnus_required=False)
    verify.add_argument("--allow-changed-inputs", action="store_true",
                        help="check the rota even against input files that differ from those it was made from")
    verify.add_argument("--previous", type=Path, metavar="DIR",
                        help="a re-plan: the previous rota it was made against (default: as summary.json names it)")
    verify.add_argument("--incidents", type=Path, help="outreach plan: the incidents.csv it was made from")
    verify.add_argument("--rota", type=Path, help="outreach plan: the rota folder it was planned around")

    outreach = sub.add_parser("outreach", help="plan who contacts the staff involved in serious incidents "
                                               "(docs/outreach.md)")
    outreach.add_argument("incidents", type=Path, metavar="INCIDENTS", help="incidents.csv")
    outreach.add_argument("--turnus", nargs="+", required=True, metavar="TURNUS",
                          help="turnus files (CSV or .xlsx, long or wide); FILE=WARD gives a whole file's ward")
    outreach.add_argument("--supporters", type=Path, required=True, help="supporters.csv")
    outreach.add_argument("--wards", type=Path, help="wards.csv")
    outreach.add_argument("--shift-codes", type=Path, help="shift_codes.csv overriding the built-in table")
    outreach.add_argument("--rules", type=Path, help="rules.toml")
    outreach.add_argument("--staff", type=Path, help="staff register (employee id, ward, name, profession)")
    outreach.add_argument("--rota", type=Path, help="folder of the published rota (`scheduler solve --out`): its "
                                                    "duties count against every limit and in fairness")
    outreach.add_argument("--defusing", action="store_true",
                          help="plan a same-day defusing (within 8 hours) for every incident, before the first talk")
    outreach.add_argument("--time-limit", type=float, default=10.0, help="seconds for the solver (default 10)")
    outreach.add_argument("--out", type=Path, required=True, help="output folder")
    outreach.add_argument("--lang", choices=("no", "en"), default="no", help="language of messages (default: no)")

    generate = sub.add_parser("generate", help="write a fictional hospital (S, M or L) for trying things out")
    add_generate_arguments(generate)

    history = sub.add_parser("history", help="write what each supporter carried, per period, as a history file")
    history.add_argument("--store", type=store_location, metavar="STORE", required=True, help=STORE_HELP)
    history.add_argument("--from", dest="first", type=_iso_date, metavar="DATE", help="first date (default: 12 months before --to)")
    history.add_argument("--to", dest="last", type=_iso_date, metavar="DATE", help="last date (default: today)")
    history.add_argument("--out", type=Path, required=True, metavar="FILE", help="the history file to write (CSV; never replaced)")
    history.add_argument("--lang", choices=("no", "en"), default="no", help="language of messages (default: no)")

    report = sub.add_parser("report", help="the report for the leadership: per quarter, counts only (docs/history.md)")
    report.add_argument("--store", type=store_location, metavar="STORE", required=True, help=STORE_HELP)
    report.add_argument("--from", dest="first", type=_iso_date, metavar="DATE", required=True, help="first date")
    report.add_argument("--to", dest="last", type=_iso_date, metavar="DATE", required=True, help="last date")
    report.add_argument("--out", type=Path, required=True, help="output folder (report.html, .pdf, .xlsx, .json)")
    report.add_argument("--names", action="store_true", help="include the table of supporters with names")
    report.add_argument("--supporters", type=Path, help="supporters.csv for the training status (default: as kept "
                                                        "with the newest rota)")
    report.add_argument("--lang", choices=("no", "en"), default="no", help="language of the report (default: no)")
    add_store_commands(sub)
    add_whatif_command(sub, _add_inputs)
    add_outreach_status_command(sub)
    add_supervision_command(sub)
    return parser


def _iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _cmd_generate(args: argparse.Namespace) -> int:
    from scheduler.demo.command import run

    try:
        return run(args)
    except ValueError as exc:
        raise InputError(usage_message(f"generate: {exc}", f"generate: {exc}")) from None


def _where(error: BaseException) -> str:
    """module:line of the innermost frame in this package (the message itself may quote input)."""
    tb = error.__traceback__
    where = ""
    while tb is not None:
        name = tb.tb_frame.f_globals.get("__name__", "")
        if name.startswith("scheduler"):
            where = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", "no")
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command == "solve":
            return cmd_solve(args)
        if args.command == "verify":
            return cmd_verify(args)
        if args.command == "outreach":
            return cmd_outreach(args)
        if args.command == "generate":
            return _cmd_generate(args)
        if args.command == "history":
            return cmd_history(args)
        if args.command == "report":
            return cmd_report(args)
        if args.command == "publish":
            return cmd_publish(args)
        if args.command == "purge":
            return cmd_purge(args)
        if args.command == "whatif":
            return cmd_whatif(args)
        if args.command == "outreach-status":
            return cmd_outreach_status(args)
        if args.command == "supervision-attendance":
            return cmd_supervision_attendance(args)
    except PinConflict as error:
        print_messages(error.messages, lang)
        return EXIT_PINS
    except InputError as error:
        print_messages(error.messages, lang)
        return EXIT_INPUT
    except Stopped:
        echo("Stoppet før den første planen var klar: ingenting er skrevet." if lang == "no" else
             "Stopped before the first rota was ready: nothing was written.")
        return EXIT_STOPPED
    except SchedulerError as error:  # not the input: the solver failed, or a bug of ours
        if lang == "no":
            echo(f"Løseren feilet: {error}. Dette er en feil hos oss, ikke i inndataene — meld den gjerne "
                 "med inndatafilene.")
        else:
            echo(f"The solver failed: {error}. This is a fault of ours, not of the input — please report it "
                 "with the input files.")
        return EXIT_BUG
    except OSError as error:
        echo(f"{'Kan ikke lese/skrive' if lang == 'no' else 'Cannot read/write'}: {error}")
        return EXIT_INPUT
    except Exception as error:  # a bug: say so plainly; the message may quote input, so only where it happened
        if lang == "no":
            echo(f"Uventet feil i programmet ({type(error).__name__} i {_where(error)}). Dette er en feil hos oss — "
                 "meld den gjerne med inndatafilene.")
        else:
            echo(f"Unexpected error ({type(error).__name__} in {_where(error)}). This is a bug — please report it "
                 "with the input files.")
        return EXIT_BUG
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
