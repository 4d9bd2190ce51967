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
    read_import,
    refuse_import,
    refuse_to_replace,
    store_location,
)
from scheduler.cli.history import write_table

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
    from scheduler.cli.store import cli_actor
    from scheduler.io.attendance import read_attendance
    from scheduler.store.supervision import SupervisionStore

    refuse_to_replace(args.export)
    existing_store(args.store)
    store = SupervisionStore(args.store)
    if args.export is not None:
        return write_table(args.export, store.attendance(), args.lang)
    rows, report = read_import(args.import_file, read_attendance, args.lang)
    if report.errors:
        refuse_import(report)
    actor = cli_actor()
    changed = sum(store.set_attendance(actor, r.date, r.start, r.site, r.attended) for r in rows)
    no = args.lang == "no"
    echo(f"{'Lest' if no else 'Read'} {len(rows)} {'møter fra' if no else 'meetings from'} {args.import_file}; "
         f"{changed} {'endret' if no else 'changed'}.", sys.stdout)
    return EXIT_OK
