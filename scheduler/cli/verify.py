"""`scheduler verify`: the independent checkers run on a written folder — a rota (every hard rule
and every output file against assignments.csv) or an outreach plan — against the inputs it names.

A rota's check is also what `publish` runs first (`verify_rota_folder`), so a rota that breaks a
rule, disagrees with its files or was made from other inputs is never published.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scheduler.cli.common import (
    EXIT_OK,
    EXIT_VIOLATIONS,
    INPUT_KEYS,
    echo,
    read_inputs,
    usage_message,
)
from scheduler.cli.outreach import checked_incidents, outreach_inputs
from scheduler.errors import InputError

__all__ = ["cmd_verify", "verify_rota_folder"]


def cmd_verify_outreach(args: argparse.Namespace) -> int:
    import pandas as pd

    from scheduler.check.context import build_context
    from scheduler.check.outreach import format_outreach_report, verify_outreach
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
        raise InputError(usage_message(f"{args.out}: give the input files (summary.json does not list them)",
                                       f"{args.out}: oppgi inndatafilene (summary.json lister dem ikke)"))
    for key in ("supporters", "wards", "shift_codes", "rules", "staff", "incidents", "rota"):
        if getattr(args, key, None) is None and isinstance(saved.get(key), str) and saved[key]:
            setattr(args, key, Path(saved[key]))
    if args.supporters is None or args.incidents is None:
        raise InputError(usage_message("--supporters FILE and --incidents FILE are required",
                                       "--supporters FIL og --incidents FIL må oppgis"))
    inputs = outreach_inputs(args, turnus)
    blocking = blocking_errors(inputs)
    if blocking:
        raise InputError(blocking)
    ctx = build_context(inputs)
    incidents, report, digest = checked_incidents(args.incidents, inputs, ctx.wards, ctx.slots)
    if summary.get("defusing_for_all") is True:  # planned with `outreach --defusing`
        incidents = [i.model_copy(update={"defusing": True}) for i in incidents]
    written = summary.get("input_checksums", {}) if isinstance(summary.get("input_checksums"), dict) else {}
    now = {**inputs.checksums, args.incidents.name: digest}
    changed = sorted(name for name, sha in now.items() if name in written and written[name] != sha)
    if changed and not args.allow_changed_inputs:
        raise InputsChanged([usage_message(f"{name}: not the file the plan was made from (its SHA-256 differs); "
                                           "use --allow-changed-inputs to check anyway",
                                           f"{name}: ikke fila planen ble laget av (SHA-256 er ulik); bruk "
                                           "--allow-changed-inputs for å kontrollere likevel") for name in changed])
    rota = read_published_rota(args.rota).duties if args.rota is not None else None
    table = pd.read_csv(args.out / "outreach.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    folder = args.out / "invitations"
    invitations = {p.name: p.read_bytes() for p in sorted(folder.glob("*.ics"))} if folder.is_dir() else {}
    result = verify_outreach(inputs, incidents, table, rota, context=ctx, invitations=invitations)
    echo(format_outreach_report(result, args.lang), sys.stdout)
    return EXIT_OK if result.ok else EXIT_VIOLATIONS


def cmd_verify(args: argparse.Namespace) -> int:
    from scheduler.check.report import format_verify_report

    if (args.out / "outreach.csv").is_file() and not (args.out / "assignments.csv").is_file():
        return cmd_verify_outreach(args)
    report, _ = verify_rota_folder(args)
    echo(format_verify_report(report, args.lang), sys.stdout)
    return EXIT_OK if report.ok else EXIT_VIOLATIONS


def verify_rota_folder(args: argparse.Namespace):
    """The independent checker's report on the rota folder `args.out`, and the inputs it re-read
    (named in its summary.json unless given): for `verify` and for `publish`."""
    from scheduler.check.folder import verify_dir
    from scheduler.model.readiness import blocking_errors

    summary_path = args.out / "summary.json"
    if not args.turnus:
        if not summary_path.is_file():
            raise InputError(usage_message(f"{summary_path} not found: give the input files", f"{summary_path} finnes ikke: oppgi inndatafilene"))
        try:
            saved = json.loads(summary_path.read_text(encoding="utf-8")).get("inputs", {})
        except (ValueError, UnicodeError, AttributeError):
            raise InputError(usage_message(f"{summary_path} is not a summary written by `scheduler solve`: give the input files",
                                           f"{summary_path} er ikke skrevet av `scheduler solve`: oppgi inndatafilene")) from None
        turnus = saved.get("turnus", []) if isinstance(saved, dict) else None
        if not isinstance(turnus, list) or not all(isinstance(t, str) for t in turnus):
            raise InputError(usage_message(f"{summary_path}: «inputs» does not list the turnus files: give the input files",
                                           f"{summary_path}: «inputs» lister ikke turnusfilene: oppgi inndatafilene"))
        args.turnus = turnus
        for key in INPUT_KEYS:
            if getattr(args, key) is None and isinstance(saved.get(key), str) and saved[key]:
                setattr(args, key, Path(saved[key]))
    if args.supporters is None:
        raise InputError(usage_message("--supporters FILE is required", "--supporters FIL må oppgis"))
    from scheduler.io.load import split_ward

    # Every file must be there, and be a plain file (a path in summary.json could name a device):
    # checking against part of the inputs would report false violations.
    named = [Path(split_ward(str(t))[0]) for t in args.turnus] + [getattr(args, k) for k in INPUT_KEYS if getattr(args, k)]
    missing = [str(p) for p in named if not p.is_file()]
    missing += [str(args.out / name) for name in ("assignments.csv", "duties.csv") if not (args.out / name).is_file()]
    if missing:
        raise InputError([usage_message(f"{p}: file missing (or not a plain file) — input file missing, nothing was checked",
                                        f"{p}: fila mangler (eller er ikke en vanlig fil) — inndatafil mangler, ingenting er kontrollert")
                          for p in missing])
    inputs = read_inputs(args)
    blocking = blocking_errors(inputs)
    if blocking:
        raise InputError(blocking)
    report = verify_dir(args.out, inputs, allow_changed_inputs=args.allow_changed_inputs,
                        previous=getattr(args, "previous", None))
    return report, inputs


