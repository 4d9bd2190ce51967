"""benchmarks/SOLVE.md from the JSON files in benchmarks/out (re-run with `python -m benchmarks report`)."""

from __future__ import annotations

import datetime as dt
import json
import platform
import subprocess
from pathlib import Path
from typing import Any

from benchmarks.common import median
from benchmarks.logs import summarise
from scheduler.tiers import tier_order

TARGETS = {
    "S": "every tier proven optimal in ≤ 2 s",
    "M": "coverage proven optimal, max tier gap ≤ 0.5 % in ≤ 30 s, ≤ ½ naive's time to the same coverage",
    "L": "max tier gap ≤ 1 % in ≤ 120 s, peak RSS ≤ 2 GiB",
}


def machine() -> dict[str, str]:
    import ortools
    import pandas

    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((ln.split(":", 1)[1].strip() for ln in cpu.splitlines() if ln.startswith("Model name")), "?")
    cores = next((ln.split(":", 1)[1].strip() for ln in cpu.splitlines() if ln.startswith("CPU(s)")), "?")
    mem = next((ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")), "0")
    return {"cpu": model, "cores": cores, "memory": f"{int(mem) / 1024**2:.1f} GiB",
            "python": platform.python_version(), "ortools": ortools.__version__, "pandas": pandas.__version__,
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")}


def _f(x: Any, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and x != x):
        return "–"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.2f} %"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _read_section(data: dict[str, Any], note: str = "") -> list[str]:
    med = data["median"]
    lines = [f"## Reading the {data['size']} turnus (seed {data['seed']}) into an Instance — target ≤ 10 s, ≤ 1 GiB{note}",
             "", "| run | wall (s) | peak RSS (MiB) | read (s) | instance (s) | turnus rows |", "|---|---|---|---|---|---|"]
    for i, r in enumerate(data["runs"], 1):
        lines.append(f"| {i} | {_f(r['wall_seconds'])} | {_f(r['peak_rss_mib'], 0)} | {_f(r.get('read_seconds'))} | "
                     f"{_f(r.get('instance_seconds'))} | {r.get('turnus_rows', '–')} |")
    lines.append(f"| **median** | **{_f(med['wall_seconds'])}** | **{_f(med['peak_rss_mib'], 0)}** | "
                 f"{_f(med['read_seconds'])} | {_f(med['instance_seconds'])} | |")
    return lines + [""]


#: The tiers scheduler.solve.planner plans for these instances (redundancy 1, no previous rota).
PLANNED = tuple(t.name for t in tier_order((), redundancy=1, previous=False))


def _tier_cells(ours: dict[str, Any], log: Path) -> str:
    tiers = ours.get("tiers", [])
    cells = [f"{t['name']}: {_f(t['value'])} / {_f(t['bound'])} {t['status'][:4]} ({_pct(t['gap'])}, {_f(t['seconds'])} s)"
             for t in tiers]
    if len(tiers) < len(PLANNED):
        blocks = summarise(log.read_text(encoding="utf-8")) if log.is_file() else []
        extra = blocks[len(tiers)] if len(blocks) > len(tiers) else {}
        cells.append(f"**{PLANNED[len(tiers)]}: {extra.get('status', 'no result')} — no solution in its "
                     f"{_f(extra.get('limit'))} s budget; later tiers not run**")
    return "<br>".join(cells)


def _size_section(data: dict[str, Any], logs: Path) -> list[str]:
    size, rows = data["size"], data["rows"]
    o = [r["ours"] for r in rows]
    lines = [f"## Size {size} — time limit {data['limit']:.0f} s; target: {TARGETS.get(size, '')}", "",
             "Ours (scheduler.solve.planner, project defaults, one subprocess per seed):", "",
             "| seed | build (s) | solve (s) | wall (s) | peak RSS (MiB) | coverage: uncovered (proven?) | coverage reached / proven at (s) | tiers done | max tier gap | duties | violations | status |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        x = r["ours"]
        lines.append(f"| {r['seed']} | {_f(x.get('build_seconds'))} | {_f(x.get('solve_seconds'))} | {_f(x['wall_seconds'])} | "
                     f"{_f(x['peak_rss_mib'], 0)} | {_f(x.get('coverage_value'), 0)} ({'yes' if x.get('coverage_proven') else 'no'}) | "
                     f"{_f(x.get('time_to_coverage'))} / {_f(x.get('coverage_proven_at'))} | {len(x.get('tiers', []))}/{len(PLANNED)} | {_pct(x.get('max_gap'))} | "
                     f"{x.get('duties_count', '–')} | {x.get('violations', '–')} | {x.get('status', x.get('error', '')[:60])} |")
    med = {k: median([x.get(k) for x in o]) for k in ("build_seconds", "solve_seconds", "wall_seconds", "peak_rss_mib",
                                                       "time_to_coverage", "coverage_proven_at", "max_gap")}
    lines.append(f"| **median** | {_f(med['build_seconds'])} | {_f(med['solve_seconds'])} | {_f(med['wall_seconds'])} | "
                 f"{_f(med['peak_rss_mib'], 0)} | | {_f(med['time_to_coverage'])} / {_f(med['coverage_proven_at'])} | | "
                 f"{_pct(med['max_gap'])} | | | |")
    lines += ["", "Per tier (value / bound, status, gap, seconds of that tier):", "", "| seed | tiers |", "|---|---|"]
    for r in rows:
        log = logs / f"{size}-{r['seed']}-ours.log"
        lines.append(f"| {r['seed']} | {_tier_cells(r['ours'], log)} |")
    lines += ["", "Baselines on the same instances (each its own subprocess):", "",
              "| seed | ours: uncovered, time to reach (s) | greedy: uncovered, time (s), violations | naive: uncovered (lb), time to ours' coverage (s), build (s), wall (s), peak (MiB), status, violations | naive vars |",
              "|---|---|---|---|---|"]
    for r in rows:
        x, g, n = r["ours"], r["greedy"], r.get("naive") or {}
        reach = n.get("time_to_target")
        reach_txt = _f(reach) if reach is not None else f"not reached (> {_f(n.get('build_seconds', 0) + n.get('solve_seconds', 0), 1)})" if n else "–"
        lines.append(
            f"| {r['seed']} | {_f(x.get('coverage_value'), 0)}, {_f(x.get('time_to_coverage'))} | "
            f"{g.get('uncovered', '–')}, {_f(g.get('greedy_seconds'))}, {g.get('violations', '–')} | "
            + (f"{'no solution' if n.get('uncovered') is None else n['uncovered']} ({n.get('uncovered_lower_bound', '–')}), "
               f"{reach_txt}, {_f(n.get('build_seconds'))}, "
               f"{_f(n.get('wall_seconds'))}, {_f(n.get('peak_rss_mib'), 0)}, {n.get('status', n.get('error', '')[-80:])}, {n.get('violations', '–')} | "
               f"{(n.get('model_stats') or {}).get('variables', '–')} |" if n else "– | – |"))
    earlier = [r for r in rows if "ours_run1" in r]
    if earlier:
        lines += ["", "Same instances, earlier run with the then-uncommitted variant that gave tiers 4–5 two workers "
                  "(reverted by the lead in f05a7fc while this benchmark ran):", "",
                  "| seed | tiers done | max tier gap | wall (s) | peak (MiB) | coverage proven at (s) |", "|---|---|---|---|---|---|"]
        for r in earlier:
            x = r["ours_run1"]
            lines.append(f"| {r['seed']} | {len(x.get('tiers', []))}/{len(PLANNED)} | {_pct(x.get('max_gap'))} | "
                         f"{_f(x['wall_seconds'])} | {_f(x['peak_rss_mib'], 0)} | {_f(x.get('coverage_proven_at'))} |")
    lines += ["", "Code measured per seed (ours): " + "; ".join(f"{r['seed']}: {r.get('code', '?')}" for r in rows)]
    return lines + [""]


def write_results(out: Path, results: Path, command: str) -> None:
    """Tables from whatever JSON exists; the hand-written analysis lives in out/analysis.md."""
    m = machine()
    lines = ["# Benchmarks", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; Python {m['python']}, ortools {m['ortools']}, "
             f"pandas {m['pandas']}; {m['date']}. **Shared machine**: other engineers ran tests/apps at the same time, "
             "so CPU timings are noisy (expect ±20 % or more).", "",
             f"Command: `{command}` (Makefile: `make bench`). Every measurement is a fresh subprocess under "
             "`/usr/bin/time -v` (wall clock and maximum RSS); JSON in `benchmarks/out/`, CP-SAT logs in `benchmarks/out/logs/`.", ""]
    analysis = out / "analysis.md"
    if analysis.is_file():
        lines += [analysis.read_text(encoding="utf-8").rstrip(), ""]
    if (read := _load(out / "read.json")) is not None:
        lines += _read_section(read, f" — code {read.get('code', '?')}")
    if (read := _load(out / "run1" / "read.json")) is not None:
        lines += _read_section(read, " — earlier run, code before 0d38696 (Instance still held the per-shift table)")
    for size in ("S", "M", "L"):
        if (data := _load(out / f"solve_{size}.json")) is not None:
            lines += _size_section(data, out / "logs")
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
