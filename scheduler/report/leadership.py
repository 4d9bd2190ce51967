"""The report for the leadership: per quarter and for the whole span, counts only (docs/history.md,
«Leadership report»).

A peer-support scheme lasts when it is anchored in the management and evaluated; the report gives
the management what it needs for that and nothing more: coverage per site and ward, uncovered
ward-slots and why (grouped by kind of reason, never the reason's own text, which can name people),
how the duties were shared among the supporters (a distribution; names only when asked for),
outreach contacts after incidents, and the supporters' training status.

It reads the rotas in force through :class:`scheduler.store.history.HistoryStore` (a newer
publication of the same dates replaces an older one there, as in history) and is written as
printable HTML (with print CSS; as PDF through WeasyPrint where it is installed) and as an .xlsx
workbook with charts. Pure functions apart from :func:`write_report`, which writes the folder.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scheduler.domain import Supporter
from scheduler.history.training import SOON_DAYS, training_status
from scheduler.model.in_force import duties_in_force, in_force, rows_in_force
from scheduler.model.reason_privacy import REASON_KINDS
from scheduler.solve.fairness import FLAG_RATIO
from scheduler.store.history import StoredPublication

__all__ = ["LeadershipReport", "Quarter", "quarters", "build_report", "report_html", "report_workbook", "report_pdf",
           "write_report", "supporters_from_people", "REASON_LABELS", "reason_code_of"]

#: The kinds of reason a ward-slot is uncovered (scheduler.solve.explain), in plain words.
REASON_LABELS: dict[str, tuple[str, str]] = REASON_KINDS
#: How a stored reason text begins, for rotas published before coverage.csv had `reason_code`.
_REASON_STARTS = {
    "no_supporter_at_work": ("Ingen kollegastøtte er på jobb", "No peer supporter is at work"),
    "only_ineligible": ("Bare kollegastøtter som ikke kan dekke", "Only peer supporters who may not cover"),
    "all_blocked": ("De som kunne dekket er ikke tilgjengelige", "Those who could cover are not available"),
    "all_at_limit": ("Alle som kunne dekket er ved en grense", "Everyone who could cover is at a limit"),
    "not_chosen": ("Løseren rakk ikke", "The solver did not cover"),
}
#: Duties per supporter over the span, in groups (the distribution, without names).
_DUTY_BINS = ((0, 0), (1, 2), (3, 5), (6, 10), (11, 20), (21, 10**9))
#: Load ÷ fair share over the span, in groups.
_RATIO_BINS = ((0.0, 0.5), (0.5, 0.8), (0.8, 1.2), (1.2, FLAG_RATIO), (FLAG_RATIO, float("inf")))


def reason_code_of(code: str, text: str) -> str:
    """The kind of reason: the stored code, else read from the start of the stored text."""
    if code and code in REASON_LABELS:
        return code
    for kind, starts in _REASON_STARTS.items():
        if text.startswith(starts):
            return kind
    return ""


@dataclass(frozen=True)
class Quarter:
    label_no: str
    label_en: str
    first: dt.date
    last: dt.date

    def label(self, lang: str) -> str:
        return self.label_no if lang == "no" else self.label_en


def quarters(first: dt.date, last: dt.date) -> list[Quarter]:
    """The calendar quarters that `first`..`last` touches, cut to it."""
    out = []
    year, q = first.year, (first.month - 1) // 3
    while True:
        start = dt.date(year, 3 * q + 1, 1)
        end = (dt.date(year + (q == 3), (3 * q + 3) % 12 + 1, 1)) - dt.timedelta(days=1)
        if start > last:
            break
        out.append(Quarter(f"{q + 1}. kvartal {year}", f"Q{q + 1} {year}", max(start, first), min(end, last)))
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return out


@dataclass
class LeadershipReport:
    """Every table of the report (DataFrames with plain column names; labels are added when shown)."""

    first: dt.date
    last: dt.date
    quarters: list[Quarter]
    publications: list[int]
    days_with_rota: int
    days: int
    overview: pd.DataFrame  # per quarter (and "total"): ward-slots, covered, uncovered, share, duties, supporters on duty, contacts
    by_site: pd.DataFrame  # site, quarter, ward_slots, covered, uncovered, share
    by_ward: pd.DataFrame  # site, ward, name, ward_slots, covered, uncovered, share (whole span)
    reasons: pd.DataFrame  # reason, quarter, uncovered
    duty_groups: pd.DataFrame  # group, supporters
    ratio_groups: pd.DataFrame  # group, supporters
    duty_stats: dict[str, float]
    per_supporter: pd.DataFrame  # supporter_id, name, duties, hours, fair_share_hours, ratio (names shown only when asked)
    contacts: pd.DataFrame  # quarter, contacts (None: not recorded)
    training: dict[str, int]
    training_on: dt.date


def _quarter_of(quarter_list: Sequence[Quarter]) -> Callable[[str], str]:
    def find(date: str) -> str:
        day = dt.date.fromisoformat(date[:10])
        return next((q.label_en for q in quarter_list if q.first <= day <= q.last), "")
    return find


def supporters_from_people(people: pd.DataFrame) -> dict[str, Supporter]:
    """Supporters' training dates as kept with a publication (its `people` table)."""
    out: dict[str, Supporter] = {}
    if people is None or "training_valid_until" not in people.columns:
        return out
    for r in people.itertuples(index=False):
        until = str(getattr(r, "training_valid_until", "") or "")
        refresher = str(getattr(r, "last_refresher", "") or "")
        try:
            out[str(r.employee_id)] = Supporter(employee_id=str(r.employee_id),
                                                training_valid_until=dt.date.fromisoformat(until) if until else None,
                                                last_refresher=dt.date.fromisoformat(refresher) if refresher else None)
        except ValueError:
            continue
    return out


def _share(covered: int, total: int) -> float | None:
    return round(covered / total, 4) if total else None


def build_report(publications: Sequence[StoredPublication], first: dt.date, last: dt.date, *,
                 contacts: Callable[[dt.date, dt.date], int | None] | None = None,
                 supporters: Mapping[str, Supporter] | None = None) -> LeadershipReport:
    """The report for `first`..`last` from the rotas in force (`publications`, oldest first).

    `contacts(first, last)` counts outreach contacts (None: not recorded); `supporters` gives the
    training dates (default: those kept with the newest publication that has them)."""
    qs = quarters(first, last)
    quarter_of = _quarter_of(qs)
    forced = in_force([p.scope() for p in publications], first, last)
    by_id = {p.id: p for p in publications}
    used = forced.publications()
    cov_parts, duty_parts, share_rows, site_of, name_of, people_names = [], [], [], {}, {}, {}
    for pid in sorted(used, reverse=True):  # the newest publication's ward names and sites win
        pub = by_id[pid]
        wards = pub.tables.get("wards", pd.DataFrame())
        for r in wards.itertuples(index=False):
            site_of.setdefault(str(r.ward), str(getattr(r, "site", "")))
            name_of.setdefault(str(r.ward), str(getattr(r, "name", "")) or str(r.ward))
        cov = pub.tables.get("coverage", pd.DataFrame())
        if len(cov):
            cov = rows_in_force(cov, pid, forced)
            cov["covered"] = cov["covered"].astype(str).str.lower().isin(["true", "1"])
            codes = cov["reason_code"].astype(str) if "reason_code" in cov.columns else pd.Series("", index=cov.index)
            cov["kind"] = [reason_code_of(c, t) if not covered else "" for c, t, covered
                           in zip(codes, cov["reason"].astype(str), cov["covered"], strict=True)]
            cov_parts.append(cov[["date", "slot", "ward", "covered", "kind"]])
        duties = pub.tables.get("duties", pd.DataFrame())
        if len(duties):
            duty_parts.append(duties_in_force(duties, pid, forced)[["supporter_id", "date", "hours"]])
        burden = pub.tables.get("burden", pd.DataFrame())
        share = forced.share_in_force(pid)
        if len(burden):
            column = "base_target" if "base_target" in burden.columns else "target"
            for sid, target in zip(burden["supporter_id"].astype(str), burden[column], strict=True):
                share_rows.append((sid, _float(target) * share))
        people = pub.tables.get("people", pd.DataFrame())
        for r in people.itertuples(index=False):
            people_names.setdefault(str(r.employee_id), str(r.name))
    coverage = pd.concat(cov_parts, ignore_index=True) if cov_parts else pd.DataFrame(
        columns=["date", "slot", "ward", "covered", "kind"])
    coverage["quarter"] = coverage["date"].astype(str).map(quarter_of)
    coverage["site"] = coverage["ward"].astype(str).map(lambda w: site_of.get(w, ""))
    duties = pd.concat(duty_parts, ignore_index=True) if duty_parts else pd.DataFrame(columns=["supporter_id", "date", "hours"])
    duties["hours"] = pd.to_numeric(duties["hours"], errors="coerce").fillna(0.0)
    duties["quarter"] = duties["date"].astype(str).map(quarter_of)

    def counts(frame: pd.DataFrame) -> dict:
        total = int(len(frame))
        covered = int(frame["covered"].sum()) if total else 0
        return {"ward_slots": total, "covered": covered, "uncovered": total - covered, "share": _share(covered, total)}

    overview_rows = []
    for q in [*qs, None]:
        label = q.label_en if q else "total"
        cov_q = coverage if q is None else coverage[coverage["quarter"] == label]
        dut_q = duties if q is None else duties[duties["quarter"] == label]
        n_contacts = contacts(q.first if q else first, q.last if q else last) if contacts else None
        overview_rows.append({"quarter": label, **counts(cov_q), "duties": int(len(dut_q)),
                              "supporters_on_duty": int(dut_q["supporter_id"].nunique()), "contacts": n_contacts})
    overview = pd.DataFrame(overview_rows)
    by_site = pd.DataFrame([{"site": site, "quarter": q.label_en, **counts(coverage[(coverage["site"] == site) &
                                                                                     (coverage["quarter"] == q.label_en)])}
                            for site in sorted(set(coverage["site"])) for q in qs],
                           columns=["site", "quarter", "ward_slots", "covered", "uncovered", "share"])
    by_ward = pd.DataFrame([{"site": site_of.get(w, ""), "ward": w, "name": name_of.get(w, w), **counts(g)}
                            for w, g in coverage.groupby("ward", sort=True)],
                           columns=["site", "ward", "name", "ward_slots", "covered", "uncovered", "share"])
    if len(by_ward):
        by_ward = by_ward.sort_values(["site", "share", "ward"], na_position="last").reset_index(drop=True)
    uncovered = coverage[~coverage["covered"].astype(bool)]
    reasons = pd.DataFrame([{"reason": kind, "quarter": q.label_en,
                             "uncovered": int(((uncovered["kind"] == kind) & (uncovered["quarter"] == q.label_en)).sum())}
                            for kind in [k for k in REASON_LABELS if (uncovered["kind"] == k).any()] for q in qs],
                           columns=["reason", "quarter", "uncovered"])
    # duties per supporter: everyone with a fair share or a duty in the span
    fair: dict[str, float] = {}
    for sid, share in share_rows:
        fair[sid] = fair.get(sid, 0.0) + share
    per = duties.groupby("supporter_id").agg(duties=("date", "size"), hours=("hours", "sum"))
    ids = sorted(set(fair) | set(per.index.astype(str)))
    per_supporter = pd.DataFrame([{
        "supporter_id": sid, "name": people_names.get(sid, ""),
        "duties": int(per.loc[sid, "duties"]) if sid in per.index else 0,
        "hours": round(float(per.loc[sid, "hours"]), 2) if sid in per.index else 0.0,
        "fair_share_hours": round(fair.get(sid, 0.0), 2),
        "ratio": round(float(per.loc[sid, "hours"]) / fair[sid], 3) if sid in per.index and fair.get(sid, 0) > 0
        else (0.0 if fair.get(sid, 0) > 0 else None),
    } for sid in ids], columns=["supporter_id", "name", "duties", "hours", "fair_share_hours", "ratio"])
    per_supporter = per_supporter.sort_values(["duties", "supporter_id"], ascending=[False, True]).reset_index(drop=True)
    duty_groups = pd.DataFrame([{"group": f"{lo}" if lo == hi else (f"{lo}–{hi}" if hi < 10**9 else f"{lo}+"),
                                 "supporters": int(((per_supporter["duties"] >= lo) & (per_supporter["duties"] <= hi)).sum())}
                                for lo, hi in _DUTY_BINS], columns=["group", "supporters"])
    ratios = per_supporter["ratio"].dropna()
    ratio_groups = pd.DataFrame([{"group": (f"< {hi:g}" if lo == 0 else f"≥ {lo:g}" if hi == float("inf") else f"{lo:g}–{hi:g}"),
                                  "supporters": int(((ratios >= lo) & (ratios < hi)).sum())}
                                 for lo, hi in _RATIO_BINS], columns=["group", "supporters"])
    n = per_supporter["duties"].tolist()
    duty_stats = {"supporters": len(n), "with_duties": sum(1 for x in n if x > 0),
                  "median": float(statistics.median(n)) if n else 0.0, "max": float(max(n, default=0)),
                  "above_flag": int((ratios > FLAG_RATIO + 1e-9).sum())}
    contact_rows = pd.DataFrame([{"quarter": q.label_en, "contacts": contacts(q.first, q.last) if contacts else None}
                                 for q in qs], columns=["quarter", "contacts"])
    if supporters is None:
        supporters = {}
        for pub in sorted(publications, key=lambda p: p.id, reverse=True):
            supporters = supporters_from_people(pub.tables.get("people"))
            if supporters:
                break
    return LeadershipReport(first, last, qs, used, len(forced.dates()), (last - first).days + 1, overview, by_site, by_ward,
                            reasons, duty_groups, ratio_groups, duty_stats, per_supporter, contact_rows,
                            training_status(supporters, last), last)


def _float(value: object) -> float:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return 0.0
    return number if number == number else 0.0


# --- words ------------------------------------------------------------------------------------------

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
    "made": ("Laget {when}", "Made {when}"),
}


def _w(key: str, lang: str, **values: object) -> str:
    no, en = _WORDS[key]
    text = no if lang == "no" else en
    return text.format(**values) if values else text


def _num(value: object, lang: str, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.{decimals}f}"
    else:
        text = f"{int(value):,}".replace(",", " ") if isinstance(value, int | float) else str(value)
    return text.replace(".", ",") if lang == "no" else text


def _pct(share: float | None, lang: str) -> str:
    if share is None or share != share:
        return "–"
    text = f"{100 * share:.1f}"
    return f"{text.replace('.', ',')} %" if lang == "no" else f"{text}%"


def _date(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def _quarter_label(report: LeadershipReport, label: str, lang: str) -> str:
    if label == "total":
        return _w("total", lang)
    return next((q.label(lang) for q in report.quarters if q.label_en == label), label)


def _reason_label(code: str, lang: str) -> str:
    no, en = REASON_LABELS.get(code, REASON_LABELS[""])
    return no if lang == "no" else en


def _training_rows(report: LeadershipReport, lang: str) -> list[tuple[str, int]]:
    t = report.training
    return [(_w(f"training_{k}", lang), t[k]) for k in ("valid", "lapses_soon", "lapsed", "no_end_date")] + \
        [(_w(k, lang), t[k]) for k in ("refresher_ok", "refresher_due", "refresher_unknown")]


# --- charts (inline SVG: prints sharp, needs nothing installed) ---------------------------------------

_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#999999")


def _label_width(labels: Iterable[str]) -> int:
    """Room for the longest label at 12 px (about 6.5 px a character), between 60 and 400 px."""
    return max(60, min(400, round(6.5 * max((len(label[:60]) for label in labels), default=0)) + 10))


def _bars_svg(items: Sequence[tuple[str, float]], lang: str, *, color: str = "#0072B2", percent: bool = False,
              title: str = "") -> str:
    """Horizontal bars with their labels and values."""
    if not items:
        return ""
    label_w, row_h = _label_width(label for label, _ in items), 22
    bar_w = 640 - label_w
    top = max((v for _, v in items), default=0) or 1.0
    if percent:
        top = 1.0
    height = row_h * len(items) + 8
    out = [f"<svg class='chart' role='img' aria-label='{html.escape(title)}' xmlns='http://www.w3.org/2000/svg' "
           f"width='{label_w + bar_w + 80}' height='{height}' viewBox='0 0 {label_w + bar_w + 80} {height}'>"]
    for i, (label, value) in enumerate(items):
        y = 4 + i * row_h
        width = 0 if value is None else max(0.0, bar_w * float(value) / top)
        shown = _pct(value, lang) if percent else _num(value, lang)
        out.append(f"<text x='{label_w - 6}' y='{y + 15}' text-anchor='end' font-size='12'>{html.escape(label[:60])}</text>"
                   f"<rect x='{label_w}' y='{y + 3}' width='{width:.1f}' height='{row_h - 7}' fill='{color}'/>"
                   f"<text x='{label_w + width + 5:.1f}' y='{y + 15}' font-size='12'>{html.escape(shown)}</text>")
    out.append("</svg>")
    return "".join(out)


def _stacked_svg(rows: Sequence[tuple[str, int, int]], lang: str, labels: tuple[str, str], title: str = "") -> str:
    """One bar per row, covered and uncovered stacked, with the share covered at the end."""
    if not rows:
        return ""
    label_w, row_h = _label_width(label for label, _, _ in rows), 24
    bar_w = 620 - label_w
    top = max((a + b for _, a, b in rows), default=0) or 1
    height = row_h * len(rows) + 30
    out = [f"<svg class='chart' role='img' aria-label='{html.escape(title)}' xmlns='http://www.w3.org/2000/svg' "
           f"width='{label_w + bar_w + 90}' height='{height}' viewBox='0 0 {label_w + bar_w + 90} {height}'>"]
    for i, (label, covered, uncovered) in enumerate(rows):
        y = 4 + i * row_h
        w1, w2 = bar_w * covered / top, bar_w * uncovered / top
        out.append(f"<text x='{label_w - 6}' y='{y + 15}' text-anchor='end' font-size='12'>{html.escape(label[:60])}</text>"
                   f"<rect x='{label_w}' y='{y + 3}' width='{w1:.1f}' height='{row_h - 8}' fill='{_PALETTE[0]}'/>"
                   f"<rect x='{label_w + w1:.1f}' y='{y + 3}' width='{w2:.1f}' height='{row_h - 8}' fill='{_PALETTE[1]}'/>"
                   f"<text x='{label_w + w1 + w2 + 5:.1f}' y='{y + 15}' font-size='12'>"
                   f"{html.escape(_pct(_share(covered, covered + uncovered), lang))}</text>")
    y = 8 + len(rows) * row_h
    out.append(f"<rect x='{label_w}' y='{y}' width='12' height='12' fill='{_PALETTE[0]}'/>"
               f"<text x='{label_w + 16}' y='{y + 10}' font-size='11'>{html.escape(labels[0])}</text>"
               f"<rect x='{label_w + 120}' y='{y}' width='12' height='12' fill='{_PALETTE[1]}'/>"
               f"<text x='{label_w + 136}' y='{y + 10}' font-size='11'>{html.escape(labels[1])}</text></svg>")
    return "".join(out)


# --- HTML ----------------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 1.6cm 1.5cm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; } }
body { font-family: "DejaVu Sans", system-ui, sans-serif; color: #111; font-size: 10.5pt; line-height: 1.35; margin: 2em; max-width: 60em; }
h1 { font-size: 1.6em; margin: 0 0 0.2em 0; }
h2 { font-size: 1.2em; margin: 1.4em 0 0.4em 0; border-bottom: 1px solid #bbb; padding-bottom: 0.15em; }
p.lead { color: #333; margin: 0.3em 0; }
table { border-collapse: collapse; margin: 0.4em 0 0.8em 0; }
th, td { border: 1px solid #aaa; padding: 3px 7px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #eee; }
tr.sum td { font-weight: 700; border-top: 2px solid #444; }
svg.chart { display: block; margin: 0.3em 0 0.8em 0; max-width: 100%; height: auto; }
section { break-inside: avoid; page-break-inside: avoid; }
section.long { break-inside: auto; page-break-inside: auto; }
@media print {
  body { margin: 0; font-size: 10pt; max-width: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _table(head: Sequence[tuple[str, bool]], rows: Sequence[Sequence[str]], sums: Sequence[str] | None = None) -> str:
    """An HTML table; `head` is (label, numeric) per column; cells are escaped here."""
    out = ["<table><thead><tr>"]
    out += [f"<th{' class=n' if numeric else ''}>{html.escape(label)}</th>" for label, numeric in head]
    out.append("</tr></thead><tbody>")
    for row in [*rows, *([sums] if sums else [])]:
        css = " class='sum'" if sums is not None and row is sums else ""
        out.append(f"<tr{css}>" + "".join(f"<td{' class=n' if numeric else ''}>{html.escape(str(cell))}</td>"
                                          for cell, (_, numeric) in zip(row, head, strict=True)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def report_html(report: LeadershipReport, lang: str = "no", names: bool = False, made: str = "") -> str:
    """The report as one printable HTML page (print CSS; charts as inline SVG)."""
    w = lambda key, **v: _w(key, lang, **v)  # noqa: E731
    parts = [f"<!doctype html><html lang='{'nb' if lang == 'no' else 'en'}'><head><meta charset='utf-8'>",
             f"<title>{html.escape(w('title'))}</title><style>{_CSS}</style></head><body>",
             f"<h1>{html.escape(w('title'))}</h1>",
             f"<p class='lead'><strong>{html.escape(w('span', first=_date(report.first), last=_date(report.last)))}</strong></p>",
             f"<p class='lead'>{html.escape(w('lead', names=w('lead_names') if names else ''))}</p>",
             f"<p class='lead'>{html.escape(w('rota_days', n=report.days_with_rota, of=report.days))} "
             f"{html.escape(w('publications', ids=', '.join(str(i) for i in report.publications) or '–'))}</p>"]
    if made:
        parts.append(f"<p class='lead'>{html.escape(w('made', when=made))}</p>")
    # overview
    ov = report.overview
    rows = [[_quarter_label(report, r.quarter, lang), _num(r.ward_slots, lang), _num(r.covered, lang), _num(r.uncovered, lang),
             _pct(r.share, lang), _num(r.duties, lang), _num(r.supporters_on_duty, lang),
             w("not_recorded") if r.contacts is None or r.contacts != r.contacts else _num(int(r.contacts), lang)]
            for r in ov.itertuples(index=False)]
    head = [(w("quarter"), False), (w("ward_slots"), True), (w("covered"), True), (w("uncovered"), True), (w("share"), True),
            (w("duties"), True), (w("supporters_on_duty"), True), (w("contacts"), True)]
    parts.append(f"<section><h2>{html.escape(w('overview'))}</h2>"
                 + _table(head, rows[:-1], rows[-1])
                 + _stacked_svg([(_quarter_label(report, r.quarter, lang), int(r.covered), int(r.uncovered))
                                 for r in ov.itertuples(index=False) if r.quarter != "total"], lang,
                                (w("covered"), w("uncovered")), w("overview"))
                 + "</section>")
    # per site
    if len(report.by_site):
        rows = [[r.site or "–", _quarter_label(report, r.quarter, lang), _num(r.ward_slots, lang), _num(r.covered, lang),
                 _num(r.uncovered, lang), _pct(r.share, lang)] for r in report.by_site.itertuples(index=False)]
        parts.append(f"<section><h2>{html.escape(w('by_site'))}</h2>"
                     + _table([(w("site"), False), (w("quarter"), False), (w("ward_slots"), True), (w("covered"), True),
                               (w("uncovered"), True), (w("share"), True)], rows) + "</section>")
    # per ward
    if len(report.by_ward):
        rows = [[r.site or "–", r.ward, r.name if r.name != r.ward else "", _num(r.ward_slots, lang), _num(r.uncovered, lang),
                 _pct(r.share, lang)] for r in report.by_ward.itertuples(index=False)]
        parts.append(f"<section class='long'><h2>{html.escape(w('by_ward'))}</h2>"
                     + _table([(w("site"), False), (w("ward"), False), (w("name"), False), (w("ward_slots"), True),
                               (w("uncovered"), True), (w("share"), True)], rows)
                     + _bars_svg([(f"{r.ward}", r.share) for r in report.by_ward.itertuples(index=False)], lang,
                                 percent=True, title=w("by_ward"))
                     + "</section>")
    # reasons
    parts.append(f"<section><h2>{html.escape(w('reasons'))}</h2>")
    if report.reasons["uncovered"].sum() == 0 if len(report.reasons) else True:
        parts.append(f"<p>{html.escape(w('no_uncovered'))}</p>")
    else:
        pivot = report.reasons.pivot_table(index="reason", columns="quarter", values="uncovered", aggfunc="sum", sort=False)
        qlabels = [q.label_en for q in report.quarters]
        rows = [[_reason_label(code, lang), *[_num(int(pivot.loc[code, q]) if q in pivot.columns else 0, lang) for q in qlabels],
                 _num(int(pivot.loc[code].sum()), lang)] for code in pivot.index]
        head = [(w("reason"), False), *[(q.label(lang), True) for q in report.quarters], (w("total"), True)]
        parts.append(_table(head, rows))
        parts.append(_bars_svg([(_reason_label(code, lang), float(pivot.loc[code].sum())) for code in pivot.index], lang,
                               color=_PALETTE[1], title=w("reasons")))
    parts.append("</section>")
    # distribution
    s = report.duty_stats
    parts.append(f"<section><h2>{html.escape(w('distribution'))}</h2><p>"
                 + html.escape(w("stats", n=s["supporters"], with_duties=s["with_duties"], median=_num(s["median"], lang),
                                 max=_num(s["max"], lang), above=s["above_flag"], flag=_num(FLAG_RATIO, lang)))
                 + "</p>"
                 + f"<h3>{html.escape(w('duty_groups'))}</h3>"
                 + _bars_svg([(r.group, r.supporters) for r in report.duty_groups.itertuples(index=False)], lang,
                             title=w("duty_groups"))
                 + f"<h3>{html.escape(w('ratio_groups'))}</h3>"
                 + _bars_svg([(f"{r.group} ×", r.supporters) for r in report.ratio_groups.itertuples(index=False)], lang,
                             color=_PALETTE[2], title=w("ratio_groups"))
                 + "</section>")
    if names and len(report.per_supporter):
        rows = [[r.name or r.supporter_id, _num(r.duties, lang), _num(r.hours, lang), _num(r.fair_share_hours, lang),
                 _num(r.ratio, lang, 2)] for r in report.per_supporter.itertuples(index=False)]
        parts.append(f"<section class='long'><h2>{html.escape(w('per_supporter'))}</h2>"
                     + _table([(w("name"), False), (w("duties"), True), (w("hours"), True), (w("fair_share"), True),
                               (w("ratio"), True)], rows) + "</section>")
    # outreach
    parts.append(f"<section><h2>{html.escape(w('outreach'))}</h2>")
    if report.contacts["contacts"].isna().all():
        parts.append(f"<p>{html.escape(w('outreach_none'))}</p>")
    else:
        rows = [[_quarter_label(report, r.quarter, lang), _num(int(r.contacts), lang)]
                for r in report.contacts.itertuples(index=False)]
        parts.append(_table([(w("quarter"), False), (w("contacts"), True)], rows))
    parts.append("</section>")
    # training
    parts.append(f"<section><h2>{html.escape(w('training', date=_date(report.training_on)))}</h2>")
    if not any(report.training.values()):
        parts.append(f"<p>{html.escape(w('training_none'))}</p>")
    else:
        parts.append(_table([("", False), (w("count"), True)], [[label, _num(n, lang)] for label, n in _training_rows(report, lang)]))
    parts.append("</section></body></html>")
    return "".join(parts)


def report_pdf(page: str) -> bytes | None:
    """The HTML report as PDF through WeasyPrint; None where WeasyPrint or its system libraries
    (Pango) are not installed — the HTML prints from a browser just as well."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        return None
    return HTML(string=page).write_pdf()


# --- workbook -------------------------------------------------------------------------------------------

def report_workbook(report: LeadershipReport, lang: str = "no", names: bool = False) -> bytes:
    """The report as .xlsx: one sheet per table, with charts; text is always text, never a formula."""
    from scheduler.report.workbook import XLSX_OPTIONS

    w = lambda key, **v: _w(key, lang, **v)  # noqa: E731
    buffer = io.BytesIO()
    ov = report.overview.copy()
    ov["quarter"] = [_quarter_label(report, q, lang) for q in ov["quarter"]]
    ov["contacts"] = ov["contacts"].astype("object").where(ov["contacts"].notna(), w("not_recorded"))
    sheets: dict[str, pd.DataFrame] = {
        w("overview"): ov.rename(columns={"quarter": w("quarter"), "ward_slots": w("ward_slots"), "covered": w("covered"),
                                          "uncovered": w("uncovered"), "share": w("share"), "duties": w("duties"),
                                          "supporters_on_duty": w("supporters_on_duty"), "contacts": w("contacts")}),
        w("by_site"): report.by_site.assign(quarter=[_quarter_label(report, q, lang) for q in report.by_site["quarter"]])
        .rename(columns={"site": w("site"), "quarter": w("quarter"), "ward_slots": w("ward_slots"), "covered": w("covered"),
                         "uncovered": w("uncovered"), "share": w("share")}),
        w("by_ward"): report.by_ward.rename(columns={"site": w("site"), "ward": w("ward"), "name": w("name"),
                                                     "ward_slots": w("ward_slots"), "covered": w("covered"),
                                                     "uncovered": w("uncovered"), "share": w("share")}),
        w("reasons"): report.reasons.assign(reason=[_reason_label(c, lang) for c in report.reasons["reason"]],
                                            quarter=[_quarter_label(report, q, lang) for q in report.reasons["quarter"]])
        .rename(columns={"reason": w("reason"), "quarter": w("quarter"), "uncovered": w("uncovered")}),
        w("duty_groups"): report.duty_groups.rename(columns={"group": w("duties"), "supporters": w("supporters")}),
        w("ratio_groups"): report.ratio_groups.rename(columns={"group": w("ratio"), "supporters": w("supporters")}),
        w("outreach"): report.contacts.assign(quarter=[_quarter_label(report, q, lang) for q in report.contacts["quarter"]])
        .rename(columns={"quarter": w("quarter"), "contacts": w("contacts")}),
        w("training", date=_date(report.training_on)): pd.DataFrame(_training_rows(report, lang), columns=["", w("count")]),
    }
    if names:
        sheets[w("per_supporter")] = report.per_supporter.rename(columns={
            "supporter_id": "supporter_id", "name": w("name"), "duties": w("duties"), "hours": w("hours"),
            "fair_share_hours": w("fair_share"), "ratio": w("ratio")})
    used: set[str] = set()
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": XLSX_OPTIONS}) as writer:
        book = writer.book
        for title, frame in sheets.items():
            name = _sheet_name(title, used)
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for i, column in enumerate(frame.columns):
                width = max([len(str(column))] + [len(str(x)) for x in frame[column].head(200)])
                sheet.set_column(i, i, min(width + 2, 60))
            rows = len(frame)
            if rows and title in (w("overview"), w("duty_groups"), w("ratio_groups"), w("reasons")):
                chart = book.add_chart({"type": "column" if title == w("overview") else "bar"})
                if title == w("overview"):
                    for col, color in ((2, _PALETTE[0]), (3, _PALETTE[1])):
                        chart.add_series({"name": [name, 0, col], "categories": [name, 1, 0, rows - 1, 0],
                                          "values": [name, 1, col, rows - 1, col], "fill": {"color": color}})
                    chart.set_y_axis({"name": w("ward_slots")})
                else:
                    value_col = 2 if title == w("reasons") else 1
                    chart.add_series({"name": [name, 0, value_col], "categories": [name, 1, 0, rows, 0],
                                      "values": [name, 1, value_col, rows, value_col], "fill": {"color": _PALETTE[2]}})
                    chart.set_legend({"none": True})
                chart.set_title({"name": title})
                sheet.insert_chart(1, len(frame.columns) + 1, chart)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel takes: at most 31 characters, none of []:*?/\\, unique."""
    name = "".join("-" if c in "[]:*?/\\" else c for c in title)[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


# --- the folder ----------------------------------------------------------------------------------------

def report_json(report: LeadershipReport) -> dict:
    """The report's counts as JSON (report.json): for comparing reports and for other tools."""
    def records(frame: pd.DataFrame) -> list[dict]:
        return json.loads(frame.to_json(orient="records", force_ascii=False))

    return {"from": report.first.isoformat(), "to": report.last.isoformat(),
            "quarters": [{"label": q.label_en, "from": q.first.isoformat(), "to": q.last.isoformat()} for q in report.quarters],
            "publications": report.publications, "days_with_rota": report.days_with_rota, "days": report.days,
            "overview": records(report.overview), "by_site": records(report.by_site), "by_ward": records(report.by_ward),
            "reasons": records(report.reasons), "duty_groups": records(report.duty_groups),
            "ratio_groups": records(report.ratio_groups), "duty_stats": report.duty_stats,
            "contacts": records(report.contacts), "training": report.training,
            "training_on": report.training_on.isoformat()}


def write_report(report: LeadershipReport, out: Path, lang: str = "no", names: bool = False, made: str = "") -> tuple[Path, bool]:
    """report.html, report.xlsx, report.json and — where WeasyPrint works — report.pdf, written
    safely (scheduler.io.out_folder). Returns the folder written and whether the PDF is in it."""
    from scheduler.io.out_folder import write_folder_safely

    page = report_html(report, lang, names, made)
    pdf = report_pdf(page)
    data = {"report.html": page.encode("utf-8"), "report.xlsx": report_workbook(report, lang, names),
            "report.json": json.dumps(report_json(report), ensure_ascii=False, indent=1).encode("utf-8")}
    if pdf is not None:
        data["report.pdf"] = pdf

    def fill(folder: Path) -> None:
        for name, content in data.items():
            (folder / name).write_bytes(content)

    return write_folder_safely(out, fill, kind="report"), pdf is not None
