"""`scheduler outreach`: incident outreach planned around the published rota and written as
outreach.csv and invitations (docs/outreach.md).

The incidents file is read and checked here the same way for planning and for checking a plan
(`verify` of an outreach folder uses `outreach_inputs` and `checked_incidents`), so an incidents
file with an error plans nothing and no incident is left without contact unsaid.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from scheduler.cli.common import EXIT_OK, absolute_turnus, echo, print_reading, usage_message
from scheduler.errors import InputError

__all__ = ["cmd_outreach", "outreach_inputs", "checked_incidents"]


def outreach_inputs(args: argparse.Namespace, turnus: list[str]):
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


def checked_incidents(path: Path, inputs, wards, slots):
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


def cmd_outreach(args: argparse.Namespace) -> int:
    from scheduler.domain import SolverSettings
    from scheduler.io.out_folder import check_output_folder
    from scheduler.io.rota_folder import read_published_rota, rota_pairs
    from scheduler.model.demand import build_instance
    from scheduler.model.readiness import blocking_errors, no_turnus_rows, reading_report
    from scheduler.outreach.files import write_outreach_folder
    from scheduler.outreach.plan import plan_outreach

    if args.rota is not None and args.out.resolve() == args.rota.resolve():
        raise InputError(usage_message("--out must not be the --rota folder: the rota would be replaced",
                                       "--out kan ikke være mappen i --rota: vaktplanen ville blitt erstattet"))
    check_output_folder(args.out, "outreach")  # before any work: never replace a folder of the user's
    if not 0 < args.time_limit <= 3600:
        raise InputError(usage_message("--time-limit must be in 0 < x ≤ 3600", "--time-limit må være i 0 < x ≤ 3600"))
    started = time.perf_counter()
    inputs = outreach_inputs(args, args.turnus)
    print_reading(inputs, args.lang)
    if inputs.turnus.empty:
        raise InputError(no_turnus_rows(inputs))
    blocking = blocking_errors(inputs)
    if blocking:
        raise InputError(blocking)
    instance = build_instance(inputs)
    incidents, report, digest = checked_incidents(args.incidents, inputs, instance.wards, instance.slots)
    if not incidents:
        raise InputError(usage_message(f"{args.incidents}: no incident to plan", f"{args.incidents}: ingen hendelse å planlegge"))
    for m in report.messages:
        echo(f"!! {m.render(args.lang)}")
    if args.defusing:
        incidents = [i.model_copy(update={"defusing": True}) for i in incidents]
    pairs: list[tuple[str, int]] = []
    needed = None
    if args.rota is not None:
        rota = read_published_rota(args.rota)
        pairs, left = rota_pairs(instance, rota.duties)
        needed = rota.needed_hours
        for m in rota.messages:
            echo(f"!! {m.render(args.lang)}")
        if left:
            echo(f"!! {args.rota}: {left} " + ("støttevakter ligger utenfor turnusperioden og telles ikke" if args.lang == "no"
                                                else "duties lie outside the turnus period and are not counted"))
    read_seconds = time.perf_counter() - started
    plan = plan_outreach(instance, incidents, pairs, needed_hours=needed,
                         settings=SolverSettings(time_limit=args.time_limit, workers=1))
    named = {"turnus": [absolute_turnus(t) for t in args.turnus], "incidents": str(args.incidents.resolve()),
             **{k: str(getattr(args, k).resolve()) for k in ("supporters", "wards", "shift_codes", "rules", "staff", "rota")
                if getattr(args, k)}}
    checksums = {**instance.checksums, args.incidents.name: digest}
    reading = reading_report(inputs, [])
    reading["incidents"] = json.loads(report.model_dump_json())
    extra = {"reading_report.json": json.dumps(reading, indent=1, ensure_ascii=False, default=str).encode("utf-8")}
    written = write_outreach_folder(plan, args.out, lang=args.lang, extra_files=extra, summary_extra={
        "inputs": named, "input_checksums": checksums, "timings": {"read": round(read_seconds, 3)},
        "defusing_for_all": bool(args.defusing)})  # `verify` asks the same contacts (a defusing for every incident)
    counts = plan.counts()
    no = args.lang == "no"
    echo((f"{counts['incidents']} hendelser, {counts['contacts']} kontakter: {counts['contacts_with_full_team']} med fullt "
           f"team, {counts['contacts'] - counts['contacts_planned']} ikke planlagt; {counts['supporters']} kollegastøtter "
           f"({plan.seconds['total']:.2f} s)") if no else
          (f"{counts['incidents']} incidents, {counts['contacts']} contacts: {counts['contacts_with_full_team']} with a full "
           f"team, {counts['contacts'] - counts['contacts_planned']} not planned; {counts['supporters']} supporters "
           f"({plan.seconds['total']:.2f} s)"))
    for m in plan.members:
        if not m.planned:
            echo(f"  {m.need.incident.incident_id} {m.need.kind} {m.need.group.profession or '–'}: "
                 f"{m.reason_no if no else m.reason_en}")
    echo(f"{'Skrevet til' if no else 'Written to'} {written}")
    return EXIT_OK


