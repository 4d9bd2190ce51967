"""Incident outreach planned with CP-SAT: who contacts the staff involved, when (docs/outreach.md).

For every incident, every group of involved staff (one profession) and every contact (an optional
same-day defusing, the first talk within 72 h, the follow-up 21–35 days after) a team of
supporters meets the group in one support slot. A team member is a **duty**: the hard rules of
the rota apply to contacts exactly as to duties — the very same entries of
:data:`scheduler.solve.limits.HARD_RULES` (kind "duty"), with the published rota's duties (and contacts
already accepted) counted as fixed duties — so weekly and period limits, one duty a day,
protected hours, days in a row, supporters per ward and minimum staffing hold for the rota and
the contacts together.

Who may be on a team (hard): available in the slot (at work or on a support shift, trained, not
unavailable, releasable — :mod:`scheduler.model.demand`), allowed to cover every involved ward by the
rota's own eligibility (:func:`scheduler.model.eligibility.ineligible_reason`: not their own ward or
department, not a ward they lead, the same site with `same_site`), not one of the involved, and
not already on a rota duty in that slot.

What is preferred, in this order (docs/outreach.md, «What is preferred»):
1. as many of the involved group met at work as possible, by their own turnus (worktime.py) —
   support in paid time for those supported too;
2. as many team members planned as possible — a contact is never dropped: what cannot be planned
   gets a row with its reason, in the words of uncovered ward-slots (scheduler.solve.explain);
3. the slot: the earliest that qualifies for a defusing or a first talk, the closest to 28 days
   for a follow-up;
4. the involved group's profession (the peer principle);
5. another department than the involved wards';
6. the same site as the incident;
7. fairness: each supporter's load with the contacts, against their fair share (the rota's
   needed hours plus the contacts', shared by :func:`scheduler.solve.fairness.share_weights`), as a
   convex cost — the second contact of one person costs more than the first of another, so
   several incidents share supporters fairly.

This module is the plan and its result (`plan_outreach`, :class:`OutreachPlan`, outreach.csv's
table); its parts have a module each: what the incidents need (needs.py), who may take a place and
at what cost (candidates.py), when those involved are at work (worktime.py), the CP-SAT model and
its greedy start (model.py), and why a place stays empty (reasons.py).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd
from ortools.sat.python import cp_model

from scheduler.domain import Instance, SolverSettings
from scheduler.errors import SolverError
from scheduler.incidents import MAX_TEAM_SIZE, Incident
from scheduler.outreach.candidates import (
    SLOT_STEP,
    Candidate,
    Fairness,
    OutreachContext,
    candidates,
    duty_candidates,
    fixed_duties,
    shortlist,
)
from scheduler.outreach.meetings import further_needs
from scheduler.outreach.model import (
    Weights,
    build_model,
    chosen_teams,
    greedy_plan,
    hint_model,
    solve_model,
)
from scheduler.outreach.needs import ContactNeed, contact_needs
from scheduler.outreach.reasons import duty_rule_off, why_unplanned
from scheduler.outreach.worktime import TENTHS, GroupPresence, worktime_note
from scheduler.solve.limits import DutyLoad

__all__ = ["TeamMember", "OutreachPlan", "OUTREACH_COLUMNS", "plan_outreach"]

#: outreach.csv (docs/outreach.md): the contract's columns first, then what helps a person read it.
OUTREACH_COLUMNS = ("incident_id", "contact", "supporter_id", "date", "slot", "start", "end", "group", "contact_key",
                    "reason_if_unplanned", "reason_code", "ward", "profession", "people", "team_size", "name",
                    "home_ward", "hours", "named_at_work", "named_in_window", "estimated_at_work", "worktime_note",
                    "meeting")


@dataclass(frozen=True)
class TeamMember:
    """One place on a contact's team: planned (`supporter_id`, slot `t`) or not, with the reason."""

    need: ContactNeed
    position: int
    supporter_id: str = ""
    t: int | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    reason_code: str = ""
    reason_no: str = ""
    reason_en: str = ""
    alternatives: tuple[str, ...] = ()  # other supporters who could take this place in the same slot
    on_duty: bool = False  # a defusing by the supporter on duty in the slot (within that duty's hours)

    @property
    def planned(self) -> bool:
        return bool(self.supporter_id)


@dataclass
class OutreachPlan:
    """The contacts planned for a set of incidents, with what the plan was made against."""

    instance: Instance
    needs: list[ContactNeed]
    members: list[TeamMember]
    status: str
    seconds: dict[str, float] = field(default_factory=dict)
    rota_duties: int = 0
    fixed_contacts: int = 0
    needed_hours: float = 0.0
    objective: float | None = None
    bound: float | None = None
    presence: list[GroupPresence] = field(default_factory=list)  # per need: its group at work in its window

    def __post_init__(self) -> None:
        """A plan rebuilt from kept contacts (scheduler.views.outreach) has no presence yet: the
        group's working time follows from the instance alone, so it is recomputed."""
        if not self.presence and self.needs:
            ctx = OutreachContext(self.instance, [])
            self.presence = [ctx.window_of(need)[1] for need in self.needs]

    def planned(self) -> list[TeamMember]:
        return [m for m in self.members if m.planned]

    def duties(self) -> list[tuple[str, int]]:
        """The contacts as duties (supporter, slot index)."""
        return [(m.supporter_id, m.t) for m in self.members if m.planned and m.t is not None]

    def slot_of(self) -> dict[tuple[str, str, str, int], int]:
        """Each contact's slot (its planned members'), by ContactNeed.key."""
        return {m.need.key: m.t for m in self.members if m.planned and m.t is not None}

    def worktime(self) -> dict[tuple[str, str, str, int], dict]:
        """Per contact and meeting, its group at work (docs/outreach.md, «In working time»): named people
        at work in its slot and in any slot of its window (at a further meeting: of those still to
        meet), the estimate for people given as a count, the note."""
        slot_of, out = self.slot_of(), {}
        for need, presence in zip(self.needs, self.presence, strict=True):
            t = slot_of.get(need.key)
            out[need.key] = {"named": len(need.met_group.ids) if need.meeting == 1 else 0, "named_at_work": presence.named.get(t, 0) if t is not None else 0,
                             "named_in_window": presence.named_in_window,
                             "estimated_at_work": round(presence.estimated.get(t, 0.0), 1) if t is not None else 0.0,
                             "worktime_note": worktime_note(presence, t)}
        return out

    def table(self, lang: str = "no") -> pd.DataFrame:
        """outreach.csv: one row per team member, planned or not (docs/outreach.md)."""
        rows = []
        worktime = self.worktime() if self.presence else {}
        for m in self.members:
            n, slot = m.need, self.instance.slots[m.t] if m.t is not None else None
            employee = self.instance.employees.get(m.supporter_id) if m.planned else None
            rows.append({
                "incident_id": n.incident.incident_id, "contact": n.kind, "supporter_id": m.supporter_id,
                "date": slot.date.isoformat() if slot else "", "slot": slot.name if slot else "",
                "start": m.start.isoformat(timespec="minutes") if m.start else "",
                "end": m.end.isoformat(timespec="minutes") if m.end else "",
                "group": n.group.label, "contact_key": n.group.contact_key,
                "reason_if_unplanned": (m.reason_no if lang == "no" else m.reason_en) if not m.planned else "",
                "reason_code": m.reason_code, "ward": ";".join(n.incident.wards), "profession": n.group.profession,
                "people": n.group.people, "team_size": n.team,
                "name": employee.name if employee else "", "home_ward": employee.ward if employee else "",
                "hours": slot.duty_hours if slot and m.planned and not m.on_duty else 0.0,
                **{k: v for k, v in worktime.get(n.key, {}).items() if k != "named"}, "meeting": n.meeting,
            })
        frame = pd.DataFrame(rows, columns=list(OUTREACH_COLUMNS))
        return frame.astype({"people": "int64", "team_size": "int64", "hours": "float64", "meeting": "int64"})

    def worktime_by_incident(self) -> dict[str, dict]:
        """Per incident, over its contacts: named people to meet, met at work, at work in the window —
        the share of named involved met during their own shift (summary.json `worktime`)."""
        out: dict[str, dict] = {}
        for (incident_id, _, _, meeting), w in self.worktime().items():
            row = out.setdefault(incident_id, {"named": 0, "named_at_work": 0, "named_in_window": 0, "notes": {}})
            for k in ("named", "named_at_work", "named_in_window"):
                row[k] += w[k] if k == "named_at_work" or meeting == 1 else 0
            if w["worktime_note"]:
                row["notes"][w["worktime_note"]] = row["notes"].get(w["worktime_note"], 0) + 1
        for row in out.values():
            row["share_met"] = round(row["named_at_work"] / row["named"], 3) if row["named"] else None
        return out

    def counts(self) -> dict[str, int]:
        contacts = Counter(m.need.key for m in self.members if m.need.meeting == 1)
        full = Counter(m.need.key for m in self.members if m.planned and m.need.meeting == 1)
        return {
            "further_meetings": len({m.need.key for m in self.members if m.need.meeting > 1}),
            "incidents": len({n.incident.incident_id for n in self.needs}),
            "contacts": len(contacts),
            "contacts_planned": sum(1 for k in contacts if full.get(k, 0) > 0),
            "contacts_with_full_team": sum(1 for k, n in contacts.items() if full.get(k, 0) == n),
            "team_places": len(self.members),
            "team_places_planned": sum(1 for m in self.members if m.planned),
            "supporters": len({m.supporter_id for m in self.members if m.planned}),
        }

    def summary(self) -> dict:
        return {"status": self.status, "counts": self.counts(), "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
                "rota_duties": self.rota_duties, "fixed_contacts": self.fixed_contacts,
                "needed_hours": round(self.needed_hours, 3), "objective": self.objective, "bound": self.bound,
                "worktime": self.worktime_by_incident() if self.presence else {},
                "horizon": {"from": self.instance.slots[0].date.isoformat() if self.instance.slots else None,
                            "to": self.instance.slots[-1].date.isoformat() if self.instance.slots else None}}


def plan_outreach(
    instance: Instance,
    incidents: Sequence[Incident],
    rota: Iterable[tuple[str, int]] = (),
    *,
    fixed_contacts: Iterable[tuple[str, int]] = (),
    needed_hours: float | None = None,
    settings: SolverSettings | None = None,
    alternatives: int = 0,
    meetings: int | None = None,
) -> OutreachPlan:
    """Plan every contact of `incidents` (docs/outreach.md); see :func:`_plan` for the arguments.
    `meetings` > 1 (default: the rule `outreach_meetings`) lets a first talk or follow-up meet the
    named people of its group not at work at its meeting in up to that many meetings in all
    (docs/outreach.md, «Further meetings»), each planned after the ones before, in the time left."""
    started = time.perf_counter()
    meetings = meetings if meetings is not None else instance.rules.outreach_meetings
    settings = settings or SolverSettings(time_limit=10.0, workers=1)
    rota, fixed_contacts = list(rota), list(fixed_contacts)
    plan = _plan(instance, incidents, rota, fixed_contacts=fixed_contacts, needed_hours=needed_hours,
                 settings=settings, alternatives=alternatives)
    for meeting in range(2, meetings + 1):
        extra = further_needs(instance, plan.needs, plan.presence, plan.slot_of(), meeting)
        left = settings.time_limit - (time.perf_counter() - started)
        if not extra or left < 0.1:
            break
        more = _plan(instance, incidents, rota, fixed_contacts=[*fixed_contacts, *plan.duties()],
                     needed_hours=needed_hours, settings=settings.model_copy(update={"time_limit": left}),
                     alternatives=alternatives, needs=extra)
        held = {m.need.key for m in more.planned()}  # a further meeting not planned is not written
        kept = [i for i, need in enumerate(more.needs) if need.key in held]
        plan.needs += [more.needs[i] for i in kept]
        plan.presence += [more.presence[i] for i in kept]
        plan.members += [replace(m, position=(meeting - 1) * MAX_TEAM_SIZE + m.position) for m in more.planned()]
        plan.seconds = {k: plan.seconds.get(k, 0.0) + more.seconds.get(k, 0.0) for k in {*plan.seconds, *more.seconds}}
    plan.seconds["total"] = time.perf_counter() - started
    return plan


def _plan(
    instance: Instance,
    incidents: Sequence[Incident],
    rota: Iterable[tuple[str, int]] = (),
    *,
    fixed_contacts: Iterable[tuple[str, int]] = (),
    needed_hours: float | None = None,
    settings: SolverSettings | None = None,
    alternatives: int = 0,
    needs: Sequence[ContactNeed] | None = None,
) -> OutreachPlan:
    """Plan every contact of `incidents` (docs/outreach.md).

    `rota` is the published duty rota's duties and `fixed_contacts` contacts already accepted for
    other incidents, as (supporter, slot index): both count against every limit. `needed_hours`
    is the rota's fair-share base (summary.json `fairness.needed_hours`); without it the rota's
    own hours are used. `alternatives` > 0 lists that many other supporters who could take each
    planned place in the same slot (for the app). `needs` are the contacts to plan (default: every
    contact of `incidents`).

    How: a greedy plan, contact by contact, starts a CP-SAT model of the first few slots of every
    contact's window and the best candidates in each; when a team place stays empty that someone
    left out could take, that contact gets all its candidates and the model is solved again from
    the plan so far. The time limit (default 10 s) covers it all.
    """
    started = time.perf_counter()
    if len({i.incident_id for i in incidents}) != len(incidents):
        raise ValueError("two incidents with the same id")
    settings = settings or SolverSettings(time_limit=10.0, workers=1)
    rota_pairs = sorted(set(rota))
    contact_pairs = sorted(set(fixed_contacts))
    fixed = fixed_duties(instance, [*rota_pairs, *contact_pairs])
    ctx = OutreachContext(instance, fixed, rota_pairs)
    needs = list(needs) if needs is not None else contact_needs(incidents, instance.employees)
    full: list[list[Candidate]] = []
    windows: list[list[tuple[int, dt.datetime]]] = []
    duty_only: set[int] = set()  # defusings only the supporter on duty could take, with the rule off
    for i, need in enumerate(needs):
        found, slots = candidates(ctx, need)
        if not found and (on_duty := duty_candidates(ctx, need, slots)):
            if instance.rules.defusing_by_duty_supporter:
                found = on_duty
            else:
                duty_only.add(i)
        full.append(found)
        windows.append(slots)

    hours = [instance.slots[c.t].duty_hours for found in full for c in found if not c.on_duty] or [1.0]
    mean_hours = sum(hours) / len(hours)
    base_hours: dict[str, float] = defaultdict(float)
    for sid, t in [*rota_pairs, *contact_pairs]:
        base_hours[sid] += instance.slots[t].duty_hours
    wanted = sum(n.team for n in needs) * mean_hours
    total_needed = (needed_hours if needed_hours is not None else sum(base_hours.values())) + wanted
    fair = Fairness(instance, base_hours, total_needed, mean_hours)
    missing_cost = (max((c.rank for found in full for c in found), default=0) + 2) * SLOT_STEP
    presence = [ctx.window_of(need)[1] for need in needs]
    weights = Weights(missing=missing_cost, met_unit=(MAX_TEAM_SIZE * missing_cost) // TENTHS + 1,
                      at_work=[{t: p.tenths(t) for t, _ in slots} for p, slots in zip(presence, windows, strict=True)],
                      people=[TENTHS * need.met_group.people for need in needs])

    cands = [shortlist(found, need.team, fair) for found, need in zip(full, needs, strict=True)]
    chosen = greedy_plan(instance, fixed, needs, cands, fair, weights)
    status, objective, bound = "FEASIBLE", None, None
    seconds: dict[str, float] = {"candidates": time.perf_counter() - started, "build": 0.0, "solve": 0.0}
    for round_ in range(2):
        t0 = time.perf_counter()
        m = build_model(instance, fixed, needs, cands, fair, weights)
        hint_model(m, chosen)
        t1 = time.perf_counter()
        seconds["build"] += t1 - t0
        left = settings.time_limit - (t1 - started)
        code, solver = solve_model(m, settings, max(left, 0.05))
        seconds["solve"] += time.perf_counter() - t1
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = chosen_teams(m, solver)
            status = "OPTIMAL" if code == cp_model.OPTIMAL else "FEASIBLE"
            objective, bound = solver.objective_value, solver.best_objective_bound
        elif code == cp_model.MODEL_INVALID:
            raise SolverError(f"the outreach model is invalid: {solver.status_name(code)}")
        # else: no better plan in the time; the greedy plan (or the last round's) stands
        if round_ == 1 or time.perf_counter() - started > settings.time_limit:
            break
        taken = {d for team in chosen.values() for d in team}
        load = DutyLoad(instance, fixed_duties(instance, [*rota_pairs, *contact_pairs, *taken]))
        widen = [i for i, need in enumerate(needs) if len(chosen.get(i, [])) < need.team and any(
            c not in cands[i] and (c.supporter_id, c.t) not in taken and not load.blocking_limit(c.supporter_id, c.t, c.via)
            for c in full[i])]
        if not widen:
            break
        for i in widen:
            cands[i] = full[i]

    taken = {d for team in chosen.values() for d in team}
    t2 = time.perf_counter()
    final_load = DutyLoad(instance, fixed_duties(instance, [*rota_pairs, *contact_pairs, *taken]))
    members: list[TeamMember] = []
    for i, need in enumerate(needs):
        team = sorted(chosen.get(i, []), key=lambda d: d[0])
        start_of = dict(windows[i])
        in_team = {s for s, _ in team}
        by_duty = {(c.supporter_id, c.t) for c in full[i] if c.on_duty}
        for pos, (sid, t) in enumerate(team):
            alt: tuple[str, ...] = ()
            if alternatives:
                options = sorted((c for c in full[i] if c.t == t and c.supporter_id not in in_team
                                  and (c.supporter_id, t) not in taken
                                  and not final_load.blocking_limit(c.supporter_id, t, c.via)),
                                 key=lambda c: (c.cost, c.supporter_id))
                alt = tuple(c.supporter_id for c in options[:alternatives])
            members.append(TeamMember(need, pos, sid, t, start_of[t], instance.slots[t].end, alternatives=alt,
                                      on_duty=(sid, t) in by_duty))
        if len(team) < need.team:
            at = team[0][1] if team else None
            code_, no, en = (duty_rule_off() if i in duty_only
                             else why_unplanned(ctx, final_load, need, windows[i], taken))
            for pos in range(len(team), need.team):
                members.append(TeamMember(need, pos, "", at, None, None, code_, no, en))
    seconds["explain"] = time.perf_counter() - t2
    seconds["total"] = time.perf_counter() - started
    return OutreachPlan(instance, needs, members, status, seconds, rota_duties=len(rota_pairs),
                        fixed_contacts=len(contact_pairs), needed_hours=total_needed, objective=objective, bound=bound,
                        presence=presence)


