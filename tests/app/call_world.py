"""A store with the sample's rota published (`scheduler solve` + `scheduler publish`, ~20 s; made once
per test run by the `sample_store` fixture, tests/conftest.py), for the call page's tests (issue 25); and a second publication of the same rota
whose names all start with «Ny », to see which one a page shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2027-01-13"
RENAMED = "Ny "


def published_store(folder: Path) -> Path:
    """The bundled sample planned and published into `folder`/store.sqlite3 (publication 1)."""
    exe = Path(sys.executable).parent / "scheduler"
    out = folder / "out"
    subprocess.run([str(exe), "solve", "data/turnus.csv", "--supporters", "data/supporters.csv", "--wards",
                    "data/wards.csv", "--rules", "data/rules.toml", "--out", str(out), "--time-limit", "10"],
                   cwd=ROOT, check=True, capture_output=True, timeout=300)
    store = folder / "store.sqlite3"
    subprocess.run([str(exe), "publish", "--store", str(store), str(out)], cwd=ROOT, check=True, capture_output=True,
                   timeout=300)
    return store


def publish_renamed(store: Path) -> int:
    """Publish publication 1 again with every person's name starting with «Ny » (same wards and dates:
    it replaces the first); returns its id."""
    from scheduler.store.publications import PublicationStore

    kept = PublicationStore(store)
    first = kept.load(1)
    tables: dict[str, pd.DataFrame] = {}
    for name, frame in first.tables.items():
        frame = frame.copy()
        if "name" in frame.columns and name in ("duties", "people", "burden"):
            frame["name"] = RENAMED + frame["name"].astype(str)
        tables[name] = frame
    return kept.publish(tables, first.summary, first.rules_json, first.checksums, actor="lokal")
