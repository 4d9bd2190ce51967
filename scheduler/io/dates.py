"""Dates as Norwegian exports write them, parsed once per distinct text (never per row).

Full dates: `2027-01-04`, `04.01.2027`, `4.1.2027`, `04.01.27`, `04/01/2027`, Excel serial
numbers (`46391`), and the same with a time part. Wide headers may carry a weekday prefix and no
year (`ma 04.01.27`, `Man 04.01`, `tir 5.1`); :func:`resolve_header_dates` supplies the year from
the other headers, a hint, or the weekdays, stepping the year when the months wrap around.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["parse_date", "PartialDate", "parse_header_date", "resolve_header_dates",
           "parse_date_list", "has_trailing_text", "date_part"]

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:\s+\d{1,2}[:.]\d{2}.*)?$")
_DM = re.compile(r"^(\d{1,2})[./](\d{1,2})\.?$")
_SERIAL = re.compile(r"^(\d{5})(?:[.,]0+)?$")
_WEEKDAY_PREFIX = re.compile(r"^([a-zæøåA-ZÆØÅ]{2,8})\.?[\s,]+(.+)$")

# First two letters of Norwegian and English weekday names.
_WEEKDAYS = {"ma": 0, "mo": 0, "ti": 1, "tu": 1, "on": 2, "we": 2, "to": 3, "th": 3, "fr": 4,
             "lø": 5, "lo": 5, "la": 5, "sa": 5, "sø": 6, "so": 6, "su": 6}


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year(text: str) -> int:
    y = int(text)
    return 2000 + y if len(text) == 2 else y


def parse_date(text: str) -> dt.date | None:
    """One full date, or None when the text is not a date this reader knows."""
    s = str(text).strip()
    if not s:
        return None
    if m := _ISO.match(s):
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.match(s):
        return _safe(_year(m[3]), int(m[2]), int(m[1]))
    if m := _SERIAL.match(s):
        n = int(m[1])
        if 20000 <= n <= 80000:
            return _EXCEL_EPOCH + dt.timedelta(days=n)
    if m := _WEEKDAY_PREFIX.match(s):
        if m[1][:2].lower() in _WEEKDAYS:
            return parse_date(m[2])
    return None


#: A date cell's tail that is a time of day (and nothing else): `14:20`, `kl. 14.20`, `00:00:00`, `T08:00+01:00`.
_TIME_TAIL = re.compile(r"^(?:kl\.?\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$",
                        re.IGNORECASE)


def date_part(text: str) -> str:
    """The date of a cell as written, without what follows it (`2027-01-06 merknad` → `2027-01-06`)."""
    s = str(text).strip()
    head, _, tail = s.replace("T", " ", 1).partition(" ") if _ISO.match(s) else s.partition(" ")
    return head if tail and parse_date(head) is not None else s


def has_trailing_text(text: str) -> bool:
    """A date cell with text after the date that is not a time of day: the reader uses the date and
    ignores the rest, and says so (docs/inputs.md) — the rest may be something that must not be kept."""
    s = str(text).strip()
    if parse_date(s) is None:
        return False
    head = date_part(s)
    tail = s[len(head):].strip().lstrip("T").strip()
    return bool(tail) and not _TIME_TAIL.match(tail)


def parse_date_list(text: str) -> tuple[set[dt.date], list[str]]:
    """`2027-01-04..2027-01-10;2027-02-01` (also `,` between items, `–` in ranges): the dates, and
    the parts that could not be read."""
    dates: set[dt.date] = set()
    bad: list[str] = []
    for part in re.split(r"[;,|]", str(text)):
        part = part.strip()
        if not part:
            continue
        ends = [e.strip() for e in re.split(r"\.\.|–|—|\s-\s", part)]
        if len(ends) == 1:
            d = parse_date(part)
            if d is None:
                bad.append(part)
            else:
                dates.add(d)
            continue
        if len(ends) != 2:
            bad.append(part)
            continue
        a, b = parse_date(ends[0]), parse_date(ends[1])
        if a is None or b is None or b < a or (b - a).days > 3660:
            bad.append(part)
            continue
        dates.update(a + dt.timedelta(days=i) for i in range((b - a).days + 1))
    return dates, bad


@dataclass(frozen=True)
class PartialDate:
    """A wide header's date before the year is known."""

    day: int
    month: int
    year: int | None
    weekday: int | None  # 0 = Monday, from a prefix such as "ma" or "Mon"


def parse_header_date(text: str) -> PartialDate | None:
    s = str(text).strip()
    if not s:
        return None
    weekday: int | None = None
    if (m := _WEEKDAY_PREFIX.match(s)) and m[1][:2].lower() in _WEEKDAYS:
        weekday, s = _WEEKDAYS[m[1][:2].lower()], m[2].strip()
    full = parse_date(s)
    if full is not None:
        return PartialDate(full.day, full.month, full.year, weekday)
    if m := _DM.match(s):
        day, month = int(m[1]), int(m[2])
        if 1 <= month <= 12 and _safe(2000, month, day) is not None:  # 2000 is a leap year
            return PartialDate(day, month, None, weekday)
    return None


def _walk(parts: Sequence[PartialDate], first_year: int) -> list[dt.date | None]:
    """Assign years in column order: a written year resets it, a month that goes down steps it."""
    year, prev_month, out = first_year, None, []
    for p in parts:
        if p.year is not None:
            year = p.year
        elif prev_month is not None and p.month < prev_month:
            year += 1
        prev_month = p.month
        out.append(_safe(year, p.month, p.day))
    return out


def _weekdays_match(parts: Sequence[PartialDate], dates: Sequence[dt.date | None]) -> bool:
    return all(d is not None and (p.weekday is None or d.weekday() == p.weekday)
               for p, d in zip(parts, dates, strict=True))


def resolve_header_dates(parts: Sequence[PartialDate], year_hint: int | None = None,
                         today: dt.date | None = None) -> tuple[list[dt.date | None], str]:
    """Dates for wide headers in column order, and how the year was found
    ('written', 'hint', 'weekday' or 'guess')."""
    if not parts:
        return [], "written"
    first_written = next((i for i, p in enumerate(parts) if p.year is not None), None)
    if first_written is not None:
        wraps = sum(1 for a, b in zip(parts[:first_written], parts[1:first_written + 1], strict=False)
                    if b.month < a.month)
        return _walk(parts, parts[first_written].year - wraps), "written"  # type: ignore[operator]
    if year_hint is not None:
        return _walk(parts, year_hint), "hint"
    today = today or dt.date.today()
    if any(p.weekday is not None for p in parts):
        for delta in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6):
            dates = _walk(parts, today.year + delta)
            if _weekdays_match(parts, dates):
                return dates, "weekday"
    return _walk(parts, today.year), "guess"
