"""What the leadership report says, and how its numbers look: the words of the HTML page and the
workbook in Norwegian and English, numbers, shares and dates as each language writes them, and the
colours of the charts — one place, so the page and the workbook say the same thing the same way.
"""

from __future__ import annotations

import datetime as dt

from scheduler.history.training import SOON_DAYS
from scheduler.report.leadership import REASON_LABELS, LeadershipReport

__all__ = ["word", "num", "pct", "day_text", "quarter_label", "reason_label", "band_label", "training_rows", "PALETTE"]

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Kollegastøtte – rapport til ledelsen", "Peer support – report for the leadership"),
    "span": ("Periode: {first}–{last}", "Period: {first}–{last}"),
    "lead": ("Tallene gjelder de publiserte vaktplanene. Rapporten viser bare antall – aldri hva en samtale handlet om, "
             "og ingen navn på kollegastøtter{names}.",
             "The figures are those of the published rotas. The report shows counts only – never what a conversation "
             "was about, and no supporters' names{names}."),
    "lead_names": (", unntatt i tabellen over kollegastøtter, som er tatt med etter ønske",
                   ", except in the table of supporters, included on request"),
    "rota_days": ("Dager med publisert vaktplan: {n} av {of}.", "Days with a published rota: {n} of {of}."),
    "publications": ("Publiserte vaktplaner brukt: {ids}.", "Published rotas used: {ids}."),
    "overview": ("Oversikt", "Overview"),
    "quarter": ("Kvartal", "Quarter"),
    "total": ("Hele perioden", "Whole period"),
    "ward_slots": ("Vakter med behov", "Ward-shifts needing cover"),
    "covered": ("Dekket", "Covered"),
    "uncovered": ("Ikke dekket", "Not covered"),
    "share": ("Andel dekket", "Share covered"),
    "duties": ("Støttevakter", "Support duties"),
    "supporters_on_duty": ("Kollegastøtter med vakt", "Supporters on duty"),
    "contacts": ("Oppsøkende kontakter", "Outreach contacts"),
    "not_recorded": ("ikke registrert", "not recorded"),
    "by_site": ("Dekning per sykehus", "Coverage per site"),
    "site": ("Sted", "Site"),
    "by_ward": ("Dekning per post (hele perioden)", "Coverage per ward (whole period)"),
    "ward": ("Post", "Ward"),
    "name": ("Navn", "Name"),
    "reasons": ("Hvorfor vakter ikke ble dekket", "Why ward-shifts were not covered"),
    "reason": ("Grunn", "Reason"),
    "no_uncovered": ("Alle vakter med behov ble dekket.", "Every ward-shift needing cover was covered."),
    "distribution": ("Hvordan støttevaktene ble fordelt", "How the support duties were shared"),
    "duty_groups": ("Kollegastøtter etter antall støttevakter", "Supporters by number of support duties"),
    "ratio_groups": ("Kollegastøtter etter belastning mot rettferdig andel", "Supporters by load against fair share"),
    "group": ("Gruppe", "Group"),
    "supporters": ("Kollegastøtter", "Supporters"),
    "stats": ("{n} kollegastøtter, {with_duties} med støttevakt; median {median} støttevakter, høyest {max}. "
              "{above} hadde mer enn {flag} × sin rettferdige andel.",
              "{n} supporters, {with_duties} with duties; median {median} duties, highest {max}. "
              "{above} had more than {flag} × their fair share."),
    "per_supporter": ("Kollegastøtter (navn tatt med etter ønske)", "Supporters (names included on request)"),
    "hours": ("Timer", "Hours"),
    "fair_share": ("Rettferdig andel (timer)", "Fair share (hours)"),
    "ratio": ("Belastning × andel", "Load × share"),
    "outreach": ("Oppsøkende kollegastøtte etter hendelser", "Outreach after incidents"),
    "outreach_none": ("Oppsøkende kontakter er ikke registrert i denne databasen.",
                      "Outreach contacts are not recorded in this database."),
    "training": ("Opplæring per {date}", "Training on {date}"),
    "training_valid": ("Gyldig opplæring", "Training valid"),
    "training_lapses_soon": (f"Går ut innen {SOON_DAYS} dager", f"Runs out within {SOON_DAYS} days"),
    "training_lapsed": ("Utløpt", "Run out"),
    "training_no_end_date": ("Ingen sluttdato oppgitt", "No end date given"),
    "refresher_ok": ("Årlig oppfriskning à jour", "Yearly refresher up to date"),
    "refresher_due": (f"Oppfriskning forfaller innen {SOON_DAYS} dager (eller er forfalt)",
                      f"Refresher due within {SOON_DAYS} days (or overdue)"),
    "refresher_unknown": ("Dato for siste oppfriskning ikke oppgitt", "Date of last refresher not given"),
    "training_none": ("Opplæringsdatoer er ikke lagret med vaktplanene.", "Training dates are not kept with the rotas."),
    "count": ("Antall", "Count"),
    "training_status": ("Status", "Status"),
    "made": ("Laget {when}", "Made {when}"),
}


def word(key: str, lang: str, **values: object) -> str:
    no, en = _WORDS[key]
    text = no if lang == "no" else en
    return text.format(**values) if values else text


def num(value: object, lang: str, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.{decimals}f}"
    else:
        text = f"{int(value):,}".replace(",", " ") if isinstance(value, int | float) else str(value)
    return text.replace(".", ",") if lang == "no" else text


def pct(share: float | None, lang: str) -> str:
    if share is None or share != share:
        return "–"
    text = f"{100 * share:.1f}"
    return f"{text.replace('.', ',')} %" if lang == "no" else f"{text}%"


def day_text(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def quarter_label(report: LeadershipReport, label: str, lang: str) -> str:
    if label == "total":
        return word("total", lang)
    return next((q.label(lang) for q in report.quarters if q.label_en == label), label)


def reason_label(code: str, lang: str) -> str:
    no, en = REASON_LABELS.get(code, REASON_LABELS[""])
    return no if lang == "no" else en


def band_label(group: str, lang: str) -> str:
    """A band of load against fair share as each language writes it: `0,5–0,8 ×` (`0.5–0.8 ×`)."""
    return f"{group.replace('.', ',') if lang == 'no' else group} ×"


def training_rows(report: LeadershipReport, lang: str) -> list[tuple[str, int]]:
    t = report.training
    return [(word(f"training_{k}", lang), t[k]) for k in ("valid", "lapses_soon", "lapsed", "no_end_date")] + \
        [(word(k, lang), t[k]) for k in ("refresher_ok", "refresher_due", "refresher_unknown")]


#: The charts' colours (the Okabe–Ito palette: told apart with every kind of colour vision).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#999999")
