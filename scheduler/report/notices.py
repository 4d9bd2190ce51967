"""The printable notice per ward: whom to call, each shift of each week, the fallback, a QR code
that opens the call page for the ward. Never why a shift has no supporter (docs/outputs.md)."""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

from scheduler.domain import Instance
from scheduler.model.fallback import (
    fallback_chain,
    fallback_sentence,
    no_cover_words,
    on_call_words,
    without_planned,
)
from scheduler.report.call_now import qr_svg, tel_href, ward_lines
from scheduler.solve.rota import Rota

__all__ = ["ward_notice_html", "WEEKDAYS_NO", "WEEKDAYS_EN"]


WEEKDAYS_NO = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


#: The page's margins are the section's padding, not `@page` margins: with no `@page` margin a
#: browser has no room for its own header and footer (the file's path, the date), so a week prints
#: on one A4 page with nothing but the notice. Ward ids never break at their hyphen (`N-STAB1`).
_NOTICE_CSS = """
@page { size: A4; margin: 0; }
body { font-family: system-ui, sans-serif; margin: 2em; color: #111; font-size: 11pt; }
section.side + section.side { break-before: page; page-break-before: always; margin-top: 3em; }
header { display: flex; justify-content: space-between; align-items: flex-start; gap: 1.5em; }
h1, .tittel { font-size: 1.5em; font-weight: 700; margin: 0 0 0.2em 0; }
p.lead { margin: 0 0 0.3em 0; color: #333; max-width: 36em; }
p.uke { font-size: 1.15em; font-weight: 700; margin: 0.3em 0 0.5em 0; }
figure.qr { margin: 0; text-align: center; font-size: 0.8em; color: #333; flex: none; }
figure.qr svg { display: block; margin: 0 auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
td:nth-child(-n+3) { white-space: nowrap; }
th { background: #eee; }
tr.ny-dag td { border-top: 2px solid #444; }
td.none { font-style: italic; font-size: 0.85em; }
span.post { white-space: nowrap; }
a.tlf { margin-left: 0.5em; font-weight: 700; white-space: nowrap; color: #111; text-decoration: none; }
p.reserve { margin-top: 0.6em; font-weight: 600; }
@media print {
  body { margin: 0; font-size: 10.5pt; }
  section.side { padding: 12mm 14mm 10mm 14mm; break-inside: avoid; page-break-inside: avoid; }
  th, td { padding: 4px 7px; }
  section.side + section.side { margin-top: 0; }
  p.lead { font-size: 0.95em; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
"""


def ward_notice_html(instance: Instance, rota: Rota, ward_id: str, lang: str = "no", *,
                     phones: Mapping[str, str] | None = None, qr_url: str = "", fallback_phone: str = "",
                     on_call: pd.DataFrame | None = None) -> str:
    """A printable notice for one ward, one page per week: whom to call, each shift (Norwegian by default).

    It hangs in the staff room, so it says only whom to call — name, home ward and phone — or,
    when no supporter covers a shift, whom to contact instead: the rules' fallback chain
    (scheduler.model.fallback; `fallback_phone` for a help line without its own number). Never why nobody covers: the reason can name a colleague who is
    unavailable (perhaps recovering after a heavy case) or not released from their ward.

    Each ISO week is its own section, printed on its own A4 page, with the ward, the week's dates
    and, when `qr_url` is given, a QR code that opens the "who do I call now?" page for this ward
    (:func:`scheduler.report.call_now.call_page_url`). `phones` maps employee ids to numbers; without it
    the supporters' own `phone` is used (docs/outputs.md, "Ward notices"). The backup column is
    there only when the rota has backups (`redundancy = 2`). With `on_call` (on_call.csv) a shift
    nobody covers on site names the on-call supporter planned for it, with their phone.
    """
    no = lang == "no"
    ward = instance.wards[ward_id] if ward_id in instance.wards else None
    shown_name = html.escape((ward.name if ward else "") or ward_id)
    title = f"Kollegastøtte – {shown_name}" if no else f"Peer support – {shown_name}"
    heading_title = f"{'Kollegastøtte' if no else 'Peer support'} – {_unbroken(shown_name)}"
    lead = (
        "Har du opplevd noe vanskelig på jobb? Ring kollegastøtten på vakt. Samtalen er frivillig og "
        "fortrolig: ingenting av det som sies blir skrevet ned."
        if no
        else "Has something at work been hard? Call the peer supporter on duty. The talk is voluntary and "
        "confidential: nothing that is said is written down."
    )
    # The scheme's own chain (docs/domain.md); a planned on-call supporter is named in the table instead.
    steps = without_planned(fallback_chain(instance.rules, fallback_phone), instance.rules)
    fallback = html.escape(no_cover_words(steps, lang))
    footer = fallback_sentence(steps, lang, phone=lambda number: _phone_link(number).strip(), text=html.escape)
    head = ("Dag", "Vakt", "Tid", "Ring", "Reserve") if no else ("Day", "Shift", "Time", "Call", "Backup")
    weekdays = WEEKDAYS_NO if no else WEEKDAYS_EN
    qr = ""
    if qr_url:
        caption = "Skann: hvem ringer jeg nå?" if no else "Scan: who do I call now?"
        qr = f"<figure class='qr'>{qr_svg(qr_url, caption, scale=3)}<figcaption>{caption}</figcaption></figure>"
    weeks: dict[tuple[int, int], list] = defaultdict(list)
    for line in ward_lines(instance, rota.assignments, ward_id, phones, on_call):
        if line.status != "none":
            iso = line.slot.date.isocalendar()
            weeks[iso.year, iso.week].append(line)
    backups = any(line.backup_id for lines in weeks.values() for line in lines)
    if not backups:  # no backups planned (redundancy 1): no empty column
        head = head[:4]
    out = [f"<!doctype html><html lang='{'nb' if no else 'en'}'><head><meta charset='utf-8'>",
           "<meta name='viewport' content='width=device-width, initial-scale=1'>",
           f"<title>{title}</title><style>{_NOTICE_CSS}</style></head><body>"]
    for number, (week, lines) in enumerate(sorted(weeks.items())):
        monday = dt.date.fromisocalendar(week[0], week[1], 1)
        sunday = monday + dt.timedelta(days=6)
        heading = f"<h1>{heading_title}</h1>" if number == 0 else f"<p class='tittel'>{heading_title}</p>"
        span = (f"{'Uke' if no else 'Week'} {week[1]} · {weekdays[0]} {monday:%d.%m.} – "
                f"{weekdays[6]} {sunday:%d.%m.%Y}")
        out.append(f"<section class='side'><header><div>{heading}<p class='lead'>{lead}</p>"
                   f"<p class='uke'>{span}</p></div>{qr}</header><table><thead><tr>")
        out.append("".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>")
        day = None
        for line in lines:
            slot = line.slot
            if line.status == "covered":
                call_cell = _call_cell(line.call_name, line.call_ward, line.call_phone)
            elif line.on_call_id:
                call_cell = (f"<td>{html.escape(on_call_words(line.on_call_name, lang))}"
                             f"{_phone_link(line.on_call_phone)}</td>")
            else:
                call_cell = f"<td class='none'>{fallback}</td>"
            backup = _backup_text(line.backup_name, line.backup_phone) if line.backup_id else ""
            backup_cell = f"<td>{backup}</td>" if backups else ""
            css = " class='ny-dag'" if day is not None and slot.date != day else ""
            day = slot.date
            out.append(f"<tr{css}>{_slot_cells(slot.date, slot.name, slot.start, slot.end, no)}{call_cell}{backup_cell}</tr>")
        out.append(f"</tbody></table><p class='reserve'>{footer}</p></section>")
    out.append("</body></html>")
    return "".join(out)


# A year of 100 wards has 80,000 rows of the same few hundred people and a thousand slots: each cell
# is made once (the same text as made row by row) and reused.
@lru_cache(maxsize=8192)
def _slot_cells(date: dt.date, name: str, start: dt.datetime, end: dt.datetime, no: bool) -> str:
    """The row's day, shift and time cells."""
    weekdays = WEEKDAYS_NO if no else WEEKDAYS_EN
    return (f"<td>{weekdays[date.weekday()]} {date:%d.%m.%Y}</td><td>{html.escape(name)}</td>"
            f"<td>{start:%H:%M}–{end:%H:%M}</td>")


@lru_cache(maxsize=8192)
def _call_cell(name: str, ward: str, phone: str) -> str:
    """Whom to call: name, home ward and phone link."""
    who = html.escape(name) + (f" <span class='post'>({html.escape(ward)})</span>" if ward else "")
    return f"<td>{who}{_phone_link(phone)}</td>"


@lru_cache(maxsize=8192)
def _backup_text(name: str, phone: str) -> str:
    return html.escape(name) + _phone_link(phone)


def _unbroken(text: str) -> str:
    """Escaped text whose words with a hyphen (ward ids: `N-STAB1`) never break at it."""
    return " ".join(f"<span class='post'>{word}</span>" if "-" in word else word for word in text.split(" "))


@lru_cache(maxsize=8192)
def _phone_link(phone: str) -> str:
    """A phone number as a link a phone can call (`<a class='tlf'>`: the checker reads it apart)."""
    href = tel_href(phone)
    if not href:
        return ""
    return f"<a class='tlf' href='{html.escape(href)}'>{html.escape(phone)}</a>"
