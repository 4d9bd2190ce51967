"""Building messages in one place, so every reader words and limits problems the same way."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from scheduler.errors import Message, Severity
from scheduler.io.types import ReadingReport

__all__ = ["MAX_ROW_MESSAGES", "add", "error", "warning", "info", "capped"]

#: Row-level messages kept per report; the rest are counted in one summary message, so a
#: broken million-row file still gives a readable report.
MAX_ROW_MESSAGES = 500

T = TypeVar("T")


def add(report: ReadingReport, severity: Severity, text_no: str, text_en: str, *,
        row: int | None = None, column: str | None = None, fix_no: str = "", fix_en: str = "",
        raw: str = "") -> None:
    report.messages.append(Message(severity=severity, file=report.file, row=row, column=column,
                                   text_no=text_no, text_en=text_en, fix_no=fix_no, fix_en=fix_en,
                                   raw=raw))


def error(report: ReadingReport, text_no: str, text_en: str, **kw: object) -> None:
    add(report, Severity.ERROR, text_no, text_en, **kw)  # type: ignore[arg-type]


def warning(report: ReadingReport, text_no: str, text_en: str, **kw: object) -> None:
    add(report, Severity.WARNING, text_no, text_en, **kw)  # type: ignore[arg-type]


def info(report: ReadingReport, text_no: str, text_en: str, **kw: object) -> None:
    add(report, Severity.INFO, text_no, text_en, **kw)  # type: ignore[arg-type]


def capped(report: ReadingReport, items: Iterable[T], total: int, what_no: str, what_en: str) -> Iterator[T]:
    """Yield items while the report has room for row messages; summarise the rest in one message."""
    room = max(0, MAX_ROW_MESSAGES - sum(1 for m in report.messages if m.row is not None))
    shown = 0
    for item in items:
        if shown >= room:
            break
        shown += 1
        yield item
    if total > shown:
        warning(report, f"{total - shown} flere rader med samme problem vises ikke: {what_no}",
                f"{total - shown} more rows with the same problem not shown: {what_en}",
                fix_no="Rett de første og les filen på nytt.", fix_en="Fix the first ones and read the file again.")
