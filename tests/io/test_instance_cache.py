"""The instance cache next to a rota (scheduler.io.instance_cache): a re-plan takes the turnus's own
tables from it only under its key and with every table as written; who is available is worked out
again from the supporters as read now, so sick leave shows. Nothing is lost when it is missing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import days, make_inputs

from scheduler.domain import Rules, Supporter
from scheduler.io.instance_cache import CACHE_DATA, cached_parts, parts_files
from scheduler.io.turnus_cache import remember
from scheduler.model.demand import build_instance

WARDS = "ABC"


def _inputs(sick: dt.date | None = None, rules: Rules | None = None):
    rows = [(f"{w.lower()}{i}", w, d, code) for d in days(14) for w in WARDS for i, code in ((1, "D"), (2, "N"), (3, "KS"))]
    supporters = [Supporter(employee_id=f"{w.lower()}{i}", unavailable=frozenset({sick}) if sick and w == "A" else frozenset())
                  for w in WARDS for i in (1, 2)]
    inputs = make_inputs(rows, supporters, rules=rules)
    inputs.turnus_cache = remember("turnus-key", inputs.turnus, inputs.employees, [])  # as read by the command line
    return inputs


def _same(a, b) -> None:
    for name in ("demand", "availability", "blocked", "staffing", "attendance", "shifts"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.absent == b.absent


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A rota folder's cache, as `scheduler solve` writes it."""
    inputs = _inputs()
    build_instance(inputs)
    assert inputs.instance_parts is not None and not inputs.instance_parts.files
    for name, data in parts_files(inputs.instance_parts).items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_a_sick_day_takes_the_turnus_tables_from_the_cache(folder: Path) -> None:
    """Sick leave changes supporters.csv, not the turnus: the tables come from the cache, the
    availability is this run's (the sick day blocked) — all equal to building without it."""
    sick = days(14)[3]
    inputs = _inputs(sick)
    cached = build_instance(inputs, cache_from=folder)
    assert inputs.instance_parts.files  # reused: written back as it was read
    _same(cached, build_instance(_inputs(sick)))
    assert (cached.blocked["reason"] == "unavailable").any()


def test_a_stale_or_damaged_cache_is_not_used(folder: Path) -> None:
    """Other rules (another key) or a table whose SHA-256 is not the one written: derived again."""
    inputs = _inputs(rules=Rules(max_duties_per_week=2))
    _same(build_instance(inputs, cache_from=folder), build_instance(_inputs(rules=Rules(max_duties_per_week=2))))
    assert not inputs.instance_parts.files
    data = bytearray((folder / CACHE_DATA).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / CACHE_DATA).write_bytes(bytes(data))
    inputs = _inputs()
    assert cached_parts(folder, "another key") is None
    build_instance(inputs, cache_from=folder)
    assert not inputs.instance_parts.files
    assert cached_parts(None, "x") is None


def test_without_a_turnus_key_nothing_is_kept(tmp_path: Path) -> None:
    inputs = make_inputs([("a1", "A", days(1)[0], "D")], ["b1"])
    build_instance(inputs, cache_from=tmp_path)
    assert inputs.instance_parts is None


def test_the_command_line_keeps_it_and_a_sick_day_replan_reuses_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`solve` writes the cache (and the fair shares' base) next to the rota; `solve --previous`
    after a sick day takes the tables from it, and `verify` passes the re-plan."""
    from scheduler.cli.main import main

    turnus, supporters = tmp_path / "turnus.csv", tmp_path / "supporters.csv"
    turnus.write_text("employee_id,date,shift_code,ward\n" + "".join(
        f"{e},2027-01-0{d},D,{e[0].upper()}\n" for d in (4, 5, 6) for e in ("a1", "a2", "b1", "b2", "c1", "c2")),
        encoding="utf-8")
    supporters.write_text("employee_id,unavailable\na1,\nb1,\nc1,\n", encoding="utf-8")
    inputs = [str(turnus), "--supporters", str(supporters), "--time-limit", "2", "--quiet", "--no-limit-analysis"]
    assert main(["solve", *inputs, "--out", str(tmp_path / "first")]) == 0
    first = json.loads((tmp_path / "first" / "summary.json").read_text(encoding="utf-8"))
    assert first["instance_cache"] == "written" and (tmp_path / "first" / "replan_basis.json").is_file()
    supporters.write_text("employee_id,unavailable\na1,2027-01-05\nb1,\nc1,\n", encoding="utf-8")
    assert main(["solve", *inputs, "--previous", str(tmp_path / "first"), "--out", str(tmp_path / "again")]) == 0
    summary = json.loads((tmp_path / "again" / "summary.json").read_text(encoding="utf-8"))
    assert summary["instance_cache"] == "reused"
    # read in another process than it was written: the published base is kept (scheduler.solve.replan_shares)
    assert summary["model"]["shares_from_previous"] == 1
    assert summary["fairness"]["needed_hours"] == first["fairness"]["needed_hours"]
    assert main(["verify", str(tmp_path / "again")]) == 0
    capsys.readouterr()
