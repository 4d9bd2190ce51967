"""The outcomes of the leadership report as tables with their words: the same tables for the printable
page and PDF (:func:`outcomes_html`), the workbook (:func:`outcome_tables` with raw numbers) and the
app's report page (which shows the page) — so every place shows the same numbers.

The numbers: scheduler.report.leadership_outcomes. Numbers and shares are written as the rest of the
report writes them (scheduler.report.leadership_words).
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd

from scheduler.report.leadership import LeadershipReport
from scheduler.report.leadership_words import num, pct, quarter_label

__all__ = ["outcome_tables", "outcomes_html", "outcome_word", "help_text"]

_WORDS: dict[str, tuple[str, str]] = {
    "outcomes": ("Resultater", "Outcomes"),
    "outcomes_lead": ("Bare antall: aldri hva en samtale handlet om. En kontakt er ett teams samtale med én gruppe, "
                      "ikke én plass i teamet.",
                      "Counts only: never what a conversation was about. A contact is one team's talk with one group, "
                      "not one place on the team."),
    "incidents_title": ("Hendelser: kontakt innen 72 timer og oppfølging", "Incidents: contact within 72 hours and follow-up"),
    "contacts_title": ("Oppsøkende kontakter og utfall", "Outreach contacts and outcome"),
    "conversations_title": ("Samtaler per måned (antall)", "Conversations per month (counts)"),
    "hours_title": ("Beskyttet tid: brukt mot satt av", "Protected time: used against set aside"),
    "training_title": ("Opplæring og årlig oppfriskning (ved kvartalets slutt)", "Training and yearly refresher (at the quarter's end)"),
    "supervision_title": ("Veiledning – fremmøte (antall)", "Supervision attendance (counts)"),
    "meetings": ("Møter registrert", "Meetings recorded"), "meetings_held": ("Holdt", "Held"),
    "attended": ("Fremmøtt i alt", "Attended in all"),
    "helps_title": ("Hva ville hjulpet (de bindende grensene)", "What would help (the binding limits)"),
    "helps_none": ("Ingen grense hindret dekning i vaktplanene, eller de ble ikke målt.",
                   "No limit held back coverage in the rotas, or they were not measured."),
    "none": ("Ingenting registrert.", "Nothing recorded."),
    "quarter": ("Kvartal", "Quarter"), "site": ("Sted", "Site"), "month": ("Måned", "Month"),
    "incidents": ("Hendelser", "Incidents"),
    "first_72h": ("Første samtale holdt innen 72 t", "First talk held within 72 h"),
    "follow_up_held": ("Oppfølging holdt", "Follow-up held"),
    "both": ("Begge", "Both"), "share_both": ("Andel med begge", "Share with both"),
    "planned": ("Planlagt", "Planned"), "held": ("Holdt", "Held"), "declined": ("Avslått", "Declined"),
    "not_reached": ("Ikke nådd", "Not reached"), "moved": ("Flyttet", "Moved"), "no_status": ("Uten status", "No status"),
    "conversations": ("Samtaler", "Conversations"),
    "hours_planned": ("Timer brukt (vakter og kontakter)", "Hours used (duties and contacts)"),
    "hours_set_aside": ("Timer satt av", "Hours set aside"), "share_used": ("Andel brukt", "Share used"),
    "supporters": ("Kollegastøtter", "Supporters"), "lapsed": ("Opplæring utløpt", "Training run out"),
    "lapses_soon": ("Går ut innen 60 dager", "Runs out within 60 days"),
    "refresher_due": ("Oppfriskning forfaller", "Refresher due"),
    "help": ("Tiltak", "Measure"), "gain": ("Flere dekkede vakter", "More ward-shifts covered"),
    "for_supporters": ("for {n} kollegastøtter", "for {n} supporters"),
}


def outcome_word(key: str, lang: str, **values: object) -> str:
    no, en = _WORDS[key]
    text = no if lang == "no" else en
    return text.format(**values) if values else text


def help_text(row: pd.Series | dict, lang: str) -> str:
    """«Fornye utløpt opplæring for 3 kollegastøtter»: the limit's words, and for whom when known."""
    label = str(row["label_no"] if lang == "no" else row["label_en"]) or str(row["limit"])
    n = row.get("supporters")
    if n is not None and n == n:
        label += " " + outcome_word("for_supporters", lang, n=int(n))
    return label


def outcome_tables(report: LeadershipReport, lang: str = "no", raw: bool = False) -> list[tuple[str, pd.DataFrame]]:
    """(title, table with labelled columns) per outcome; numbers as text the report's way, or raw for a workbook."""
    o = report.outcomes
    if o is None:
        return []
    w = lambda key: outcome_word(key, lang)  # noqa: E731
    n: Callable[[object], object] = (lambda v: v) if raw else (lambda v: num(v, lang))
    p: Callable[[object], object] = (lambda v: v) if raw else (lambda v: pct(v, lang))

    def shown(frame: pd.DataFrame, columns: dict[str, Callable[[object], object] | None]) -> pd.DataFrame:
        out = pd.DataFrame({w(c): [f(v) if f else v for v in frame[c]] if c in frame else []
                            for c, f in columns.items()})
        return out

    def q(v: object) -> str:
        return quarter_label(report, str(v), lang)

    def site(v: object) -> str:
        return str(v) or "–"

    helps = o.helps.assign(help=[help_text(r, lang) for r in o.helps.to_dict("records")]) if len(o.helps) else \
        o.helps.assign(help=[])
    return [
        (w("incidents_title"), shown(o.incidents, {"quarter": q, "site": site, "incidents": n, "first_72h": n,
                                                  "follow_up_held": n, "both": n, "share_both": p})),
        (w("contacts_title"), shown(o.contacts, {"quarter": q, "site": site, "planned": n, "held": n, "declined": n,
                                                "not_reached": n, "moved": n, "no_status": n})),
        (w("conversations_title"), shown(o.conversations, {"month": None, "site": site, "conversations": n})),
        (w("hours_title"), shown(o.hours, {"quarter": q, "site": site, "hours_planned": n, "hours_set_aside": n,
                                          "share_used": p})),
        (w("training_title"), shown(o.training, {"quarter": q, "site": site, "supporters": n, "lapsed": n,
                                                "lapses_soon": n, "refresher_due": n})),
        (w("supervision_title"), shown(o.supervision.rename(columns={"held": "meetings_held"}),
                                       {"quarter": q, "site": site, "meetings": n, "meetings_held": n, "attended": n})),
        (w("helps_title"), shown(helps, {"quarter": q, "help": None, "gain": (lambda v: v) if raw else
                                         (lambda v: f"+{num(v, lang)}")})),
    ]


def outcomes_html(report: LeadershipReport, lang: str, table: Callable) -> str:
    """The outcomes' sections of the printable page; `table(head, rows)` is the page's own table maker."""
    if report.outcomes is None:
        return ""
    parts = [f"<section><h2>{html.escape(outcome_word('outcomes', lang))}</h2>"
             f"<p>{html.escape(outcome_word('outcomes_lead', lang))}</p></section>"]
    for title, frame in outcome_tables(report, lang):
        body = (f"<p>{html.escape(outcome_word('helps_none' if title == outcome_word('helps_title', lang) else 'none', lang))}</p>"
                if frame.empty else
                table([(str(c), i >= 2) for i, c in enumerate(frame.columns)],  # the first two name the row
                      frame.astype(str).values.tolist()))
        parts.append(f"<section><h3>{html.escape(title)}</h3>{body}</section>")
    return "".join(parts)
