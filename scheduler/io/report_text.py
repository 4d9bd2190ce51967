"""The human text `scheduler check` prints: per file what was read, then every message."""

from __future__ import annotations

from collections.abc import Sequence

from scheduler.io.types import ReadingReport

__all__ = ["format_reports"]

_WORDS = {
    "no": {"layout": "format", "encoding": "tegnsett", "delimiter": "skilletegn", "rows": "rader lest",
           "skipped": "rader hoppet over", "employees": "ansatte", "dates": "datoer", "codes": "vaktkoder",
           "unknown": "ukjente koder", "columns": "kolonner", "unused": "ubrukte kolonner", "messages": "meldinger",
           "errors": "feil", "warnings": "advarsler", "ok": "ingen feil", "none": "ingen"},
    "en": {"layout": "layout", "encoding": "encoding", "delimiter": "delimiter", "rows": "rows read",
           "skipped": "rows skipped", "employees": "employees", "dates": "dates", "codes": "shift codes",
           "unknown": "unknown codes", "columns": "columns", "unused": "unused columns", "messages": "messages",
           "errors": "errors", "warnings": "warnings", "ok": "no errors", "none": "none"},
}
_DELIMS = {";": ";", ",": ",", "\t": "tab", "|": "|"}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _one(report: ReadingReport, lang: str) -> list[str]:
    w = _WORDS["no" if lang == "no" else "en"]
    n_err = len(report.errors)
    n_warn = sum(1 for m in report.messages if m.severity.value == "warning")
    status = w["ok"] if not n_err else f"{n_err} {w['errors']}"
    lines = [f"== {report.file} ({report.kind}) — {status}, {n_warn} {w['warnings']}"]
    facts = [(w["layout"], report.layout), (w["encoding"], report.encoding),
             (w["delimiter"], _DELIMS.get(report.delimiter, report.delimiter))]
    lines += [f"   {k}: {v}" for k, v in facts if v]
    lines.append(f"   {w['rows']}: {report.rows_read}; {w['skipped']}: {report.rows_skipped}")
    if report.employees:
        lines.append(f"   {w['employees']}: {report.employees}")
    if report.date_from:
        lines.append(f"   {w['dates']}: {report.date_from.isoformat()} – {report.date_to.isoformat() if report.date_to else ''}")
    if report.kind == "turnus" and report.codes_seen:
        lines.append(f"   {w['codes']}: {_counts(report.codes_seen)}")
    if report.kind == "turnus":
        unknown = sum(report.unknown_codes.values())
        detail = f"{unknown} ({_counts(report.unknown_codes)})" if unknown else w["none"]
        lines.append(f"   {w['unknown']}: {detail}")
    if report.columns:
        cols = [f"{h} → {f}" for h, f in report.columns.items() if not f.startswith("date ")]
        if cols:
            lines.append(f"   {w['columns']}: {', '.join(cols)}")
    if report.unused_columns:
        lines.append(f"   {w['unused']}: {', '.join(report.unused_columns)}")
    for m in report.messages:
        lines.append(f"   [{m.severity.value}] {m.render(lang)}")
    return lines


def format_reports(reports: Sequence[ReadingReport], lang: str = "no") -> str:
    out: list[str] = []
    for r in reports:
        out += _one(r, lang)
        out.append("")
    return "\n".join(out).rstrip() + "\n"
