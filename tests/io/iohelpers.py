"""Helpers for the reader tests: sources from text and small workbooks written on the fly.

(Not a package: a `tests/io/__init__.py` would shadow the standard library's `io`.)
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from scheduler.io import DEFAULT_SHIFT_CODES, Source, read_turnus


def src(name: str, text: str | bytes, encoding: str = "utf-8", **kw: object) -> Source:
    data = text if isinstance(text, bytes) else text.encode(encoding)
    return Source(name=name, data=data, **kw)  # type: ignore[arg-type]


def xlsx(rows: Sequence[Sequence[object]], sheet: str = "Ark1", extra_sheet_first: bool = False) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    if extra_sheet_first:
        wb.add_worksheet("Forside").write(0, 0, "ingenting her")
    ws = wb.add_worksheet(sheet)
    date_fmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    time_fmt = wb.add_format({"num_format": "hh:mm"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                ws.write_datetime(r, c, value, date_fmt)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
            elif isinstance(value, dt.time):
                ws.write_datetime(r, c, value, time_fmt)
            elif value is not None:
                ws.write(r, c, value)
    wb.close()
    return buf.getvalue()


def turnus(*sources: Source, **kw: object):
    return read_turnus(list(sources), DEFAULT_SHIFT_CODES, **kw)  # type: ignore[arg-type]
