"""What an outreach plan is written as: outreach.csv, an invitation calendar per supporter, the folder.

An invitation says when, where (the incident's ward) and which kind of contact, the group met
(its profession and how many people, in correct Norwegian), that the ward's manager introduces the
team, and who else is on the team — never who was involved: no involved name or employee id
appears in any calendar text (docs/outreach.md).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from scheduler.io.contact_status import public_url as configured_public_url
from scheduler.io.contact_status import status_page_url
from scheduler.io.filenames import hashed_filename, safe_filename
from scheduler.io.out_folder import write_folder_safely
from scheduler.io.outputs import excel_csv_bytes
from scheduler.outreach.plan import OutreachPlan, TeamMember
from scheduler.outreach.wording import meeting_words, people_words

__all__ = ["CONTACT_WORDS", "invitation_calendar", "invitations", "write_outreach_folder"]

#: Each kind of contact in words, Norwegian and English.
CONTACT_WORDS = {
    "defusing": ("avlastningssamtale samme dag", "same-day defusing"),
    "first": ("første samtale", "first talk"),
    "follow_up": ("oppfølgingssamtale", "follow-up talk"),
}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _event_text(plan: OutreachPlan, member: TeamMember, team: list[TeamMember], lang: str) -> tuple[str, str, str]:
    """(summary, location, description) of one invitation — counts and supporters only; whom to meet
    where, and that the ward's manager introduces the team (scheduler/outreach/wording.py)."""
    instance, need = plan.instance, member.need
    kind_no, kind_en = CONTACT_WORDS[need.kind]
    wards = [instance.wards[w] if w in instance.wards else None for w in need.incident.wards]
    where = ", ".join(f"{w.ward_id} {_one_line(w.name)}".strip() if w and w.name != w.ward_id else (w.ward_id if w else "")
                      for w in wards)
    others = [_one_line(instance.employees[m.supporter_id].name or m.supporter_id)
              for m in team if m.supporter_id != member.supporter_id and m.supporter_id in instance.employees]
    work = plan.worktime().get(need.key, {}) if plan.presence else {}
    at_work = int(work.get("named_at_work", 0)) + round(float(work.get("estimated_at_work", 0.0)))
    place = ("posten" if len(wards) == 1 else "postene") if lang == "no" else ("the ward" if len(wards) == 1 else "the wards")
    meet = meeting_words(people_words(need.met_group.people, need.group.profession, lang), place, at_work,
                         str(work.get("worktime_note", "")), lang, float(work.get("estimated_at_work", 0.0)) > 0)
    if lang == "no":
        summary = f"Oppsøkende kollegastøtte: {kind_no}"
        text = (f"Hendelse {need.incident.incident_id} på {where}. {meet}"
                + (f" Du går sammen med {', '.join(others)}." if others else "") + " "
                "Ingenting fra samtalen skrives ned; bare at den ble holdt.")
    else:
        summary = f"Peer-support outreach: {kind_en}"
        text = (f"Incident {need.incident.incident_id} at {where}. {meet}"
                + (f" You go together with {', '.join(others)}." if others else "") + " "
                "Nothing from the talk is written down; only that it took place.")
    return summary, where, text


def _status_link(base: str, incident_id: str, lang: str) -> tuple[str, str]:
    """(the status page's address, the sentence for the invitation) — ("", "") without a public address."""
    if not base:
        return "", ""
    url = status_page_url(base, incident_id)
    return url, (f" Sett status (holdt, avslått, ikke nådd, flyttet) og antall samtaler her: {url}" if lang == "no" else
                 f" Set the status (held, declined, not reached, moved) and your conversations count here: {url}")


def invitation_calendar(plan: OutreachPlan, supporter_id: str, lang: str = "no", public_url: str | None = None) -> bytes:
    """An .ics with one event per contact of one supporter (Europe/Oslo), for their phone; with the
    app's public address (`public_url`, default KOLLEGASTOTTE_PUBLIC_URL) each has the link to the
    page where the supporter sets the contact's status (scheduler.io.contact_status)."""
    base = configured_public_url() if public_url is None else public_url
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, Timezone

    from scheduler.localtime import OSLO_VTIMEZONE

    oslo = ZoneInfo("Europe/Oslo")
    cal = Calendar()
    cal.add("prodid", "-//kollegastotte-scheduler//outreach//NO")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    # Oslo's yearly rules, as the rota's calendars have them: read right by vobject too (docs/outputs.md)
    cal.add_component(Timezone.from_ical(OSLO_VTIMEZONE))
    employee = plan.instance.employees.get(supporter_id)
    shown = _one_line(employee.name if employee and employee.name else supporter_id) or supporter_id
    cal.add("x-wr-calname", f"Oppsøkende kollegastøtte {shown}" if lang == "no" else f"Peer-support outreach {shown}")
    teams: dict[tuple, list[TeamMember]] = defaultdict(list)
    for m in plan.planned():
        teams[m.need.key].append(m)
    for m in plan.planned():
        if m.supporter_id != supporter_id or m.start is None or m.end is None:
            continue
        summary, where, text = _event_text(plan, m, teams[m.need.key], lang)
        link, sentence = _status_link(base, m.need.incident.incident_id, lang)
        text += sentence
        event = Event()
        more = f"{m.need.meeting}-" if m.need.meeting > 1 else ""
        event.add("uid", f"{m.need.incident.incident_id}-{m.need.kind}-{m.need.group.profession or 'x'}-{more}"
                         f"{safe_filename(supporter_id)}@kollegastotte")
        event.add("summary", summary)
        event.add("location", where)
        event.add("dtstart", m.start.replace(tzinfo=oslo))
        event.add("dtend", m.end.replace(tzinfo=oslo))
        event.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        event.add("description", text)
        if link:
            event.add("url", link)
        cal.add_component(event)
    return cal.to_ical()


def invitations(plan: OutreachPlan, lang: str = "no", public_url: str | None = None) -> dict[str, bytes]:
    """An invitation calendar per supporter with a planned contact."""
    return {sid: invitation_calendar(plan, sid, lang, public_url) for sid in sorted({m.supporter_id for m in plan.planned()})}


def write_outreach_folder(plan: OutreachPlan, out: Path, *, lang: str = "no", summary_extra: Mapping | None = None,
                          extra_files: Mapping[str, bytes] | None = None) -> Path:
    """outreach.csv (and excel/outreach.csv), invitations/<id>.ics, summary.json and `extra_files`,
    written by the same safe writer as a rota: a folder of the user's is never replaced.
    Returns the folder written."""
    table = plan.table(lang).assign(status="")  # empty: planned; filled in for `scheduler outreach-status --import`
    calendars = invitations(plan, lang)
    summary = {"kind": "outreach", **plan.summary(), **dict(summary_extra or {})}

    def fill(staging: Path) -> None:
        (staging / "excel").mkdir()
        table.to_csv(staging / "outreach.csv", index=False, encoding="utf-8")
        (staging / "excel" / "outreach.csv").write_bytes(excel_csv_bytes(table))
        (staging / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str),
                                              encoding="utf-8")
        (staging / "invitations").mkdir()
        for sid, data in calendars.items():
            path = staging / "invitations" / f"{safe_filename(sid)}.ics"
            if path.exists():
                path = staging / "invitations" / f"{hashed_filename(sid)}.ics"
            path.write_bytes(data)
        for name, data in (extra_files or {}).items():
            if Path(name).name != name or name.startswith("."):
                raise ValueError(f"not a plain file name: {name!r}")
            (staging / name).write_bytes(data)

    return write_folder_safely(Path(out), fill, kind="outreach")
