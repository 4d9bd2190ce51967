"""The independent checker, part two: every file of an output folder agrees with assignments.csv.

assignments.csv (who is named for which ward-slot) and duties.csv are checked against the
hard rules by :mod:`scheduler.check.rota`. People, however, read the other files: the coordinator
`coverage.csv` and `burden.csv`, the ward the printed notice, the supporter their calendar,
everyone `rota.xlsx` or the CSVs for Excel. Each of those is recomputed here from
assignments.csv and the inputs — in plain loops, without the code that wrote them — and every
difference becomes a :class:`Violation` naming file, row and column (docs/outputs.md lists the
files and columns).

Before anything is checked, the inputs given are compared with the SHA-256 checksums in
summary.json: a rota is only judged by the files it was made from (:func:`compare_input_checksums`).
A re-plan (`solve --previous DIR`) is also compared with the previous rota it was made from: the
changed duties are counted from the two duties.csv files and must be the number summary.json
states (:func:`compare_changes`).

Each comparison is one ``compare_<what>(ctx, rota, folder)`` in :data:`OUTPUT_CHECKS`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from scheduler.check.rota import (
    _HOURS_TOLERANCE,
    AssignmentRow,
    CheckContext,
    VerifyReport,
    Violation,
    WardSlot,
    WrittenRota,
    _fmt,
    _label,
    _parse_date,
    _parse_hours,
    _records,
    build_context,
    make_report,
    parse_rota,
)
from scheduler.domain import Slot, SlotKind
from scheduler.errors import InputError, InputsChanged, Message, Severity
from scheduler.io.filenames import hashed_filename, id_from_filename, safe_filename
from scheduler.io.types import Inputs

__all__ = [
    "OutputFolder",
    "read_output_folder",
    "verify_dir",
    "compare_input_checksums",
    "OUTPUT_CHECKS",
    "TABLES",
    "MAX_OUTPUT_BYTES",
    "compare_outputs_present",
    "compare_coverage",
    "compare_burden",
    "compare_notices",
    "compare_calendars",
    "compare_workbook",
    "compare_excel_csv",
    "compare_summary",
    "compare_changes",
    "count_changes",
]

#: The four tables of a rota, each as `<name>.csv`, `excel/<name>.csv` and a sheet of rota.xlsx.
TABLES = ("assignments", "duties", "burden", "coverage")
#: A larger output file is not read (a rota of a big hospital is a few MB); it is reported.
MAX_OUTPUT_BYTES = 200 * 1024 * 1024
_OSLO = ZoneInfo("Europe/Oslo")
_WEEKDAYS = (("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
             ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


# --- reading the folder ----------------------------------------------------------------------


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

    @property
    def assignments(self) -> pd.DataFrame:
        return self.tables["assignments"]

    @property
    def duties(self) -> pd.DataFrame:
        return self.tables["duties"]


def _problem(rule: str, file: str, no: str, en: str, row: int | None = None, column: str = "", key: str = "",
             **where: object) -> Violation:
    """A finding that starts with where it is: file, row, column (or, in JSON, field)."""
    place_no = [file] + ([f"rad {row}"] if row is not None else []) + ([f"kolonne «{column}»"] if column else [])
    place_en = [file] + ([f"row {row}"] if row is not None else []) + ([f"column «{column}»"] if column else [])
    if key:
        place_no.append(f"felt «{key}»")
        place_en.append(f"field «{key}»")
    return Violation(rule=rule, text_no=f"{', '.join(place_no)}: {no}", text_en=f"{', '.join(place_en)}: {en}",
                     file=file, row=row, column=column or key, **where)  # type: ignore[arg-type]


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


# --- the inputs the rota was made from -------------------------------------------------------


def compare_input_checksums(recorded: Mapping[str, str], given: Mapping[str, str]) -> list[Message]:
    """Which given input files are not those the rota was made from (SHA-256, by file name), and
    which files it was made from are not given. A file under another name is accepted when its
    content is that of an input the rota was made from (a renamed copy)."""
    out: list[Message] = []
    fix_no = ("Oppgi de samme filene som vaktplanen ble laget av (stiene står i summary.json), eller lag "
              "vaktplanen på nytt med `scheduler solve`. Med --allow-changed-inputs kontrolleres den likevel.")
    fix_en = ("Give the files the rota was made from (their paths are in summary.json), or plan anew with "
              "`scheduler solve`. With --allow-changed-inputs it is checked anyway.")

    def add(name: str, no: str, en: str) -> None:
        out.append(Message(severity=Severity.ERROR, file=name, text_no=no, text_en=en, fix_no=fix_no, fix_en=fix_en))

    by_name_ok = {name for name, digest in given.items() if recorded.get(name) == digest}
    renamed_ok = {name for name, digest in given.items()
                  if name not in recorded and digest in set(recorded.values())}
    for name, digest in sorted(given.items()):
        if name in by_name_ok or name in renamed_ok:
            continue
        if name in recorded:
            add(name, f"Fila er endret siden vaktplanen ble laget: SHA-256 {digest[:12]}…, men summary.json har "
                f"{recorded[name][:12]}….",
                f"The file changed since the rota was made: SHA-256 {digest[:12]}…, but summary.json has "
                f"{recorded[name][:12]}….")
        else:
            add(name, "Fila var ikke blant inndataene til denne vaktplanen (input_checksums i summary.json).",
                "The file was not among the inputs of this rota (input_checksums in summary.json).")
    supplied = {given[n] for n in renamed_ok}
    for name, digest in sorted(recorded.items()):
        if name not in given and digest not in supplied:
            add(name, "Vaktplanen ble laget med denne fila, men den er ikke oppgitt nå.",
                "The rota was made with this file, but it is not given now.")
    return out


def _previous_folder(summary: dict | None, given: Path | None) -> Path | None:
    """The previous rota of a re-plan: the folder given, else the one summary.json names."""
    if given is not None:
        return Path(given)
    inputs = summary.get("inputs") if summary else None
    named = inputs.get("previous") if isinstance(inputs, dict) else None
    return Path(named) if isinstance(named, str) and named else None


def read_previous_rota(folder: OutputFolder, given: Path | None) -> list[Message]:
    """Read a re-plan's previous duties.csv into `folder.previous`; the difference from the SHA-256
    summary.json records for it, if any (a changed previous rota would miscount the changes).

    InputError when summary.json names a previous rota (or one is given) that is not there or
    cannot be read: the changes could not be counted, so nothing is checked."""
    where = _previous_folder(folder.summary, given)
    if where is None:
        return []
    file = where / "duties.csv"
    fix_no, fix_en = ("Oppgi mappen med forrige vaktplan med --previous MAPPE.",
                      "Give the folder of the previous rota with --previous DIR.")
    if not file.is_file():
        raise InputError(Message(severity=Severity.ERROR, file=str(file), fix_no=fix_no, fix_en=fix_en,
                                 text_no="fila mangler (eller er ikke en vanlig fil) — forrige vaktplan, som "
                                         "omplanleggingen ble laget mot; ingenting er kontrollert",
                                 text_en="file missing (or not a plain file) — the previous rota the re-plan was "
                                         "made against; nothing was checked"))
    problems: list[Violation] = []
    text = _read_text(file, str(file), problems)
    try:
        frame = _frame(text) if text is not None and text.strip() else None
    except (pd.errors.ParserError, ValueError) as exc:
        raise _cannot_check(file, f"Forrige vaktplan kan ikke leses som CSV ({exc}).",
                            f"The previous rota cannot be read as CSV ({exc}).") from exc
    if text is None or frame is None or not {"supporter_id", "date", "slot"} <= set(frame.columns):
        raise _cannot_check(file, "Forrige vaktplan er ikke en vaktliste (supporter_id, date, slot).",
                            "The previous rota is not a duty list (supporter_id, date, slot).")
    folder.previous, folder.previous_file = frame, file
    recorded = folder.summary.get("previous_duties_sha256") if folder.summary else None
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    if not isinstance(recorded, str) or recorded == digest:
        return []
    return [Message(severity=Severity.ERROR, file=str(file),
                    text_no=f"Forrige vaktplan er endret siden omplanleggingen ble laget: SHA-256 {digest[:12]}…, "
                            f"men summary.json har {recorded[:12]}….",
                    text_en=f"The previous rota changed since the re-plan was made: SHA-256 {digest[:12]}…, but "
                            f"summary.json has {recorded[:12]}….",
                    fix_no="Oppgi den forrige vaktplanen omplanleggingen ble laget mot, eller lag den på nytt. Med "
                           "--allow-changed-inputs kontrolleres den likevel.",
                    fix_en="Give the previous rota the re-plan was made against, or plan anew. With "
                           "--allow-changed-inputs it is checked anyway.")]


def verify_dir(path: Path, inputs: Inputs, *, allow_changed_inputs: bool = False,
                  previous: Path | None = None) -> VerifyReport:
    """The hard rules on assignments.csv and duties.csv, then every other file against them; for a
    re-plan, the changes against the previous rota (`previous`, else the folder summary.json names).

    Raises FileNotFoundError when assignments.csv or duties.csv is missing, InputError when the
    previous rota named is missing, and InputsChanged when the inputs (or the previous rota)
    differ from the checksums in summary.json (unless `allow_changed_inputs`: then the
    differences are listed in the report and the check goes on).
    """
    folder = read_output_folder(path)
    changes: list[Message] = []
    recorded = folder.summary.get("input_checksums") if folder.summary else None
    if isinstance(recorded, dict):
        changes = compare_input_checksums({str(k): str(v) for k, v in recorded.items()}, inputs.checksums)
    changes += read_previous_rota(folder, previous)
    if changes and not allow_changed_inputs:
        raise InputsChanged(changes)
    for name, needed in (("assignments", ("date", "slot", "ward", "supporter_id", "role")),
                         ("duties", ("supporter_id", "date", "slot"))):
        missing = [c for c in needed if c not in folder.tables[name].columns]
        if missing:
            raise _cannot_check(path / f"{name}.csv", f"Mangler kolonnene {', '.join(missing)}.",
                                f"Lacks the columns {', '.join(missing)}.")
    ctx = build_context(inputs)
    rota = parse_rota(ctx, folder.assignments, folder.duties)
    findings = [v for check in OUTPUT_CHECKS.values() for v in check(ctx, rota, folder)]
    report = make_report(ctx, rota, findings)
    report.input_changes = changes
    report.files_checked = True
    if folder.previous is not None:
        report.counts["changed_duties"] = sum(count_changes(ctx, rota, folder.previous))
    return report


# --- small helpers ---------------------------------------------------------------------------


def _bool(text: str) -> bool | None:
    return {"true": True, "1": True, "false": False, "0": False}.get(text.strip().lower())


def _number(text: str) -> float | None:
    """A number written as one (`5`, `1.5`, `-2e3`); None for anything else."""
    return _parse_hours(text) if _NUMBER.match(text.strip()) else None


def _same_number(text: str, expected: float, tolerance: float = 1e-9) -> bool:
    value = _number(text)
    return value is not None and abs(value - expected) <= tolerance


def _spaces(text: str) -> str:
    """Whitespace as a reader sees it: runs collapsed, ends trimmed."""
    return " ".join(text.split())


def _primary_backup(rota: WrittenRota) -> tuple[dict[WardSlot, AssignmentRow], dict[WardSlot, AssignmentRow]]:
    """The first primary and backup row of each ward-slot (duplicates are the hard rules' finding)."""
    primary: dict[WardSlot, AssignmentRow] = {}
    backup: dict[WardSlot, AssignmentRow] = {}
    for a in rota.assignments:
        if a.t is None:
            continue
        target = primary if a.role == "primary" else backup if a.role == "backup" else None
        if target is not None:
            target.setdefault((a.ward, a.t), a)
    return primary, backup


def _missing_columns(frame: pd.DataFrame, needed: Iterable[str], file: str, rule: str) -> list[Violation]:
    missing = [c for c in needed if c not in frame.columns]
    if not missing:
        return []
    return [_problem(rule, file, f"mangler kolonnene {', '.join(missing)}.", f"lacks the columns {', '.join(missing)}.",
                     row=1)]


def _row_slot(ctx: CheckContext, date_text: str, slot_name: str) -> int | None:
    date = _parse_date(date_text)
    found = ctx.slot_at.get((date, slot_name)) if date else None
    return found.index if found else None


# --- present ---------------------------------------------------------------------------------


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


# --- coverage.csv ----------------------------------------------------------------------------

_COVERAGE_COLUMNS = ("date", "slot", "ward", "headcount", "covered", "reason", "supporter_id", "backup_id")


def compare_coverage(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """coverage.csv has one row per ward-slot needing cover, whose headcount is the staff at work
    and whose covered flag, supporter, backup and reason are those of assignments.csv."""
    rule, file = "coverage_matches_assignments", "coverage.csv"
    frame = folder.tables.get("coverage")
    if frame is None:
        return []
    problems = _missing_columns(frame, _COVERAGE_COLUMNS, file, rule)
    if problems:
        return problems
    primary, backup = _primary_backup(rota)
    out: list[Violation] = []
    seen: dict[WardSlot, int] = {}
    for i, r in enumerate(_records(frame, _COVERAGE_COLUMNS)):
        line = i + 2
        t = _row_slot(ctx, r["date"], r["slot"])
        key = (r["ward"], t) if t is not None else None
        where = dict(ward=r["ward"] or None, date=_parse_date(r["date"]), slot=r["slot"])
        if key is None or key not in ctx.demand:
            out.append(_problem(rule, file, f"post {r['ward']} {r['date']} {r['slot']} har ikke behov for dekning "
                                "(ingen slik rad i assignments.csv).",
                                f"ward {r['ward']} {r['date']} {r['slot']} needs no cover (no such row in "
                                "assignments.csv).", row=line, **where))
            continue
        if key in seen:
            out.append(_problem(rule, file, f"post {r['ward']} {r['date']} {r['slot']} står to ganger (også rad {seen[key]}).",
                                f"ward {r['ward']} {r['date']} {r['slot']} is listed twice (also row {seen[key]}).",
                                row=line, **where))
            continue
        seen[key] = line
        p, b = primary.get(key), backup.get(key)
        sid = p.supporter_id if p else ""
        source_no = f"assignments.csv rad {p.line}" if p else "assignments.csv (ingen rad)"
        source_en = f"assignments.csv row {p.line}" if p else "assignments.csv (no row)"
        expected = {
            "headcount": str(ctx.demand[key]),
            "covered": str(bool(sid)),
            "reason": p.reason if p else "",
            "supporter_id": sid,
            "backup_id": b.supporter_id if b else "",
        }
        for column, want in expected.items():
            got = r[column]
            if column == "headcount":
                same = _same_number(got, float(want))
                basis_no, basis_en = "ansatte på jobb etter turnus", "staff at work by the turnus"
            elif column == "covered":
                same = _bool(got) is (want == "True")
                basis_no, basis_en = source_no, source_en
            else:
                same = got == want
                basis_no, basis_en = source_no, source_en
            if not same:
                out.append(_problem(rule, file, f"{got!r} for post {key[0]} {_label(ctx.slots[t])}, men {basis_no} gir {want!r}.",
                                    f"{got!r} for ward {key[0]} {_label(ctx.slots[t])}, but {basis_en} gives {want!r}.",
                                    row=line, column=column, supporter_id=sid, **where))
    for ward, t in sorted(set(ctx.demand) - set(seen), key=lambda k: (k[1], k[0])):
        out.append(_problem(rule, file, f"mangler post {ward} {_label(ctx.slots[t])}, som har behov for dekning.",
                            f"lacks ward {ward} {_label(ctx.slots[t])}, which needs cover.", ward=ward,
                            date=ctx.slots[t].date, slot=ctx.slots[t].name))
    return out


# --- burden.csv ------------------------------------------------------------------------------

_BURDEN_COLUMNS = ("supporter_id", "name", "home_ward", "profession", "duties", "nights", "weekend_duties", "hours",
                   "target", "load_ratio", "max_duties_per_week", "recent_activity")


def compare_burden(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """burden.csv has one row per supporter, with the duties, nights, weekend duties and hours of
    the rota, the person's name, ward and limits from the inputs, and load = hours ÷ target."""
    rule, file = "burden_matches_duties", "burden.csv"
    frame = folder.tables.get("burden")
    if frame is None:
        return []
    problems = _missing_columns(frame, _BURDEN_COLUMNS, file, rule)
    if problems:
        return problems
    per: dict[str, list[int]] = {}
    for sid, t in sorted(rota.on_duty):
        per.setdefault(sid, []).append(t)
    expected_ids = {sid for sid in ctx.supporters if sid in ctx.employees} | set(per)
    out: list[Violation] = []
    seen: dict[str, int] = {}
    for i, r in enumerate(_records(frame, _BURDEN_COLUMNS)):
        line, sid = i + 2, r["supporter_id"]
        who = ctx.who(sid)
        if sid not in expected_ids:
            out.append(_problem(rule, file, f"{who} er ikke kollegastøtte i inndataene og har ingen støttevakt.",
                                f"{who} is not a supporter in the inputs and has no duty.", row=line, supporter_id=sid))
            continue
        if sid in seen:
            out.append(_problem(rule, file, f"{who} står to ganger (også rad {seen[sid]}).",
                                f"{who} is listed twice (also row {seen[sid]}).", row=line, supporter_id=sid))
            continue
        seen[sid] = line
        slots = [ctx.slots[t] for t in per.get(sid, [])]
        hours = round(sum(s.duty_hours for s in slots), 2)
        employee = ctx.employees.get(sid)
        supporter = ctx.supporter(sid)
        counted = {
            "duties": (float(len(slots)), 1e-9),
            "nights": (float(sum(s.kind is SlotKind.NIGHT for s in slots)), 1e-9),
            "weekend_duties": (float(sum(s.is_weekend for s in slots)), 1e-9),
            "hours": (hours, _HOURS_TOLERANCE),
            "max_duties_per_week": (float(ctx.rules.weekly_duties(supporter)), 1e-9),
            "recent_activity": (float(supporter.recent_activity), 1e-9),
        }
        for column, (want, tolerance) in counted.items():
            if not _same_number(r[column], want, tolerance):
                basis_no = "inndataene" if column in ("max_duties_per_week", "recent_activity") else "vaktplanen"
                basis_en = "the inputs" if column in ("max_duties_per_week", "recent_activity") else "the rota"
                out.append(_problem(rule, file, f"{who}: {r[column]!r}, men {basis_no} gir {_fmt(want)}.",
                                    f"{who}: {r[column]!r}, but {basis_en} gives {_fmt(want)}.",
                                    row=line, column=column, supporter_id=sid))
        texts = {"name": employee.name.strip() if employee else "", "home_ward": employee.ward.strip() if employee else "",
                 "profession": employee.profession.strip() if employee else ""}
        for column, want in texts.items():
            if r[column] != want:
                out.append(_problem(rule, file, f"{who}: {r[column]!r}, men inndataene gir {want!r}.",
                                    f"{who}: {r[column]!r}, but the inputs give {want!r}.", row=line, column=column,
                                    supporter_id=sid))
        target, ratio = _number(r["target"]), _number(r["load_ratio"]) if r["load_ratio"] else None
        if target is None or target < 0:
            out.append(_problem(rule, file, f"{who}: målet {r['target']!r} er ikke et tall ≥ 0.",
                                f"{who}: the target {r['target']!r} is not a number ≥ 0.", row=line, column="target",
                                supporter_id=sid))
        elif target > 0:
            # The target is written with two decimals, the ratio with three, from the unrounded target.
            want = round(hours / target, 3)
            low = hours / (target + 0.005) - 0.0006
            high = hours / (target - 0.005) + 0.0006 if target > 0.005 else math.inf
            if ratio is None or not low <= ratio <= high:
                out.append(_problem(rule, file, f"{who}: load_ratio {r['load_ratio']!r}, men {_fmt(hours)} timer ÷ mål "
                                    f"{_fmt(target)} = {_fmt(want)}.",
                                    f"{who}: load_ratio {r['load_ratio']!r}, but {_fmt(hours)} hours ÷ target "
                                    f"{_fmt(target)} = {_fmt(want)}.", row=line, column="load_ratio", supporter_id=sid))
    for sid in sorted(expected_ids - set(seen)):
        out.append(_problem(rule, file, f"mangler {ctx.who(sid)}.", f"lacks {ctx.who(sid)}.", supporter_id=sid))
    return out


# --- notices/*.html --------------------------------------------------------------------------


@dataclass
class _NoticeRow:
    """One table row of a notice: its class, its cells' texts, the phone number of each cell ("" for
    a cell without one), and whether every cell is a header cell (`<th>`)."""

    cls: str
    cells: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    header: bool = True


#: Elements whose text a notice shows outside its table: (tag, class) → the part's name.
_NOTICE_PARTS = {("title", ""): "title", ("h1", ""): "title", ("p", "tittel"): "title", ("p", "lead"): "lead",
                 ("p", "uke"): "week", ("p", "reserve"): "footer", ("figcaption", ""): "caption",
                 ("style", ""): "style", ("script", ""): "script", ("svg", ""): "svg", ("title", "svg"): "svg_title",
                 ("desc", "svg"): "svg_title"}
_NOTICE_CELLS = ("td", "th")
_TABLE_ENDS = ("table", "thead", "tbody", "tfoot")


class _NoticeParser(HTMLParser):
    """A notice read as a browser lays it out.

    Every `<tr>` of every table is a row, whatever its class; a cell or a row left open is closed by
    the next one (as browsers do), so a row written without its end tags is read, not dropped. A
    phone number in a cell (`<a class='tlf'>`) is kept apart from the cell's text. Every text
    outside the table's cells is kept with the part of the page it is in (`_NOTICE_PARTS`: title,
    lead, week, footer, caption, style, …; "" for anywhere else), so the check can hold each part
    to what it may say."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[_NoticeRow] = []
        self.parts: list[tuple[str, str]] = []  # (part, its whole text), in document order
        self.outside: list[str] = []  # text in no part and no cell
        self._row: _NoticeRow | None = None
        self._cell: list[str] | None = None
        self._phone: list[str] | None = None
        self._open: list[tuple[str, str, list[str]]] = []  # (tag, part, text) of the parts open

    # rows and cells
    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            if self._phone is not None:
                self._row.phones[-1] = "".join(self._phone)
                self._phone = None
            self._row.cells.append("".join(self._cell))
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None and self._row.cells:
            self.rows.append(self._row)
        self._row = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = (dict(attrs).get("class") or "").strip()
        if tag == "tr":
            self._close_row()
            self._row = _NoticeRow(cls)
        elif tag in _NOTICE_CELLS:
            self._close_cell()
            if self._row is None:  # a cell outside a row: a browser makes it a row of its own
                self._row = _NoticeRow("")
            self._cell = []
            self._row.phones.append("")
            self._row.header = self._row.header and tag == "th"
        elif tag == "a" and self._cell is not None and "tlf" in cls.split():
            self._phone = []
        elif self._cell is None:
            inside_svg = any(part == "svg" for _, part, _ in self._open)
            key = (tag, "svg" if inside_svg and tag in ("title", "desc") else cls if tag == "p" else "")
            part = _NOTICE_PARTS.get(key, "other" if tag == "p" else None)
            if tag == "p" and self._open and self._open[-1][0] == "p":
                self._end("p")  # a paragraph ends where the next begins
            if part is not None:
                self._open.append((tag, part, []))

    def _end(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                for _, part, text in self._open[i:][::-1]:
                    self.parts.append((part, "".join(text)))
                del self._open[i:]
                return

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._phone is not None and self._row is not None:
            self._row.phones[-1] = "".join(self._phone)
            self._phone = None
        elif tag in _NOTICE_CELLS:
            self._close_cell()
        elif tag == "tr" or tag in _TABLE_ENDS:
            self._close_row()
        elif self._cell is None:
            self._end(tag)

    def handle_data(self, data: str) -> None:
        if self._phone is not None:
            self._phone.append(data)
        elif self._cell is not None:
            self._cell.append(data)
        elif self._open:
            self._open[-1][2].append(data)
        elif data.strip():
            self.outside.append(data)

    def close(self) -> None:
        super().close()
        self._close_row()
        while self._open:
            self._end(self._open[-1][0])


def _person(ctx: CheckContext, sid: str) -> str:
    """How a notice names a supporter: their name (or id) and home ward."""
    employee = ctx.employees.get(sid)
    name = employee.name if employee and employee.name else sid
    ward = employee.ward if employee else ctx.home.get(sid, "")
    return _spaces(f"{name} ({ward})")


def _name(ctx: CheckContext, sid: str) -> str:
    employee = ctx.employees.get(sid)
    return _spaces(employee.name if employee and employee.name else sid)


def _file_for(ident: str, files: Mapping[str, object], suffix: str) -> str | None:
    for name in (f"{safe_filename(ident)}{suffix}", f"{hashed_filename(ident)}{suffix}"):
        if name in files:
            return name
    return None


def _notice_date(text: str) -> dt.date | None:
    """`mandag 04.01.2027` (or `Monday 04.01.2027`) → the date, when the weekday fits it."""
    parts = _spaces(text).split(" ")
    if len(parts) != 2:
        return None
    try:
        date = dt.datetime.strptime(parts[1], "%d.%m.%Y").date()
    except ValueError:
        return None
    return date if parts[0].lower() in (days[date.weekday()] for days in _WEEKDAYS) else None


def compare_notices(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """Each ward in assignments.csv has its notice (notices/<safe file name>.html) with a row per
    shift, the right time, and the person to call and the backup named there — or "nobody" and
    the reason. No notice for a ward without rows."""
    rule = "notices_match_assignments"
    if not folder.has_notices:
        return []
    entries: dict[str, dict[int, dict[str, str]]] = {}
    for a in rota.assignments:
        entries.setdefault(a.ward, {})
        if a.t is not None and a.role in ("primary", "backup"):
            entry = entries[a.ward].setdefault(a.t, {})
            entry.setdefault(a.role, a.supporter_id)
            if not a.supporter_id:
                entry.setdefault("reason", a.reason)
    out: list[Violation] = []
    used: set[str] = set()
    for ward in sorted(entries):
        name = _file_for(ward, folder.notices, ".html")
        if name is None:
            out.append(_problem(rule, f"notices/{safe_filename(ward)}.html",
                                f"oppslaget for post {ward} mangler.", f"the notice of ward {ward} is missing.", ward=ward))
            continue
        used.add(name)
        out.extend(_compare_notice(ctx, ward, entries[ward], f"notices/{name}", folder.notices[name], rule))
    for name in sorted(set(folder.notices) - used):
        ward = id_from_filename(name.removesuffix(".html")) if name.endswith(".html") else None
        what_no = f"post {ward!r}" if ward is not None else "ingen post (navnet er ikke laget av programmet)"
        what_en = f"ward {ward!r}" if ward is not None else "no ward (the name was not made by this program)"
        out.append(_problem(rule, f"notices/{name}", f"et oppslag for {what_no}, som ikke har rader i assignments.csv.",
                            f"a notice for {what_en}, which has no rows in assignments.csv."))
    return out


#: What a notice says for a shift without a supporter, in either language (docs/outputs.md).
_NOTICE_FALLBACKS = ("Ingen kollegastøtte denne vakta – kontakt leder på vakt.",
                     "No peer supporter this shift – contact the manager on duty.")
#: A notice's own texts around its table, in either language (docs/outputs.md, «notices and calendars»):
#: nothing else may be written on it, so no text outside the table can name someone to call.
_NOTICE_HEADS = (("Dag", "Vakt", "Tid", "Ring", "Reserve"), ("Day", "Shift", "Time", "Call", "Backup"))
_NOTICE_LEADS = ("Har du opplevd noe vanskelig på jobb? Ring kollegastøtten på vakt. Samtalen er frivillig og fortrolig: "
                 "ingenting av det som sies blir skrevet ned.",
                 "Has something at work been hard? Call the peer supporter on duty. The talk is voluntary and "
                 "confidential: nothing that is said is written down.")
_NOTICE_FOOTER = re.compile(r"^(?:Står det ingen kollegastøtte på vakta, kontakt leder på vakt(?: \(tlf\. [+\d][\d ().-]*\))?"
                            r"|When no peer supporter is on duty, contact the manager on duty(?: \(tel\. [+\d][\d ().-]*\))?)\.$")
_NOTICE_WEEK = re.compile(r"^(?:Uke|Week) \d{1,2} · \w+ \d{2}\.\d{2}\. – \w+ \d{2}\.\d{2}\.\d{4}$")
_NOTICE_CAPTIONS = ("Skann: hvem ringer jeg nå?", "Scan: who do I call now?")
#: CSS that can put text on the page or fetch something: a notice's style never has it.
_CSS_TEXT = re.compile(r"(?<![\w-])content\s*:|@import|url\s*\(|expression\s*\(", re.IGNORECASE)


def _short_text(text: str, n: int = 80) -> str:
    text = _spaces(text)
    return text if len(text) <= n else text[:n - 1] + "…"


def _notice_parts(parser: _NoticeParser, titles: set[str], file: str, ward: str, rule: str) -> list[Violation]:
    """Every text outside the table is one of the notice's own (title, lead, week, footer, QR caption),
    and its style writes no text: a person to call can be named only in the table, where it is checked."""
    out: list[Violation] = []

    def bad(no: str, en: str) -> None:
        out.append(_problem(rule, file, no, en, ward=ward))

    for part, text in parser.parts:
        shown = _spaces(text)
        if part == "title" and shown not in titles:
            bad(f"overskriften er {shown!r}, men posten heter {sorted(titles)[0]!r}.",
                f"the heading is {shown!r}, but the ward is called {sorted(titles)[0]!r}.")
        elif part == "lead" and shown not in _NOTICE_LEADS:
            bad(f"innledningen er endret: «{_short_text(shown)}».", f"the introduction was changed: «{_short_text(shown)}».")
        elif part == "week" and not _NOTICE_WEEK.match(shown):
            bad(f"ukelinjen er endret: «{_short_text(shown)}».", f"the week line was changed: «{_short_text(shown)}».")
        elif part == "footer" and not _NOTICE_FOOTER.match(shown):
            bad(f"bunnteksten er endret: «{_short_text(shown)}».", f"the footer was changed: «{_short_text(shown)}».")
        elif part in ("caption", "svg_title") and shown not in _NOTICE_CAPTIONS:
            bad(f"teksten ved QR-koden er endret: «{_short_text(shown)}».",
                f"the text by the QR code was changed: «{_short_text(shown)}».")
        elif part == "svg" and shown:
            bad(f"QR-koden har tekst: «{_short_text(shown)}».", f"the QR code has text: «{_short_text(shown)}».")
        elif part == "style" and _CSS_TEXT.search(text):
            bad("stilarket setter inn tekst eller henter noe (content, @import, url).",
                "the style sheet inserts text or fetches something (content, @import, url).")
        elif part == "script":
            bad("oppslaget har et skript.", "the notice has a script.")
        elif part == "other" and shown:
            bad(f"tekst utenfor oppslagets deler: «{_short_text(shown)}».",
                f"text outside the notice's parts: «{_short_text(shown)}».")
    for text in parser.outside:
        bad(f"tekst utenfor oppslagets deler: «{_short_text(text)}».", f"text outside the notice's parts: «{_short_text(text)}».")
    return out


def _compare_notice(ctx: CheckContext, ward: str, entries: Mapping[int, Mapping[str, str]], file: str, text: str,
                    rule: str) -> list[Violation]:
    parser = _NoticeParser()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - a broken file is a finding, not a crash
        return [_problem(rule, file, f"kan ikke leses som HTML ({exc}).", f"cannot be read as HTML ({exc}).", ward=ward)]
    known = ctx.wards.get(ward)
    ward_name = _spaces(known.name if known else ward)
    titles = {f"Kollegastøtte – {ward_name}", f"Peer support – {ward_name}"}
    out = _notice_parts(parser, titles, file, ward, rule)
    if not any(part == "title" for part, _ in parser.parts):
        out.append(_problem(rule, file, f"overskriften mangler; posten heter {ward_name!r}.",
                            f"the heading is missing; the ward is called {ward_name!r}.", ward=ward))
    seen: dict[int, int] = {}
    number = 0
    for row in parser.rows:
        if row.header:
            if tuple(_spaces(c) for c in row.cells) not in _NOTICE_HEADS:
                out.append(_problem(rule, file, f"en overskriftsrad sier «{_short_text(' | '.join(row.cells))}».",
                                    f"a header row says «{_short_text(' | '.join(row.cells))}».", ward=ward))
            continue
        number += 1
        cells, phones = row.cells, row.phones
        where_no, where_en = f"tabellrad {number}", f"table row {number}"
        if len(cells) != 5:
            out.append(_problem(rule, file, f"{where_no} har {len(cells)} celler (skal være 5).",
                                f"{where_en} has {len(cells)} cells (should be 5).", ward=ward))
            continue
        date_cell, slot_cell, time_cell, call_cell, backup_cell = (_spaces(c) for c in cells)
        date = _notice_date(date_cell)
        slot = ctx.slot_at.get((date, slot_cell)) if date else None
        if slot is None or slot.index not in entries:
            out.append(_problem(rule, file, f"{where_no}: {date_cell} {slot_cell} er ingen vakt med rad for post {ward} i "
                                "assignments.csv.",
                                f"{where_en}: {date_cell} {slot_cell} is no shift with a row for ward {ward} in "
                                "assignments.csv.", ward=ward))
            continue
        t, label = slot.index, _label(slot)
        if t in seen:
            out.append(_problem(rule, file, f"{where_no}: {label} står to ganger (også rad {seen[t]}).",
                                f"{where_en}: {label} is listed twice (also row {seen[t]}).", ward=ward,
                                date=slot.date, slot=slot.name))
            continue
        seen[t] = number
        entry = entries[t]
        hours = f"{slot.start:%H:%M}–{slot.end:%H:%M}"
        if time_cell != hours:
            out.append(_problem(rule, file, f"{where_no}: {label} står med tiden {time_cell!r}, vakta er {hours}.",
                                f"{where_en}: {label} shows the time {time_cell!r}, the slot is {hours}.", ward=ward,
                                date=slot.date, slot=slot.name))
        primary, backup = entry.get("primary", ""), entry.get("backup", "")
        if primary:
            calls = {_person(ctx, primary)}
        else:
            # A notice never says why nobody covers (that can reveal a colleague's unavailability):
            # it names the fallback, the manager on duty (docs/outputs.md).
            calls = set(_NOTICE_FALLBACKS)
        if call_cell not in calls:
            want = sorted(calls)[0]
            out.append(_problem(rule, file, f"{where_no}: {label} sier «ring {call_cell}», men assignments.csv gir «{want}».",
                                f"{where_en}: {label} says «call {call_cell}», but assignments.csv gives «{want}».",
                                ward=ward, date=slot.date, slot=slot.name, supporter_id=primary))
        for role, sid, shown in (("call", primary, phones[3]), ("backup", backup, phones[4])):
            want_phone = ctx.supporter(sid).phone if sid else ""
            if _spaces(shown) != want_phone:
                out.append(_problem(rule, file, f"{where_no}: {label} viser telefon {_spaces(shown)!r} for "
                                    f"{'den som skal ringes' if role == 'call' else 'reserven'}, men supporters.csv gir "
                                    f"{want_phone!r}.",
                                    f"{where_en}: {label} shows the phone {_spaces(shown)!r} for the "
                                    f"{'person to call' if role == 'call' else 'backup'}, but supporters.csv gives "
                                    f"{want_phone!r}.", ward=ward, date=slot.date, slot=slot.name, supporter_id=sid))
        want_backup = _name(ctx, backup) if backup else ""
        if backup_cell != want_backup:
            out.append(_problem(rule, file, f"{where_no}: {label} har reserve {backup_cell!r}, men assignments.csv gir "
                                f"{want_backup!r}.",
                                f"{where_en}: {label} has backup {backup_cell!r}, but assignments.csv gives {want_backup!r}.",
                                ward=ward, date=slot.date, slot=slot.name, supporter_id=backup))
    for t in sorted(set(entries) - set(seen)):
        out.append(_problem(rule, file, f"mangler {_label(ctx.slots[t])}, som har en rad i assignments.csv.",
                            f"lacks {_label(ctx.slots[t])}, which has a row in assignments.csv.", ward=ward,
                            date=ctx.slots[t].date, slot=ctx.slots[t].name))
    return out


# --- calendars/*.ics -------------------------------------------------------------------------


#: What a duty calendar holds (docs/outputs.md, «notices and calendars»): these calendar properties,
#: time zones and events, each event with exactly these properties, once each. Anything else —
#: a repeat rule, an extra date, a cancellation, an alarm, a place — changes what the phone shows.
_CALENDAR_PROPERTIES = frozenset({"PRODID", "VERSION", "X-WR-CALNAME"})
_EVENT_PROPERTIES = frozenset({"UID", "SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "DESCRIPTION"})


@dataclass
class _IcsEvent:
    """One VEVENT as written: its properties (name → the values given, in order, text unescaped),
    its start and end as Oslo wall-clock time (None when not one date-time), and the components
    nested in it."""

    props: dict[str, list[str]] = field(default_factory=dict)
    times: dict[str, list[tuple[dict[str, str], str]]] = field(default_factory=dict)
    nested: list[str] = field(default_factory=list)

    def moment(self, name: str) -> dt.datetime | None:
        given = self.times.get(name, [])
        return _ics_time(given[0]) if len(given) == 1 else None


@dataclass
class _Ics:
    """A calendar file as written: how many calendars it holds, the first one's properties, the
    names of its components other than events and time zones, its events, and its time zones
    (each as its text)."""

    calendars: int = 0
    props: dict[str, list[str]] = field(default_factory=dict)
    components: list[str] = field(default_factory=list)
    events: list[_IcsEvent] = field(default_factory=list)
    zones: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # components outside any calendar


def _unescape(text: str) -> str:
    return re.sub(r"\\([nN,;\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _read_ics(data: bytes) -> _Ics:
    """The components and properties of a calendar file, every one of them (RFC 5545: lines unfolded
    first; names case-insensitive). Raises UnicodeDecodeError when it is not UTF-8."""
    unfolded = re.sub(rb"\r?\n[ \t]", b"", data).decode("utf-8")
    ics = _Ics()
    stack: list[str] = []
    event: _IcsEvent | None = None
    zone: list[str] | None = None
    for line in unfolded.splitlines():
        head, sep, value = line.partition(":")
        name, *params = head.split(";")
        name = name.strip().upper()
        if zone is not None:
            zone.append(line)
        if name == "BEGIN" and sep:
            kind = value.strip().upper()
            stack.append(kind)
            if len(stack) == 1:
                ics.calendars += kind == "VCALENDAR"
                if kind != "VCALENDAR":
                    ics.outside.append(kind)
            elif len(stack) == 2 and ics.calendars == 1:
                if kind == "VEVENT":
                    event = _IcsEvent()
                    ics.events.append(event)
                elif kind == "VTIMEZONE":
                    zone = [line]
                else:
                    ics.components.append(kind)
            elif len(stack) == 3 and event is not None:
                event.nested.append(kind)
            continue
        if name == "END" and sep:
            if len(stack) == 2:
                if zone is not None:
                    ics.zones.append("\r\n".join(zone) + "\r\n")
                event, zone = None, None
            if stack:
                stack.pop()
            continue
        if not sep or ics.calendars != 1 or stack[:1] != ["VCALENDAR"]:
            continue
        if len(stack) == 1:
            ics.props.setdefault(name, []).append(_unescape(value))
        elif len(stack) == 2 and event is not None:
            event.props.setdefault(name, []).append(_unescape(value))
            if name in ("DTSTART", "DTEND"):
                parsed = {}
                for param in params:
                    key, _, val = param.partition("=")
                    parsed[key.strip().upper()] = val.strip('"')
                event.times.setdefault(name, []).append((parsed, value.strip()))
    return ics


def _ics_time(prop: tuple[dict[str, str], str] | None) -> dt.datetime | None:
    """A DTSTART/DTEND as Oslo wall-clock time (naive), from a TZID time, a UTC time or a floating one."""
    if prop is None:
        return None
    params, value = prop
    try:
        moment = dt.datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
        if value.endswith("Z"):
            return moment.replace(tzinfo=dt.UTC).astimezone(_OSLO).replace(tzinfo=None)
        zone = params.get("TZID")
        if zone and zone != "Europe/Oslo":
            return moment.replace(tzinfo=ZoneInfo(zone)).astimezone(_OSLO).replace(tzinfo=None)
        return moment
    except (ValueError, KeyError, OSError):
        return None


@lru_cache(maxsize=16)
def _zone_of(text: str) -> tuple[str, dt.tzinfo | None, str]:
    """A VTIMEZONE as written — its TZID and the time zone its rules define (read with the
    icalendar library, not looked up by name) — or the reason it cannot be read. Cached: every
    calendar of a rota carries the same one."""
    from icalendar import Timezone

    try:
        zone = Timezone.from_ical(text)
        return str(zone.get("TZID", "")), zone.to_tz(lookup_tzid=False), ""
    except Exception as exc:  # noqa: BLE001 - a broken zone is a finding
        return "", None, _short_text(str(exc))


def _offset(delta: dt.timedelta | None) -> str:
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _zone_problems(zones: Iterable[str], moments: Iterable[dt.datetime]) -> list[tuple[str, str]]:
    """A time zone written into the calendar is the one a phone uses for the events' times: each
    must be Europe/Oslo and give Oslo's offset from UTC at every event's time."""
    out = []
    moments = sorted(set(moments))
    for text in zones:
        tzid, written, problem = _zone_of(text)
        if written is None:
            out.append((f"en tidssone i fila kan ikke leses ({problem}).", f"a time zone in the file cannot be read ({problem})."))
            continue
        if tzid != "Europe/Oslo":
            out.append((f"tidssonen {tzid!r} er ikke Europe/Oslo.", f"the time zone {tzid!r} is not Europe/Oslo."))
            continue
        for moment in moments:
            have, want = written.utcoffset(moment), _OSLO.utcoffset(moment)
            if have != want:
                out.append((f"tidssonen Europe/Oslo i fila gir UTC{_offset(have)} {moment:%d.%m.%Y %H:%M}, men Oslo har "
                            f"UTC{_offset(want)}: telefonen ville vist andre tider.",
                            f"the time zone Europe/Oslo in the file gives UTC{_offset(have)} at {moment:%d.%m.%Y %H:%M}, "
                            f"but Oslo has UTC{_offset(want)}: a phone would show other times."))
                break
    return out


def compare_calendars(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """Each supporter in duties.csv has a calendar (calendars/<safe file name>.ics) with exactly one
    event per duty, at the slot's start and end (Europe/Oslo), listing the wards they are named
    for in assignments.csv. No calendar for anyone without duties."""
    rule = "calendars_match_duties"
    if not folder.has_calendars:
        return []
    duties: dict[str, set[int]] = {}
    for d in rota.duty_rows:
        if d.supporter_id:
            duties.setdefault(d.supporter_id, set())
            if d.t is not None:
                duties[d.supporter_id].add(d.t)
    by_time = {(s.start, s.end): s for s in ctx.slots}
    out: list[Violation] = []
    used: set[str] = set()
    for sid in sorted(duties):
        name = _file_for(sid, folder.calendars, ".ics")
        who = ctx.who(sid)
        if name is None:
            out.append(_problem(rule, f"calendars/{safe_filename(sid)}.ics", f"kalenderen til {who} mangler.",
                                f"the calendar of {who} is missing.", supporter_id=sid))
            continue
        used.add(name)
        out.extend(_compare_calendar(ctx, rota, sid, duties[sid], f"calendars/{name}", folder.calendars[name],
                                     by_time, rule))
    for name in sorted(set(folder.calendars) - used):
        sid = id_from_filename(name.removesuffix(".ics")) if name.endswith(".ics") else None
        what_no = ctx.who(sid) if sid is not None else "ingen (navnet er ikke laget av programmet)"
        what_en = ctx.who(sid) if sid is not None else "nobody (the name was not made by this program)"
        out.append(_problem(rule, f"calendars/{name}", f"en kalender for {what_no}, som ikke har støttevakter i duties.csv.",
                            f"a calendar for {what_en}, who has no duties in duties.csv.", supporter_id=sid or ""))
    return out


def _compare_calendar(ctx: CheckContext, rota: WrittenRota, sid: str, duties: set[int], file: str, data: bytes,
                      by_time: Mapping[tuple[dt.datetime, dt.datetime], Slot], rule: str) -> list[Violation]:
    who = ctx.who(sid)
    try:
        ics = _read_ics(data)
    except UnicodeDecodeError as exc:
        return [_problem(rule, file, f"ikke UTF-8 ({exc}).", f"not UTF-8 ({exc}).", supporter_id=sid)]
    out: list[Violation] = []

    def bad(no: str, en: str, slot: Slot | None = None) -> None:
        where = {"date": slot.date, "slot": slot.name} if slot is not None else {}
        out.append(_problem(rule, file, no, en, supporter_id=sid, **where))

    if ics.calendars != 1:
        bad(f"fila har {ics.calendars} kalendere (skal være 1).", f"the file has {ics.calendars} calendars (should be 1).")
    extra = sorted(set(ics.props) - _CALENDAR_PROPERTIES)
    if extra:
        bad(f"kalenderen har {', '.join(extra)}, som en vaktkalender ikke har.",
            f"the calendar has {', '.join(extra)}, which a duty calendar does not have.")
    calname = f"Kollegastøttevakter {_name(ctx, sid)}"
    if [_spaces(v) for v in ics.props.get("X-WR-CALNAME", [])] != [calname]:
        shown = "; ".join(ics.props.get("X-WR-CALNAME", [])) or "–"
        bad(f"kalendernavnet er «{_short_text(shown)}», skal være «{calname}».",
            f"the calendar's name is «{_short_text(shown)}», should be «{calname}».")
    for name in ics.components:
        bad(f"kalenderen har en {name}, som en vaktkalender ikke har.", f"the calendar has a {name}, which a duty calendar "
            "does not have.")
    for name in ics.outside:
        bad(f"fila har en {name} utenfor kalenderen.", f"the file has a {name} outside its calendar.")
    moments = [m for e in ics.events for m in (e.moment("DTSTART"), e.moment("DTEND")) if m is not None]
    for no, en in _zone_problems(ics.zones, moments):
        bad(no, en)
    seen: dict[int, int] = {}
    uids: dict[str, int] = {}
    for number, event in enumerate(ics.events, start=1):
        where_no, where_en = f"hendelse {number}", f"event {number}"
        for name in event.nested:
            bad(f"{where_no} har en {name} (f.eks. en påminnelse), som en vakt ikke har.",
                f"{where_en} has a {name} (e.g. an alarm), which a duty does not have.")
        extra = sorted(set(event.props) - _EVENT_PROPERTIES)
        if extra:
            bad(f"{where_no} har {', '.join(extra)}, som en vakt ikke har (gjentakelse, flytting, avlysning, sted …).",
                f"{where_en} has {', '.join(extra)}, which a duty does not have (repetition, moving, cancelling, "
                "place …).")
        missing = sorted(_EVENT_PROPERTIES - set(event.props))
        if missing:
            bad(f"{where_no} mangler {', '.join(missing)}.", f"{where_en} lacks {', '.join(missing)}.")
        twice = sorted(n for n, values in event.props.items() if len(values) > 1)
        if twice:
            bad(f"{where_no} har {', '.join(twice)} mer enn én gang.", f"{where_en} has {', '.join(twice)} more than once.")
        for uid in event.props.get("UID", [])[:1]:
            if uid in uids:
                bad(f"{where_no} har samme UID som hendelse {uids[uid]}: en kalender viser da bare den ene.",
                    f"{where_en} has the UID of event {uids[uid]}: a calendar then shows only one of them.")
            uids.setdefault(uid, number)
        start, end = event.moment("DTSTART"), event.moment("DTEND")
        raw = f"{'; '.join(event.props.get('DTSTART', ['?']))}–{'; '.join(event.props.get('DTEND', ['?']))}"
        slot = by_time.get((start, end)) if start and end else None
        if slot is None:
            bad(f"{where_no} ({raw}) passer ikke med noen vakt i perioden.", f"{where_en} ({raw}) matches no slot of the "
                "horizon.")
            continue
        t, label = slot.index, _label(slot)
        if t not in duties:
            bad(f"{where_no}: {label} er ingen støttevakt for {who} i duties.csv.",
                f"{where_en}: {label} is not a duty of {who} in duties.csv.", slot)
            continue
        if t in seen:
            bad(f"{where_no}: {label} står to ganger (også hendelse {seen[t]}).",
                f"{where_en}: {label} is there twice (also event {seen[t]}).", slot)
            continue
        seen[t] = number
        summary = f"Kollegastøttevakt ({slot.name})"
        got_summary = "; ".join(event.props.get("SUMMARY", []))
        if _spaces(got_summary) != summary:
            bad(f"{where_no}: {label} har tittelen «{_short_text(got_summary)}», skal være «{summary}».",
                f"{where_en}: {label} has the title «{_short_text(got_summary)}», should be «{summary}».", slot)
        wards = ";".join(sorted(rota.named.get((sid, t), frozenset())))
        want = "Poster du dekker: " + (wards.replace(";", ", ") if wards else "–")
        got = "; ".join(event.props.get("DESCRIPTION", []))
        if _spaces(got) != _spaces(want):
            bad(f"{where_no}: {label} sier {got!r}, men assignments.csv gir {want!r}.",
                f"{where_en}: {label} says {got!r}, but assignments.csv gives {want!r}.", slot)
    for t in sorted(duties - set(seen)):
        bad(f"mangler støttevakta {_label(ctx.slots[t])} ({ctx.slots[t].start:%H:%M}–{ctx.slots[t].end:%H:%M}) fra "
            "duties.csv.", f"lacks the duty {_label(ctx.slots[t])} ({ctx.slots[t].start:%H:%M}–"
            f"{ctx.slots[t].end:%H:%M}) of duties.csv.", ctx.slots[t])
    return out


# --- rota.xlsx -------------------------------------------------------------------------------


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _number_key(value: float) -> str:
    return f"{value:.12g}"


def _text_key(text: str) -> str:
    """A CSV cell as the workbook and the Excel CSV should show it: a number by value (an id
    with a leading zero stays text), anything else as text."""
    stripped = text.strip()
    if _NUMBER.match(stripped) and not re.match(r"^-?0\d", stripped):
        return _number_key(float(stripped))
    return stripped


def _cell_key(cell: object) -> str:
    """A workbook cell, comparable with _text_key; a formula never equals any text."""
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", "") == "f":
        return f"\x00formula\x00{value}"
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return _number_key(float(value))
    if isinstance(value, dt.datetime | dt.date):
        return f"\x00date\x00{value.isoformat()}"
    # Control characters cannot stand in the XML of a workbook; they are written as _xHHHH_.
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), str(value)).strip()


def _excel_key(text: str) -> str:
    """An Excel-CSV cell, comparable with _text_key: the apostrophe before formula-like text
    and the decimal comma undone; formula-like text without the apostrophe never matches."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return _text_key(text[1:])
    if _NUMBER.match(text.replace(",", ".")) and "." not in text:
        return _text_key(text.replace(",", "."))
    if text.startswith(_FORMULA_STARTS):
        return f"\x00unsafe\x00{text}"
    return _text_key(text)


def _aligned(expected: list[tuple[str, ...]], written: list[tuple[str, ...]]) -> list[tuple[int | None, int | None]]:
    """Which written row stands for which expected row where they differ: pairs of row
    indices, None for a row missing on one side. Rows found on both sides are left out, so a
    deleted or added row is one finding, not a shift of every row after it.

    Linear in the number of rows: identical rows are matched by counting; the rows left over
    are paired with the most similar row of the other side (at least half their cells equal),
    the rest are missing or extra.
    """
    def leftover(rows: list[tuple[str, ...]], other: list[tuple[str, ...]]) -> list[int]:
        available = Counter(other)
        out = []
        for k, row in enumerate(rows):
            if available[row] > 0:
                available[row] -= 1
            else:
                out.append(k)
        return out

    missing, extra = leftover(expected, written), leftover(written, expected)
    pairs: list[tuple[int | None, int | None]] = []
    free = list(extra)
    window = _PAIRING_WINDOW if len(missing) <= 500 else 5  # many changed rows: compare with the nearest only
    for i in missing:
        best, score = None, 0
        for j in free[:window]:
            same = sum(a == b for a, b in zip(expected[i], written[j], strict=False))
            if same > score:
                best, score = j, same
        if best is not None and 2 * score >= len(expected[i]):
            pairs.append((i, best))
            free.remove(best)
        else:
            pairs.append((i, None))
    pairs.extend((None, j) for j in free)
    return sorted(pairs, key=lambda p: (p[1] if p[1] is not None else p[0] or 0))


#: Left-over rows are compared with at most this many candidates each (bounded time).
_PAIRING_WINDOW = 200


def _preview(cells: Iterable[str], n: int = 4) -> str:
    return ", ".join(list(cells)[:n])


def compare_workbook(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """rota.xlsx has a sheet per table whose cells equal the CSV's, and no formula anywhere
    (a formula in a rota is either an attack or an edit)."""
    rule, file = "workbook_matches_csv", "rota.xlsx"
    if folder.workbook is None:
        return []
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(folder.workbook), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is a finding
        return [_problem(rule, file, f"kan ikke åpnes som .xlsx ({type(exc).__name__}).",
                         f"cannot be opened as .xlsx ({type(exc).__name__}).")]
    out: list[Violation] = []
    try:
        for name in TABLES:
            if name not in folder.csv_text:
                continue
            if name not in book.sheetnames:
                out.append(_problem(rule, file, f"arket «{name}» mangler.", f"the sheet «{name}» is missing."))
                continue
            out.extend(_compare_sheet(book[name], name, _csv_rows(folder.csv_text[name]), rule))
    finally:
        book.close()
    return out


def _compare_sheet(sheet, name: str, rows: list[list[str]], rule: str) -> list[Violation]:
    header = rows[0] if rows else []
    width = max((len(r) for r in rows), default=0)
    file = f"rota.xlsx, ark/sheet «{name}»"
    cells = [list(r) for r in sheet.iter_rows(max_row=2 * len(rows) + 10, max_col=width + 1)]
    expected = [tuple(_text_key(t) for t in r) + ("",) * (width + 1 - len(r)) for r in rows]
    written = [tuple(_cell_key(c) for c in r) + ("",) * (width + 1 - len(r)) for r in cells]
    while written and not any(written[-1]):
        written.pop()  # trailing empty rows are no content
    out: list[Violation] = []
    for i, j in _aligned(expected, written):
        if j is None:
            out.append(_problem(rule, file, f"mangler rad {i + 1} i {name}.csv ({_preview(rows[i])}).",
                                f"lacks row {i + 1} of {name}.csv ({_preview(rows[i])}).", row=i + 1))
            continue
        if i is None:
            out.append(_problem(rule, file, f"rad {j + 1} står ikke i {name}.csv ({_preview(written[j])}).",
                                f"row {j + 1} is not in {name}.csv ({_preview(written[j])}).", row=j + 1))
            continue
        for c, (want, got) in enumerate(zip(expected[i], written[j], strict=True)):
            value = getattr(cells[j][c], "value", None) if c < len(cells[j]) else None
            text = rows[i][c] if c < len(rows[i]) else ""
            if want == got or (isinstance(value, str) and not got.startswith("\x00") and got == text.strip()):
                continue  # equal, or text that only looks like a number (a ward "1.10")
            column = header[c] if c < len(header) else _column_letter(c)
            where = f"{_column_letter(c)}{j + 1}"
            if got.startswith("\x00formula"):
                no = f"celle {where} er en formel ({str(value)[:40]!r})."
                en = f"cell {where} is a formula ({str(value)[:40]!r})."
            else:
                no = f"celle {where} har {value!r}, men {name}.csv rad {i + 1} har {text!r} (de skal være like)."
                en = f"cell {where} holds {value!r}, but {name}.csv row {i + 1} has {text!r} (they should be equal)."
            out.append(_problem(rule, file, no, en, row=j + 1, column=column))
    return out


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- excel/*.csv -----------------------------------------------------------------------------


def compare_excel_csv(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """excel/<table>.csv says what <table>.csv says, in Excel's Norwegian form: UTF-8 with BOM,
    `;`, decimal comma, and an apostrophe before text that would start a formula."""
    rule = "excel_csv_matches_csv"
    out: list[Violation] = []
    for name, data in sorted(folder.excel.items()):
        if name not in folder.csv_text:
            continue
        file = f"excel/{name}.csv"
        if not data.startswith(b"\xef\xbb\xbf"):
            out.append(_problem(rule, file, "mangler BOM (Excel leser da æøå feil).",
                                "lacks the BOM (Excel then misreads æøå).", row=1))
        try:
            excel_rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        except (UnicodeDecodeError, csv.Error) as exc:  # csv.Error: e.g. a field over the csv module's limit
            out.append(_problem(rule, file, f"kan ikke leses ({exc}).", f"cannot be read ({exc})."))
            continue
        rows = _csv_rows(folder.csv_text[name])
        header = rows[0] if rows else []
        width = max([len(r) for r in rows + excel_rows] or [0])
        expected = [tuple(_text_key(t) for t in r) + ("",) * (width - len(r)) for r in rows]
        written = [tuple(_excel_key(t) for t in r) + ("",) * (width - len(r)) for r in excel_rows]
        for i, j in _aligned(expected, written):
            if j is None:
                out.append(_problem(rule, file, f"mangler rad {i + 1} i {name}.csv ({_preview(rows[i])}).",
                                    f"lacks row {i + 1} of {name}.csv ({_preview(rows[i])}).", row=i + 1))
                continue
            if i is None:
                out.append(_problem(rule, file, f"rad {j + 1} står ikke i {name}.csv ({_preview(excel_rows[j])}).",
                                    f"row {j + 1} is not in {name}.csv ({_preview(excel_rows[j])}).", row=j + 1))
                continue
            for c, (want, got) in enumerate(zip(expected[i], written[j], strict=True)):
                text = excel_rows[j][c] if c < len(excel_rows[j]) else ""
                canonical = rows[i][c] if c < len(rows[i]) else ""
                if want == got or (text == canonical and not got.startswith("\x00")):
                    continue  # equal, or text that only looks like a number (a ward "1,5")
                if got.startswith("\x00unsafe") and text == canonical:
                    no = f"{text!r} blir en formel i Excel (mangler apostrof foran)."
                    en = f"{text!r} becomes a formula in Excel (lacks the leading apostrophe)."
                else:
                    no = f"{text!r}, men {name}.csv rad {i + 1} har {canonical!r}."
                    en = f"{text!r}, but {name}.csv row {i + 1} has {canonical!r}."
                out.append(_problem(rule, file, no, en, row=j + 1, column=header[c] if c < len(header) else str(c + 1)))
    return out


# --- summary.json ----------------------------------------------------------------------------


def _json_equal(a: object, b: object) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def compare_summary(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """summary.json counts what assignments.csv and duties.csv hold, spans the horizon, states
    the rules read from the inputs, and records the inputs' checksums."""
    rule, file = "summary_matches_rota", "summary.json"
    summary = folder.summary
    if summary is None:
        return []
    out: list[Violation] = []
    primary = [a for a in rota.assignments if a.role == "primary"]
    uncovered = sum(1 for a in primary if not a.supporter_id)
    duty_ids = [d.supporter_id for d in rota.duty_rows]
    expected = {
        "ward_slots": len(primary),
        "covered": len(primary) - uncovered,
        "uncovered": uncovered,
        "backups": sum(1 for a in rota.assignments if a.role == "backup"),
        "duties": len(rota.duty_rows),
        "supporters": sum(1 for sid in ctx.supporters if sid in ctx.employees),
        "supporters_on_duty": len(set(duty_ids)),
        "wards": len(ctx.wards),
        "slots": len(ctx.slots),
    }
    counts = summary.get("counts")
    if not isinstance(counts, dict):
        out.append(_problem(rule, file, "mangler «counts».", "lacks «counts».", key="counts"))
        counts = {}
    for key, want in expected.items():
        got = counts.get(key)
        if key in counts and (isinstance(got, bool) or got != want):
            out.append(_problem(rule, file, f"counts.{key} = {got!r}, men assignments.csv/duties.csv og inndataene gir {want}.",
                                f"counts.{key} = {got!r}, but assignments.csv/duties.csv and the inputs give {want}.",
                                key=f"counts.{key}"))
        elif key not in counts and counts:
            out.append(_problem(rule, file, f"mangler counts.{key}.", f"lacks counts.{key}.", key=f"counts.{key}"))
    uncoverable = counts.get("uncoverable")
    if counts and (not isinstance(uncoverable, int) or isinstance(uncoverable, bool) or not 0 <= uncoverable <= uncovered):
        out.append(_problem(rule, file, f"counts.uncoverable = {uncoverable!r}; skal være et heltall fra 0 til {uncovered} "
                            "(antall udekkede).",
                            f"counts.uncoverable = {uncoverable!r}; should be a whole number from 0 to {uncovered} "
                            "(the uncovered count).", key="counts.uncoverable"))
    horizon = summary.get("horizon") if isinstance(summary.get("horizon"), dict) else {}
    span = {"from": ctx.slots[0].date.isoformat() if ctx.slots else None,
            "to": ctx.slots[-1].date.isoformat() if ctx.slots else None}
    for key, want in span.items():
        if horizon.get(key) != want:
            out.append(_problem(rule, file, f"horizon.{key} = {horizon.get(key)!r}, men turnus og regler gir {want!r}.",
                                f"horizon.{key} = {horizon.get(key)!r}, but the turnus and rules give {want!r}.",
                                key=f"horizon.{key}"))
    rules = summary.get("rules")
    given = json.loads(json.dumps(ctx.rules.model_dump(mode="json"), default=str))
    if not isinstance(rules, dict):
        out.append(_problem(rule, file, "mangler «rules».", "lacks «rules».", key="rules"))
    else:
        for key in sorted(set(rules) | set(given)):
            if not _json_equal(rules.get(key), given.get(key)):
                out.append(_problem(rule, file, f"rules.{key} = {_short(rules.get(key))}, men regelfila gir "
                                    f"{_short(given.get(key))}.",
                                    f"rules.{key} = {_short(rules.get(key))}, but the rules file gives "
                                    f"{_short(given.get(key))}.", key=f"rules.{key}"))
    pins = summary.get("pins")
    if pins is not None and pins != len(ctx.pins):
        out.append(_problem(rule, file, f"pins = {pins!r}, men låsefila har {len(ctx.pins)}.",
                            f"pins = {pins!r}, but the pins file has {len(ctx.pins)}.", key="pins"))
    if not isinstance(summary.get("input_checksums"), dict):
        out.append(_problem(rule, file, "mangler «input_checksums»: inndataene kan ikke kontrolleres.",
                            "lacks «input_checksums»: the inputs cannot be checked.", key="input_checksums"))
    return out


# --- a re-plan against its previous rota -----------------------------------------------------


def count_changes(ctx: CheckContext, rota: WrittenRota, previous: pd.DataFrame) -> tuple[int, int]:
    """(added, removed): duties in duties.csv that the previous rota's duties.csv lacks, and duties
    of the previous rota within the period planned that duties.csv lacks. A duty is (supporter,
    date, slot); a previous duty on a date or slot outside the period is not counted — the changes
    priority's own definition (docs/semantics.md, "Priorities"), restated here from the files."""
    now = {(d.supporter_id, d.t) for d in rota.duty_rows if d.t is not None}
    before = set()
    for r in _records(previous, ("supporter_id", "date", "slot")):
        date = _parse_date(r["date"])
        slot = ctx.slot_at.get((date, r["slot"])) if date else None
        if slot is not None:
            before.add((r["supporter_id"], slot.index))
    return len(now - before), len(before - now)


_NOT_STATED = object()


def _stated_changes(summary: dict) -> object:
    tiers = summary.get("tiers")
    for tier in tiers if isinstance(tiers, list) else []:
        if isinstance(tier, dict) and tier.get("name") == "changed_duties":
            return tier.get("value")
    return _NOT_STATED


def compare_changes(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """A re-plan states how many duties it changed (summary.json, tier `changed_duties`, as the
    command line and the app say it): the number must be the difference of the two duties.csv files."""
    rule, file, key = "changes_match_previous", "summary.json", "tiers.changed_duties.value"
    if folder.summary is None:
        return []
    stated = _stated_changes(folder.summary)
    if stated is _NOT_STATED:
        return []
    number = isinstance(stated, int | float) and not isinstance(stated, bool)
    said = f"{stated:g}" if number else _short(stated)
    if folder.previous is None:
        return [_problem(rule, file, f"oppgir {said} endrede vakter, men navngir ingen forrige vaktplan å telle "
                         "dem mot (inputs.previous); oppgi den med --previous MAPPE.",
                         f"states {said} changed duties but names no previous rota to count them against "
                         "(inputs.previous); give it with --previous DIR.", key=key)]
    added, removed = count_changes(ctx, rota, folder.previous)
    if number and math.isclose(float(stated), added + removed):  # type: ignore[arg-type]
        return []
    shown = folder.previous_file or "duties.csv"
    return [_problem(rule, file, f"oppgir {said} endrede vakter, men duties.csv og forrige vaktplan ({shown}) "
                     f"skiller seg i {added + removed} ({added} lagt til, {removed} fjernet).",
                     f"states {said} changed duties, but duties.csv and the previous rota ({shown}) differ in "
                     f"{added + removed} ({added} added, {removed} removed).", key=key)]


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "…"


OUTPUT_CHECKS: dict[str, Callable[[CheckContext, WrittenRota, OutputFolder], list[Violation]]] = {
    "outputs_present": compare_outputs_present,
    "coverage_matches_assignments": compare_coverage,
    "burden_matches_duties": compare_burden,
    "notices_match_assignments": compare_notices,
    "calendars_match_duties": compare_calendars,
    "workbook_matches_csv": compare_workbook,
    "excel_csv_matches_csv": compare_excel_csv,
    "summary_matches_rota": compare_summary,
    "changes_match_previous": compare_changes,
}
