"""What building the instance derived from the turnus, kept next to the rota made from it, so a
re-plan need not derive a year again (docs/outputs.md, «instance_cache»).

A re-plan after sick leave (`solve --previous DIR`) reads the same turnus (scheduler.io.turnus_cache)
and then derived again, from 1.46 million rows on a trust-year, what only the turnus decides: the
demand per ward-slot, the staffing, everyone at work per slot, the supporters' own shifts and
absences, and the supporter-slots at work (≈ 2 s CPU). `scheduler solve` therefore writes those
tables next to the rota (`instance_cache.bin`, one Parquet table after another, and
`instance_cache.json`, their offsets and SHA-256) under a key: the SHA-256 of the turnus cache's
key (the turnus files, codes, staff register, reader code), the wards, the rules, which supporters
there are, the builder's own source code and the pandas and pyarrow versions. Who is available —
sick leave, training, release — is worked out again every time from the supporters as read now.
Another key, a table whose SHA-256 is not the one written, a file that cannot be read: the tables
are derived as always. Nothing in it is not in the turnus files (ids, wards, professions, times).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scheduler.domain import Rules, Ward
from scheduler.io.input_limits import read_bounded

__all__ = ["CACHE_DATA", "CACHE_INDEX", "TABLES", "InstanceParts", "parts_key", "cached_parts", "parts_files", "canonical"]

CACHE_DATA = "instance_cache.bin"
CACHE_INDEX = "instance_cache.json"
#: The tables kept: each is what scheduler.model.demand derives from the turnus alone.
TABLES = ("demand", "staffing", "attendance", "shifts", "presence", "absent")
_FORMAT = 1
_BUILDER = Path(__file__).resolve().parents[1] / "model" / "demand.py"


def canonical(value: object) -> object:
    """`value` with every set sorted: a set's order differs from one process to the next (string
    hashing), so a key written by one run must not depend on it."""
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, default=str))
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    return value


@dataclass(frozen=True)
class InstanceParts:
    """The tables under their key; `data`/`index` are the files as read, when reused."""

    key: str
    tables: Mapping[str, pd.DataFrame]
    files: dict[str, bytes] = field(default_factory=dict)


def parts_key(turnus_key: str, wards: Mapping[str, Ward], rules: Rules, supporters: Iterable[str]) -> str:
    """The SHA-256 of everything the kept tables depend on (the turnus through its cache key)."""
    import pyarrow

    described = {
        "format": _FORMAT, "turnus": turnus_key, "pandas": pd.__version__, "pyarrow": pyarrow.__version__,
        "builder": hashlib.sha256(_BUILDER.read_bytes()).hexdigest() if _BUILDER.is_file() else "",
        "wards": {k: canonical(v.model_dump(mode="python")) for k, v in sorted(wards.items())},
        "rules": canonical(rules.model_dump(mode="python")), "supporters": sorted(supporters),
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def cached_parts(folder: Path | None, key: str) -> InstanceParts | None:
    """The tables kept in a rota folder — only under `key` and with each table's SHA-256 as written;
    None otherwise (then they are derived from the turnus)."""
    if folder is None:
        return None
    index, data = read_bounded(Path(folder) / CACHE_INDEX), read_bounded(Path(folder) / CACHE_DATA)
    if index is None or data is None:
        return None
    try:
        meta = json.loads(index.decode("utf-8"))
        if meta.get("format") != _FORMAT or meta.get("key") != key or set(meta.get("tables", {})) != set(TABLES):
            return None
        tables = {}
        for name, (start, length, digest) in meta["tables"].items():
            part = data[int(start):int(start) + int(length)]
            if hashlib.sha256(part).hexdigest() != digest:
                return None
            tables[name] = pd.read_parquet(io.BytesIO(part))
    except Exception:  # noqa: BLE001 - a cache that cannot be read is only a cache: derive the tables instead
        return None
    return InstanceParts(key, tables, {CACHE_INDEX: index, CACHE_DATA: data})


def parts_files(parts: InstanceParts | None) -> dict[str, bytes]:
    """The two files for the rota folder (those read, when the tables were reused)."""
    if parts is None:
        return {}
    if parts.files:
        return dict(parts.files)
    data, entries = io.BytesIO(), {}
    for name in TABLES:
        buffer = io.BytesIO()
        parts.tables[name].to_parquet(buffer, index=False, compression="lz4")
        blob = buffer.getvalue()
        entries[name] = [data.tell(), len(blob), hashlib.sha256(blob).hexdigest()]
        data.write(blob)
    index = {"format": _FORMAT, "key": parts.key, "tables": entries,
             "note": "What building the instance derived from the turnus; used only while its key is unchanged."}
    return {CACHE_DATA: data.getvalue(), CACHE_INDEX: json.dumps(index).encode("utf-8")}
