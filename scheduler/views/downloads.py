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

__all__ = ["csv_bytes", "excel_csv_bytes", "zip_bytes"]

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
