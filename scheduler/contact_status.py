"""What became of a planned outreach contact, and the app's page for setting it (docs/outreach.md,
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
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote, urlsplit

__all__ = ["CONTACT_STATUSES", "STATUS_LABELS", "PLANNED", "status_of", "status_label", "STATUS_PAGE_PATH",
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
