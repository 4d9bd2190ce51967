"""No file of an outreach plan says who was involved: opaque contact keys, no involved id anywhere.

docs/outreach.md: a group is named by profession × count and a random contact key, never by its
people; no involved employee id may stand in outreach.csv (except as the supporter of a team place
of another incident) or in an invitation (except its own supporter's). Looked for here in every
cell and every line of every invitation, and never repeated in a finding.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from scheduler.check.findings import Violation
from scheduler.check.outreach_written import OutreachCheckContext, WrittenOutreach, _group_of, _row
from scheduler.io.filenames import hashed_filename, safe_filename

__all__ = ["check_contact_keys", "check_involved_not_named"]

#: A contact key: 32 hex digits, random (docs/outreach.md).
_KEY = re.compile(r"^[0-9a-f]{32}$")
#: Columns whose well-formed cells are dates, times or numbers (an id is looked for in them only when
#: they are not), and the incident id, which the reader has already held to its rule.
_FORMED = {"date": re.compile(r"^\d{4}-\d{2}-\d{2}$"), "start": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"),
           "end": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"), "people": re.compile(r"^\d+$"),
           "team_size": re.compile(r"^\d+$"), "hours": re.compile(r"^\d+(\.\d+)?$"),
           "named_at_work": re.compile(r"^\d+$"), "named_in_window": re.compile(r"^\d+$"),
           "estimated_at_work": re.compile(r"^\d+(\.\d+)?$"), "meeting": re.compile(r"^\d+$")}


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
