"""Every CSV reader the project ships reads ids as text (docs/outputs.md, «Ids keep their leading zeros»).

pandas guesses types: `0674` becomes 674 and an id column with a blank becomes float (`91313.0`).
Every `pd.read_csv` in scheduler/ and app_state/ therefore passes `dtype=str` (or `object`, for
the raw grid the input readers clean themselves)."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def _read_csv_calls():
    for folder in ("scheduler", "app_state", "app_pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "read_csv":
                    yield path.relative_to(ROOT), node


def test_every_read_csv_reads_text() -> None:
    calls = list(_read_csv_calls())
    assert len(calls) >= 5
    loose = []
    for path, node in calls:
        dtype = next((k.value for k in node.keywords if k.arg == "dtype"), None)
        if not (isinstance(dtype, ast.Name) and dtype.id in ("str", "object")):
            loose.append(f"{path}:{node.lineno}")
    assert loose == [], "read_csv without dtype=str: " + ", ".join(loose)


def test_ids_with_a_leading_zero_and_a_blank_stay_text_as_documented(tmp_path) -> None:
    (tmp_path / "assignments.csv").write_text("date,ward,supporter_id\n2027-01-04,0674,\n2027-01-04,10,91313\n",
                                              encoding="utf-8")
    guessed = pd.read_csv(tmp_path / "assignments.csv")
    assert guessed["ward"].tolist() == [674, 10] and guessed["supporter_id"].tolist()[1] == 91313.0
    read = pd.read_csv(tmp_path / "assignments.csv", dtype=str, keep_default_na=False)  # as docs/outputs.md says
    assert read["ward"].tolist() == ["0674", "10"] and read["supporter_id"].tolist() == ["", "91313"]
