"""A re-plan against its previous rota: the changes it states, counted again from both duties.csv.

A re-plan (`solve --previous DIR`) minimises changes to a published rota and says how many it
made; :func:`count_changes` counts them again by the priority's own definition (docs/semantics.md,
"Priorities"), from the files alone. :func:`read_previous_rota` reads the previous rota the folder
names, refusing to go on when it is missing, and says when it changed since the re-plan was made.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pandas as pd

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _problem, _short
from scheduler.check.output_files import OutputFolder, _cannot_check, _frame, _read_text
from scheduler.check.written import WrittenRota, _parse_date, _records
from scheduler.errors import InputError, Message, Severity

__all__ = ["read_previous_rota", "count_changes", "compare_changes"]


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
