"""The independent check of an outreach plan, run and reported: outreach.csv against its inputs
and the published rota.

:func:`verify_outreach` reads the plan (:mod:`~scheduler.check.outreach_written`), recomputes what the
inputs imply with the rota checker's own :func:`~scheduler.check.context.build_context`, and runs
every rule of :data:`OUTREACH_CHECKS` — the teams' rules (:mod:`~scheduler.check.outreach_rules`)
and that no file names who was involved (:mod:`~scheduler.check.outreach_privacy`);
:func:`format_outreach_report` writes the findings out in plain words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from scheduler.check.context import CheckContext, build_context
from scheduler.check.findings import Violation
from scheduler.check.outreach_duty import check_defusing_by_duty_supporter
from scheduler.check.outreach_privacy import check_contact_keys, check_involved_not_named
from scheduler.check.outreach_rules import (
    check_contact_in_window,
    check_contact_not_on_duty,
    check_contact_supporter_eligible,
    check_every_contact_reported,
    check_limits_with_rota,
    check_reasons_hold,
    check_rows_readable,
)
from scheduler.check.outreach_worktime import (
    check_worktime_recounted,
    involved_shifts,
    worktime_by_incident,
)
from scheduler.check.outreach_written import OutreachCheckContext, WrittenOutreach, parse_outreach
from scheduler.incidents import Incident
from scheduler.io.types import Inputs

__all__ = ["OutreachVerifyReport", "OUTREACH_CHECKS", "verify_outreach", "format_outreach_report"]


@dataclass
class OutreachVerifyReport:
    """The findings of every outreach rule, and what was counted (incidents, rows, team places, duties)."""

    violations: list[Violation]
    counts: dict[str, int] = field(default_factory=dict)
    worktime: dict[str, dict[str, int]] = field(default_factory=dict)  # per incident, recounted (outreach_worktime.py)

    @property
    def ok(self) -> bool:
        return not self.violations


OUTREACH_CHECKS: dict[str, Callable[[OutreachCheckContext, WrittenOutreach], list[Violation]]] = {
    "outreach_rows_readable": check_rows_readable,
    "every_contact_reported": check_every_contact_reported,
    "contact_in_window": check_contact_in_window,
    "contact_supporter_eligible": check_contact_supporter_eligible,
    "contact_not_on_duty": check_contact_not_on_duty,
    "defusing_by_duty_supporter": check_defusing_by_duty_supporter,
    "limits_with_rota": check_limits_with_rota,
    "reasons_hold": check_reasons_hold,
    "worktime_recounted": check_worktime_recounted,
    "contact_keys_opaque": check_contact_keys,
    "involved_not_named": check_involved_not_named,
}


def verify_outreach(inputs: Inputs, incidents: Iterable[Incident], outreach: pd.DataFrame,
                    rota_duties: pd.DataFrame | None = None, *, context: CheckContext | None = None,
                    invitations: Mapping[str, bytes] | None = None) -> OutreachVerifyReport:
    """Check an outreach plan (outreach.csv as a table, and its invitations by file name) against its
    inputs, its incidents and the published rota's duties (duties.csv as a table: supporter_id,
    date, slot), rule by rule."""
    base = context or build_context(inputs)
    rota: set[tuple[str, int]] = set()
    if rota_duties is not None and len(rota_duties):
        for sid, date, slot in rota_duties[["supporter_id", "date", "slot"]].astype(str).itertuples(index=False):
            try:
                day = dt.date.fromisoformat(date.strip()[:10])
            except ValueError:
                continue
            found = base.slot_at.get((day, slot.strip()))
            if found is not None:
                rota.add((sid.strip(), found.index))
    incidents = list(incidents)
    ctx = OutreachCheckContext(base, {i.incident_id: i for i in incidents}, frozenset(rota),
                               involved_shifts(base, inputs.turnus, incidents))
    texts = {name: data.decode("utf-8", "replace") for name, data in (invitations or {}).items()}
    plan = parse_outreach(base, outreach, texts)
    violations = [v for check in OUTREACH_CHECKS.values() for v in check(ctx, plan)]
    planned = plan.planned()
    counts = {"incidents": len(ctx.incidents), "rows": len(plan.rows), "team_places_planned": len(planned),
              "team_places_unplanned": len(plan.rows) - len(planned), "rota_duties": len(rota)}
    worktime = worktime_by_incident(ctx, plan)
    for k in ("named", "named_at_work", "named_in_window"):
        counts[k] = sum(w[k] for w in worktime.values())
    return OutreachVerifyReport(violations, counts, worktime)


def format_outreach_report(report: OutreachVerifyReport, lang: str = "no", shown: int = 25) -> str:
    """Plain text for the command line: the counts, then every finding (at most `shown` per rule)."""
    c = report.counts
    no = lang == "no"
    lines = ["Uavhengig kontroll av oppsøkende kontakter" if no else "Independent check of the outreach plan",
             (f"Hendelser: {c.get('incidents', 0)}; plasser på team planlagt: {c.get('team_places_planned', 0)}, "
              f"ikke planlagt: {c.get('team_places_unplanned', 0)}; støttevakter i vaktplanen: {c.get('rota_duties', 0)}")
             if no else
             (f"Incidents: {c.get('incidents', 0)}; team places planned: {c.get('team_places_planned', 0)}, "
              f"unplanned: {c.get('team_places_unplanned', 0)}; duties in the rota: {c.get('rota_duties', 0)}")]
    if c.get("named"):
        lines.append(f"Navngitte involverte møtt i egen arbeidstid: {c['named_at_work']} av {c['named']} "
                     f"(på jobb i tidsrommet: {c['named_in_window']}; summert over kontaktene)" if no else
                     f"Named involved met in their own working time: {c['named_at_work']} of {c['named']} "
                     f"(at work in the window: {c['named_in_window']}; summed over the contacts)")
        for incident_id, w in list(report.worktime.items())[:shown]:
            if w["named"]:
                lines.append(f"  {incident_id}: {w['named_at_work']} av {w['named']} (på jobb i tidsrommet: "
                             f"{w['named_in_window']})" if no else f"  {incident_id}: {w['named_at_work']} of "
                             f"{w['named']} (at work in the window: {w['named_in_window']})")
    if not report.violations:
        lines.append("Ingen brudd på reglene" if no else "No rule broken")
        return "\n".join(lines)
    lines.append(f"Brudd: {len(report.violations)}" if no else f"Violations: {len(report.violations)}")
    per: Counter[str] = Counter()
    for v in report.violations:
        per[v.rule] += 1
        if per[v.rule] <= shown:
            text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in v.render(lang))
            lines.append(f"- [{v.rule}] {text}")
    for rule, n in per.items():
        if n > shown:
            lines.append(f"- [{rule}] … {'og' if no else 'and'} {n - shown} {'til' if no else 'more'}")
    return "\n".join(lines)
