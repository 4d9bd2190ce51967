"""An output folder read as written (texts and bytes, nothing interpreted), and whether it is all there.

People read the files of a rota, not the planner's objects, so the checker reads them too:
:func:`read_output_folder` takes every file as its bytes or text (a file too large, not UTF-8 or
not CSV/JSON is a finding, not a crash; a missing or unreadable assignments.csv or duties.csv
stops the check), and :func:`compare_outputs_present` reports what is missing. Each comparison
of a file with assignments.csv is then a ``compare_<what>(ctx, rota, folder)`` of its own module.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _problem, _spaces
from scheduler.check.written import WrittenRota
from scheduler.errors import InputError, Message, Severity
from scheduler.io.filenames import hashed_filename, safe_filename

__all__ = ["OutputFolder", "read_output_folder", "compare_outputs_present", "TABLES", "MAX_OUTPUT_BYTES"]

#: The four tables of a rota, each as `<name>.csv`, `excel/<name>.csv` and a sheet of rota.xlsx.
TABLES = ("assignments", "duties", "burden", "coverage")
#: A larger output file is not read (a rota of a big hospital is a few MB); it is reported.
MAX_OUTPUT_BYTES = 200 * 1024 * 1024


@dataclass
class OutputFolder:
    """An output folder as written: texts and bytes, nothing interpreted yet.

    A file that is missing is None (or absent from the dicts); `problems` holds what could not
    be read at all (too large, not UTF-8, not CSV or JSON).
    """

    path: Path
    csv_text: dict[str, str] = field(default_factory=dict)  # table name -> canonical CSV text
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # table name -> frame of strings
    summary: dict | None = None
    notices: dict[str, str] = field(default_factory=dict)  # file name -> HTML
    calendars: dict[str, bytes] = field(default_factory=dict)  # file name -> .ics bytes
    workbook: bytes | None = None
    excel: dict[str, bytes] = field(default_factory=dict)  # table name -> bytes of excel/<name>.csv
    has_notices: bool = False
    has_calendars: bool = False
    problems: list[Violation] = field(default_factory=list)
    previous: pd.DataFrame | None = None  # a re-plan's previous rota: its duties.csv (read by verify_dir)
    previous_file: Path | None = None
    supervision: str | None = None  # supervision.csv as text (None: not written; docs/supervision.md)

    @property
    def assignments(self) -> pd.DataFrame:
        return self.tables["assignments"]

    @property
    def duties(self) -> pd.DataFrame:
        return self.tables["duties"]


def _read_bytes(path: Path, shown: str, problems: list[Violation]) -> bytes | None:
    size = path.stat().st_size
    if size > MAX_OUTPUT_BYTES:
        problems.append(_problem("outputs_present", shown, f"fila er {size // 2**20} MB; over grensen på "
                                 f"{MAX_OUTPUT_BYTES // 2**20} MB, så den er ikke lest.",
                                 f"the file is {size // 2**20} MB, above the limit of {MAX_OUTPUT_BYTES // 2**20} MB, "
                                 "so it was not read."))
        return None
    return path.read_bytes()


def _read_text(path: Path, shown: str, problems: list[Violation]) -> str | None:
    data = _read_bytes(path, shown, problems)
    if data is None:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(_problem("outputs_present", shown, f"ikke UTF-8 (byte {exc.start}).",
                                 f"not UTF-8 (byte {exc.start})."))
        return None


def _frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _cannot_check(file: Path, no: str, en: str) -> InputError:
    return InputError(Message(severity=Severity.ERROR, file=str(file), text_no=f"{no} Ingenting er kontrollert.",
                              text_en=f"{en} Nothing was checked.",
                              fix_no="Skriv vaktplanen på nytt med `scheduler solve`.",
                              fix_en="Write the rota again with `scheduler solve`."))


def read_output_folder(path: Path) -> OutputFolder:
    """Read every file of an output folder.

    FileNotFoundError when assignments.csv or duties.csv is missing, InputError when one of them
    cannot be read; any other file that is missing or unreadable is noted in `problems`.
    """
    path = Path(path)
    folder = OutputFolder(path=path)
    for name in TABLES:
        excel = path / "excel" / f"{name}.csv"
        if excel.is_file():
            data = _read_bytes(excel, f"excel/{name}.csv", folder.problems)
            if data is not None:
                folder.excel[name] = data
        file = path / f"{name}.csv"
        core = name in ("assignments", "duties")
        if not file.is_file():
            if core:
                raise FileNotFoundError(f"{file}: fila mangler / file is missing")
            continue
        problems: list[Violation] = []
        text = _read_text(file, file.name, problems)
        if text is None:
            if core:
                raise _cannot_check(file, problems[0].text_no, problems[0].text_en)
            folder.problems.extend(problems)
            continue
        try:
            frame = _frame(text) if text.strip() else pd.DataFrame()
            _csv_rows(text)  # the row-by-row comparisons read it with the csv module
        except (pd.errors.ParserError, ValueError, csv.Error) as exc:
            if core:
                raise _cannot_check(file, f"Kan ikke leses som CSV ({exc}).", f"Cannot be read as CSV ({exc}).") from exc
            folder.problems.append(_problem("outputs_present", file.name, f"kan ikke leses som CSV ({exc}).",
                                            f"cannot be read as CSV ({exc})."))
            continue
        folder.csv_text[name], folder.tables[name] = text, frame
    summary = path / "summary.json"
    if summary.is_file():
        text = _read_text(summary, "summary.json", folder.problems)
        try:
            loaded = json.loads(text) if text is not None else None
        except ValueError as exc:
            folder.problems.append(_problem("outputs_present", "summary.json", f"ikke gyldig JSON ({exc}).",
                                            f"not valid JSON ({exc})."))
            loaded = None
        if loaded is not None and not isinstance(loaded, dict):
            folder.problems.append(_problem("outputs_present", "summary.json", "er ikke et JSON-objekt.",
                                            "is not a JSON object."))
            loaded = None
        folder.summary = loaded
    workbook = path / "rota.xlsx"
    if workbook.is_file():
        folder.workbook = _read_bytes(workbook, "rota.xlsx", folder.problems)
    if (path / "supervision.csv").is_file():
        folder.supervision = _read_text(path / "supervision.csv", "supervision.csv", folder.problems) or ""
    notices, calendars = path / "notices", path / "calendars"
    folder.has_notices, folder.has_calendars = notices.is_dir(), calendars.is_dir()
    for file in sorted(notices.iterdir()) if folder.has_notices else []:
        if file.is_file():
            text = _read_text(file, f"notices/{file.name}", folder.problems)
            folder.notices[file.name] = text if text is not None else ""
    for file in sorted(calendars.iterdir()) if folder.has_calendars else []:
        if file.is_file():
            data = _read_bytes(file, f"calendars/{file.name}", folder.problems)
            folder.calendars[file.name] = data if data is not None else b""
    return folder


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _name(ctx: CheckContext, sid: str) -> str:
    employee = ctx.employees.get(sid)
    return _spaces(employee.name if employee and employee.name else sid)


def _file_for(ident: str, files: Mapping[str, object], suffix: str) -> str | None:
    for name in (f"{safe_filename(ident)}{suffix}", f"{hashed_filename(ident)}{suffix}"):
        if name in files:
            return name
    return None


def compare_outputs_present(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """Every file a rota consists of is there and readable (notices and calendars: one per ward
    and per supporter on duty, checked with their contents)."""
    rule = "outputs_present"
    out = list(folder.problems)
    unreadable = {v.file for v in folder.problems}

    def missing(file: str, what_no: str, what_en: str) -> None:
        if file not in unreadable:
            out.append(_problem(rule, file, f"fila mangler ({what_no}).", f"the file is missing ({what_en})."))

    for name in ("burden", "coverage"):
        if name not in folder.tables:
            missing(f"{name}.csv", "skrives alltid av `scheduler solve`", "always written by `scheduler solve`")
    for name in TABLES:
        if name not in folder.excel:
            missing(f"excel/{name}.csv", "tabellen for Excel", "the table for Excel")
    if folder.summary is None:
        missing("summary.json", "uten den kan ikke inndataenes sjekksummer kontrolleres",
                "without it the inputs' checksums cannot be checked")
    if folder.workbook is None:
        missing("rota.xlsx", "arbeidsboka", "the workbook")
    if not folder.has_notices:
        missing("notices/", "oppslagene for postene", "the ward notices")
    if not folder.has_calendars:
        missing("calendars/", "kalenderne for kollegastøttene", "the supporters' calendars")
    return out
