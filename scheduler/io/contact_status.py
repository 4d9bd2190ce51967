"""What became of a planned outreach contact, the link to the app's page for setting it, and the files
that carry statuses and conversation counts (docs/outreach.md,
«Status and conversations, as counts»).

Each planned contact (an incident's defusing, first talk or follow-up with one group) gets one of
four statuses, set by a supporter on its team or by the coordinator; empty is *planned*:

| status | Norwegian | meaning |
|---|---|---|
| `held` | holdt | the talk took place |
| `declined` | avslått | the group (or the person) said no, thank you |
| `not_reached` | ikke nådd | the team did not reach them |
| `moved` | flyttet | it did not take place at the planned time (a new plan follows) |

A status is a word from this list — never text — and conversations are a count per supporter and
month. Nothing here or anywhere holds what a talk was about.

The page's address (`…/kontaktstatus?hendelse=H-20270112-1420-1`) goes into each invitation when the
app's public address is set (`KOLLEGASTOTTE_PUBLIC_URL`, the same setting as the notices' QR codes).

The files of `scheduler outreach-status` are read here too: contacts' statuses, and conversations per supporter
and month — counts and words from a fixed list, never text (docs/outreach.md, «Status and
conversations, as counts»).

A **status file** is outreach.csv with its `status` column filled in (or what `--export` wrote):

| column | required | meaning |
|---|---|---|
| incident_id | yes | the incident |
| contact | yes | `defusing`, `first`, `follow_up` (`avlastning`, `første`, `oppfølging`) |
| profession, or group | one of them | the group met: its profession (`sykepleier`), or outreach.csv's `sykepleier×3` |
| status | yes | `held`/`holdt`, `declined`/`avslått`, `not_reached`/`ikke nådd`, `moved`/`flyttet`, or `planned`/`planlagt` to set it back; empty changes nothing |

One row per team place is fine: the rows of one contact must agree (empty cells aside). A **conversations file**:
`supporter_id, month, conversations` (`Ansattnr`, `Måned`, `Samtaler`) with the month as `2027-03`
(or `03.2027`, `mars 2027`) and a whole number 0–500. Which kind a file is, its columns say. Every
problem is a message naming the file, row and column and the fix; the other rows are read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from scheduler.incidents import CONTACT_KINDS
from scheduler.io.headers import match_columns
from scheduler.io.messages import error
from scheduler.io.records import Record, cell_errors, count_problem, read_records, whole_count
from scheduler.io.tabular import read_table
from scheduler.io.types import ReadingReport, Source

__all__ = ["StatusRow", "ConversationRow", "read_status_file", "file_kind", "STATUS_ALIASES",
           "CONVERSATION_ALIASES",
           "CONTACT_STATUSES", "STATUS_LABELS", "PLANNED", "status_of", "status_label", "STATUS_PAGE_PATH",
           "INCIDENT_PARAM", "PUBLIC_URL_ENV", "valid_public_url", "public_url", "status_page_url", "MONTH",
           "MAX_CONVERSATIONS"]

#: The statuses a planned contact can get, in the order they are shown.
CONTACT_STATUSES = ("held", "declined", "not_reached", "moved")
#: Empty: planned, no status set yet.
PLANNED = ""
#: Each status in words (Norwegian, English); "" is planned.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "": ("planlagt", "planned"),
    "held": ("holdt", "held"),
    "declined": ("avslått", "declined"),
    "not_reached": ("ikke nådd", "not reached"),
    "moved": ("flyttet", "moved"),
}
#: Also read in a file's status column: the words in both languages, any case, `_` or space.
_READ = {**{k: k for k in CONTACT_STATUSES},
         **{no.replace(" ", "_"): k for k, (no, _) in STATUS_LABELS.items()},
         **{en.replace(" ", "_"): k for k, (_, en) in STATUS_LABELS.items()},
         "ikke_nad": "not_reached", "avslatt": "declined", "gjennomført": "held", "gjennomfort": "held"}
#: A month as conversations are counted: `2027-03`.
MONTH = re.compile(r"^(?P<year>20\d\d)-(?P<month>0[1-9]|1[0-2])$")
#: The most conversations one supporter can be counted with in one month (a count, not a log).
MAX_CONVERSATIONS = 500

#: The status page's address in the app, and the parameter naming the incident.
STATUS_PAGE_PATH = "kontaktstatus"
INCIDENT_PARAM = "hendelse"
#: The app's address as people reach it (the server's setting; also for the notices' QR codes).
PUBLIC_URL_ENV = "KOLLEGASTOTTE_PUBLIC_URL"


def status_of(text: object) -> str | None:
    """The status a cell says (`held`, `holdt`, `Ikke nådd`, … ; empty: planned), or None when it is none."""
    if text is None:
        return PLANNED
    word = "_".join(str(text).strip().lower().split())
    if word in ("", "planned", "planlagt", "nan"):
        return PLANNED
    return _READ.get(word)


def status_label(status: str, lang: str = "no") -> str:
    no, en = STATUS_LABELS.get(status, STATUS_LABELS[""])
    return no if lang == "no" else en


def valid_public_url(url: str) -> bool:
    """An absolute http(s) address without query or fragment (the app's address as people reach it)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.query and not parts.fragment


def public_url() -> str:
    """The app's public address (:data:`PUBLIC_URL_ENV`), or "" when it is not set or not valid."""
    url = os.environ.get(PUBLIC_URL_ENV, "").strip()
    return url if url and valid_public_url(url) else ""


def status_page_url(base: str, incident_id: str = "") -> str:
    """The status page's address (`…/kontaktstatus?hendelse=<id>`), from the app's public address."""
    if not valid_public_url(base):
        raise ValueError("the app's public address must be an absolute http(s) address")
    url = f"{base.strip().rstrip('/')}/{STATUS_PAGE_PATH}"
    return f"{url}?{INCIDENT_PARAM}={quote(incident_id, safe='')}" if incident_id else url


STATUS_ALIASES = {
    "incident_id": ("incidentid", "hendelsesid", "hendelse", "incident"),
    "contact": ("contact", "kontakt", "samtale", "kontakttype"),
    "profession": ("profession", "yrke", "yrkesgruppe", "stilling"),
    "group": ("group", "gruppe"),
    "status": ("status", "utfall", "outcome"),
}
CONVERSATION_ALIASES = {
    "supporter_id": ("supporterid", "employeeid", "ansattnr", "ansattnummer", "ansnr", "kollegastøtte", "id"),
    "month": ("month", "måned", "maned", "mnd"),
    "conversations": ("conversations", "samtaler", "antallsamtaler", "antall", "count"),
}
_CONTACTS = {"defusing": "defusing", "avlastning": "defusing", "avlastningssamtale": "defusing",
             "first": "first", "første": "first", "forste": "first", "førstesamtale": "first",
             "follow_up": "follow_up", "followup": "follow_up", "oppfølging": "follow_up", "oppfolging": "follow_up",
             "oppfølgingssamtale": "follow_up"}
_MONTH_NAMES = {name: i + 1 for i, names in enumerate((
    ("januar", "january", "jan"), ("februar", "february", "feb"), ("mars", "march", "mar"), ("april", "apr"),
    ("mai", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"), ("november", "nov"),
    ("desember", "december", "des", "dec"))) for name in names}


@dataclass(frozen=True)
class StatusRow:
    """One contact's status as a file gives it ("" = planned)."""

    incident_id: str
    contact: str
    profession: str
    status: str
    row: int


@dataclass(frozen=True)
class ConversationRow:
    """One supporter's conversations in one month (a count)."""

    supporter_id: str
    month: str
    conversations: int
    row: int


def file_kind(src: Source) -> str:
    """`status` or `conversations`, from the file's columns ("" when neither)."""
    report = ReadingReport(file=src.name, kind="outreach-status")
    best = {"status": 0, "conversations": 0}

    def score(cells) -> int:
        found_s = set(match_columns(cells, STATUS_ALIASES).values())
        found_c = set(match_columns(cells, CONVERSATION_ALIASES).values())
        best["status"] = max(best["status"], len(found_s & {"incident_id", "contact", "status"}))
        best["conversations"] = max(best["conversations"], len(found_c & {"supporter_id", "month", "conversations"}))
        return max(len(found_s), len(found_c))

    read_table(src, report, score, "incident_id, contact, status / supporter_id, month, conversations")
    if best["status"] == 3:
        return "status"
    if best["conversations"] == 3:
        return "conversations"
    return ""


def _month(text: str) -> str | None:
    """`2027-03`, `2027-3`, `03.2027`, `3/2027`, `mars 2027` → `2027-03`."""
    t = text.strip().lower()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", t) or None
    if m:
        year, month = int(m[1]), int(m[2])
    elif (m := re.fullmatch(r"(\d{1,2})[./](\d{4})", t)):
        year, month = int(m[2]), int(m[1])
    elif (m := re.fullmatch(r"([a-zæøå]+)\.?\s+(\d{4})", t)) and m[1] in _MONTH_NAMES:
        year, month = int(m[2]), _MONTH_NAMES[m[1]]
    else:
        return None
    text = f"{year:04d}-{month:02d}"
    return text if MONTH.match(text) else None


def _profession(group: str) -> str:
    """outreach.csv's group (`sykepleier×3`, `–×2`) → its profession (`sykepleier`, "")."""
    name = group.rsplit("×", 1)[0].strip() if "×" in group else group.strip()
    return "" if name in ("–", "-") else name


def read_status_file(src: Source) -> tuple[list[StatusRow] | list[ConversationRow], ReadingReport, str]:
    """The rows of a status or conversations file (which, its columns say), its reading report, and its kind."""
    kind = file_kind(src)
    if kind == "conversations":
        rows, report = _conversations(src)
        return rows, report, kind
    statuses, report = _statuses(src)
    return statuses, report, "status"


def _quoted_status(record: Record, field: str) -> str:
    """Only the incident id is quoted: a status cell may hold text."""
    return record.raw(field) if field == "incident_id" else ""


def _quoted_conversations(record: Record, field: str) -> str:
    return "" if field == "conversations" else record.raw(field)[:20]


def _statuses(src: Source) -> tuple[list[StatusRow], ReadingReport]:
    records, report = read_records(src, "outreach-status", STATUS_ALIASES, ["incident_id", "contact", "status"])
    if records and not ({"profession", "group"} & set(records[0].header)):
        error(report, "Mangler kolonne: profession (eller group).", "Missing column: profession (or group).",
              fix_no="Filen trenger yrket til gruppen som ble møtt: kolonnen profession eller group fra outreach.csv.",
              fix_en="The file needs the profession of the group met: the column profession or group of outreach.csv.")
        return [], report
    out: list[StatusRow] = []
    seen: dict[tuple[str, str, str], tuple[str, int]] = {}
    for r in records:
        problems = []
        contact = _CONTACTS.get(r.get("contact").lower().replace(" ", "_"))
        if not r.get("incident_id"):
            problems.append(("incident_id", "mangler hendelsens id.", "has no incident id.",
                             "Fyll inn incident_id slik outreach.csv har den.", "Fill in incident_id as outreach.csv has it."))
        if contact is None:
            problems.append(("contact", "er ikke en kontakttype.", "is not a kind of contact.",
                             f"Skriv en av {', '.join(CONTACT_KINDS)}.", f"Write one of {', '.join(CONTACT_KINDS)}."))
        if not r.get("status"):  # an empty cell changes nothing; `planlagt` (planned) sets a contact back
            report.rows_read += 1
            continue
        status = status_of(r.get("status"))
        if status is None:
            problems.append(("status", "er ikke en status.", "is not a status.",
                             "Skriv holdt, avslått, ikke nådd eller flyttet (held, declined, not_reached, moved), eller la "
                             "cellen stå tom (planlagt).", "Write held, declined, not_reached or moved (holdt, avslått, "
                             "ikke nådd, flyttet), or leave the cell empty (planned)."))
        cell_errors(report, r, problems, _quoted_status)
        if problems or contact is None or status is None:
            report.rows_skipped += 1
            continue
        profession = r.get("profession") if "profession" in r.header else _profession(r.get("group"))
        key = (r.get("incident_id"), contact, profession)
        if key in seen and seen[key][0] != status:
            error(report, f"Kontakten har en annen status i rad {seen[key][1]}.",
                  f"The contact has another status in row {seen[key][1]}.", row=r.line, column=r.column("status"),
                  fix_no="Gi alle radene til samme kontakt samme status.",
                  fix_en="Give every row of one contact the same status.")
            report.rows_skipped += 1
            continue
        report.rows_read += 1
        if key not in seen:
            seen[key] = (status, r.line)
            out.append(StatusRow(*key, status, r.line))
    return out, report


def _conversations(src: Source) -> tuple[list[ConversationRow], ReadingReport]:
    records, report = read_records(src, "conversations", CONVERSATION_ALIASES, ["supporter_id", "month", "conversations"])
    out: list[ConversationRow] = []
    seen: dict[tuple[str, str], int] = {}
    for r in records:
        month = _month(r.get("month"))
        number = whole_count(r.get("conversations"), MAX_CONVERSATIONS)
        problems = []
        if not r.get("supporter_id"):
            problems.append(("supporter_id", "mangler ansattnummer.", "has no employee id.",
                             "Fyll inn kollegastøttens ansattnummer.", "Fill in the supporter's employee id."))
        if month is None:
            problems.append(("month", "er ikke en måned.", "is not a month.", "Skriv måneden som 2027-03 eller 03.2027.",
                             "Write the month as 2027-03 or 03.2027."))
        if number is None:
            problems.append(count_problem("conversations", MAX_CONVERSATIONS,
                                          "Skriv antallet samtaler som et tall (bare antallet, aldri hva de handlet om).",
                                          "Write the number of conversations (the count only, never what they were about)."))
        cell_errors(report, r, problems, _quoted_conversations)
        if problems or month is None or number is None:
            report.rows_skipped += 1
            continue
        key = (r.get("supporter_id"), month)
        if key in seen:
            error(report, f"Samme kollegastøtte og måned står også i rad {seen[key]}.",
                  f"The same supporter and month are also in row {seen[key]}.", row=r.line, column=r.column("month"),
                  fix_no="Skriv én rad per kollegastøtte og måned.", fix_en="Write one row per supporter and month.")
            report.rows_skipped += 1
            continue
        seen[key] = r.line
        report.rows_read += 1
        out.append(ConversationRow(*key, number, r.line))
    return out, report
