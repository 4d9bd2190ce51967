"""Who may take a place on a contact's team, in which slot, and at what cost (docs/outreach.md).

A candidate is available in the slot (scheduler.model.demand), allowed to cover every involved
ward by the rota's own eligibility — asked of :func:`scheduler.model.eligibility.ineligible_reason`,
the one home of "never their own ward", never re-stated here —, not one of the involved, not on a
rota duty in the slot, and within every limit given the duties already fixed. Its cost ranks it:
the slot, then profession, department and site, then fairness (:class:`Fairness`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scheduler.domain import Instance
from scheduler.incidents import CONTACT_WINDOWS, ContactKind, Incident
from scheduler.model.eligibility import SupporterProfile, ineligible_reason, profile
from scheduler.outreach.needs import ContactNeed, contact_start
from scheduler.outreach.worktime import GroupPresence, WorkTime
from scheduler.solve.fairness import share_weights
from scheduler.solve.limit_parts import Duty
from scheduler.solve.limits import DutyLoad

__all__ = ["Candidate", "OutreachContext", "Fairness", "candidates", "duty_candidates", "shortlist", "fixed_duties", "fair_weights",
           "SLOT_STEP"]

# Weights of the objective, per team member: each level outweighs everything below it together.
# An empty team place costs more than the latest slot (set per run from the candidates).
SLOT_STEP = 1000  # per slot later than the preferred one
OTHER_PROFESSION = 400
SAME_DEPARTMENT = 200
OTHER_SITE = 100
FAIR_MAX = 99  # fairness: the marginal cost of one more contact, 0..99 (load ratio 4 and above: 99)
FAIR_PER_RATIO = 25
#: The first model looks at the first slots of each contact's window and the best in each slot.
FIRST_SLOTS = 6
PER_SLOT = 8


@dataclass(frozen=True)
class Candidate:
    """A supporter who may take a place on a contact's team in slot `t`, the `rank`-th slot of the
    contact's window that has candidates (0: the preferred one)."""

    supporter_id: str
    t: int
    via: str
    rank: int
    cost: int  # profession, department and site: the member's cost below the slot and above fairness
    on_duty: bool = False  # the supporter on a rota duty in the slot, taking a defusing (duty_candidates)


def fixed_duties(instance: Instance, pairs: Iterable[tuple[str, int]]) -> list[Duty]:
    """Duties already decided (supporter, slot index) with their via, as scheduler.solve.limits counts
    them: "support" or "work" as the supporter is present in the slot, "work" when not any more."""
    via: dict[tuple[str, int], str] = {}
    for frame in (instance.blocked, instance.availability):
        for sid, t, how in frame[["supporter_id", "slot", "via"]].itertuples(index=False):
            via[sid, int(t)] = how
    return [(sid, t, via.get((sid, t), "work")) for sid, t in sorted(set(pairs), key=lambda k: (k[1], k[0]))]


class OutreachContext:
    """What the planner looks up about the instance, once."""

    def __init__(self, instance: Instance, fixed: Sequence[Duty], rota: Iterable[tuple[str, int]] = ()) -> None:
        self.instance = instance
        self.rota = frozenset(rota)  # the rota's own duties (supporter, slot): on-site support duties
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
        self.worktime = WorkTime(instance)
        self._windows: dict[tuple[str, str, str], tuple[list[tuple[int, dt.datetime]], GroupPresence]] = {}

    def blocking_limit(self, sid: str, t: int, via: str) -> str:
        """The first limit one more duty breaks, given the fixed duties alone (remembered)."""
        key = (sid, t, via)
        if key not in self._blocked:
            self._blocked[key] = self.load.blocking_limit(sid, t, via)
        return self._blocked[key]

    def slots_in(self, incident: Incident, kind: ContactKind, latest: dt.datetime | None = None
                 ) -> list[tuple[int, dt.datetime]]:
        """The slots a contact may be in, with when it would start, in order of preference (by time:
        the earliest, or the closest to the target); `latest` widens the window's end."""
        earliest, end = incident.window(kind)
        latest = max(end, latest) if latest is not None else end
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

    def window_of(self, need: ContactNeed) -> tuple[list[tuple[int, dt.datetime]], GroupPresence]:
        """The contact's slots in order of preference — the most of its group at work first, then by
        time — and the group's presence in them (docs/outreach.md, «In working time»). A defusing
        whose group works in no slot of its 8 hours may wait for the group's next shift (within the
        first talk's window): the shift of the incident, or the next shift of those involved."""
        if need.key not in self._windows:
            incident, group = need.incident, need.met_group
            slots = self.slots_in(incident, need.kind)
            presence = self.worktime.presence(incident, group, [t for t, _ in slots])
            if need.kind == "defusing" and not any(presence.at_work(t) > 0 for t, _ in slots):
                later = self.worktime.next_shift(incident, group, self.slots_in(incident, "first"))
                if later is not None:
                    slots = self.slots_in(incident, need.kind, latest=later)
                    presence = self.worktime.presence(incident, group, [t for t, _ in slots])
            ordered = sorted(slots, key=lambda p: -presence.tenths(p[0]))  # stable: by time within equal presence
            self._windows[need.key] = (ordered, presence)
        return self._windows[need.key]

    def why_not(self, sid: str, incident: Incident) -> str:
        """"" when `sid` may be on a team for `incident`, else why not (an INELIGIBLE key)."""
        key = (sid, incident.incident_id)
        if key not in self._why:
            self._why[key] = self._why_not(sid, incident)
        return self._why[key]

    def _why_not(self, sid: str, incident: Incident) -> str:
        """The rota's own rule, asked of scheduler.model.eligibility for every involved ward (never
        re-stated here), and the one rule only outreach has: never one of the involved."""
        if sid in incident.involved_ids:
            return "involved"
        who = self.profiles.get(sid)
        if who is None:
            return "not_in_turnus"  # no employee record: no home ward, department or site to judge by
        # A ward no file names is nobody's home (every employee's ward is one of the instance's,
        # scheduler.model.demand.complete_wards); the incidents file's check refuses it before planning.
        for ward in incident.wards:
            reason = ineligible_reason(self.instance, who, ward) if ward in self.instance.wards else ""
            if reason:
                return reason
        return ""

    def preference_cost(self, sid: str, need: ContactNeed) -> int:
        who = self.profiles[sid]
        cost = 0
        if need.group.profession and who.profession != need.group.profession:
            cost += OTHER_PROFESSION
        wards = [self.instance.wards[w] for w in need.incident.wards if w in self.instance.wards]
        if any(w.department == who.department for w in wards):
            cost += SAME_DEPARTMENT
        if wards and who.site != wards[0].site:
            cost += OTHER_SITE
        return cost


def candidates(ctx: OutreachContext, need: ContactNeed) -> tuple[list[Candidate], list[tuple[int, dt.datetime]]]:
    """Everyone who may take a place on the contact's team, slot by slot in order of preference,
    and the slots of its window (with when the contact would start)."""
    slots, presence = ctx.window_of(need)
    out: list[Candidate] = []
    rank = 0
    for t, _start in slots:
        found = False
        if need.meeting > 1 and (presence.at_work(t) <= 0 or t <= need.after):
            continue  # a further meeting is only for those at work then, after the defusing
        for sid, via, blocked in ctx.present.get(t, []):
            if blocked or ctx.why_not(sid, need.incident) or (sid, t) in ctx.fixed:
                continue
            if ctx.blocking_limit(sid, t, via):
                continue
            out.append(Candidate(sid, t, via, rank, ctx.preference_cost(sid, need)))
            found = True
        rank += found
    return out, slots


def duty_candidates(ctx: OutreachContext, need: ContactNeed, slots: Sequence[tuple[int, dt.datetime]]
                    ) -> list[Candidate]:
    """Those who hold an on-site support duty of the rota in a slot of a defusing's window and may
    take it there (docs/outreach.md, «A defusing by the supporter on duty»): eligible for every
    involved ward by the same rule as anyone (never from an involved ward), not involved, available,
    and on the incident's site — they walk over while on duty. Asked only when nobody else may take
    the defusing; the rule `defusing_by_duty_supporter` decides whether they are used. Their duty is
    already counted against every limit, so the defusing adds none."""
    if need.kind != "defusing" or need.meeting > 1:
        return []
    instance = ctx.instance
    sites = {instance.wards[w].site for w in need.incident.wards if w in instance.wards}
    out: list[Candidate] = []
    rank = 0
    for t, _start in slots:
        found = False
        for sid, via, blocked in ctx.present.get(t, []):
            if (sid, t) not in ctx.rota or blocked or ctx.why_not(sid, need.incident):
                continue
            if sites and ctx.profiles[sid].site not in sites:
                continue
            out.append(Candidate(sid, t, via, rank, ctx.preference_cost(sid, need), on_duty=True))
            found = True
        rank += found
    return out


def fair_weights(instance: Instance) -> dict[str, float]:
    """Each supporter's share of the needed work, as the rota's fair shares define it."""
    slots_of: dict[str, list[int]] = defaultdict(list)
    for sid, t in instance.availability[["supporter_id", "slot"]].itertuples(index=False):
        slots_of[sid].append(int(t))
    return share_weights(instance, slots_of)


class Fairness:
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
            return FAIR_MAX
        ratio = (self.base.get(sid, 0.0) + k * self.hours) / target
        return min(FAIR_MAX, round(FAIR_PER_RATIO * ratio))


def shortlist(found: Sequence[Candidate], team: int, fair: Fairness) -> list[Candidate]:
    """The candidates a first model looks at: the first FIRST_SLOTS slots, and in each the
    team + PER_SLOT best. The rest joins only if a place stays empty that one of them could take."""
    by_slot: dict[int, list[Candidate]] = defaultdict(list)
    for c in found:
        if c.rank < FIRST_SLOTS:
            by_slot[c.t].append(c)
    out = []
    for here in by_slot.values():
        here.sort(key=lambda c: (c.cost + fair.marginal(c.supporter_id, 1), c.supporter_id))
        out.extend(here[:team + PER_SLOT])
    return out


