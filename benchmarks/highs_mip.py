"""The fairness tier as an exact MIP in HiGHS: a peer to compare our planner's fairness step with.

`python -m benchmarks.highs_mip FOLDER --needed-hours H --uncovered U --uncovered-staff V
[--time-limit S] [--log FILE]` prints one line `BENCH_JSON {...}`. The hard rules are those of
benchmarks/naive_model.py (docs/semantics.md), written as rows of a matrix; coverage is held at
the level our planner proved (at most U uncovered ward-slots, at most V uncovered staff), and the
objective is the largest load ÷ fair share, with the fair shares our planner uses
(`share_weights` × the needed hours it measured, in hundredths of an hour rounded down, as
`FairShares.hundredths` gives the model). The ratio is continuous here: its optimum is the exact
ratio of the fairest rota, which our planner reports rounded up to thousandths.

HiGHS and OR-Tools must not share a process (they clash): this module imports highspy and the
scheduler's modules that never import OR-Tools; the caller (benchmarks/highs_fairness.py) runs it
in a fresh process and checks its rota with the independent checker there.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import MARKER
from scheduler.domain import Instance, SlotKind
from scheduler.io import load_paths
from scheduler.model.demand import build_instance
from scheduler.model.eligibility import EligibilityCache, profile
from scheduler.solve.fairness import FairShares, share_weights
from scheduler.tiers import RATIO_SCALE
from scheduler.units import centi_hours

Key = tuple[str, int]


@dataclass
class Rows:
    """A MIP as lists: columns with bounds and integrality, rows as (indices, values, lower, upper)."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    starts: list[int] = field(default_factory=lambda: [0])
    index: list[int] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)

    def column(self, lower: float, upper: float, integer: bool, cost: float = 0.0) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        self.cost.append(cost)
        return len(self.lower) - 1

    def row(self, terms: list[tuple[int, float]], lower: float, upper: float) -> None:
        for j, a in terms:
            self.index.append(j)
            self.value.append(a)
        self.starts.append(len(self.index))
        self.row_lower.append(lower)
        self.row_upper.append(upper)


INF = float("inf")


@dataclass
class FairMip:
    rows: Rows
    duty: dict[Key, int]
    covered: dict[tuple[str, int], int]
    ratio: int  # the column of the largest ratio
    targets: dict[str, int]  # fair shares in hundredths of an hour


def _week(instance: Instance, t: int) -> tuple[int, int]:
    return instance.slots[t].date.isocalendar()[:2]


def add_duties_and_coverage(m: Rows, instance: Instance, uncovered: int, uncovered_staff: int
                            ) -> tuple[dict[Key, int], dict[tuple[str, int], int], dict[str, str]]:
    """One binary per available (supporter, slot), one per coverable ward-slot; a ward-slot is
    covered only by an eligible supporter on duty (one supporter covers any number of wards unless
    `max_wards_per_duty` is set, then assignments as in the naive model); coverage held at the
    level proven: at most `uncovered` ward-slots and `uncovered_staff` staff without cover."""
    rules = instance.rules
    duty: dict[Key, int] = {}
    via: dict[Key, str] = {}
    for sid, t, how in instance.availability[["supporter_id", "slot", "via"]].itertuples(index=False):
        duty[sid, int(t)] = m.column(0, 1, True)
        via[sid, int(t)] = how
    fits = EligibilityCache(instance)
    profiles = {sid: profile(instance, sid) for sid, _ in duty}
    on_duty: dict[int, list[str]] = defaultdict(list)
    for sid, t in duty:
        on_duty[t].append(sid)
    limit = rules.max_wards_per_duty
    assign: dict[Key, list[int]] = defaultdict(list)
    covered: dict[tuple[str, int], int] = {}
    heads: list[tuple[int, int]] = []
    constant, constant_staff = 0, 0
    for ward, t, headcount in instance.demand[["ward", "slot", "headcount"]].itertuples(index=False):
        t = int(t)
        who = [s for s in on_duty.get(t, []) if fits(profiles[s], ward)]
        if not who:
            constant += 1
            constant_staff += int(headcount)
            continue
        c = covered[ward, t] = m.column(0, 1, True)
        heads.append((c, int(headcount)))
        if limit is None:  # c <= sum of the eligible on duty
            m.row([(c, 1.0)] + [(duty[s, t], -1.0) for s in who], -INF, 0)
            continue
        xs = []
        for s in who:  # x <= d, and at most `limit` wards per duty below
            x = m.column(0, 1, True)
            m.row([(x, 1.0), (duty[s, t], -1.0)], -INF, 0)
            assign[s, t].append(x)
            xs.append(x)
        m.row([(c, 1.0)] + [(x, -1.0) for x in xs], -INF, 0)
    for (s, t), xs in assign.items():
        if limit is not None and len(xs) > limit:
            m.row([(x, 1.0) for x in xs] + [(duty[s, t], -float(limit))], -INF, 0)
    # sum (1 - c) + constant <= uncovered, and the same weighted by the staff at work
    m.row([(c, 1.0) for c, _ in heads], len(heads) + constant - uncovered, INF)
    m.row([(c, float(h)) for c, h in heads], sum(h for _, h in heads) + constant_staff - uncovered_staff, INF)
    return duty, covered, via


def add_supporter_limits(m: Rows, instance: Instance, duty: dict[Key, int]) -> None:
    """Per supporter: duties a day, a week (and hours a week), in the period, nights in the
    period, and at most `max_consecutive_days` days in a row with a duty (docs/semantics.md)."""
    rules = instance.rules
    by_sup: dict[str, list[int]] = defaultdict(list)
    for sid, t in duty:
        by_sup[sid].append(t)
    first = instance.slots[0].date
    for sid, ts in by_sup.items():
        sup = instance.supporters[sid]
        per_day: dict[int, list[int]] = defaultdict(list)
        per_week: dict[Any, list[int]] = defaultdict(list)
        for t in ts:
            per_day[(instance.slots[t].date - first).days].append(t)
            per_week[_week(instance, t)].append(t)
        for day_ts in per_day.values():
            if len(day_ts) > rules.max_duties_per_day:
                m.row([(duty[sid, t], 1.0) for t in day_ts], -INF, rules.max_duties_per_day)
        for week_ts in per_week.values():
            m.row([(duty[sid, t], 1.0) for t in week_ts], -INF, rules.weekly_duties(sup))
            hours = rules.weekly_hours(sup)
            if hours is not None:
                m.row([(duty[sid, t], float(centi_hours(instance.slots[t].duty_hours))) for t in week_ts],
                      -INF, centi_hours(hours))
        if (most := rules.period_duties(sup)) is not None:
            m.row([(duty[sid, t], 1.0) for t in ts], -INF, most)
        if (most := rules.period_nights(sup)) is not None:
            nights = [(duty[sid, t], 1.0) for t in ts if instance.slots[t].kind is SlotKind.NIGHT]
            if nights:
                m.row(nights, -INF, most)
        worked: dict[int, int] = {}
        for day, day_ts in per_day.items():
            if len(day_ts) == 1:
                worked[day] = duty[sid, day_ts[0]]
                continue
            w = worked[day] = m.column(0, 1, False)  # w >= every duty that day; only its upper side binds
            for t in day_ts:
                m.row([(w, 1.0), (duty[sid, t], -1.0)], 0, INF)
        run = rules.max_consecutive_days
        for day in worked:
            window = [worked[day + k] for k in range(run + 1) if day + k in worked]
            if len(window) > run:
                m.row([(w, 1.0) for w in window], -INF, run)


def add_home_ward_limits(m: Rows, instance: Instance, duty: dict[Key, int], via: dict[Key, str]) -> None:
    """Per slot and home ward: at most `max_on_duty_per_ward` on duty, and those released from
    work no more than the ward can spare above its minimum staffing."""
    rules = instance.rules
    headcount = {(w, int(t)): int(h) for w, t, h in instance.staffing[["ward", "slot", "headcount"]].itertuples(index=False)}
    profiles = {sid: profile(instance, sid) for sid, _ in duty}
    home_in: dict[tuple[int, str], list[str]] = defaultdict(list)
    for sid, t in duty:
        home_in[t, profiles[sid].home_ward].append(sid)
    for (t, home), sids in home_in.items():
        if len(sids) > rules.max_on_duty_per_ward:
            m.row([(duty[s, t], 1.0) for s in sids], -INF, rules.max_on_duty_per_ward)
        ward = instance.wards.get(home)
        minimum = ward.min_staff(instance.slots[t].kind) if ward else None
        released = [s for s in sids if via[s, t] == "work"]
        if minimum is not None and released:
            spare = max(headcount.get((home, t), 0) - minimum, 0)
            if len(released) > spare:
                m.row([(duty[s, t], 1.0) for s in released], -INF, spare)


def fair_targets(instance: Instance, needed_hours: float) -> dict[str, int]:
    """The planner's fair shares in hundredths of an hour, from its own functions."""
    slots_of: dict[str, list[int]] = defaultdict(list)
    for sid, t in instance.availability[["supporter_id", "slot"]].itertuples(index=False):
        slots_of[sid].append(int(t))
    return FairShares(needed_hours, False, share_weights(instance, slots_of)).hundredths()


def build_fair_mip(instance: Instance, needed_hours: float, uncovered: int, uncovered_staff: int) -> FairMip:
    """min z such that 1000 × load(s) ≤ z × share(s) (z in load ratio units, continuous)."""
    m = Rows()
    duty, covered, via = add_duties_and_coverage(m, instance, uncovered, uncovered_staff)
    add_supporter_limits(m, instance, duty)
    add_home_ward_limits(m, instance, duty, via)
    targets = fair_targets(instance, needed_hours)
    z = m.column(0, INF, False, cost=1.0)
    loads: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for (sid, t), j in duty.items():
        loads[sid].append((j, float(centi_hours(instance.slots[t].duty_hours))))
    for sid, terms in loads.items():
        if sid in targets:  # load (hundredths) <= z × share (hundredths)
            m.row(terms + [(z, -float(targets[sid]))], -INF, 0)
    return FairMip(m, duty, covered, z, targets)


def largest_ratio(instance: Instance, duties: set[Key], targets: dict[str, int]) -> float:
    """The objective counted again from the rota alone: the largest load ÷ share."""
    loads: dict[str, int] = defaultdict(int)
    for sid, t in duties:
        loads[sid] += centi_hours(instance.slots[t].duty_hours)
    return max((loads.get(s, 0) / share for s, share in targets.items()), default=0.0)


def solve_fair_mip(mip: FairMip, time_limit: float, log: Path | None = None) -> dict[str, Any]:
    """HiGHS with its defaults but the time limit, one thread and a relative gap of 1e-6 (so the
    optimum is exact at the thousandths our planner reports)."""
    import highspy
    import numpy as np

    r = mip.rows
    h = highspy.Highs()
    h.setOptionValue("output_flag", log is not None)
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        h.setOptionValue("log_file", str(log))
        h.setOptionValue("log_to_console", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", 1e-6)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(r.lower), len(r.row_lower)
    lp.col_cost_ = np.array(r.cost, dtype=np.double)
    lp.col_lower_ = np.array(r.lower, dtype=np.double)
    lp.col_upper_ = np.array(r.upper, dtype=np.double)
    lp.row_lower_ = np.array(r.row_lower, dtype=np.double)
    lp.row_upper_ = np.array(r.row_upper, dtype=np.double)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(r.starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(r.index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(r.value, dtype=np.double)
    lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous for i in r.integer]
    h.passModel(lp)
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    has = info.primal_solution_status == 2  # kSolutionStatusFeasible
    values = list(h.getSolution().col_value) if has else []
    duties = {k for k, j in mip.duty.items() if values[j] > 0.5} if has else set()
    return {
        "status": status, "solve_seconds": seconds,
        "value": info.objective_function_value if has else None,
        "bound": info.mip_dual_bound, "gap": info.mip_gap if has else None,
        "nodes": info.mip_node_count, "columns": lp.num_col_, "rows": lp.num_row_, "nonzeros": len(r.index),
        "covered": sum(1 for j in mip.covered.values() if values[j] > 0.5) if has else None,
        "duties": sorted(duties), "highs_version": h.version(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.highs_mip", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--needed-hours", type=float, required=True)
    parser.add_argument("--uncovered", type=int, required=True)
    parser.add_argument("--uncovered-staff", type=int, required=True)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--log", type=Path, default=None)
    a = parser.parse_args(argv)
    t0 = time.perf_counter()
    inputs = load_paths([a.folder / "turnus.csv"], a.folder / "supporters.csv",
                        wards_path=a.folder / "wards.csv", rules_path=a.folder / "rules.toml")
    instance = build_instance(inputs)
    t1 = time.perf_counter()
    mip = build_fair_mip(instance, a.needed_hours, a.uncovered, a.uncovered_staff)
    t2 = time.perf_counter()
    out = solve_fair_mip(mip, a.time_limit, a.log)
    duties = {(s, int(t)) for s, t in out["duties"]}
    out.update({"read_seconds": t1 - t0, "build_seconds": t2 - t1, "ratio_scale": RATIO_SCALE,
                "recounted": largest_ratio(instance, duties, mip.targets) if duties else None,
                "ortools_loaded": any(name.startswith("ortools") for name in sys.modules)})
    print(MARKER + json.dumps(out, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
