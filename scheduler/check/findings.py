"""A finding and how it is worded: who, when, which limit, by how much — in Norwegian and English.

Every check of the package returns :class:`Violation` objects; the helpers here word the places
they are about the same way everywhere (a slot as `2027-01-04 dag`, a row of a file as
`coverage.csv, rad 2, kolonne «covered»`), so a reader of the report can find each one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from scheduler.check.context import CheckContext
from scheduler.check.written import AssignmentRow
from scheduler.domain import Slot

__all__ = ["Violation"]


@dataclass(frozen=True, kw_only=True)
class Violation:
    """One broken hard rule, or an output file that disagrees with assignments.csv: `rule` is the
    stable id (a key of rules.HARD_RULE_CHECKS, folder.OUTPUT_CHECKS or outreach.OUTREACH_CHECKS);
    `file`, `row` and `column` say where, when the finding is about one place in one file."""

    rule: str
    supporter_id: str = ""
    date: dt.date | None = None
    slot: str = ""
    ward: str | None = None
    text_no: str
    text_en: str
    file: str = ""
    row: int | None = None
    column: str = ""

    def render(self, lang: str = "no") -> str:
        return self.text_no if lang == "no" else self.text_en


def _label(slot: Slot) -> str:
    return f"{slot.date.isoformat()} {slot.name}"


def _hhmm(slot: Slot) -> str:
    return f"{slot.start:%H:%M}–{slot.end:%H:%M}"


def _dates(ctx: CheckContext, ts: Iterable[int]) -> str:
    return ", ".join(_label(ctx.slots[t]) for t in ts)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _at(ctx: CheckContext, rule: str, sid: str, t: int, text_no: str, text_en: str,
        ward: str | None = None) -> Violation:
    slot = ctx.slots[t]
    return Violation(rule=rule, supporter_id=sid, date=slot.date, slot=slot.name, ward=ward,
                     text_no=text_no, text_en=text_en)


def _row_at(rule: str, a: AssignmentRow, text_no: str, text_en: str) -> Violation:
    return Violation(rule=rule, supporter_id=a.supporter_id, date=a.date, slot=a.slot, ward=a.ward or None,
                     text_no=text_no, text_en=text_en)


def _problem(rule: str, file: str, no: str, en: str, row: int | None = None, column: str = "", key: str = "",
             **where: object) -> Violation:
    """A finding that starts with where it is: file, row, column (or, in JSON, field)."""
    place_no = [file] + ([f"rad {row}"] if row is not None else []) + ([f"kolonne «{column}»"] if column else [])
    place_en = [file] + ([f"row {row}"] if row is not None else []) + ([f"column «{column}»"] if column else [])
    if key:
        place_no.append(f"felt «{key}»")
        place_en.append(f"field «{key}»")
    return Violation(rule=rule, text_no=f"{', '.join(place_no)}: {no}", text_en=f"{', '.join(place_en)}: {en}",
                     file=file, row=row, column=column or key, **where)  # type: ignore[arg-type]


def _spaces(text: str) -> str:
    """Whitespace as a reader sees it: runs collapsed, ends trimmed."""
    return " ".join(text.split())


def _short_text(text: str, n: int = 80) -> str:
    text = _spaces(text)
    return text if len(text) <= n else text[:n - 1] + "…"


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "…"
