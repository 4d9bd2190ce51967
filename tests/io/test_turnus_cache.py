"""The turnus cache next to a rota (scheduler/io/turnus_cache.py): used only while nothing the reading
depends on has changed, and then the same table, employees and reading reports as reading the files."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from scheduler.cli.main import main
from scheduler.io import load_paths
from scheduler.io.turnus_cache import CACHE_INDEX, CACHE_TABLE, cache_files

DATA = Path(__file__).resolve().parents[2] / "data"
MESSY = sorted((DATA / "messy").glob("turnus_*"))


def _load(turnus: list[Path], **kw):
    return load_paths(turnus, DATA / "supporters.csv", wards_path=DATA / "wards.csv", rules_path=DATA / "rules.toml", **kw)


def _folder(tmp_path: Path, turnus: list[Path]) -> Path:
    kept = _load(turnus, keep_cache=True).turnus_cache
    assert kept is not None and kept.table is None
    folder = tmp_path / "rota"
    folder.mkdir()
    for name, data in cache_files(kept).items():
        (folder / name).write_bytes(data)
    return folder


def test_an_unchanged_turnus_comes_from_the_cache_as_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path, MESSY)  # long CSV in cp1252, a wide .xlsx, wards from file names: messages and all
    read, cached = _load(MESSY), _load(MESSY, cache_from=folder, keep_cache=True)
    assert cached.turnus_cache is not None and cached.turnus_cache.table == (folder / CACHE_TABLE).read_bytes()
    pd.testing.assert_frame_equal(read.turnus, cached.turnus, check_exact=True)
    assert read.employees == cached.employees and read.checksums == cached.checksums
    assert [r.model_dump() for r in read.reports] == [r.model_dump() for r in cached.reports]
    assert any(r.messages for r in cached.reports if r.kind == "turnus")


def test_a_changed_file_or_a_changed_table_is_read_again(tmp_path: Path) -> None:
    folder = _folder(tmp_path, [DATA / "turnus.csv"])
    changed = tmp_path / "turnus.csv"
    changed.write_bytes((DATA / "turnus.csv").read_bytes().replace(b",D,", b",A,", 1))
    assert _load([changed], cache_from=folder, keep_cache=True).turnus_cache.table is None  # another key
    table = (folder / CACHE_TABLE).read_bytes()
    (folder / CACHE_TABLE).write_bytes(table[:-1] + bytes([table[-1] ^ 1]))  # the index's SHA-256 no longer holds
    assert _load([DATA / "turnus.csv"], cache_from=folder, keep_cache=True).turnus_cache.table is None
    (folder / CACHE_TABLE).write_bytes(table)
    index = json.loads((folder / CACHE_INDEX).read_text(encoding="utf-8"))
    (folder / CACHE_INDEX).write_text(json.dumps({**index, "key": "0" * 64}), encoding="utf-8")
    assert _load([DATA / "turnus.csv"], cache_from=folder, keep_cache=True).turnus_cache.table is None
    (folder / CACHE_INDEX).write_text("{not json", encoding="utf-8")
    read = _load([DATA / "turnus.csv"], cache_from=folder, keep_cache=True)
    assert read.turnus_cache.table is None and len(read.turnus)


def test_a_replan_reads_the_turnus_from_the_previous_rota(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    turnus, supporters = tmp_path / "turnus.csv", tmp_path / "supporters.csv"
    turnus.write_text("employee_id,date,shift_code,ward\n" + "".join(
        f"{e},2027-01-0{d},D,{e[0].upper()}\n" for d in (4, 5) for e in ("a1", "a2", "b1", "b2")), encoding="utf-8")
    supporters.write_text("employee_id\na1\nb1\n", encoding="utf-8")
    inputs = [str(turnus), "--supporters", str(supporters), "--time-limit", "2", "--quiet", "--no-limit-analysis"]
    assert main(["solve", *inputs, "--out", str(tmp_path / "first")]) == 0
    assert json.loads((tmp_path / "first" / "summary.json").read_text(encoding="utf-8"))["turnus_cache"] == "written"
    assert main(["solve", *inputs, "--previous", str(tmp_path / "first"), "--out", str(tmp_path / "again")]) == 0
    summary = json.loads((tmp_path / "again" / "summary.json").read_text(encoding="utf-8"))
    assert summary["turnus_cache"] == "reused"
    assert (tmp_path / "again" / "reading_report.json").read_bytes() == (tmp_path / "first" / "reading_report.json").read_bytes()
    assert main(["verify", str(tmp_path / "again")]) == 0
    capsys.readouterr()
