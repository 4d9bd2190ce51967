"""Tiny named worlds for tests: a few wards, a few people, a few days, built in one call."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pandas as pd
import pytest
from store_backends import postgres_server, where  # noqa: F401 - fixtures: the store on SQLite and on PostgreSQL

from scheduler.domain import Employee, Rules, ShiftKind, Supporter, Ward
from scheduler.io.types import Inputs

#: code -> (kind, start minute, end minute relative to the shift date)
CODES: dict[str, tuple[str, int | None, int | None]] = {
    "D": ("work", 7 * 60 + 30, 15 * 60 + 30),
    "A": ("work", 15 * 60, 22 * 60 + 30),
    "N": ("work", 22 * 60 + 15, 24 * 60 + 7 * 60 + 45),
    "KS": ("support", 8 * 60, 15 * 60 + 30),
    "F": ("off", None, None),
    "FE": ("absence", None, None),
}

MONDAY = dt.date(2027, 1, 4)


def turnus_frame(rows: Iterable[tuple[str, str, dt.date, str]], professions: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Rows of (employee_id, ward, date, code) as the readers would return them."""
    records = []
    for i, (eid, ward, date, code) in enumerate(rows, start=2):
        kind, start, end = CODES[code]
        records.append(
            {
                "employee_id": eid,
                "date": pd.Timestamp(date),
                "shift_code": code,
                "kind": kind,
                "start_min": start,
                "end_min": end,
                "ward": ward,
                "name": f"Person {eid}",
                "profession": (professions or {}).get(eid, "sykepleier"),
                "source": "test.csv",
                "row": i,
            }
        )
    frame = pd.DataFrame.from_records(records)
    frame["start_min"] = frame["start_min"].astype("Int64")
    frame["end_min"] = frame["end_min"].astype("Int64")
    frame["date"] = frame["date"].astype("datetime64[us]")
    return frame


def make_inputs(
    rows: Iterable[tuple[str, str, dt.date, str]],
    supporters: Iterable[Supporter | str],
    *,
    wards: Iterable[Ward] = (),
    rules: Rules | None = None,
    professions: Mapping[str, str] | None = None,
) -> Inputs:
    turnus = turnus_frame(rows, professions)
    employees = {}
    for eid, group in turnus.groupby("employee_id"):
        ward = group["ward"].value_counts().sort_index().idxmax()
        employees[eid] = Employee(employee_id=eid, name=f"Person {eid}", ward=ward,
                                  profession=(professions or {}).get(eid, "sykepleier"))
    sup = {}
    for s in supporters:
        s = s if isinstance(s, Supporter) else Supporter(employee_id=s)
        sup[s.employee_id] = s
    return Inputs(
        turnus=turnus,
        employees=employees,
        supporters=sup,
        wards={w.ward_id: w for w in wards},
        rules=rules or Rules(),
    )


def days(n: int, start: dt.date = MONDAY) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(n)]


@pytest.fixture
def three_wards_two_days() -> Inputs:
    """Wards A, B, C with day staff on two days; supporters a1 (A), b1 (B), c1 (C) on day shifts."""
    rows = []
    for date in days(2):
        for ward in "ABC":
            rows.append((f"{ward.lower()}1", ward, date, "D"))
            rows.append((f"{ward.lower()}2", ward, date, "D"))
    return make_inputs(rows, ["a1", "b1", "c1"])


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium (Debian's, driven by Playwright) per test process: launching one per
    module cost about a second each; every test still makes its own browser context (own cookies,
    own Streamlit session). Only one Playwright may run in a process, so every test that drives a
    browser takes this fixture."""
    from browser_helpers import CHROMIUM_ARGS, chromium_path

    if chromium_path() is None:
        pytest.skip("Chromium not installed (`chromium` on PATH, or $CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (Python package) is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Callable[[Path], Path]:
    """The bundled sample planned and published once per test run (`scheduler solve` + `scheduler
    publish`, 10–20 s) and shared by every worker of `pytest -n` (made under a file lock in the
    run's common temp folder); `sample_store(folder)` copies it to `folder`/store.sqlite3."""
    from call_world import published_store

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of this run
    made = root / "sample_store"
    with open(root / "sample_store.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not made.exists():  # made aside and renamed: a run that failed half-way leaves no store behind
            building = root / "sample_store.building"
            shutil.rmtree(building, ignore_errors=True)
            building.mkdir()
            published_store(building)
            building.rename(made)

    def copy(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy(made / "store.sqlite3", folder / "store.sqlite3"))

    return copy


__all__ = ["make_inputs", "turnus_frame", "days", "MONDAY", "CODES", "ShiftKind"]


def plan_and_verify(inputs: Inputs, *, time_limit: float = 10.0, pins=(), previous=None, measure_limits: bool = False,
                    previous_basis=None):
    """Solve deterministically and pass the result through the independent checker (never the model)."""
    from scheduler.check.report import format_verify_report, verify
    from scheduler.domain import SolverSettings
    from scheduler.model.demand import build_instance
    from scheduler.solve.plan import make_plan

    if pins:
        inputs.pins = list(pins)
    instance = build_instance(inputs)
    settings = SolverSettings(time_limit=time_limit, workers=1, deterministic=True)
    plan = make_plan(instance, pins=list(pins), previous=previous, settings=settings, measure_limits=measure_limits,
                     previous_basis=previous_basis)
    report = verify(inputs, plan.rota.assignments, plan.rota.duties)
    assert report.ok, format_verify_report(report, "en")
    return plan, report
