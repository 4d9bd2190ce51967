"""Command line (README, "Command line"): `scheduler check | solve | verify | outreach | generate | history | report
| publish | purge`.

Exit codes: 0 success (also with uncovered ward-slots); 1 `verify` found hard-rule violations or
output files that disagree with assignments.csv; 2 bad input or usage (also: nothing to plan,
unless `--allow-empty`) — for `verify` also an input or rota file that is missing, and inputs
that are not those the rota was made from (their SHA-256 differs from summary.json); 3 locked
duties that cannot all be kept; 70 a bug or a solver fault the input does not explain (said plainly). Every error is a message for a person
(file, row, column, what to do) — never a traceback.

What reaches the terminal: messages quote the cell that was wrong (an id, a date, a code, a
number), never a whole row and never a name; anything printed has its control characters shown
as `?`, so a file cannot send escape codes to the terminal (docs/inputs.md).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from scheduler.cli.store import add_store_commands, cmd_publish, cmd_purge
from scheduler.errors import InputError, PinConflict, SchedulerError

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT, EXIT_PINS, EXIT_BUG = 0, 1, 2, 3, 70
#: Messages of each severity printed by `solve`; all of them are in reading_report.json.
SHOWN_MESSAGES = 10
_INPUT_KEYS = ("supporters", "wards", "shift_codes", "rules", "staff", "pins")


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
    solve.add_argument("--history", type=Path, metavar="FILE",
                       help="history file: what each supporter carried in earlier periods (docs/history.md)")
    solve.add_argument("--store", type=Path, metavar="DB",
                       help="the app's store: earlier published rotas are history (docs/history.md)")

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
    history.add_argument("--store", type=Path, metavar="DB", required=True, help="the app's store (SQLite file)")
    history.add_argument("--from", dest="first", type=_iso_date, metavar="DATE", help="first date (default: 12 months before --to)")
    history.add_argument("--to", dest="last", type=_iso_date, metavar="DATE", help="last date (default: today)")
    history.add_argument("--out", type=Path, required=True, metavar="FILE", help="the history file to write (CSV; never replaced)")
    history.add_argument("--lang", choices=("no", "en"), default="no", help="language of messages (default: no)")

    report = sub.add_parser("report", help="the report for the leadership: per quarter, counts only (docs/history.md)")
    report.add_argument("--store", type=Path, metavar="DB", required=True, help="the app's store (SQLite file)")
    report.add_argument("--from", dest="first", type=_iso_date, metavar="DATE", required=True, help="first date")
    report.add_argument("--to", dest="last", type=_iso_date, metavar="DATE", required=True, help="last date")
    report.add_argument("--out", type=Path, required=True, help="output folder (report.html, .pdf, .xlsx, .json)")
    report.add_argument("--names", action="store_true", help="include the table of supporters with names")
    report.add_argument("--supporters", type=Path, help="supporters.csv for the training status (default: as kept "
                                                        "with the newest rota)")
    report.add_argument("--lang", choices=("no", "en"), default="no", help="language of the report (default: no)")
    add_store_commands(sub)
    return parser


def _iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _echo(text: str, stream=None) -> None:
    """Print for a person: control characters (escape codes from a file) shown as `?`."""
    from scheduler.io.cleaning import printable

    print(printable(text), file=stream or sys.stderr, flush=True)


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
        _echo(m.render(lang))


def _print_reading(inputs, lang: str) -> None:
    """A count of the reading's errors and warnings, then the first SHOWN_MESSAGES of each (all of
    them: `scheduler check`, and reading_report.json in the output folder when a rota is written)."""
    no = lang == "no"
    for severity, one_no, many_no, many_en in (("error", "feil", "feil", "errors"),
                                               ("warning", "advarsel", "advarsler", "warnings")):
        found = [m for m in inputs.messages if m.severity.value == severity]
        if not found:
            continue
        word = (one_no if len(found) == 1 else many_no) if no else (severity if len(found) == 1 else many_en)
        _echo(f"{'Lesing' if no else 'Reading'}: {len(found)} {word}")
        for m in found[:SHOWN_MESSAGES]:
            _echo(f"  [{one_no if no else severity}] {m.render(lang)}")
        if len(found) > SHOWN_MESSAGES:
            rest = len(found) - SHOWN_MESSAGES
            more = ("til; `scheduler check` viser alle, og reading_report.json i utmappen" if no else
                    "more; `scheduler check` shows them all, and reading_report.json in the output folder")
            _echo(f"  … {rest} {more}")


def _cmd_check(args: argparse.Namespace) -> int:
    from scheduler.io import format_reports
    from scheduler.model.readiness import blocking_errors, no_turnus_rows

    inputs = _load(args)
    _echo(format_reports(inputs.reports, args.lang), sys.stdout)
    blocking = blocking_errors(inputs)
    if blocking or inputs.turnus.empty:
        named = {m.file for m in blocking}
        _print_messages([*blocking, *(m for m in no_turnus_rows(inputs) if m.file not in named)], args.lang)
        return EXIT_INPUT
    return EXIT_OK


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
    from scheduler.io.out_folder import check_output_folder
    from scheduler.io.outputs import previous_duties_checksum, read_previous_duties
    from scheduler.model.demand import build_instance
    from scheduler.model.readiness import (
        blocking_errors,
        loud_warnings,
        no_turnus_rows,
        nothing_to_plan,
        previous_rota_problems,
        reading_report,
    )
    from scheduler.report.folder import write_plan
    from scheduler.solve.plan import make_plan
    from scheduler.solve.planner import SolveControl

    if args.supporters is None:
        raise InputError(_usage_message("--supporters FILE is required for solve", "--supporters FIL må oppgis for solve"))
    check_output_folder(args.out)  # before any work: never replace a folder of the user's
    started = time.perf_counter()
    inputs = _load(args)
    extra_history = _read_history_file(args, inputs)
    read_seconds = time.perf_counter() - started
    _print_reading(inputs, args.lang)
    if inputs.turnus.empty:
        raise InputError(no_turnus_rows(inputs))
    blocking = blocking_errors(inputs, allow_empty=args.allow_empty)
    if blocking:
        raise InputError(blocking)
    _carry_history(args, inputs, extra_history)
    instance = build_instance(inputs)
    empty = nothing_to_plan(inputs, instance)
    if empty and not args.allow_empty:
        raise InputError(empty)
    checks = [*loud_warnings(inputs, instance), *empty]
    previous, previous_sha = None, ""
    if args.previous:
        previous = read_previous_duties(args.previous)
        previous_sha = previous_duties_checksum(args.previous)
        errors, warnings = previous_rota_problems(previous, instance, file=str(args.previous / "duties.csv"))
        if errors:
            raise InputError(errors)
        checks += warnings
    for m in checks:
        _echo(f"!! {m.render(args.lang)}")
    _print_training(instance, args.lang)
    settings = instance.rules.solver
    update = {k: v for k, v in {"time_limit": args.time_limit, "workers": args.workers, "seed": args.seed}.items() if v is not None}
    if args.deterministic:
        update |= {"deterministic": True, "workers": 1}
    settings = _checked_settings(settings, update)
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
                              _INPUT_KEYS if getattr(args, k)}}
    if args.previous:  # `verify` counts the changes against this very file (docs/outputs.md)
        plan.summary["inputs"]["previous"] = str(args.previous.resolve())
        plan.summary["previous_duties_sha256"] = previous_sha
    report = reading_report(inputs, checks)
    plan.summary["reading"] = report["counts"]
    extra = {"reading_report.json": json.dumps(report, indent=1, ensure_ascii=False, default=str).encode("utf-8")}
    write_started = time.perf_counter()
    written = write_plan(plan, args.out, args.lang, extra_files=extra)
    write_seconds = time.perf_counter() - write_started
    if not args.quiet:
        _print_summary(plan, written, args.lang, write_seconds)
    return EXIT_OK


def _read_history_file(args: argparse.Namespace, inputs) -> list:
    """`--history FILE`: its rows, its reading report joined to the others (printed, and in reading_report.json)."""
    if args.history is None:
        return []
    from scheduler.io.history import read_history
    from scheduler.io.load import source_of

    source, problem = source_of(args.history, "history")
    if source is None:
        inputs.reports.append(problem)
        return []
    rows, report = read_history(source)
    inputs.reports.append(report)
    return rows


def _carry_history(args: argparse.Namespace, inputs, extra: list) -> None:
    """History for the period planned (docs/history.md): the store's published rotas (`--store`)
    and a history file's rows (`--history`), over the rules' `history_months` before it."""
    if args.store is None and not extra:
        return
    from scheduler.history.carried import history_from
    from scheduler.model.demand import horizon

    first, _ = horizon(inputs.turnus, inputs.rules)
    source = _history_store(args.store, args.lang) if args.store is not None else _NoStore()
    inputs.history, _ = history_from(source, first, inputs.rules, extra)
    h = inputs.history
    if not args.quiet:
        if args.lang == "no":
            _echo(f"Historikk {h.first}–{h.last}: {h.periods} perioder, {len(h.carried)} kollegastøtter; "
                  f"history_weight {inputs.rules.history_weight:g}.")
        else:
            _echo(f"History {h.first}–{h.last}: {h.periods} periods, {len(h.carried)} supporters; "
                  f"history_weight {inputs.rules.history_weight:g}.")


class _NoStore:
    """History from a file alone: no published rotas, no imports kept, no contacts."""

    def published_periods(self, first, last):
        return []

    def imported_loads(self, first, last):
        return []

    def contacts(self, first, last):
        return {}


def _history_store(path: Path, lang: str):
    """The store named by `--store`; it must exist (a mistyped path would otherwise be an empty history)."""
    from scheduler.store.history import HistoryStore

    if not path.is_file():
        raise InputError(_usage_message(f"{path}: no such store (the app's SQLite file)",
                                        f"{path}: databasen finnes ikke (appens SQLite-fil)"))
    return HistoryStore(path)


def _print_training(instance, lang: str) -> None:
    """Training that ran out, runs out in or soon after the period, and refreshers due (docs/history.md)."""
    from scheduler.history.training import training_notes

    if not instance.slots:
        return
    for note in training_notes(instance.supporters, instance.slots[0].date, instance.slots[-1].date):
        _echo(f"{'!! ' if note.warning else ''}{note.text(lang)}")


def _cmd_history(args: argparse.Namespace) -> int:
    import datetime as dt

    from scheduler.history.carried import (
        history_frame,
        history_window,
        period_loads,
        with_fair_shares,
    )
    from scheduler.localtime import today

    last = args.last or today()
    first = args.first or history_window(last + dt.timedelta(days=1), 12)[0]
    if first > last:
        raise InputError(_usage_message("--from is after --to", "--from er etter --to"))
    if args.out.exists():
        raise InputError(_usage_message(f"{args.out} exists; it is not replaced (nothing is lost): give a new file name",
                                        f"{args.out} finnes; den blir ikke erstattet (ingenting går tapt): oppgi et nytt filnavn"))
    store = _history_store(args.store, args.lang)
    loads = period_loads(store.published_periods(first, last), with_fair_shares(store.imported_loads(first, last)), first, last)
    frame = history_frame(loads)
    _write_new_file(args.out, frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    _echo(f"{'Skrevet til' if args.lang == 'no' else 'Written to'} {args.out} ({len(frame)} "
          f"{'rader' if args.lang == 'no' else 'rows'}, {first}–{last})")
    return EXIT_OK


def _write_new_file(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, whole or not at all: a full disk or a kill leaves no
    empty or half file behind (a retry would refuse it), and a file that appeared meanwhile is kept."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.link(temporary, path)  # fails if `path` exists: never replaces
    finally:
        Path(temporary).unlink(missing_ok=True)


def _cmd_report(args: argparse.Namespace) -> int:
    from scheduler.io.out_folder import check_output_folder
    from scheduler.localtime import now_iso, shown
    from scheduler.report.leadership import build_report
    from scheduler.report.leadership_folder import write_report

    if args.first > args.last:
        raise InputError(_usage_message("--from is after --to", "--from er etter --to"))
    if (args.last - args.first).days > 3 * 366:
        raise InputError(_usage_message("a report covers at most three years", "en rapport gjelder høyst tre år"))
    check_output_folder(args.out, "report")
    store = _history_store(args.store, args.lang)
    supporters = None
    if args.supporters is not None:
        from scheduler.io.load import source_of
        from scheduler.io.supporters import read_supporters

        source, problem = source_of(args.supporters, "supporters")
        if source is None:
            raise InputError(problem.messages)
        supporters, reading = read_supporters(source)
        _print_messages(reading.messages, args.lang)
    report = build_report(store.publications(args.first, args.last), args.first, args.last,
                          contacts=store.contacts_total, supporters=supporters)
    out, pdf = write_report(report, args.out, args.lang, names=args.names, made=shown(now_iso(), args.lang))
    if not pdf:
        _echo("Ingen PDF: WeasyPrint (eller Pango) er ikke installert; skriv ut report.html fra nettleseren."
              if args.lang == "no" else
              "No PDF: WeasyPrint (or Pango) is not installed; print report.html from a browser.")
    _echo(f"{'Skrevet til' if args.lang == 'no' else 'Written to'} {out}")
    return EXIT_OK


def _checked_settings(settings, update: dict):
    """The solver settings with the command line's values, each within its allowed range."""
    from pydantic import ValidationError

    from scheduler.domain import SolverSettings
    from scheduler.io.records import allowed_range

    try:
        return SolverSettings.model_validate(settings.model_dump() | update)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        option = {"time_limit": "--time-limit", "workers": "--workers", "seed": "--seed"}.get(field, field)
        span = allowed_range(SolverSettings, field)
        raise InputError(_usage_message(f"{option} must be in {span}", f"{option} må være i {span}")) from None


def _absolute(spec: str) -> str:
    """A turnus argument (maybe FILE=WARD) with an absolute path, so `verify DIR` finds it later."""
    path, sep, ward = spec.rpartition("=") if "=" in spec and not Path(spec).exists() else (spec, "", "")
    return str(Path(path).resolve()) + (f"={ward}" if sep else "")


def _print_summary(plan, out: Path, lang: str, write_seconds: float = 0.0) -> None:
    """The run in a few lines: every tier with its proven bound, fairness and its price, times."""
    no = lang == "no"
    c = plan.summary["counts"]
    print(f"{'Status' if no else 'Status'}: {plan.result.status}", file=sys.stderr)
    for t in plan.result.tiers:
        label = t.label_no if no else t.label_en
        print(f"  {label}: {t.value:g} ({'grense' if no else 'bound'} {t.bound:g}, {t.status})", file=sys.stderr)
    print(f"{'Dekket' if no else 'Covered'} {c['covered']}/{c['ward_slots']} "
          f"{'post-vakter' if no else 'ward-slots'}; {c['duties']} {'vakter' if no else 'duties'}", file=sys.stderr)
    fair = plan.summary.get("fairness") or {}
    if fair:
        flag, held = fair["flag_ratio"], fair.get("above_flag_forced", 0)
        # Said only when some are: a proven optimum above the line holds *someone* there without
        # naming who, so "0 held there" would read as "none needed to be".
        held_text = (f", {held} {'av dem holdt der av dekningen' if no else 'of them held there by coverage'}"
                     if held else "")
        print(f"{'Travleste' if no else 'Busiest'}: {fair['largest_ratio']:.3g} × "
              f"{'rettferdig andel' if no else 'fair share'} ({'bevist nedre grense' if no else 'proven lower bound'} "
              f"{fair['largest_ratio_bound']:.3g}); {fair['supporters_above_flag']} "
              f"{'over' if no else 'above'} {flag:g} ×{held_text}", file=sys.stderr)
        if fair.get("price_of_fairness_found") is not None:
            extra, fewest = fair["price_of_fairness_found"], fair["fewest_duties"]
            print(f"{'Prisen for rettferdighet' if no else 'Price of fairness'}: +{extra} "
                  f"{'vakter over færrest mulige' if no else 'duties over the fewest possible'} ({fewest})", file=sys.stderr)
        else:
            extra, fewest = fair["price_of_fairness_at_most"], fair["fewest_duties_bound"]
            print(f"{'Prisen for rettferdighet' if no else 'Price of fairness'}: {'høyst' if no else 'at most'} +{extra} "
                  f"({'færrest mulige ≥' if no else 'fewest possible ≥'} {fewest})", file=sys.stderr)
        if fair.get("fewest_duties_at_fairness_bound"):
            needed = fair["fewest_duties_at_fairness_bound"]
            print(f"  {'så jevn fordeling krever minst' if no else 'a burden this even needs at least'} {needed} "
                  f"{'vakter (bevist); denne planen har' if no else 'duties (proven); this rota has'} {fair['duties']}",
                  file=sys.stderr)
    for e in plan.limits[:3]:
        if e.gain > 0:
            print(f"  {e.label_no if no else e.label_en}: +{e.gain} {'dekket' if no else 'covered'}", file=sys.stderr)
    times = plan.summary.get("timings", {})
    print(f"{'Tid' if no else 'Time'}: {'lese' if no else 'read'} {times.get('read', 0):.1f} s, "
          f"{'planlegge' if no else 'plan'} {times.get('solve_total', 0):.1f} s, "
          f"{'grenser' if no else 'limits'} {times.get('limits', 0):.1f} s, "
          f"{'skrive' if no else 'write'} {write_seconds:.1f} s", file=sys.stderr)
    _echo(f"{'Skrevet til' if no else 'Written to'} {out}")


def _outreach_inputs(args: argparse.Namespace, turnus: list[str]):
    """The rota inputs named by `outreach` or `verify` of an outreach plan."""
    from scheduler.io import load_paths

    return load_paths(turnus, args.supporters, wards_path=args.wards, shift_codes_path=args.shift_codes,
                      rules_path=args.rules, staff_path=args.staff)


def _incident_problems(report) -> list:
    """An incidents file with an error is not planned at all: no incident is left out silently."""
    from scheduler.errors import Message, Severity

    if not report.errors:
        return []
    return [*report.errors, Message(
        severity=Severity.ERROR, file=report.file,
        text_no=f"Hendelseslista har {len(report.errors)} feil; ingenting er planlagt, så ingen hendelse blir "
                "stående uten kontakt uten at det sies.",
        text_en=f"The incidents file has {len(report.errors)} errors; nothing was planned, so no incident is left "
                "without contact unsaid.", fix_no="Rett feilene over og kjør igjen.", fix_en="Correct the errors above "
                "and run again.")]


def _checked_incidents(path: Path, inputs, wards, slots):
    """The incidents file read and checked against the people, wards and period of the run (the
    same for planning and for checking a plan); refuses with every problem named."""
    from scheduler.io.incidents import check_incidents, read_incidents_path

    incidents, report, digest = read_incidents_path(path, employees=inputs.employees, supporters=inputs.supporters)
    period = (slots[0].date, slots[-1].date) if slots else None
    incidents = check_incidents(incidents, report, employees=inputs.employees, wards=wards,
                                supporters=inputs.supporters, period=period)
    problems = _incident_problems(report)
    if problems:
        raise InputError(problems)
    return incidents, report, digest


def _cmd_outreach(args: argparse.Namespace) -> int:
    from scheduler.domain import SolverSettings
    from scheduler.io.out_folder import check_output_folder
    from scheduler.io.rota_folder import read_published_rota, rota_pairs
    from scheduler.model.demand import build_instance
    from scheduler.model.readiness import blocking_errors, no_turnus_rows, reading_report
    from scheduler.outreach.files import write_outreach_folder
    from scheduler.outreach.plan import plan_outreach

    if args.rota is not None and args.out.resolve() == args.rota.resolve():
        raise InputError(_usage_message("--out must not be the --rota folder: the rota would be replaced",
                                        "--out kan ikke være mappen i --rota: vaktplanen ville blitt erstattet"))
    check_output_folder(args.out, "outreach")  # before any work: never replace a folder of the user's
    if not 0 < args.time_limit <= 3600:
        raise InputError(_usage_message("--time-limit must be in 0 < x ≤ 3600", "--time-limit må være i 0 < x ≤ 3600"))
    started = time.perf_counter()
    inputs = _outreach_inputs(args, args.turnus)
    _print_reading(inputs, args.lang)
    if inputs.turnus.empty:
        raise InputError(no_turnus_rows(inputs))
    blocking = blocking_errors(inputs)
    if blocking:
        raise InputError(blocking)
    instance = build_instance(inputs)
    incidents, report, digest = _checked_incidents(args.incidents, inputs, instance.wards, instance.slots)
    if not incidents:
        raise InputError(_usage_message(f"{args.incidents}: no incident to plan", f"{args.incidents}: ingen hendelse å planlegge"))
    for m in report.messages:
        _echo(f"!! {m.render(args.lang)}")
    if args.defusing:
        incidents = [i.model_copy(update={"defusing": True}) for i in incidents]
    pairs: list[tuple[str, int]] = []
    needed = None
    if args.rota is not None:
        rota = read_published_rota(args.rota)
        pairs, left = rota_pairs(instance, rota.duties)
        needed = rota.needed_hours
        for m in rota.messages:
            _echo(f"!! {m.render(args.lang)}")
        if left:
            _echo(f"!! {args.rota}: {left} " + ("støttevakter ligger utenfor turnusperioden og telles ikke" if args.lang == "no"
                                                else "duties lie outside the turnus period and are not counted"))
    read_seconds = time.perf_counter() - started
    plan = plan_outreach(instance, incidents, pairs, needed_hours=needed,
                         settings=SolverSettings(time_limit=args.time_limit, workers=1))
    named = {"turnus": [_absolute(t) for t in args.turnus], "incidents": str(args.incidents.resolve()),
             **{k: str(getattr(args, k).resolve()) for k in ("supporters", "wards", "shift_codes", "rules", "staff", "rota")
                if getattr(args, k)}}
    checksums = {**instance.checksums, args.incidents.name: digest}
    reading = reading_report(inputs, [])
    reading["incidents"] = json.loads(report.model_dump_json())
    extra = {"reading_report.json": json.dumps(reading, indent=1, ensure_ascii=False, default=str).encode("utf-8")}
    written = write_outreach_folder(plan, args.out, lang=args.lang, extra_files=extra, summary_extra={
        "inputs": named, "input_checksums": checksums, "timings": {"read": round(read_seconds, 3)}})
    counts = plan.counts()
    no = args.lang == "no"
    _echo((f"{counts['incidents']} hendelser, {counts['contacts']} kontakter: {counts['contacts_with_full_team']} med fullt "
           f"team, {counts['contacts'] - counts['contacts_planned']} ikke planlagt; {counts['supporters']} kollegastøtter "
           f"({plan.seconds['total']:.2f} s)") if no else
          (f"{counts['incidents']} incidents, {counts['contacts']} contacts: {counts['contacts_with_full_team']} with a full "
           f"team, {counts['contacts'] - counts['contacts_planned']} not planned; {counts['supporters']} supporters "
           f"({plan.seconds['total']:.2f} s)"))
    for m in plan.members:
        if not m.planned:
            _echo(f"  {m.need.incident.incident_id} {m.need.kind} {m.need.group.profession or '–'}: "
                  f"{m.reason_no if no else m.reason_en}")
    _echo(f"{'Skrevet til' if no else 'Written to'} {written}")
    return EXIT_OK


def _cmd_verify_outreach(args: argparse.Namespace) -> int:
    import pandas as pd

    from scheduler.check.outreach import format_outreach_report, verify_outreach
    from scheduler.check.rota import build_context
    from scheduler.errors import InputsChanged
    from scheduler.io.rota_folder import read_published_rota
    from scheduler.model.readiness import blocking_errors

    summary: dict = {}
    try:
        summary = json.loads((args.out / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeError):
        summary = {}
    saved = summary.get("inputs", {}) if isinstance(summary, dict) and isinstance(summary.get("inputs"), dict) else {}
    turnus = args.turnus or saved.get("turnus", [])
    if not isinstance(turnus, list) or not turnus or not all(isinstance(t, str) for t in turnus):
        raise InputError(_usage_message(f"{args.out}: give the input files (summary.json does not list them)",
                                        f"{args.out}: oppgi inndatafilene (summary.json lister dem ikke)"))
    for key in ("supporters", "wards", "shift_codes", "rules", "staff", "incidents", "rota"):
        if getattr(args, key, None) is None and isinstance(saved.get(key), str) and saved[key]:
            setattr(args, key, Path(saved[key]))
    if args.supporters is None or args.incidents is None:
        raise InputError(_usage_message("--supporters FILE and --incidents FILE are required",
                                        "--supporters FIL og --incidents FIL må oppgis"))
    inputs = _outreach_inputs(args, turnus)
    blocking = blocking_errors(inputs)
    if blocking:
        raise InputError(blocking)
    ctx = build_context(inputs)
    incidents, report, digest = _checked_incidents(args.incidents, inputs, ctx.wards, ctx.slots)
    written = summary.get("input_checksums", {}) if isinstance(summary.get("input_checksums"), dict) else {}
    now = {**inputs.checksums, args.incidents.name: digest}
    changed = sorted(name for name, sha in now.items() if name in written and written[name] != sha)
    if changed and not args.allow_changed_inputs:
        raise InputsChanged([_usage_message(f"{name}: not the file the plan was made from (its SHA-256 differs); "
                                            "use --allow-changed-inputs to check anyway",
                                            f"{name}: ikke fila planen ble laget av (SHA-256 er ulik); bruk "
                                            "--allow-changed-inputs for å kontrollere likevel") for name in changed])
    rota = read_published_rota(args.rota).duties if args.rota is not None else None
    table = pd.read_csv(args.out / "outreach.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    folder = args.out / "invitations"
    invitations = {p.name: p.read_bytes() for p in sorted(folder.glob("*.ics"))} if folder.is_dir() else {}
    result = verify_outreach(inputs, incidents, table, rota, context=ctx, invitations=invitations)
    _echo(format_outreach_report(result, args.lang), sys.stdout)
    return EXIT_OK if result.ok else EXIT_VIOLATIONS


def _cmd_verify(args: argparse.Namespace) -> int:
    from scheduler.check.rota import format_verify_report

    if (args.out / "outreach.csv").is_file() and not (args.out / "assignments.csv").is_file():
        return _cmd_verify_outreach(args)
    report, _ = _verify_rota_folder(args)
    _echo(format_verify_report(report, args.lang), sys.stdout)
    return EXIT_OK if report.ok else EXIT_VIOLATIONS


def _verify_rota_folder(args: argparse.Namespace):
    """The independent checker's report on the rota folder `args.out`, and the inputs it re-read
    (named in its summary.json unless given): for `verify` and for `publish`."""
    from scheduler.check.outputs import verify_dir
    from scheduler.model.readiness import blocking_errors

    summary_path = args.out / "summary.json"
    if not args.turnus:
        if not summary_path.is_file():
            raise InputError(_usage_message(f"{summary_path} not found: give the input files", f"{summary_path} finnes ikke: oppgi inndatafilene"))
        try:
            saved = json.loads(summary_path.read_text(encoding="utf-8")).get("inputs", {})
        except (ValueError, UnicodeError, AttributeError):
            raise InputError(_usage_message(f"{summary_path} is not a summary written by `scheduler solve`: give the input files",
                                            f"{summary_path} er ikke skrevet av `scheduler solve`: oppgi inndatafilene")) from None
        turnus = saved.get("turnus", []) if isinstance(saved, dict) else None
        if not isinstance(turnus, list) or not all(isinstance(t, str) for t in turnus):
            raise InputError(_usage_message(f"{summary_path}: «inputs» does not list the turnus files: give the input files",
                                            f"{summary_path}: «inputs» lister ikke turnusfilene: oppgi inndatafilene"))
        args.turnus = turnus
        for key in _INPUT_KEYS:
            if getattr(args, key) is None and isinstance(saved.get(key), str) and saved[key]:
                setattr(args, key, Path(saved[key]))
    if args.supporters is None:
        raise InputError(_usage_message("--supporters FILE is required", "--supporters FIL må oppgis"))
    from scheduler.io.load import split_ward

    # Every file must be there, and be a plain file (a path in summary.json could name a device):
    # checking against part of the inputs would report false violations.
    named = [Path(split_ward(str(t))[0]) for t in args.turnus] + [getattr(args, k) for k in _INPUT_KEYS if getattr(args, k)]
    missing = [str(p) for p in named if not p.is_file()]
    missing += [str(args.out / name) for name in ("assignments.csv", "duties.csv") if not (args.out / name).is_file()]
    if missing:
        raise InputError([_usage_message(f"{p}: file missing (or not a plain file) — input file missing, nothing was checked",
                                         f"{p}: fila mangler (eller er ikke en vanlig fil) — inndatafil mangler, ingenting er kontrollert")
                          for p in missing])
    inputs = _load(args)
    blocking = blocking_errors(inputs)
    if blocking:
        raise InputError(blocking)
    report = verify_dir(args.out, inputs, allow_changed_inputs=args.allow_changed_inputs,
                        previous=getattr(args, "previous", None))
    return report, inputs


def _cmd_generate(args: argparse.Namespace) -> int:
    from scheduler.demo.command import run

    try:
        return run(args)
    except ValueError as exc:
        raise InputError(_usage_message(f"generate: {exc}", f"generate: {exc}")) from None


def _usage_message(en: str, no: str):
    from scheduler.errors import Message, Severity

    return Message(severity=Severity.ERROR, text_no=no, text_en=en)


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
            return _cmd_check(args)
        if args.command == "solve":
            return _cmd_solve(args)
        if args.command == "verify":
            return _cmd_verify(args)
        if args.command == "outreach":
            return _cmd_outreach(args)
        if args.command == "generate":
            return _cmd_generate(args)
        if args.command == "history":
            return _cmd_history(args)
        if args.command == "report":
            return _cmd_report(args)
        if args.command == "publish":
            return cmd_publish(args, _verify_rota_folder)
        if args.command == "purge":
            return cmd_purge(args)
    except PinConflict as error:
        _print_messages(error.messages, lang)
        return EXIT_PINS
    except InputError as error:
        _print_messages(error.messages, lang)
        return EXIT_INPUT
    except SchedulerError as error:  # not the input: the solver failed, or a bug of ours
        if lang == "no":
            _echo(f"Løseren feilet: {error}. Dette er en feil hos oss, ikke i inndataene — meld den gjerne "
                  "med inndatafilene.")
        else:
            _echo(f"The solver failed: {error}. This is a fault of ours, not of the input — please report it "
                  "with the input files.")
        return EXIT_BUG
    except OSError as error:
        _echo(f"{'Kan ikke lese/skrive' if lang == 'no' else 'Cannot read/write'}: {error}")
        return EXIT_INPUT
    except Exception as error:  # a bug: say so plainly; the message may quote input, so only where it happened
        if lang == "no":
            _echo(f"Uventet feil i programmet ({type(error).__name__} i {_where(error)}). Dette er en feil hos oss — "
                  "meld den gjerne med inndatafilene.")
        else:
            _echo(f"Unexpected error ({type(error).__name__} in {_where(error)}). This is a bug — please report it "
                  "with the input files.")
        return EXIT_BUG
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
