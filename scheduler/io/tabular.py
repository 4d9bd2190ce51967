"""From a Source to columns of text cells under a recognised header row, for CSV and .xlsx alike.

:func:`read_table` is what every reader calls: it refuses a file over the size limit or of the
wrong type (a PDF, an old .xls, a zip, binary data) with a message saying what to do, reads CSV
(scheduler.io.csv_grid) or an .xlsx sheet (scheduler.io.xlsx) into a :class:`~scheduler.io.grid.Table`,
drops blank rows, and turns anything unexpected into a message — never a traceback.
"""

from __future__ import annotations

import numpy as np

from scheduler.io.cleaning import printable
from scheduler.io.csv_grid import csv_table
from scheduler.io.encoding import sniff_type
from scheduler.io.grid import HeaderScore, Table, too_large
from scheduler.io.input_limits import max_bytes
from scheduler.io.messages import error
from scheduler.io.types import ReadingReport, Source
from scheduler.io.xlsx import grid_table, xlsx_rows

__all__ = ["read_table"]


def _wrong_type(report: ReadingReport, kind: str) -> None:
    what = {
        "empty": ("Filen er tom.", "The file is empty.", "Velg filen med innholdet.", "Choose the file with the content."),
        "pdf": ("Filen er en PDF, ikke en tabell.", "The file is a PDF, not a table.",
                "Eksporter turnusen som CSV eller Excel (.xlsx).", "Export the roster as CSV or Excel (.xlsx)."),
        "xls": ("Filen er i det gamle Excel-formatet (.xls).", "The file is in the old Excel format (.xls).",
                "Lagre den som .xlsx eller CSV.", "Save it as .xlsx or CSV."),
        "encrypted": ("Excel-filen er beskyttet med passord.", "The Excel file is protected by a password.",
                      "Lagre en kopi uten passord, eller eksporter CSV.", "Save a copy without a password, or export CSV."),
        "zip": ("Filen er en zip-fil, ikke en Excel-arbeidsbok.", "The file is a zip archive, not an Excel workbook.",
                "Pakk ut og velg CSV- eller .xlsx-filen.", "Unzip it and choose the CSV or .xlsx file."),
        "binary": ("Filen er ikke tekst (binære data).", "The file is not text (binary data).",
                   "Velg en CSV- eller .xlsx-fil.", "Choose a CSV or .xlsx file."),
    }[kind]
    error(report, what[0], what[1], fix_no=what[2], fix_en=what[3])


def read_table(source: Source, report: ReadingReport, score: HeaderScore, expected: str) -> Table | None:
    """The table under the best header row, or None with an error in the report. Never raises.

    Header cells are cleaned (scheduler.io.cleaning); data cells are returned as written, for the
    caller to clean once per distinct value."""
    try:
        limit = max_bytes(report.kind)
        if len(source.data) > limit:
            too_large(report, f"{len(source.data) / 2**20:.0f} MB (grense {limit / 2**20:.0f} MB)",
                      f"{len(source.data) / 2**20:.0f} MB (limit {limit / 2**20:.0f} MB)")
            return None
        kind = sniff_type(source.data)
        if kind not in ("text", "xlsx"):
            _wrong_type(report, kind)
            return None
        if kind == "xlsx":
            report.encoding = "xlsx"
            grid = xlsx_rows(source, report)
            if grid is None:
                return None
            table = grid_table(grid, score, report, expected)
        else:
            report.layout = "csv"
            table = csv_table(source, score, report, expected)
        if table is None:
            return None
        blank = np.logical_and.reduce([c.empty() for c in table.columns]) if table.columns else \
            np.ones(len(table), dtype=bool)
        if blank.any():
            table.keep(~blank)
        return table
    except Exception as exc:  # noqa: BLE001 - a reader never lets bad bytes become a traceback
        error(report, "Filen kunne ikke leses.", "The file could not be read.",
              fix_no="Lagre filen som CSV (UTF-8) eller .xlsx og prøv igjen.",
              fix_en="Save the file as CSV (UTF-8) or .xlsx and try again.",
              raw=printable(f"{type(exc).__name__}: {exc}")[:300])
        return None
