"""A published rota read back from its output folder, for planning around it (`--rota DIR`).

Outreach contacts are duties too, so the rota's duties count against every limit, and the
rota's fair-share base (`fairness.needed_hours` in summary.json) is the base the contacts' load
is measured against (docs/outreach.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scheduler.domain import Instance
from scheduler.errors import Message, Severity
from scheduler.io.input_limits import MAX_SMALL_FILE_BYTES
from scheduler.io.outputs import read_previous_duties

__all__ = ["PublishedRota", "read_published_rota", "rota_pairs"]


@dataclass(frozen=True)
class PublishedRota:
    """duties.csv of a rota (supporter_id, date, slot as text) and its fair-share base, when written."""

    folder: str
    duties: pd.DataFrame
    needed_hours: float | None
    messages: tuple[Message, ...] = ()


def read_published_rota(folder: Path) -> PublishedRota:
    """The rota in `folder` (written by `scheduler solve`). A folder without duties.csv, or with one
    that cannot be read, is an InputError (from :func:`read_previous_duties`); a missing or
    unreadable summary.json only loses the fair-share base, with a warning."""
    folder = Path(folder)
    duties = read_previous_duties(folder)
    needed: float | None = None
    messages: list[Message] = []
    path = folder / "summary.json"
    try:
        if path.is_file() and path.stat().st_size <= MAX_SMALL_FILE_BYTES:
            value = json.loads(path.read_text(encoding="utf-8")).get("fairness", {}).get("needed_hours")
            if isinstance(value, int | float) and value >= 0:
                needed = float(value)
    except (OSError, ValueError, AttributeError):
        needed = None
    if needed is None:
        messages.append(Message(severity=Severity.WARNING, file=str(path),
                                text_no="Vaktplanen har ingen summary.json med fairness.needed_hours; den rettferdige "
                                        "andelen regnes fra vaktplanens egne timer.",
                                text_en="The rota has no summary.json with fairness.needed_hours; the fair share is "
                                        "measured against the rota's own hours."))
    return PublishedRota(str(folder), duties, needed, tuple(messages))


def rota_pairs(instance: Instance, duties: pd.DataFrame) -> tuple[list[tuple[str, int]], int]:
    """The rota's duties as (supporter, slot index) within the instance's period, and how many
    were left out (outside the period, an unknown slot, or someone who is not a supporter now)."""
    out: list[tuple[str, int]] = []
    left = 0
    for sid, date, slot in duties[["supporter_id", "date", "slot"]].astype(str).itertuples(index=False):
        try:
            t = instance.slot_index(pd.Timestamp(date).date(), slot)
        except ValueError:
            t = None
        if t is None or sid not in instance.supporters:
            left += 1
            continue
        out.append((sid, t))
    return sorted(set(out)), left
