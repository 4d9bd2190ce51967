"""The independent check of an outreach plan: outreach.csv against its inputs and the published rota.

Like :mod:`scheduler.check.rota` it shares no code with the planner (scheduler.outreach.plan,
scheduler.solve.limits, scheduler.model.eligibility, OR-Tools): availability comes from
:func:`scheduler.check.rota.build_context`, recomputed from the turnus; the limits are checked by
the rota checker's own ``check_<rule>`` functions on the rota's duties and the contacts together
(a contact is a duty); what is particular to outreach — the time windows, the teams, who may be
on a team, that every contact is reported, and that no file written names who was involved (the
groups are profession × count with an opaque contact key) — is checked here from docs/outreach.md.

Each rule is one ``check_<rule>(ctx, plan)`` in :data:`OUTREACH_CHECKS`, returning
:class:`scheduler.check.rota.Violation` objects in plain words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from scheduler.check.rota import (
    HARD_RULE_CHECKS,
    CheckContext,
    Violation,
    WrittenRota,
    build_context,
    check_supporter_available,
)
from scheduler.incidents import Incident
from scheduler.io.filenames import hashed_filename, safe_filename
from scheduler.io.types import Inputs

__all__ = [
    "ContactRow",
    "OutreachCheckContext",
    "WrittenOutreach",
    "OutreachVerifyReport",
    "OUTREACH_CHECKS",
    "LIMIT_CHECKS",
    "REASON_CODES",
    "parse_outreach",
    "verify_outreach",
    "format_outreach_report",
]

#: The reasons an unplanned team place may give (those of uncovered ward-slots, and outside_turnus).
REASON_CODES = frozenset({"outside_turnus", "no_supporter_at_work", "only_ineligible", "all_blocked", "all_at_limit",
                          "not_chosen"})
_KINDS = ("defusing", "first", "follow_up")
_REQUIRED = ("incident_id", "contact", "supporter_id", "date", "slot", "start", "end", "group", "contact_key",
             "reason_if_unplanned")
#: The `group` column: profession × count (docs/outreach.md); `–` for the group whose profession is not known.
_GROUP = re.compile(r"^(?P<profession>.*)×(?P<people>\d{1,4})$")
#: A contact key: 32 hex digits, random (docs/outreach.md).
_KEY = re.compile(r"^[0-9a-f]{32}$")
#: Columns whose well-formed cells are dates, times or numbers (an id is looked for in them only when
#: they are not), and the incident id, which the reader has already held to its rule.
_FORMED = {"date": re.compile(r"^\d{4}-\d{2}-\d{2}$"), "start": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"),
           "end": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"), "people": re.compile(r"^\d+$"),
           "team_size": re.compile(r"^\d+$"), "hours": re.compile(r"^\d+(\.\d+)?$")}

#: The rota checker's limit checks, run on the rota's duties and the contacts together.
LIMIT_CHECKS = {rule: HARD_RULE_CHECKS[rule] for rule in (
    "one_duty_per_day", "weekly_duties", "weekly_protected_hours", "period_duties", "period_nights",
    "consecutive_days", "max_on_duty_per_ward", "release_keeps_minimum_staffing")}


@dataclass(frozen=True)
class ContactRow:
    """One row of outreach.csv as written, with its slot index (None: no slot of the period)."""

    line: int
    incident_id: str
    contact: str
    supporter_id: str
    date_text: str
    slot: str
    start_text: str
    end_text: str
    group: str
    contact_key: str
    reason: str
    reason_code: str
    t: int | None
    cells: Mapping[str, str] = field(default_factory=dict)  # every cell of the row, by column


@dataclass(frozen=True)
class OutreachCheckContext:
    """The rota checker's context, the incidents, and the rota's duties as slot indices."""

    base: CheckContext
    incidents: Mapping[str, Incident]
    rota: frozenset[tuple[str, int]]


@dataclass(frozen=True)
class WrittenOutreach:
    rows: tuple[ContactRow, ...]
    invitations: Mapping[str, str] = field(default_factory=dict)  # file name -> text of invitations/<id>.ics

    def planned(self) -> list[ContactRow]:
        return [r for r in self.rows if r.supporter_id]


@dataclass
class OutreachVerifyReport:
    violations: list[Violation]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.violations


def _clean(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def _moment(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def parse_outreach(ctx: CheckContext, table: pd.DataFrame, invitations: Mapping[str, str] | None = None
                   ) -> WrittenOutreach:
    missing = [c for c in _REQUIRED if c not in table.columns]
    if missing:
        raise ValueError(f"outreach.csv mangler kolonner / lacks columns: {', '.join(missing)}")
    rows = []
    for i, r in enumerate(table.to_dict("records")):
        every = {str(c): _clean(v) for c, v in r.items()}
        cells = {c: every.get(c, "") for c in (*_REQUIRED, "reason_code")}
        try:
            date = dt.date.fromisoformat(cells["date"]) if cells["date"] else None
        except ValueError:
            date = None
        slot = ctx.slot_at.get((date, cells["slot"])) if date else None
        rows.append(ContactRow(i + 2, cells["incident_id"], cells["contact"], cells["supporter_id"], cells["date"],
                               cells["slot"], cells["start"], cells["end"], cells["group"], cells["contact_key"],
                               cells["reason_if_unplanned"], cells["reason_code"], slot.index if slot else None, every))
    return WrittenOutreach(tuple(rows), dict(invitations or {}))


def _row(rule: str, r: ContactRow, no: str, en: str) -> Violation:
    where_no, where_en = f"outreach.csv rad {r.line}", f"outreach.csv row {r.line}"
    try:
        date = dt.date.fromisoformat(r.date_text) if r.date_text else None
    except ValueError:
        date = None
    return Violation(rule=rule, supporter_id=r.supporter_id, date=date, slot=r.slot, text_no=f"{where_no}: {no}",
                     text_en=f"{where_en}: {en}", file="outreach.csv", row=r.line)


def _groups(ctx: OutreachCheckContext, incident: Incident) -> dict[str, int]:
    """People per group (profession; "" when not known), recomputed from the turnus."""
    people: Counter[str] = Counter()
    for eid in incident.involved_ids:
        employee = ctx.base.employees.get(eid)
        people[(employee.profession or "") if employee else ""] += 1
    for profession, n in incident.involved_counts.items():
        people[profession] += n
    return dict(people)


def _team(incident: Incident, people: int) -> int:
    return incident.team_size if incident.team_size is not None else (2 if people >= 3 else 1)


def _group_of(ctx: OutreachCheckContext, incident: Incident, label: str) -> str | None:
    """The profession a `group` cell names — `profession×count`, `–` for the group whose profession
    is not known — when it is a group of the incident with that many people; else None."""
    m = _GROUP.match(label)
    if not m:
        return None
    profession = "" if m["profession"] == "–" else m["profession"]
    people = _groups(ctx, incident).get(profession)
    return profession if people is not None and people == int(m["people"]) else None


def _shown_groups(ctx: OutreachCheckContext, incident: Incident) -> str:
    return ", ".join(f"{p or '–'}×{n}" for p, n in sorted(_groups(ctx, incident).items()))


def check_rows_readable(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """Every row names a known incident and contact; a planned row names a slot of the period
    and its start and end."""
    out = []
    for r in plan.rows:
        if r.incident_id not in ctx.incidents:
            out.append(_row("outreach_rows_readable", r, f"ukjent hendelse «{r.incident_id}».",
                            f"unknown incident «{r.incident_id}»."))
        elif r.contact not in _KINDS:
            out.append(_row("outreach_rows_readable", r, f"ukjent kontakt «{r.contact}» (defusing, first, follow_up).",
                            f"unknown contact «{r.contact}» (defusing, first, follow_up)."))
        elif r.supporter_id and r.t is None:
            out.append(_row("outreach_rows_readable", r, f"{r.date_text} {r.slot} er ingen vakt i perioden.",
                            f"{r.date_text} {r.slot} is not a slot of the period."))
        elif r.supporter_id and (_moment(r.start_text) is None or _moment(r.end_text) is None):
            out.append(_row("outreach_rows_readable", r, "start eller slutt er ikke et tidspunkt.",
                            "start or end is not a date and time."))
    return out


def check_every_contact_reported(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """A contact is never dropped: every incident has, for every contact it needs and every group of
    involved staff, one row per team place — a supporter, or an empty one with its reason — and the
    team meets the group together, in one slot."""
    out = []
    rows: dict[tuple[str, str, str], list[ContactRow]] = defaultdict(list)
    for r in plan.rows:
        incident = ctx.incidents.get(r.incident_id)
        if incident is None or r.contact not in _KINDS:
            continue
        group = _group_of(ctx, incident, r.group)
        if group is None and _GROUP.match(r.group):
            out.append(_row("every_contact_reported", r, f"gruppen «{r.group}» er ingen gruppe av de involverte "
                            f"({_shown_groups(ctx, incident)}).",
                            f"group «{r.group}» is not a group of the involved ({_shown_groups(ctx, incident)})."))
            continue
        if group is None:  # not quoted: it may hold who was involved
            out.append(_row("every_contact_reported", r, "gruppen er ikke skrevet som yrke×antall "
                            f"({_shown_groups(ctx, incident)}).",
                            f"the group is not written as profession×count ({_shown_groups(ctx, incident)})."))
            continue
        rows[r.incident_id, r.contact, group].append(r)
    for incident_id, incident in ctx.incidents.items():
        kinds = [k for k in _KINDS if k != "defusing" or incident.defusing]
        for kind in kinds:
            for group, people in _groups(ctx, incident).items():
                team = _team(incident, people)
                found = rows.pop((incident_id, kind, group), [])
                what_no = f"Hendelse {incident_id}, {kind}, gruppe «{group or '–'}»"
                what_en = f"Incident {incident_id}, {kind}, group «{group or '–'}»"
                if len(found) != team:
                    out.append(Violation(rule="every_contact_reported", text_no=f"{what_no}: {len(found)} rader, "
                                         f"teamet er {team}.", text_en=f"{what_en}: {len(found)} rows, the team is {team}.",
                                         file="outreach.csv"))
                planned = [r for r in found if r.supporter_id]
                slots = {(r.date_text, r.slot) for r in planned}
                if len(slots) > 1:
                    out.append(Violation(rule="every_contact_reported", text_no=f"{what_no}: teamet er fordelt på "
                                         f"{len(slots)} vakter; det møter gruppen samlet.",
                                         text_en=f"{what_en}: the team is spread over {len(slots)} slots; it meets the "
                                         "group together.", file="outreach.csv"))
                twice = [s for s, n in Counter(r.supporter_id for r in planned).items() if n > 1]
                if twice:
                    out.append(Violation(rule="every_contact_reported", supporter_id=";".join(twice),
                                         text_no=f"{what_no}: samme kollegastøtte står to ganger på teamet.",
                                         text_en=f"{what_en}: the same supporter is on the team twice.",
                                         file="outreach.csv"))
                for r in found:
                    if not r.supporter_id and not (r.reason and r.reason_code in REASON_CODES):
                        out.append(_row("every_contact_reported", r, "en tom plass på teamet uten gyldig begrunnelse.",
                                        "an empty team place without a valid reason."))
    for (incident_id, kind, _), extra in rows.items():
        for r in extra:
            out.append(_row("every_contact_reported", r, f"hendelse {incident_id} trenger ingen kontakt «{kind}».",
                            f"incident {incident_id} needs no contact «{kind}»."))
    return out


def check_contact_in_window(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """A defusing starts within 8 hours of the incident, the first talk within 72 hours, the
    follow-up 21–35 days after; the contact starts when the slot does (or at the incident, when the
    slot is under way, if at least `min_overlap` of it is left) and ends with the slot; a defusing
    comes before the first talk."""
    out = []
    first_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    defusing_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in plan.planned():
        incident = ctx.incidents.get(r.incident_id)
        if incident is None or r.contact not in _KINDS or r.t is None:
            continue
        slot = ctx.base.slots[r.t]
        start, end = _moment(r.start_text), _moment(r.end_text)
        expected = max(slot.start, incident.occurred)
        if start != expected or end != slot.end:
            out.append(_row("contact_in_window", r, f"start/slutt {r.start_text}–{r.end_text}, skal være "
                            f"{expected:%Y-%m-%dT%H:%M}–{slot.end:%Y-%m-%dT%H:%M}.",
                            f"start/end {r.start_text}–{r.end_text}, should be "
                            f"{expected:%Y-%m-%dT%H:%M}–{slot.end:%Y-%m-%dT%H:%M}."))
        if (slot.end - expected) < (slot.end - slot.start) * ctx.base.rules.min_overlap:
            out.append(_row("contact_in_window", r, "for lite av vakta er igjen etter hendelsen.",
                            "too little of the slot is left after the incident."))
        earliest, latest = incident.window(r.contact)  # type: ignore[arg-type]
        if not earliest <= expected <= latest:
            out.append(_row("contact_in_window", r, f"{r.contact} {expected:%d.%m %H:%M} er utenfor tidsrommet "
                            f"{earliest:%d.%m %H:%M}–{latest:%d.%m %H:%M}.",
                            f"{r.contact} {expected:%d.%m %H:%M} is outside the window "
                            f"{earliest:%d.%m %H:%M}–{latest:%d.%m %H:%M}."))
        if r.contact == "first":
            first_of[r.incident_id, r.group].append(r.t)
        elif r.contact == "defusing":
            defusing_of[r.incident_id, r.group].append(r.t)
    for key, ts in defusing_of.items():
        firsts = first_of.get(key, [])
        if firsts and min(firsts) <= max(ts):
            out.append(Violation(rule="contact_in_window", text_no=f"Hendelse {key[0]}: første samtale er ikke etter "
                                 "avlastningssamtalen.", text_en=f"Incident {key[0]}: the first talk is not after the "
                                 "defusing.", file="outreach.csv"))
    return out


def check_contact_supporter_eligible(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """Colleagues open up to someone not from their own ward (or department, with separation =
    department) and not their manager: a team member is not one of the involved, not from an
    involved ward, does not lead one, and with same_site works on the incident's site."""
    out = []
    base = ctx.base
    for r in plan.planned():
        incident = ctx.incidents.get(r.incident_id)
        if incident is None:
            continue
        who = base.who(r.supporter_id)
        own = base.home.get(r.supporter_id, "")
        if r.supporter_id in incident.involved_ids:
            out.append(_row("contact_supporter_eligible", r, f"{who} er selv involvert.", f"{who} is involved themselves."))
        for ward in incident.wards:
            if ward == own:
                out.append(_row("contact_supporter_eligible", r, f"{who} er fra den involverte posten {ward}.",
                                f"{who} is from the involved ward {ward}."))
            elif base.rules.separation == "department" and own and base.department(ward) == base.department(own):
                out.append(_row("contact_supporter_eligible", r, f"{who} er fra samme avdeling som post {ward}.",
                                f"{who} is from the same department as ward {ward}."))
            supporter = base.supporters.get(r.supporter_id)
            if supporter is not None and ward in supporter.leads_wards:
                out.append(_row("contact_supporter_eligible", r, f"{who} leder den involverte posten {ward}.",
                                f"{who} manages the involved ward {ward}."))
            if base.rules.same_site and own and base.site(ward) != base.site(own):
                out.append(_row("contact_supporter_eligible", r, f"{who} er på et annet sted enn post {ward}.",
                                f"{who} works on another site than ward {ward}."))
    return out


def check_contact_not_on_duty(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """A supporter on a rota duty stays on call for the wards they cover: no contact in a slot
    where they have a duty, and at most one contact per slot."""
    out = []
    seen: dict[tuple[str, int], ContactRow] = {}
    for r in plan.planned():
        if r.t is None:
            continue
        key = (r.supporter_id, r.t)
        who = ctx.base.who(r.supporter_id)
        if key in ctx.rota:
            out.append(_row("contact_not_on_duty", r, f"{who} har støttevakt i denne vakta.",
                            f"{who} is on duty in this slot."))
        if key in seen:
            out.append(_row("contact_not_on_duty", r, f"{who} har to kontakter i samme vakt (se rad {seen[key].line}).",
                            f"{who} has two contacts in one slot (see row {seen[key].line})."))
        seen.setdefault(key, r)
    return out


def _written(duties: Iterable[tuple[str, int]]) -> WrittenRota:
    return WrittenRota(assignments=(), duty_rows=(), named={}, listed={}, on_duty=frozenset(duties))


def check_limits_with_rota(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """A contact is a duty: the rota's duties and the contacts together keep every limit (one duty a
    day, per week, protected hours, per period, nights, days in a row, supporters per ward, minimum
    staffing), and every team member is available. Findings the rota has without the contacts are
    the rota's, not the plan's, and are not repeated."""
    contacts = {(r.supporter_id, r.t) for r in plan.planned() if r.t is not None}
    together, alone = _written(ctx.rota | contacts), _written(ctx.rota)
    out = list(check_supporter_available(ctx.base, _written(contacts)))
    for check in LIMIT_CHECKS.values():
        before = {(v.rule, v.text_en) for v in check(ctx.base, alone)}
        out.extend(v for v in check(ctx.base, together) if (v.rule, v.text_en) not in before)
    return out


def check_reasons_hold(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """The reasons that can be re-checked without the plan hold: «outside the turnus period» only
    when no slot of the period is in the window; «nobody at work» only when no supporter is."""
    out = []
    base = ctx.base
    for r in plan.rows:
        incident = ctx.incidents.get(r.incident_id)
        if r.supporter_id or incident is None or r.contact not in _KINDS:
            continue
        if r.reason_code not in ("outside_turnus", "no_supporter_at_work"):
            continue
        earliest, latest = incident.window(r.contact)  # type: ignore[arg-type]
        slots = [s for s in base.slots if earliest <= max(s.start, incident.occurred) <= latest
                 and (s.end - max(s.start, incident.occurred)) >= (s.end - s.start) * base.rules.min_overlap]
        if r.reason_code == "outside_turnus" and slots:
            out.append(_row("reasons_hold", r, "begrunnelsen «utenfor turnusperioden» stemmer ikke: tidsrommet har vakter "
                            "i perioden.", "the reason «outside the turnus period» is wrong: the window has slots in "
                            "the period."))
        if r.reason_code == "no_supporter_at_work":
            at_work = {t for (_, t) in base.at_work}
            if any(s.index in at_work for s in slots):
                out.append(_row("reasons_hold", r, "begrunnelsen «ingen på jobb» stemmer ikke: en kollegastøtte er på jobb "
                                "i tidsrommet.", "the reason «nobody at work» is wrong: a supporter is at work in the "
                                "window."))
    return out


def check_contact_keys(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """A group is named by profession × count and an opaque contact key: 32 random hex digits, one
    per group of an incident, the same on every row of that group and on no other group's rows."""
    out = []
    keys: dict[tuple[str, str], set[str]] = defaultdict(set)
    owner: dict[str, tuple[str, str]] = {}
    for r in plan.rows:
        incident = ctx.incidents.get(r.incident_id)
        group = _group_of(ctx, incident, r.group) if incident is not None else None
        if group is None:
            continue  # reported by every_contact_reported
        if not _KEY.match(r.contact_key):
            out.append(_row("contact_keys_opaque", r, "contact_key er ikke en kontaktnøkkel (32 heksadesimale sifre).",
                            "contact_key is not a contact key (32 hex digits)."))
            continue
        keys[r.incident_id, group].add(r.contact_key)
        first = owner.setdefault(r.contact_key, (r.incident_id, group))
        if first != (r.incident_id, group):
            out.append(_row("contact_keys_opaque", r, f"kontaktnøkkelen er også nøkkelen til hendelse {first[0]}, gruppe "
                            f"«{first[1] or '–'}»; hver gruppe har sin egen.",
                            f"the contact key is also that of incident {first[0]}, group «{first[1] or '–'}»; each "
                            "group has its own."))
    for (incident_id, group), found in sorted(keys.items()):
        if len(found) > 1:
            out.append(Violation(rule="contact_keys_opaque", text_no=f"Hendelse {incident_id}, gruppe «{group or '–'}»: "
                                 f"{len(found)} ulike kontaktnøkler; gruppen har én.",
                                 text_en=f"Incident {incident_id}, group «{group or '–'}»: {len(found)} different contact "
                                 "keys; the group has one.", file="outreach.csv"))
    return out


_WORD = re.compile(r"\w+")


def _mentions(text: str, simple: Mapping[str, object], other: Iterable[str]) -> set[str]:
    """The involved ids that `text` names: as a whole `;`-part (any id), or as a word of their own
    (an id of 3 characters or more; `simple` ids are words, `other` ids have `-`, `.` … in them)."""
    found = {p.strip() for p in text.split(";") if p.strip() in simple or p.strip() in other}
    found |= {w for w in _WORD.findall(text) if len(w) >= 3 and w in simple}
    found |= {e for e in other if len(e) >= 3 and re.search(rf"(?<!\w){re.escape(e)}(?!\w)", text)}
    return found


def _unfold(data: str) -> str:
    """An .ics as its logical lines, without its time zones (their data is no one's)."""
    text = re.sub(r"\r?\n[ \t]", "", data)
    return re.sub(r"BEGIN:VTIMEZONE.*?END:VTIMEZONE", "", text, flags=re.DOTALL | re.IGNORECASE)


def check_involved_not_named(ctx: OutreachCheckContext, plan: WrittenOutreach) -> list[Violation]:
    """No file the plan is written to names who was involved (docs/outreach.md): no involved employee
    id anywhere in outreach.csv — except as the `supporter_id` of a team place of another incident
    (an involved supporter is still a supporter) — nor in any invitation, except the invitation's
    own supporter's. The finding never repeats the id."""
    involved_in: dict[str, set[str]] = defaultdict(set)
    for incident_id, incident in ctx.incidents.items():
        for eid in incident.involved_ids:
            involved_in[eid].add(incident_id)
    if not involved_in:
        return []
    simple = {e: None for e in involved_in if _WORD.fullmatch(e)}
    other = [e for e in involved_in if e not in simple]
    out = []
    for r in plan.rows:
        for column, cell in r.cells.items():
            if not cell or (column in _FORMED and _FORMED[column].match(cell)):
                continue
            if column == "incident_id" and cell in ctx.incidents:
                continue  # held by the reader to contain no employee id
            found = _mentions(cell, simple, other)
            if column == "supporter_id" and cell in found and r.incident_id not in involved_in[cell]:
                found.discard(cell)  # a team member of another incident than theirs
            if found:
                which = ", ".join(sorted({i for e in found for i in involved_in[e]}))
                out.append(_row("involved_not_named", r, f"kolonne «{column}» har ansattnummeret til en involvert "
                                f"(hendelse {which}); ingen fil skal si hvem som var involvert.",
                                f"column «{column}» holds the employee id of someone involved (incident {which}); no "
                                "file may say who was involved."))
    owners: dict[str, str] = {}
    for r in plan.planned():
        for name in (f"{safe_filename(r.supporter_id)}.ics", f"{hashed_filename(r.supporter_id)}.ics"):
            owners.setdefault(name, r.supporter_id)
    for name, data in sorted(plan.invitations.items()):
        text = _unfold(data)
        for incident_id in ctx.incidents:  # held by the reader to contain no employee id
            text = text.replace(incident_id, " ")
        found = _mentions(text, simple, other) - {owners.get(name, "")}
        if found:
            which = ", ".join(sorted({i for e in found for i in involved_in[e]}))
            out.append(Violation(rule="involved_not_named", text_no=f"invitations/{name}: har ansattnummeret til "
                                 f"{len(found)} involvert(e) (hendelse {which}); en invitasjon sier aldri hvem som var "
                                 "involvert.", text_en=f"invitations/{name}: holds the employee id of {len(found)} "
                                 f"involved (incident {which}); an invitation never says who was involved.",
                                 file=f"invitations/{name}"))
    return out


OUTREACH_CHECKS: dict[str, Callable[[OutreachCheckContext, WrittenOutreach], list[Violation]]] = {
    "outreach_rows_readable": check_rows_readable,
    "every_contact_reported": check_every_contact_reported,
    "contact_in_window": check_contact_in_window,
    "contact_supporter_eligible": check_contact_supporter_eligible,
    "contact_not_on_duty": check_contact_not_on_duty,
    "limits_with_rota": check_limits_with_rota,
    "reasons_hold": check_reasons_hold,
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
    ctx = OutreachCheckContext(base, {i.incident_id: i for i in incidents}, frozenset(rota))
    texts = {name: data.decode("utf-8", "replace") for name, data in (invitations or {}).items()}
    plan = parse_outreach(base, outreach, texts)
    violations = [v for check in OUTREACH_CHECKS.values() for v in check(ctx, plan)]
    planned = plan.planned()
    counts = {"incidents": len(ctx.incidents), "rows": len(plan.rows), "team_places_planned": len(planned),
              "team_places_unplanned": len(plan.rows) - len(planned), "rota_duties": len(rota)}
    return OutreachVerifyReport(violations, counts)


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
