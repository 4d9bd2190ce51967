"""release.csv and turnus_import.csv against duties.csv (docs/outputs.md): every duty once in each,
with its times, and in the turnus import with the activity code the rules give — a home ward that
plans with a list that lacks a duty, or a turnus system that imports one twice, is a finding."""

from __future__ import annotations

import io
from collections import Counter

import pandas as pd

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _problem
from scheduler.check.output_files import OutputFolder
from scheduler.check.written import WrittenRota

__all__ = ["compare_release", "compare_turnus_import"]

_SHOWN = 5


def _hhmm(text: str) -> str:
    """The clock time of `2027-01-04T23:00` (re-stated here: the checker shares no code with the writer)."""
    return text.split("T", 1)[1][:5] if "T" in text else text


def _read(folder: OutputFolder, name: str, rule: str, out: list[Violation]) -> pd.DataFrame | None:
    path = folder.path / name
    if not path.is_file():
        out.append(_problem("outputs_present", name, "fila mangler (skrives alltid av `scheduler solve`).",
                            "the file is missing (always written by `scheduler solve`)."))
        return None
    try:
        return pd.read_csv(io.StringIO(path.read_text(encoding="utf-8")), dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        out.append(_problem(rule, name, f"kan ikke leses som CSV ({type(error).__name__}).",
                            f"cannot be read as CSV ({type(error).__name__})."))
        return None


def _compare_rows(name: str, rule: str, columns: tuple[str, ...], frame: pd.DataFrame,
                  expected: Counter[tuple[str, ...]]) -> list[Violation]:
    missing_columns = [c for c in columns if c not in frame.columns]
    if missing_columns:
        return [_problem(rule, name, f"kolonnen mangler; ventet {', '.join(columns)}.",
                         f"the column is missing; expected {', '.join(columns)}.", column=missing_columns[0])]
    written = Counter(tuple(str(v) for v in row) for row in frame[list(columns)].itertuples(index=False))
    out = []
    for row, n in list((written - expected).items())[:_SHOWN]:
        out.append(_problem(rule, name, f"raden {', '.join(row)} står {n} gang(er) for mye: den er ikke en vakt i "
                            "duties.csv (eller er der færre ganger).",
                            f"the row {', '.join(row)} is there {n} time(s) too many: it is no duty of duties.csv "
                            "(or is there fewer times)."))
    for row in list(expected - written)[:_SHOWN]:
        out.append(_problem(rule, name, f"mangler vakten {', '.join(row)} fra duties.csv.",
                            f"lacks the duty {', '.join(row)} of duties.csv."))
    return out


def compare_release(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """release.csv holds each duty of duties.csv once, under its supporter's home ward."""
    rule, name = "release_matches_duties", "release.csv"
    out: list[Violation] = []
    frame = _read(folder, name, rule, out)
    if frame is None:
        return out
    columns = ("home_ward", "employee_id", "name", "date", "slot", "start", "end", "hours")
    expected = Counter((d.home_ward, d.supporter_id, d.name, d.date_text, d.slot, _hhmm(d.start), _hhmm(d.end), d.hours)
                       for d in rota.duty_rows)
    return out + _compare_rows(name, rule, columns, frame, expected)


def compare_turnus_import(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """turnus_import.csv holds each duty once, with the rules' activity code."""
    rule, name = "turnus_import_matches_duties", "turnus_import.csv"
    out: list[Violation] = []
    frame = _read(folder, name, rule, out)
    if frame is None:
        return out
    code = ctx.rules.turnus_activity_code
    columns = ("employee_id", "date", "start", "end", "activity_code", "ward")
    expected = Counter((d.supporter_id, d.date_text, _hhmm(d.start), _hhmm(d.end), code, d.home_ward)
                       for d in rota.duty_rows)
    return out + _compare_rows(name, rule, columns, frame, expected)
