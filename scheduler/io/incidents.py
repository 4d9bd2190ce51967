"""incidents.csv: serious incidents for outreach (docs/outreach.md) — never what happened.

One row per incident: `ward` (several `;`-separated), `occurred` (date and time), `involved`
(employee ids, or counts per profession `sykepleier:3;lege:1`), and optionally `incident_id`,
`team_size` and `defusing`. Read like every other input: Norwegian and English headers, messages
naming file, row and column and the fix (:func:`read_incidents`); then checked against the turnus
(:func:`check_incidents`): an unknown ward is an error, an unknown employee id is kept as involved
(profession not known), and an involved person who is also a supporter is kept as involved and
never put on a team for that incident.

A column that is not one of these is not read and not kept (a description of what happened
must never be stored), and the report says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from scheduler.domain import Employee, Supporter, Ward
from scheduler.incidents import (
    MAX_INVOLVED,
    MAX_TEAM_SIZE,
    Incident,
    incident_id_problem,
    name_parts,
    next_generated_id,
)
from scheduler.io.dates import parse_date
from scheduler.io.input_limits import max_bytes
from scheduler.io.messages import capped, error, info, warning
from scheduler.io.records import Record, parse_bool, parse_number, read_records
from scheduler.io.times import parse_minutes
from scheduler.io.types import ReadingReport, Source

__all__ = ["read_incidents", "read_incidents_path", "check_incidents", "parse_occurred", "parse_involved", "MAX_INCIDENTS",
           "INCIDENT_COLUMNS"]

#: Incidents planned in one run: each is a few contacts, and 200 at once is far beyond a real week.
MAX_INCIDENTS = 200
#: The columns of incidents.csv, in the order the docs list them.
INCIDENT_COLUMNS = ("incident_id", "ward", "occurred", "involved", "team_size", "defusing")

_ALIASES = {
    "incident_id": ("incidentid", "hendelsesid", "hendelseid", "hendelsesnr", "hendelsesnummer", "saksnr",
                    "saksnummer", "id"),
    "ward": ("ward", "wards", "post", "poster", "wardid", "enhet", "avdeling", "avd", "seksjon"),
    "occurred": ("occurred", "tidspunkt", "når", "naar", "skjedde", "datotid", "datetime", "when", "dato", "date"),
    "time": ("klokkeslett", "klokka", "klokken", "kl", "clock", "time", "tid"),
    "involved": ("involved", "involverte", "involvert", "berørte", "berorte", "ansatte", "people"),
    "team_size": ("teamsize", "team", "teamstørrelse", "teamstorrelse", "antallstøtter", "antallstotter",
                  "kollegastøtter", "supporters"),
    "defusing": ("defusing", "defusering", "avlastningssamtale", "sammedag", "samedaydefusing"),
}
_OCCURRED = re.compile(r"^\s*(?P<date>[^\sT]+)(?:(?:\s+|T)(?:kl\.?\s*)?(?P<time>\d{1,2}[:.]\d{2})(?::\d{2}(?:\.\d+)?)?)?\s*$",
                       re.IGNORECASE)
_COUNT = re.compile(r"^(?P<profession>[^:=]+?)\s*[:=]\s*(?P<n>\d{1,4})$")
_EMPLOYEE_ID = re.compile(r"^[^\s:=]{1,40}$")
_FIX_TIME_NO = "Skriv dato og klokkeslett som 2027-03-04 14:20 eller 04.03.2027 kl. 14:20."
_FIX_TIME_EN = "Write the date and time as 2027-03-04 14:20 or 04.03.2027 14:20."


def parse_occurred(text: str, time_text: str = "") -> tuple[dt.datetime | None, str]:
    """A date and time: (the moment, "") or (None, "no_time" | "bad")."""
    m = _OCCURRED.match(text or "")
    if not m:
        return None, "bad"
    date = parse_date(m["date"])
    if date is None:
        return None, "bad"
    clock = m["time"] or time_text.strip()
    if not clock:
        return None, "no_time"
    minutes = parse_minutes(clock.replace("kl.", "").replace("kl", "").strip())
    if minutes is None or minutes >= 1440:
        return None, "bad"
    return dt.datetime.combine(date, dt.time(minutes // 60, minutes % 60)), ""


def parse_involved(text: str) -> tuple[list[str], dict[str, int], list[str]]:
    """`12345;23456` or `sykepleier:3;lege:1` (both may be mixed): ids, counts per profession
    (lower case), and the parts that are neither."""
    ids: list[str] = []
    counts: dict[str, int] = {}
    bad: list[str] = []
    for part in re.split(r"[;,|]", text or ""):
        part = part.strip()
        if not part:
            continue
        if m := _COUNT.match(part):
            profession = " ".join(m["profession"].lower().split())
            counts[profession] = counts.get(profession, 0) + int(m["n"])
        elif _EMPLOYEE_ID.match(part):
            if part not in ids:
                ids.append(part)
        else:
            bad.append(part[:40])
    return ids, counts, bad


#: Why a given incident id is refused (scheduler.incidents.incident_id_problem), in words. The id is
#: never quoted: it may hold a name or what happened, which must not reach a terminal or a report.
_ID_PROBLEMS = {
    "form": ("Hendelses-id-en er verken et saksnummer fra avvikssystemet (inntil 4 bokstaver og så sifre, f.eks. "
             "SYN-123456) eller en id slik programmet lager dem (H-ÅÅÅÅMMDD-TTMM-n); den kan ikke brukes, for en id "
             "skal aldri kunne si hva som skjedde.",
             "The incident id is neither a reference number of the deviation system (at most 4 letters, then digits, "
             "e.g. SYN-123456) nor an id as the program makes them (H-YYYYMMDD-HHMM-n); it cannot be used, for an id "
             "must never be able to say what happened."),
    "employee": ("Hendelses-id-en inneholder et ansattnummer fra turnusen eller hendelsen; den kan ikke brukes, for en "
                 "id skal aldri si hvem det gjelder.",
                 "The incident id contains an employee id of the turnus or the incident; it cannot be used, for an id "
                 "must never say who it is about."),
    "name": ("Hendelses-id-en inneholder en del av et navn i turnusen; den kan ikke brukes, for en id skal aldri si "
             "hvem det gjelder.",
             "The incident id contains part of a name in the turnus; it cannot be used, for an id must never say who "
             "it is about."),
}
_ID_FIX = ("La feltet stå tomt, så lager programmet en id (H-ÅÅÅÅMMDD-TTMM-n), eller skriv saksnummeret fra "
           "avvikssystemet (f.eks. SYN-123456).",
           "Leave the cell empty to get a generated id (H-YYYYMMDD-HHMM-n), or write the reference number of the "
           "deviation system (e.g. SYN-123456).")


def _row(report: ReadingReport, r: Record, taken: set[str], people: frozenset[str], names: frozenset[str]
         ) -> Incident | None:
    good = True

    def bad(field: str, no: str, en: str, fix_no: str, fix_en: str, quote: bool = True) -> None:
        nonlocal good
        error(report, no, en, row=r.line, column=r.column(field), fix_no=fix_no, fix_en=fix_en,
              raw=r.raw(field) if quote else "")
        good = False

    wards = tuple(dict.fromkeys(w.strip() for w in re.split(r"[;,|]", r.get("ward")) if w.strip()))
    if not wards:
        bad("ward", "Raden mangler post.", "The row has no ward.", "Skriv posten der hendelsen skjedde (flere: skill "
            "med ;).", "Write the ward where it happened (several: separate with ;).")
    occurred, problem = parse_occurred(r.get("occurred"), r.get("time"))
    if occurred is None:
        if problem == "no_time" and r.get("occurred"):
            bad("occurred", f"«{r.raw('occurred')}» har ingen klokkeslett; fristene regnes fra tidspunktet.",
                f"«{r.raw('occurred')}» has no time of day; the deadlines count from the moment.", _FIX_TIME_NO,
                _FIX_TIME_EN)
        elif not r.get("occurred"):
            bad("occurred", "Raden mangler tidspunkt.", "The row has no time.", _FIX_TIME_NO, _FIX_TIME_EN)
        else:
            bad("occurred", f"«{r.raw('occurred')}» er ikke et tidspunkt.", f"«{r.raw('occurred')}» is not a time.",
                _FIX_TIME_NO, _FIX_TIME_EN)
    ids, counts, unreadable = parse_involved(r.get("involved"))
    if unreadable:
        # which parts, by their place in the cell: the part itself may be a name or what happened
        parts = [p.strip() for p in re.split(r"[;,|]", r.get("involved")) if p.strip()]
        where = ", ".join(str(i) for i, p in enumerate(parts, start=1) if p[:40] in unreadable)
        bad("involved", f"Involverte: del {where} av cellen er verken ansattnummer eller yrke:antall.",
            f"Involved: part {where} of the cell is neither an employee id nor profession:count.",
            "Skriv ansattnumre (12345;23456) eller antall per yrke (sykepleier:3;lege:1) — aldri navn eller hva som "
            "skjedde.", "Write employee ids (12345;23456) or counts per profession (sykepleier:3;lege:1) — never "
            "names or what happened.", quote=False)
    elif not ids and not counts:
        bad("involved", "Raden sier ikke hvem som er involvert.", "The row does not say who is involved.",
            "Skriv ansattnumre (12345;23456) eller antall per yrke (sykepleier:3;lege:1).",
            "Write employee ids (12345;23456) or counts per profession (sykepleier:3;lege:1).", quote=False)
    elif len(ids) + sum(counts.values()) > MAX_INVOLVED:
        bad("involved", f"Mer enn {MAX_INVOLVED} involverte i én hendelse.", f"More than {MAX_INVOLVED} involved in "
            "one incident.", "Del hendelsen i flere rader, f.eks. per post.", "Split it into several rows, e.g. per ward.",
            quote=False)
    team: int | None = None
    if r.get("team_size"):
        n = parse_number(r.get("team_size"))
        if n is None or n != int(n) or not 1 <= n <= MAX_TEAM_SIZE:
            bad("team_size", f"«{r.raw('team_size')}» er ikke et helt tall fra 1 til {MAX_TEAM_SIZE}.",
                f"«{r.raw('team_size')}» is not a whole number from 1 to {MAX_TEAM_SIZE}.",
                "Skriv antall kollegastøtter per kontakt, eller la feltet stå tomt (2 når 3 eller flere er "
                "involvert, ellers 1).", "Write the supporters per contact, or leave it empty (2 when 3 or more "
                "are involved, else 1).")
        else:
            team = int(n)
    defusing = False
    if r.get("defusing"):
        parsed = parse_bool(r.get("defusing"))
        if parsed is None:
            bad("defusing", f"«{r.raw('defusing')}» er ikke ja/nei.", f"«{r.raw('defusing')}» is not yes/no.",
                "Skriv ja eller nei.", "Write yes or no.")
        else:
            defusing = parsed
    incident_id = r.get("incident_id")
    problem = incident_id_problem(incident_id, occurred, people | set(ids), names) if incident_id else None
    if problem is not None:
        bad("incident_id", *_ID_PROBLEMS[problem], *_ID_FIX, quote=False)
    elif incident_id and incident_id in taken:
        bad("incident_id", f"Hendelses-id «{incident_id}» står flere ganger.", f"Incident id «{incident_id}» appears "
            "more than once.", "Gi hver hendelse sin egen id, eller la feltet stå tomt.",
            "Give each incident its own id, or leave the cell empty.")
    if not good or occurred is None:
        return None
    incident_id = incident_id or next_generated_id(occurred, taken)
    try:
        incident = Incident(incident_id=incident_id, wards=wards, occurred=occurred, involved_ids=tuple(ids),
                            involved_counts=counts, team_size=team, defusing=defusing, row=r.line)
    except ValidationError as exc:
        error(report, f"Raden kan ikke brukes: {exc.errors()[0]['msg']}", f"The row cannot be used: "
              f"{exc.errors()[0]['msg']}", row=r.line)
        return None
    taken.add(incident_id)
    return incident


def read_incidents(src: Source, *, employees: Mapping[str, Employee] | None = None,
                   supporters: Mapping[str, Supporter] | None = None) -> tuple[list[Incident], ReadingReport]:
    """Every incident of the file that can be read; the rest as messages in the report. A given
    incident id is checked against the ids and names of `employees` and `supporters` (the turnus):
    it may contain none of them (docs/outreach.md, «The incident id»)."""
    people = frozenset(employees or ()) | frozenset(supporters or ())
    names = name_parts([*(e.name for e in (employees or {}).values()), *(s.name for s in (supporters or {}).values())])
    records, report = read_records(src, "incidents", _ALIASES, ["ward", "occurred", "involved"])
    if report.unused_columns:
        warning(report, f"Kolonnene {', '.join(report.unused_columns[:10])} er ikke lest og blir ikke tatt vare på.",
                f"The columns {', '.join(report.unused_columns[:10])} were not read and are not kept.",
                fix_no="Fila trenger bare post, tidspunkt og involverte; hva som skjedde skal aldri stå her.",
                fix_en="The file needs only ward, time and involved; what happened must never be written here.")
    if len(records) > MAX_INCIDENTS:
        error(report, f"Fila har {len(records)} hendelser; høyst {MAX_INCIDENTS} planlegges om gangen.",
              f"The file has {len(records)} incidents; at most {MAX_INCIDENTS} are planned at once.",
              fix_no="Del fila.", fix_en="Split the file.")
        return [], report
    out: list[Incident] = []
    taken = {r.get("incident_id") for r in records if r.get("incident_id")}
    seen: set[str] = set()
    for r in records:
        given = r.get("incident_id")
        taken.discard(given)  # a given id is "taken" for generated ones, but only a repeat is an error
        incident = _row(report, r, seen | taken, people, names)
        if incident is None:
            report.rows_skipped += 1
            continue
        seen.add(incident.incident_id)
        out.append(incident)
        report.rows_read += 1
    if out:
        report.date_from = min(i.occurred.date() for i in out)
        report.date_to = max(i.occurred.date() for i in out)
    return out, report


def read_incidents_path(path: str | Path, *, employees: Mapping[str, Employee] | None = None,
                        supporters: Mapping[str, Supporter] | None = None) -> tuple[list[Incident], ReadingReport, str]:
    """For the command line: the incidents of the file at `path` (ids checked against `employees`
    and `supporters`, as :func:`read_incidents`), its report, and its SHA-256 ("" when it could not
    be read; the report then says why)."""
    p = Path(path)
    report = ReadingReport(file=str(path), kind="incidents")
    try:
        if p.is_dir():
            error(report, "Dette er en mappe, ikke en fil.", "This is a folder, not a file.",
                  fix_no="Oppgi incidents.csv.", fix_en="Give incidents.csv.", raw=str(path))
            return [], report, ""
        if p.stat().st_size > max_bytes("incidents"):
            error(report, "Fila er for stor for en hendelsesliste.", "The file is too large for a list of incidents.",
                  fix_no="Sjekk at det er riktig fil.", fix_en="Check that it is the right file.", raw=str(path))
            return [], report, ""
        src = Source(name=p.name, data=p.read_bytes())
    except OSError as exc:
        error(report, f"Fila kan ikke åpnes: {exc.strerror or exc}.", f"The file cannot be opened: {exc.strerror or exc}.",
              fix_no="Sjekk filnavn og sti.", fix_en="Check the file name and path.", raw=str(path))
        return [], report, ""
    incidents, report = read_incidents(src, employees=employees, supporters=supporters)
    return incidents, report, src.sha256


def check_incidents(incidents: list[Incident], report: ReadingReport, *, employees: Mapping[str, Employee],
                    wards: Mapping[str, Ward], supporters: Mapping[str, Supporter],
                    period: tuple[dt.date, dt.date] | None) -> list[Incident]:
    """The incidents checked against the turnus: those that can be planned. An unknown ward or an
    unknown profession is an error (the incident is left out, and said so); an unknown employee id
    and an involved supporter are warnings (the person stays involved)."""
    known_professions = {" ".join((e.profession or "").lower().split()): e.profession for e in employees.values()
                         if e.profession}
    out: list[Incident] = []
    unknown_people = []
    for incident in incidents:
        usable = True
        unknown = [w for w in incident.wards if w not in wards]
        if unknown:
            error(report, f"Hendelse {incident.incident_id}: posten {', '.join(unknown)} finnes ikke i turnus eller "
                          "postfil; den er ikke planlagt.",
                  f"Incident {incident.incident_id}: ward {', '.join(unknown)} is in no turnus or wards file; it was not "
                  "planned.", row=incident.row, column="ward", raw=";".join(unknown),
                  fix_no="Rett post-id-en (som i turnusen).", fix_en="Correct the ward id (as in the turnus).")
            usable = False
        professions = {}
        for k, (p, n) in enumerate(incident.involved_counts.items(), start=1):
            if p in known_professions:
                professions[known_professions[p]] = professions.get(known_professions[p], 0) + n
            else:
                # by its place, never the word: a word that is no profession may say what happened
                shown = ", ".join(sorted(known_professions.values())[:8]) or "–"
                error(report, f"Hendelse {incident.incident_id}: yrke nr. {k} i «involved» er ikke et yrke i turnusen.",
                      f"Incident {incident.incident_id}: profession no. {k} in «involved» is not a profession in the "
                      "turnus.", row=incident.row, column="involved",
                      fix_no=f"Bruk et av yrkene i turnusen: {shown}.", fix_en=f"Use a profession of the turnus: {shown}.")
                usable = False
        for k, eid in enumerate(incident.involved_ids, start=1):
            if eid not in employees:
                unknown_people.append((incident, k))
            if eid in supporters:
                warning(report, f"Hendelse {incident.incident_id}: en av de involverte er selv kollegastøtte; "
                                "vedkommende får kontakt som de andre og settes ikke på et team for denne hendelsen.",
                        f"Incident {incident.incident_id}: one of the involved is a supporter; they are contacted "
                        "like the others and not put on a team for this incident.", row=incident.row,
                        column="involved")
        if period is not None:
            first, last = period
            end = incident.window("follow_up")[1].date()
            if incident.occurred.date() > last or end < first:
                warning(report, f"Hendelse {incident.incident_id} ligger utenfor turnusperioden ({first}–{last}); "
                                "kontaktene kan ikke planlegges.",
                        f"Incident {incident.incident_id} lies outside the turnus period ({first}–{last}); its "
                        "contacts cannot be planned.", row=incident.row, column="occurred",
                        raw=f"{incident.occurred:%Y-%m-%d %H:%M}",
                        fix_no="Les inn turnusen for tiden etter hendelsen.",
                        fix_en="Read the turnus for the time after the incident.")
            elif incident.window("follow_up")[1].date() > last:
                info(report, f"Hendelse {incident.incident_id}: oppfølgingen (21–35 dager etter) går forbi slutten av "
                             f"turnusen ({last}).",
                     f"Incident {incident.incident_id}: the follow-up (21–35 days after) runs past the end of the turnus "
                     f"({last}).", row=incident.row, column="occurred",
                     fix_no="Les inn turnusen for de neste ukene for å planlegge oppfølgingen.",
                     fix_en="Read the turnus for the weeks after to plan the follow-up.")
        if usable:
            if professions != dict(incident.involved_counts):
                incident = incident.model_copy(update={"involved_counts": professions})
            out.append(incident)
    for incident, k in capped(report, unknown_people, len(unknown_people), "ansattnummer som ikke er i turnusen",
                              "employee ids not in the turnus"):
        # by its place in the row, never the id itself: this report is written to the output folder
        warning(report, f"Hendelse {incident.incident_id}: ansattnummer nr. {k} i «involved» finnes ikke i turnusen; "
                        "personen får kontakt, men yrket er ukjent.",
                f"Incident {incident.incident_id}: employee id no. {k} in «involved» is not in the turnus; the person "
                "is contacted, but the profession is not known.", row=incident.row, column="involved",
                fix_no="Sjekk ansattnummeret.", fix_en="Check the employee id.")
    report.employees = sum(len(i.involved_ids) for i in out)
    return out
