"""Outreach in the working time of those involved, recounted from the turnus (docs/outreach.md,
«In working time»): who of each group is at work in the contact's slot and in its window.

Independent of the planner (scheduler.outreach.worktime): the involved people's shifts are read
here from the turnus rows in plain loops, with the overlap rule of docs/semantics.md, and the
written columns `named_at_work`, `named_in_window`, `estimated_at_work` and `worktime_note` are
compared with what follows. People given as a count per profession are estimated as the document
says: they are among the staff of that profession at work on an involved ward when it happened
(the pool), so `count × (pool at work) ÷ pool` of them are at work in a slot.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation
from scheduler.check.outreach_written import (
    _KINDS,
    ContactRow,
    InvolvedShifts,
    OutreachCheckContext,
    WrittenOutreach,
    _group_of,
    _row,
)
from scheduler.domain import Slot
from scheduler.incidents import Incident

__all__ = ["check_worktime_recounted", "worktime_by_incident", "meeting_of", "contact_meetings", "InvolvedShifts", "involved_shifts", "contact_slots", "Presence", "group_presence", "defusing_latest",
           "worktime_expected", "WORKTIME_NOTES"]

#: The codes a planned contact's `worktime_note` may have (blank: some of the group are at work).
WORKTIME_NOTES = frozenset({"none_at_work_in_window", "not_at_work_in_slot", "worktime_unknown"})
_DEFUSING_HOURS = 8
_FIRST_HOURS = 72


def involved_shifts(base: CheckContext, turnus: pd.DataFrame, incidents: Iterable[Incident]) -> InvolvedShifts:
    """Recount from the turnus rows the shifts of the named involved and of everyone on an involved ward."""
    incidents = list(incidents)
    people = {eid for i in incidents for eid in i.involved_ids}
    wards = {w for i in incidents for w in i.wards}
    slots_of: dict[str, set[int]] = defaultdict(set)
    on_ward: dict[tuple[str, int], set[str]] = defaultdict(set)
    if not base.slots or turnus.empty:
        return InvolvedShifts({}, {})
    ward_cells = turnus["ward"].astype(object).where(turnus["ward"].notna(), "").astype(str).str.strip()
    turnus = turnus[turnus["employee_id"].astype(str).str.strip().isin(people) | ward_cells.isin(wards)
                    | (ward_cells == "")]
    origin = dt.datetime.combine(base.slots[0].date, dt.time())
    per_day = len(base.rules.slots)
    for row in turnus.to_dict("records"):
        eid = str(row["employee_id"]).strip()
        ward = "" if pd.isna(row["ward"]) else str(row["ward"]).strip()
        ward = ward or base.home.get(eid, "") or (base.employees[eid].ward if eid in base.employees else "")
        if str(row["kind"]).strip().lower() != "work" or (eid not in people and ward not in wards):
            continue
        if pd.isna(row["start_min"]) or pd.isna(row["end_min"]) or pd.isna(row["date"]):
            continue
        day = pd.Timestamp(row["date"]).to_pydatetime().replace(hour=0, minute=0, second=0, microsecond=0)
        start = day + dt.timedelta(minutes=int(row["start_min"]))
        end = day + dt.timedelta(minutes=int(row["end_min"]))
        first_day = (day - origin).days - 1
        for d in range(max(first_day, 0), first_day + 3 + int(row["end_min"]) // 1440):
            for pos in range(per_day):
                t = d * per_day + pos
                if t >= len(base.slots):
                    break
                slot = base.slots[t]
                overlap = (min(end, slot.end) - max(start, slot.start)).total_seconds()
                if overlap >= base.rules.min_overlap * (slot.end - slot.start).total_seconds() - 1e-6:
                    slots_of[eid].add(t)
                    on_ward[ward, t].add(eid)
    return InvolvedShifts({k: frozenset(v) for k, v in slots_of.items()},
                          {k: frozenset(v) for k, v in on_ward.items()})


def contact_slots(base: CheckContext, incident: Incident, earliest: dt.datetime, latest: dt.datetime) -> list[Slot]:
    """The slots a contact may be in: it starts when the slot does (or at the incident, when the slot
    is under way) within [earliest, latest], with at least `min_overlap` of the slot left — in time order."""
    out = []
    for s in base.slots:
        start = max(s.start, incident.occurred)
        if earliest <= start <= latest and (s.end - start) >= (s.end - s.start) * base.rules.min_overlap:
            out.append(s)
    return out


@dataclass(frozen=True)
class Presence:
    """A group at work: named people (exact) and the estimate for those given as a count, per slot."""

    named: Mapping[int, int]
    estimated: Mapping[int, float]
    named_in_window: int
    estimated_in_window: float
    known: bool

    def at_work(self, t: int) -> float:
        return self.named.get(t, 0) + self.estimated.get(t, 0.0)


def _pool(base: CheckContext, shifts: InvolvedShifts, incident: Incident, profession: str) -> set[str]:
    """Staff of `profession` on an involved ward in the slot under way when it happened (else the
    last slot that ended before it), the named people left out."""
    at = [s.index for s in base.slots if s.start <= incident.occurred < s.end]
    if not at:
        before = [s for s in base.slots if s.end <= incident.occurred]
        at = [max(before, key=lambda s: (s.end, s.index)).index] if before else []
    return {eid for t in at for w in incident.wards for eid in shifts.on_ward.get((w, t), ())
            if (base.employees[eid].profession if eid in base.employees else "") == profession
            } - set(incident.involved_ids)


def group_presence(base: CheckContext, shifts: InvolvedShifts, incident: Incident, profession: str,
                   slots: Sequence[Slot]) -> Presence:
    """The group `profession` of `incident` at work in each of `slots`."""
    ids = [eid for eid in incident.involved_ids
           if ((base.employees[eid].profession or "") if eid in base.employees else "") == profession]
    ts = {s.index for s in slots}
    named = {t: sum(1 for e in ids if t in shifts.slots_of.get(e, ())) for t in ts}
    named_in = sum(1 for e in ids if shifts.slots_of.get(e, frozenset()) & ts)
    counted = incident.involved_counts.get(profession, 0)
    pool = _pool(base, shifts, incident, profession) if counted else set()
    if not pool:
        return Presence(named, {}, named_in, 0.0, bool(ids) or not counted)
    share = counted / len(pool)
    estimated = {t: share * sum(1 for e in pool if t in shifts.slots_of.get(e, ())) for t in ts}
    pool_in = sum(1 for e in pool if shifts.slots_of.get(e, frozenset()) & ts)
    return Presence(named, estimated, named_in, share * pool_in, True)


def defusing_latest(base: CheckContext, shifts: InvolvedShifts, incident: Incident, profession: str) -> dt.datetime:
    """A defusing starts within 8 hours — or, when none of the group works in those hours, by the
    start of the group's next shift within 72 hours (the shift of the incident or the next one)."""
    within = incident.occurred + dt.timedelta(hours=_DEFUSING_HOURS)
    slots = contact_slots(base, incident, incident.occurred, within)
    if any(group_presence(base, shifts, incident, profession, slots).at_work(s.index) > 0 for s in slots):
        return within
    later = contact_slots(base, incident, incident.occurred, incident.occurred + dt.timedelta(hours=_FIRST_HOURS))
    presence = group_presence(base, shifts, incident, profession, later)
    starts = [max(s.start, incident.occurred) for s in later if presence.at_work(s.index) > 0]
    return max(within, min(starts)) if starts else within


def worktime_expected(base: CheckContext, shifts: InvolvedShifts, incident: Incident, kind: str, profession: str,
                      t: int | None) -> dict[str, str]:
    """The worktime columns a contact in slot `t` (None: not planned) must have, as text."""
    earliest, latest = incident.window(kind)  # type: ignore[arg-type]
    if kind == "defusing":
        latest = defusing_latest(base, shifts, incident, profession)
    presence = group_presence(base, shifts, incident, profession, contact_slots(base, incident, earliest, latest))
    note = ""
    if t is not None:
        if not presence.known:
            note = "worktime_unknown"
        elif presence.named_in_window + presence.estimated_in_window <= 0:
            note = "none_at_work_in_window"
        elif presence.at_work(t) <= 0:
            note = "not_at_work_in_slot"
    return {"named_at_work": str(presence.named.get(t, 0) if t is not None else 0),
            "named_in_window": str(presence.named_in_window),
            "estimated_at_work": f"{round(presence.estimated.get(t, 0.0), 1) if t is not None else 0.0:.1f}",
            "worktime_note": note}


def _same(column: str, written: str, expected: str) -> bool:
    if column == "estimated_at_work":
        try:
            return abs(float(written or "nan") - float(expected)) <= 0.051
        except ValueError:
            return False
    if column in ("named_at_work", "named_in_window"):
        try:
            return float(written) == float(expected)
        except ValueError:
            return False
    return written == expected


def worktime_mismatches(cells: Mapping[str, str], expected: Mapping[str, str]) -> list[str]:
    """The worktime columns whose written value differs from the recount."""
    return [c for c, v in expected.items() if not _same(c, cells.get(c, ""), v)]


def meeting_of(r: ContactRow) -> int | None:
    """The row's `meeting` (1 when the column is absent or empty); None when it is not a number ≥ 1."""
    text = r.cells.get("meeting", "") or "1"
    return int(text) if text.isdigit() and int(text) >= 1 else None


def _contacts(ctx: OutreachCheckContext, plan: WrittenOutreach) -> dict[tuple[str, str, str], list[ContactRow]]:
    """The rows of each contact (incident, contact, group's profession) that name a group of the incident."""
    out: dict[tuple[str, str, str], list[ContactRow]] = defaultdict(list)
    for r in plan.rows:
        incident = ctx.incidents.get(r.incident_id)
        group = _group_of(ctx, incident, r.group) if incident is not None and r.contact in _KINDS else None
        if group is not None:
            out[r.incident_id, r.contact, group].append(r)
    return out


def _further(ctx: OutreachCheckContext, incident: Incident, kind: str, profession: str, earlier: list[int],
             t: int) -> dict[str, str]:
    """The columns of a further meeting in slot `t` after meetings in `earlier` slots: those of the
    group's named people at work in the window and at none of the earlier meetings, and how many of
    them are at work in `t`."""
    assert ctx.shifts is not None
    earliest, latest = incident.window(kind)  # type: ignore[arg-type]
    window = {s.index for s in contact_slots(ctx.base, incident, earliest, latest)}
    ids = [e for e in incident.involved_ids
           if ((ctx.base.employees[e].profession or "") if e in ctx.base.employees else "") == profession]
    left = [e for e in ids if ctx.shifts.slots_of.get(e, frozenset()) & window
            and not any(u in ctx.shifts.slots_of.get(e, ()) for u in earlier)]
    return {"named_at_work": str(sum(1 for e in left if t in ctx.shifts.slots_of.get(e, ()))),
            "named_in_window": str(len(left)), "estimated_at_work": "0.0", "worktime_note": ""}


def contact_meetings(ctx: OutreachCheckContext, incident_id: str, kind: str, group: str, rows: list[ContactRow]
                     ) -> list[tuple[int, list[ContactRow], dict[str, str]]]:
    """The contact's meetings in order, each with its rows and the worktime columns it must have."""
    assert ctx.shifts is not None
    incident = ctx.incidents[incident_id]
    by_meeting: dict[int, list[ContactRow]] = defaultdict(list)
    for r in rows:
        by_meeting[meeting_of(r) or 1].append(r)
    out, earlier = [], []
    for meeting in sorted(by_meeting):
        mine = by_meeting[meeting]
        slots = {r.t for r in mine if r.supporter_id and r.t is not None}
        t = min(slots) if slots else None
        if meeting == 1 or t is None:
            expected = worktime_expected(ctx.base, ctx.shifts, incident, kind, group, t)
        else:
            expected = _further(ctx, incident, kind, group, earlier, t)
        out.append((meeting, mine, expected))
        if t is not None:
            earlier.append(t)
    return out


def check_worktime_recounted(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """Support happens in paid time for those supported too: each contact says how many of its group
    are at work in its slot by their own turnus, how many in any slot of its window, and, when none
    is, why (a code) — recounted here from the turnus; a written figure that differs is a finding. A
    further meeting meets someone of the group not at work at the earlier ones."""
    if ctx.shifts is None:
        return []
    out = []
    for (incident_id, kind, group), all_rows in _contacts(ctx, plan).items():
        for meeting, rows, expected in contact_meetings(ctx, incident_id, kind, group, all_rows):
            if meeting > 1 and expected["named_at_work"] == "0":
                out.append(_row("worktime_recounted", rows[0], "et ekstra møte treffer ingen nye av gruppen på jobb.",
                                "a further meeting meets nobody new of the group at work."))
            for r in rows:
                wrong = worktime_mismatches(r.cells, expected)
                if wrong and all(c not in r.cells for c in wrong):  # a plan written before these columns
                    out.append(_row("worktime_recounted", r, "planen sier ikke om de involverte er på jobb (kolonnene "
                                    f"{', '.join(wrong)} mangler).", "the plan does not state whether those involved "
                                    f"are at work (columns {', '.join(wrong)} missing)."))
                elif wrong:
                    shown = ", ".join(f"{c} {r.cells.get(c, '') or '–'} ≠ {expected[c] or '–'}" for c in wrong)
                    out.append(_row("worktime_recounted", r, f"de involvertes arbeidstid er feil oppgitt ({shown}).",
                                    f"the involved people's working time is misstated ({shown})."))
    return out


def worktime_by_incident(ctx: OutreachCheckContext, plan: WrittenOutreach) -> dict[str, dict[str, int]]:
    """Per incident, recounted: named people to meet over its contacts, met at work (at any of a
    contact's meetings), at work in the window."""
    out: dict[str, dict[str, int]] = {}
    if ctx.shifts is None:
        return out
    for (incident_id, kind, group), all_rows in _contacts(ctx, plan).items():
        incident = ctx.incidents[incident_id]
        named = sum(1 for e in incident.involved_ids
                    if ((ctx.base.employees[e].profession or "") if e in ctx.base.employees else "") == group)
        row = out.setdefault(incident_id, {"named": 0, "named_at_work": 0, "named_in_window": 0})
        row["named"] += named
        for meeting, _, expected in contact_meetings(ctx, incident_id, kind, group, all_rows):
            row["named_at_work"] += int(expected["named_at_work"])
            if meeting == 1:
                row["named_in_window"] += int(expected["named_in_window"])
    return out
