"""Writes the output folder of SPEC §5 and reads a written rota back (for verify and re-planning).

Files are written into a temporary sibling folder that replaces the target in one rename, so an
interrupted run never leaves half a rota behind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd

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
) -> list[Path]:
    """Write `<name>.csv` per table, summary.json, notices/*.html, calendars/*.ics, rota.xlsx."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    try:
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
        if out.exists():
            backup = out.with_name(f".{out.name}.old")
            shutil.rmtree(backup, ignore_errors=True)
            os.replace(out, backup)
            os.replace(staging, out)
            shutil.rmtree(backup, ignore_errors=True)
        else:
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(p for p in out.rglob("*") if p.is_file())


def read_rota_tables(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """assignments.csv and duties.csv as strings (ids keep their leading zeros)."""
    folder = Path(folder)
    assignments = pd.read_csv(folder / "assignments.csv", dtype=str, keep_default_na=False)
    duties = pd.read_csv(folder / "duties.csv", dtype=str, keep_default_na=False)
    return assignments, duties
