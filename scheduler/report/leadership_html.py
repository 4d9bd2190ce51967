"""The leadership report as one printable HTML page (print CSS, charts as inline SVG), and as PDF.

The page is made for paper as much as for the screen: A4 print CSS, tables whose head repeats on
each page, and charts as inline SVG, which print sharp and need nothing installed. The PDF is the
same page through WeasyPrint where it is installed; without it, the HTML prints from a browser.
Every text from the store is escaped here. The numbers: scheduler.report.leadership.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from scheduler.report.leadership import LeadershipReport, covered_share
from scheduler.report.leadership_outcomes_show import outcomes_html
from scheduler.report.leadership_words import (
    PALETTE,
    band_label,
    day_text,
    num,
    pct,
    quarter_label,
    reason_label,
    training_rows,
    word,
)
from scheduler.solve.fairness import FLAG_RATIO

__all__ = ["report_html", "report_pdf"]


# --- charts (inline SVG: prints sharp, needs nothing installed) ---------------------------------------

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
        shown = pct(value, lang) if percent else num(value, lang)
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
                   f"<rect x='{label_w}' y='{y + 3}' width='{w1:.1f}' height='{row_h - 8}' fill='{PALETTE[0]}'/>"
                   f"<rect x='{label_w + w1:.1f}' y='{y + 3}' width='{w2:.1f}' height='{row_h - 8}' fill='{PALETTE[1]}'/>"
                   f"<text x='{label_w + w1 + w2 + 5:.1f}' y='{y + 15}' font-size='12'>"
                   f"{html.escape(pct(covered_share(covered, covered + uncovered), lang))}</text>")
    y = 8 + len(rows) * row_h
    out.append(f"<rect x='{label_w}' y='{y}' width='12' height='12' fill='{PALETTE[0]}'/>"
               f"<text x='{label_w + 16}' y='{y + 10}' font-size='11'>{html.escape(labels[0])}</text>"
               f"<rect x='{label_w + 120}' y='{y}' width='12' height='12' fill='{PALETTE[1]}'/>"
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
td.n, td.k { white-space: nowrap; }
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
        out.append(f"<tr{css}>" + "".join(f"<td{_cell_class(str(cell), numeric)}>{html.escape(str(cell))}</td>"
                                          for cell, (_, numeric) in zip(row, head, strict=True)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _cell_class(text: str, numeric: bool) -> str:
    """Numbers right-aligned; a cell of one word (a ward id `N-STAB1`, a date) never broken at its hyphen."""
    return " class=n" if numeric else " class=k" if text and " " not in text.strip() else ""


def report_html(report: LeadershipReport, lang: str = "no", names: bool = False, made: str = "") -> str:
    """The report as one printable HTML page (print CSS; charts as inline SVG)."""
    w = lambda key, **v: word(key, lang, **v)  # noqa: E731
    parts = [f"<!doctype html><html lang='{'nb' if lang == 'no' else 'en'}'><head><meta charset='utf-8'>",
             f"<title>{html.escape(w('title'))}</title><style>{_CSS}</style></head><body>",
             f"<h1>{html.escape(w('title'))}</h1>",
             f"<p class='lead'><strong>{html.escape(w('span', first=day_text(report.first), last=day_text(report.last)))}</strong></p>",
             f"<p class='lead'>{html.escape(w('lead', names=w('lead_names') if names else ''))}</p>",
             f"<p class='lead'>{html.escape(w('rota_days', n=report.days_with_rota, of=report.days))} "
             f"{html.escape(w('publications', ids=', '.join(str(i) for i in report.publications) or '–'))}</p>"]
    if made:
        parts.append(f"<p class='lead'>{html.escape(w('made', when=made))}</p>")
    # overview
    ov = report.overview
    rows = [[quarter_label(report, r.quarter, lang), num(r.ward_slots, lang), num(r.covered, lang), num(r.uncovered, lang),
             pct(r.share, lang), num(r.duties, lang), num(r.supporters_on_duty, lang),
             w("not_recorded") if r.contacts is None or r.contacts != r.contacts else num(int(r.contacts), lang)]
            for r in ov.itertuples(index=False)]
    head = [(w("quarter"), False), (w("ward_slots"), True), (w("covered"), True), (w("uncovered"), True), (w("share"), True),
            (w("duties"), True), (w("supporters_on_duty"), True), (w("contacts"), True)]
    parts.append(f"<section><h2>{html.escape(w('overview'))}</h2>"
                 + _table(head, rows[:-1], rows[-1])
                 + _stacked_svg([(quarter_label(report, r.quarter, lang), int(r.covered), int(r.uncovered))
                                 for r in ov.itertuples(index=False) if r.quarter != "total"], lang,
                                (w("covered"), w("uncovered")), w("overview"))
                 + "</section>")
    # per site
    if len(report.by_site):
        rows = [[r.site or "–", quarter_label(report, r.quarter, lang), num(r.ward_slots, lang), num(r.covered, lang),
                 num(r.uncovered, lang), pct(r.share, lang)] for r in report.by_site.itertuples(index=False)]
        parts.append(f"<section><h2>{html.escape(w('by_site'))}</h2>"
                     + _table([(w("site"), False), (w("quarter"), False), (w("ward_slots"), True), (w("covered"), True),
                               (w("uncovered"), True), (w("share"), True)], rows) + "</section>")
    # per ward
    if len(report.by_ward):
        rows = [[r.site or "–", r.ward, r.name if r.name != r.ward else "", num(r.ward_slots, lang), num(r.uncovered, lang),
                 pct(r.share, lang)] for r in report.by_ward.itertuples(index=False)]
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
        rows = [[reason_label(code, lang), *[num(int(pivot.loc[code, q]) if q in pivot.columns else 0, lang) for q in qlabels],
                 num(int(pivot.loc[code].sum()), lang)] for code in pivot.index]
        head = [(w("reason"), False), *[(q.label(lang), True) for q in report.quarters], (w("total"), True)]
        parts.append(_table(head, rows))
        parts.append(_bars_svg([(reason_label(code, lang), float(pivot.loc[code].sum())) for code in pivot.index], lang,
                               color=PALETTE[1], title=w("reasons")))
    parts.append("</section>")
    # distribution
    s = report.duty_stats
    parts.append(f"<section><h2>{html.escape(w('distribution'))}</h2><p>"
                 + html.escape(w("stats", n=s["supporters"], with_duties=s["with_duties"], median=num(s["median"], lang),
                                 max=num(s["max"], lang), above=s["above_flag"], flag=num(FLAG_RATIO, lang)))
                 + "</p>"
                 + f"<h3>{html.escape(w('duty_groups'))}</h3>"
                 + _bars_svg([(r.group, r.supporters) for r in report.duty_groups.itertuples(index=False)], lang,
                             title=w("duty_groups"))
                 + f"<h3>{html.escape(w('ratio_groups'))}</h3>"
                 + _bars_svg([(band_label(r.group, lang), r.supporters) for r in report.ratio_groups.itertuples(index=False)], lang,
                             color=PALETTE[2], title=w("ratio_groups"))
                 + "</section>")
    if names and len(report.per_supporter):
        rows = [[r.name or r.supporter_id, num(r.duties, lang), num(r.hours, lang), num(r.fair_share_hours, lang),
                 num(r.ratio, lang, 2)] for r in report.per_supporter.itertuples(index=False)]
        parts.append(f"<section class='long'><h2>{html.escape(w('per_supporter'))}</h2>"
                     + _table([(w("name"), False), (w("duties"), True), (w("hours"), True), (w("fair_share"), True),
                               (w("ratio"), True)], rows) + "</section>")
    # outreach
    parts.append(f"<section><h2>{html.escape(w('outreach'))}</h2>")
    if report.contacts["contacts"].isna().all():
        parts.append(f"<p>{html.escape(w('outreach_none'))}</p>")
    else:
        rows = [[quarter_label(report, r.quarter, lang), num(int(r.contacts), lang)]
                for r in report.contacts.itertuples(index=False)]
        parts.append(_table([(w("quarter"), False), (w("contacts"), True)], rows))
    parts.append("</section>")
    parts.append(outcomes_html(report, lang, _table))  # per quarter and site (scheduler.report.leadership_outcomes)
    # training
    parts.append(f"<section><h2>{html.escape(w('training', date=day_text(report.training_on)))}</h2>")
    if not any(report.training.values()):
        parts.append(f"<p>{html.escape(w('training_none'))}</p>")
    else:
        parts.append(_table([(w("training_status"), False), (w("count"), True)], [[label, num(n, lang)] for label, n in training_rows(report, lang)]))
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
