"""The check of a written rota, run and reported: every hard rule, what was recomputed, the text.

:func:`verify` re-checks the assignments and duties tables against their inputs;
:func:`make_report` runs every rule of :data:`~scheduler.check.rules.HARD_RULE_CHECKS` on a parsed
rota (and takes the findings about the other output files, :func:`scheduler.check.folder.verify_dir`);
the :class:`VerifyReport` keeps the violations with the coverage and burden the checker
recomputed, and :func:`format_verify_report` writes it out for the command line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from scheduler.check.context import CheckContext, WardSlot, build_context
from scheduler.check.findings import Violation
from scheduler.check.rules import HARD_RULE_CHECKS
from scheduler.check.written import AssignmentRow, WrittenRota, _duties_by_supporter, parse_rota
from scheduler.domain import SlotKind
from scheduler.errors import Message
from scheduler.io.types import Inputs

__all__ = ["VerifyReport", "make_report", "verify", "format_verify_report", "SHOWN_PER_RULE"]


@dataclass
class VerifyReport:
    """Violations plus what the checker recomputed: coverage per ward-slot and burden per supporter.

    `input_changes` lists input files that differ from those the rota was made from, when the
    check was asked to go on anyway (`--allow-changed-inputs`); otherwise such a difference
    stops the check before it starts.
    """

    violations: list[Violation]
    coverage: pd.DataFrame
    burden: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)
    input_changes: list[Message] = field(default_factory=list)
    files_checked: bool = False  # True when the other output files were compared too (verify_dir)

    @property
    def ok(self) -> bool:
        return not self.violations

    def by_rule(self) -> dict[str, int]:
        return dict(Counter(v.rule for v in self.violations))

    def violations_frame(self) -> pd.DataFrame:
        columns = ["rule", "supporter_id", "date", "slot", "ward", "text_no", "text_en", "file", "row", "column"]
        return pd.DataFrame(
            [
                [v.rule, v.supporter_id, v.date.isoformat() if v.date else "", v.slot, v.ward or "",
                 v.text_no, v.text_en, v.file, v.row, v.column]
                for v in self.violations
            ],
            columns=columns,
        )


def _coverage(ctx: CheckContext, rota: WrittenRota) -> pd.DataFrame:
    primary: dict[WardSlot, AssignmentRow] = {}
    backup: dict[WardSlot, str] = {}
    for a in rota.assignments:
        if a.t is None:
            continue
        if a.role == "primary":
            primary.setdefault((a.ward, a.t), a)
        elif a.role == "backup" and a.supporter_id:
            backup.setdefault((a.ward, a.t), a.supporter_id)
    rows = []
    for ward, t in sorted(ctx.demand, key=lambda k: (k[1], k[0])):
        slot, found = ctx.slots[t], primary.get((ward, t))
        sid = found.supporter_id if found else ""
        rows.append({
            "date": slot.date.isoformat(), "slot": slot.name, "ward": ward,
            "headcount": ctx.demand[(ward, t)], "covered": bool(sid),
            "has_backup": bool(sid) and bool(backup.get((ward, t))),
            "supporter_id": sid, "backup_id": backup.get((ward, t), "") if sid else "",
            "reason": found.reason if found and not sid else ("" if found else "ingen rad / no row"),
        })
    columns = ["date", "slot", "ward", "headcount", "covered", "has_backup", "supporter_id", "backup_id", "reason"]
    frame = pd.DataFrame(rows, columns=columns)
    # Typed even when empty: boolean masks on an empty object column select columns, not rows.
    return frame.astype({"headcount": "int64", "covered": bool, "has_backup": bool})


def _burden(ctx: CheckContext, rota: WrittenRota) -> pd.DataFrame:
    per = _duties_by_supporter(rota)
    rows = []
    for sid in sorted(set(ctx.supporters) | set(per)):
        slots = [ctx.slots[t] for t in per.get(sid, [])]
        rows.append({
            "supporter_id": sid, "duties": len(slots),
            "nights": sum(s.kind is SlotKind.NIGHT for s in slots),
            "weekend_duties": sum(s.is_weekend for s in slots),
            "hours": round(sum(s.duty_hours for s in slots), 2),
        })
    return pd.DataFrame(rows, columns=["supporter_id", "duties", "nights", "weekend_duties", "hours"])


def make_report(ctx: CheckContext, rota: WrittenRota, extra: Iterable[Violation] = ()) -> VerifyReport:
    """Every hard rule on a parsed rota, plus findings about the other files (`extra`)."""
    violations = [v for check in HARD_RULE_CHECKS.values() for v in check(ctx, rota)]
    violations.extend(extra)
    coverage = _coverage(ctx, rota)
    uncovered = coverage[~coverage["covered"]]
    counts = {
        "ward_slots": len(coverage),
        "uncovered": len(uncovered),
        "uncovered_staff_shifts": int(uncovered["headcount"].sum()),
        "missing_backup": int((coverage["covered"] & ~coverage["has_backup"]).sum())
        if ctx.rules.redundancy == 2 else 0,
        "duties": len(rota.on_duty),
    }
    return VerifyReport(violations=violations, coverage=coverage, burden=_burden(ctx, rota), counts=counts)


def verify(inputs: Inputs, assignments: pd.DataFrame, duties: pd.DataFrame) -> VerifyReport:
    """Re-check a written rota (the assignments and duties tables) against its inputs with every hard rule."""
    ctx = build_context(inputs)
    return make_report(ctx, parse_rota(ctx, assignments, duties))


#: At most this many findings per rule are printed; the rest are counted.
SHOWN_PER_RULE = 25


def format_verify_report(report: VerifyReport, lang: str = "no") -> str:
    """Plain text for the command line: the counts, then every violation in words (at most
    SHOWN_PER_RULE per rule; the report itself keeps them all)."""
    c = report.counts
    no = lang == "no"
    if no:
        lines = [
            "Uavhengig kontroll av vaktplanen",
            f"Post-vakter med behov: {c.get('ward_slots', 0)}; udekket: {c.get('uncovered', 0)} "
            f"({c.get('uncovered_staff_shifts', 0)} ansattvakter); uten reserve: {c.get('missing_backup', 0)}; "
            f"støttevakter: {c.get('duties', 0)}",
        ]
    else:
        lines = [
            "Independent check of the rota",
            f"Ward-slots needing cover: {c.get('ward_slots', 0)}; uncovered: {c.get('uncovered', 0)} "
            f"({c.get('uncovered_staff_shifts', 0)} staff-shifts); without backup: {c.get('missing_backup', 0)}; "
            f"duties: {c.get('duties', 0)}",
        ]
    if "changed_duties" in c:
        lines.append(f"Endrede støttevakter mot forrige vaktplan (telt i filene): {c['changed_duties']}" if no else
                     f"Duties changed against the previous rota (counted in the files): {c['changed_duties']}")
    if report.input_changes:
        lines.append("Inndata som avviker fra dem vaktplanen ble laget av (kontrollert likevel):" if no else
                     "Inputs that differ from those the rota was made from (checked anyway):")
        lines.extend(f"- {_printable(m.render(lang))}" for m in report.input_changes)
    hard = [v for v in report.violations if v.rule in HARD_RULE_CHECKS]
    files = [v for v in report.violations if v.rule not in HARD_RULE_CHECKS]
    if hard:
        lines.append(f"Brudd på harde regler: {len(hard)}" if no else f"Hard-rule violations: {len(hard)}")
        lines.extend(_shown(hard, lang))
    else:
        lines.append("Ingen brudd på harde regler" if no else "No hard-rule violations")
    if files:
        lines.append(f"Utdatafiler som ikke stemmer med assignments.csv: {len(files)}" if no else
                     f"Output files that disagree with assignments.csv: {len(files)}")
        lines.extend(_shown(files, lang))
    elif report.files_checked:
        lines.append("Alle utdatafilene stemmer med assignments.csv" if no else
                     "Every output file agrees with assignments.csv")
    return "\n".join(lines)


def _printable(text: str) -> str:
    """Line breaks and escape codes from a cell shown as `\\n`, `\\x1b`, never acted on by a terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _shown(violations: list[Violation], lang: str) -> list[str]:
    lines, per_rule = [], Counter(v.rule for v in violations)
    shown: Counter[str] = Counter()
    for v in violations:
        shown[v.rule] += 1
        if shown[v.rule] <= SHOWN_PER_RULE:
            lines.append(f"- [{v.rule}] {_printable(v.render(lang))}")
    for rule, n in per_rule.items():
        if n > SHOWN_PER_RULE:
            more = n - SHOWN_PER_RULE
            lines.append(f"- [{rule}] … og {more} til" if lang == "no" else f"- [{rule}] … and {more} more")
    return lines
