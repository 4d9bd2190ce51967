"""`scheduler history` and `scheduler report`: what each supporter carried, per period, as a history
file, and the report for the leadership — both read from the app's store (docs/history.md).

Here too is the store as a source of history (`history_store`), which `solve --store` uses.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scheduler.cli.common import EXIT_OK, echo, existing_store, print_messages, usage_message
from scheduler.errors import InputError

__all__ = ["cmd_history", "cmd_report", "history_store", "write_table"]


def history_store(path: Path | str, lang: str):
    """The store named by `--store`; it must exist (a mistyped path would otherwise be an empty history)."""
    from scheduler.store.history import HistoryStore

    existing_store(path)
    return HistoryStore(path)


def cmd_history(args: argparse.Namespace) -> int:
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
        raise InputError(usage_message("--from is after --to", "--from er etter --to"))
    if args.out.exists():
        raise InputError(usage_message(f"{args.out} exists; it is not replaced (nothing is lost): give a new file name",
                                       f"{args.out} finnes; den blir ikke erstattet (ingenting går tapt): oppgi et nytt filnavn"))
    store = history_store(args.store, args.lang)
    from scheduler.history.contact_counts import with_contacts

    loads = period_loads(store.published_periods(first, last), with_fair_shares(store.imported_loads(first, last)), first, last)
    loads = with_contacts(loads, store.contact_rows(first, last), first, last)  # contacts, not team places
    frame = history_frame(loads)
    _write_new_file(args.out, frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    echo(f"{'Skrevet til' if args.lang == 'no' else 'Written to'} {args.out} ({len(frame)} "
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


def write_table(out: Path, frame, lang: str) -> int:
    """A table as a new CSV file (whole or not at all, never replacing one), said on stdout
    (`outreach-status --export…`, `supervision-attendance --export`)."""
    import sys

    _write_new_file(out, frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    no = lang == "no"
    echo(f"{'Skrevet til' if no else 'Written to'} {out} ({len(frame)} {'rader' if no else 'rows'})", sys.stdout)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from scheduler.io.out_folder import check_output_folder
    from scheduler.localtime import now_iso, shown
    from scheduler.report.leadership import build_report
    from scheduler.report.leadership_folder import write_report

    if args.first > args.last:
        raise InputError(usage_message("--from is after --to", "--from er etter --to"))
    if (args.last - args.first).days > 3 * 366:
        raise InputError(usage_message("a report covers at most three years", "en rapport gjelder høyst tre år"))
    check_output_folder(args.out, "report")
    store = history_store(args.store, args.lang)
    supporters = None
    if args.supporters is not None:
        from scheduler.io.load import source_of
        from scheduler.io.supporters import read_supporters

        source, problem = source_of(args.supporters, "supporters")
        if source is None:
            raise InputError(problem.messages)
        supporters, reading = read_supporters(source)
        print_messages(reading.messages, args.lang)
    from scheduler.report.leadership_outcomes import build_outcomes, outcome_data

    publications = store.publications(args.first, args.last)
    report = build_report(publications, args.first, args.last, contacts=store.contacts_total, supporters=supporters)
    report.outcomes = build_outcomes(publications, outcome_data(args.store), args.first, args.last, supporters=supporters)
    out, pdf = write_report(report, args.out, args.lang, names=args.names, made=shown(now_iso(), args.lang))
    if not pdf:
        echo("Ingen PDF: WeasyPrint (eller Pango) er ikke installert; skriv ut report.html fra nettleseren."
             if args.lang == "no" else
             "No PDF: WeasyPrint (or Pango) is not installed; print report.html from a browser.")
    echo(f"{'Skrevet til' if args.lang == 'no' else 'Written to'} {out}")
    return EXIT_OK


