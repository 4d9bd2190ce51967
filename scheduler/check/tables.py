"""coverage.csv and burden.csv recomputed from assignments.csv and the inputs, cell by cell.

The coordinator reads these two tables, not assignments.csv: coverage per ward-slot needing
cover (headcount, covered, supporter, backup, reason) and burden per supporter (duties, nights,
weekend duties, hours, limits, load). Each is recomputed here in plain loops, without the code
that wrote it (scheduler.solve.tables), and every row or cell that differs is a finding.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from scheduler.check.context import CheckContext, WardSlot
from scheduler.check.findings import Violation, _fmt, _label, _problem
from scheduler.check.output_files import OutputFolder
from scheduler.check.written import (
    _HOURS_TOLERANCE,
    AssignmentRow,
    WrittenRota,
    _number,
    _parse_date,
    _records,
)
from scheduler.domain import SlotKind

__all__ = ["compare_coverage", "compare_burden"]


def _bool(text: str) -> bool | None:
    return {"true": True, "1": True, "false": False, "0": False}.get(text.strip().lower())


def _same_number(text: str, expected: float, tolerance: float = 1e-9) -> bool:
    value = _number(text)
    return value is not None and abs(value - expected) <= tolerance


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


def _staff_exposure(ctx: CheckContext, rota: WrittenRota) -> dict[str, tuple[int, float]]:
    """Staff at work in the wards each supporter is the one to call for, and × the slot's hours."""
    out: dict[str, tuple[int, float]] = {}
    for a in rota.assignments:
        if a.role != "primary" or not a.supporter_id or a.t is None:
            continue
        staff = ctx.demand.get((a.ward, a.t), 0)
        count, weighted = out.get(a.supporter_id, (0, 0.0))
        out[a.supporter_id] = (count + staff, weighted + staff * ctx.slots[a.t].duty_hours)
    return out


def compare_burden(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """burden.csv has one row per supporter, with the duties, nights, weekend duties and hours of
    the rota, the person's name, ward and limits from the inputs, and load = hours ÷ target (with
    `fair_share_basis = "exposure"`: exposure ÷ target, the exposure counted from the rota)."""
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
    staff_exposure = _staff_exposure(ctx, rota)
    out: list[Violation] = []
    seen: dict[str, int] = {}
    columns = _BURDEN_COLUMNS + tuple(c for c in ("staff_covered", "exposure") if c in frame.columns)
    for i, r in enumerate(_records(frame, columns)):
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
        if "exposure" in frame.columns and "staff_covered" in frame.columns:
            staff, exposure = staff_exposure.get(sid, (0, 0.0))
            counted |= {"staff_covered": (float(staff), 1e-9), "exposure": (round(exposure, 2), _HOURS_TOLERANCE)}
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
        if ctx.rules.fair_share_basis == "exposure":  # the load is the exposure, counted above from the rota
            hours = round(staff_exposure.get(sid, (0, 0.0))[1], 2)
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
