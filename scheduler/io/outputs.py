"""Writes the output folder (docs/outputs.md) and reads a written rota back (for verify and re-planning).

Where the folder goes and what may be replaced is decided by :mod:`scheduler.io.out_folder`:
never a folder this program did not write.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from scheduler.io.out_folder import write_folder_safely

__all__ = ["write_output_folder", "read_rota_tables", "safe_filename", "atomic_write_bytes"]


def safe_filename(text: str) -> str:
    """A file name from a ward or person id (keeps letters incl. æøå, digits, dash, underscore)."""
    cleaned = re.sub(r"[^\w\-]+", "_", text, flags=re.UNICODE).strip("_")
    return cleaned or "x"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output_folder(
    out: Path,
    tables: dict[str, pd.DataFrame],
    summary: dict,
    notices: dict[str, str],
    calendars: dict[str, bytes],
    workbook: bytes | None = None,
) -> Path:
    """Write `<name>.csv` per table, summary.json, notices/*.html, calendars/*.ics, rota.xlsx.

    Returns the folder written: `out`, or a time-stamped sibling when `out` filled up with the
    user's own files while the solver ran.
    """

    def fill(staging: Path) -> None:
        for name, frame in tables.items():
            frame.to_csv(staging / f"{name}.csv", index=False, encoding="utf-8")
        (staging / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        (staging / "notices").mkdir()
        for ward, text in notices.items():
            (staging / "notices" / f"{safe_filename(ward)}.html").write_text(text, encoding="utf-8")
        (staging / "calendars").mkdir()
        for sid, data in calendars.items():
            (staging / "calendars" / f"{safe_filename(sid)}.ics").write_bytes(data)
        if workbook is not None:
            (staging / "rota.xlsx").write_bytes(workbook)

    return write_folder_safely(Path(out), fill)


def read_rota_tables(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """assignments.csv and duties.csv as strings (ids keep their leading zeros)."""
    folder = Path(folder)
    assignments = pd.read_csv(folder / "assignments.csv", dtype=str, keep_default_na=False)
    duties = pd.read_csv(folder / "duties.csv", dtype=str, keep_default_na=False)
    return assignments, duties
