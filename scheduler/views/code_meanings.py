"""Which meaning each shift code in the turnus got — said out loud, and asked when in doubt.

Shift codes are local to each unit. The built-in table (scheduler.io.shift_codes) gives the common
ones a meaning, but some letters mean different things in different units: `K` is an evening
shift in one and a course (absence) in another. Reading a course as an evening shift makes a
supporter look available when they are not. So for every code the turnus used, the person sees
the meaning it got and where from, and the codes known to mean different things in different
units are flagged until the person has confirmed or changed them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scheduler.domain import ShiftCode
from scheduler.io.shift_codes import DEFAULT_SHIFT_CODES, interpret_cell
from scheduler.io.types import ReadingReport

__all__ = ["AMBIGUOUS_CODES", "CodeMeaning", "code_meanings"]

#: Built-in codes that units also use for something else: code -> (also used for, in no, en).
AMBIGUOUS_CODES: dict[str, tuple[str, str]] = {
    "K": ("kurs (fravær)", "a course (absence)"),
    "A": ("avspasering eller annet fravær", "time off in lieu or other absence"),
    "S": ("seinvakt (arbeid)", "a late shift (work)"),
    "M": ("møte eller mellomvakt med andre tider", "a meeting, or a middle shift with other times"),
    "L": ("ledig eller lege-vakt", "free, or a doctor's shift"),
    "P": ("passiv vakt (arbeid)", "an on-call shift (work)"),
}


@dataclass(frozen=True)
class CodeMeaning:
    """One code as the turnus used it: how often, what it was read as, and from where."""

    code: str
    count: int
    kind: str  # a ShiftKind value, or "unknown" (read as not at work)
    start_min: int | None
    end_min: int | None
    source: str  # "builtin", "file" (an uploaded shift-code table), "hand" (mapped on the page), "times"
    description: str = ""
    also_no: str = ""  # what else units use the code for (a built-in meaning not yet confirmed)
    also_en: str = ""

    @property
    def needs_check(self) -> bool:
        return bool(self.also_no)


def code_meanings(reports: Iterable[ReadingReport], codes: Mapping[str, ShiftCode],
                  by_hand: Iterable[str] = ()) -> list[CodeMeaning]:
    """Every code seen in the turnus reports, most used first, with the meaning it was read with.

    `codes` is the table the turnus was read with (built-in, overlaid by an uploaded table and the
    hand mappings); `by_hand` names the codes mapped (or confirmed) on the page.
    """
    counts: dict[str, int] = {}
    for report in reports:
        if report.kind == "turnus":
            for code, n in report.codes_seen.items():
                counts[code] = counts.get(code, 0) + n
    hand = {c.upper() for c in by_hand}
    out = []
    for text, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        meaning = interpret_cell(text, codes)
        if meaning is None:
            continue
        known = codes.get(meaning.code)
        if known is None:
            source = "times" if meaning.kind != "unknown" else ""
        elif meaning.code in hand:
            source = "hand"
        elif DEFAULT_SHIFT_CODES.get(meaning.code) == known:
            source = "builtin"
        else:
            source = "file"
        also = AMBIGUOUS_CODES.get(meaning.code, ("", "")) if source == "builtin" else ("", "")
        out.append(CodeMeaning(text, n, meaning.kind, meaning.start_min, meaning.end_min, source,
                               known.description if known else "", *also))
    return out
