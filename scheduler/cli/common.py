"""What every command of the command line shares: exit codes, printing for a person, messages of
misuse, and the inputs named on the command line.

Exit codes: 0 success (also with uncovered ward-slots); 1 `verify` found hard-rule violations or
output files that disagree with assignments.csv; 2 bad input or usage (also: nothing to plan,
unless `--allow-empty`) — for `verify` also an input or rota file that is missing, and inputs
that are not those the rota was made from (their SHA-256 differs from summary.json); 3 locked
duties that cannot all be kept; 70 a bug or a solver fault the input does not explain (said plainly).

What reaches the terminal: messages quote the cell that was wrong (an id, a date, a code, a
number), never a whole row and never a name; anything printed has its control characters shown
as `?`, so a file cannot send escape codes to the terminal (docs/inputs.md). Kept in one place so
that every command prints, and exits, the same way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

__all__ = ["EXIT_OK", "EXIT_VIOLATIONS", "EXIT_INPUT", "EXIT_PINS", "EXIT_BUG", "EXIT_STOPPED", "SHOWN_MESSAGES", "INPUT_KEYS",
           "echo", "usage_message", "print_messages", "print_reading", "read_inputs", "absolute_turnus",
           "store_location", "existing_store", "STORE_HELP", "refuse_to_replace", "read_import", "refuse_import"]

#: What `--store` takes, said the same way by every command.
STORE_HELP = "the app's store: an SQLite file, or a PostgreSQL URL postgresql+psycopg://user@host/db (docs/database.md)"

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT, EXIT_PINS, EXIT_BUG = 0, 1, 2, 3, 70
#: Ctrl-C while the model was built, before any rota existed: nothing written (the shell's 128 + SIGINT).
EXIT_STOPPED = 130
#: Messages of each severity printed by `solve`; all of them are in reading_report.json.
SHOWN_MESSAGES = 10
#: The input files besides the turnus, by their option (summary.json names them by these keys).
INPUT_KEYS = ("supporters", "wards", "shift_codes", "rules", "staff", "pins")


def store_location(text: str) -> Path | str:
    """`--store`: a database URL as given (`postgresql+psycopg://…`), else a file path."""
    return text if "://" in text else Path(text)


def existing_store(where: Path | str) -> None:
    """Refuse a store that is not there yet, for a command that only reads or purges one: a mistyped
    file name (it would otherwise become a new, empty store) or a database without the store's tables."""
    from scheduler.errors import InputError
    from scheduler.store.engine import display_name, holds_store, store_url

    if isinstance(where, Path):
        if not where.is_file():
            raise InputError(usage_message(no=f"{where}: finnes ikke (appens lager, en SQLite-fil)",
                                           en=f"{where}: no such store (the app's SQLite file)"))
    elif not holds_store(store_url(where)):
        shown = display_name(store_url(where))
        raise InputError(usage_message(no=f"{shown}: databasen har ikke noe lager ennå (publiser først, eller åpne appen)",
                                       en=f"{shown}: the database holds no store yet (publish first, or open the app)"))


def echo(text: str, stream=None) -> None:
    """Print for a person: control characters (escape codes from a file) shown as `?`."""
    from scheduler.io.cleaning import printable

    print(printable(text), file=stream or sys.stderr, flush=True)


def read_inputs(args: argparse.Namespace, *, cache_from: Path | None = None, keep_cache: bool = False):
    """The inputs named by `check`, `solve` or `verify` (turnus files and the INPUT_KEYS options), read
    (`solve`: the turnus from `--previous`'s cache when unchanged, and kept for its own folder)."""
    from scheduler.io import load_paths

    return load_paths(
        args.turnus,
        args.supporters,
        wards_path=args.wards,
        shift_codes_path=args.shift_codes,
        rules_path=args.rules,
        staff_path=args.staff,
        pins_path=args.pins,
        cache_from=cache_from,
        keep_cache=keep_cache,
    )


def print_messages(messages, lang: str) -> None:
    """Every message in `lang`, one per line, on stderr."""
    for m in messages:
        echo(m.render(lang))


def print_reading(inputs, lang: str) -> None:
    """A count of the reading's errors and warnings, then the first SHOWN_MESSAGES of each (all of
    them: `scheduler check`, and reading_report.json in the output folder when a rota is written)."""
    no = lang == "no"
    for severity, one_no, many_no, many_en in (("error", "feil", "feil", "errors"),
                                               ("warning", "advarsel", "advarsler", "warnings")):
        found = [m for m in inputs.messages if m.severity.value == severity]
        if not found:
            continue
        word = (one_no if len(found) == 1 else many_no) if no else (severity if len(found) == 1 else many_en)
        echo(f"{'Lesing' if no else 'Reading'}: {len(found)} {word}")
        for m in found[:SHOWN_MESSAGES]:
            echo(f"  [{one_no if no else severity}] {m.render(lang)}")
        if len(found) > SHOWN_MESSAGES:
            rest = len(found) - SHOWN_MESSAGES
            more = ("til; `scheduler check` viser alle, og reading_report.json i utmappen" if no else
                    "more; `scheduler check` shows them all, and reading_report.json in the output folder")
            echo(f"  … {rest} {more}")


def absolute_turnus(spec: str) -> str:
    """A turnus argument (maybe FILE=WARD) with an absolute path, so `verify DIR` finds it later."""
    path, sep, ward = spec.rpartition("=") if "=" in spec and not Path(spec).exists() else (spec, "", "")
    return str(Path(path).resolve()) + (f"={ward}" if sep else "")


def usage_message(en: str, no: str):
    """A refusal of how the command was used (not of a file's content): an error in both languages."""
    from scheduler.errors import Message, Severity

    return Message(severity=Severity.ERROR, text_no=no, text_en=en)




def refuse_to_replace(*outs: Path | None) -> None:
    """Files are never replaced: an output named that exists is refused before anything is done."""
    from scheduler.errors import InputError

    for out in outs:
        if out is not None and out.exists():
            raise InputError(usage_message(f"{out} exists; it is not replaced: give a new file name",
                                           f"{out} finnes; den blir ikke erstattet: oppgi et nytt filnavn"))


def read_import(path: Path, read, lang: str):
    """A file of counts to import (`outreach-status`, `supervision-attendance`), read by `read(source)`
    (which returns its reading report second); its warnings printed; what `read` returned."""
    from scheduler.errors import InputError, Severity
    from scheduler.io.load import source_of

    source, problem = source_of(path, "outreach-status")
    if source is None:
        raise InputError(problem.messages)
    read_back = read(source)
    print_messages([m for m in read_back[1].messages if m.severity is not Severity.ERROR], lang)
    return read_back


def refuse_import(report, problems=()) -> NoReturn:
    """A file with any problem records nothing: its errors, the other `problems`, and that."""
    from scheduler.errors import InputError, Message, Severity

    raise InputError([*report.errors, *problems, Message(
        severity=Severity.ERROR, file=report.file,
        text_no="Ingenting er registrert: filen har feil.", text_en="Nothing was recorded: the file has errors.",
        fix_no="Rett feilene over og kjør igjen.", fix_en="Correct the errors above and run again.")])

