"""The fair shares' base: burden.csv's targets against summary.json's needed hours, and a re-plan
that kept the published rota's base against that rota's summary.json (docs/fairness.md).

Every target is the needed hours × a weight, the weights summing to one, so burden.csv's targets
add up to `fairness.needed_hours`. A local re-plan after sick leave may keep the published rota's
proven needed hours (`model.shares_from_previous`; scheduler/solve/replan_shares.py argues why
that is sound): what the files can show of that claim is checked here — the previous rota's
fewest was proven, its input files but supporters.csv and the pins are the same, the re-plan covers no less,
and the base is at least the previous one.
"""

from __future__ import annotations

import json
from pathlib import Path

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _problem
from scheduler.check.output_files import OutputFolder
from scheduler.check.written import WrittenRota

__all__ = ["compare_shares"]

#: The inputs (summary.json `inputs`) that may differ for a re-plan to keep the published rota's
#: base: sick leave is written in supporters.csv, and pins may be added. Every other input file the
#: previous rota was made from must be the same.
_MAY_DIFFER = ("supporters", "pins")


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def compare_shares(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """burden.csv's targets add up to fairness.needed_hours; a re-plan that kept the previous rota's
    base (model.shares_from_previous) may: the previous rota's proven, the same input files but
    supporters and pins, coverage no less."""
    rule = "shares_match_basis"
    summary = folder.summary or {}
    fairness = summary.get("fairness") if isinstance(summary.get("fairness"), dict) else {}
    needed = _number(fairness.get("needed_hours"))
    burden = folder.tables.get("burden")
    out: list[Violation] = []
    if needed is not None and burden is not None and "target" in burden.columns:
        targets = [float(str(t).replace(",", ".")) for t in burden["target"] if _is_number(t)]
        total = sum(targets)
        slack = 0.005 * len(targets) + 0.002  # two decimals each, needed_hours three
        if total > 0 and abs(total - needed) > slack:
            out.append(_problem(rule, "burden.csv", f"målene i kolonnen «target» er til sammen {total:.2f} timer, men "
                                f"summary.json fairness.needed_hours er {needed:g}; lag vaktplanen på nytt.",
                                f"the targets in column «target» add up to {total:.2f} hours, but summary.json "
                                f"fairness.needed_hours is {needed:g}; make the rota again.", column="target"))
    model = summary.get("model") if isinstance(summary.get("model"), dict) else {}
    if model.get("shares_from_previous"):
        out += _kept_from_previous(folder, needed, summary)
    return out


def _is_number(text: object) -> bool:
    try:
        float(str(text).replace(",", "."))
    except ValueError:
        return False
    return True


def _kept_from_previous(folder: OutputFolder, needed: float | None, summary: dict) -> list[Violation]:
    rule, file, key = "shares_match_basis", "summary.json", "model.shares_from_previous"
    where = folder.previous_file.parent / "summary.json" if folder.previous_file is not None else None
    try:
        before = json.loads(where.read_text(encoding="utf-8")) if where is not None and where.is_file() else None
    except (OSError, ValueError):
        before = None
    if not isinstance(before, dict):
        return [_problem(rule, file, "sier at de rettferdige andelene bygger på forrige vaktplans behov, men forrige "
                         "vaktplans summary.json finnes ikke; oppgi mappen med --previous MAPPE.",
                         "says the fair shares rest on the previous rota's needed hours, but the previous rota's "
                         "summary.json is not there; give its folder with --previous DIR.", key=key)]
    problems: list[tuple[str, str]] = []
    was = before.get("fairness") if isinstance(before.get("fairness"), dict) else {}
    kept_before = bool((before.get("model") or {}).get("shares_from_previous"))
    if not (was.get("needed_hours_proven") is True and not before.get("previous_rota")) and not kept_before:
        problems.append(("forrige vaktplans behov er ikke bevist færrest (fairness.needed_hours_proven)",
                         "the previous rota's needed hours are not proven the fewest (fairness.needed_hours_proven)"))
    old = _number(was.get("needed_hours"))
    if old is None or needed is None or needed < old - 0.0005:
        problems.append((f"fairness.needed_hours {needed} er under forrige vaktplans {old}",
                         f"fairness.needed_hours {needed} is below the previous rota's {old}"))
    mine, theirs = summary.get("input_checksums") or {}, before.get("input_checksums") or {}
    inputs = summary.get("inputs") if isinstance(summary.get("inputs"), dict) else {}
    may_differ = {Path(str(inputs.get(k) or "")).name for k in _MAY_DIFFER}
    for name in sorted(set(theirs) - may_differ):
        if mine.get(name) != theirs[name]:
            problems.append((f"inndatafila {name} er ikke den samme som forrige vaktplans (input_checksums)",
                             f"the input file {name} is not the previous rota's (input_checksums)"))
    counts, counted = summary.get("counts") or {}, before.get("counts") or {}
    if not isinstance(counts.get("uncovered"), int) or counts.get("uncovered", 0) > counted.get("uncovered", -1):
        problems.append(("vaktplanen dekker mindre enn forrige (counts.uncovered)",
                         "the rota covers less than the previous one (counts.uncovered)"))
    return [_problem(rule, file, f"sier at de rettferdige andelene bygger på forrige vaktplans behov, men {no}; "
                     "lag omplanleggingen på nytt.",
                     f"says the fair shares rest on the previous rota's needed hours, but {en}; make the re-plan "
                     "again.", key=key) for no, en in problems]
