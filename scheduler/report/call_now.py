"""Who do I call now? One ward's support slots with the supporter to call, their phone and the backup.

Built from the rota's `assignments` (docs/semantics.md, "The rota"), the support slots of the
period and the supporters' phone numbers (`phone` in supporters.csv). The same lines make the
"who do I call now?" page and the printed ward notice (:func:`scheduler.report.notices.ward_notice_html`),
so the two never disagree. A slot is `covered` (a supporter to call), `uncovered` (staff at work
and nobody to call: the fallback applies) or `none` (nobody from the ward at work, so no cover
was planned). Why a slot is uncovered is left out on purpose: these are shown to the ward, and
the reason can name a colleague who is unavailable.

The page's address is the server's to know (it is configured, see docs/access.md): the notice's
QR code opens :func:`call_page_url` for its ward.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from scheduler.domain import Instance, Slot

# The app's public address and its one check (docs/access.md); `--public-url` defaults to it too.
from scheduler.io.contact_status import PUBLIC_URL_ENV, valid_public_url

__all__ = ["CallLine", "CallSheet", "on_call_people", "CALL_PAGE_PATH", "WARD_PARAM", "PUBLIC_URL_ENV", "ward_lines", "call_sheet",
           "tel_href", "call_page_url", "valid_public_url", "qr_svg"]

#: Where the app serves the page (its url path) and the query parameter that names the ward.
CALL_PAGE_PATH = "hvem-ringer"
WARD_PARAM = "post"


@dataclass(frozen=True)
class CallLine:
    """One support slot of one ward: whom to call (name, home ward, phone) and the backup."""

    slot: Slot
    status: str  # "covered", "uncovered" or "none"
    call_id: str = ""
    call_name: str = ""
    call_ward: str = ""
    call_phone: str = ""
    backup_id: str = ""
    backup_name: str = ""
    backup_phone: str = ""
    on_call_id: str = ""  # the on-call supporter planned for an uncovered slot (scheduler.oncall)
    on_call_name: str = ""
    on_call_phone: str = ""


@dataclass(frozen=True)
class CallSheet:
    """What the page shows for a ward at a moment: today's slots (with the one running now), the
    next ones, and where the moment lies against the rota's period."""

    today: tuple[CallLine, ...]
    now: CallLine | None
    upcoming: tuple[CallLine, ...]
    before_period: bool
    after_period: bool


def on_call_people(on_call: pd.DataFrame | None) -> dict[tuple[str, str], tuple[str, str]]:
    """(date, slot) → (supporter id, phone) of the on-call supporters planned (on_call.csv)."""
    if on_call is None or not len(on_call):
        return {}
    rows = on_call[["date", "slot", "supporter_id", "phone"]].astype(str).itertuples(index=False)
    return {(d[:10], s): (sid, "" if phone == "nan" else phone) for d, s, sid, phone in rows if sid not in ("", "nan")}


def ward_lines(instance: Instance, assignments: pd.DataFrame, ward_id: str,
               phones: Mapping[str, str] | None = None, on_call: pd.DataFrame | None = None) -> list[CallLine]:
    """One line per support slot of the period for `ward_id`, in time order.

    `phones` maps employee ids to the number to call; without it the supporters' own `phone`
    (supporters.csv) is used. `on_call` (on_call.csv) names the on-call supporter of a slot
    nobody covers on site, with the phone it gives.
    """
    standby = on_call_people(on_call)
    if phones is None:
        phones = {sid: s.phone for sid, s in instance.supporters.items() if s.phone}
    names = {e: emp.name or e for e, emp in instance.employees.items()}
    home = {e: emp.ward for e, emp in instance.employees.items()}
    a = assignments[assignments["ward"].astype(str) == ward_id]
    by_key: dict[tuple[str, str], dict[str, str]] = {}
    columns = [a[c].astype(str).tolist() for c in ("date", "slot", "supporter_id", "role")]  # lists: no per-cell pandas
    for date, slot, sid, role in zip(*columns, strict=True):
        by_key.setdefault((date, slot), {}).setdefault(role, "" if sid in ("", "nan") else sid)
    lines = []
    for s in instance.slots:
        entry = by_key.get((s.date.isoformat(), s.name))
        call = (entry or {}).get("primary", "")
        backup = (entry or {}).get("backup", "")
        status = "none" if entry is None else "covered" if call else "uncovered"
        ready, ready_phone = standby.get((s.date.isoformat(), s.name), ("", "")) if status == "uncovered" else ("", "")
        lines.append(CallLine(
            slot=s, status=status, call_id=call, call_name=names.get(call, call) if call else "",
            call_ward=home.get(call, "") if call else "", call_phone=phones.get(call, "") if call else "",
            backup_id=backup, backup_name=names.get(backup, backup) if backup else "",
            backup_phone=phones.get(backup, "") if backup else "", on_call_id=ready,
            on_call_name=names.get(ready, ready) if ready else "", on_call_phone=ready_phone))
    return lines


def call_sheet(lines: Iterable[CallLine], moment: dt.datetime, upcoming: int = 6) -> CallSheet:
    """Today's lines (and a night that began yesterday and still runs), the one running at
    `moment` (naive local time), and the next `upcoming` lines after today's."""
    ordered = sorted(lines, key=lambda line: line.slot.start)
    today = moment.date()
    now = next((line for line in ordered if line.slot.start <= moment < line.slot.end), None)
    shown = [line for line in ordered if line.slot.date == today or line is now]
    last = max((line.slot.end for line in shown), default=moment)
    later = [line for line in ordered if line.slot.start >= last and line not in shown][:upcoming]
    return CallSheet(today=tuple(shown), now=now, upcoming=tuple(later),
                     before_period=bool(ordered) and moment < ordered[0].slot.start and not shown,
                     after_period=bool(ordered) and moment >= ordered[-1].slot.end)


def tel_href(phone: str) -> str:
    """A `tel:` link for a number as written (`+47 22 11 80 00` → `tel:+4722118000`); "" for none."""
    digits = "".join(c for c in phone if c.isdigit())
    if not digits:
        return ""
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{digits}"


def call_page_url(public_url: str, ward_id: str) -> str:
    """The address of the "who do I call now?" page for one ward (`…/hvem-ringer?post=N-MED1`)."""
    if not valid_public_url(public_url):
        raise ValueError("the app's public address must be an absolute http(s) address")
    return f"{public_url.strip().rstrip('/')}/{CALL_PAGE_PATH}?{WARD_PARAM}={quote(ward_id, safe='')}"


def qr_svg(url: str, title: str = "", scale: int = 3) -> str:
    """A QR code of `url` as inline SVG (segno: pure Python, no network, no files)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=scale, title=title or None, omitsize=False)
