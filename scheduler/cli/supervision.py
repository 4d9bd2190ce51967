"""`scheduler supervision-attendance`: how many attended each supervision meeting, as CSV in and out
of the app's store (docs/supervision.md, «Attendance, as counts»).

`--import FILE.csv` takes supervision.csv with a column `attended` filled in (or `date, start, site,
attended`); a file with any problem records nothing (exit 2), every problem named by file, row and
column with the fix. `--export FILE.csv` writes the counts kept. Files are never replaced. Acts as
`cli:<user>` in the audit log.
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
    print_messages,
    store_location,
    usage_message,
)
from scheduler.errors import InputError, Message, Severity

__all__ = ["add_supervision_command", "cmd_supervision_attendance"]


def add_supervision_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("supervision-attendance", help="how many attended each supervision meeting (a count), as CSV "
                                                      "in and out of the app's store")
    p.add_argument("--store", type=store_location, metavar="STORE", required=True, help=STORE_HELP)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--import", dest="import_file", type=Path, metavar="FILE",
                      help="supervision.csv with its attended column filled in, or date,start,site,attended")
    what.add_argument("--export", type=Path, metavar="FILE", help="write the attendance kept")
    p.add_argument("--lang", choices=("no", "en"), default="no", help="language of messages (default: no)")


def cmd_supervision_attendance(args: argparse.Namespace) -> int:
    from scheduler.cli.history import _write_new_file
    from scheduler.cli.store import cli_actor
    from scheduler.io.attendance import read_attendance
    from scheduler.io.load import source_of
    from scheduler.store.supervision import SupervisionStore

    if args.export is not None and args.export.exists():
        raise InputError(usage_message(f"{args.export} exists; it is not replaced: give a new file name",
                                       f"{args.export} finnes; den blir ikke erstattet: oppgi et nytt filnavn"))
    existing_store(args.store)
    store = SupervisionStore(args.store)
    no = args.lang == "no"
    if args.export is not None:
        frame = store.attendance()
        _write_new_file(args.export, frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        echo(f"{'Skrevet til' if no else 'Written to'} {args.export} ({len(frame)} {'rader' if no else 'rows'})",
             sys.stdout)
        return EXIT_OK
    source, problem = source_of(args.import_file, "outreach-status")
    if source is None:
        raise InputError(problem.messages)
    rows, report = read_attendance(source)
    print_messages([m for m in report.messages if m.severity is not Severity.ERROR], args.lang)
    if report.errors:
        raise InputError([*report.errors, Message(
            severity=Severity.ERROR, file=report.file, text_no="Ingenting er registrert: filen har feil.",
            text_en="Nothing was recorded: the file has errors.", fix_no="Rett feilene over og kjør igjen.",
            fix_en="Correct the errors above and run again.")])
    actor = cli_actor()
    changed = sum(store.set_attendance(actor, r.date, r.start, r.site, r.attended) for r in rows)
    echo(f"{'Lest' if no else 'Read'} {len(rows)} {'møter fra' if no else 'meetings from'} {args.import_file}; "
         f"{changed} {'endret' if no else 'changed'}.", sys.stdout)
    return EXIT_OK
