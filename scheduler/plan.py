"""One call from an Instance to everything SPEC §5 asks for, shared by the command line and the app."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from scheduler.domain import Instance, Pin, SolverSettings
from scheduler.io.outputs import write_output_folder
from scheduler.report import (
    burden_table,
    coverage_table,
    summary,
    supporter_calendar,
    ward_notice_html,
    workbook_bytes,
)
from scheduler.rota import Rota, build_rota, duty_keys
from scheduler.sensitivity import LimitEffect, binding_limits
from scheduler.solve import SolveControl, SolveProgress, SolveResult, solve

__all__ = ["Plan", "make_plan", "write_plan", "plan_tables"]


@dataclass
class Plan:
    instance: Instance
    result: SolveResult
    rota: Rota
    burden: pd.DataFrame
    coverage: pd.DataFrame
    summary: dict
    limits: list[LimitEffect] = field(default_factory=list)


def make_plan(
    instance: Instance,
    *,
    pins: Iterable[Pin] = (),
    previous: pd.DataFrame | None = None,
    settings: SolverSettings | None = None,
    on_progress: Callable[[SolveProgress], None] | None = None,
    control: SolveControl | None = None,
    measure_limits: bool = True,
    lang: str = "no",
    timings: dict[str, float] | None = None,
) -> Plan:
    """Solve, name who to call, explain what is uncovered, and measure which limits bind."""
    pins = list(pins)
    started = time.perf_counter()
    previous_keys = duty_keys(instance, previous) if previous is not None else None
    result = solve(instance, pins=pins, previous=previous_keys, settings=settings, on_progress=on_progress, control=control)
    forbidden = {(p.supporter_id, t) for p in pins if p.action == "forbid"
                 for t in [instance.slot_index(p.date, p.slot)] if t is not None}
    rota = build_rota(instance, result.duties, result.ward_locks, forbidden, lang)
    uncovered = len(rota.uncovered)
    limits: list[LimitEffect] = []
    unexplained = uncovered - len(result.uncoverable)
    if measure_limits and unexplained > 0 and not (control and control.stopped):
        limit = (settings or instance.rules.solver)
        limits = binding_limits(instance, uncovered, pins=pins, settings=limit, control=control,
                                seconds_each=max(1.0, min(10.0, limit.time_limit / 10)))
    burden = burden_table(instance, rota, result.targets)
    coverage = coverage_table(instance, rota)
    times = {**(timings or {}), "plan_total": time.perf_counter() - started}
    extra = {"binding_limits": [asdict(e) | {"gain": e.gain} for e in limits],
             "previous_rota": previous is not None, "pins": len(pins)}
    return Plan(instance, result, rota, burden, coverage, summary(instance, rota, result, times, extra), limits)


def plan_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    return {
        "assignments": plan.rota.assignments,
        "duties": plan.rota.duties,
        "burden": plan.burden,
        "coverage": plan.coverage,
    }


def write_plan(plan: Plan, out: Path, lang: str = "no", extra_files: Mapping[str, bytes] | None = None) -> Path:
    """The whole output folder: CSVs, summary.json, a notice per ward, a calendar per supporter, and
    `extra_files` (e.g. the command line's reading_report.json).

    Returns the folder written (see :func:`scheduler.io.outputs.write_output_folder`)."""
    instance = plan.instance
    wards = sorted(set(plan.rota.assignments["ward"]))
    notices = {w: ward_notice_html(instance, plan.rota, w, lang) for w in wards}
    on_duty = sorted(set(plan.rota.duties["supporter_id"]))
    calendars = {sid: supporter_calendar(instance, plan.rota, sid) for sid in on_duty}
    tables = plan_tables(plan)
    return write_output_folder(Path(out), tables, plan.summary, notices, calendars, workbook_bytes(tables),
                               extra_files=extra_files)
