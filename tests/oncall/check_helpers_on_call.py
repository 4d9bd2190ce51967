"""Reading on_call.csv in tests, as text (ids keep their zeros)."""

from __future__ import annotations

import csv
from pathlib import Path


def on_call_rows(folder: Path) -> list[dict[str, str]]:
    with open(folder / "on_call.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
