"""`scheduler check` and `scheduler solve`: the inputs read and reported, the rota planned with live
progress, and the run summed up in a few lines (README, «Command line»).

Both commands read the same inputs and print the same reading report, so they live together; the
history a run carries over (`--store`, `--history`) is read here too, as only `solve` uses it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

from scheduler.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    INPUT_KEYS,
    absolute_turnus,
    echo,
    print_messages,
    print_reading,
    read_inputs,
    usage_message,
)
from scheduler.cli.history import history_store
from scheduler.errors import InputError, PinConflict

__all__ = ["cmd_check", "cmd_solve"]


def cmd_check(args: argparse.Namespace) -> int:
    from scheduler.io import format_reports
    from scheduler.model.readiness import blocking_errors, no_turnus_rows

    inputs = read_inputs(args)
    echo(format_reports(inputs.reports, args.lang), sys.stdout)
    blocking = blocking_errors(inputs)
    if blocking or inputs.turnus.empty:
        named = {m.file for m in blocking}
        print_messages([*blocking, *(m for m in no_turnus_rows(inputs) if m.file not in named)], args.lang)
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


def cmd_solve(args: argparse.Namespace) -> int:
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
    from scheduler.oncall.plan import attach_on_call
    from scheduler.report.folder import write_plan
    from scheduler.solve.plan import make_plan
    from scheduler.solve.replan_shares import basis_files, basis_of, read_basis
    from scheduler.solve.results import SolveControl

    if args.supporters is None:
        raise InputError(usage_message("--supporters FILE is required for solve", "--supporters FIL må oppgis for solve"))
    check_output_folder(args.out)  # before any work: never replace a folder of the user's
    public_url = _public_url(args)
    started = time.perf_counter()
    inputs = read_inputs(args, cache_from=args.previous, keep_cache=True)  # a re-plan reads an unchanged turnus from the cache
    extra_history = _read_history_file(args, inputs)
    read_seconds = time.perf_counter() - started
    print_reading(inputs, args.lang)
    if inputs.turnus.empty:
        raise InputError(no_turnus_rows(inputs))
    blocking = blocking_errors(inputs, allow_empty=args.allow_empty)
    if blocking:
        raise InputError(blocking)
    _carry_history(args, inputs, extra_history)
    instance = build_instance(inputs, cache_from=args.previous)  # a re-plan takes the turnus's own tables from its cache
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
        echo(f"!! {m.render(args.lang)}")
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
        measure_limits=not args.no_limit_analysis, lang=args.lang, previous_basis=read_basis(args.previous),
        timings={"read": read_seconds, "instance": time.perf_counter() - started - read_seconds},
    )
    if plan.result.status == "INFEASIBLE":
        raise PinConflict(usage_message(
            "the locked duties cannot all be kept within the limits (e.g. two locks on one day); remove some locks",
            "de låste vaktene kan ikke alle holdes innenfor grensene (f.eks. to låser samme dag); fjern noen låser"))
    attach_on_call(plan, settings=settings, lang=args.lang)  # only with `[on_call]` in the rules (docs/domain.md)
    plan.summary["inputs"] = {"turnus": [absolute_turnus(t) for t in args.turnus], **{k: str(getattr(args, k).resolve()) for k in
                              INPUT_KEYS if getattr(args, k)}}
    if args.previous:  # `verify` counts the changes against this very file (docs/outputs.md)
        plan.summary["inputs"]["previous"] = str(args.previous.resolve())
        plan.summary["previous_duties_sha256"] = previous_sha
    report = reading_report(inputs, checks)
    plan.summary["reading"] = report["counts"]
    extra = {"reading_report.json": json.dumps(report, indent=1, ensure_ascii=False, default=str).encode("utf-8")}
    write_started = time.perf_counter()
    if inputs.turnus_cache is not None:  # the turnus as read, for the next re-plan (docs/outputs.md, «turnus_cache»)
        from scheduler.io.turnus_cache import cache_files

        plan.summary["turnus_cache"] = "reused" if inputs.turnus_cache.table is not None else "written"
        extra |= cache_files(inputs.turnus_cache)
    if inputs.instance_parts is not None:  # for the next re-plan (docs/outputs.md, «instance_cache»)
        from scheduler.io.instance_cache import parts_files

        plan.summary["instance_cache"] = "reused" if inputs.instance_parts.files else "written"
        extra |= parts_files(inputs.instance_parts)
    extra |= basis_files(basis_of(plan.instance, plan.result, inputs.pins, previous=args.previous is not None))
    written = write_plan(plan, args.out, args.lang, extra_files=extra, public_url=public_url)
    write_seconds = time.perf_counter() - write_started
    if not args.quiet:
        _print_summary(plan, written, args.lang, write_seconds)
    return EXIT_OK


def _public_url(args: argparse.Namespace) -> str:
    """The app's address for the notices' QR codes: `--public-url`, else $KOLLEGASTOTTE_PUBLIC_URL, else none."""
    from scheduler.report.call_now import PUBLIC_URL_ENV, valid_public_url

    given = getattr(args, "public_url", None)
    url = (given if given is not None else os.environ.get(PUBLIC_URL_ENV, "")).strip()
    if url and not valid_public_url(url):
        where = "--public-url" if given is not None else PUBLIC_URL_ENV
        raise InputError(usage_message(
            f"{where} must be an absolute http(s) address without query, e.g. https://kollegastotte.sykehus.no",
            f"{where} må være en full http(s)-adresse uten spørring, f.eks. https://kollegastotte.sykehus.no"))
    return url


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
    source = history_store(args.store, args.lang) if args.store is not None else _NoStore()
    inputs.history, _ = history_from(source, first, inputs.rules, extra)
    h = inputs.history
    if not args.quiet:
        if args.lang == "no":
            echo(f"Historikk {h.first}–{h.last}: {h.periods} perioder, {len(h.carried)} kollegastøtter; "
                 f"history_weight {inputs.rules.history_weight:g}.")
        else:
            echo(f"History {h.first}–{h.last}: {h.periods} periods, {len(h.carried)} supporters; "
                 f"history_weight {inputs.rules.history_weight:g}.")
        if h.recent_activity:
            from scheduler.history.carried import activity_window

            a, b = activity_window(first)
            echo(f"Samtaler {a:%Y-%m}–{b:%Y-%m} fra lageret er recent_activity for {len(h.recent_activity)} kollegastøtter."
                 if args.lang == "no" else
                 f"Conversations {a:%Y-%m}–{b:%Y-%m} from the store are recent_activity for {len(h.recent_activity)} "
                 "supporters.")


class _NoStore:
    """History from a file alone: no published rotas, no imports kept, no contacts."""

    def published_periods(self, first, last):
        return []

    def imported_loads(self, first, last):
        return []

    def contacts(self, first, last):
        return {}


def _print_training(instance, lang: str) -> None:
    """Training that ran out, runs out in or soon after the period, and refreshers due (docs/history.md)."""
    from scheduler.history.training import training_notes

    if not instance.slots:
        return
    for note in training_notes(instance.supporters, instance.slots[0].date, instance.slots[-1].date):
        echo(f"{'!! ' if note.warning else ''}{note.text(lang)}")


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
        raise InputError(usage_message(f"{option} must be in {span}", f"{option} må være i {span}")) from None


def _print_on_call(plan, no: bool) -> None:
    """The on-call stage (docs/domain.md): how many needed slots have someone, and each slot without, why."""
    stated = plan.summary.get("on_call")
    if not stated or plan.on_call is None:
        return
    proven = all(t["proven"] for t in stated["tiers"])
    print(f"{'Beredskap' if no else 'On call'}: {stated['planned']}/{stated['needed']} "
          f"{'vakter med noen i beredskap' if no else 'slots with someone on call'} "
          f"({(('bevist', 'ikke bevist') if no else ('proven', 'not proven'))[0 if proven else 1]})", file=sys.stderr)
    for r in plan.on_call[plan.on_call["supporter_id"] == ""].head(10).itertuples(index=False):
        print(f"  {r.date} {r.slot}: {r.reason}", file=sys.stderr)


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
    _print_on_call(plan, no)
    for e in plan.limits[:3]:
        if e.gain > 0:
            print(f"  {e.label_no if no else e.label_en}: +{e.gain} {'dekket' if no else 'covered'}", file=sys.stderr)
    times = plan.summary.get("timings", {})
    print(f"{'Tid' if no else 'Time'}: {'lese' if no else 'read'} {times.get('read', 0):.1f} s, "
          f"{'planlegge' if no else 'plan'} {times.get('solve_total', 0):.1f} s, "
          f"{'grenser' if no else 'limits'} {times.get('limits', 0):.1f} s, "
          f"{'skrive' if no else 'write'} {write_seconds:.1f} s", file=sys.stderr)
    echo(f"{'Skrevet til' if no else 'Written to'} {out}")


