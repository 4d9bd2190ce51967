"""rota.xlsx and excel/*.csv against the CSV tables: the same cells, and no formula anywhere.

Everyone may open the rota in Excel, so what Excel shows must be what the CSVs say: each sheet of
the workbook and each Excel CSV (UTF-8 with BOM, `;`, decimal comma, an apostrophe before text
that would start a formula) is compared cell by cell with its table, rows aligned so that one
deleted or added row is one finding. A formula in a rota is either an attack or an edit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterable

from scheduler.check.context import CheckContext
from scheduler.check.findings import Violation, _problem
from scheduler.check.output_files import TABLES, OutputFolder, _csv_rows
from scheduler.check.written import _NUMBER, WrittenRota
from scheduler.io.table_words import cell_word, header, sheet_name

__all__ = ["compare_workbook", "compare_excel_csv"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The languages a workbook may be written in (None: the CSVs' canonical names; scheduler/io/table_words.py).
_LANGS = (None, "no", "en")


def _number_key(value: float) -> str:
    return f"{value:.12g}"


def _text_key(text: str) -> str:
    """A CSV cell as the workbook and the Excel CSV should show it: a number by value (an id
    with a leading zero stays text), anything else as text."""
    stripped = text.strip()
    if _NUMBER.match(stripped) and not re.match(r"^-?0\d", stripped):
        return _number_key(float(stripped))
    return stripped


def _cell_key(cell: object) -> str:
    """A workbook cell, comparable with _text_key; a formula never equals any text."""
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", "") == "f":
        return f"\x00formula\x00{value}"
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return _number_key(float(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _moment_key(value, str(getattr(cell, "number_format", "") or ""))
    # Control characters cannot stand in the XML of a workbook; they are written as _xHHHH_.
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), str(value)).strip()


def _moment_key(value: dt.datetime | dt.date | dt.time, number_format: str) -> str:
    """A date or time cell as the CSV writes it: `2027-01-04` for a date (a date format without
    hours), `2027-01-04T08:00` for a date-time; anything else never equals a CSV cell."""
    if isinstance(value, dt.datetime):
        if "h" not in number_format.lower() and value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="minutes" if value.second == 0 and not value.microsecond else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return f"\x00time\x00{value.isoformat()}"


def _excel_key(text: str) -> str:
    """An Excel-CSV cell, comparable with _text_key: the apostrophe before formula-like text
    and the decimal comma undone; formula-like text without the apostrophe never matches."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return _text_key(text[1:])
    if _NUMBER.match(text.replace(",", ".")) and "." not in text:
        return _text_key(text.replace(",", "."))
    if text.startswith(_FORMULA_STARTS):
        return f"\x00unsafe\x00{text}"
    return _text_key(text)


def _aligned(expected: list[tuple[str, ...]], written: list[tuple[str, ...]]) -> list[tuple[int | None, int | None]]:
    """Which written row stands for which expected row where they differ: pairs of row
    indices, None for a row missing on one side. Rows found on both sides are left out, so a
    deleted or added row is one finding, not a shift of every row after it.

    Linear in the number of rows: identical rows are matched by counting; the rows left over
    are paired with the most similar row of the other side (at least half their cells equal),
    the rest are missing or extra.
    """
    def leftover(rows: list[tuple[str, ...]], other: list[tuple[str, ...]]) -> list[int]:
        available = Counter(other)
        out = []
        for k, row in enumerate(rows):
            if available[row] > 0:
                available[row] -= 1
            else:
                out.append(k)
        return out

    missing, extra = leftover(expected, written), leftover(written, expected)
    pairs: list[tuple[int | None, int | None]] = []
    free = list(extra)
    window = _PAIRING_WINDOW if len(missing) <= 500 else 5  # many changed rows: compare with the nearest only
    for i in missing:
        best, score = None, 0
        for j in free[:window]:
            same = sum(a == b for a, b in zip(expected[i], written[j], strict=False))
            if same > score:
                best, score = j, same
        if best is not None and 2 * score >= len(expected[i]):
            pairs.append((i, best))
            free.remove(best)
        else:
            pairs.append((i, None))
    pairs.extend((None, j) for j in free)
    return sorted(pairs, key=lambda p: (p[1] if p[1] is not None else p[0] or 0))


#: Left-over rows are compared with at most this many candidates each (bounded time).
_PAIRING_WINDOW = 200


def _preview(cells: Iterable[str], n: int = 4) -> str:
    return ", ".join(list(cells)[:n])


def compare_workbook(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """rota.xlsx has a sheet per table whose cells equal the CSV's, and no formula anywhere
    (a formula in a rota is either an attack or an edit). A date cell equals the CSV's ISO date
    (`2027-01-04`, or `2027-01-04T08:00` for a date-time) and «ja»/«nei» its True/False.

    A workbook written for a reader (Norwegian or English sheet names, headers and coded words,
    scheduler/io/table_words.py) is checked as strictly: each sheet's language is the one its name
    is in, and every header and coded word must be that language's — one cell of another language,
    or changed, is a finding like any other."""
    rule, file = "workbook_matches_csv", "rota.xlsx"
    if folder.workbook is None:
        return []
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(folder.workbook), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is a finding
        return [_problem(rule, file, f"kan ikke åpnes som .xlsx ({type(exc).__name__}).",
                         f"cannot be opened as .xlsx ({type(exc).__name__}).")]
    out: list[Violation] = []
    try:
        for name in TABLES:
            if name not in folder.csv_text:
                continue
            lang = next((lang for lang in _LANGS if sheet_name(name, lang)[:31] in book.sheetnames), "missing")
            if lang == "missing":
                out.append(_problem(rule, file, f"arket «{name}» mangler.", f"the sheet «{name}» is missing."))
                continue
            out.extend(_compare_sheet(book[sheet_name(name, lang)[:31]], name, _csv_rows(folder.csv_text[name]), rule,
                                      lang))
    finally:
        book.close()
    return out


def _in_lang(rows: list[list[str]], lang: str | None) -> list[list[str]]:
    """The CSV's rows as a workbook for a reader of `lang` shows them: headers and coded words translated."""
    if not rows:
        return rows
    columns = rows[0]
    return [[header(t, lang) for t in columns],
            *([cell_word(columns[c], t, lang) if c < len(columns) else t for c, t in enumerate(r)] for r in rows[1:])]


def _compare_sheet(sheet, name: str, rows: list[list[str]], rule: str, lang: str | None = None) -> list[Violation]:
    header, csv_rows = (rows[0] if rows else []), rows
    rows = _in_lang(rows, lang)
    width = max((len(r) for r in rows), default=0)
    file = f"rota.xlsx, ark/sheet «{sheet.title}»"
    cells = [list(r) for r in sheet.iter_rows(max_row=2 * len(rows) + 10, max_col=width + 1)]
    expected = [tuple(_text_key(t) for t in r) + ("",) * (width + 1 - len(r)) for r in rows]
    written = [tuple(_cell_key(c) for c in r) + ("",) * (width + 1 - len(r)) for r in cells]
    while written and not any(written[-1]):
        written.pop()  # trailing empty rows are no content
    out: list[Violation] = []
    for i, j in _aligned(expected, written):
        if j is None:
            out.append(_problem(rule, file, f"mangler rad {i + 1} i {name}.csv ({_preview(rows[i])}).",
                                f"lacks row {i + 1} of {name}.csv ({_preview(rows[i])}).", row=i + 1))
            continue
        if i is None:
            out.append(_problem(rule, file, f"rad {j + 1} står ikke i {name}.csv ({_preview(written[j])}).",
                                f"row {j + 1} is not in {name}.csv ({_preview(written[j])}).", row=j + 1))
            continue
        for c, (want, got) in enumerate(zip(expected[i], written[j], strict=True)):
            value = getattr(cells[j][c], "value", None) if c < len(cells[j]) else None
            text = rows[i][c] if c < len(rows[i]) else ""
            if want == got or (isinstance(value, str) and not got.startswith("\x00") and got == text.strip()):
                continue  # equal, or text that only looks like a number (a ward "1.10")
            shown, text = text, csv_rows[i][c] if c < len(csv_rows[i]) else ""  # the CSV's own words in the message
            column = header[c] if c < len(header) else _column_letter(c)
            where = f"{_column_letter(c)}{j + 1}"
            if got.startswith("\x00formula"):
                no = f"celle {where} er en formel ({str(value)[:40]!r})."
                en = f"cell {where} is a formula ({str(value)[:40]!r})."
            elif shown != text:  # a header or coded word in the workbook's language
                no = f"celle {where} har {value!r}, men {name}.csv rad {i + 1} har {text!r} (i arket: {shown!r})."
                en = f"cell {where} holds {value!r}, but {name}.csv row {i + 1} has {text!r} (in the sheet: {shown!r})."
            else:
                no = f"celle {where} har {value!r}, men {name}.csv rad {i + 1} har {text!r} (de skal være like)."
                en = f"cell {where} holds {value!r}, but {name}.csv row {i + 1} has {text!r} (they should be equal)."
            out.append(_problem(rule, file, no, en, row=j + 1, column=column))
    return out


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- excel/*.csv -----------------------------------------------------------------------------


def compare_excel_csv(ctx: CheckContext, rota: WrittenRota, folder: OutputFolder) -> list[Violation]:
    """excel/<table>.csv says what <table>.csv says, in Excel's Norwegian form: UTF-8 with BOM,
    `;`, decimal comma, and an apostrophe before text that would start a formula."""
    rule = "excel_csv_matches_csv"
    out: list[Violation] = []
    for name, data in sorted(folder.excel.items()):
        if name not in folder.csv_text:
            continue
        file = f"excel/{name}.csv"
        if not data.startswith(b"\xef\xbb\xbf"):
            out.append(_problem(rule, file, "mangler BOM (Excel leser da æøå feil).",
                                "lacks the BOM (Excel then misreads æøå).", row=1))
        try:
            excel_rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        except (UnicodeDecodeError, csv.Error) as exc:  # csv.Error: e.g. a field over the csv module's limit
            out.append(_problem(rule, file, f"kan ikke leses ({exc}).", f"cannot be read ({exc})."))
            continue
        rows = _csv_rows(folder.csv_text[name])
        header = rows[0] if rows else []
        width = max([len(r) for r in rows + excel_rows] or [0])
        expected = [tuple(_text_key(t) for t in r) + ("",) * (width - len(r)) for r in rows]
        written = [tuple(_excel_key(t) for t in r) + ("",) * (width - len(r)) for r in excel_rows]
        for i, j in _aligned(expected, written):
            if j is None:
                out.append(_problem(rule, file, f"mangler rad {i + 1} i {name}.csv ({_preview(rows[i])}).",
                                    f"lacks row {i + 1} of {name}.csv ({_preview(rows[i])}).", row=i + 1))
                continue
            if i is None:
                out.append(_problem(rule, file, f"rad {j + 1} står ikke i {name}.csv ({_preview(excel_rows[j])}).",
                                    f"row {j + 1} is not in {name}.csv ({_preview(excel_rows[j])}).", row=j + 1))
                continue
            for c, (want, got) in enumerate(zip(expected[i], written[j], strict=True)):
                text = excel_rows[j][c] if c < len(excel_rows[j]) else ""
                canonical = rows[i][c] if c < len(rows[i]) else ""
                if want == got or (text == canonical and not got.startswith("\x00")):
                    continue  # equal, or text that only looks like a number (a ward "1,5")
                if got.startswith("\x00unsafe") and text == canonical:
                    no = f"{text!r} blir en formel i Excel (mangler apostrof foran)."
                    en = f"{text!r} becomes a formula in Excel (lacks the leading apostrophe)."
                else:
                    no = f"{text!r}, men {name}.csv rad {i + 1} har {canonical!r}."
                    en = f"{text!r}, but {name}.csv row {i + 1} has {canonical!r}."
                out.append(_problem(rule, file, no, en, row=j + 1, column=header[c] if c < len(header) else str(c + 1)))
    return out
