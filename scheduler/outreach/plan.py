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

What is preferred, in this order for every team member (docs/outreach.md, «Preferences»):
1. as many team members planned as possible — a contact is never dropped: what cannot be planned
   gets a row with its reason, in the words of uncovered ward-slots (scheduler.solve.explain);
2. the slot: the earliest that qualifies for a defusing or a first talk, the closest to 28 days
   for a follow-up;
3. the involved group's profession (the peer principle);
4. another department than the involved wards';
5. the same site as the incident;
6. fairness: each supporter's load with the contacts, against their fair share (the rota's
   needed hours plus the contacts', shared by :func:`scheduler.solve.fairness.share_weights`), as a
   convex cost — the second contact of one person costs more than the first of another, so
   several incidents share supporters fairly.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd
from ortools.sat.python import cp_model

from scheduler.domain import Employee, Instance, SolverSettings
from scheduler.errors import SolverError
from scheduler.incidents import (
    CONTACT_WINDOWS,
    ContactKind,
    Incident,
    default_team_size,
    group_label,
    new_contact_key,
)
from scheduler.model.eligibility import SupporterProfile, ineligible_reason, profile
from scheduler.solve.cpsat import solver_parameters
from scheduler.solve.explain import REASON_WORDS
from scheduler.solve.fairness import share_weights
from scheduler.solve.limit_parts import Duty, LimitContext, Words
from scheduler.solve.limits import HARD_RULES, DutyLoad

__all__ = [
    "InvolvedGroup",
    "ContactNeed",
    "Candidate",
    "TeamMember",
    "OutreachPlan",
    "OUTREACH_COLUMNS",
    "REASONS",
    "involved_groups",
    "contact_needs",
    "contact_start",
    "fair_weights",
    "fixed_duties",
    "plan_outreach",
]

#: outreach.csv (docs/outreach.md): the contract's columns first, then what helps a person read it.
OUTREACH_COLUMNS = ("incident_id", "contact", "supporter_id", "date", "slot", "start", "end", "group", "contact_key",
                    "reason_if_unplanned", "reason_code", "ward", "profession", "people", "team_size", "name",
                    "home_ward", "hours")

#: Why a team member could not be planned, by code: the codes of uncovered ward-slots, and one more.
REASONS: dict[str, Words] = {
    "outside_turnus": Words("Tidsrommet for kontakten ligger utenfor turnusperioden som er lest inn",
                            "The contact's time window lies outside the turnus period read"),
    "no_supporter_at_work": Words("Ingen kollegastøtte er på jobb i tidsrommet for kontakten",
                                  "No peer supporter is at work in the contact's time window"),
    "only_ineligible": Words("Bare kollegastøtter som ikke kan ta kontakten er på jobb",
                             "Only supporters who may not make this contact are at work"),
    "all_blocked": Words("De som kunne tatt kontakten er ikke tilgjengelige",
                         "Those who could make the contact are not available"),
    "all_at_limit": Words("Alle som kunne tatt kontakten er ved en grense",
                          "Everyone who could make the contact is at a limit"),
    "not_chosen": Words("Ikke nok ledige kollegastøtter i samme vakt til hele teamet, eller tidsgrensen ble nådd",
                        "Not enough free supporters in one slot for the whole team, or the time limit was reached"),
}
_INELIGIBLE = {
    "own_ward": Words("fra en involvert post", "from an involved ward"),
    "own_department": Words("fra en involvert avdeling", "from an involved department"),
    "leads": Words("leder en involvert post", "manages an involved ward"),
    "other_site": Words("annet sted", "another site"),
    "involved": Words("selv involvert", "involved themselves"),
}

# Weights of the objective, per team member: each level outweighs everything below it together.
# An empty team place costs more than the latest slot (set per run from the candidates).
_SLOT_STEP = 1000  # per slot later than the preferred one
_OTHER_PROFESSION = 400
_SAME_DEPARTMENT = 200
_OTHER_SITE = 100
_FAIR_MAX = 99  # fairness: the marginal cost of one more contact, 0..99 (load ratio 4 and above: 99)
_FAIR_PER_RATIO = 25
#: The first model looks at the first slots of each contact's window and the best in each slot.
_FIRST_SLOTS = 6
_PER_SLOT = 8


# --- what the incidents need ----------------------------------------------------------------------


@dataclass(frozen=True)
class InvolvedGroup:
    """Involved staff of one profession ("" when not known): met together by one team.

    `ids` stay inside the program (the planner keeps an involved person off their own incident's
    team); what is written is `label` (profession × count) and `contact_key`, an opaque random key
    the app's store resolves to the people while it keeps their ids (docs/outreach.md)."""

    profession: str
    people: int
    ids: tuple[str, ...] = ()
    contact_key: str = ""

    @property
    def label(self) -> str:
        """The `group` column: profession × count (`sykepleier×3`), never who."""
        return group_label(self.profession, self.people)


def involved_groups(incident: Incident, employees: Mapping[str, Employee]) -> list[InvolvedGroup]:
    """The incident's involved staff by profession: ids take their profession from the turnus
    (unknown ids and people without one form the group ""), counts are given per profession. Each
    group carries the incident's contact key for it ("" when the incident has none)."""
    ids: dict[str, list[str]] = defaultdict(list)
    for eid in incident.involved_ids:
        known = employees.get(eid)
        ids[(known.profession or "") if known else ""].append(eid)
    professions = sorted(set(ids) | set(incident.involved_counts))
    return [InvolvedGroup(p, len(ids.get(p, [])) + incident.involved_counts.get(p, 0), tuple(ids.get(p, [])),
                          incident.contact_keys.get(p, "")) for p in professions]


@dataclass(frozen=True)
class ContactNeed:
    """One contact: `team` supporters meet `group` of `incident` once, a `kind` of contact."""

    incident: Incident
    kind: ContactKind
    group: InvolvedGroup
    team: int

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.incident.incident_id, self.kind, self.group.profession)

    @property
    def label(self) -> str:
        return f"{self.incident.incident_id}/{self.kind}/{self.group.profession or '-'}"


def contact_needs(incidents: Iterable[Incident], employees: Mapping[str, Employee]) -> list[ContactNeed]:
    """Every contact the incidents need, in order (incident, kind, group). A group the incident has
    no contact key for (an incident not kept in the store: the command line) gets a fresh random
    one, the same for all its contacts."""
    out = []
    for incident in incidents:
        groups = [g if g.contact_key else replace(g, contact_key=new_contact_key())
                  for g in involved_groups(incident, employees)]
        for kind in incident.kinds():
            for group in groups:
                team = incident.team_size or default_team_size(group.people)
                out.append(ContactNeed(incident, kind, group, team))
    return out


def contact_start(slot_start: dt.datetime, slot_end: dt.datetime, occurred: dt.datetime,
                  min_overlap: float) -> dt.datetime | None:
    """When a contact in a slot can start: the slot's start, or the incident's time when the slot
    is under way; None when less than `min_overlap` of the slot is left after the incident (as a
    shift must overlap a slot by that much to count)."""
    start = max(slot_start, occurred)
    if (slot_end - start) < (slot_end - slot_start) * min_overlap:
        return None
    return start


# --- the plan ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A supporter who may take a place on a contact's team in slot `t`, the `rank`-th slot of the
    contact's window that has candidates (0: the preferred one)."""

    supporter_id: str
    t: int
    via: str
    rank: int
    cost: int  # profession, department and site: the member's cost below the slot and above fairness


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

    def planned(self) -> list[TeamMember]:
        return [m for m in self.members if m.planned]

    def duties(self) -> list[tuple[str, int]]:
        """The contacts as duties (supporter, slot index)."""
        return [(m.supporter_id, m.t) for m in self.members if m.planned and m.t is not None]

    def table(self, lang: str = "no") -> pd.DataFrame:
        """outreach.csv: one row per team member, planned or not (docs/outreach.md)."""
        rows = []
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
                "hours": slot.duty_hours if slot and m.planned else 0.0,
            })
        frame = pd.DataFrame(rows, columns=list(OUTREACH_COLUMNS))
        return frame.astype({"people": "int64", "team_size": "int64", "hours": "float64"})

    def counts(self) -> dict[str, int]:
        contacts = Counter(m.need.key for m in self.members)
        full = Counter(m.need.key for m in self.members if m.planned)
        return {
            "incidents": len({n.incident.incident_id for n in self.needs}),
            "contacts": len(contacts),
            "contacts_planned": sum(1 for k in contacts if full.get(k, 0) > 0),
            "contacts_with_full_team": sum(1 for k, n in contacts.items() if full.get(k, 0) == n),
            "team_places": len(self.members),
            "team_places_planned": sum(full.values()),
            "supporters": len({m.supporter_id for m in self.members if m.planned}),
        }

    def summary(self) -> dict:
        return {"status": self.status, "counts": self.counts(), "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
                "rota_duties": self.rota_duties, "fixed_contacts": self.fixed_contacts,
                "needed_hours": round(self.needed_hours, 3), "objective": self.objective, "bound": self.bound,
                "horizon": {"from": self.instance.slots[0].date.isoformat() if self.instance.slots else None,
                            "to": self.instance.slots[-1].date.isoformat() if self.instance.slots else None}}


def fixed_duties(instance: Instance, pairs: Iterable[tuple[str, int]]) -> list[Duty]:
    """Duties already decided (supporter, slot index) with their via, as scheduler.solve.limits counts
    them: "support" or "work" as the supporter is present in the slot, "work" when not any more."""
    via: dict[tuple[str, int], str] = {}
    for frame in (instance.blocked, instance.availability):
        for sid, t, how in frame[["supporter_id", "slot", "via"]].itertuples(index=False):
            via[sid, int(t)] = how
    return [(sid, t, via.get((sid, t), "work")) for sid, t in sorted(set(pairs), key=lambda k: (k[1], k[0]))]


@dataclass
class _ContactModelVariables:
    """What a duty rule's constraint needs (scheduler.solve.limits.DutyVariables): one 0/1 per duty."""

    model: cp_model.CpModel
    duty: dict[tuple[str, int], cp_model.IntVar]
    via: dict[tuple[str, int], str]
    slots_of: dict[str, list[int]]
    supporters_in: dict[int, list[str]]


class _Context:
    """What the planner looks up about the instance, once."""

    def __init__(self, instance: Instance, fixed: Sequence[Duty]) -> None:
        self.instance = instance
        self.present: dict[int, list[tuple[str, str, str]]] = defaultdict(list)  # t -> (sid, via, blocked reason)
        for sid, t, via in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False):
            self.present[int(t)].append((sid, via, ""))
        for sid, t, via, why in instance.blocked[["supporter_id", "slot", "via", "reason"]].itertuples(index=False):
            self.present[int(t)].append((sid, via, why))
        self.profiles: dict[str, SupporterProfile] = {
            sid: profile(instance, sid) for sid in instance.supporters if sid in instance.employees}
        self.fixed = {(sid, t) for sid, t, _ in fixed}
        self.load = DutyLoad(instance, fixed)
        self.per_day = len(instance.rules.slots)
        self._blocked: dict[tuple[str, int, str], str] = {}
        self._why: dict[tuple[str, str], str] = {}

    def blocking_limit(self, sid: str, t: int, via: str) -> str:
        """The first limit one more duty breaks, given the fixed duties alone (remembered)."""
        key = (sid, t, via)
        if key not in self._blocked:
            self._blocked[key] = self.load.blocking_limit(sid, t, via)
        return self._blocked[key]

    def slots_in(self, incident: Incident, kind: ContactKind) -> list[tuple[int, dt.datetime]]:
        """The slots a contact may be in, with when it would start, in order of preference."""
        earliest, latest = incident.window(kind)
        instance = self.instance
        if not instance.slots:
            return []
        first = instance.slots[0].date
        out = []
        day = max((earliest.date() - first).days - 1, 0)
        last_day = min((latest.date() - first).days, len(instance.slots) // self.per_day - 1)
        for d in range(day, last_day + 1):
            for pos in range(self.per_day):
                slot = instance.slots[d * self.per_day + pos]
                start = contact_start(slot.start, slot.end, incident.occurred, instance.rules.min_overlap)
                if start is not None and earliest <= start <= latest:
                    out.append((slot.index, start))
        offset = CONTACT_WINDOWS[kind].target
        if offset is None:
            return sorted(out, key=lambda p: (p[1], p[0]))
        target = incident.occurred + offset
        return sorted(out, key=lambda p: (abs(p[1] - target), p[1], p[0]))

    def why_not(self, sid: str, incident: Incident) -> str:
        """"" when `sid` may be on a team for `incident`, else why not (an _INELIGIBLE key)."""
        key = (sid, incident.incident_id)
        if key not in self._why:
            self._why[key] = self._why_not(sid, incident)
        return self._why[key]

    def _why_not(self, sid: str, incident: Incident) -> str:
        if sid in incident.involved_ids:
            return "involved"
        who = self.profiles.get(sid)
        if who is None:
            return "own_ward"
        for ward in incident.wards:
            if ward not in self.instance.wards:
                if ward == who.home_ward:
                    return "own_ward"
                continue
            reason = ineligible_reason(self.instance, who, ward)
            if reason:
                return reason
        return ""

    def preference_cost(self, sid: str, need: ContactNeed) -> int:
        who = self.profiles[sid]
        cost = 0
        if need.group.profession and who.profession != need.group.profession:
            cost += _OTHER_PROFESSION
        wards = [self.instance.wards[w] for w in need.incident.wards if w in self.instance.wards]
        if any(w.department == who.department for w in wards):
            cost += _SAME_DEPARTMENT
        if wards and who.site != wards[0].site:
            cost += _OTHER_SITE
        return cost


def _candidates(ctx: _Context, need: ContactNeed) -> tuple[list[Candidate], list[tuple[int, dt.datetime]]]:
    """Everyone who may take a place on the contact's team, slot by slot in order of preference,
    and the slots of its window (with when the contact would start)."""
    slots = ctx.slots_in(need.incident, need.kind)
    out: list[Candidate] = []
    rank = 0
    for t, _start in slots:
        found = False
        for sid, via, blocked in ctx.present.get(t, []):
            if blocked or ctx.why_not(sid, need.incident) or (sid, t) in ctx.fixed:
                continue
            if ctx.blocking_limit(sid, t, via):
                continue
            out.append(Candidate(sid, t, via, rank, ctx.preference_cost(sid, need)))
            found = True
        rank += found
    return out, slots


def fair_weights(instance: Instance) -> dict[str, float]:
    """Each supporter's share of the needed work, as the rota's fair shares define it."""
    slots_of: dict[str, list[int]] = defaultdict(list)
    for sid, t in instance.availability[["supporter_id", "slot"]].itertuples(index=False):
        slots_of[sid].append(int(t))
    return share_weights(instance, slots_of)


class _Fairness:
    """Each supporter's marginal cost of their 1st, 2nd, … contact: their load ratio after it (rota
    hours and earlier contacts + this one, ÷ fair share), scaled to 0.._FAIR_MAX. Non-decreasing,
    so the sum over a supporter's contacts is convex and one more contact for the busiest costs
    more than one for someone further below their share."""

    def __init__(self, instance: Instance, base_hours: Mapping[str, float], needed_hours: float,
                 contact_hours: float) -> None:
        weights = fair_weights(instance)
        self.base = dict(base_hours)
        self.target = {sid: needed_hours * w for sid, w in weights.items()}
        self.hours = contact_hours

    def marginal(self, sid: str, k: int) -> int:
        """The cost of `sid`'s k-th contact (k ≥ 1)."""
        target = self.target.get(sid, 0.0)
        if target <= 0:
            return _FAIR_MAX
        ratio = (self.base.get(sid, 0.0) + k * self.hours) / target
        return min(_FAIR_MAX, round(_FAIR_PER_RATIO * ratio))


def _shortlist(found: Sequence[Candidate], team: int, fair: _Fairness) -> list[Candidate]:
    """The candidates a first model looks at: the first _FIRST_SLOTS slots, and in each the
    team + _PER_SLOT best. The rest joins only if a place stays empty that one of them could take."""
    by_slot: dict[int, list[Candidate]] = defaultdict(list)
    for c in found:
        if c.rank < _FIRST_SLOTS:
            by_slot[c.t].append(c)
    out = []
    for here in by_slot.values():
        here.sort(key=lambda c: (c.cost + fair.marginal(c.supporter_id, 1), c.supporter_id))
        out.extend(here[:team + _PER_SLOT])
    return out


def _greedy(instance: Instance, fixed: Sequence[Duty], needs: Sequence[ContactNeed], cands: Sequence[Sequence[Candidate]],
            fair: _Fairness) -> dict[int, list[tuple[str, int]]]:
    """A first plan, contact by contact (the model's start): the best slot with a whole team (else the
    slot with the most members), each member the cheapest who keeps every limit (scheduler.solve.limits)."""
    load = DutyLoad(instance, fixed)
    count: Counter[str] = Counter()
    taken: set[tuple[str, int]] = set()
    chosen: dict[int, list[tuple[str, int]]] = {}
    after: dict[tuple[str, str], int] = {}  # (incident, group) -> slot of the defusing
    for i, need in enumerate(needs):
        by_slot: dict[int, list[Candidate]] = defaultdict(list)
        for c in cands[i]:
            by_slot[c.t].append(c)
        floor = after.get((need.incident.incident_id, need.group.profession), -1) if need.kind == "first" else -1
        best: list[Candidate] = []
        for t, here in sorted(by_slot.items(), key=lambda kv: kv[1][0].rank):
            if t <= floor:
                continue
            team: list[Candidate] = []
            homes: set[str] = set()
            for c in sorted(here, key=lambda c: (c.cost + fair.marginal(c.supporter_id, count[c.supporter_id] + 1),
                                                 c.supporter_id)):
                if len(team) == need.team:
                    break
                if (c.supporter_id, t) in taken or load.blocking_limit(c.supporter_id, t, c.via):
                    continue
                home = instance.employees[c.supporter_id].ward
                if home in homes and instance.rules.max_on_duty_per_ward <= 1:
                    continue
                team.append(c)
                homes.add(home)
            if len(team) > len(best):
                best = team
            if len(best) == need.team:
                break
        for c in best:
            load.add(c.supporter_id, c.t, c.via)
            count[c.supporter_id] += 1
            taken.add((c.supporter_id, c.t))
        chosen[i] = [(c.supporter_id, c.t) for c in best]
        if need.kind == "defusing" and best:
            after[need.incident.incident_id, need.group.profession] = best[0].t
    return chosen


@dataclass
class _Model:
    model: cp_model.CpModel
    x: dict[tuple[int, str, int], cp_model.IntVar]
    y: dict[tuple[int, int], cp_model.IntVar]
    duty: dict[tuple[str, int], cp_model.IntVar]
    steps: dict[str, list[cp_model.IntVar]]


def _build(instance: Instance, fixed: Sequence[Duty], needs: Sequence[ContactNeed],
           cands: Sequence[Sequence[Candidate]], fair: _Fairness, missing_cost: int) -> _Model:
    """The CP-SAT model of the contacts: who is on which team in which slot, the rota's duty rules
    on every supporter-slot, and the objective of the module docstring."""
    instance_slots = instance.slots
    model = cp_model.CpModel()
    x: dict[tuple[int, str, int], cp_model.IntVar] = {}
    y: dict[tuple[int, int], cp_model.IntVar] = {}
    y_of: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    per_duty: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    via: dict[tuple[str, int], str] = {}
    terms: list = []
    for i, need in enumerate(needs):
        by_slot: dict[int, list[Candidate]] = defaultdict(list)
        for c in cands[i]:
            by_slot[c.t].append(c)
        members = []
        for t, here in by_slot.items():
            y[i, t] = model.new_bool_var(f"contact[{need.label}][{instance_slots[t].label}]")
            y_of[i].append((t, y[i, t]))
            in_slot = []
            for c in here:
                var = model.new_bool_var(f"member[{need.label}][{c.supporter_id}][{instance_slots[t].label}]")
                x[i, c.supporter_id, t] = var
                per_duty[c.supporter_id, t].append(var)
                via[c.supporter_id, t] = c.via
                model.add_implication(var, y[i, t])
                in_slot.append(var)
                terms.append((c.rank * _SLOT_STEP + c.cost) * var)
            model.add(sum(in_slot) <= need.team * y[i, t])
            model.add(sum(in_slot) >= y[i, t])
            members.extend(in_slot)
        if by_slot:
            model.add_at_most_one(v for _, v in y_of[i])
        terms.append(missing_cost * (need.team - sum(members)))

    # a defusing comes before the first talk (a later slot), for the same group
    index = {need.key: i for i, need in enumerate(needs)}
    for i, need in enumerate(needs):
        j = index.get((need.incident.incident_id, "defusing", need.group.profession)) if need.kind == "first" else None
        if j is None:
            continue
        for t_def, v_def in y_of[j]:
            for t_first, v_first in y_of[i]:
                if t_first <= t_def:
                    model.add_bool_or([v_def.Not(), v_first.Not()])

    # one contact per supporter and slot: the duty variables the rota's rules constrain
    duty: dict[tuple[str, int], cp_model.IntVar] = {}
    slots_of: dict[str, list[int]] = defaultdict(list)
    supporters_in: dict[int, list[str]] = defaultdict(list)
    for (sid, t), vars_ in per_duty.items():
        if len(vars_) == 1:
            duty[sid, t] = vars_[0]
        else:
            d = model.new_bool_var(f"duty[{sid}][{instance_slots[t].label}]")
            model.add(sum(vars_) == d)
            duty[sid, t] = d
        slots_of[sid].append(t)
        supporters_in[t].append(sid)
    v = _ContactModelVariables(model, duty, via, dict(slots_of), dict(supporters_in))
    limit_ctx = LimitContext(instance)
    for rule in HARD_RULES.values():
        if rule.kind == "duty":
            rule.constrain(v, limit_ctx, fixed)  # type: ignore[arg-type]

    # fairness: a convex cost of each supporter's number of contacts
    steps: dict[str, list[cp_model.IntVar]] = {}
    for sid, ts in slots_of.items():
        most = min(len(ts), len({instance_slots[t].date for t in ts}) * instance.rules.max_duties_per_day)
        steps[sid] = [model.new_bool_var(f"contacts[{sid}]>={k + 1}") for k in range(most)]
        for a, b in zip(steps[sid], steps[sid][1:], strict=False):
            model.add_implication(b, a)
        model.add(sum(steps[sid]) == sum(duty[sid, t] for t in ts))
        terms.extend(fair.marginal(sid, k + 1) * s for k, s in enumerate(steps[sid]))
    model.minimize(sum(terms))
    return _Model(model, x, y, duty, steps)


def _hint(m: _Model, chosen: Mapping[int, Sequence[tuple[str, int]]]) -> None:
    """A complete start: every variable of the model given the value `chosen` implies."""
    on = {(i, sid, t) for i, team in chosen.items() for sid, t in team}
    for key, var in m.x.items():
        m.model.add_hint(var, key in on)
    used = {(i, t) for i, _, t in on}
    for key, var in m.y.items():
        m.model.add_hint(var, key in used)
    duties = {(sid, t) for _, sid, t in on}
    counted = Counter(sid for sid, _ in duties)
    hinted = {id(v) for v in m.x.values()}
    for key, var in m.duty.items():
        if id(var) not in hinted:
            m.model.add_hint(var, key in duties)
    for sid, steps in m.steps.items():
        for k, var in enumerate(steps):
            m.model.add_hint(var, k < counted[sid])


def _solve(m: _Model, settings: SolverSettings, seconds: float) -> tuple[int, cp_model.CpSolver]:
    """The rota's solver settings (one worker, linearization level 2): on 50 incidents of the M
    hospital they prove the optimum in about a second, where level 1 found no bound in 30 s."""
    solver = solver_parameters(settings, seconds)
    return solver.solve(m.model), solver


def _chosen(m: _Model, solver: cp_model.CpSolver) -> dict[int, list[tuple[str, int]]]:
    out: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for (i, sid, t), var in m.x.items():
        if solver.value(var):
            out[i].append((sid, t))
    return dict(out)


def plan_outreach(
    instance: Instance,
    incidents: Sequence[Incident],
    rota: Iterable[tuple[str, int]] = (),
    *,
    fixed_contacts: Iterable[tuple[str, int]] = (),
    needed_hours: float | None = None,
    settings: SolverSettings | None = None,
    alternatives: int = 0,
) -> OutreachPlan:
    """Plan every contact of `incidents` (docs/outreach.md).

    `rota` is the published duty rota's duties and `fixed_contacts` contacts already accepted for
    other incidents, as (supporter, slot index): both count against every limit. `needed_hours`
    is the rota's fair-share base (summary.json `fairness.needed_hours`); without it the rota's
    own hours are used. `alternatives` > 0 lists that many other supporters who could take each
    planned place in the same slot (for the app).

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
    ctx = _Context(instance, fixed)
    needs = contact_needs(incidents, instance.employees)
    full: list[list[Candidate]] = []
    windows: list[list[tuple[int, dt.datetime]]] = []
    for need in needs:
        found, slots = _candidates(ctx, need)
        full.append(found)
        windows.append(slots)

    hours = [instance.slots[c.t].duty_hours for found in full for c in found] or [1.0]
    mean_hours = sum(hours) / len(hours)
    base_hours: dict[str, float] = defaultdict(float)
    for sid, t in [*rota_pairs, *contact_pairs]:
        base_hours[sid] += instance.slots[t].duty_hours
    wanted = sum(n.team for n in needs) * mean_hours
    total_needed = (needed_hours if needed_hours is not None else sum(base_hours.values())) + wanted
    fair = _Fairness(instance, base_hours, total_needed, mean_hours)
    missing_cost = (max((c.rank for found in full for c in found), default=0) + 2) * _SLOT_STEP

    cands = [_shortlist(found, need.team, fair) for found, need in zip(full, needs, strict=True)]
    chosen = _greedy(instance, fixed, needs, cands, fair)
    status, objective, bound = "FEASIBLE", None, None
    seconds: dict[str, float] = {"candidates": time.perf_counter() - started, "build": 0.0, "solve": 0.0}
    for round_ in range(2):
        t0 = time.perf_counter()
        m = _build(instance, fixed, needs, cands, fair, missing_cost)
        _hint(m, chosen)
        t1 = time.perf_counter()
        seconds["build"] += t1 - t0
        left = settings.time_limit - (t1 - started)
        code, solver = _solve(m, settings, max(left, 0.05))
        seconds["solve"] += time.perf_counter() - t1
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = _chosen(m, solver)
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
        for pos, (sid, t) in enumerate(team):
            alt: tuple[str, ...] = ()
            if alternatives:
                options = sorted((c for c in full[i] if c.t == t and c.supporter_id not in in_team
                                  and (c.supporter_id, t) not in taken
                                  and not final_load.blocking_limit(c.supporter_id, t, c.via)),
                                 key=lambda c: (c.cost, c.supporter_id))
                alt = tuple(c.supporter_id for c in options[:alternatives])
            members.append(TeamMember(need, pos, sid, t, start_of[t], instance.slots[t].end, alternatives=alt))
        if len(team) < need.team:
            at = team[0][1] if team else None
            code_, no, en = _why_unplanned(ctx, final_load, need, windows[i], taken)
            for pos in range(len(team), need.team):
                members.append(TeamMember(need, pos, "", at, None, None, code_, no, en))
    seconds["explain"] = time.perf_counter() - t2
    seconds["total"] = time.perf_counter() - started
    return OutreachPlan(instance, needs, members, status, seconds, rota_duties=len(rota_pairs),
                        fixed_contacts=len(contact_pairs), needed_hours=total_needed, objective=objective, bound=bound)


def _counted(who: Sequence[tuple[str, Words]], lang: str) -> str:
    """"training expired (2 people); marked unavailable (1 person)", most common first — people
    counted, never named."""
    counts = Counter(w for _, w in who)
    parts = []
    for words, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].en)):
        people = ("person" if n == 1 else "personer") if lang == "no" else ("person" if n == 1 else "people")
        parts.append(f"{words.text(lang)} ({n} {people})")
    return "; ".join(parts)


def _why_unplanned(ctx: _Context, load: DutyLoad | None, need: ContactNeed, slots: Sequence[tuple[int, dt.datetime]],
                   taken: set[tuple[str, int]]) -> tuple[str, str, str]:
    """The reason a team place stays empty, judged against the final plan: code, Norwegian, English."""
    earliest, latest = need.incident.window(need.kind)
    span_no = f"{earliest:%d.%m %H:%M}–{latest:%d.%m %H:%M}"
    if not slots:
        w = REASONS["outside_turnus"]
        return "outside_turnus", f"{w.no} ({span_no}).", f"{w.en} ({span_no})."
    here = [(sid, via, why, t) for t, _ in slots for sid, via, why in ctx.present.get(t, [])]
    if not here:
        w = REASONS["no_supporter_at_work"]
        return "no_supporter_at_work", f"{w.no} ({span_no}).", f"{w.en} ({span_no})."
    fit = [(sid, via, why, t) for sid, via, why, t in here if not ctx.why_not(sid, need.incident)]
    if not fit:
        reasons = {}
        for sid, *_ in here:
            reasons[sid] = _INELIGIBLE[ctx.why_not(sid, need.incident)]
        w = REASONS["only_ineligible"]
        listed = _counted(list(reasons.items()), "no"), _counted(list(reasons.items()), "en")
        return "only_ineligible", f"{w.no} — {listed[0]}.", f"{w.en} — {listed[1]}."
    free = [(sid, via, t) for sid, via, why, t in fit if not why]
    if not free:
        blocked: dict[str, Words] = {}
        for sid, _, why, _ in fit:
            blocked.setdefault(sid, REASON_WORDS[why])
        w = REASONS["all_blocked"]
        listed = _counted(list(blocked.items()), "no"), _counted(list(blocked.items()), "en")
        return "all_blocked", f"{w.no} — {listed[0]}.", f"{w.en} — {listed[1]}."
    limits: dict[str, Words] = {}
    open_ = False
    for sid, via, t in free:
        if (sid, t) in taken:
            limits.setdefault(sid, Words("har allerede en kontakt i denne vakta", "already has a contact in that slot"))
            continue
        if (sid, t) in ctx.fixed:
            limits.setdefault(sid, Words("har støttevakt i denne vakta", "on duty in that slot"))
            continue
        rule = load.blocking_limit(sid, t, via) if load is not None else ""
        if rule:
            limits.setdefault(sid, REASON_WORDS.get(rule, Words(rule, rule)))
        else:
            open_ = True
            limits.pop(sid, None)
    if not open_:
        w = REASONS["all_at_limit"]
        listed = _counted(list(limits.items()), "no"), _counted(list(limits.items()), "en")
        return "all_at_limit", f"{w.no} — {listed[0]}.", f"{w.en} — {listed[1]}."
    w = REASONS["not_chosen"]
    return "not_chosen", f"{w.no}.", f"{w.en}."
