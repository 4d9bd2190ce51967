"""The store's commands: `scheduler publish DIR --store STORE` and `scheduler purge --store STORE`.

`publish` does what the app's *Publiser* does, from the command line: the rota folder is checked
by the independent checker first (a rota that breaks a rule, or whose files disagree, or whose
inputs changed since, is refused), then kept in the store in one transaction with a row in the
audit log. It replaces the rota's own wards on its dates; `--replace-all` replaces every ward on
its dates, and the wards that would then have no rota are named first (docs/access.md).

`purge` deletes what has outlived its purpose (scheduler.store.retention) — the same purge every open of
the store runs — and is what a server's cron runs daily. Both act as `cli:<user name>`.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from scheduler.cli.common import (
    EXIT_OK,
    EXIT_VIOLATIONS,
    STORE_HELP,
    echo,
    existing_store,
    store_location,
    usage_message,
)
from scheduler.cli.verify import verify_rota_folder
from scheduler.errors import InputError

__all__ = ["add_store_commands", "cmd_publish", "cmd_purge", "cli_actor", "late_purge_warning"]


def add_store_commands(sub: argparse._SubParsersAction) -> None:
    publish = sub.add_parser("publish", help="publish a rota folder into the app's store (same checks and audit as "
                                             "the app)")
    publish.add_argument("out", type=Path, metavar="DIR", help="folder written by `scheduler solve`")
    publish.add_argument("--store", type=store_location, metavar="STORE", required=True, help=STORE_HELP)
    publish.add_argument("--note-code", choices=("new_period", "change"), default="",
                         help="which kind of publication: a new period or a change in the period")
    publish.add_argument("--replace-all", action="store_true",
                         help="replace every ward on the rota's dates, not only its own wards (the coordinator's "
                              "decision: wards not in the rota then have no rota in force)")
    publish.add_argument("--lang", choices=("no", "en"), default="no", help="language of messages (default: no)")

    purge = sub.add_parser("purge", help="delete what has outlived its purpose: involved ids after the follow-up, old "
                                         "drafts, unused files (run it daily from cron)")
    purge.add_argument("--store", type=store_location, metavar="STORE", required=True, help=STORE_HELP)
    purge.add_argument("--lang", choices=("no", "en"), default="no", help="language of messages (default: no)")


def cli_actor() -> str:
    """Who acts from the command line, for the audit log: `cli:<the system user>`."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "ukjent"
    return f"cli:{''.join(c for c in user if c.isprintable() and not c.isspace())[:64] or 'ukjent'}"


def _existing_store(path: Path | str, purge: bool = True):
    """The store at `path`; it must exist (a mistyped path would otherwise be a new, empty store)."""
    from scheduler.store.publications import PublicationStore

    existing_store(path)
    return PublicationStore(path, purge=purge)


def late_purge_warning(result, lang: str) -> str:
    """What to say when ids were deleted after their date (the store was not opened, cron not set)."""
    if result is None or not result.late_days:
        return ""
    if lang == "no":
        return (f"!! Navn etter {result.late_incidents} hendelse(r) ble slettet {result.late_days} dag(er) for sent. "
                "Kjør `scheduler purge --store …` daglig (cron), så ingenting venter på at noen åpner appen.")
    return (f"!! Names after {result.late_incidents} incident(s) were deleted {result.late_days} day(s) late. Run "
            "`scheduler purge --store …` daily (cron), so nothing waits for someone to open the app.")


def cmd_purge(args: argparse.Namespace) -> int:
    from scheduler.store.retention import draft_days, incident_retention_days, purge_store

    store = _existing_store(args.store, purge=False)
    result = purge_store(store, actor=cli_actor())
    no = args.lang == "no"
    echo(f"{'Slettet' if no else 'Deleted'}: {len(result.anonymised)} "
         f"{'hendelser fikk navnene erstattet med antall' if no else 'incidents had their names replaced by counts'}, "
         f"{result.drafts_deleted} {'utkast eldre enn' if no else 'drafts older than'} {draft_days()} "
         f"{'dager' if no else 'days'}, {result.blobs_deleted} {'ubrukte filer' if no else 'unused files'} "
         f"({'navn slettes' if no else 'names go'} {incident_retention_days()} "
         f"{'dager etter oppfølgingen' if no else 'days after the follow-up'})"
         + (f"; {result.conversation_months} {'måneder med samtaler slått sammen til månedens sum' if no else 'months of conversations merged into the month’s total'}"
            if result.conversation_months else "") + ".", sys.stdout)
    warning = late_purge_warning(result, args.lang)
    if warning:
        echo(warning)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    """The rota folder checked by the command line's own `verify` (the independent checker's report
    and the inputs it re-read), then published."""
    from scheduler.check.report import format_verify_report
    from scheduler.io.out_folder import folder_kind
    from scheduler.store.published import folder_tables, kept_extras, kept_meetings

    folder = args.out
    if not folder.is_dir() or folder_kind(folder) != "rota":
        raise InputError(usage_message(no=f"{folder}: ikke en mappe med en vaktplan skrevet av `scheduler solve`",
                                       en=f"{folder}: not a folder with a rota written by `scheduler solve`"))
    from scheduler.store.engine import holds_store, store_url

    there = args.store.exists() if isinstance(args.store, Path) else holds_store(store_url(args.store))
    store = _existing_store(args.store) if there else None  # else made below, once the rota passed
    for key in ("turnus", "supporters", "wards", "shift_codes", "rules", "staff", "pins"):
        setattr(args, key, [] if key == "turnus" else None)
    args.allow_changed_inputs = False
    report, inputs = verify_rota_folder(args)
    if not report.ok:
        echo(format_verify_report(report, args.lang), sys.stdout)
        echo("Ikke publisert: vaktplanen besto ikke kontrollen." if args.lang == "no"
             else "Not published: the rota did not pass the check.")
        return EXIT_VIOLATIONS
    import json

    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    # Kept: the run's figures. Not kept: where the files lay on this machine and what reading them quoted.
    summary = {k: v for k, v in summary.items() if k not in ("inputs", "reading")}
    tables = folder_tables(folder)
    tables.update(kept_extras(inputs.wards, inputs.employees, inputs.supporters, tables["duties"]))
    from scheduler.solve.replan_shares import read_basis
    from scheduler.store.replan_basis import basis_table

    tables.update(basis_table(read_basis(folder)))  # replan_basis.json: kept for the app's re-plan (trusted if its own)
    if inputs.rules.supervision is not None:  # the calendars' meetings, placed again from the inputs just checked
        from scheduler.model.demand import build_instance

        tables.update(kept_meetings(build_instance(inputs), tables["duties"]))
    from scheduler.model.reason_privacy import without_names
    from scheduler.store.publications import PublicationStore
    from scheduler.store.tables import wards_of

    tables = without_names(tables)
    wards = sorted(wards_of(tables))
    if store is None:
        store = PublicationStore(args.store)
    horizon = summary.get("horizon") or {}
    no = args.lang == "no"
    if args.replace_all and horizon.get("from") and horizon.get("to"):
        import datetime as dt

        forced = store.in_force(dt.date.fromisoformat(horizon["from"]), dt.date.fromisoformat(horizon["to"]))
        dropped = sorted(forced.wards() - set(wards))
        if dropped:
            echo(f"!! {'Disse postene står uten vaktplan i perioden etter publiseringen' if no else 'These wards have no rota in the period after publishing'}: "
                 f"{', '.join(dropped)}")
    pid = store.publish(tables, summary, inputs.rules.model_dump_json(), summary.get("input_checksums", {}),
                        reason=args.note_code, actor=cli_actor(), wards=wards, replaces_all=args.replace_all)
    scope = ("alle poster" if no else "all wards") if args.replace_all else ", ".join(wards)
    echo(f"{'Publisert som nr.' if no else 'Published as no.'} {pid} "
         f"({'erstatter' if no else 'replaces'} {scope}, {horizon.get('from', '')}–{horizon.get('to', '')})", sys.stdout)
    warning = late_purge_warning(store.last_purge, args.lang)
    if warning:
        echo(warning)
    return EXIT_OK
