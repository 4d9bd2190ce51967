"""The turnus as read, kept next to the rota made from it, so a re-plan need not read a year again.

Reading a trust-year's turnus (1.46 million rows) costs seconds; a re-plan (`solve --previous DIR`)
after a sick week reads the very same file. `scheduler solve` therefore writes, next to the rota,
what reading gave: the table (`turnus_cache.parquet`) and the employees and reading reports
(`turnus_cache.json`), under a key — the SHA-256 of everything the reading depends on: each turnus
file's bytes, name, ward and sheet, the shift codes, the staff register, `night_shift_date`, the
reader's own source code and the versions of pandas and pyarrow. A re-plan whose turnus files give
the same key takes the table from the cache; anything else — another key, a table whose SHA-256
is not the one written, a file that cannot be read — and the files are read as always
(docs/outputs.md, «turnus_cache»). The reports are those reading wrote, so every message and
reading_report.json stay as they were.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from scheduler.domain import TURNUS_COLUMNS, Employee, ShiftCode
from scheduler.io.input_limits import read_bounded
from scheduler.io.types import ReadingReport, Source

__all__ = ["CACHE_TABLE", "CACHE_INDEX", "TurnusCache", "turnus_key", "cached_turnus", "remember", "cache_files"]

CACHE_TABLE = "turnus_cache.parquet"
CACHE_INDEX = "turnus_cache.json"
_FORMAT = 1


@dataclass(frozen=True)
class TurnusCache:
    """What reading the turnus gave, under its key; `table` is the parquet file when it was reused."""

    key: str
    frame: pd.DataFrame
    employees: tuple[dict, ...]
    reports: tuple[dict, ...]
    table: bytes | None = None


@lru_cache(maxsize=1)
def _reader_fingerprint() -> str:
    """The reader's own code (scheduler/io, scheduler/domain) and the libraries that shape the table."""
    import pyarrow

    digest = hashlib.sha256(f"{_FORMAT} pandas {pd.__version__} pyarrow {pyarrow.__version__}".encode())
    package = Path(__file__).resolve().parents[1]
    for folder in ("io", "domain"):
        for path in sorted((package / folder).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def turnus_key(sources: Sequence[Source], codes: Mapping[str, ShiftCode], staff: Mapping[str, Employee] | None,
               night_shift_date: str, year_hint: int | None = None, *, digests: Mapping[int, str] | None = None) -> str:
    """The SHA-256 of everything reading these turnus files depends on (`digests`: the SHA-256 of
    sources' bytes already computed, by `id` of the bytes)."""
    known = digests or {}
    described = {
        "reader": _reader_fingerprint(),
        "files": [[s.name, s.ward, s.sheet, known.get(id(s.data)) or hashlib.sha256(s.data).hexdigest()]
                  for s in sources],
        "codes": {k: v.model_dump(mode="json") for k, v in sorted(codes.items())},
        "staff": None if staff is None else {k: v.model_dump(mode="json") for k, v in sorted(staff.items())},
        "night_shift_date": night_shift_date, "year_hint": year_hint,
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def cached_turnus(folder: Path | None, key: str) -> tuple[pd.DataFrame, dict[str, Employee], list[ReadingReport],
                                                         TurnusCache] | None:
    """The turnus read before, from a rota folder's cache — only when its key is `key` and its table is
    the one the index names (SHA-256); None otherwise, and then the files are to be read."""
    if folder is None:
        return None
    index, table = read_bounded(Path(folder) / CACHE_INDEX), read_bounded(Path(folder) / CACHE_TABLE)
    if index is None or table is None:
        return None
    try:
        meta = json.loads(index.decode("utf-8"))
        if meta.get("format") != _FORMAT or meta.get("key") != key or \
                meta.get("table_sha256") != hashlib.sha256(table).hexdigest():
            return None
        frame = pd.read_parquet(io.BytesIO(table))
        if list(frame.columns) != list(TURNUS_COLUMNS):
            return None
        employees = {e["employee_id"]: Employee.model_validate(e) for e in meta["employees"]}
        reports = [ReadingReport.model_validate(r) for r in meta["reports"]]
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        return None
    except Exception:  # noqa: BLE001 - a cache that cannot be read is only a cache: read the files instead
        return None
    cache = TurnusCache(key, frame, tuple(meta["employees"]), tuple(meta["reports"]), table)
    return frame, employees, reports, cache


def remember(key: str, frame: pd.DataFrame, employees: Mapping[str, Employee],
             reports: Sequence[ReadingReport]) -> TurnusCache:
    """What reading gave, taken as it is now (later checks add messages to the reports; those are not the reading's)."""
    return TurnusCache(key, frame, tuple(e.model_dump(mode="json") for e in employees.values()),
                       tuple(r.model_dump(mode="json") for r in reports))


def cache_files(cache: TurnusCache) -> dict[str, bytes]:
    """The two files of the cache, for the rota folder."""
    table = cache.table
    if table is None:
        buffer = io.BytesIO()
        cache.frame.to_parquet(buffer, index=False, compression="lz4")
        table = buffer.getvalue()
    index = {"format": _FORMAT, "key": cache.key, "table_sha256": hashlib.sha256(table).hexdigest(),
             "note": "What reading the turnus gave; used only while every input it depends on is unchanged.",
             "employees": list(cache.employees), "reports": list(cache.reports)}
    return {CACHE_TABLE: table, CACHE_INDEX: json.dumps(index, ensure_ascii=False, default=str).encode("utf-8")}
