"""A defusing by the supporter on duty, re-checked from the inputs (docs/outreach.md, «A defusing by
the supporter on duty»).

With `defusing_by_duty_supporter` (default on) a supporter who holds an on-site support duty of the
rota may take a same-shift defusing in another ward — only when the rules allow it (eligible for
every involved ward, on the incident's site) and nobody else can: no supporter off duty is
available in any slot of the defusing's window, eligible, and within every limit. With the rule off
such a defusing is never planned, and its empty place may say so (`only_duty_supporter`) only when
it is true. Re-stated here from the checker's own context and the rota checker's limit checks —
nothing of the planner.
"""

from __future__ import annotations

from scheduler.check.findings import Violation
from scheduler.check.outreach_rules import LIMIT_CHECKS, _written, ineligible
from scheduler.check.outreach_worktime import contact_slots, defusing_latest
from scheduler.check.outreach_written import (
    ContactRow,
    OutreachCheckContext,
    WrittenOutreach,
    _group_of,
    _row,
)
from scheduler.incidents import Incident

__all__ = ["check_defusing_by_duty_supporter"]

_RULE = "defusing_by_duty_supporter"


def _window(ctx: OutreachCheckContext, incident: Incident, r: ContactRow) -> list[int]:
    earliest, latest = incident.window("defusing")
    group = _group_of(ctx, incident, r.group)
    if ctx.shifts is not None and group is not None:
        latest = defusing_latest(ctx.base, ctx.shifts, incident, group)
    return [s.index for s in contact_slots(ctx.base, incident, earliest, latest)]


def _someone_else(ctx: OutreachCheckContext, incident: Incident, window: list[int],
                  contacts: frozenset[tuple[str, int]]) -> tuple[str, int] | None:
    """A supporter off duty who could take the defusing in a slot of `window`: available, not on a
    rota duty there, eligible, and one more duty keeps every limit (with the rota and the plan's
    contacts); None when there is nobody."""
    base = ctx.base
    duties = ctx.rota | contacts
    before = None
    for t in window:
        for sid in sorted(s for (s, u) in base.available if u == t):
            if (sid, t) in duties or ineligible(base, incident, sid):
                continue
            if before is None:
                before = {check: {(v.rule, v.text_en) for v in fn(base, _written(duties))}
                          for check, fn in LIMIT_CHECKS.items()}
            together = _written(duties | {(sid, t)})
            if all({(v.rule, v.text_en) for v in fn(base, together)} <= before[check]
                   for check, fn in LIMIT_CHECKS.items()):
                return sid, t
    return None


def _duty_takers(ctx: OutreachCheckContext, incident: Incident, window: list[int]) -> list[tuple[str, int]]:
    """Supporters on a rota duty in a slot of the window who may take the defusing there."""
    sites = {ctx.base.site(w) for w in incident.wards}
    return [(sid, t) for sid, t in sorted(ctx.rota) if t in window and (sid, t) in ctx.base.available
            and not ineligible(ctx.base, incident, sid) and ctx.base.site(ctx.base.home.get(sid, "")) in sites]


def check_defusing_by_duty_supporter(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """A defusing planned with the supporter on duty in its slot: only with the rule on (else
    contact_not_on_duty says so), on the incident's site, and only when nobody else could take it.
    An empty place giving `only_duty_supporter`: only with the rule off, and only when true."""
    out: list[Violation] = []
    base = ctx.base
    on = base.rules.defusing_by_duty_supporter
    contacts = frozenset((r.supporter_id, r.t) for r in plan.planned() if r.t is not None)
    for r in plan.rows:
        incident = ctx.incidents.get(r.incident_id)
        if incident is None:
            continue
        by_duty = bool(r.supporter_id) and r.t is not None and (r.supporter_id, r.t) in ctx.rota
        if by_duty and on and r.contact == "defusing":
            who = base.who(r.supporter_id)
            if base.site(base.home.get(r.supporter_id, "")) not in {base.site(w) for w in incident.wards}:
                out.append(_row(_RULE, r, f"{who} har vakt på et annet sted enn hendelsen.",
                                f"{who} is on duty on another site than the incident."))
            other = _someone_else(ctx, incident, _window(ctx, incident, r), contacts - {(r.supporter_id, r.t)})
            if other is not None:
                slot = base.slots[other[1]]
                out.append(_row(_RULE, r, f"{who} har støttevakt, men {base.who(other[0])} kunne tatt "
                                f"avlastningssamtalen ({slot.label}).", f"{who} is on duty, but {base.who(other[0])} "
                                f"could take the defusing ({slot.label})."))
        if not r.supporter_id and r.reason_code == "only_duty_supporter":
            window = _window(ctx, incident, r) if r.contact == "defusing" else []
            if on or r.contact != "defusing" or not _duty_takers(ctx, incident, window) or \
                    _someone_else(ctx, incident, window, contacts) is not None:
                out.append(_row(_RULE, r, "begrunnelsen «bare kollegastøtten på vakt» stemmer ikke.",
                                "the reason «only the supporter on duty» is wrong."))
    return out
