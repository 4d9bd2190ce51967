"""`scheduler outreach-status`: contacts' statuses and conversations per month, in and out of the
app's store as CSV (docs/outreach.md, «Status and conversations, as counts»).

`--import FILE.csv` takes outreach.csv with its `status` column filled in (or what `--export`
wrote), or a conversations file (`supporter_id, month, conversations`) — its columns say which.
A file with any problem records nothing (exit 2): every problem is named by file, row and column
with the fix. `--export FILE.csv` writes the store's planned contacts with their status, one row per
contact; `--export-conversations FILE.csv` the conversations per supporter and month. Files are
never replaced. Acts as `cli:<user>` in the audit log.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scheduler.cli.common import (
    EXIT_OK,
    STORE_HELP,
    echo,
    existing_store,
    read_import,
    refuse_import,
    refuse_to_replace,
    store_location,
)
from scheduler.cli.history import write_table
from scheduler.errors import Message, Severity

__all__ = ["add_outreach_status_command", "cmd_outreach_status", "contacts_frame"]


def add_outreach_status_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("outreach-status", help="contacts' statuses (held, declined, not reached, moved) and conversations "
                                               "per supporter and month, as CSV in and out of the app's store")
    p.add_argument("--store", type=store_location, metavar="STORE", required=True, help=STORE_HELP)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--import", dest="import_file", type=Path, metavar="FILE",
                      help="outreach.csv with its status column filled in, or supporter_id,month,conversations")
    what.add_argument("--export", type=Path, metavar="FILE", help="write the planned contacts with their status")
    what.add_argument("--export-conversations", type=Path, metavar="FILE",
                      help="write the conversations per supporter and month")
    p.add_argument("--lang", choices=("no", "en"), default="no", help="language of messages and labels (default: no)")


def _store(path: Path | str):
    from scheduler.store.outcomes import OutcomeStore

    existing_store(path)
    return OutcomeStore(path)


def contacts_frame(store, lang: str = "no"):
    """The planned contacts, one row per contact, with their status in words (what `--export` writes)."""
    import pandas as pd

    from scheduler.io.contact_status import status_label

    rows = [{"incident_id": c.incident_id, "contact": c.contact, "profession": c.profession,
             "group": f"{c.profession or '–'}×{c.people}", "ward": ";".join(c.wards), "date": c.date, "start": c.start,
             "end": c.end, "team": ";".join(c.team), "status": status_label(c.status, lang) if c.status else ""}
            for c in store.planned_contacts()]
    return pd.DataFrame(rows, columns=["incident_id", "contact", "profession", "group", "ward", "date", "start", "end",
                                       "team", "status"])


def _import(args: argparse.Namespace, store) -> int:
    from scheduler.cli.store import cli_actor
    from scheduler.io.contact_status import read_status_file

    rows, report, kind = read_import(args.import_file, read_status_file, args.lang)
    problems: list[Message] = []
    if kind == "status":
        planned = {c.key for c in store.planned_contacts()}
        for r in rows:
            if (r.incident_id, r.contact, r.profession) not in planned:
                problems.append(Message(
                    severity=Severity.ERROR, file=report.file, row=r.row, column="incident_id",
                    text_no="Lageret har ingen planlagt kontakt med denne hendelsen, kontakttypen og gruppen.",
                    text_en="The store has no planned contact with this incident, kind of contact and group.",
                    fix_no="Registrer hendelsen og godta planen på appens side Hendelse (eller rett id, contact og "
                           "profession); `scheduler outreach-status --export` viser kontaktene lageret kjenner.",
                    fix_en="Register the incident and accept its plan on the app's Hendelse page (or correct id, "
                           "contact and profession); `scheduler outreach-status --export` lists the contacts the store "
                           "knows.", raw=r.incident_id))
    else:
        from scheduler.store.audit import valid_object_id

        problems += [Message(severity=Severity.ERROR, file=report.file, row=r.row, column="supporter_id",
                             text_no="Cellen er ikke et ansattnummer.", text_en="The cell is not an employee id.",
                             fix_no="Skriv kollegastøttens ansattnummer (uten mellomrom).",
                             fix_en="Write the supporter's employee id (no spaces).")
                     for r in rows if not valid_object_id(r.supporter_id)]
    if report.errors or problems:
        refuse_import(report, problems)
    actor, changed = cli_actor(), 0
    if kind == "status":
        for r in rows:
            changed += store.set_status(actor, r.incident_id, r.contact, r.profession, r.status)
    else:
        for r in rows:
            changed += store.set_conversations(actor, r.supporter_id, r.month, r.conversations)
    no = args.lang == "no"
    what = (("kontakter", "contacts") if kind == "status" else ("kollegastøtter og måneder", "supporters and months"))
    echo(f"{'Lest' if no else 'Read'} {len(rows)} {what[0] if no else what[1]} {'fra' if no else 'from'} "
         f"{args.import_file}; {changed} {'endret' if no else 'changed'}.", sys.stdout)
    return EXIT_OK


def cmd_outreach_status(args: argparse.Namespace) -> int:
    refuse_to_replace(args.export, args.export_conversations)
    store = _store(args.store)
    if args.import_file is not None:
        return _import(args, store)
    if args.export is not None:
        return write_table(args.export, contacts_frame(store, args.lang), args.lang)
    return write_table(args.export_conversations, store.conversations(), args.lang)
