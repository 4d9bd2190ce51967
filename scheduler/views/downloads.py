"""Bytes for downloads: the canonical CSV, a CSV Norwegian Excel opens as columns, and zip files.

The canonical CSV (UTF-8, comma, decimal point; docs/outputs.md) is what other programs and the
checker read. Norwegian Excel opens a plain CSV as one column with garbled æøå: it wants a
semicolon, a byte-order mark and a decimal comma — :func:`excel_csv_bytes` writes that, and
neutralises cells that Excel would run as formulas.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import pandas as pd

from scheduler.io.outputs import excel_csv_bytes

__all__ = ["csv_bytes", "excel_csv_bytes", "readable_table", "zip_bytes"]


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The canonical CSV: UTF-8 without BOM, comma-separated, decimal point."""
    return frame.to_csv(index=False).encode("utf-8")


def zip_bytes(members: Mapping[str, bytes | str]) -> bytes:
    """A zip archive of `name -> content` (text is written as UTF-8)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    return buffer.getvalue()


def readable_table(frame: pd.DataFrame, headers: Mapping[str, str], words: Mapping[str, str], *,
                   day_first: bool) -> pd.DataFrame:
    """A table as a person opens it in a spreadsheet: headers and coded words (`primary`, `True`) in
    their language, dates as they write them (`13.01.2027`, `13.01.2027 15:30` with `day_first`).

    The canonical CSV stays as docs/outputs.md says, for other programs; this one is for people.
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if column == "date":
            dates = pd.to_datetime(values, errors="coerce")
            out[column] = [d.strftime("%d.%m.%Y" if day_first else "%Y-%m-%d") if pd.notna(d) else v
                           for d, v in zip(dates, values, strict=True)]
        elif column in ("start", "end"):
            times = pd.to_datetime(values.astype(str).str.slice(0, 19), errors="coerce")
            out[column] = [d.strftime("%d.%m.%Y %H:%M" if day_first else "%Y-%m-%d %H:%M") if pd.notna(d) else v
                           for d, v in zip(times, values, strict=True)]
        elif values.dtype == bool or str(values.dtype) in ("str", "object", "string"):
            out[column] = [words.get(str(v), v) if isinstance(v, str | bool) else v for v in values]
    return out.rename(columns={c: headers.get(c, c) for c in out.columns})
