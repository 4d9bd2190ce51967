"""notices/*.html against assignments.csv: a ward's printed notice says whom to call, and nothing else.

A notice is read as a browser lays it out (:class:`_NoticeParser`): every table row, however it is
written, is held to assignments.csv — the shift, its time, the person to call with their phone,
the backup, or the fallback when nobody covers — and every text outside the table must be one of
the notice's own (title, lead, week, footer, QR caption), so no edit anywhere on the page can name
someone else to call (docs/outputs.md, «notices and calendars»).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _label, _problem, _short_text, _spaces
from scheduler.check.notice_fallback import fallback_cells, fallback_footer, on_call_cells
from scheduler.check.on_call_written import standby
from scheduler.check.output_files import OutputFolder, _file_for, _name
from scheduler.check.written import WrittenRota
from scheduler.io.filenames import id_from_filename, safe_filename

__all__ = ["compare_notices"]

_WEEKDAYS = (("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
             ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))


@dataclass
class _NoticeRow:
    """One table row of a notice: its class, its cells' texts, the phone number of each cell ("" for
    a cell without one), and whether every cell is a header cell (`<th>`)."""

    cls: str
    cells: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    header: bool = True


#: Elements whose text a notice shows outside its table: (tag, class) → the part's name.
_NOTICE_PARTS = {("title", ""): "title", ("h1", ""): "title", ("p", "tittel"): "title", ("p", "lead"): "lead",
                 ("p", "uke"): "week", ("p", "reserve"): "footer", ("figcaption", ""): "caption",
                 ("style", ""): "style", ("script", ""): "script", ("svg", ""): "svg", ("title", "svg"): "svg_title",
                 ("desc", "svg"): "svg_title"}
_NOTICE_CELLS = ("td", "th")
_TABLE_ENDS = ("table", "thead", "tbody", "tfoot")


class _NoticeParser(HTMLParser):
    """A notice read as a browser lays it out.

    Every `<tr>` of every table is a row, whatever its class; a cell or a row left open is closed by
    the next one (as browsers do), so a row written without its end tags is read, not dropped. A
    phone number in a cell (`<a class='tlf'>`) is kept apart from the cell's text. Every text
    outside the table's cells is kept with the part of the page it is in (`_NOTICE_PARTS`: title,
    lead, week, footer, caption, style, …; "" for anywhere else), so the check can hold each part
    to what it may say."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[_NoticeRow] = []
        self.parts: list[tuple[str, str]] = []  # (part, its whole text), in document order
        self.outside: list[str] = []  # text in no part and no cell
        self._row: _NoticeRow | None = None
        self._cell: list[str] | None = None
        self._phone: list[str] | None = None
        self._open: list[tuple[str, str, list[str]]] = []  # (tag, part, text) of the parts open

    # rows and cells
    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            if self._phone is not None:
                self._row.phones[-1] = "".join(self._phone)
                self._phone = None
            self._row.cells.append("".join(self._cell))
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None and self._row.cells:
            self.rows.append(self._row)
        self._row = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = (dict(attrs).get("class") or "").strip()
        if tag == "tr":
            self._close_row()
            self._row = _NoticeRow(cls)
        elif tag in _NOTICE_CELLS:
            self._close_cell()
            if self._row is None:  # a cell outside a row: a browser makes it a row of its own
                self._row = _NoticeRow("")
            self._cell = []
            self._row.phones.append("")
            self._row.header = self._row.header and tag == "th"
        elif tag == "a" and self._cell is not None and "tlf" in cls.split():
            self._phone = []
        elif self._cell is None:
            inside_svg = any(part == "svg" for _, part, _ in self._open)
            key = (tag, "svg" if inside_svg and tag in ("title", "desc") else cls if tag == "p" else "")
            part = _NOTICE_PARTS.get(key, "other" if tag == "p" else None)
            if tag == "p" and self._open and self._open[-1][0] == "p":
                self._end("p")  # a paragraph ends where the next begins
            if part is not None:
                self._open.append((tag, part, []))

    def _end(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                for _, part, text in self._open[i:][::-1]:
                    self.parts.append((part, "".join(text)))
                del self._open[i:]
                return

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._phone is not None and self._row is not None:
            self._row.phones[-1] = "".join(self._phone)
            self._phone = None
        elif tag in _NOTICE_CELLS:
            self._close_cell()
        elif tag == "tr" or tag in _TABLE_ENDS:
            self._close_row()
        elif self._cell is None:
            self._end(tag)

    def handle_data(self, data: str) -> None:
        if self._phone is not None:
            self._phone.append(data)
        elif self._cell is not None:
            self._cell.append(data)
        elif self._open:
            self._open[-1][2].append(data)
        elif data.strip():
            self.outside.append(data)

    def close(self) -> None:
        super().close()
        self._close_row()
        while self._open:
            self._end(self._open[-1][0])


def _person(ctx: CheckContext, sid: str) -> str:
    """How a notice names a supporter: their name (or id) and home ward."""
    employee = ctx.employees.get(sid)
    name = employee.name if employee and employee.name else sid
    ward = employee.ward if employee else ctx.home.get(sid, "")
    return _spaces(f"{name} ({ward})")


def _notice_date(text: str) -> dt.date | None:
    """`mandag 04.01.2027` (or `Monday 04.01.2027`) → the date, when the weekday fits it."""
    parts = _spaces(text).split(" ")
    if len(parts) != 2:
        return None
    try:
        date = dt.datetime.strptime(parts[1], "%d.%m.%Y").date()
    except ValueError:
        return None
    return date if parts[0].lower() in (days[date.weekday()] for days in _WEEKDAYS) else None


def compare_notices(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """Each ward in assignments.csv has its notice (notices/<safe file name>.html) with a row per
    shift, the right time, and the person to call and the backup named there — or "nobody" and
    the reason. No notice for a ward without rows."""
    rule = "notices_match_assignments"
    if not folder.has_notices:
        return []
    entries: dict[str, dict[int, dict[str, str]]] = {}
    for a in rota.assignments:
        entries.setdefault(a.ward, {})
        if a.t is not None and a.role in ("primary", "backup"):
            entry = entries[a.ward].setdefault(a.t, {})
            entry.setdefault(a.role, a.supporter_id)
            if not a.supporter_id:
                entry.setdefault("reason", a.reason)
    out: list[Violation] = []
    used: set[str] = set()
    on_call = standby(ctx, folder)  # who is on call where nobody covers on site (on_call.csv)
    for ward in sorted(entries):
        name = _file_for(ward, folder.notices, ".html")
        if name is None:
            out.append(_problem(rule, f"notices/{safe_filename(ward)}.html",
                                f"oppslaget for post {ward} mangler.", f"the notice of ward {ward} is missing.", ward=ward))
            continue
        used.add(name)
        out.extend(_compare_notice(ctx, ward, entries[ward], f"notices/{name}", folder.notices[name], rule, on_call))
    for name in sorted(set(folder.notices) - used):
        ward = id_from_filename(name.removesuffix(".html")) if name.endswith(".html") else None
        what_no = f"post {ward!r}" if ward is not None else "ingen post (navnet er ikke laget av programmet)"
        what_en = f"ward {ward!r}" if ward is not None else "no ward (the name was not made by this program)"
        out.append(_problem(rule, f"notices/{name}", f"et oppslag for {what_no}, som ikke har rader i assignments.csv.",
                            f"a notice for {what_en}, which has no rows in assignments.csv."))
    return out


#: A notice's own texts around its table, in either language (docs/outputs.md, «notices and calendars»):
#: nothing else may be written on it, so no text outside the table can name someone to call.
#: Without backups in the rota (redundancy 1) the notice has no «Reserve» column.
_NOTICE_HEADS = (("Dag", "Vakt", "Tid", "Ring", "Reserve"), ("Day", "Shift", "Time", "Call", "Backup"),
                 ("Dag", "Vakt", "Tid", "Ring"), ("Day", "Shift", "Time", "Call"))
_NOTICE_LEADS = ("Har du opplevd noe vanskelig på jobb? Ring kollegastøtten på vakt. Samtalen er frivillig og fortrolig: "
                 "ingenting av det som sies blir skrevet ned.",
                 "Has something at work been hard? Call the peer supporter on duty. The talk is voluntary and "
                 "confidential: nothing that is said is written down.")
_NOTICE_WEEK = re.compile(r"^(?:Uke|Week) \d{1,2} · \w+ \d{2}\.\d{2}\. – \w+ \d{2}\.\d{2}\.\d{4}$")
_NOTICE_CAPTIONS = ("Skann: hvem ringer jeg nå?", "Scan: who do I call now?")
#: CSS that can put text on the page or fetch something: a notice's style never has it.
_CSS_TEXT = re.compile(r"(?<![\w-])content\s*:|@import|url\s*\(|expression\s*\(", re.IGNORECASE)


def _notice_parts(parser: _NoticeParser, titles: set[str], file: str, ward: str, rule: str,
                  footer: re.Pattern[str]) -> list[Violation]:
    """Every text outside the table is one of the notice's own (title, lead, week, footer, QR caption),
    and its style writes no text: a person to call can be named only in the table, where it is checked."""
    out: list[Violation] = []

    def bad(no: str, en: str) -> None:
        out.append(_problem(rule, file, no, en, ward=ward))

    for part, text in parser.parts:
        shown = _spaces(text)
        if part == "title" and shown not in titles:
            bad(f"overskriften er {shown!r}, men posten heter {sorted(titles)[0]!r}.",
                f"the heading is {shown!r}, but the ward is called {sorted(titles)[0]!r}.")
        elif part == "lead" and shown not in _NOTICE_LEADS:
            bad(f"innledningen er endret: «{_short_text(shown)}».", f"the introduction was changed: «{_short_text(shown)}».")
        elif part == "week" and not _NOTICE_WEEK.match(shown):
            bad(f"ukelinjen er endret: «{_short_text(shown)}».", f"the week line was changed: «{_short_text(shown)}».")
        elif part == "footer" and not footer.match(shown):
            bad(f"bunnteksten er endret: «{_short_text(shown)}».", f"the footer was changed: «{_short_text(shown)}».")
        elif part in ("caption", "svg_title") and shown not in _NOTICE_CAPTIONS:
            bad(f"teksten ved QR-koden er endret: «{_short_text(shown)}».",
                f"the text by the QR code was changed: «{_short_text(shown)}».")
        elif part == "svg" and shown:
            bad(f"QR-koden har tekst: «{_short_text(shown)}».", f"the QR code has text: «{_short_text(shown)}».")
        elif part == "style" and _CSS_TEXT.search(text):
            bad("stilarket setter inn tekst eller henter noe (content, @import, url).",
                "the style sheet inserts text or fetches something (content, @import, url).")
        elif part == "script":
            bad("oppslaget har et skript.", "the notice has a script.")
        elif part == "other" and shown:
            bad(f"tekst utenfor oppslagets deler: «{_short_text(shown)}».",
                f"text outside the notice's parts: «{_short_text(shown)}».")
    for text in parser.outside:
        bad(f"tekst utenfor oppslagets deler: «{_short_text(text)}».", f"text outside the notice's parts: «{_short_text(text)}».")
    return out


def _compare_notice(ctx: CheckContext, ward: str, entries: Mapping[int, Mapping[str, str]], file: str, text: str,
                    rule: str, on_call: Mapping[int, tuple[str, str]]) -> list[Violation]:
    parser = _NoticeParser()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - a broken file is a finding, not a crash
        return [_problem(rule, file, f"kan ikke leses som HTML ({exc}).", f"cannot be read as HTML ({exc}).", ward=ward)]
    known = ctx.wards.get(ward)
    ward_name = _spaces(known.name if known else ward)
    titles = {f"Kollegastøtte – {ward_name}", f"Peer support – {ward_name}"}
    out = _notice_parts(parser, titles, file, ward, rule, fallback_footer(ctx.rules))
    if not any(part == "title" for part, _ in parser.parts):
        out.append(_problem(rule, file, f"overskriften mangler; posten heter {ward_name!r}.",
                            f"the heading is missing; the ward is called {ward_name!r}.", ward=ward))
    seen: dict[int, int] = {}
    number = 0
    for row in parser.rows:
        if row.header:
            if tuple(_spaces(c) for c in row.cells) not in _NOTICE_HEADS:
                out.append(_problem(rule, file, f"en overskriftsrad sier «{_short_text(' | '.join(row.cells))}».",
                                    f"a header row says «{_short_text(' | '.join(row.cells))}».", ward=ward))
            continue
        number += 1
        cells, phones = row.cells, row.phones
        where_no, where_en = f"tabellrad {number}", f"table row {number}"
        if len(cells) not in (4, 5):
            out.append(_problem(rule, file, f"{where_no} har {len(cells)} celler (skal være 5, eller 4 uten reserver).",
                                f"{where_en} has {len(cells)} cells (should be 5, or 4 without backups).", ward=ward))
            continue
        if len(cells) == 4:  # no backup column: the backup is checked as none (a backup in assignments.csv is a finding)
            cells, phones = [*cells, ""], [*phones, ""]
        date_cell, slot_cell, time_cell, call_cell, backup_cell = (_spaces(c) for c in cells)
        date = _notice_date(date_cell)
        slot = ctx.slot_at.get((date, slot_cell)) if date else None
        if slot is None or slot.index not in entries:
            out.append(_problem(rule, file, f"{where_no}: {date_cell} {slot_cell} er ingen vakt med rad for post {ward} i "
                                "assignments.csv.",
                                f"{where_en}: {date_cell} {slot_cell} is no shift with a row for ward {ward} in "
                                "assignments.csv.", ward=ward))
            continue
        t, label = slot.index, _label(slot)
        if t in seen:
            out.append(_problem(rule, file, f"{where_no}: {label} står to ganger (også rad {seen[t]}).",
                                f"{where_en}: {label} is listed twice (also row {seen[t]}).", ward=ward,
                                date=slot.date, slot=slot.name))
            continue
        seen[t] = number
        entry = entries[t]
        hours = f"{slot.start:%H:%M}–{slot.end:%H:%M}"
        if time_cell != hours:
            out.append(_problem(rule, file, f"{where_no}: {label} står med tiden {time_cell!r}, vakta er {hours}.",
                                f"{where_en}: {label} shows the time {time_cell!r}, the slot is {hours}.", ward=ward,
                                date=slot.date, slot=slot.name))
        primary, backup = entry.get("primary", ""), entry.get("backup", "")
        standby_id, standby_phone = on_call.get(t, ("", "")) if not primary else ("", "")
        if primary:
            calls = {_person(ctx, primary)}
        elif standby_id:  # the on-call supporter of on_call.csv, by name (docs/domain.md)
            calls = on_call_cells(_spaces(_name(ctx, standby_id)))
        else:
            # A notice never says why nobody covers (that can reveal a colleague's unavailability):
            # it names the first step of the scheme's fallback chain (docs/domain.md).
            calls = fallback_cells(ctx.rules)
        if call_cell not in calls:
            want = sorted(calls)[0]
            out.append(_problem(rule, file, f"{where_no}: {label} sier «ring {call_cell}», men assignments.csv gir «{want}».",
                                f"{where_en}: {label} says «call {call_cell}», but assignments.csv gives «{want}».",
                                ward=ward, date=slot.date, slot=slot.name, supporter_id=primary))
        for role, sid, shown in (("call", primary, phones[3]), ("backup", backup, phones[4])):
            want_phone = ctx.supporter(sid).phone if sid else ""
            if role == "call" and standby_id:
                want_phone = standby_phone
            if _spaces(shown) != want_phone:
                out.append(_problem(rule, file, f"{where_no}: {label} viser telefon {_spaces(shown)!r} for "
                                    f"{'den som skal ringes' if role == 'call' else 'reserven'}, men supporters.csv gir "
                                    f"{want_phone!r}.",
                                    f"{where_en}: {label} shows the phone {_spaces(shown)!r} for the "
                                    f"{'person to call' if role == 'call' else 'backup'}, but supporters.csv gives "
                                    f"{want_phone!r}.", ward=ward, date=slot.date, slot=slot.name, supporter_id=sid))
        want_backup = _name(ctx, backup) if backup else ""
        if backup_cell != want_backup:
            out.append(_problem(rule, file, f"{where_no}: {label} har reserve {backup_cell!r}, men assignments.csv gir "
                                f"{want_backup!r}.",
                                f"{where_en}: {label} has backup {backup_cell!r}, but assignments.csv gives {want_backup!r}.",
                                ward=ward, date=slot.date, slot=slot.name, supporter_id=backup))
    for t in sorted(set(entries) - set(seen)):
        out.append(_problem(rule, file, f"mangler {_label(ctx.slots[t])}, som har en rad i assignments.csv.",
                            f"lacks {_label(ctx.slots[t])}, which has a row in assignments.csv.", ward=ward,
                            date=ctx.slots[t].date, slot=ctx.slots[t].name))
    return out
