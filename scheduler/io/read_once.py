"""Each input file read once by its content: the parts of a reading and the keys they are kept under.

In the app, adding a supporters list to a trust-year's turnus read every file again (24–32 s at L,
issue 25). :func:`scheduler.io.load_inputs` therefore reads through a :class:`Parts` store when it is
given one: every role (turnus, supporters, wards, shift_codes, rules, staff, pins) under a key of
all its reading depends on. For a single file that is its name, ward, sheet and bytes; the turnus
also depends on the shift codes, the staff register, the ward each file is read as (from the ward
list or the file name) and the rules' `night_shift_date` — exactly the key of the turnus cache kept
next to a rota (:func:`scheduler.io.turnus_cache.turnus_key`). A role whose key is unchanged is not
read again; a changed one is read and replaces what was kept. The store (the app keeps one per
session, app_state/read_once.py) holds what reading gave; the reports are copied out, because
loading adds the checks that need more than one file to them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from scheduler.io.types import ReadingReport, Source

__all__ = ["Parts", "source_key", "read_part"]

T = TypeVar("T")


class Parts(Protocol):
    """Where a reading's parts are kept: one entry per role; `get` gives None unless the key is the one kept."""

    def get(self, role: str, key: str) -> Any | None: ...

    def put(self, role: str, key: str, value: Any) -> None: ...


def source_key(src: Source) -> str:
    """The SHA-256 of what reading one file depends on: its name, ward, sheet and the bytes read
    (not `checksum`: a header renamed by hand changes the bytes, not the upload's fingerprint)."""
    digest = hashlib.sha256(src.data)
    for part in (src.name, src.ward or "", src.sheet or ""):
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _copied(value: Any) -> Any:
    """The reading with fresh copies of its reports (a report, or a list of them) and containers."""
    if isinstance(value, ReadingReport):
        return value.model_copy(deep=True)
    if isinstance(value, list) and all(isinstance(v, ReadingReport) for v in value):
        return [v.model_copy(deep=True) for v in value]
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def read_part(parts: Parts | None, role: str, key: Callable[[], str], read: Callable[[], tuple[Any, ...]]) -> tuple[Any, ...]:
    """`read()` once per `key` of `role`: from `parts` when it holds that key, else read and kept.

    What is given out is a copy of the reports and containers, so what loading adds to them
    (cross-file checks) never reaches the kept reading."""
    if parts is None:
        return read()
    the_key = f"{role}:{key()}"
    kept = parts.get(role, the_key)
    if kept is None:
        kept = read()
        parts.put(role, the_key, tuple(_copied(v) for v in kept))
    return tuple(_copied(v) for v in kept)
