"""The rota's tables in the words of the person who opens them: headers, sheet names and coded words
(`primary`, `True`) in Norwegian or English — one place for rota.xlsx, the app's Excel CSVs and the
checker that reads the workbook back (scheduler/check/excel.py).

The canonical CSVs keep their English column names and words (docs/outputs.md): they are for other
programs. `lang=None` below means those canonical names, as the workbook was written before.
"""

from __future__ import annotations

__all__ = ["HEADERS", "WORDS", "SHEETS", "WORD_COLUMNS", "header", "word", "sheet_name", "cell_word"]

#: column -> (Norwegian, English) header.
HEADERS: dict[str, tuple[str, str]] = {
    "date": ("Dato", "Date"), "slot": ("Vakt", "Shift"), "ward": ("Post", "Ward"),
    "supporter_id": ("Ansattnr. kollegastøtte", "Supporter's employee no."), "role": ("Rolle", "Role"),
    "reason": ("Hvorfor ingen kollegastøtte", "Why no supporter"), "name": ("Navn", "Name"),
    "home_ward": ("Egen post", "Own ward"), "start": ("Fra", "From"), "end": ("Til", "To"),
    "wards_covered": ("Poster dekket", "Wards covered"), "hours": ("Timer", "Hours"),
    "profession": ("Yrke", "Profession"), "duties": ("Støttevakter", "Duties"),
    "nights": ("Netter", "Nights"), "weekend_duties": ("Helgevakter", "Weekend duties"),
    "target": ("Rettferdig andel (timer)", "Fair share (hours)"),
    "load_ratio": ("Belastning × andelen", "Load × the share"),
    "max_duties_per_week": ("Maks støttevakter per uke", "Max duties per week"),
    "recent_activity": ("Samtaler siste periode (antall)", "Conversations last period (count)"),
    "base_target": ("Andel før historikk (timer)", "Share before history (hours)"),
    "carried_ratio": ("Båret × andelen (12 mnd.)", "Carried × the share (12 months)"),
    "headcount": ("Ansatte på jobb", "Staff at work"), "covered": ("Dekket", "Covered"),
    "backup_id": ("Ansattnr. reserve", "Backup's employee no."), "reason_code": ("Årsak (kode)", "Reason (code)"),
    "staff_covered": ("Ansatte dekket", "Staff covered"),
    "exposure": ("Eksponering (ansatte × timer)", "Exposure (staff × hours)"),
    "employee_id": ("Ansattnr.", "Employee no."),
    "wards_covered_count": ("Antall poster dekket", "Number of wards covered"),
}
#: coded word -> (Norwegian, English).
WORDS: dict[str, tuple[str, str]] = {"primary": ("kollegastøtte", "supporter"), "backup": ("reserve", "backup"),
                                     "True": ("ja", "yes"), "False": ("nei", "no")}
#: The columns whose coded words are said in the reader's language (yes/no columns: any boolean one).
WORD_COLUMNS: dict[str, frozenset[str]] = {"role": frozenset({"primary", "backup"}),
                                           "covered": frozenset({"True", "False"})}
#: table -> (Norwegian, English) sheet name (≤ 31 characters, as Excel wants).
SHEETS: dict[str, tuple[str, str]] = {"assignments": ("Hvem dekker", "Who covers"), "duties": ("Støttevakter", "Duties"),
                                      "burden": ("Belastning", "Burden"), "coverage": ("Dekning", "Coverage")}
#: yes/no in a workbook of canonical headers (as it was written before it had a language).
_CANONICAL_YES_NO = {"True": "ja", "False": "nei"}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "no" else pair[1]


def header(column: str, lang: str | None) -> str:
    """A column's header in `lang` (`None`: its canonical name; an unknown column keeps its name)."""
    return column if lang is None or column not in HEADERS else _pick(HEADERS[column], lang)


def word(value: str, lang: str | None) -> str:
    """A coded word (`primary`, `True`) in `lang`; yes/no is «ja»/«nei» also with canonical headers."""
    if lang is None:
        return _CANONICAL_YES_NO.get(value, value)
    return _pick(WORDS[value], lang) if value in WORDS else value


def cell_word(column: str, value: str, lang: str | None) -> str:
    """A cell of `column` as the reader sees it: its coded word translated where the column has them."""
    wanted = WORD_COLUMNS.get(column)
    if wanted is None or value not in wanted:
        return value
    return word(value, lang) if value in ("True", "False") or lang is not None else value


def sheet_name(table: str, lang: str | None) -> str:
    """A table's sheet name in `lang` (`None`: the table's own name)."""
    return table if lang is None or table not in SHEETS else _pick(SHEETS[table], lang)
