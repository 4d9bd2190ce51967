"""The whole output folder checked: the inputs it was made from, the hard rules, every other file.

:func:`verify_dir` is what `scheduler verify` and `scheduler publish` run. Before anything is
checked, the inputs given are compared with the SHA-256 checksums in summary.json: a rota is only
judged by the files it was made from (:func:`compare_input_checksums`; for a re-plan, its previous
rota too). Then the hard rules run on assignments.csv and duties.csv (:mod:`scheduler.check.report`)
and every other file is compared with them, one ``compare_<what>`` per file in
:data:`OUTPUT_CHECKS` (docs/outputs.md lists the files and columns).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from scheduler.check.calendars import compare_calendars
from scheduler.check.changes import compare_changes, count_changes, read_previous_rota
from scheduler.check.context import CheckContext, build_context
from scheduler.check.excel import compare_excel_csv, compare_workbook
from scheduler.check.findings import Violation
from scheduler.check.notices import compare_notices
from scheduler.check.on_call import compare_on_call, compare_on_call_burden
from scheduler.check.output_files import (
    OutputFolder,
    _cannot_check,
    compare_outputs_present,
    read_output_folder,
)
from scheduler.check.release import compare_release, compare_turnus_import
from scheduler.check.report import VerifyReport, make_report
from scheduler.check.shares import compare_shares
from scheduler.check.summary import compare_summary
from scheduler.check.supervision import compare_supervision
from scheduler.check.tables import compare_burden, compare_coverage
from scheduler.check.written import WrittenRota, parse_rota
from scheduler.errors import InputsChanged, Message, Severity
from scheduler.io.types import Inputs

__all__ = ["verify_dir", "compare_input_checksums", "OUTPUT_CHECKS"]


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
    "shares_match_basis": compare_shares,
    "release_matches_duties": compare_release,
    "turnus_import_matches_duties": compare_turnus_import,
    "supervision_matches_inputs": compare_supervision,
    "on_call_follows_rules": compare_on_call,
    "on_call_in_burden": compare_on_call_burden,
}


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
